//! Text that people type: names and free text, checked once for every input.
//!
//! A name or a description is shown to other people, on pages, in documents, in CSV files and
//! on terminals. Characters that are not text there are refused with a reason, never stored:
//!
//! - control characters (NUL, ESC and the rest of C0 and C1, DEL) — they break terminals,
//!   files and other programs; free text keeps line breaks and tabs, names do not;
//! - bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) — they make a
//!   name read differently from what it is ("Trojan Source");
//! - text that is nothing but invisible characters (zero-width spaces and joiners, word
//!   joiner, byte-order mark) — a name nobody can see is no name.
//!
//! Letters of every script, combining marks, emoji and zero-width joiners inside words (as in
//! Devanagari and emoji sequences) are all fine.

use crate::parse::ParseError;
use crate::validate::Collector;

/// Names stay on one line; free text may have line breaks and tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Line,
    Paragraph,
}

fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}') || c.is_whitespace()
}

fn bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Checks a typed text: at most `max` characters and free of characters that are not text
/// (see the module docs), both judged on the text as sent; then trimmed of surrounding white
/// space. Returns the trimmed text, which may be empty. Judging the text as sent keeps the rule
/// exactly what the API document says ([`pattern`], `maxLength`).
pub fn check(s: &str, shape: Shape, max: usize) -> Result<String, ParseError> {
    for c in s.chars() {
        let allowed_control = shape == Shape::Paragraph && matches!(c, '\n' | '\r' | '\t');
        if c.is_control() && !allowed_control {
            return Err(ParseError::new(format!(
                "contains a control character (U+{:04X}); type plain text",
                c as u32
            )));
        }
        if bidi_control(c) {
            return Err(ParseError::new(format!(
                "contains a text-direction override (U+{:04X}), which makes it read differently from what it is",
                c as u32
            )));
        }
    }
    if s.chars().count() > max {
        return Err(ParseError::new(format!(
            "may be at most {max} characters long"
        )));
    }
    let s = s.trim();
    if !s.is_empty() && s.chars().all(invisible) {
        return Err(ParseError::new(
            "has only invisible characters; type something people can read",
        ));
    }
    Ok(s.to_string())
}

/// The refused characters as a regular-expression class body, for the API document.
fn refused_class(shape: Shape) -> &'static str {
    match shape {
        Shape::Line => "\\x00-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069",
        Shape::Paragraph => {
            "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069"
        }
    }
}

/// The same rule as [`check`], as a regular expression (ECMA-262 and Python alike) for the API
/// document: no refused character, and — when `required`, or when any invisible character is
/// present — at least one visible one. (Length is the schema's `maxLength`.)
pub fn pattern(shape: Shape, required: bool) -> String {
    let c = refused_class(shape);
    let visible = format!("[^{c}\\s\\u200b-\\u200d\\u2060\\ufeff]");
    let with_visible = format!("[^{c}]*{visible}[^{c}]*");
    if required {
        format!("^{with_visible}$")
    } else {
        format!("^(?:[^{c}\\u200b-\\u200d\\u2060\\ufeff]*|{with_visible})$")
    }
}

/// `s` made safe for a terminal: control characters (but line breaks and tabs) and direction
/// overrides are written as `\u{…}` escapes, so stored or typed text can never move the
/// cursor, recolour the screen or reorder what is shown.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| (c.is_control() && !matches!(c, '\n' | '\t')) || bidi_control(c);
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl Collector {
    /// A required text field: present, not empty after trimming, and [`check`]ed.
    pub fn required_text(
        &mut self,
        field: &str,
        v: Option<&str>,
        shape: Shape,
        max: usize,
    ) -> Option<String> {
        match v.map(|s| check(s, shape, max)) {
            Some(Ok(s)) if !s.is_empty() => Some(s),
            Some(Err(e)) => {
                self.push(field, e.reason());
                None
            }
            _ => {
                self.push(field, "is required and may not be empty");
                None
            }
        }
    }

    /// An optional text field: `None` when absent or empty after trimming, else [`check`]ed.
    pub fn optional_text(
        &mut self,
        field: &str,
        v: Option<&str>,
        shape: Shape,
        max: usize,
    ) -> Option<String> {
        let s = self.take(field, check(v?, shape, max))?;
        (!s.is_empty()).then_some(s)
    }
}

