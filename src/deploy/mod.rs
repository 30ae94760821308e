//! `gazette deploy`: publishes the output of the last `gazette build` to a
//! target declared in `site.toml`, sending only what changed, in an order
//! that never shows a reader a page whose stylesheet or image is missing.
//!
//! The flow: the build's stamp says the output is a plain build of the
//! current sources ([`crate::stamp`]); [`local`] hashes the output; the
//! target lists what it holds and its record is read; [`plan`] decides what
//! to send and delete and guards published URLs and mass deletions; then
//! assets, pages and indexes are sent in that order, deletions follow, and
//! the record is written last. A deploy stopped at any point is finished by
//! the next one. Targets ([`target`]): a folder ([`dir`]), a server through
//! `rsync` ([`rsync`]), an S3-compatible store ([`s3`]).

pub mod dir;
pub mod local;
pub mod plan;
mod report;
pub mod rsync;
pub mod s3;
pub mod target;

use crate::config::deploy::{DeployTarget, TargetConfig};
use crate::error::{Error, Result};
use crate::stamp::Stamp;
use local::{LocalFile, Phase};
use plan::{MANIFEST, Manifest, Plan};
use report::plural;
pub use report::{DeployReport, SentFile};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use target::{Failure, Target};

/// How many files a deploy may delete unless told otherwise (as Hugo's
/// `maxDeletes`): more usually means the wrong output or the wrong target.
pub const DEFAULT_MAX_DELETES: usize = 256;

/// What to deploy, where, and how.
#[derive(Clone)]
pub struct DeployOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    /// The built site (`<root>/public` by default).
    pub output: PathBuf,
    /// The target's name; the first declared when `None`.
    pub target: Option<String>,
    /// Print the plan, change nothing.
    pub dry_run: bool,
    /// Stop when more files than this would be deleted.
    pub max_deletes: usize,
    /// Deploy even though URLs the target publishes would disappear.
    pub allow_removed_urls: bool,
    /// The base URL the output must have been built for, when it is not
    /// `site.toml`'s (a build made with `--base-url`).
    pub base_url: Option<String>,
    /// Told `(bytes sent, bytes to send)` as files are sent.
    pub progress: Option<crate::pipeline::Progress>,
}

impl DeployOptions {
    /// Deploy the site in `root` from `root/public` to its first target.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        DeployOptions {
            output: root.join("public"),
            root,
            target: None,
            dry_run: false,
            max_deletes: DEFAULT_MAX_DELETES,
            allow_removed_urls: false,
            base_url: None,
            progress: None,
        }
    }
}

/// Deploys the output of the last build (see the module's documentation).
pub fn deploy(options: &DeployOptions) -> Result<DeployReport> {
    let start = Instant::now();
    let config = crate::config::load(&options.root)?;
    let target = choose(&config.deploy, options.target.as_deref(), &config.file())?;
    let place = target.config.describe(&options.root);
    // A build waits until the deploy has read the whole output.
    let _lock = crate::output::lock_output(&options.output)?;
    let stamp = fresh_build(options, &config)?;
    let (folder, stamp) = match target.config.language() {
        None => (options.output.clone(), stamp),
        Some(lang) => own_root(options, &config, stamp, lang)?,
    };
    // From here on, what is published is that folder.
    let options = &DeployOptions {
        output: folder,
        ..options.clone()
    };
    let immutable: BTreeSet<String> = stamp.immutable.iter().cloned().collect();
    let site = local::scan(&options.output, &immutable)?;
    let mut remote = open(target, options)?;
    let stopped = |f: Failure| stopped(&target.name, f);
    let listing = remote.list().map_err(stopped)?;
    let old = match remote.read(MANIFEST).map_err(stopped)? {
        None => Manifest::default(),
        Some(bytes) => read_manifest(&bytes, &target.name, &place)?,
    };
    let plan = plan::plan(site, &stamp, &old, &listing);
    guard(&plan, options, target, &stamp)?;
    let mut report = DeployReport {
        target: target.name.clone(),
        place,
        dry_run: options.dry_run,
        sent: plan
            .send
            .iter()
            .map(|f| SentFile {
                path: f.path.clone(),
                bytes: f.size,
            })
            .collect(),
        bytes: plan.bytes(),
        deleted: plan.delete.clone(),
        kept: plan.keep.clone(),
        unchanged: plan.unchanged,
        foreign: plan.foreign,
        elapsed_ms: 0,
    };
    if !options.dry_run {
        carry_out(&plan, &old, remote.as_mut(), options).map_err(stopped)?;
    }
    report.elapsed_ms = start.elapsed().as_millis() as u64;
    Ok(report)
}

