//! Making an image's variants: decode (under the probe's limits), turn it
//! upright by its EXIF orientation, resize (fast_image_resize, Lanczos3),
//! encode (the `image` crate for JPEG and PNG, libwebp for WebP). Encoders
//! write pixels only, so no variant carries the original's EXIF or XMP
//! metadata (GPS position, camera serial number).
//!
//! Each variant is cached in `.gazette-cache/images/` under a name made of
//! the source's digest and every parameter that shapes it, so a rebuild
//! encodes only new or changed images; the cache is safe to delete, and
//! not trusted: each entry is checked before it is published (see
//! [`files`]).

use super::probe::limits;
use super::{Format, Image, Kind, Library, Variant};
use image::{DynamicImage, ImageDecoder, ImageEncoder};
use std::path::Path;
use std::sync::atomic::Ordering;

/// Bumped when encoding (or the cache layout) changes, so older cached
/// variants are not reused. 2: entries carry their checksum; 3: an
/// XXH3-128 checksum, not SHA-256.
const ENCODER_VERSION: u32 = 3;

/// Every variant of `image` with its output path and bytes, in the
/// image's order.
///
/// The cache is an input like any other, and not trusted: an entry is
/// taken only when it is a regular file (never a link, which could name
/// any file of the machine) whose checksum is the one recorded beside it
/// when it was made (`<entry>.xxh3`, see [`checksum`]); anything else is a
/// miss, encoded again and counted (see [`Library::refused`]). Its bytes
/// are published
/// as a copy, so the live site never shares a file with the cache. The
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
        let cached = lib.cache_dir.join(cache_name(image, v, quality));
        match from_cache(&cached) {
            Entry::Good(bytes) => {
                lib.reused.fetch_add(1, Ordering::Relaxed);
                out[i] = Some(bytes);
            }
            Entry::Missing => todo.push((i, cached)),
            Entry::Refused => {
                lib.refused.fetch_add(1, Ordering::Relaxed);
                todo.push((i, cached));
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
            let _ = write_atomically(&cached, &bytes).and_then(|()| {
                write_atomically(&checksum_file(&cached), checksum(&bytes).as_bytes())
            });
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

/// What the cache holds for one variant.
enum Entry {
    /// A regular file matching its recorded checksum: these bytes.
    Good(Vec<u8>),
    /// Nothing.
    Missing,
    /// Something not to publish: a link, a file whose checksum is missing
    /// or does not match (truncated, damaged, replaced).
    Refused,
}

fn from_cache(path: &Path) -> Entry {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Entry::Missing;
    };
    if !meta.file_type().is_file() {
        return Entry::Refused;
    }
    let sum = checksum_file(path);
    let recorded = match std::fs::symlink_metadata(&sum) {
        Ok(m) if m.file_type().is_file() => std::fs::read_to_string(&sum).unwrap_or_default(),
        _ => return Entry::Refused,
    };
    match std::fs::read(path) {
        Ok(bytes) if checksum(&bytes) == recorded.trim() => Entry::Good(bytes),
        _ => Entry::Refused,
    }
}

/// Where the checksum of cache entry `path` is kept.
fn checksum_file(path: &Path) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".xxh3");
    name.into()
}

/// The checksum of a cache entry: XXH3-128, in 32 hex digits. It finds a
/// damaged entry (truncated, emptied, overwritten), which is what it is
/// for: it cannot stop someone who can write the cache, who can write the
/// checksum beside it as well (a cryptographic hash would not either), and
/// the entry's name already holds the original's SHA-256. A warm build
/// reads every variant it publishes, so the hash runs at memory speed:
/// SHA-256 here was 8% of a warm 1,000-pair build's CPU with 700 variants.
fn checksum(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
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
