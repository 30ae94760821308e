//! The `gazette` command: parse arguments, call the library, print the
//! result or every diagnostic, and set the exit code.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;

use clap::Parser;
use cli::*;
use gazette::{BuildOptions, Error};
use std::process::ExitCode;

/// jemalloc, not the system's allocator: see Cargo.toml (and
/// `.cargo/config.toml` for its settings).
#[cfg(not(windows))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Build(args) = &cli.command
        && matches!(args.format, Format::Json)
    {
        return build_json(args);
    }
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Serve(args) => serve(args),
        Command::Check(args) => check(args),
        Command::New(args) => new(args),
        Command::MarkTranslated(args) => mark(args),
        Command::Translate(args) => translate(args),
        Command::Status(args) => status(args),
        Command::Init(args) => init(args),
        Command::Import(args) => import(args),
        Command::Deploy(args) => return deploy(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", render_error(&e));
            ExitCode::FAILURE
        }
    }
}

/// `gazette build --format json`: the report or the errors as JSON on stdout.
fn build_json(args: &BuildArgs) -> ExitCode {
    match gazette::build(&build_options(args)) {
        Ok(report) => {
            let languages: serde_json::Map<String, serde_json::Value> = report
                .pages_per_language
                .iter()
                .map(|(l, n)| (l.clone(), (*n).into()))
                .collect();
            let mut value = serde_json::json!({
                "errors": 0,
                "files": report.files,
                "output": report.output,
                "pages": languages,
                "elapsed_ms": report.elapsed.as_millis() as u64,
                "translations": report.translations,
                "notes": report.notes.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                "next_change": report.next_change,
            });
            if let Some((encoded, reused, refused)) = report.images {
                value["images"] =
                    serde_json::json!({"encoded": encoded, "reused": reused, "refused": refused});
            }
            if let Some(c) = report.collected {
                value["gc"] = serde_json::json!({"files": c.files, "bytes": c.bytes});
            }
            println!(
                "{}",
                serde_json::to_string_pretty(&value).expect("plain data")
            );
            ExitCode::SUCCESS
        }
        Err(e) => json_failure(&e),
    }
}

/// A failed command's errors as JSON on standard output (`--format json`):
/// the site's diagnostics, or the one error that stopped it.
fn json_failure(e: &Error) -> ExitCode {
    match e {
        Error::Sources(d) => println!("{}", gazette::report::json_all(d)),
        e => {
            let value = serde_json::json!({"errors": 1, "diagnostics": [], "error": e.to_string()});
            println!(
                "{}",
                serde_json::to_string_pretty(&value).expect("plain data")
            );
        }
    }
    ExitCode::FAILURE
}

/// What `gazette build`'s arguments ask for.
fn build_options(args: &BuildArgs) -> BuildOptions {
    let mut options = BuildOptions::new(&args.root);
    if let Some(output) = &args.output {
        options.output = output.clone();
    }
    options.base_url = args.base_url.clone();
    options.drafts = args.drafts;
    options.future = args.future;
    options.allow_removed_urls = args.allow_removed_urls;
    options.gc = args.gc;
    options
}

fn build(args: BuildArgs) -> Result<(), Error> {
    let mut options = build_options(&args);
    let bar = progress_bar();
    if let Some(bar) = &bar {
        let (bar, start) = (bar.clone(), std::time::Instant::now());
        options.progress = Some(gazette::pipeline::Progress(std::sync::Arc::new(
            move |done, total| {
                // Only builds that take a while show a bar.
                if start.elapsed() > std::time::Duration::from_secs(1) {
                    if bar.is_hidden() {
                        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    }
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                }
            },
        )));
    }
    let result = gazette::build(&options);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    println!("{}", result?);
    Ok(())
}