/// The target called `name`, or the first declared.
fn choose<'c>(
    targets: &'c [DeployTarget],
    name: Option<&str>,
    site_toml: &Path,
) -> Result<&'c DeployTarget> {
    let names: Vec<&str> = targets.iter().map(|t| t.name.as_str()).collect();
    match name {
        None => targets.first().ok_or_else(|| {
            Error::Usage(format!(
                "{} declares no deploy target: add one, for example\n\n[deploy.site]\nkind = \"dir\"      # or \"rsync\", \"s3\"\npath = \"/srv/www/site\"\n\n(see the README's Deploying section)",
                site_toml.display()
            ))
        }),
        Some(n) => targets.iter().find(|t| t.name == n).ok_or_else(|| {
            Error::Usage(format!(
                "no deploy target `{n}` in {} (its targets: {})",
                site_toml.display(),
                if names.is_empty() { "none".into() } else { names.join(", ") }
            ))
        }),
    }
}

/// The stamp of the output, when it is a plain build of the current sources
/// for this base URL; otherwise what to do instead.
fn fresh_build(options: &DeployOptions, config: &crate::config::SiteConfig) -> Result<Stamp> {
    let output = options.output.display();
    let Some(stamp) = crate::stamp::read(&options.output)? else {
        return Err(Error::Usage(if options.output.is_dir() {
            format!(
                "{output} has no build stamp: it was not made by this version of `gazette build` (or the build was stopped); run `gazette build` first"
            )
        } else {
            format!("{output} does not exist: run `gazette build` first")
        }));
    };
    let refuse = |why: &str| {
        Err(Error::Usage(format!(
            "{output} {why}: run `gazette build` (without --drafts or --future) before deploying"
        )))
    };
    if stamp.drafts {
        return refuse("was built with --drafts and holds drafts");
    }
    if stamp.future {
        return refuse("was built with --future and holds articles scheduled for later");
    }
    if stamp.clock_ahead {
        return refuse("was built with the clock set ahead (GAZETTE_NOW)");
    }
    if stamp.gazette != env!("CARGO_PKG_VERSION") {
        return refuse(&format!(
            "was built by Gazette {}, this is {}",
            stamp.gazette,
            env!("CARGO_PKG_VERSION")
        ));
    }
    if stamp.sources != crate::stamp::sources_fingerprint(&options.root) {
        return refuse(
            "was built from older sources (content, themes, templates, static or site.toml changed since)",
        );
    }
    let base = match &options.base_url {
        Some(url) => crate::urls::BaseUrl::parse(url).map_err(Error::Usage)?,
        None => config.base_url.clone(),
    };
    let urls = crate::urls::Urls::new(&base, None);
    let wanted = urls.absolute(urls.root());
    if stamp.base_url != wanted {
        return Err(Error::Usage(format!(
            "{output} was built for {} and this deploy is for {wanted}: build without --base-url, or give deploy the same --base-url",
            stamp.base_url
        )));
    }
    Ok(stamp)
}

