//! Text files as bytes: the one rule for reading them, shared by the page and the CLI, so a
//! file reads alike in both. UTF-8 (with or without a byte-order mark) and UTF-16 with a
//! byte-order mark (little or big endian) are text; anything else, or text with a NUL
//! character, is refused.

use crate::error::{Code, Error, Result};

/// What a refused file is told: the same for every reason ([`Code::NotText`] at `file`).
fn refuse() -> Error {
    Error::new(Code::NotText).at_field("file")
}

/// Decodes a file's bytes into text without its byte-order mark.
pub fn decode(bytes: &[u8]) -> Result<String> {
    let utf16 = |rest: &[u8], le: bool| -> Result<String> {
        if rest.len() % 2 != 0 {
            return Err(refuse());
        }
        let units = rest.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<std::result::Result<String, _>>()
            .map_err(|_| refuse())
    };
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8(rest.to_vec()).map_err(|_| refuse())?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, true)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, false)?
    } else {
        String::from_utf8(bytes.to_vec()).map_err(|_| refuse())?
    };
    if text.contains('\0') {
        return Err(refuse());
    }
    Ok(text)
}
