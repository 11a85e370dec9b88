//! Names of cycles. A hub's cycles never share a name (case and spacing aside), so that
//! "Week 10" names one thing in the group chat; a copy is named for its own dates.

use jiff::civil::Date;

/// The name a cycle is compared by: trimmed, inner spaces folded, lower case.
pub fn comparable(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The name of a copy of cycle `name`, delivered `days` later on `delivery` (was `was`):
/// the old delivery date in the name becomes the new one ("Vegetables 2026-03-07" →
/// "Vegetables 2026-03-14"); a name ending in a number counts on by the weeks moved when the
/// copy moves by whole weeks ("Week 9" → "Week 10"); otherwise the new date is added
/// ("Rice run" → "Rice run — 2026-03-14").
pub fn copy_name(name: &str, was: Date, delivery: Date, days: i64) -> String {
    let old = was.to_string();
    if name.contains(&old) {
        return name.replace(&old, &delivery.to_string());
    }
    let trimmed = name.trim_end();
    let digits = trimmed
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits > 0 && digits < 10 && days > 0 && days % 7 == 0 {
        let (head, n) = trimmed.split_at(trimmed.len() - digits);
        if let Ok(n) = n.parse::<u64>() {
            return format!("{head}{}", n + (days / 7) as u64);
        }
    }
    format!("{trimmed} — {delivery}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_copy_is_named_for_its_dates() {
        let (was, next) = (d("2026-03-07"), d("2026-03-14"));
        assert_eq!(copy_name("Week 9", was, next, 7), "Week 10");
        assert_eq!(copy_name("Linggo 9", was, d("2026-03-21"), 14), "Linggo 11");
        assert_eq!(
            copy_name("Vegetables 2026-03-07", was, next, 7),
            "Vegetables 2026-03-14"
        );
        assert_eq!(copy_name("Rice run", was, next, 7), "Rice run — 2026-03-14");
        assert_eq!(
            copy_name("Week 9", was, d("2026-03-10"), 3),
            "Week 9 — 2026-03-10",
            "not whole weeks"
        );
    }

    #[test]
    fn names_compare_without_case_or_spacing() {
        assert_eq!(comparable("  Week   10 "), comparable("week 10"));
        assert_ne!(comparable("Week 10"), comparable("Week 1 0"));
    }
}
