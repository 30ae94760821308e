//! Images and other files kept next to the articles under `content/`: what
//! each is (probed once from its bytes), the files it is published as (its
//! variants) and where they go.
//!
//! A raster image (JPEG, PNG, WebP) is published in the widths of
//! `[images]` that are narrower than it (and its own width when it is
//! narrower than the widest), in its own format and in WebP, plus one
//! variant for social networks; never the original, which may carry camera
//! metadata. A GIF, an SVG or any other file (a PDF) is published as it is.
//! Every file goes under `/media/`, at the path it has under `content/`, so
//! the two languages of a pair that show one photo share its files.
//!
//! [`probe`] reads a file's header (format, size, orientation) with decoder
//! limits; [`encode`] makes the variants, through the persistent [`cache`]
//! in `.gazette-cache/`; [`html`] writes the `<picture>` elements. The
//! [`Library`] memoizes probes, so the dev server re-reads only files that
//! changed.

pub mod cache;
pub mod encode;
pub mod gif;
pub mod html;
pub mod index;
pub mod probe;

use crate::config::ImageSettings;
use crate::urls::BaseUrl;
use crate::urls::Urls;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The encodings Gazette publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// JPEG, for photographs.
    Jpeg,
    /// PNG, for charts and screenshots (kept lossless).
    Png,
    /// WebP: lossy for JPEG sources, lossless for PNG ones.
    WebP,
}

impl Format {
    /// The file extension of the format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
        }
    }

    /// Its media type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::WebP => "image/webp",
        }
    }
}

/// What a variant is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A width in the source's own format (the `<img>` fallback).
    Fallback,
    /// A width in WebP (the `<picture>` `<source>`).
    Modern,
    /// The variant for `og:image` (JPEG or PNG, `social_width` wide).
    Social,
    /// The file as it is (GIF, SVG, other files; originals when asked).
    Original,
}

/// One published file of an image.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    /// Root-relative URL, base path included.
    pub url: String,
    /// Path under the output folder.
    pub file: String,
    /// Pixels (0 for files that are not raster images).
    pub width: u32,
    /// Pixels (0 for files that are not raster images).
    pub height: u32,
    /// Encoding, `None` for a file copied as it is.
    pub format: Option<Format>,
    /// What it is for.
    pub role: Role,
}

impl Variant {
    /// Its media type (by extension for a file published as it is).
    pub fn mime(&self) -> &'static str {
        match self.format {
            Some(f) => f.mime(),
            None => mime_guess::from_path(&self.file)
                .first_raw()
                .unwrap_or("application/octet-stream"),
        }
    }
}

/// What kind of file a content file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// JPEG, PNG or WebP: resized and re-encoded.
    Raster(Format),
    /// An image shown as it is: GIF (animations) or SVG.
    AsIs,
    /// Any other file (a PDF, an audio file): linked, copied as it is.
    Attachment,
}

/// One file of `content/` that the articles use, and how it is published.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Image {
    /// Path under `content/`: `fr/2025-01-29-x/photo.jpg`.
    pub source: String,
    /// What the file is: format, size as shown, orientation, digest.
    pub probed: probe::Probed,
    /// Every file it is published as.
    pub variants: Vec<Variant>,
}

impl Image {
    /// The variants of one role, narrowest first.
    pub fn variants(&self, role: Role) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(move |v| v.role == role)
    }

    /// The file an `<img src>` or a plain link shows: the widest fallback,
    /// or the file itself.
    pub fn default_variant(&self) -> &Variant {
        self.variants(Role::Fallback)
            .last()
            .or_else(|| self.variants(Role::Original).next())
            .unwrap_or(&self.variants[0])
    }

    /// The variant social networks show (`og:image`).
    pub fn social(&self) -> &Variant {
        self.variants(Role::Social)
            .next()
            .unwrap_or_else(|| self.default_variant())
    }

    /// Whether it is shown as a picture (not a file to download).
    pub fn is_picture(&self) -> bool {
        !matches!(self.probed.kind, Kind::Attachment)
    }
}

