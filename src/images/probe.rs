//! What a content file is, read from its bytes, not its name: the format
//! (a `.jpg` holding a PNG is refused, not guessed), the size in pixels as
//! shown (EXIF orientation applied) and the digest the cache is keyed by.
//! Only the header is decoded here, under limits, so a decompression bomb
//! (a small file declaring a huge image) is refused before any pixel is
//! allocated.

use super::{Format, Kind, Problem};
use image::ImageDecoder;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The widest or tallest image decoded, in pixels.
pub const MAX_SIDE: u32 = 16_384;

/// An error when `probed` has more than `max` pixels, checked from the
/// header before anything is decoded.
pub fn check_pixels(probed: &Probed, max: u64) -> Result<(), String> {
    let (w, h) = (probed.width, probed.height);
    match u64::from(w) * u64::from(h) > max {
        true => Err(format!(
            "is {w}×{h} pixels, over the {} megapixels an image may have (a damaged file, a decompression bomb, or a photo far larger than the web needs; `[images] max_megapixels` sets the limit)",
            max / 1_000_000
        )),
        false => Ok(()),
    }
}
/// The most memory one decoded image may take.
pub const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// The decoder limits every image is read with.
pub fn limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// What probing a file found.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Probed {
    /// What it is.
    pub kind: Kind,
    /// Width as shown, 0 when unknown.
    pub width: u32,
    /// Height as shown, 0 when unknown.
    pub height: u32,
    /// EXIF orientation, 1 (as stored) to 8.
    pub orientation: u8,
    /// File size.
    pub bytes: u64,
    /// SHA-256 of the file, 32 hex digits.
    pub digest: String,
}

/// Probes the file at `path`.
pub fn probe(path: &Path) -> Result<Probed, Problem> {
    let bytes = read(path)?;
    probe_bytes(&path.to_string_lossy(), &bytes).map_err(Problem::Bad)
}

/// The bytes of the file at `path`, which must be a regular file: a link
/// under `content/` could name any file of the machine.
pub fn read(path: &Path) -> Result<Vec<u8>, Problem> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Problem::Missing),
        Err(e) => return Err(Problem::Bad(format!("cannot read: {e}"))),
    };
    if meta.file_type().is_symlink() {
        return Err(Problem::Bad(
            "is a symbolic link; links under content/ are not followed (one could point outside the site): copy the file instead".into(),
        ));
    }
    if meta.is_dir() {
        // A relative link to a folder is a page URL (`../autre/`), not a file.
        return Err(Problem::Missing);
    }
    std::fs::read(path).map_err(|e| Problem::Bad(format!("cannot read: {e}")))
}

/// The SHA-256 of `bytes`, 64 hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// `bytes` (a digest) in lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Probes a file's `bytes`, named `name` (for its extension).
pub fn probe_bytes(name: &str, bytes: &[u8]) -> Result<Probed, String> {
    let mut digest = sha256_hex(bytes);
    digest.truncate(32);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let mut probed = Probed {
        kind: Kind::Attachment,
        width: 0,
        height: 0,
        orientation: 1,
        bytes: bytes.len() as u64,
        digest,
    };
    if matches!(
        ext.as_str(),
        "heic" | "heif" | "avif" | "tif" | "tiff" | "bmp"
    ) {
        return Err(format!(
            "is a .{ext} image, which Gazette does not publish: save it as JPEG (photos), PNG (charts), WebP, GIF or SVG"
        ));
    }
    let claimed = image::ImageFormat::from_extension(&ext);
    let found = image::guess_format(bytes).ok();
    if ext == "svg" {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
        if !head.contains("<svg") {
            return Err("is named .svg but holds no SVG (no `<svg` element at its start)".into());
        }
        if let Some(what) = svg_script(bytes) {
            return Err(format!(
                "holds {what}: an SVG opened on its own runs it with the site's address, so an SVG with scripts is not published (remove them, or export the drawing again as plain SVG)"
            ));
        }
        probed.kind = Kind::AsIs;
        return Ok(probed);
    }
    let (Some(claimed), Some(found)) = (claimed, found) else {
        return match (claimed, found) {
            (Some(claimed), None) => Err(format!(
                "is named .{ext} but is not a {} image (damaged, or not an image at all)",
                format_name(claimed)
            )),
            (None, Some(found)) if super::looks_like_image(name) => Err(format!(
                "holds a {} image but is named .{ext}: rename it .{}",
                format_name(found),
                found.extensions_str().first().unwrap_or(&"")
            )),
            _ => Ok(probed),
        };
    };
    if claimed != found {
        return Err(format!(
            "holds a {} image but is named .{ext}: rename it .{}",
            format_name(found),
            found.extensions_str().first().unwrap_or(&"")
        ));
    }
    // An animated WebP would be flattened to its first frame by resizing:
    // it is published as it is, like a GIF, unless it carries metadata.
    if found == image::ImageFormat::WebP
        && let Some(flags) = webp_extended_flags(bytes)
        && flags & 0x02 != 0
    {
        if flags & 0x0C != 0 {
            return Err("is an animated WebP carrying EXIF or XMP metadata (a GPS position, a camera serial number): export it again without metadata".into());
        }
        probed.kind = Kind::AsIs;
        return Ok(probed);
    }
    probed.kind = match found {
        image::ImageFormat::Jpeg => Kind::Raster(Format::Jpeg),
        image::ImageFormat::Png => Kind::Raster(Format::Png),
        image::ImageFormat::WebP => Kind::Raster(Format::WebP),
        image::ImageFormat::Gif => Kind::AsIs,
        other => {
            return Err(format!(
                "is a {} image, which Gazette does not publish: save it as JPEG (photos), PNG (charts), WebP, GIF or SVG",
                format_name(other)
            ));
        }
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), found);
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => format!(
            "declares an image larger than the {MAX_SIDE}×{MAX_SIDE} pixels images are decoded with (a damaged file, or a decompression bomb)"
        ),
        e => format!("cannot be read as {}: {e}", format_name(found)),
    })?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err("has no pixels (its width or height is 0)".into());
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(format!(
            "is {width}×{height} pixels, over the {MAX_SIDE}-pixel limit images are decoded with (a photo for the web needs far fewer)"
        ));
    }
    if found == image::ImageFormat::Jpeg && !jpeg_complete(bytes) {
        return Err("is truncated: its image data has no end (a partial download or copy?)".into());
    }
    let orientation = decoder.orientation().map(|o| o.to_exif()).unwrap_or(1);
    let turned = matches!(orientation, 5..=8);
    (probed.width, probed.height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    probed.orientation = orientation;
    Ok(probed)
}

