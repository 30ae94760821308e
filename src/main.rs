//! The `gazette` command: parse arguments, call the library, print the
//! result or every diagnostic, and set the exit code.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use clap::{Parser, Subcommand};
use gazette::{BuildOptions, Error};
use std::path::PathBuf;
use std::process::ExitCode;

/// A static site generator for bilingual news blogs.
#[derive(Debug, Parser)]
#[command(name = "gazette", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into a folder of static files.
    Build(BuildArgs),
    /// Create a new site in DIR.
    Init(InitArgs),
}

#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// The site folder, holding site.toml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site [default: <root>/public].
    #[arg(long)]
    output: Option<PathBuf>,
    /// Publish under this address instead of site.toml's base_url.
    #[arg(long)]
    base_url: Option<String>,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

#[derive(Debug, clap::Args)]
struct InitArgs {
    /// The folder to create the site in.
    dir: PathBuf,
    /// Language codes, the default first.
    #[arg(long, value_delimiter = ',', default_value = "fr,en")]
    languages: Vec<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Init(args) => init(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", render_error(&e));
            ExitCode::FAILURE
        }
    }
}

fn build(args: BuildArgs) -> Result<(), Error> {
    let mut options = BuildOptions::new(&args.root);
    if let Some(output) = args.output {
        options.output = output;
    }
    options.base_url = args.base_url;
    options.drafts = args.drafts;
    let report = gazette::build(&options)?;
    println!("{report}");
    Ok(())
}

fn init(args: InitArgs) -> Result<(), Error> {
    let today = chrono::Local::now().date_naive();
    let written = gazette::init::init(&args.dir, &args.languages, today)?;
    for path in written {
        println!("created {}", path.display());
    }
    println!("next: gazette build --root {}", args.dir.display());
    Ok(())
}

/// Diagnostics print one per line (they carry their own `error:`); other
/// errors get the prefix here. Each variant's message already holds its cause.
fn render_error(e: &Error) -> String {
    match e {
        Error::Sources(_) => e.to_string(),
        _ => format!("error: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
