//! The Markdown floor of the benchmark: what reading every article of a
//! site, rendering its Markdown with pulldown-cmark (no templates, no
//! typography, no listings) and writing one HTML file each costs on this
//! machine, in parallel on every core. `bench/run.sh` times it beside
//! `gazette build`: the part of a build's time and CPU that no template
//! work can save.
//!
//! cargo run --release --example markdown_floor -- --root SITE --output DIR

#![allow(clippy::print_stdout)]

use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Renders the Markdown of every `.md` file under `content/` to a file.
#[derive(clap::Parser)]
struct Args {
    /// The site folder.
    #[arg(long)]
    root: PathBuf,
    /// Where to write the pages (created; must not exist).
    #[arg(long)]
    output: PathBuf,
}

/// The Markdown after the front matter (`---` … `---`), or all of it.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}

fn render(source: &Path, content: &Path, output: &Path) -> std::io::Result<()> {
    let text = std::fs::read_to_string(source)?;
    let options =
        pulldown_cmark::Options::ENABLE_FOOTNOTES | pulldown_cmark::Options::ENABLE_TABLES;
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(body(&text), options),
    );
    let rel = source.strip_prefix(content).expect("under content/");
    let page = output.join(rel.with_extension("")).join("index.html");
    std::fs::create_dir_all(page.parent().expect("in a folder"))?;
    std::fs::write(page, html)
}

fn main() {
    let args: Args = clap::Parser::parse();
    let content = args.root.join("content");
    let sources: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let failed = sources
        .par_iter()
        .filter(|s| render(s, &content, &args.output).is_err())
        .count();
    println!("{} pages, {failed} failed", sources.len() - failed);
    if failed > 0 {
        std::process::exit(1);
    }
}
