//! Report periods: a month, a quarter, a year or custom dates, and the period before each.
//!
//! Deliveries are counted in the period holding their cycle's delivery date. Both ends are
//! inclusive.

use jiff::civil::Date;
use jiff::ToSpan;
use serde::Serialize;

use crate::parse::ParseError;

/// How a period was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
    Custom,
}

/// A span of delivery dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub kind: PeriodKind,
    /// How people write it: `2026-10`, `2026-Q3`, `2026`, `2026-01-05..2026-02-04`.
    pub label: String,
    pub from: Date,
    pub to: Date,
}

/// A slice of a period for a trend chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    pub label: String,
    pub from: Date,
    pub to: Date,
}

fn bad(input: &str) -> ParseError {
    ParseError::new(format!(
        "`{input}` is not a period: write a month (2026-10), a quarter (2026-Q3), a year (2026) \
         or two dates (2026-01-05..2026-02-04)"
    ))
}

fn year(s: &str, input: &str) -> Result<i16, ParseError> {
    match s.parse::<i16>() {
        Ok(y) if (1900..=9998).contains(&y) && s.len() == 4 => Ok(y),
        _ => Err(bad(input)),
    }
}

fn month_end(y: i16, m: i8) -> Date {
    Date::new(y, m, 1).expect("valid month").last_of_month()
}

impl Period {
    pub fn month(y: i16, m: i8) -> Period {
        Period {
            kind: PeriodKind::Month,
            label: format!("{y:04}-{m:02}"),
            from: Date::new(y, m, 1).expect("valid month"),
            to: month_end(y, m),
        }
    }

    pub fn quarter(y: i16, q: i8) -> Period {
        let first = (q - 1) * 3 + 1;
        Period {
            kind: PeriodKind::Quarter,
            label: format!("{y:04}-Q{q}"),
            from: Date::new(y, first, 1).expect("valid quarter"),
            to: month_end(y, first + 2),
        }
    }

    pub fn year(y: i16) -> Period {
        Period {
            kind: PeriodKind::Year,
            label: format!("{y:04}"),
            from: Date::new(y, 1, 1).expect("valid year"),
            to: Date::new(y, 12, 31).expect("valid year"),
        }
    }

    /// The longest custom period, in days: ten years (a report has a trend slice per month).
    pub const MAX_DAYS: i64 = 3_660;

    pub fn custom(from: Date, to: Date) -> Result<Period, ParseError> {
        if to < from {
            return Err(ParseError::new(format!(
                "the period ends ({to}) before it starts ({from})"
            )));
        }
        // Named periods take years 1900–9998; custom dates the same, so that the period
        // before and the trend's slices (a month or a week past the end) stay in the calendar.
        if from.year() < 1900 || to.year() > 9998 {
            return Err(ParseError::new(
                "dates must lie between 1900-01-01 and 9998-12-31",
            ));
        }
        if i64::from((to - from).get_days()) + 1 > Self::MAX_DAYS {
            return Err(ParseError::new(
                "a period may span at most ten years; report longer spans year by year",
            ));
        }
        Ok(Period {
            kind: PeriodKind::Custom,
            label: format!("{from}..{to}"),
            from,
            to,
        })
    }

    /// Reads `2026-10`, `2026-Q3`, `2026`, `2026-01-05..2026-02-04`, optionally prefixed with
    /// `month:`, `quarter:`, `year:` or `custom:`.
    pub fn parse(input: &str) -> Result<Period, ParseError> {
        let s = input.trim();
        let s = ["month:", "quarter:", "year:", "custom:"]
            .iter()
            .find_map(|p| s.strip_prefix(p))
            .unwrap_or(s);
        if let Some((a, b)) = s.split_once("..") {
            let d = |x: &str| x.trim().parse::<Date>().map_err(|_| bad(input));
            return Period::custom(d(a)?, d(b)?);
        }
        match s.split_once('-') {
            None => Ok(Period::year(year(s, input)?)),
            Some((y, q)) if q.starts_with(['Q', 'q']) => match q[1..].parse::<i8>() {
                Ok(q @ 1..=4) if s.len() == 7 => Ok(Period::quarter(year(y, input)?, q)),
                _ => Err(bad(input)),
            },
            Some((y, m)) => match m.parse::<i8>() {
                Ok(m @ 1..=12) if s.len() == 7 => Ok(Period::month(year(y, input)?, m)),
                _ => Err(bad(input)),
            },
        }
    }