/// What in an SVG would run code when the file is opened: a `<script>`
/// element, an event handler attribute (`onload=`…), a `javascript:` URL,
/// or an embedded foreign document (`<foreignObject>`, which may hold HTML).
fn svg_script(bytes: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
    let squeezed: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if text.contains("<script") {
        return Some("a <script> element");
    }
    if squeezed.contains("javascript:") {
        return Some("a `javascript:` URL");
    }
    if text.contains("<foreignobject") {
        return Some("a <foreignObject> (HTML inside the drawing)");
    }
    let handler = text
        .match_indices(" on")
        .chain(text.match_indices("\non"))
        .any(|(i, m)| {
            let rest = &text[i + m.len()..];
            let name_len = rest.chars().take_while(|c| c.is_ascii_alphabetic()).count();
            name_len > 0 && rest[name_len..].trim_start().starts_with('=')
        });
    handler.then_some("an event handler attribute (`onload=`, `onclick=`…)")
}

/// The flags of a WebP's extended header (`VP8X`): 0x02 animation, 0x04
/// XMP, 0x08 EXIF; `None` for a simple WebP.
fn webp_extended_flags(bytes: &[u8]) -> Option<u8> {
    (bytes.get(8..16)? == b"WEBPVP8X").then(|| bytes.get(20).copied())?
}

/// Whether a JPEG's last scan is closed by an end-of-image marker (the
/// decoder would fill a truncated one with grey, silently). Markers cannot
/// occur inside the compressed data (an `FF` there is followed by `00`), so
/// the last `FF DA` starts the last scan; trailing data some cameras add
/// after the end marker is allowed.
fn jpeg_complete(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    let last_end = bytes.windows(2).rposition(|w| w == [0xFF, 0xD9]);
    match (last_scan, last_end) {
        (Some(scan), Some(end)) => end > scan,
        _ => false,
    }
}

/// A format's common name.
fn format_name(format: image::ImageFormat) -> String {
    match format {
        image::ImageFormat::Jpeg => "JPEG".into(),
        image::ImageFormat::Png => "PNG".into(),
        image::ImageFormat::WebP => "WebP".into(),
        image::ImageFormat::Gif => "GIF".into(),
        image::ImageFormat::Tiff => "TIFF".into(),
        image::ImageFormat::Bmp => "BMP".into(),
        image::ImageFormat::Avif => "AVIF".into(),
        other => format!("{other:?}").to_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        image::RgbImage::new(width, height)
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_png_is_measured() {
        let p = probe_bytes("a.png", &png(30, 20)).unwrap();
        assert_eq!(p.kind, Kind::Raster(Format::Png));
        assert_eq!((p.width, p.height), (30, 20));
        assert_eq!(p.digest.len(), 32);
    }

    #[test]
    fn a_lying_extension_is_refused() {
        let e = probe_bytes("a.jpg", &png(3, 2)).unwrap_err();
        assert!(e.contains("holds a PNG image but is named .jpg"), "{e}");
    }

    #[test]
    fn a_damaged_file_is_refused() {
        let e = probe_bytes("a.png", b"not an image").unwrap_err();
        assert!(e.contains("is not a PNG image"), "{e}");
    }

    #[test]
    fn an_svg_that_runs_code_is_refused() {
        let ok = probe_bytes("a.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"><text>on = off</text><circle r=\"1\"/></svg>");
        assert!(ok.is_ok(), "{ok:?}");
        for (svg, what) in [
            ("<svg><script>alert(1)</script></svg>", "<script>"),
            ("<svg onload=\"alert(1)\"></svg>", "event handler"),
            ("<svg>\n<rect\nonclick = \"x()\"/></svg>", "event handler"),
            (
                "<svg><a href=\"java\nscript:alert(1)\">x</a></svg>",
                "javascript:",
            ),
            (
                "<svg><foreignObject><p>x</p></foreignObject></svg>",
                "foreignObject",
            ),
        ] {
            let e = probe_bytes("a.svg", svg.as_bytes()).unwrap_err();
            assert!(e.contains(what), "{svg}: {e}");
        }
    }

    #[test]
    fn an_animated_webp_is_kept_as_it_is_unless_it_carries_metadata() {
        let animated = |flags: u8| {
            let mut b = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0".to_vec();
            b.extend_from_slice(&[flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            b
        };
        assert_eq!(
            probe_bytes("a.webp", &animated(0x02)).unwrap().kind,
            Kind::AsIs
        );
        let e = probe_bytes("a.webp", &animated(0x02 | 0x08)).unwrap_err();
        assert!(e.contains("animated WebP carrying EXIF"), "{e}");
    }

    #[test]
    fn other_files_are_attachments() {
        let p = probe_bytes("rapport.pdf", b"%PDF-1.4").unwrap();
        assert_eq!(p.kind, Kind::Attachment);
    }
}
