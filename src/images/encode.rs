//! Making an image's variants: decode (under the probe's limits), turn it
//! upright by its EXIF orientation, resize (fast_image_resize, Lanczos3),
//! encode (the `image` crate for JPEG and PNG, libwebp for WebP). Encoders
//! write pixels only, so no variant carries the original's EXIF or XMP
//! metadata (GPS position, camera serial number).
//!
//! Each variant goes through the persistent cache ([`super::cache`]), so a
//! rebuild encodes only new or changed images.

use super::cache::{self, Entry};
use super::probe::limits;
use super::{Format, Image, Kind, Library, Variant};
use image::{DynamicImage, ImageDecoder, ImageEncoder};
use std::sync::atomic::Ordering;

/// Every variant of `image` with its output path and bytes, in the
/// image's order.
///
/// Each variant comes from the cache when it holds a good entry (see
/// [`cache::read`]); anything else is a miss, encoded again, counted when
/// an entry was refused (see [`Library::refused`]) and cached. The
/// original is read once: the bytes encoded are the bytes the image was
/// probed from, or the build stops (see [`original`]).
pub fn files(lib: &Library, image: &Image) -> Result<Vec<(String, Vec<u8>)>, String> {
    let quality = lib.settings.quality;
    let mut out: Vec<Option<Vec<u8>>> = (0..image.variants.len()).map(|_| None).collect();
    let mut todo = Vec::new();
    let mut source: Option<Vec<u8>> = None;
    for (i, v) in image.variants.iter().enumerate() {
        if v.format.is_none() {
            let bytes = match &source {
                Some(b) => b.clone(),
                None => source.insert(original(lib, image)?).clone(),
            };
            // A GIF keeps its frames, not the text it carries.
            out[i] = Some(
                match image.probed.kind == Kind::AsIs && bytes.starts_with(b"GIF8") {
                    true => super::gif::strip_metadata(&bytes)?,
                    false => bytes,
                },
            );
            continue;
        }
        let Ok(dir) = &lib.cache_dir else {
            todo.push((i, None));
            continue;
        };
        let cached = dir.join(cache::entry_name(image, v, quality));
        match cache::read(&cached) {
            Entry::Good(bytes) => {
                lib.reused.fetch_add(1, Ordering::Relaxed);
                out[i] = Some(bytes);
            }
            Entry::Missing => todo.push((i, Some(cached))),
            Entry::Refused => {
                lib.refused.fetch_add(1, Ordering::Relaxed);
                todo.push((i, Some(cached)));
            }
        }
    }
    if !todo.is_empty() {
        let Kind::Raster(format) = image.probed.kind else {
            unreachable!("only raster images have encoded variants")
        };
        let bytes = match source {
            Some(b) => b,
            None => original(lib, image)?,
        };
        let upright = decode(&bytes, format)?;
        drop(bytes);
        for (i, cached) in todo {
            let v = &image.variants[i];
            let bytes = encode(&resize(&upright, v)?, v, format, quality)?;
            // The cache only saves time: a read-only site folder still builds.
            if let Some(cached) = cached {
                let _ = cache::write(&cached, &bytes);
            }
            lib.encoded.fetch_add(1, Ordering::Relaxed);
            out[i] = Some(bytes);
        }
    }
    Ok(image
        .variants
        .iter()
        .zip(out)
        .map(|(v, bytes)| (v.file.clone(), bytes.expect("every variant made")))
        .collect())
}

/// The whole image path on bytes alone: probe `bytes` (named `name`), and
/// for a raster image decode, resize to at most `width` and encode in its
/// own format and in WebP. For the fuzz target and the tests that feed it
/// damaged files: whatever the bytes, an error, never a panic.
pub fn from_bytes(name: &str, bytes: &[u8], width: u32) -> Result<Vec<Vec<u8>>, String> {
    let probed = super::probe::probe_bytes(name, bytes)?;
    super::probe::check_pixels(&probed, crate::config::MAX_PIXELS)?;
    let Kind::Raster(format) = probed.kind else {
        return Ok(Vec::new());
    };
    let upright = decode(bytes, format)?;
    let w = width.clamp(1, upright.width());
    let h =
        ((u64::from(upright.height()) * u64::from(w)) / u64::from(upright.width())).max(1) as u32;
    let mut out = Vec::new();
    for f in [format, Format::WebP] {
        let v = Variant {
            url: String::new(),
            file: String::new(),
            width: w,
            height: h,
            format: Some(f),
            role: super::Role::Fallback,
        };
        out.push(encode(&resize(&upright, &v)?, &v, format, 80)?);
    }
    Ok(out)
}

/// The original of `image`, read once, as it was probed: the same digest,
/// kind and size. A file replaced since it was probed (during the build),
/// or a wrong record in `probes.tsv`, would otherwise put one picture's
/// variants under another's name in the cache; the record is dropped and
/// the build stops, so the next one probes the file afresh.
fn original(lib: &Library, image: &Image) -> Result<Vec<u8>, String> {
    let path = lib.content_dir.join(&image.source);
    let bytes = match super::probe::read(&path) {
        Ok(b) => b,
        Err(super::Problem::Missing) => return Err("was removed during the build".into()),
        Err(super::Problem::Bad(m)) => return Err(m),
    };
    let probed = super::probe::probe_bytes(&path.to_string_lossy(), &bytes)?;
    if probed != image.probed {
        lib.forget(&image.source);
        return Err(
            "changed while the build was reading it (or .gazette-cache/images/probes.tsv was wrong about it): build again".into(),
        );
    }
    Ok(bytes)
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
            // Charts and screenshots (PNG) stay sharp: lossless. An error, not
            // the crate's panic, when libwebp refuses (its size limit).
            let webp = encoder
                .encode_simple(source == Format::Png, f32::from(quality))
                .map_err(|e| format!("cannot be encoded as WebP: {e:?}"))?;
            out.extend_from_slice(&webp);
        }
    }
    Ok(out)
}