/// What a target publishing one language's own root sends: that
/// language's folder of the output, a whole site for its host, and the
/// URLs recorded under it, as paths on that host (`/fr/2025/x/` →
/// `/2025/x/`).
fn own_root(
    options: &DeployOptions,
    config: &crate::config::SiteConfig,
    mut stamp: Stamp,
    lang: &str,
) -> Result<(PathBuf, Stamp)> {
    if options.base_url.is_some() {
        return Err(Error::Usage(format!(
            "a build made with --base-url has one address for every language: deploy it with a target that names no `language` (this one publishes `{lang}`'s own address)"
        )));
    }
    let prefix = format!("/{lang}/");
    stamp.published = std::mem::take(&mut stamp.published)
        .into_iter()
        .filter_map(|(url, source)| Some((format!("/{}", url.strip_prefix(&prefix)?), source)))
        .collect();
    stamp.base_url = config.urls().home(lang);
    Ok((options.output.join(lang), stamp))
}

/// Opens the target's connection or folder.
fn open(target: &DeployTarget, options: &DeployOptions) -> Result<Box<dyn Target>> {
    Ok(match &target.config {
        TargetConfig::Dir { path, .. } => {
            let dir = options.root.join(path);
            refuse_unsafe_folder(&dir, options)?;
            Box::new(dir::Dir::new(dir))
        }
        TargetConfig::Rsync {
            destination, ssh, ..
        } => Box::new(rsync::Rsync::new(destination, ssh.as_deref())?),
        TargetConfig::S3 {
            bucket,
            prefix,
            region,
            endpoint,
            ..
        } => Box::new(s3::S3::new(
            bucket,
            prefix,
            region.as_deref(),
            endpoint.as_deref(),
        )?),
    })
}

/// A folder target may not be the output, hold it or the site's sources,
/// or sit among them: a deploy there would mix the site with what made it.
fn refuse_unsafe_folder(dir: &Path, options: &DeployOptions) -> Result<()> {
    let absolute = crate::pipeline::absolute;
    let (dir_abs, output, root) = (
        absolute(dir)?,
        absolute(&options.output)?,
        absolute(&options.root)?,
    );
    let bad = dir_abs.starts_with(&output)
        || output.starts_with(&dir_abs)
        || root.starts_with(&dir_abs)
        || crate::stamp::SOURCES
            .iter()
            .any(|s| dir_abs.starts_with(root.join(s)));
    if bad {
        return Err(Error::Usage(format!(
            "deploy folder {} is the output, holds it, or holds the site's sources: choose a folder of its own",
            dir.display()
        )));
    }
    Ok(())
}

/// The target's record, refused when damaged or naming a place outside
/// the target (a record is read from elsewhere: it is an input too).
fn read_manifest(bytes: &[u8], target: &str, place: &str) -> Result<Manifest> {
    let damaged = |why: String| {
        Error::Deploy(format!(
            "the record on `{target}` ({place}/{MANIFEST}) is damaged: {why}. Delete it to deploy everything again"
        ))
    };
    let manifest: Manifest = serde_json::from_slice(bytes).map_err(|e| damaged(e.to_string()))?;
    if let Some(bad) = manifest
        .files
        .keys()
        .chain(manifest.retired.keys())
        .find(|p| !safe_path(p))
    {
        return Err(damaged(format!("it names `{bad}`, outside the site")));
    }
    Ok(manifest)
}

/// A path under a target's root, with nothing that could leave it.
pub fn safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['\\', '\0'])
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

/// Stops a deploy that would break published URLs or delete too much.
fn guard(plan: &Plan, options: &DeployOptions, target: &DeployTarget, stamp: &Stamp) -> Result<()> {
    if !plan.removed_urls.is_empty() && !options.allow_removed_urls {
        let lines: Vec<String> = plan
            .removed_urls
            .iter()
            .map(|(url, source)| {
                format!(
                    "{}{} (published by content/{source}): add `aliases: [\"{url}\"]` to the article that replaces it (or to its new version), for a redirect",
                    stamp.base_url.trim_end_matches('/'),
                    url
                )
            })
            .collect();
        return Err(Error::Usage(format!(
            "deploy to `{}` stopped: readers can reach {} URL{} there that this site no longer has:\n  {}\nor deploy with --allow-removed-urls to let {} go",
            target.name,
            lines.len(),
            plural(lines.len()),
            lines.join("\n  "),
            if lines.len() == 1 { "it" } else { "them" }
        )));
    }
    if plan.delete.len() > options.max_deletes {
        return Err(Error::Usage(format!(
            "deploy to `{}` stopped: it would delete {} files, more than {} (--max-deletes). Check this is the site and the target you mean (a --dry-run lists them), then pass --max-deletes {}",
            target.name,
            plan.delete.len(),
            options.max_deletes,
            plan.delete.len()
        )));
    }
    Ok(())
}

