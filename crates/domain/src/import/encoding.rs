//! The bytes of an uploaded sheet as text. Spreadsheets save CSV as UTF-8 (with or without
//! a byte-order mark) or, on older Windows set-ups, as Windows-1252 ("ANSI", Latin-1 with
//! curly quotes and the euro sign). UTF-8 is read as it is; anything else is read as
//! Windows-1252 — every byte is a character there — and the reader is told, so that a file
//! in another encoding (Shift-JIS, say) is noticed in the dry run rather than imported as
//! nonsense.

/// The text, and whether it was read as Windows-1252 (not UTF-8).
pub fn decode(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), false),
        Err(_) => (bytes.iter().map(|b| windows_1252(*b)).collect(), true),
    }
}

/// A byte of Windows-1252 as a character (0x80–0x9F hold its additions to Latin-1; the five
/// bytes it leaves undefined are kept as the C1 controls Latin-1 has there).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_a_bom_and_windows_1252_are_read() {
        assert_eq!(
            decode("Niño,日本".as_bytes()),
            ("Niño,日本".to_string(), false)
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFname\nNi\xC3\xB1o"),
            ("name\nNiño".to_string(), false)
        );
        // "Niño – café €5" as Excel's "CSV" on Windows saves it.
        assert_eq!(
            decode(b"Ni\xF1o \x96 caf\xE9 \x805"),
            ("Niño – café €5".to_string(), true)
        );
    }
}
