//! Lists as spreadsheets: CSV a spreadsheet opens safely.
//!
//! - RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; lines end
//!   in CRLF.
//! - A UTF-8 byte-order mark first, so that a spreadsheet reads Filipino, Japanese and Nepali
//!   names as UTF-8 (our own import skips it).
//! - **Formula injection**: a cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
//!   or a tab or carriage return first) is written with a leading `'`, which spreadsheets show
//!   as text — except a plain number (`-12.50`), which stays a number.

/// A table to write: its header and rows, every cell a string.
pub fn write<I, R>(header: &[&str], rows: I) -> String
where
    I: IntoIterator<Item = R>,
    R: AsRef<[String]>,
{
    let mut out = String::from("\u{feff}");
    line(&mut out, header.iter().copied());
    for r in rows {
        line(&mut out, r.as_ref().iter().map(String::as_str));
    }
    out
}

fn line<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        cell(out, c);
    }
    out.push_str("\r\n");
}

/// Whether `s` is a plain decimal number (`12`, `-0.50`): kept as it is.
fn plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// One cell, escaped against formulas and quoted as needed.
pub fn cell(out: &mut String, s: &str) {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number(s);
    let text = if risky {
        format!("'{s}")
    } else {
        s.to_string()
    };
    // `;` too: spreadsheets of regions that separate lists with `;` split an unquoted cell
    // there, and what follows could start a formula.
    if text.contains([',', ';', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> String {
        let mut out = String::new();
        cell(&mut out, s);
        out
    }

    #[test]
    fn formulas_are_written_as_text_and_numbers_stay_numbers() {
        assert_eq!(one("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(one("+1+1"), "'+1+1");
        assert_eq!(one("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(one("-2+3"), "'-2+3");
        assert_eq!(one("\tx"), "'\tx");
        assert_eq!(one("-12.50"), "-12.50");
        assert_eq!(one("1200"), "1200");
        assert_eq!(one("Kapatiran, Inc."), "\"Kapatiran, Inc.\"");
        assert_eq!(one("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(one("=A1,\"x\""), "\"'=A1,\"\"x\"\"\"");
    }

    #[test]
    fn a_table_reads_back_as_it_was_written() {
        let rows = vec![
            vec![
                "Samahang Magsasaka".to_string(),
                "-5.00".into(),
                "=1+2".into(),
            ],
            vec!["line\nbreak".into(), "３".into(), "ネパール".into()],
        ];
        let text = write(&["name", "amount", "note"], &rows);
        assert!(text.starts_with('\u{feff}'));
        let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        assert_eq!(r.headers().unwrap(), vec!["name", "amount", "note"]);
        let back: Vec<Vec<String>> = r
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(back[0], ["Samahang Magsasaka", "-5.00", "'=1+2"]);
        assert_eq!(back[1], rows[1]);
    }

    proptest::proptest! {
        /// Whatever a cell holds, the written CSV reads back to it (with the one `'` before
        /// a formula), and no cell starts a formula.
        #[test]
        fn any_cell_round_trips_safely(s in "\\PC{0,20}") {
            let text = write(&["a", "b"], [vec![s.clone(), "x".to_string()]]);
            let mut r = csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
            let rec = r.records().next().unwrap().unwrap();
            let got = rec.get(0).unwrap();
            let formula = got.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number(got);
            proptest::prop_assert!(!formula, "{got:?}");
            let expected = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number(&s) {
                format!("'{s}")
            } else {
                s.clone()
            };
            proptest::prop_assert_eq!(got, expected.as_str());
        }
    }
}
