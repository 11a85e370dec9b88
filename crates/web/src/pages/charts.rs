//! Charts drawn on the server as SVG: no script, a few hundred bytes each, sharp on a phone and
//! on paper. Each chart has a title for screen readers, and its figures are also in a table
//! next to it.

use std::fmt::Write;

/// Colours for the parts of a stacked bar (producer first), readable on white and in grey
/// print.
pub const PALETTE: [&str; 8] = [
    "#1b7f3b", "#e08a00", "#2563eb", "#9333ea", "#b91c1c", "#0f766e", "#6b7280", "#a16207",
];

/// Escapes text for SVG/HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A coloured square for a legend entry.
pub fn swatch(n: usize) -> String {
    format!(
        r#"<svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="{}"/></svg>"#,
        PALETTE[n % PALETTE.len()]
    )
}

/// One horizontal bar split into parts proportional to `parts` (non-negative amounts).
pub fn stacked_bar(title: &str, parts: &[(String, i128)]) -> String {
    let total: i128 = parts.iter().map(|p| p.1.max(0)).sum();
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 320 36" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = esc(title)
    );
    if total > 0 {
        let mut x = 0.0;
        for (n, (label, v)) in parts.iter().enumerate() {
            let w = 320.0 * (*v).max(0) as f64 / total as f64;
            let _ = write!(
                svg,
                r#"<rect x="{x:.2}" y="4" width="{w:.2}" height="28" fill="{}"><title>{}</title></rect>"#,
                PALETTE[n % PALETTE.len()],
                esc(label)
            );
            x += w;
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Vertical bars, one per labelled value (e.g. a month), scaled to the largest.
pub fn bars(title: &str, values: &[(String, i128, String)]) -> String {
    let max = values.iter().map(|v| v.1).max().unwrap_or(0).max(1);
    let n = values.len().max(1) as f64;
    let slot = 300.0 / n;
    let mut svg = format!(
        r##"<svg class="chart" viewBox="0 0 320 170" role="img" aria-label="{t}"><title>{t}</title><line x1="10" y1="140" x2="310" y2="140" stroke="#444"/>"##,
        t = esc(title)
    );
    for (i, (label, v, shown)) in values.iter().enumerate() {
        let h = 120.0 * (*v).max(0) as f64 / max as f64;
        let x = 10.0 + slot * i as f64 + slot * 0.15;
        let w = slot * 0.7;
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}" fill="{}"><title>{}: {}</title></rect><text x="{:.1}" y="156" font-size="10" text-anchor="middle">{}</text>"#,
            140.0 - h,
            PALETTE[0],
            esc(label),
            esc(shown),
            x + w / 2.0,
            esc(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars of percentages, one row per label.
pub fn percent_rows(title: &str, rows: &[(String, Option<f64>, String)]) -> String {
    let h = 24.0 * rows.len().max(1) as f64 + 8.0;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 320 {h:.0}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = esc(title)
    );
    for (i, (label, pct, shown)) in rows.iter().enumerate() {
        let y = 4.0 + 24.0 * i as f64;
        let w = 180.0 * pct.unwrap_or(0.0).clamp(0.0, 100.0) / 100.0;
        let _ = write!(
            svg,
            r#"<text x="0" y="{:.1}" font-size="11">{}</text><rect x="100" y="{y:.1}" width="{w:.1}" height="16" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="11">{}</text>"#,
            y + 12.0,
            esc(&label.chars().take(16).collect::<String>()),
            PALETTE[2],
            104.0 + w,
            y + 12.0,
            esc(shown)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stacked_bar_splits_by_amount_and_escapes_labels() {
        let svg = stacked_bar(
            "Where <the> money goes",
            &[("Producer".into(), 300), ("Fees & co".into(), 100)],
        );
        assert!(svg.contains(r#"width="240.00""#), "{svg}");
        assert!(svg.contains(r#"x="240.00" y="4" width="80.00""#), "{svg}");
        assert!(svg.contains("Where &lt;the&gt; money goes"));
        assert!(svg.contains("Fees &amp; co"));
        assert!(!svg.contains("<the>"));
    }

    #[test]
    fn bars_scale_to_the_largest() {
        let svg = bars(
            "Trend",
            &[
                ("01".into(), 50, "50".into()),
                ("02".into(), 100, "100".into()),
            ],
        );
        assert!(
            svg.contains(r#"height="60.0""#) && svg.contains(r#"height="120.0""#),
            "{svg}"
        );
        let empty = bars("Trend", &[]);
        assert!(empty.ends_with("</svg>"));
    }
}