/// The height of the `og:image` variant `width` pixels wide of an image
/// that would be `natural` pixels high at that width. Social networks show
/// link previews in landscape (1.91:1 on Facebook and LinkedIn, 2:1 on X)
/// and crop anything taller in the middle, where a portrait's subject
/// rarely is: a portrait or square image gets a 1.91:1 crop, taken from its
/// upper part (see `encode::resize`). Landscape images keep their ratio.
pub fn social_height(width: u32, natural: u32) -> u32 {
    if natural < width {
        return natural;
    }
    ((f64::from(width) / 1.91).round() as u32).max(1)
}

/// Why a content file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// No such file.
    Missing,
    /// Anything else, said in words.
    Bad(String),
}

/// The files of `content/` the site uses, probed once each (again only when
/// the file changed), and the counters of the variants made.
#[derive(Debug)]
pub struct Library {
    content_dir: PathBuf,
    /// The cache folder, or why it is not used (see [`cache::folder`]).
    cache_dir: Result<PathBuf, crate::Diagnostic>,
    settings: ImageSettings,
    base: BaseUrl,
    probed: Mutex<Probes>,
    /// What the cache records of each original, so an unchanged one is not
    /// read again.
    index: Mutex<index::Index>,
    /// Variants encoded by this library.
    pub encoded: AtomicUsize,
    /// Variants found in the cache.
    pub reused: AtomicUsize,
    /// Cache entries not taken: links, damaged or unrecorded files.
    pub refused: AtomicUsize,
}

/// What tells a file changed without reading it.
type Stamp = Option<index::Seen>;

/// Each file probed, by source path, with the stamp it had.
type Probes = HashMap<String, (Stamp, Result<Arc<Image>, Problem>)>;

/// The largest width or height libwebp encodes.
const WEBP_MAX: u32 = 16_383;

/// The folder of the persistent cache, under the site's root.
pub const CACHE_DIR: &str = ".gazette-cache";

impl Library {
    /// The library of the site `config` describes.
    pub fn of(config: &crate::config::SiteConfig) -> Self {
        Library::new(&config.root, &config.images, &config.base_url)
    }

    /// A library for the site in `root`.
    pub fn new(root: &Path, settings: &ImageSettings, base: &BaseUrl) -> Self {
        let cache_dir = cache::folder(root);
        let index = match &cache_dir {
            Ok(dir) => index::Index::read(&dir.join(cache::PROBES)),
            Err(_) => index::Index::default(),
        };
        Library {
            content_dir: root.join("content"),
            cache_dir,
            settings: settings.clone(),
            base: base.clone(),
            probed: Mutex::default(),
            index: Mutex::new(index),
            encoded: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            refused: AtomicUsize::new(0),
        }
    }

    /// The settings it publishes with.
    pub fn settings(&self) -> &ImageSettings {
        &self.settings
    }

    /// Why the cache is not used, if it is not: its folder is a link.
    pub fn cache_problem(&self) -> Option<&crate::Diagnostic> {
        self.cache_dir.as_ref().err()
    }

