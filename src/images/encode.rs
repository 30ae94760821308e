//! Making an image's variants: decode (under the probe's limits), turn it
//! upright by its EXIF orientation, resize (fast_image_resize, Lanczos3),
//! encode (the `image` crate for JPEG and PNG, libwebp for WebP). Encoders
//! write pixels only, so no variant carries the original's EXIF or XMP
//! metadata (GPS position, camera serial number).
//!
//! Each variant is cached in `.gazette-cache/images/` under a name made of
//! the source's digest and every parameter that shapes it, so a rebuild
//! encodes only new or changed images; the cache is safe to delete.

use super::probe::limits;
use super::{Format, Image, Kind, Library, Variant};
use image::{DynamicImage, ImageDecoder, ImageEncoder};
use std::path::Path;
use std::sync::atomic::Ordering;

/// Bumped when encoding changes, so older cached variants are not reused.
const ENCODER_VERSION: u32 = 1;

/// A variant as made: its bytes, or the cache file holding them.
#[derive(Debug)]
pub enum Made {
    /// Encoded (or copied) now.
    Bytes(Vec<u8>),
    /// Already in the cache.
    Cached(std::path::PathBuf),
}

/// Every variant of `image` with its output path, in the image's order.
pub fn files(lib: &Library, image: &Image) -> Result<Vec<(String, Made)>, String> {
    let source = lib.content_dir.join(&image.source);
    let quality = lib.settings.quality;
    let mut out: Vec<Option<Made>> = (0..image.variants.len()).map(|_| None).collect();
    let mut todo = Vec::new();
    for (i, v) in image.variants.iter().enumerate() {
        if v.format.is_none() {
            out[i] = Some(Made::Bytes(read(&source)?));
            continue;
        }
        let cached = lib.cache_dir.join(cache_name(image, v, quality));
        if cached.is_file() {
            lib.reused.fetch_add(1, Ordering::Relaxed);
            out[i] = Some(Made::Cached(cached));
        } else {
            todo.push((i, cached));
        }
    }
    if !todo.is_empty() {
        let Kind::Raster(format) = image.probed.kind else {
            unreachable!("only raster images have encoded variants")
        };
        let upright = decode(&read(&source)?, format)?;
        for (i, cached) in todo {
            let v = &image.variants[i];
            let bytes = encode(&resize(&upright, v)?, v, format, quality)?;
            // The cache only saves time: a read-only site folder still builds.
            let _ = write_atomically(&cached, &bytes);
            lib.encoded.fetch_add(1, Ordering::Relaxed);
            out[i] = Some(Made::Bytes(bytes));
        }
    }
    Ok(image
        .variants
        .iter()
        .zip(out)
        .map(|(v, bytes)| (v.file.clone(), bytes.expect("every variant made")))
        .collect())
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read: {e}"))
}

/// The cache file of one variant: the source's digest and everything that
/// shapes the result.
fn cache_name(image: &Image, v: &Variant, quality: u8) -> String {
    let ext = v.format.map_or("bin", Format::extension);
    format!(
        "{}-{}x{}-q{quality}-v{ENCODER_VERSION}.{ext}",
        image.probed.digest, v.width, v.height
    )
}

/// The image's pixels, upright.
fn decode(bytes: &[u8], format: Format) -> Result<DynamicImage, String> {
    let format = match format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::WebP => image::ImageFormat::WebP,
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    reader.limits(limits());
    let damaged = |e: image::ImageError| format!("cannot be decoded (damaged or truncated?): {e}");
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let orientation = decoder.orientation().ok();
    let mut pixels = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    if let Some(o) = orientation {
        pixels.apply_orientation(o);
    }
    Ok(if pixels.color().has_alpha() {
        DynamicImage::ImageRgba8(pixels.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(pixels.into_rgb8())
    })
}

/// `pixels` at the variant's size.
fn resize(pixels: &DynamicImage, v: &Variant) -> Result<DynamicImage, String> {
    if (pixels.width(), pixels.height()) == (v.width, v.height) {
        return Ok(pixels.clone());
    }
    let mut out = DynamicImage::new(v.width, v.height, pixels.color());
    let mut options = fast_image_resize::ResizeOptions::new().resize_alg(
        fast_image_resize::ResizeAlg::Convolution(fast_image_resize::FilterType::Lanczos3),
    );
    // A variant of another shape than the image (the landscape `og:image`
    // of a portrait, see `super::social_height`) is cut from its upper
    // part, where faces and headlines usually are.
    let natural =
        u64::from(pixels.height()) * u64::from(v.width) / u64::from(pixels.width().max(1));
    if natural.abs_diff(u64::from(v.height)) > 1 {
        options = options.fit_into_destination(Some((0.5, 0.3)));
    }
    fast_image_resize::Resizer::new()
        .resize(pixels, &mut out, &options)
        .map_err(|e| format!("cannot be resized: {e}"))?;
    Ok(out)
}

/// Encodes `pixels` for the variant `v` of an image in `source` format.
fn encode(
    pixels: &DynamicImage,
    v: &Variant,
    source: Format,
    quality: u8,
) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let (w, h) = (pixels.width(), pixels.height());
    let failed = |e: image::ImageError| format!("cannot be encoded: {e}");
    match v.format.expect("encoded variants have a format") {
        Format::Jpeg => {
            let rgb = pixels.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
                .write_image(&rgb, w, h, image::ExtendedColorType::Rgb8)
                .map_err(failed)?;
        }
        Format::Png => {
            let encoder = image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Default,
                image::codecs::png::FilterType::Adaptive,
            );
            encoder
                .write_image(pixels.as_bytes(), w, h, pixels.color().into())
                .map_err(failed)?;
        }
        Format::WebP => {
            let encoder = match pixels {
                DynamicImage::ImageRgba8(p) => webp::Encoder::from_rgba(p.as_raw(), w, h),
                DynamicImage::ImageRgb8(p) => webp::Encoder::from_rgb(p.as_raw(), w, h),
                _ => unreachable!("decode gives RGB or RGBA"),
            };
            // Charts and screenshots (PNG) stay sharp: lossless.
            let webp = if source == Format::Png {
                encoder.encode_lossless()
            } else {
                encoder.encode(f32::from(quality))
            };
            out.extend_from_slice(&webp);
        }
    }
    Ok(out)
}

/// Writes `bytes` to `path` through a temporary file, so a build killed
/// mid-write never leaves a truncated variant in the cache.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!(
        "tmp{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