/// Sends, deletes and records, in that order.
fn carry_out(
    plan: &Plan,
    old: &Manifest,
    target: &mut dyn Target,
    options: &DeployOptions,
) -> std::result::Result<(), Failure> {
    if plan.send.is_empty() && plan.delete.is_empty() && plan.manifest == *old {
        return Ok(());
    }
    let record = |m: &Manifest| serde_json::to_vec_pretty(m).expect("plain data");
    let provisional = plan.provisional(old);
    if provisional != *old {
        target.write(MANIFEST, &record(&provisional))?;
    }
    let total = plan.bytes();
    let mut done = 0u64;
    let mut sent = |f: &LocalFile| {
        test_pause();
        done += f.size;
        if let Some(crate::pipeline::Progress(tell)) = &options.progress {
            tell(done as usize, total as usize);
        }
    };
    for phase in [Phase::Assets, Phase::Pages, Phase::Indexes] {
        let files: Vec<&LocalFile> = plan.send.iter().filter(|f| f.phase == phase).collect();
        if !files.is_empty() {
            target.send(&options.output, &files, &mut sent)?;
        }
    }
    if !plan.delete.is_empty() {
        target.delete(&options.output, &plan.delete)?;
    }
    target.write(MANIFEST, &record(&plan.manifest))
}

/// Debug builds only: a pause after each file sent
/// (`GAZETTE_TEST_DEPLOY_PAUSE_MS`), so tests can stop a deploy halfway or
/// read the target while it changes. Release builds have no such hook.
fn test_pause() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("GAZETTE_TEST_DEPLOY_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// A deploy that failed on the target: what was sent stays, and the next
/// run finishes the job.
fn stopped(target: &str, failure: Failure) -> Error {
    let what = match &failure.file {
        Some(file) => format!("{file}: {}", failure.message),
        None => failure.message,
    };
    Error::Deploy(format!(
        "deploy to `{target}` stopped: {what}\nWhat was sent stays in place and the site there still works; run `gazette deploy` again to finish"
    ))
}

/// Runs `attempt` up to four times, waiting 0.2, 0.4 then 0.8 s between
/// tries: networks and mounted folders fail for a moment.
pub fn retry<T>(
    mut attempt: impl FnMut() -> std::result::Result<T, Failure>,
) -> std::result::Result<T, Failure> {
    let mut wait = Duration::from_millis(200);
    for _ in 0..3 {
        match attempt() {
            Ok(v) => return Ok(v),
            Err(_) => {
                std::thread::sleep(wait);
                wait *= 2;
            }
        }
    }
    attempt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_from_a_target_stay_inside_it() {
        assert!(safe_path("fr/a/index.html"));
        assert!(safe_path(".well-known/x"));
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "fr/../../x",
            "fr//x",
            "fr\\x",
            "a/./b",
        ] {
            assert!(!safe_path(bad), "{bad}");
        }
    }

    #[test]
    fn a_failing_step_is_retried_then_reported() {
        let mut tries = 0;
        let r: std::result::Result<(), Failure> = retry(|| {
            tries += 1;
            Err(Failure::on("x", "no"))
        });
        assert_eq!(tries, 4);
        assert_eq!(r.unwrap_err().file.as_deref(), Some("x"));
        let mut tries = 0;
        let r = retry(|| {
            tries += 1;
            if tries < 3 {
                Err(Failure::new("busy"))
            } else {
                Ok(tries)
            }
        });
        assert_eq!(r.unwrap(), 3);
    }
}
