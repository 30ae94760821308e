//! The HTML of an image in an article's body: a `<picture>` with a WebP
//! `<source>` and an `<img>` in the source's format, both with every width
//! in `srcset`, and `width`/`height` on the `<img>` so the page does not
//! shift as it loads. Body images load lazily; the lead image is the
//! theme's (see `docs/templates.md`).

use super::{Image, Role};
use html_escape::encode_double_quoted_attribute as attr;

/// How wide a body image is shown, for the browser to pick a width: the
/// built-in theme's text column, or the screen when narrower.
pub const BODY_SIZES: &str = "(min-width: 42.5rem) 40rem, calc(100vw - 2.5rem)";

/// `url 480w, url 960w` for the variants of `role`.
pub fn srcset(image: &Image, role: Role) -> String {
    image
        .variants(role)
        .map(|v| format!("{} {}w", v.url, v.width))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `<picture>` of a body image with its alt text (and title, if any).
pub fn picture(image: &Image, alt: &str, title: &str) -> String {
    let title = match title {
        "" => String::new(),
        t => format!(" title=\"{}\"", attr(t)),
    };
    let img = image.default_variant();
    let size = match (img.width, img.height) {
        (0, _) | (_, 0) => String::new(),
        (w, h) => format!(" width=\"{w}\" height=\"{h}\""),
    };
    let fallback = srcset(image, Role::Fallback);
    if fallback.is_empty() {
        return format!(
            "<img src=\"{}\" alt=\"{}\"{title}{size} loading=\"lazy\" decoding=\"async\">",
            attr(&img.url),
            attr(alt)
        );
    }
    let modern = srcset(image, Role::Modern);
    let source = match modern.is_empty() {
        true => String::new(),
        false => format!(
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{BODY_SIZES}\">",
            attr(&modern)
        ),
    };
    format!(
        "<picture>{source}<img src=\"{}\" srcset=\"{}\" sizes=\"{BODY_SIZES}\" alt=\"{}\"{title}{size} loading=\"lazy\" decoding=\"async\"></picture>",
        attr(&img.url),
        attr(&fallback),
        attr(alt)
    )
}

/// The attributes an `<img>` written in raw HTML gets for `image` (set
/// where the writer did not set them).
pub fn img_attributes(image: &Image) -> Vec<(&'static str, String)> {
    let img = image.default_variant();
    let mut attributes = Vec::new();
    let fallback = srcset(image, Role::Fallback);
    if !fallback.is_empty() {
        attributes.push(("srcset", fallback));
        attributes.push(("sizes", BODY_SIZES.to_string()));
    }
    if img.width > 0 && img.height > 0 {
        attributes.push(("width", img.width.to_string()));
        attributes.push(("height", img.height.to_string()));
    }
    attributes.push(("loading", "lazy".into()));
    attributes.push(("decoding", "async".into()));
    attributes
}
