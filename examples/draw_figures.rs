//! Draws the example site's images (charts and a diagram), so the repo
//! holds no downloaded photo and anyone can make them again:
//!
//! ```text
//! cargo run --example draw_figures
//! ```
//!
//! Writes into `content/`; deterministic (same pixels every run).

#![allow(clippy::print_stdout)] // a script: it says what it wrote

use image::{Rgb, RgbImage};
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    save(
        &markets(1800, 1000),
        &root.join("fr/2025-01-29-le-moment-spoutnik-de-l-ia/marches.jpg"),
    );
    save(
        &leaderboard(1400, 800),
        &root.join("fr/images/classement.png"),
    );
    save(
        &pipeline(1600, 900),
        &root.join("fr/images/chaine-statique.png"),
    );
    save(
        &portrait([179, 38, 30], [250, 232, 214]),
        &root.join("authors/claire.png"),
    );
    save(
        &portrait([31, 78, 140], [222, 234, 246]),
        &root.join("authors/tom.png"),
    );
    let site = root.parent().expect("content/ is in the site");
    save(&logo(), &site.join("static/logo.png"));
}

/// The publisher's mark, for search engines: a red square and a folded page.
fn logo() -> RgbImage {
    let mut img = RgbImage::from_pixel(512, 512, Rgb([179, 38, 30]));
    rect(&mut img, 136, 120, 240, 290, [251, 250, 247]);
    for row in 0..5 {
        rect(&mut img, 172, 170 + row * 44, 168, 16, [179, 38, 30]);
    }
    img
}

/// An author's portrait, drawn: a head and shoulders on a plain ground.
fn portrait(figure: [u8; 3], ground: [u8; 3]) -> RgbImage {
    let mut img = RgbImage::from_pixel(480, 480, Rgb(ground));
    disc(&mut img, 240.0, 560.0, 230.0, figure);
    disc(&mut img, 240.0, 200.0, 105.0, figure);
    img
}

fn save(img: &RgbImage, path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    img.save(path).unwrap();
    println!("wrote {}", path.display());
}

/// A small deterministic noise, for a printed, photographic grain.
fn grain(x: u32, y: u32) -> i32 {
    let mut h = x.wrapping_mul(374_761_393) ^ y.wrapping_mul(668_265_263);
    h = (h ^ (h >> 13)).wrapping_mul(1_274_126_177);
    (h >> 28) as i32 - 8
}

fn shade(c: [u8; 3], d: i32) -> Rgb<u8> {
    Rgb(c.map(|v| (i32::from(v) + d).clamp(0, 255) as u8))
}

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> [u8; 3] {
    [0, 1, 2].map(|i| (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t) as u8)
}

fn disc(img: &mut RgbImage, cx: f32, cy: f32, r: f32, c: [u8; 3]) {
    let (w, h) = img.dimensions();
    let (x0, x1) = ((cx - r).max(0.0) as u32, ((cx + r) as u32).min(w - 1));
    let (y0, y1) = ((cy - r).max(0.0) as u32, ((cy + r) as u32).min(h - 1));
    for y in y0..=y1 {
        for x in x0..=x1 {
            let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
            if d <= r {
                img.put_pixel(x, y, Rgb(c));
            }
        }
    }
}

/// A thick line from `a` to `b`.
fn line(img: &mut RgbImage, a: (f32, f32), b: (f32, f32), width: f32, c: [u8; 3]) {
    let steps = ((b.0 - a.0).abs().max((b.1 - a.1).abs()) * 2.0) as usize + 1;
    for i in 0..=steps {
        let t = i as f32 / steps as f32;
        disc(
            img,
            a.0 + (b.0 - a.0) * t,
            a.1 + (b.1 - a.1) * t,
            width / 2.0,
            c,
        );
    }
}

fn rect(img: &mut RgbImage, x: u32, y: u32, w: u32, h: u32, c: [u8; 3]) {
    for yy in y..(y + h).min(img.height()) {
        for xx in x..(x + w).min(img.width()) {
            img.put_pixel(xx, yy, Rgb(c));
        }
    }
}