    /// The file `source` (a path under `content/`), probed.
    pub fn get(&self, source: &str) -> Result<Arc<Image>, Problem> {
        let path = self.content_dir.join(source);
        let meta = std::fs::symlink_metadata(&path).ok();
        let stamp = meta.as_ref().map(index::seen);
        if let Some((seen, probed)) = self.lock().get(source)
            && *seen == stamp
            && stamp.is_some()
        {
            return probed.clone();
        }
        let probed = match (&meta, stamp) {
            (Some(m), Some(seen)) if m.is_file() => {
                let recorded = self.index_lock().get(source, seen).cloned();
                match recorded {
                    Some(p) => Ok(p),
                    None => probe::probe(&path).inspect(|p| {
                        self.index_lock().insert(source, seen, p.clone());
                    }),
                }
            }
            _ => probe::probe(&path),
        };
        let probed = probed
            .and_then(|p| {
                probe::check_pixels(&p, self.settings.max_pixels).map_err(Problem::Bad)?;
                Ok(p)
            })
            .map(|p| Arc::new(self.publish(source, p)));
        self.lock()
            .insert(source.to_string(), (stamp, probed.clone()));
        probed
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Probes> {
        self.probed.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn index_lock(&self) -> std::sync::MutexGuard<'_, index::Index> {
        self.index.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Saves what was probed in the cache, for the next build. Only saves
    /// time: a failure (a read-only site folder) is ignored.
    pub fn save(&self) {
        if let Ok(dir) = &self.cache_dir {
            let _ = self.index_lock().save(&dir.join(cache::PROBES));
        }
    }

    /// The image `probed` with the variants it is published as.
    fn publish(&self, source: &str, probed: probe::Probed) -> Image {
        let urls = Urls::new(&self.base, None);
        let mut variants = Vec::new();
        let (width, height) = (probed.width, probed.height);
        let height_at = |w: u32| {
            ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width.max(1)))
                .max(1) as u32
        };
        let mut add = |suffix: Option<(u32, Format)>, role: Role, w: u32, h: u32| {
            let size = match h == height_at(w) {
                true => w.to_string(),
                false => format!("{w}x{h}"),
            };
            let file =
                Urls::media_file(source, suffix.map(|(_, f)| (size.as_str(), f.extension())));
            variants.push(Variant {
                url: urls.file_url(&file),
                file,
                width: w,
                height: h,
                format: suffix.map(|(_, f)| f),
                role,
            });
        };
        match probed.kind {
            Kind::Raster(format) => {
                let widths = self.widths(width);
                // A WebP source is its own modern format.
                let fallback = format;
                for &w in &widths {
                    add(Some((w, fallback)), Role::Fallback, w, height_at(w));
                }
                // WebP cannot hold more than 16,383 pixels a side: a very
                // tall image is published in its own format only.
                let fits_webp = widths.iter().all(|&w| height_at(w) <= WEBP_MAX);
                if self.settings.webp && format != Format::WebP && fits_webp {
                    for &w in &widths {
                        add(Some((w, Format::WebP)), Role::Modern, w, height_at(w));
                    }
                }
                let social = self.settings.social_width.min(width);
                let social_format = match format {
                    Format::Png => Format::Png,
                    _ => Format::Jpeg,
                };
                let social_height = social_height(social, height_at(social));
                let cropped = social_height != height_at(social);
                if cropped || !(widths.contains(&social) && social_format == fallback) {
                    add(
                        Some((social, social_format)),
                        Role::Social,
                        social,
                        social_height,
                    );
                }
                if self.settings.publish_originals {
                    add(None, Role::Original, width, height);
                }
            }
            Kind::AsIs | Kind::Attachment => add(None, Role::Original, width, height),
        }
        Image {
            source: source.to_string(),
            probed,
            variants,
        }
    }

    /// The widths an image `width` pixels wide is published in: the
    /// configured ones narrower than it, and its own when it is narrower
    /// than the widest (never enlarged).
    fn widths(&self, width: u32) -> Vec<u32> {
        let mut widths: Vec<u32> = self
            .settings
            .widths
            .iter()
            .copied()
            .filter(|&w| w < width)
            .collect();
        if widths.len() < self.settings.widths.len() {
            widths.push(width);
        }
        widths
    }

    /// The bytes of every variant of `image` with its output path, from the
    /// cache or encoded (and then cached).
    pub fn files(&self, image: &Image) -> Result<Vec<(String, Vec<u8>)>, String> {
        encode::files(self, image)
    }

    /// How many variants were encoded, how many came from the cache, and
    /// how many cache entries were refused.
    pub fn counts(&self) -> (usize, usize, usize) {
        (
            self.encoded.load(Ordering::Relaxed),
            self.reused.load(Ordering::Relaxed),
            self.refused.load(Ordering::Relaxed),
        )
    }

