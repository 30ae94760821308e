//! Gazette: a static site generator for bilingual (and multilingual) news blogs.
//!
//! The modules follow the data, one way:
//! [`config`] (site.toml) → [`content`] (articles, front matter, translation
//! pairs) → [`links`] and [`markdown`] (URLs, rewritten links, HTML) →
//! [`site`] (the read-only model) → [`templates`] + [`render`] (Tera, in
//! parallel) → [`output`] (atomic write). [`pipeline`] chains them for every
//! command; [`init`] scaffolds a new site.
//!
//! The library never prints or exits: it returns [`Error`]s, and the binary
//! decides what to show.

pub mod authoring;
pub mod check;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostic;
pub mod error;
pub mod init;
pub mod links;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod site;
pub mod status;
pub mod templates;
pub mod typography;

pub use diagnostic::Diagnostic;
pub use error::{Error, Result};
pub use pipeline::{BuildOptions, BuildReport, LiveBuild, LiveSite, build};
