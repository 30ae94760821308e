//! The `gazette` command line as clap reads it: the commands and their
//! flags, with the help text users see. The binary's own module (the
//! library never parses arguments).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// A static site generator for bilingual news blogs.
#[derive(Debug, Parser)]
#[command(name = "gazette", version, about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into a folder of static files.
    Build(BuildArgs),
    /// Build into memory, serve on loopback, rebuild and reload on every save.
    Serve(ServeArgs),
    /// Check sources and the rendered site as CI would; report translations.
    Check(CheckArgs),
    /// Create today's article (and, on request, its translation stub).
    New(NewArgs),
    /// Record that a translation is up to date with its original again.
    MarkTranslated(MarkArgs),
    /// Start a translation: a draft holding the original's text, linked both ways.
    Translate(TranslateArgs),
    /// The translation desk: what to translate, what is out of date and what changed.
    Status(StatusArgs),
    /// Create a new site in DIR.
    Init(InitArgs),
    /// Publish the last build to a target of site.toml, sending only what changed.
    Deploy(DeployArgs),
    /// Make a Hugo or Jekyll site into a Gazette site, its old URLs kept.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The generator the site was made with.
    #[arg(value_enum)]
    pub(crate) generator: ImportFrom,
    /// The source site's folder.
    pub(crate) source: PathBuf,
    /// The folder of the new site (created; no file in it is overwritten).
    #[arg(long)]
    pub(crate) into: PathBuf,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum ImportFrom {
    Hugo,
    Jekyll,
}

#[derive(Debug, clap::Args)]
pub(crate) struct DeployArgs {
    /// The target's name under [deploy.<name>] [default: the first declared].
    pub(crate) target: Option<String>,
    /// Print what would be sent and deleted; change nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// The built site to publish [default: <root>/public].
    #[arg(long)]
    pub(crate) output: Option<PathBuf>,
    /// Stop when the deploy would delete more files than this.
    #[arg(long, default_value_t = gazette::deploy::DEFAULT_MAX_DELETES)]
    pub(crate) max_deletes: usize,
    /// Deploy even though URLs readers can reach on the target would disappear.
    #[arg(long)]
    pub(crate) allow_removed_urls: bool,
    /// The base URL the output was built for, when not site.toml's (`build --base-url`).
    #[arg(long)]
    pub(crate) base_url: Option<String>,
    /// Output format: the summary and errors as text, or as JSON on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Check drafts as if published.
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Check scheduled articles as if their date had come.
    #[arg(long)]
    pub(crate) future: bool,
    /// Also fetch every external link.
    #[arg(long)]
    pub(crate) external: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct NewArgs {
    /// The article's title.
    pub(crate) title: String,
    /// Its language [default: the site's default language].
    #[arg(long)]
    pub(crate) lang: Option<String>,
    /// Also create the stub of its translation in this language.
    #[arg(long)]
    pub(crate) translate_to: Option<String>,
    /// A page (« À propos », « Mentions légales »): no date, in no listing or feed.
    #[arg(long)]
    pub(crate) page: bool,
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
}

#[derive(Debug, clap::Args)]
pub(crate) struct MarkArgs {
    /// The translation's file.
    pub(crate) file: PathBuf,
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
}

#[derive(Debug, clap::Args)]
pub(crate) struct TranslateArgs {
    /// The original's file (`content/fr/x.md`, or `fr/x.md`).
    pub(crate) file: PathBuf,
    /// The language to translate it into.
    #[arg(long)]
    pub(crate) to: String,
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
}

#[derive(Debug, clap::Args)]
pub(crate) struct StatusArgs {
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Address to listen on (loopback by default; 0.0.0.0 exposes the preview to the network).
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) interface: std::net::IpAddr,
    /// Port to listen on; the next free port is taken if it is busy (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub(crate) port: u16,
    /// Leave drafts out, as `gazette build` does.
    #[arg(long)]
    pub(crate) no_drafts: bool,
    /// Leave scheduled articles out until their date, as `gazette build` does.
    #[arg(long)]
    pub(crate) no_future: bool,
    /// Send open tabs to the article just edited.
    #[arg(long)]
    pub(crate) follow: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct BuildArgs {
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Where to write the site [default: <root>/public].
    #[arg(long)]
    pub(crate) output: Option<PathBuf>,
    /// Publish under this address instead of site.toml's base_url.
    #[arg(long)]
    pub(crate) base_url: Option<String>,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Include articles whose date is still to come.
    #[arg(long)]
    pub(crate) future: bool,
    /// Publish even though URLs of published-urls.txt would disappear.
    #[arg(long)]
    pub(crate) allow_removed_urls: bool,
    /// Once published, remove from .gazette-cache/ the image variants this
    /// build did not use (edited or removed images, older settings).
    #[arg(long)]
    pub(crate) gc: bool,
    /// Output format: the summary and errors as text, or as JSON on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

#[derive(Debug, clap::Args)]
pub(crate) struct InitArgs {
    /// The folder to create the site in.
    pub(crate) dir: PathBuf,
    /// Language codes, the default first.
    #[arg(long, value_delimiter = ',', default_value = "fr,en")]
    pub(crate) languages: Vec<String>,
}
