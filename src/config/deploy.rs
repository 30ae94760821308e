//! `[deploy.<name>]`: where `gazette deploy` publishes, as `site.toml`
//! declares it. The config owns the settings; [`crate::deploy`] acts on them.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A place to publish to, as written under `[deploy.<name>]`. Credentials
/// never go here: an S3 store takes them from the environment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum TargetConfig {
    /// A local or mounted folder, updated in place in the safe order.
    Dir {
        /// The folder (relative paths are taken from the site's folder).
        path: String,
        /// For a site with an address per language: the language whose
        /// folder this target publishes (`fr` publishes `public/fr/`).
        #[serde(default)]
        language: Option<String>,
    },
    /// A folder on a server, through the system's `rsync` over SSH.
    Rsync {
        /// `user@host:/srv/www/site/` (any destination `rsync` takes).
        destination: String,
        /// The remote shell `rsync` runs (`ssh -p 2222`); `rsync`'s own
        /// default (or `RSYNC_RSH`) otherwise.
        #[serde(default)]
        ssh: Option<String>,
        /// For a site with an address per language: the language whose
        /// folder this target publishes (`fr` publishes `public/fr/`).
        #[serde(default)]
        language: Option<String>,
    },
    /// An S3-compatible object store (AWS, Cloudflare R2, Scaleway, OVH, MinIO…).
    S3 {
        /// The bucket.
        bucket: String,
        /// A folder in the bucket (`site/`); the bucket's root by default.
        #[serde(default)]
        prefix: String,
        /// The store's region (`eu-west-3`; R2 takes `auto`).
        #[serde(default)]
        region: Option<String>,
        /// The store's address, for any store but AWS (`https://<account>.r2.cloudflarestorage.com`).
        #[serde(default)]
        endpoint: Option<String>,
        /// For a site with an address per language: the language whose
        /// folder this target publishes (`fr` publishes `public/fr/`).
        #[serde(default)]
        language: Option<String>,
    },
}

/// A declared target: its name and settings, in `site.toml`'s order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployTarget {
    /// The name after `deploy.`.
    pub name: String,
    /// Its settings.
    pub config: TargetConfig,
    /// Its line in `site.toml`, for errors.
    pub line: Option<usize>,
}

impl TargetConfig {
    /// Where the files go, for messages (`s3://bucket/prefix/`).
    pub fn describe(&self, root: &Path) -> String {
        match self {
            TargetConfig::Dir { path, .. } => root.join(path).display().to_string(),
            TargetConfig::Rsync { destination, .. } => destination.clone(),
            TargetConfig::S3 { bucket, prefix, .. } => {
                format!("s3://{bucket}/{}", prefix.trim_matches('/'))
            }
        }
    }

    /// The language whose own address this target serves, if named.
    pub fn language(&self) -> Option<&str> {
        match self {
            TargetConfig::Dir { language, .. }
            | TargetConfig::Rsync { language, .. }
            | TargetConfig::S3 { language, .. } => language.as_deref(),
        }
    }

    /// What is wrong with the target's `language`, on a site whose languages
    /// have their own addresses (`per_language`) or not, with these
    /// language codes (the default first).
    pub fn language_problem(&self, per_language: bool, codes: &[&str]) -> Option<String> {
        match (self.language(), per_language) {
            (None, true) => Some(format!(
                "each language of this site has its own address (`base_url` in [languages.…]): name the one this target publishes, as `language = \"{}\"`",
                codes.first().unwrap_or(&"en")
            )),
            (Some(_), false) => Some(
                "`language` is for a site whose languages have their own addresses (`base_url` in [languages.<code>]); this site has one".to_string(),
            ),
            (Some(l), true) if !codes.contains(&l) => {
                Some(format!("`language = \"{l}\"` is not a language of the site"))
            }
            _ => None,
        }
    }

    /// What is wrong with these settings, if anything.
    pub fn problem(&self) -> Option<String> {
        match self {
            TargetConfig::Dir { path, .. } if path.trim().is_empty() => {
                Some("`path` is empty: name the folder to publish to".into())
            }
            TargetConfig::Rsync { destination, .. } if destination.trim().is_empty() => {
                Some("`destination` is empty: write it as `user@host:/srv/www/site/`".into())
            }
            TargetConfig::S3 { bucket, .. } if bucket.trim().is_empty() => {
                Some("`bucket` is empty".into())
            }
            TargetConfig::S3 { prefix, .. } if prefix.split('/').any(|p| p == "..") => {
                Some(format!("`prefix = \"{prefix}\"` may not hold `..`"))
            }
            TargetConfig::S3 {
                endpoint: Some(e), ..
            } if !(e.starts_with("https://") || e.starts_with("http://")) => Some(format!(
                "`endpoint = \"{e}\"` is not an address (`https://…`)"
            )),
            _ => None,
        }
    }
}

/// `[deploy]` tables as read from `site.toml`, in their written order.
pub fn ordered(
    raw: BTreeMap<String, TargetConfig>,
    line_of: impl Fn(&str) -> Option<usize>,
) -> Vec<DeployTarget> {
    let mut out: Vec<DeployTarget> = raw
        .into_iter()
        .map(|(name, config)| DeployTarget {
            line: line_of(&format!("deploy.{name}")),
            name,
            config,
        })
        .collect();
    out.sort_by_key(|t| t.line.unwrap_or(usize::MAX));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_problems_are_named() {
        let s3 = |prefix: &str, endpoint: Option<&str>| TargetConfig::S3 {
            bucket: "b".into(),
            prefix: prefix.into(),
            region: None,
            endpoint: endpoint.map(String::from),
            language: None,
        };
        assert_eq!(s3("site/", None).problem(), None);
        assert!(s3("../x", None).problem().unwrap().contains(".."));
        assert!(
            s3("", Some("minio:9000"))
                .problem()
                .unwrap()
                .contains("address")
        );
        assert_eq!(s3("", None).describe(Path::new(".")), "s3://b/");
        let dir = TargetConfig::Dir {
            path: " ".into(),
            language: None,
        };
        assert!(dir.problem().unwrap().contains("path"));
    }
}