    /// Removes from the cache what publishing `images` does not use (the
    /// variants of edited, removed or re-set images, older encoders'
    /// entries) and forgets the probes of files that are not among them:
    /// `gazette build --gc`, after the build, which has just made or
    /// checked every variant of `images`. `None` when the cache is not
    /// used (see [`Library::cache_problem`]): nothing to prune.
    pub fn collect_garbage(
        &self,
        images: &[Arc<Image>],
    ) -> Result<Option<cache::Collected>, crate::Diagnostic> {
        let Ok(dir) = &self.cache_dir else {
            return Ok(None);
        };
        let quality = self.settings.quality;
        let used = images
            .iter()
            .flat_map(|image| {
                (image.variants.iter())
                    .filter(|v| v.format.is_some())
                    .map(|v| cache::entry_name(image, v, quality))
            })
            .collect();
        let collected = cache::collect(dir, &used).map_err(|e| {
            crate::Diagnostic::new(
                dir,
                format!("unused entries could not all be removed ({e})"),
            )
        })?;
        let sources: std::collections::HashSet<&str> =
            images.iter().map(|i| i.source.as_str()).collect();
        self.index_lock().retain(|source| sources.contains(source));
        self.save();
        Ok(Some(collected))
    }

    /// Drops what is known of `source`, so it is probed afresh next time.
    pub fn forget(&self, source: &str) {
        self.lock().remove(source);
        self.index_lock().remove(source);
        self.save();
    }
}

/// The extensions of the image formats writers may try to publish
/// (supported or not): a missing file with one of them is an error, not a
/// link left for the reader to find broken.
pub fn looks_like_image(path: &str) -> bool {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some(
            "jpg"
                | "jpeg"
                | "png"
                | "webp"
                | "gif"
                | "svg"
                | "avif"
                | "heic"
                | "heif"
                | "tif"
                | "tiff"
                | "bmp"
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library(widths: &[u32]) -> Library {
        let settings = ImageSettings {
            widths: widths.to_vec(),
            ..ImageSettings::default()
        };
        let base = BaseUrl::parse("https://example.org/blog/").unwrap();
        Library::new(Path::new("/site"), &settings, &base)
    }

    #[test]
    fn images_are_never_enlarged() {
        let lib = library(&[480, 960, 1600]);
        assert_eq!(lib.widths(3000), [480, 960, 1600]);
        assert_eq!(lib.widths(1600), [480, 960, 1600]);
        assert_eq!(lib.widths(1000), [480, 960, 1000]);
        assert_eq!(lib.widths(300), [300]);
    }

    #[test]
    fn variants_live_under_media_at_the_source_path() {
        let lib = library(&[480, 960]);
        let probed = probe::Probed {
            kind: Kind::Raster(Format::Jpeg),
            width: 2000,
            height: 1000,
            orientation: 1,
            bytes: 1,
            digest: "d".into(),
        };
        let image = lib.publish("fr/2025-01-29-x/photo.jpg", probed);
        let urls: Vec<&str> = image.variants.iter().map(|v| v.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "/blog/media/fr/2025-01-29-x/photo-480.jpg",
                "/blog/media/fr/2025-01-29-x/photo-960.jpg",
                "/blog/media/fr/2025-01-29-x/photo-480.webp",
                "/blog/media/fr/2025-01-29-x/photo-960.webp",
                "/blog/media/fr/2025-01-29-x/photo-1200.jpg",
            ]
        );
        assert_eq!(
            image.variants[0].file,
            "media/fr/2025-01-29-x/photo-480.jpg"
        );
        assert_eq!(
            (image.variants[0].width, image.variants[0].height),
            (480, 240)
        );
        assert_eq!(image.social().width, 1200);
        assert_eq!(image.default_variant().width, 960);
    }
}
