//! GIFs are published as they are (re-encoding would lose their animation),
//! but not the text they may carry: comment extensions ("GPS 48.85N
//! SecretCam"), plain-text extensions and application extensions other than
//! the loop count (XMP packets live there). This walks the file's blocks
//! and copies all the rest byte for byte, so frames and timing are intact.

/// The GIF `bytes` without comments, plain text and metadata extensions;
/// an error for a file whose blocks do not add up (damaged or truncated).
pub fn strip_metadata(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let damaged = || "is a damaged GIF (its blocks do not add up)".to_string();
    let at = |i: usize| bytes.get(i).copied().ok_or_else(damaged);
    if bytes.len() < 13 || !bytes.starts_with(b"GIF") {
        return Err(damaged());
    }
    let mut out = Vec::with_capacity(bytes.len());
    let flags = bytes[10];
    let mut i = 13 + color_table(flags);
    out.extend_from_slice(bytes.get(..i).ok_or_else(damaged)?);
    loop {
        match at(i)? {
            0x3B => {
                out.push(0x3B);
                return Ok(out);
            }
            0x21 => {
                let label = at(i + 1)?;
                let end = sub_blocks_end(bytes, i + 2).ok_or_else(damaged)?;
                let block = &bytes[i..end];
                let keep = match label {
                    0xFE | 0x01 => false,
                    0xFF => {
                        let id = bytes.get(i + 3..i + 14).unwrap_or_default();
                        id == b"NETSCAPE2.0" || id == b"ANIMEXTS1.0"
                    }
                    _ => true,
                };
                if keep {
                    out.extend_from_slice(block);
                }
                i = end;
            }
            0x2C => {
                let local = color_table(at(i + 9)?);
                // Descriptor, color table, LZW code size, then the data.
                let data = i + 10 + local + 1;
                let end = sub_blocks_end(bytes, data).ok_or_else(damaged)?;
                out.extend_from_slice(&bytes[i..end]);
                i = end;
            }
            _ => return Err(damaged()),
        }
    }
}

/// The size of the color table a flags byte announces.
fn color_table(flags: u8) -> usize {
    match flags & 0x80 {
        0 => 0,
        _ => 3 << ((flags & 0x07) + 1),
    }
}

/// Where the sub-blocks starting at `i` end (after their 0 terminator).
fn sub_blocks_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    loop {
        let size = usize::from(*bytes.get(i)?);
        i += 1;
        if size == 0 {
            return Some(i);
        }
        i += size;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 GIF with a loop count, a comment and an XMP-like application block.
    fn gif() -> Vec<u8> {
        let mut g = b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec();
        g.extend_from_slice(&[0, 0, 0, 255, 255, 255]); // global color table (2)
        g.extend_from_slice(b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00");
        g.extend_from_slice(b"\x21\xFE\x14GPS 48.85N SecretCam\x00");
        g.extend_from_slice(b"\x21\xFF\x0BXMP DataXMP\x05<xmp>\x00");
        g.extend_from_slice(b"\x21\xF9\x04\x00\x0A\x00\x00\x00"); // frame delay
        g.extend_from_slice(b"\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00");
        g.push(0x3B);
        g
    }

    #[test]
    fn comments_and_metadata_go_frames_and_loop_stay() {
        let out = strip_metadata(&gif()).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(
            !text.contains("SecretCam") && !text.contains("<xmp>"),
            "{text}"
        );
        assert!(text.contains("NETSCAPE2.0"));
        assert!(
            out.windows(3).any(|w| w == b"\x21\xF9\x04"),
            "frame timing kept"
        );
        let decoded = image::load_from_memory(&out).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (1, 1));
    }

    #[test]
    fn a_truncated_gif_is_an_error() {
        let g = gif();
        assert!(strip_metadata(&g[..g.len() - 6]).is_err());
        assert!(strip_metadata(b"GIF89a").is_err());
    }
}