fn deploy(args: DeployArgs) -> ExitCode {
    let mut options = gazette::deploy::DeployOptions::new(&args.root);
    if let Some(output) = args.output {
        options.output = output;
    }
    options.target = args.target;
    options.dry_run = args.dry_run;
    options.max_deletes = args.max_deletes;
    options.allow_removed_urls = args.allow_removed_urls;
    options.base_url = args.base_url;
    let json = matches!(args.format, Format::Json);
    let bar = if json { None } else { progress_bar() };
    if let Some(bar) = &bar {
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "deploying {bar:30} {bytes}/{total_bytes} {bytes_per_sec}",
            )
            .expect("a valid template"),
        );
        let bar = bar.clone();
        options.progress = Some(gazette::pipeline::Progress(std::sync::Arc::new(
            move |done, total| {
                if bar.is_hidden() {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            },
        )));
    }
    let result = gazette::deploy::deploy(&options);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    match (result, json) {
        (Ok(report), false) => {
            // A dry run's list may be piped into `head`: a closed pipe is fine.
            use std::io::Write;
            let _ = writeln!(std::io::stdout(), "{report}");
            ExitCode::SUCCESS
        }
        (Ok(report), true) => {
            let mut value = serde_json::to_value(&report).expect("plain data");
            value["errors"] = 0.into();
            println!(
                "{}",
                serde_json::to_string_pretty(&value).expect("plain data")
            );
            ExitCode::SUCCESS
        }
        (Err(e), false) => {
            eprintln!("{}", render_error(&e));
            ExitCode::FAILURE
        }
        (Err(e), true) => json_failure(&e),
    }
}

/// A spinner for the dev server's first build, on a terminal only, shown
/// once the build has taken a second.
fn building_spinner() -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} building the site… {elapsed}")
            .expect("a valid template"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(100));
    let shown = bar.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(1));
        if !shown.is_finished() {
            shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    });
    Some(bar)
}

/// A progress bar for a terminal, hidden until a build has run for a
/// second; `None` when standard error is not a terminal (piped, CI).
fn progress_bar() -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
    bar.set_style(
        indicatif::ProgressStyle::with_template("writing {bar:30} {pos}/{len} files")
            .expect("a valid template"),
    );
    Some(bar)
}

fn serve(args: ServeArgs) -> Result<(), Error> {
    let options = gazette::serve::ServeOptions {
        root: args.root,
        interface: args.interface,
        port: args.port,
        drafts: !args.no_drafts,
        future: !args.no_future,
        follow: args.follow,
    };
    let spinner = std::sync::Mutex::new(None::<indicatif::ProgressBar>);
    let open = !args.interface.is_loopback();
    gazette::serve::serve(options, move |event| {
        use gazette::serve::ServeEvent;
        if let Some(bar) = spinner.lock().unwrap_or_else(|e| e.into_inner()).take() {
            bar.finish_and_clear();
        }
        match event {
            ServeEvent::Building => {
                *spinner.lock().unwrap_or_else(|e| e.into_inner()) = building_spinner();
            }
            ServeEvent::Listening {
                url,
                network,
                moved_from,
            } => {
                if let Some(port) = moved_from {
                    println!("port {port} is in use; using the next free one");
                }
                println!("serving on {url} (Ctrl+C to stop)");
                for other in &network {
                    println!("also on {other}");
                }
                if open {
                    eprintln!(
                        "warning: the preview is reachable from the network (--interface): anyone there can read its drafts and scheduled articles"
                    );
                }
            }
            ServeEvent::Built {
                files,
                rendered,
                elapsed,
                changed,
                translations,
                notes,
            } => {
                let what = match changed.as_slice() {
                    [] => "built".to_string(),
                    [one] => format!("rebuilt after {}:", one.display()),
                    many => format!("rebuilt after {} changes:", many.len()),
                };
                println!(
                    "{what} {rendered} of {files} files in {} ms; {translations}",
                    elapsed.as_millis()
                );
                for note in notes {
                    println!("note: {note}");
                }
            }
            ServeEvent::Failed(e) => {
                eprintln!("{}\n(still serving the last good build)", render_error(&e))
            }
        }
    })
}

