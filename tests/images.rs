//! Images end to end: photos beside the articles (and in page bundles),
//! the lead image, responsive variants, social cards, privacy, the cache
//! and bad input. Every check parses what the build wrote.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A photo-like JPEG: gradients and fine texture, `w`×`h`.
fn photo(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let n = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 23;
        image::Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            (128 + n * 3) as u8,
        ])
    });
    encode(
        image::DynamicImage::ImageRgb8(img),
        image::ImageFormat::Jpeg,
    )
}

/// A chart-like PNG, `w`×`h`.
fn chart(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, _| {
        if (x / 20) % 2 == 0 {
            image::Rgba([200, 30, 30, 255])
        } else {
            image::Rgba([255, 255, 255, 0])
        }
    });
    encode(
        image::DynamicImage::ImageRgba8(img),
        image::ImageFormat::Png,
    )
}

fn encode(img: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), format)
        .unwrap();
    out
}

/// A JPEG stored 60×40 (left half red, right half blue) whose EXIF says
/// "turn 90° clockwise to show" and gives a GPS position, as a phone writes.
fn phone_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(60, 40, |x, _| {
        if x < 30 {
            image::Rgb([230, 20, 20])
        } else {
            image::Rgb([20, 20, 230])
        }
    });
    let jpeg = encode(
        image::DynamicImage::ImageRgb8(img),
        image::ImageFormat::Jpeg,
    );
    // TIFF, little-endian: IFD0 (Orientation = 6, GPS IFD pointer), then
    // the GPS IFD (latitude N 48° 51' 24").
    let mut tiff: Vec<u8> = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        let mut e = Vec::new();
        e.extend(tag.to_le_bytes());
        e.extend(kind.to_le_bytes());
        e.extend(count.to_le_bytes());
        e.extend(value.to_le_bytes());
        e
    };
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(entry(0x0112, 3, 1, 6));
    tiff.extend(entry(0x8825, 4, 1, 38));
    tiff.extend(0u32.to_le_bytes());
    assert_eq!(tiff.len(), 38);
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(entry(0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")));
    tiff.extend(entry(0x0002, 5, 3, 68));
    tiff.extend(0u32.to_le_bytes());
    assert_eq!(tiff.len(), 68);
    for (n, d) in [(48u32, 1u32), (51, 1), (2400, 100)] {
        tiff.extend(n.to_le_bytes());
        tiff.extend(d.to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

/// The width and height of an image file.
fn size_of(path: &Path) -> (u32, u32) {
    image::ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .into_dimensions()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `public/media/`, relative to it.
fn media(f: &Fixture) -> BTreeSet<String> {
    tree(&f.out().join("media"))
        .into_iter()
        .map(|(p, _)| p.replace('\\', "/"))
        .collect()
}

const BUNDLE: &str = "fr/2025-01-29-le-moment";

/// A pair whose French version is a page bundle with a lead photo (and a
/// chart in a subfolder); the English version shows both from there.
fn photo_pair(f: &Fixture) {
    f.write_bytes(&format!("content/{BUNDLE}/photo.jpg"), &photo(1800, 1200));
    f.write_bytes(&format!("content/{BUNDLE}/img/carte.png"), &chart(700, 500));
    f.article(
        &format!("{BUNDLE}/index.md"),
        "title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\n\
         image: photo.jpg\nimage_alt: Des serveurs dans une salle\n\
         image_caption: Un centre de données à Hangzhou\nimage_credit: AFP",
        "Premier paragraphe.\n\n![La carte des centres](img/carte.png)\n\nFin.\n",
    );
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: The moment\ndate: 2025-01-29\ntranslation: fr/2025-01-29-le-moment/index.md\n\
         image_alt: Servers in a room\nimage_caption: A data centre in Hangzhou",
        "First paragraph.\n\n![The map of the centres](../fr/2025-01-29-le-moment/img/carte.png)\n",
    );
}

#[test]
fn photos_beside_an_article_are_published_in_every_width_once() {
    let f = Fixture::bilingual();
    photo_pair(&f);
    f.build_ok();
    let photo_widths = [480, 960, 1600];
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for w in photo_widths {
        expected.insert(format!("{BUNDLE}/photo-{w}.jpg"));
        expected.insert(format!("{BUNDLE}/photo-{w}.webp"));
    }
    expected.insert(format!("{BUNDLE}/photo-1200.jpg"));
    for w in [480, 700] {
        expected.insert(format!("{BUNDLE}/img/carte-{w}.png"));
        // A PNG's WebP carries its original's extension (photo.jpg and
        // photo.png may sit side by side).
        expected.insert(format!("{BUNDLE}/img/carte-png-{w}.webp"));
    }
    // One copy of each variant, whatever the number of languages using it;
    // never the original.
    assert_eq!(media(&f), expected);
    for file in &expected {
        let (w, h) = size_of(&f.out().join("media").join(file));
        let source_w = if file.contains("photo") { 1800 } else { 700 };
        assert!(w <= source_w, "{file} is wider than its source");
        let ratio = if file.contains("photo") {
            1200.0 / 1800.0
        } else {
            500.0 / 700.0
        };
        assert!(
            (f64::from(h) - f64::from(w) * ratio).abs() <= 1.0,
            "{file}: {w}×{h}"
        );
        assert!(file.contains(&format!("-{w}.")), "{file} is {w} wide");
    }

    for page in [
        "fr/2025/01/le-moment/index.html",
        "en/2025/01/the-moment/index.html",
    ] {
        let doc = f.html(page);
        // Every image URL of the page (src, srcset, <source>) is a file.
        for img in select(&doc, "img") {
            let src = attr(img, "src");
            let file = f
                .out()
                .join(src.strip_prefix("/blog/").expect("under the base path"));
            assert!(file.is_file(), "{page}: {src} is no file");
            // width and height are the file's, so nothing shifts as it loads.
            let (w, h) = size_of(&file);
            assert_eq!(
                (attr(img, "width"), attr(img, "height")),
                (w.to_string(), h.to_string())
            );
        }
        for e in select(&doc, "img[srcset], source[srcset]") {
            for candidate in attr(e, "srcset").split(", ") {
                let (url, descriptor) = candidate.split_once(' ').unwrap();
                let file = f.out().join(url.strip_prefix("/blog/").unwrap());
                let width: u32 = descriptor.trim_end_matches('w').parse().unwrap();
                assert_eq!(size_of(&file).0, width, "{url}");
            }
        }
        // The lead image: eager, first to fetch, with its caption and credit.
        let lead = one(&doc, ".lead-image img");
        assert_eq!(attr(lead, "fetchpriority"), "high");
        assert!(lead.value().attr("loading").is_none());
        assert_eq!(
            attr(lead, "src"),
            format!("/blog/media/{BUNDLE}/photo-1600.jpg")
        );
        assert_eq!(attr(one(&doc, ".lead-image source"), "type"), "image/webp");
        // Body images: lazy, in a <picture> with WebP first.
        let body = one(&doc, ".article-body picture img");
        assert_eq!(attr(body, "loading"), "lazy");
        assert_eq!(attr(body, "decoding"), "async");
        assert_eq!(
            attr(body, "src"),
            format!("/blog/media/{BUNDLE}/img/carte-700.png")
        );
    }
    let fr = f.html("fr/2025/01/le-moment/index.html");
    let en = f.html("en/2025/01/the-moment/index.html");
    // Alt text and captions are per language; the credit is the original's.
    assert_eq!(
        attr(one(&fr, ".lead-image img"), "alt"),
        "Des serveurs dans une salle"
    );
    assert_eq!(
        attr(one(&en, ".lead-image img"), "alt"),
        "Servers in a room"
    );
    assert_eq!(
        attr(one(&fr, ".article-body img"), "alt"),
        "La carte des centres"
    );
    let caption = raw_text(one(&fr, ".lead-image figcaption"));
    assert!(
        caption.starts_with("Un centre de données à Hangzhou"),
        "{caption}"
    );
    assert!(caption.ends_with("Photo\u{a0}: AFP"), "{caption}");
    // The credit is a name: a translation shows the original's.
    assert_eq!(
        text(one(&en, ".lead-image figcaption")),
        "A data centre in Hangzhou Photo: AFP"
    );

    // Social cards: the 1200-wide variant, absolute, and it exists.
    let og = |doc: &scraper::Html, p: &str| {
        attr(one(doc, &format!(r#"meta[property="{p}"]"#)), "content")
    };
    let image = og(&en, "og:image");
    assert_eq!(
        image,
        format!("https://example.org/blog/media/{BUNDLE}/photo-1200.jpg")
    );
    assert!(
        f.out()
            .join(image.strip_prefix("https://example.org/blog/").unwrap())
            .is_file()
    );
    assert_eq!(
        (og(&en, "og:image:width"), og(&en, "og:image:height")),
        ("1200".into(), "800".into())
    );
    assert_eq!(og(&en, "og:image:alt"), "Servers in a room");
    assert_eq!(
        attr(one(&en, r#"meta[name="twitter:card"]"#), "content"),
        "summary_large_image"
    );
    let home = f.html("en/index.html");
    assert_eq!(
        attr(one(&home, r#"meta[name="twitter:card"]"#), "content"),
        "summary"
    );
    assert!(select(&home, r#"meta[property="og:image"]"#).is_empty());

    // Listings show the lead image on the card; the feed carries it.
    let card = one(&home, ".card .card-image img");
    assert_eq!(attr(card, "alt"), "Servers in a room");
    let feed = f.read("en/atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let enclosure = doc
        .descendants()
        .find(|n| n.has_tag_name("link") && n.attribute("rel") == Some("enclosure"))
        .expect("an enclosure");
    assert_eq!(enclosure.attribute("type"), Some("image/jpeg"));
    assert_eq!(
        enclosure.attribute("href"),
        Some(format!("/blog/media/{BUNDLE}/photo-1600.jpg").as_str())
    );

    // `check` follows every variant and finds nothing wrong.
    let out = f.check(&[]);
    assert!(stdout(&out).contains("check: 0 errors"), "{}", stdout(&out));
}

#[test]
fn published_images_carry_no_camera_metadata_and_stand_upright() {
    let f = Fixture::bilingual();
    let original = phone_photo();
    let gps = b"N\0\0\0";
    assert!(original.windows(4).any(|w| w == b"Exif"));
    f.write_bytes("content/fr/telephone.jpg", &original);
    f.write(
        "site.toml",
        &format!("{BILINGUAL}\n[images]\nwidths = [20, 30]\npublish_originals = false\n"),
    );
    f.article(
        "fr/2025-01-29-tel.md",
        "title: Téléphone\ndate: 2025-01-29\nimage: telephone.jpg\nimage_alt: Une photo",
        "Texte.\n",
    );
    f.build_ok();
    let files = media(&f);
    assert_eq!(
        files,
        // The configured widths, and the social variant at the photo's own
        // width, cut to a landscape (the photo stands upright: a portrait).
        [
            "fr/telephone-20.jpg",
            "fr/telephone-20.webp",
            "fr/telephone-30.jpg",
            "fr/telephone-30.webp",
            "fr/telephone-40x21.jpg"
        ]
        .into_iter()
        .map(String::from)
        .collect()
    );
    for file in &files {
        let bytes = std::fs::read(f.out().join("media").join(file)).unwrap();
        for marker in [&b"Exif"[..], b"EXIF", b"eXIf", b"XMP", gps] {
            assert!(
                !bytes.windows(marker.len()).any(|w| w == marker),
                "{file} holds {:?}",
                String::from_utf8_lossy(marker)
            );
        }
    }
    // Stored 60×40, shown turned: 40 wide, 60 high, the red half on top.
    let upright = image::open(f.out().join("media/fr/telephone-30.jpg"))
        .unwrap()
        .to_rgb8();
    assert_eq!(upright.dimensions(), (30, 45));
    let top = upright.get_pixel(15, 4);
    let bottom = upright.get_pixel(15, 41);
    assert!(top[0] > 150 && top[2] < 100, "top is red: {top:?}");
    assert!(
        bottom[2] > 150 && bottom[0] < 100,
        "bottom is blue: {bottom:?}"
    );
}

#[test]
fn the_cache_skips_encoding_and_output_stays_byte_identical() {
    let f = Fixture::bilingual();
    photo_pair(&f);
    let first = f.build_ok();
    assert!(
        stdout(&first).contains("images: 11 variants encoded, 0 reused from .gazette-cache/"),
        "{}",
        stdout(&first)
    );
    let built = tree(&f.out());
    let again = f.build_ok();
    assert!(
        stdout(&again).contains("images: 0 variants encoded, 11 reused"),
        "{}",
        stdout(&again)
    );
    assert_eq!(tree(&f.out()), built);
    // Safe to delete: the encoders are deterministic.
    std::fs::remove_dir_all(f.root().join(".gazette-cache")).unwrap();
    let cold = f.build_ok();
    assert!(
        stdout(&cold).contains("11 variants encoded"),
        "{}",
        stdout(&cold)
    );
    assert_eq!(tree(&f.out()), built);
    // An edited image is encoded again, and only it.
    f.write_bytes(&format!("content/{BUNDLE}/img/carte.png"), &chart(600, 500));
    let edited = f.build_ok();
    assert!(
        stdout(&edited).contains("images: 4 variants encoded, 7 reused"),
        "{}",
        stdout(&edited)
    );
    assert!(media(&f).contains(&format!("{BUNDLE}/img/carte-600.png")));
    assert!(!media(&f).contains(&format!("{BUNDLE}/img/carte-700.png")));
}

/// A PNG that declares 100,000 × 100,000 pixels in a few bytes.
fn bomb() -> Vec<u8> {
    let mut png = chart(1, 1);
    // IHDR's width and height follow the 8-byte signature, length and type.
    png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    // The chunk's CRC covers its type and data.
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// CRC-32 as PNG chunks use it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn bad_images_fail_naming_the_article_and_keep_the_output() {
    let body = |f: &Fixture, markdown: &str| {
        f.article(
            "fr/2025-02-01-photos.md",
            "title: Photos\ndate: 2025-02-01",
            &format!("Intro.\n\n{markdown}\n"),
        );
    };
    let at = "content/fr/2025-02-01-photos.md:7:";
    fails_keeping_output(
        |f| body(f, "![absente](absente.jpg)"),
        &[&format!(
            "{at} `absente.jpg`: no file content/fr/absente.jpg"
        )],
    );
    fails_keeping_output(
        |f| body(f, "![dehors](../../../../etc/x.png)"),
        &[&format!(
            "{at} `../../../../etc/x.png` climbs out of content/"
        )],
    );
    fails_keeping_output(
        |f| {
            let png = chart(300, 200);
            f.write_bytes("content/fr/coupee.png", &png[..png.len() / 2]);
            body(f, "![coupée](coupee.png)");
        },
        &["content/fr/coupee.png: cannot be decoded (damaged or truncated?)"],
    );
    fails_keeping_output(
        |f| {
            f.write_bytes("content/fr/menteuse.jpg", &chart(30, 20));
            body(f, "![m](menteuse.jpg)");
        },
        &[&format!(
            "{at} `menteuse.jpg`: content/fr/menteuse.jpg holds a PNG image but is named .jpg: rename it .png"
        )],
    );
    fails_keeping_output(
        |f| {
            f.write_bytes("content/fr/bombe.png", &bomb());
            body(f, "![b](bombe.png)");
        },
        &["content/fr/bombe.png declares an image larger than the 16384×16384 pixels"],
    );
    fails_keeping_output(
        |f| {
            f.write_bytes("content/fr/scan.bmp", b"BM fake bitmap");
            body(f, "![s](scan.bmp)");
        },
        &["content/fr/scan.bmp is a .bmp image, which Gazette does not publish"],
    );
    fails_keeping_output(
        |f| {
            f.write_bytes("content/fr/doc.pdf", b"%PDF-1.4");
            body(f, "![d](doc.pdf)");
        },
        &[&format!(
            "{at} `doc.pdf` is shown as an image but is not one"
        )],
    );
    fails_keeping_output(
        |f| {
            f.write_bytes("content/fr/p.jpg", &photo(40, 30));
            f.article(
                "fr/2025-02-01-photos.md",
                "title: Photos\ndate: 2025-02-01\nimage: p.jpg",
                "Intro.\n",
            );
        },
        &[
            "content/fr/2025-02-01-photos.md:4: `image_alt:` is missing: `image:` needs a short description",
        ],
    );
    fails_keeping_output(
        |f| {
            f.article(
                "fr/2025-02-01-photos.md",
                "title: Photos\ndate: 2025-02-01\nimage: nulle-part.jpg\nimage_alt: Rien",
                "Intro.\n",
            );
        },
        &["content/fr/2025-02-01-photos.md:4: `nulle-part.jpg`: no file content/fr/nulle-part.jpg"],
    );
    #[cfg(unix)]
    fails_keeping_output(
        |f| {
            std::os::unix::fs::symlink("/etc/hostname", f.root().join("content/fr/lien.png"))
                .unwrap();
            body(f, "![l](lien.png)");
        },
        &["content/fr/lien.png: is a symbolic link"],
    );
}

#[test]
fn a_translation_showing_its_originals_image_needs_its_own_alt_text() {
    let err = fails_keeping_output(
        |f| {
            f.write_bytes("content/fr/p.jpg", &photo(40, 30));
            f.article(
                "fr/2025-01-29-le-moment.md",
                "title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\nimage: p.jpg\nimage_alt: Une photo",
                "Texte.\n",
            );
        },
        &[
            "content/en/2025-01-29-the-moment.md: this translation shows the lead image of fr/2025-01-29-le-moment.md but has no `image_alt:`",
        ],
    );
    assert!(
        !err.contains("le-moment.md:"),
        "the original is fine: {err}"
    );
}

#[test]
fn check_notes_images_without_alt_text_and_heavy_originals() {
    let f = Fixture::bilingual();
    pair(&f);
    // Noise does not compress: a 6 MB original.
    let mut seed = 1u32;
    let noisy = image::RgbImage::from_fn(1500, 1400, |_, _| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let b = seed.to_le_bytes();
        image::Rgb([b[1], b[2], b[3]])
    });
    let png = encode(
        image::DynamicImage::ImageRgb8(noisy),
        image::ImageFormat::Png,
    );
    assert!(png.len() > 5 * 1024 * 1024);
    f.write_bytes("content/fr/lourde.png", &png);
    f.write_bytes("content/fr/graphique.png", &chart(100, 50));
    f.article(
        "fr/2025-02-01-images.md",
        "title: Images\ndate: 2025-02-01",
        "Intro.\n\n![](graphique.png)\n\n![Du bruit](lourde.png)\n",
    );
    let out = f.check(&[]);
    let report = stdout(&out);
    assert!(report.contains("check: 0 errors"), "{report}");
    assert!(
        report.contains("content/fr/2025-02-01-images.md:7: image /blog/media/fr/graphique-100.png has no alt text"),
        "{report}"
    );
    assert!(
        report.contains("content/fr/lourde.png: the original is 6.0 MB (1500×1400 pixels)"),
        "{report}"
    );
    assert!(!report.contains("graphique.png: the original"), "{report}");
}

#[test]
fn a_default_social_image_serves_pages_without_a_lead_image() {
    let f = Fixture::bilingual();
    pair(&f);
    f.write(
        "site.toml",
        &format!("{BILINGUAL}\n[images]\nsocial_default = \"card.png\"\n"),
    );
    f.write_bytes("static/card.png", &chart(1200, 630));
    f.build_ok();
    let doc = f.html("fr/2025/01/le-moment/index.html");
    let content = |p: &str| attr(one(&doc, &format!(r#"meta[property="{p}"]"#)), "content");
    assert_eq!(content("og:image"), "https://example.org/blog/card.png");
    assert_eq!(
        (content("og:image:width"), content("og:image:height")),
        ("1200".into(), "630".into())
    );
    assert_eq!(
        attr(one(&doc, r#"meta[name="twitter:card"]"#), "content"),
        "summary"
    );

    f.write(
        "site.toml",
        &format!("{BILINGUAL}\n[images]\nsocial_default = \"absente.png\"\n"),
    );
    let err = f.build_err();
    assert!(
        err.contains(
            "site.toml:15: [images] social_default `absente.png` is not a file of static/"
        ),
        "{err}"
    );
}

#[test]
fn originals_and_webp_follow_the_site_settings() {
    let f = Fixture::bilingual();
    f.write(
        "site.toml",
        &format!("{BILINGUAL}\n[images]\nwidths = [100]\nwebp = false\npublish_originals = true\nsocial_width = 150\n"),
    );
    f.write_bytes("content/fr/a.jpg", &photo(300, 200));
    f.write_bytes(
        "content/fr/anime.gif",
        &encode(image::DynamicImage::new_rgb8(8, 8), image::ImageFormat::Gif),
    );
    f.write(
        "content/fr/schema.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    );
    f.write_bytes("content/fr/rapport.pdf", b"%PDF-1.4 rapport");
    f.article(
        "fr/2025-01-29-a.md",
        "title: A\ndate: 2025-01-29\nimage: a.jpg\nimage_alt: Un dégradé",
        "![Anim](anime.gif) ![Schéma](schema.svg) [Le rapport](rapport.pdf)\n",
    );
    f.build_ok();
    let expected: BTreeSet<String> = [
        "fr/a-100.jpg",
        "fr/a-150.jpg",
        "fr/a.jpg",
        "fr/anime.gif",
        "fr/schema.svg",
        "fr/rapport.pdf",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(media(&f), expected);
    // Files shown as they are keep their bytes.
    assert_eq!(
        std::fs::read(f.out().join("media/fr/rapport.pdf")).unwrap(),
        b"%PDF-1.4 rapport"
    );
    let doc = f.html("fr/2025/01/a/index.html");
    assert!(select(&doc, "source").is_empty(), "no WebP source");
    assert_eq!(
        attr(one(&doc, "a[href$='.pdf']"), "href"),
        "/blog/media/fr/rapport.pdf"
    );
    let gif = one(&doc, ".article-body img[alt=Anim]");
    assert_eq!(
        (attr(gif, "src"), attr(gif, "width")),
        ("/blog/media/fr/anime.gif".into(), "8".into())
    );
    let svg = one(&doc, ".article-body img[alt='Schéma']");
    assert_eq!(attr(svg, "src"), "/blog/media/fr/schema.svg");
}

#[test]
fn a_portrait_lead_image_gets_a_landscape_social_crop_of_its_own() {
    let f = Fixture::bilingual();
    f.write_bytes(
        &format!("content/{BUNDLE}/portrait.jpg"),
        &photo(1200, 1800),
    );
    f.article(
        &format!("{BUNDLE}/index.md"),
        "title: Le moment\ndate: 2025-01-29\nimage: portrait.jpg\nimage_alt: Une chercheuse",
        "Premier paragraphe.\n",
    );
    f.build_ok();
    let doc = f.html("fr/2025/01/le-moment/index.html");
    let og = |p: &str| attr(one(&doc, &format!(r#"meta[property="{p}"]"#)), "content");
    assert_eq!(
        og("og:image"),
        format!("https://example.org/blog/media/{BUNDLE}/portrait-1200x628.jpg")
    );
    assert_eq!(
        (og("og:image:width"), og("og:image:height")),
        ("1200".into(), "628".into())
    );
    let media = f.out().join("media").join(BUNDLE);
    assert_eq!(size_of(&media.join("portrait-1200x628.jpg")), (1200, 628));
    // The page's own widths keep the portrait's shape.
    assert_eq!(size_of(&media.join("portrait-1200.jpg")), (1200, 1800));
    // Cut from the upper part: the photo's green grows from top to bottom,
    // and the crop (not scaled: same width) starts 30 % down what is cut
    // off, so its middle row is the original's row 352 + 314.
    let crop = image::open(media.join("portrait-1200x628.jpg"))
        .unwrap()
        .to_rgb8();
    let green = f64::from(crop.get_pixel(600, 314)[1]);
    let top = (1800.0 - 1200.0 / 1.91) * 0.3;
    let expected = (top + 314.0) / 1800.0 * 255.0;
    assert!(
        (green - expected).abs() < 12.0,
        "green {green}, expected about {expected}"
    );
    // A landscape photo keeps its ratio.
    f.write_bytes(
        &format!("content/{BUNDLE}/portrait.jpg"),
        &photo(1800, 1200),
    );
    f.build_ok();
    let doc = f.html("fr/2025/01/le-moment/index.html");
    let height = attr(one(&doc, r#"meta[property="og:image:height"]"#), "content");
    assert_eq!(height, "800");
}

/// The cache entries of the fixture's variants (not their checksums).
fn cache_entries(f: &Fixture) -> Vec<PathBuf> {
    let dir = f.root().join(".gazette-cache/images");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "jpg" || e == "png" || e == "webp")
        })
        .collect();
    entries.sort();
    entries
}

#[test]
fn the_cache_is_an_input_links_and_damaged_entries_are_never_published() {
    let f = Fixture::bilingual();
    photo_pair(&f);
    f.build_ok();
    let built = tree(&f.out());
    let entries = cache_entries(&f);
    assert_eq!(entries.len(), 11);

    // Published files share no inode with the cache: truncating an entry
    // cannot break the live site.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        for (path, _) in &built {
            let meta = std::fs::symlink_metadata(f.out().join(path)).unwrap();
            assert_eq!(meta.nlink(), 1, "{path} shares its file");
        }
    }

    // A link to a file of the machine, a truncated entry, a zero-byte one
    // and random bytes: none is published, all are made again.
    let secret = f.root().join("secret.txt");
    std::fs::write(&secret, "the machine's secret").unwrap();
    std::fs::remove_file(&entries[0]).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, &entries[0]).unwrap();
    #[cfg(not(unix))]
    std::fs::write(&entries[0], "the machine's secret").unwrap();
    let bytes = std::fs::read(&entries[1]).unwrap();
    std::fs::write(&entries[1], &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(&entries[2], b"").unwrap();
    std::fs::write(&entries[3], b"\x89PNG random bytes that are no image").unwrap();
    let out = f.build_ok();
    let report = stdout(&out);
    assert!(
        report.contains("images: 4 variants encoded, 7 reused"),
        "{report}"
    );
    assert!(
        report.contains("note: 4 cache entries were not used"),
        "{report}"
    );
    assert_eq!(tree(&f.out()), built, "the same site as from a clean cache");
    for (path, bytes) in tree(&f.out()) {
        let meta = std::fs::symlink_metadata(f.out().join(&path)).unwrap();
        assert!(meta.file_type().is_file(), "{path} is a link");
        assert!(
            !String::from_utf8_lossy(&bytes).contains("secret"),
            "{path}"
        );
    }
}

/// The names in the cache folder.
fn cache_names(f: &Fixture) -> BTreeSet<String> {
    std::fs::read_dir(f.root().join(".gazette-cache/images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect()
}

#[test]
fn build_gc_removes_what_the_site_no_longer_uses_and_nothing_else() {
    let f = Fixture::bilingual();
    photo_pair(&f);
    f.build_ok();
    let dir = f.root().join(".gazette-cache/images");
    // An older encoder's entry, a write a killed build left, the editor's
    // own file, and a link named like an entry to a file outside the cache.
    let entry = cache_entries(&f)[0]
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let older = entry.replace("-v3.", "-v2.");
    std::fs::write(dir.join(&older), b"older").unwrap();
    std::fs::write(dir.join(format!("{older}.sha256")), b"sum").unwrap();
    let unfinished = entry.replace("-v3.", "-v3.tmp99-ThreadId(2)-");
    std::fs::write(dir.join(&unfinished), b"half").unwrap();
    std::fs::write(dir.join("notes.txt"), b"the editor's").unwrap();
    let outside = f.root().join("outside.jpg");
    std::fs::write(&outside, b"not the cache's").unwrap();
    let link = format!("{}-1x1-q80-v3.jpg", &entry[..32]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, dir.join(&link)).unwrap();
    #[cfg(not(unix))]
    std::fs::write(dir.join(&link), b"link").unwrap();

    let with_junk = cache_names(&f);

    // An edited chart: its old variants stay without --gc...
    f.write_bytes(&format!("content/{BUNDLE}/img/carte.png"), &chart(600, 500));
    let plain = f.build_ok();
    assert!(
        !stdout(&plain).contains("image cache:"),
        "{}",
        stdout(&plain)
    );
    let after_edit = cache_names(&f);
    assert!(after_edit.is_superset(&with_junk));
    let made_by_edit: BTreeSet<String> = after_edit
        .iter()
        .filter(|n| !with_junk.contains(*n))
        .cloned()
        .collect();
    assert_eq!(made_by_edit.len(), 8, "{made_by_edit:?}");

    // ...and go with it, with everything else the cache made and no longer uses.
    let built = tree(&f.out());
    let gc = f.build(&["--gc"]);
    assert!(gc.status.success(), "{}", stderr(&gc));
    let report = stdout(&gc);
    assert!(
        report.contains("images: 0 variants encoded, 11 reused"),
        "{report}"
    );
    // 4 variants of the old chart and their checksums, the older entry and
    // its checksum, the unfinished write, the link.
    assert!(
        report.contains("image cache: 12 unused files removed ("),
        "{report}"
    );
    assert_eq!(tree(&f.out()), built, "the site is the same");
    let left = cache_names(&f);
    assert!(left.contains("notes.txt"), "{left:?}");
    assert!(left.contains("probes.tsv"), "{left:?}");
    assert!(!left.contains(&older) && !left.contains(&unfinished) && !left.contains(&link));
    assert_eq!(std::fs::read(&outside).unwrap(), b"not the cache's");
    assert!(made_by_edit.is_subset(&left));
    assert_eq!(left.len(), 11 * 2 + 2, "{left:?}");

    // Everything the site uses is still there: nothing to encode.
    let again = f.build(&["--gc", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(json["gc"]["files"], 0, "{json}");
    assert_eq!(json["images"]["encoded"], 0, "{json}");
    assert_eq!(json["images"]["reused"], 11, "{json}");
    assert_eq!(cache_names(&f), left);
    let warm = f.build_ok();
    assert!(
        stdout(&warm).contains("images: 0 variants encoded, 11 reused"),
        "{}",
        stdout(&warm)
    );

    // A chart no article shows any more: its variants and its record go.
    let probes = || std::fs::read_to_string(dir.join("probes.tsv")).unwrap();
    assert!(probes().contains("img/carte.png\t"), "{}", probes());
    std::fs::remove_file(f.root().join(format!("content/{BUNDLE}/img/carte.png"))).unwrap();
    f.article(
        &format!("{BUNDLE}/index.md"),
        "title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\n\
         image: photo.jpg\nimage_alt: Des serveurs dans une salle",
        "Premier paragraphe.\n",
    );
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: The moment\ndate: 2025-01-29\ntranslation: fr/2025-01-29-le-moment/index.md\n\
         image_alt: Servers in a room",
        "First paragraph.\n",
    );
    let gone = f.build(&["--gc"]);
    assert!(
        stdout(&gone).contains("image cache: 8 unused files removed"),
        "{}",
        stdout(&gone)
    );
    assert!(made_by_edit.is_disjoint(&cache_names(&f)));
    assert!(!probes().contains("carte"), "{}", probes());
    assert!(probes().contains("photo.jpg\t"), "{}", probes());
}

#[cfg(unix)]
#[test]
fn a_cache_folder_that_is_a_link_is_neither_read_written_nor_pruned() {
    let f = Fixture::bilingual();
    photo_pair(&f);
    f.build_ok();
    let built = tree(&f.out());
    // The cache moved out of the site, a link left in its place: its
    // entries are good, but from elsewhere on the machine.
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("images");
    let cache = f.root().join(".gazette-cache/images");
    std::fs::rename(&cache, &outside).unwrap();
    let junk = format!("{}-1x1-q80-v2.jpg", "0".repeat(32));
    std::fs::write(outside.join(&junk), b"old").unwrap();
    std::os::unix::fs::symlink(&outside, &cache).unwrap();
    let before = tree(&outside);

    let out = f.build(&["--gc"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("images: 11 variants encoded, 0 reused"),
        "{report}"
    );
    assert!(
        report.contains(".gazette-cache/images: is a link or a file, not a folder of the site: the image cache was not used"),
        "{report}"
    );
    assert!(!report.contains("image cache: "), "{report}");
    assert_eq!(tree(&outside), before, "nothing written or removed there");
    assert_eq!(tree(&f.out()), built);

    // The same when `.gazette-cache` itself is a file.
    std::fs::remove_file(&cache).unwrap();
    std::fs::remove_dir(f.root().join(".gazette-cache")).unwrap();
    std::fs::write(f.root().join(".gazette-cache"), b"a file").unwrap();
    let report = stdout(&f.build_ok());
    assert!(
        report.contains(".gazette-cache: is a link or a file, not a folder of the site"),
        "{report}"
    );
    assert_eq!(tree(&f.out()), built);
    // The dev server says so too.
    let said = serve_first_words(&f);
    assert!(
        said.contains("note: ")
            && said.contains(".gazette-cache: is a link or a file, not a folder of the site"),
        "{said}"
    );
}

#[test]
fn a_wrong_record_of_an_image_stops_the_build_instead_of_publishing_the_original() {
    let f = Fixture::bilingual();
    photo_pair(&f);
    f.build_ok();
    let built = tree(&f.out());
    let record = f.root().join(".gazette-cache/images/probes.tsv");
    let text = std::fs::read_to_string(&record).unwrap();
    assert!(text.contains("\tjpeg\t"), "{text}");
    std::fs::write(&record, text.replace("\tjpeg\t", "\tas-is\t")).unwrap();
    let err = f.build_err();
    assert!(
        err.contains("photo.jpg: changed while the build was reading it (or .gazette-cache/images/probes.tsv was wrong about it)"),
        "{err}"
    );
    assert_eq!(tree(&f.out()), built, "nothing published is lost");
    // The record was dropped: the next build probes the file afresh.
    f.build_ok();
    assert_eq!(tree(&f.out()), built);
    assert!(
        !media(&f).contains(&format!("{BUNDLE}/photo.jpg")),
        "no original"
    );
}

#[test]
fn an_image_taller_than_webp_allows_is_published_without_webp_and_never_panics() {
    let f = Fixture::bilingual();
    f.write_bytes("content/fr/bande.png", &chart(1, 16_384));
    f.article(
        "fr/2025-01-29-bande.md",
        "title: Bande\ndate: 2025-01-29",
        "![Une bande très haute](bande.png)\n",
    );
    let out = f.build(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    let files = media(&f);
    assert!(files.contains("fr/bande-1.png"), "{files:?}");
    assert!(!files.iter().any(|f| f.ends_with(".webp")), "{files:?}");
}

#[test]
fn a_truncated_jpeg_and_one_declaring_too_many_pixels_are_refused_before_decoding() {
    let whole = photo(640, 480);
    // Half a photo: the decoder would publish its bottom half grey.
    let half = whole[..whole.len() / 2].to_vec();
    // A small file declaring 12,000 × 12,000 pixels (144 megapixels).
    let mut huge = photo(64, 64);
    let sof = huge
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("a baseline JPEG");
    huge[sof + 5..sof + 7].copy_from_slice(&12_000u16.to_be_bytes());
    huge[sof + 7..sof + 9].copy_from_slice(&12_000u16.to_be_bytes());
    for (bytes, expected) in [
        (half, "is truncated: its image data has no end"),
        (
            huge,
            "is 12000×12000 pixels, over the 100 megapixels an image may have",
        ),
    ] {
        fails_keeping_output(
            |f| {
                f.write_bytes("content/fr/photo.jpg", &bytes);
                f.article(
                    "fr/2025-02-01-x.md",
                    "title: X\ndate: 2025-02-01",
                    "![Une photo](photo.jpg)\n",
                );
            },
            &["content/fr/2025-02-01-x.md:5:", expected],
        );
    }
    // The limit is the site's to set.
    let f = Fixture::new(&format!("{BILINGUAL}\n[images]\nmax_megapixels = 1\n"));
    f.write_bytes("content/fr/photo.jpg", &photo(1200, 1000));
    f.article(
        "fr/2025-02-01-x.md",
        "title: X\ndate: 2025-02-01",
        "![Une photo](photo.jpg)\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("is 1200×1000 pixels, over the 1 megapixels"),
        "{err}"
    );
    // Data a camera adds after the end of the image is fine.
    let f = Fixture::bilingual();
    let mut trailer = whole.clone();
    trailer.extend_from_slice(b"\0\0MPF trailer from a camera");
    f.write_bytes("content/fr/photo.jpg", &trailer);
    f.article(
        "fr/2025-02-01-x.md",
        "title: X\ndate: 2025-02-01",
        "![Une photo](photo.jpg)\n",
    );
    f.build_ok();
}

#[test]
fn a_gif_is_published_without_the_text_it_carries() {
    let mut gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec();
    gif.extend_from_slice(&[0, 0, 0, 255, 255, 255]);
    gif.extend_from_slice(b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00");
    gif.extend_from_slice(b"\x21\xFE\x14GPS 48.85N SecretCam\x00");
    gif.extend_from_slice(b"\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3B");
    let f = Fixture::bilingual();
    f.write_bytes("content/fr/anim.gif", &gif);
    f.article(
        "fr/2025-02-01-x.md",
        "title: X\ndate: 2025-02-01",
        "![Une animation](anim.gif)\n",
    );
    f.build_ok();
    let published = std::fs::read(f.out().join("media/fr/anim.gif")).unwrap();
    assert!(!String::from_utf8_lossy(&published).contains("SecretCam"));
    assert!(
        String::from_utf8_lossy(&published).contains("NETSCAPE2.0"),
        "the loop stays"
    );
    assert_eq!(size_of(&f.out().join("media/fr/anim.gif")), (1, 1));
}

#[test]
fn a_decorative_lead_image_has_an_empty_alt_and_check_says_so() {
    let f = Fixture::bilingual();
    f.write_bytes("content/fr/motif.jpg", &photo(400, 300));
    f.article(
        "fr/2025-02-01-motif.md",
        "title: Motif\ndate: 2025-02-01\nimage: motif.jpg\nimage_alt: \"\"",
        "Texte.\n",
    );
    let out = f.build_ok();
    let doc = f.html("fr/2025/02/motif/index.html");
    let img = one(&doc, "article picture img");
    assert_eq!(img.value().attr("alt"), Some(""));
    // No empty description offered to social networks either.
    assert!(select(&doc, "meta[property='og:image']").len() == 1);
    assert!(select(&doc, "meta[property='og:image:alt']").is_empty());
    assert!(select(&doc, "meta[name='twitter:image:alt']").is_empty());
    let note = "content/fr/2025-02-01-motif.md:5: `image_alt:` is empty: the lead image is published as decoration";
    assert!(
        stderr(&out).contains(note) || stdout(&out).contains(note),
        "{}",
        stderr(&out)
    );
    let check = f.check(&[]);
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(
        stdout(&check).contains(note) || stderr(&check).contains(note),
        "{}",
        stdout(&check)
    );
}

#[test]
fn a_jpeg_and_a_png_of_one_name_publish_distinct_variants_and_a_real_clash_names_both() {
    let f = Fixture::bilingual();
    f.write_bytes("content/fr/photo.jpg", &photo(300, 200));
    f.write_bytes("content/fr/photo.png", &chart(300, 200));
    f.article(
        "fr/2025-02-01-deux.md",
        "title: Deux\ndate: 2025-02-01",
        "![Une photo](photo.jpg)\n\n![Un graphique](photo.png)\n",
    );
    f.build_ok();
    let doc = f.html("fr/2025/02/deux/index.html");
    let webp: Vec<String> = select(&doc, "picture source")
        .into_iter()
        .map(|s| attr(s, "srcset"))
        .collect();
    assert_eq!(webp.len(), 2, "{webp:?}");
    assert_ne!(webp[0], webp[1]);
    for set in &webp {
        let first = set.split(' ').next().unwrap();
        let file = first.trim_start_matches("/blog/");
        assert!(f.out().join(file).is_file(), "{file}");
    }
    assert!(webp[1].contains("photo-png-"), "{webp:?}");
    // The same photo as .jpg and .jpeg: one error naming both files.
    f.write_bytes("content/fr/photo.jpeg", &photo(300, 200));
    f.article(
        "fr/2025-02-02-trois.md",
        "title: Trois\ndate: 2025-02-02",
        "![Une autre](photo.jpeg)\n",
    );
    let err = f.build_err();
    assert_eq!(
        err.matches("would also be content/fr/photo.jpeg's").count()
            + err.matches("would also be content/fr/photo.jpg's").count(),
        1,
        "{err}"
    );
    assert!(err.contains("content/fr/photo.jp"), "{err}");
}
