//! An S3-compatible object store target (`kind = "s3"`: AWS, Cloudflare R2,
//! Scaleway, OVH, MinIO…), through the `object_store` crate (Apache Arrow's
//! client for S3, GCS and Azure: signing, retries with backoff, listing).
//! Each object is stored with its `Content-Type` and `Cache-Control`, which
//! the store (and a CDN in front of it) serves as they are. A PUT replaces
//! an object whole: a reader gets the old one or the new one.
//!
//! Credentials come from the usual places, never from `site.toml`: the
//! `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (/ `AWS_SESSION_TOKEN`)
//! variables, else the shared credentials file (`~/.aws/credentials`, or
//! `AWS_SHARED_CREDENTIALS_FILE`; profile `AWS_PROFILE` or `default`).

use super::local::LocalFile;
use super::target::{Failure, Target};
use futures::StreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as Key;
use object_store::{
    Attribute, Attributes, ObjectStore, ObjectStoreExt, PutOptions, PutPayload, RetryConfig,
};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// How many objects are sent at once.
const PARALLEL: usize = 16;

/// A bucket, and a folder in it.
pub struct S3 {
    store: AmazonS3,
    prefix: String,
    runtime: tokio::runtime::Runtime,
}

impl S3 {
    /// A target for `bucket` under `prefix`.
    pub fn new(
        bucket: &str,
        prefix: &str,
        region: Option<&str>,
        endpoint: Option<&str>,
    ) -> crate::error::Result<S3> {
        // TLS by rustls on ring (the process-wide default, once).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .with_retry(RetryConfig {
                max_retries: 4,
                retry_timeout: Duration::from_secs(120),
                ..RetryConfig::default()
            });
        if std::env::var_os("AWS_ACCESS_KEY_ID").is_none()
            && let Some(keys) = shared_credentials()
        {
            builder = builder
                .with_access_key_id(keys.id)
                .with_secret_access_key(keys.secret);
            if let Some(token) = keys.token {
                builder = builder.with_token(token);
            }
        }
        let region = region
            .map(String::from)
            .or_else(|| std::env::var("AWS_REGION").ok())
            .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok());
        if let Some(region) = region {
            builder = builder.with_region(region);
        }
        if let Some(endpoint) = endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"));
        }
        let store = builder.build().map_err(|e| {
            crate::error::Error::Usage(format!(
                "S3 target `{bucket}`: {e} (credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or ~/.aws/credentials)"
            ))
        })?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| crate::error::Error::io("the S3 client's runtime", e))?;
        Ok(S3 {
            store,
            prefix: prefix.trim_matches('/').to_string(),
            runtime,
        })
    }

    fn key(&self, path: &str) -> Key {
        match self.prefix.as_str() {
            "" => Key::from(path),
            prefix => Key::from(format!("{prefix}/{path}")),
        }
    }

    async fn put(
        &self,
        path: &str,
        bytes: Vec<u8>,
        content_type: &str,
        cache: &str,
    ) -> Result<(), Failure> {
        let mut attributes = Attributes::new();
        attributes.insert(Attribute::ContentType, content_type.to_string().into());
        attributes.insert(Attribute::CacheControl, cache.to_string().into());
        let options = PutOptions {
            attributes,
            ..PutOptions::default()
        };
        self.store
            .put_opts(&self.key(path), PutPayload::from(bytes), options)
            .await
            .map(|_| ())
            .map_err(|e| Failure::on(path, e.to_string()))
    }
}

impl Target for S3 {
    fn list(&mut self) -> Result<BTreeMap<String, u64>, Failure> {
        let prefix = (!self.prefix.is_empty()).then(|| Key::from(self.prefix.as_str()));
        let strip = match self.prefix.as_str() {
            "" => String::new(),
            p => format!("{p}/"),
        };
        self.runtime.block_on(async {
            let mut out = BTreeMap::new();
            let mut listing = self.store.list(prefix.as_ref());
            while let Some(meta) = listing.next().await {
                let meta =
                    meta.map_err(|e| Failure::new(format!("cannot list the bucket: {e}")))?;
                let key = meta.location.as_ref();
                if let Some(path) = key.strip_prefix(&strip) {
                    out.insert(path.to_string(), meta.size);
                }
            }
            Ok(out)
        })
    }

    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, Failure> {
        self.runtime.block_on(async {
            match self.store.get(&self.key(path)).await {
                Ok(got) => got
                    .bytes()
                    .await
                    .map(|b| Some(b.to_vec()))
                    .map_err(|e| Failure::on(path, e.to_string())),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(Failure::on(path, e.to_string())),
            }
        })
    }