fn check(args: CheckArgs) -> Result<(), Error> {
    let options = gazette::check::CheckOptions {
        root: args.root,
        drafts: args.drafts,
        future: args.future,
        external: args.external,
    };
    let report = gazette::check::check(&options)?;
    match args.format {
        Format::Text => print!("{}", report.to_text()),
        Format::Json => println!("{}", report.to_json()),
    }
    match report.errors() {
        0 => Ok(()),
        n => Err(Error::CheckFailed(n)),
    }
}

fn new(args: NewArgs) -> Result<(), Error> {
    let request = gazette::authoring::NewArticle {
        root: args.root,
        title: args.title,
        lang: args.lang,
        translate_to: args.translate_to,
        date: chrono::Local::now().date_naive(),
        page: args.page,
    };
    for path in gazette::authoring::new_article(&request)? {
        println!("created {}", path.display());
    }
    Ok(())
}

fn mark(args: MarkArgs) -> Result<(), Error> {
    let original = gazette::authoring::mark_translated(&args.root, &args.file)?;
    println!("{} marked up to date with {original}", args.file.display());
    Ok(())
}

fn translate(args: TranslateArgs) -> Result<(), Error> {
    let stub = gazette::authoring::translate(&args.root, &args.file, &args.to)?;
    println!("created {}", stub.display());
    println!(
        "next: translate it, remove `draft: true`, then run `gazette mark-translated {}`",
        stub.display()
    );
    Ok(())
}

fn status(args: StatusArgs) -> Result<(), Error> {
    let desk = gazette::desk::load(&args.root)?;
    match args.format {
        Format::Text => print!("{}", desk.to_text()),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&desk).expect("plain data")
        ),
    }
    Ok(())
}

fn init(args: InitArgs) -> Result<(), Error> {
    let today = chrono::Local::now().date_naive();
    let written = gazette::init::init(&args.dir, &args.languages, today)?;
    for path in written {
        println!("created {}", path.display());
    }
    println!("next: cd {} && gazette serve", args.dir.display());
    Ok(())
}

fn import(args: ImportArgs) -> Result<(), Error> {
    use gazette::import::Generator;
    let generator = match args.generator {
        ImportFrom::Hugo => Generator::Hugo,
        ImportFrom::Jekyll => Generator::Jekyll,
    };
    let done = gazette::import::import(generator, &args.source, &args.into)?;
    println!(
        "imported {} articles and {} pages ({} translation groups) into {}; {} old URLs kept as aliases or redirects",
        done.articles,
        done.pages,
        done.pairs,
        args.into.display(),
        done.aliases
    );
    if done.not_recorded {
        println!(
            "translations not recorded as up to date: the new site does not load yet (`gazette check` says why); once it does, `gazette mark-translated` records each"
        );
    }
    if done.recorded > 0 {
        println!(
            "{} translations recorded as up to date with their originals: an edit of an original now shows on the desk (gazette status)",
            done.recorded
        );
    }
    if !done.findings.is_empty() {
        for f in done.findings.iter().take(20) {
            println!("  {f}");
        }
        if done.findings.len() > 20 {
            println!("  … and {} more", done.findings.len() - 20);
        }
        println!(
            "{} could not be mapped: all listed in {}",
            match done.findings.len() {
                1 => "1 thing".to_string(),
                n => format!("{n} things"),
            },
            args.into.join("import-report.txt").display()
        );
    }
    println!("next: cd {} && gazette check", args.into.display());
    Ok(())
}

/// Diagnostics print as cargo prints Rust errors (coloured on a terminal,
/// unless NO_COLOR is set); other errors get the prefix here. Each
/// variant's message already holds its cause.
fn render_error(e: &Error) -> String {
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match e {
        Error::Sources(d) => gazette::report::human_all(d, color),
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