/// Orders names the way people read them: runs of digits by their value, so "Household 2"
/// comes before "Household 10"; letters case-insensitively, then exactly as written, so the
/// order is total.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut digits = None;
        for (i, c) in s.char_indices() {
            let d = c.is_ascii_digit();
            if digits != Some(d) {
                if i > start {
                    out.push((digits == Some(true), &s[start..i]));
                }
                start = i;
                digits = Some(d);
            }
        }
        if start < s.len() {
            out.push((digits == Some(true), &s[start..]));
        }
        out
    }
    let (x, y) = (chunks(a), chunks(b));
    for (p, q) in x.iter().zip(&y) {
        let o = match (p, q) {
            ((true, m), (true, n)) => {
                let (m, n) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
                m.len().cmp(&n.len()).then_with(|| m.cmp(n))
            }
            ((_, m), (_, n)) => m.to_lowercase().cmp(&n.to_lowercase()),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    x.len().cmp(&y.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn what_is_refused_and_why() {
        for (bad, why) in [
            ("Bad\0name", "control character (U+0000)"),
            ("Red\u{1b}[31m", "control character (U+001B)"),
            ("two\nlines", "control character (U+000A)"),
            ("next\u{85}line", "control character (U+0085)"),
            ("abc\u{202E}fdp.exe", "text-direction override (U+202E)"),
            ("\u{2066}x\u{2069}", "text-direction override (U+2066)"),
            ("\u{200B}\u{200B}", "only invisible"),
            ("\u{FEFF}", "only invisible"),
            ("\u{200D} \u{2060}", "only invisible"),
        ] {
            let e = check(bad, Shape::Line, 200).unwrap_err();
            assert!(e.reason().contains(why), "{bad:?}: {e}");
        }
        assert!(check("abcdef", Shape::Line, 5).is_err());
    }

    #[test]
    fn terminals_see_escapes_not_controls() {
        assert_eq!(escape_controls("plain\tname\n"), "plain\tname\n");
        assert_eq!(
            escape_controls("red\u{1b}[31m\0 x\u{202e}y"),
            "red\\u{1b}[31m\\u{0} x\\u{202e}y"
        );
    }

    #[test]
    fn what_is_kept() {
        for ok in [
            "Kapatiran ng mga Magsasaka",
            "Koperasi Tani Makmur",
            "みどり生協",
            "हिमाली किसान सहकारी",
            "क्ष", // a conjunct with a virama
            "👩‍🌾 Farmers",
            "Café Ñandú",
        ] {
            assert_eq!(check(ok, Shape::Line, 200).unwrap(), ok);
        }
        assert_eq!(
            check("  line one\n\tline two \r\n", Shape::Paragraph, 200).unwrap(),
            "line one\n\tline two"
        );
        // Judged as sent: a trailing line break is a control character in a name, and
        // surrounding spaces count towards the length.
        assert!(check("name\n", Shape::Line, 200).is_err());
        assert!(check("  abcde", Shape::Line, 5).is_err());
        assert_eq!(check("   ", Shape::Line, 200).unwrap(), "");
    }

    proptest! {
        /// Whatever is accepted holds no control character outside paragraph breaks, no
        /// direction override, and is never only invisible; nothing panics.
        #[test]
        fn accepted_text_is_plain(s in "\\PC*|[\\x00-\\x1f\u{200b}\u{202e}\u{feff} a]{0,8}", para in any::<bool>()) {
            let shape = if para { Shape::Paragraph } else { Shape::Line };
            if let Ok(t) = check(&s, shape, 1000) {
                prop_assert!(t.chars().all(|c| !bidi_control(c)
                    && (!c.is_control() || (para && matches!(c, '\n' | '\r' | '\t')))));
                prop_assert!(t.is_empty() || !t.chars().all(invisible));
            }
        }
    }

    proptest! {
        /// The API document's pattern says exactly what `check` accepts (with `maxLength`
        /// for the length): a client that follows the document is never refused, and
        /// whatever the document forbids is refused.
        #[test]
        fn the_documented_pattern_is_the_rule(
            s in "[a \t\n\r\x00\x1b\u{85}\u{a0}\u{200b}\u{200d}\u{202e}\u{2066}\u{feff}\u{3000}é日]{0,6}",
            para in any::<bool>(), required in any::<bool>(),
        ) {
            let shape = if para { Shape::Paragraph } else { Shape::Line };
            let re = regex::Regex::new(&pattern(shape, required)).unwrap();
            let accepted = match check(&s, shape, 1000) {
                Ok(t) => !(required && t.is_empty()),
                Err(_) => false,
            };
            prop_assert_eq!(accepted, re.is_match(&s), "{:?} {:?} required={}", s, shape, required);
        }
    }

    #[test]
    fn names_sort_as_people_read_them() {
        let mut v = vec![
            "Household 10",
            "household 2",
            "Household 1",
            "Household 02",
            "Barangay",
            "Household",
            "Household 2a",
        ];
        v.sort_by(|a, b| super::natural_cmp(a, b));
        assert_eq!(
            v,
            [
                "Barangay",
                "Household",
                "Household 1",
                "Household 02",
                "household 2",
                "Household 2a",
                "Household 10"
            ]
        );
    }

    proptest::proptest! {
        /// A total order: antisymmetric, and equal only for the same text.
        #[test]
        fn natural_order_is_total(a in "[a-c0-9 ]{0,8}", b in "[a-c0-9 ]{0,8}") {
            let ab = super::natural_cmp(&a, &b);
            proptest::prop_assert_eq!(ab, super::natural_cmp(&b, &a).reverse());
            proptest::prop_assert_eq!(ab == std::cmp::Ordering::Equal, a == b);
        }
    }
}