    fn send(
        &mut self,
        root: &Path,
        files: &[&LocalFile],
        sent: &mut dyn FnMut(&LocalFile),
    ) -> Result<(), Failure> {
        let this = &*self;
        self.runtime.block_on(async {
            let mut puts = futures::stream::iter(files.iter().copied())
                .map(|file| async move {
                    let bytes = std::fs::read(root.join(&file.path)).map_err(|e| {
                        Failure::on(&file.path, format!("cannot read the built file: {e}"))
                    })?;
                    this.put(&file.path, bytes, &file.content_type, file.cache_control)
                        .await
                        .map(|()| file)
                })
                .buffer_unordered(PARALLEL);
            while let Some(done) = puts.next().await {
                sent(done?);
            }
            Ok(())
        })
    }

    fn write(&mut self, path: &str, bytes: &[u8]) -> Result<(), Failure> {
        let this = &*self;
        self.runtime
            .block_on(this.put(path, bytes.to_vec(), "application/json", "no-store"))
    }

    fn delete(&mut self, _root: &Path, paths: &[String]) -> Result<(), Failure> {
        let this = &*self;
        self.runtime.block_on(async {
            let mut deletes = futures::stream::iter(paths)
                .map(|path| async move {
                    match this.store.delete(&this.key(path)).await {
                        Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                        Err(e) => Err(Failure::on(path, e.to_string())),
                    }
                })
                .buffer_unordered(PARALLEL);
            while let Some(done) = deletes.next().await {
                done?;
            }
            Ok(())
        })
    }
}

/// Keys from the shared credentials file.
struct Keys {
    id: String,
    secret: String,
    token: Option<String>,
}

/// The profile's keys in the shared credentials file, if it has them.
fn shared_credentials() -> Option<Keys> {
    let file = match std::env::var_os("AWS_SHARED_CREDENTIALS_FILE") {
        Some(f) => std::path::PathBuf::from(f),
        None => std::path::PathBuf::from(std::env::var_os("HOME")?).join(".aws/credentials"),
    };
    let text = std::fs::read_to_string(file).ok()?;
    let profile = std::env::var("AWS_PROFILE").unwrap_or_else(|_| "default".into());
    profile_keys(&text, &profile)
}

/// The keys of `[profile]` in the INI text of a credentials file.
fn profile_keys(text: &str, profile: &str) -> Option<Keys> {
    let mut inside = false;
    let mut values: BTreeMap<&str, &str> = BTreeMap::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('#') || line.starts_with(';') || line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = name.trim() == profile;
        } else if inside && let Some((key, value)) = line.split_once('=') {
            values.insert(key.trim(), value.trim());
        }
    }
    Some(Keys {
        id: values.get("aws_access_key_id")?.to_string(),
        secret: values.get("aws_secret_access_key")?.to_string(),
        token: values.get("aws_session_token").map(|t| t.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_asked_for_gives_its_keys() {
        let text = "[default]\naws_access_key_id = AK1\naws_secret_access_key=S1\n\n# other\n[news]\naws_access_key_id = AK2\naws_secret_access_key = S2\naws_session_token = T2\n";
        let k = profile_keys(text, "default").unwrap();
        assert_eq!(
            (k.id.as_str(), k.secret.as_str(), k.token),
            ("AK1", "S1", None)
        );
        let k = profile_keys(text, "news").unwrap();
        assert_eq!(k.token.as_deref(), Some("T2"));
        assert!(profile_keys(text, "absent").is_none());
    }
}
