//! Gazette: a static site generator for bilingual (and multilingual) news blogs.
//!
//! The modules follow the data, one way:
//!
//! 1. [`config`] reads `site.toml`; [`content`] reads the articles (front
//!    matter, translation pairs, the translation fingerprint); [`status`]
//!    says which are untranslated or stale; [`schedule`] says which are
//!    published now (drafts, scheduled, expired); [`sources`] runs those
//!    stages once, in order, for every command.
//! 2. [`templates`] loads the theme.
//! 3. [`site`] makes the read-only model: [`urls`] says where everything is
//!    published, [`links`] resolves links between articles and to the
//!    files beside them, [`images`] measures those files and plans their
//!    variants, [`markdown`], [`typography`] and [`dates`] make the text.
//! 4. [`render`] plans every output file, builds its typed view and runs it
//!    through its template, in parallel.
//! 5. [`output`] writes a staging folder and swaps it in atomically
//!    ([`platform`] holds the one system call that needs); [`permanence`]
//!    refuses a build that drops a URL once published, and records them.
//!
//! 6. [`deploy`] publishes the built output to a folder, a server or an
//!    object store, sending only what changed, in a safe order; [`stamp`]
//!    is what a build leaves beside its output so `deploy` can tell it is a
//!    plain build of the current sources.
//!
//! [`pipeline`] chains them for `gazette build`; [`live`] runs them
//! incrementally for [`serve`]; [`check`] loads the same way, renders into
//! memory and inspects the result. [`authoring`] (`new`, `mark-translated`)
//! and [`init`] write sources. Every problem is a [`Diagnostic`] collected
//! with the others ([`diagnostic`]); [`error`] says what stops a command.
//!
//! The library never prints or exits: it returns [`Error`]s, and the binary
//! decides what to show.
//!
//! Public: the commands (build, check, serve, deploy, init, authoring), the
//! config and content readers, and the text stages the fuzzers drive
//! (markdown, typography, links, urls, images). The model, the structure's
//! ids, the render stage and the output are the crate's own
//! (`pub(crate)`): their fields change as the core does, and the theme
//! contract is the documented views (`docs/templates.md`), not them.

pub mod authoring;
pub mod check;
pub mod config;
pub mod content;
pub mod data;
pub mod dates;
pub mod deploy;
pub mod desk;
pub mod diagnostic;
pub mod error;
pub mod highlight;
pub(crate) mod html;
pub(crate) mod ids;
pub mod images;
pub mod import;
pub mod init;
pub mod links;
pub mod live;
pub mod markdown;
pub(crate) mod output;
pub(crate) mod permanence;
pub mod pipeline;
pub(crate) mod platform;
pub(crate) mod render;
pub mod report;
pub(crate) mod schedule;
pub(crate) mod search;
pub mod serve;
pub(crate) mod shortcodes;
pub(crate) mod site;
pub(crate) mod sources;
pub mod spool;
pub(crate) mod stamp;
pub(crate) mod status;
pub(crate) mod structure;
pub(crate) mod templates;
pub mod typography;
pub mod urls;

pub use diagnostic::Diagnostic;
pub use error::{Error, Result};
pub use live::{LiveBuild, LiveSite};
pub use pipeline::{BuildOptions, BuildReport, build};