/// A market index falling off a cliff, on a trading screen at night.
fn markets(w: u32, h: u32) -> RgbImage {
    let top = [14, 22, 38];
    let bottom = [4, 6, 12];
    let mut img = RgbImage::from_fn(w, h, |x, y| {
        shade(mix(top, bottom, y as f32 / h as f32), grain(x, y) / 2)
    });
    for gx in (0..w).step_by(120) {
        rect(&mut img, gx, 0, 2, h, [30, 44, 66]);
    }
    for gy in (0..h).step_by(100) {
        rect(&mut img, 0, gy, w, 2, [30, 44, 66]);
    }
    // The index: a slow climb, then the fall of 27 January.
    let mut points = Vec::new();
    let mut level = 0.62f32;
    for i in 0..=60 {
        let x = i as f32 / 60.0 * w as f32;
        let wiggle = ((i * 37 % 11) as f32 - 5.0) / 260.0;
        if i < 46 {
            level -= 0.006;
        } else if i < 50 {
            level += 0.07;
        } else {
            level -= 0.004;
        }
        points.push((x, (level + wiggle) * h as f32));
    }
    // The area under the line, faintly lit.
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        for x in x0 as u32..(x1 as u32).min(w) {
            let t = (x as f32 - x0) / (x1 - x0);
            let y_line = y0 + (y1 - y0) * t;
            for y in y_line as u32..h {
                let p = img.get_pixel(x, y).0;
                let glow = (1.0 - (y as f32 - y_line) / h as f32) * 0.35;
                img.put_pixel(x, y, Rgb(mix(p, [200, 40, 40], glow)));
            }
        }
    }
    for pair in points.windows(2) {
        line(&mut img, pair[0], pair[1], 7.0, [240, 70, 60]);
    }
    img
}

/// Scores of eight models on a benchmark: close together at the top.
fn leaderboard(w: u32, h: u32) -> RgbImage {
    let mut img = RgbImage::from_pixel(w, h, Rgb([250, 249, 245]));
    let scores = [0.92f32, 0.905, 0.9, 0.88, 0.86, 0.81, 0.74, 0.66];
    let colors = [
        [179, 38, 30],
        [31, 78, 140],
        [31, 78, 140],
        [31, 78, 140],
        [93, 92, 88],
        [93, 92, 88],
        [93, 92, 88],
        [93, 92, 88],
    ];
    let (left, top, bar, gap) = (160u32, 80u32, 60u32, 28u32);
    let full = w - left - 120;
    rect(
        &mut img,
        left - 4,
        top - 20,
        4,
        8 * (bar + gap) + 20,
        [27, 27, 26],
    );
    for (i, (&s, c)) in scores.iter().zip(colors).enumerate() {
        let y = top + i as u32 * (bar + gap);
        rect(&mut img, left, y, (full as f32 * s) as u32, bar, c);
        // The error bar: the margin that makes neighbours ties.
        let end = left + (full as f32 * s) as u32;
        rect(&mut img, end - 40, y + bar / 2 - 2, 80, 4, [27, 27, 26]);
    }
    for x in (left..w - 100).step_by(full as usize / 10) {
        rect(&mut img, x, top + 8 * (bar + gap), 2, 14, [27, 27, 26]);
    }
    img
}

/// Markdown files → Gazette → HTML files, as boxes and arrows.
fn pipeline(w: u32, h: u32) -> RgbImage {
    let mut img = RgbImage::from_fn(w, h, |_, y| {
        Rgb(mix([247, 244, 236], [233, 228, 216], y as f32 / h as f32))
    });
    let boxes = [
        (120u32, [31, 78, 140]),
        (640, [179, 38, 30]),
        (1160, [42, 110, 72]),
    ];
    for (i, &(x, c)) in boxes.iter().enumerate() {
        rect(&mut img, x + 12, 312, 320, 300, [200, 195, 184]);
        rect(&mut img, x, 300, 320, 300, c);
        // Lines of text, drawn as bars.
        for row in 0..5 {
            let len = [240, 200, 260, 150, 220][(row + i) % 5];
            rect(
                &mut img,
                x + 36,
                350 + row as u32 * 44,
                len,
                14,
                [250, 249, 245],
            );
        }
        if i < 2 {
            let y = 450.0;
            let (a, b) = ((x + 340) as f32, (boxes[i + 1].0 - 30) as f32);
            line(&mut img, (a, y), (b, y), 10.0, [27, 27, 26]);
            line(&mut img, (b, y), (b - 40.0, y - 30.0), 10.0, [27, 27, 26]);
            line(&mut img, (b, y), (b - 40.0, y + 30.0), 10.0, [27, 27, 26]);
        }
    }
    img
}
