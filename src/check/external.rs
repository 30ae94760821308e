//! `gazette check --external`: fetch every external link once (in
//! parallel, 15 s each, redirects followed) and report those that do not
//! answer with a success on every page that uses them.

use super::pages::{PageInfo, Rendered};
use super::{CheckReport, Severity};
use rayon::prelude::*;
use std::collections::BTreeMap;

pub(super) fn check(
    report: &mut CheckReport,
    externals: BTreeMap<String, Vec<&PageInfo>>,
    rendered: &Rendered,
) {
    let results: Vec<(String, Option<String>)> = externals
        .keys()
        .cloned()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|url| {
            let problem = fetch_problem(&url);
            (url, problem)
        })
        .collect();
    for (url, problem) in results {
        if let Some(problem) = problem {
            for page in &externals[&url] {
                let message = format!("external link {url}: {problem}");
                let d = rendered.locate(page, &url, message);
                report.push("external links", Severity::Error, d);
            }
        }
    }
}

/// `None` when the URL answers with a success (after redirects).
fn fetch_problem(url: &str) -> Option<String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(15)))
        .http_status_as_error(false)
        .build()
        .into();
    match agent.get(url).header("User-Agent", "gazette-check").call() {
        Ok(r) if r.status().is_success() => None,
        Ok(r) => Some(format!("answered {}", r.status())),
        Err(e) => Some(format!("unreachable ({e})")),
    }
}
