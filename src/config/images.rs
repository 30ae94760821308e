//! `[images]` of `site.toml`: the widths, quality and limits the image
//! pipeline works with, checked once.

use serde::Deserialize;

/// The most pixels one image may have unless `[images] max_megapixels`
/// says otherwise: a 50-megapixel camera's photo passes; a small file
/// declaring 16,000 × 16,000 (256 megapixels, near 1 GB decoded) does not.
pub const MAX_PIXELS: u64 = 100_000_000;

/// `[images]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawImages {
    pub(super) widths: Option<Vec<u32>>,
    pub(super) social_width: Option<u32>,
    pub(super) quality: Option<u8>,
    pub(super) webp: Option<bool>,
    pub(super) publish_originals: Option<bool>,
    pub(super) social_default: Option<String>,
    pub(super) max_megapixels: Option<u32>,
}

/// How images are published (`[images]` in `site.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageSettings {
    /// Widths of the responsive variants, ascending (default 480, 960,
    /// 1600); an image narrower than one gets its own width instead, never
    /// an enlargement.
    pub widths: Vec<u32>,
    /// Width of the variant social networks show (`og:image`), default 1200.
    pub social_width: u32,
    /// Encoder quality for JPEG and lossy WebP, 1 to 100 (default 80).
    pub quality: u8,
    /// Publish a WebP variant next to each JPEG or PNG one (default true).
    pub webp: bool,
    /// Also publish each original file as it is (default false: originals
    /// may carry camera metadata).
    pub publish_originals: bool,
    /// A file under `static/` shown by social networks for pages without a
    /// lead image.
    pub social_default: Option<String>,
    /// The most pixels an image may have (`max_megapixels`, default 100:
    /// a 50-megapixel camera passes, a decompression bomb does not).
    pub max_pixels: u64,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: vec![480, 960, 1600],
            social_width: 1200,
            quality: 80,
            webp: true,
            publish_originals: false,
            social_default: None,
            max_pixels: MAX_PIXELS,
        }
    }
}

/// `[images]` validated; an error names the setting it is about.
pub(super) fn image_settings(
    raw: RawImages,
) -> std::result::Result<ImageSettings, (&'static str, String)> {
    let default = ImageSettings::default();
    let mut widths = raw.widths.unwrap_or(default.widths);
    widths.sort_unstable();
    widths.dedup();
    let social_width = raw.social_width.unwrap_or(default.social_width);
    let sane = |w: &u32| (16..=8192).contains(w);
    if widths.is_empty() || !widths.iter().all(sane) || !sane(&social_width) {
        let key = match sane(&social_width) {
            true => "widths",
            false => "social_width",
        };
        return Err((key, "[images]: widths and social_width must be between 16 and 8192 pixels, with at least one width".into()));
    }
    let quality = raw.quality.unwrap_or(default.quality);
    if !(1..=100).contains(&quality) {
        return Err((
            "quality",
            "[images]: quality must be between 1 and 100".into(),
        ));
    }
    let social_default = raw
        .social_default
        .map(|p| p.trim_start_matches('/').to_string());
    let max_pixels = match raw.max_megapixels {
        None => default.max_pixels,
        Some(mp @ 1..=268) => u64::from(mp) * 1_000_000,
        Some(_) => {
            return Err((
                "max_megapixels",
                "[images]: max_megapixels must be between 1 and 268 (16,384 pixels a side)".into(),
            ));
        }
    };
    Ok(ImageSettings {
        widths,
        social_width,
        quality,
        webp: raw.webp.unwrap_or(default.webp),
        publish_originals: raw.publish_originals.unwrap_or(default.publish_originals),
        social_default,
        max_pixels,
    })
}