    /// The period just before: the month, quarter or year before, or as many days before.
    pub fn previous(&self) -> Period {
        match self.kind {
            PeriodKind::Month => {
                let d = self.from - 1.month();
                Period::month(d.year(), d.month())
            }
            PeriodKind::Quarter => {
                let d = self.from - 3.months();
                Period::quarter(d.year(), (d.month() - 1) / 3 + 1)
            }
            PeriodKind::Year => Period::year(self.from.year() - 1),
            PeriodKind::Custom => {
                let days = self.days();
                // `custom` keeps dates from 1900 and spans to ten years, so the period before
                // starts after jiff's first day (year -9999) and both steps succeed.
                let to = self.from.yesterday().expect("dates after 1900");
                let from = to.checked_sub((days - 1).days()).expect("dates after 1890");
                Period {
                    kind: PeriodKind::Custom,
                    label: format!("{from}..{to}"),
                    from,
                    to,
                }
            }
        }
    }

    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }

    /// Days in the period, both ends counted.
    pub fn days(&self) -> i64 {
        i64::from((self.to - self.from).get_days()) + 1
    }

    /// Slices for a trend: calendar months when the period spans more than one month, else
    /// weeks from its first day.
    pub fn buckets(&self) -> Vec<Bucket> {
        let mut out = Vec::new();
        if self.from.first_of_month() != self.to.first_of_month() {
            let mut m = self.from.first_of_month();
            while m <= self.to {
                let end = m.last_of_month().min(self.to);
                out.push(Bucket {
                    label: format!("{:04}-{:02}", m.year(), m.month()),
                    from: m.max(self.from),
                    to: end,
                });
                m += 1.month();
            }
        } else {
            let mut d = self.from;
            while d <= self.to {
                let end = (d + 6.days()).min(self.to);
                out.push(Bucket {
                    label: d.to_string(),
                    from: d,
                    to: end,
                });
                d = end.tomorrow().expect("dates before 9999");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn periods_and_the_ones_before() {
        let m = Period::parse("2026-03").unwrap();
        assert_eq!((m.from, m.to), (d("2026-03-01"), d("2026-03-31")));
        assert_eq!(m.previous().label, "2026-02");
        assert_eq!(m.previous().to, d("2026-02-28"));
        assert_eq!(
            Period::parse("month:2026-01").unwrap().previous().label,
            "2025-12"
        );
        let q = Period::parse("2026-Q1").unwrap();
        assert_eq!((q.from, q.to), (d("2026-01-01"), d("2026-03-31")));
        assert_eq!(q.previous().label, "2025-Q4");
        assert_eq!(q.previous().from, d("2025-10-01"));
        let y = Period::parse("year:2026").unwrap();
        assert_eq!(y.previous().label, "2025");
        assert_eq!(y.days(), 365);
        let c = Period::parse("2026-03-10..2026-03-19").unwrap();
        assert_eq!(c.days(), 10);
        let p = c.previous();
        assert_eq!((p.from, p.to), (d("2026-02-28"), d("2026-03-09")));
        assert_eq!(p.days(), 10);
    }

    #[test]
    fn bad_periods_say_how_to_write_one() {
        for s in [
            "",
            "26",
            "2026-13",
            "2026-Q5",
            "2026-3",
            "2026-03-40..2026-04-01",
            "soon",
        ] {
            let e = Period::parse(s).unwrap_err();
            assert!(e.reason().contains("2026-Q3"), "{s}: {}", e.reason());
        }
        let e = Period::parse("2026-03-10..2026-03-01").unwrap_err();
        assert!(e.reason().contains("before it starts"), "{}", e.reason());
        let e = Period::parse("1900-01-01..9998-12-31").unwrap_err();
        assert!(e.reason().contains("ten years"), "{}", e.reason());
        assert!(Period::parse("2016-01-01..2025-12-31").is_ok());
    }

    #[test]
    fn buckets_are_months_or_weeks() {
        let y = Period::parse("2026-Q2").unwrap().buckets();
        assert_eq!(
            y.iter().map(|b| b.label.as_str()).collect::<Vec<_>>(),
            ["2026-04", "2026-05", "2026-06"]
        );
        let m = Period::parse("2026-02").unwrap().buckets();
        assert_eq!(m.len(), 4);
        assert_eq!((m[3].from, m[3].to), (d("2026-02-22"), d("2026-02-28")));
        let c = Period::parse("2026-01-20..2026-02-10").unwrap().buckets();
        assert_eq!(c[0].from, d("2026-01-20"));
        assert_eq!(c[1].label, "2026-02");
    }

    #[test]
    fn dates_past_the_calendar_are_refused_not_panicked_on() {
        for s in [
            "2026-01-01..9999-12-31",
            "9999-12-01..9999-12-31",
            "-009999-01-01..-009999-01-31",
            "1899-12-01..1900-01-31",
        ] {
            let e = Period::parse(s).unwrap_err();
            assert!(e.reason().contains("1900-01-01"), "{s}: {e}");
        }
        let edge = Period::parse("9998-12-01..9998-12-31").unwrap();
        assert_eq!(edge.buckets().len(), 5);
        let first = Period::parse("1900-01-01..1900-01-10").unwrap();
        assert_eq!(first.previous().label, "1899-12-22..1899-12-31");
    }

    proptest::proptest! {
        /// Whatever is typed, parsing answers Ok or an error, and an accepted period's
        /// previous period and trend slices never panic.
        #[test]
        fn no_period_input_panics(
            y1 in -9999i16..=9999, m1 in 1i8..=12, d1 in 1i8..=28,
            y2 in -9999i16..=9999, m2 in 1i8..=12, d2 in 1i8..=28,
            junk in "\\PC{0,12}", q in 0i8..=5, y in 0i16..=9999,
        ) {
            let inputs = [
                format!("{y1:04}-{m1:02}-{d1:02}..{y2:04}-{m2:02}-{d2:02}"),
                format!("{y1:04}-{m1:02}-{d1:02}..{:04}-{m1:02}-{d2:02}", y1.saturating_add(1)),
                format!("{y:04}"), format!("{y:04}-Q{q}"), format!("{y:04}-{m1:02}"),
                junk.clone(), format!("custom:{junk}"), format!("{y:04}-{junk}"),
            ];
            for s in inputs {
                if let Ok(p) = Period::parse(&s) {
                    let before = p.previous();
                    proptest::prop_assert!(before.to < p.from);
                    proptest::prop_assert!(!p.buckets().is_empty());
                }
            }
        }
    }
}
