//! Languages: Fluent message files for English, Filipino, Bahasa Indonesia, Malay, Japanese
//! and Nepali, language negotiation, and money and dates formatted for the reader.
//!
//! Message files live in `crates/web/i18n/<code>.ftl` and are compiled into the binary. A test
//! fails on any message id missing from a language or unused by the code, so translations may
//! be drafts but are always complete.

use std::sync::OnceLock;

use bayanihan_domain::{Currency, Money};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// A language the pages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Fil,
    Id,
    Ms,
    Ja,
    Ne,
}

/// The message files, in [`Lang::ALL`] order.
pub const SOURCES: [(&str, &str); 6] = [
    ("en", include_str!("../i18n/en.ftl")),
    ("fil", include_str!("../i18n/fil.ftl")),
    ("id", include_str!("../i18n/id.ftl")),
    ("ms", include_str!("../i18n/ms.ftl")),
    ("ja", include_str!("../i18n/ja.ftl")),
    ("ne", include_str!("../i18n/ne.ftl")),
];

impl Lang {
    pub const ALL: [Lang; 6] = [Lang::En, Lang::Fil, Lang::Id, Lang::Ms, Lang::Ja, Lang::Ne];

    /// The BCP 47 code.
    pub fn code(self) -> &'static str {
        SOURCES[self as usize].0
    }

    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fil => "Filipino",
            Lang::Id => "Bahasa Indonesia",
            Lang::Ms => "Bahasa Melayu",
            Lang::Ja => "日本語",
            Lang::Ne => "नेपाली",
        }
    }

    /// A language from a code such as `fil`, `id-ID` or `tl` (Tagalog reads Filipino).
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "fil" | "tl" => Some(Lang::Fil),
            "id" | "in" => Some(Lang::Id),
            "ms" => Some(Lang::Ms),
            "ja" => Some(Lang::Ja),
            "ne" => Some(Lang::Ne),
            _ => None,
        }
    }

    /// The best language for an `Accept-Language` header (by its q-values), English when none fits.
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (pos, part) in accept_language.split(',').enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("");
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            if let Some(lang) = Lang::parse(tag) {
                // Higher q wins; among equals, the earlier one.
                if q > 0.0 && best.is_none_or(|(bq, _, _)| q > bq) {
                    best = Some((q, pos, lang));
                }
            }
        }
        best.map_or(Lang::En, |(_, _, l)| l)
    }
}

struct Catalog {
    bundles: Vec<FluentBundle<FluentResource>>,
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog {
        bundles: SOURCES
            .iter()
            .map(|(code, source)| {
                let id: LanguageIdentifier = code.parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // No Unicode isolation marks: the pages are plain HTML, and the marks show up
                // as boxes on some old phones.
                bundle.set_use_isolating(false);
                let resource =
                    FluentResource::try_new((*source).to_string()).unwrap_or_else(|(r, errors)| {
                        tracing::error!(language = code, ?errors, "message file has syntax errors");
                        r
                    });
                if let Err(errors) = bundle.add_resource(resource) {
                    tracing::error!(language = code, ?errors, "message file has duplicate ids");
                }
                bundle
            })
            .collect(),
    })
}

/// A message in `lang`, with arguments; English when the language lacks it (the tests make
/// sure none does), the id itself as a last resort.
pub fn tr_args(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let c = catalog();
    for bundle in [&c.bundles[lang as usize], &c.bundles[Lang::En as usize]] {
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut fargs = FluentArgs::new();
            for (k, v) in args {
                fargs.set(*k, v.clone());
            }
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
            return text.into_owned();
        }
    }
    id.to_string()
}

/// A message in `lang`.
pub fn tr(lang: Lang, id: &str) -> String {
    tr_args(lang, id, &[])
}

/// Money as people of `lang` write it: `₱1,250.00`, `¥1,200`, `Rp 12.500`, `RM 28.00`,
/// `रु १,३७,५००.००`.
///
/// The number is CLDR's for the language, through ICU4X (`icu_decimal`, compiled data):
/// its grouping (thousands, or lakhs and crores in Nepali), its separators and its digits
/// (CLDR gives Nepali the Devanagari digits). The symbol comes before it; a negative amount
/// has its minus sign before the symbol. Rupiah amounts without sen are shown without
/// decimals, as prices are in Indonesia.
pub fn format_money(lang: Lang, m: Money) -> String {
    let c = m.currency();
    let exp = i16::from(c.exponent());
    let minor = i128::from(m.minor());
    let abs = minor.unsigned_abs();
    let unit = 10u128.pow(u32::from(c.exponent()));
    let mut number = if c == Currency::IDR && abs % unit == 0 {
        icu_decimal::input::Decimal::from(abs / unit)
    } else {
        let mut d = icu_decimal::input::Decimal::from(abs);
        d.multiply_pow10(-exp);
        d
    };
    number.absolute.pad_start(1);
    let grouped =
        writeable::Writeable::write_to_string(&formatter(lang).format(&number)).into_owned();
    let symbol = match (c.code(), lang) {
        ("PHP", _) => "₱",
        ("JPY", _) => "¥",
        ("USD", _) => "$",
        ("EUR", _) => "€",
        ("IDR", _) => "Rp\u{a0}",
        ("MYR", _) => "RM\u{a0}",
        ("NPR", Lang::Ne) => "रु\u{a0}",
        ("NPR", _) => "Rs\u{a0}",
        _ => "",
    };
    let sign = if minor < 0 { "−" } else { "" };
    if symbol.is_empty() {
        format!("{sign}{}\u{a0}{grouped}", c.code())
    } else {
        format!("{sign}{symbol}{grouped}")
    }
}

/// A whole number as CLDR writes it in `lang` (grouping and digits): counts and quantities.
pub fn format_count(lang: Lang, n: u64) -> String {
    writeable::Writeable::write_to_string(
        &formatter(lang).format(&icu_decimal::input::Decimal::from(n)),
    )
    .into_owned()
}

/// The decimal formatter of each language, made once.
fn formatter(lang: Lang) -> &'static icu_decimal::DecimalFormatter {
    static ALL: std::sync::OnceLock<Vec<icu_decimal::DecimalFormatter>> =
        std::sync::OnceLock::new();
    per_language(&ALL, lang, |loc| {
        icu_decimal::DecimalFormatter::try_new(loc.into(), Default::default())
    })
}

/// One `T` per language, made from its CLDR locale the first time it is asked for and kept.
/// Compiled data covers the six languages: one missing is a build mistake, so it panics.
fn per_language<T, E: std::fmt::Debug>(
    cell: &'static std::sync::OnceLock<Vec<T>>,
    lang: Lang,
    make: impl Fn(icu_locale_core::Locale) -> Result<T, E>,
) -> &'static T {
    let all = cell.get_or_init(|| {
        Lang::ALL
            .iter()
            .map(|l| make(locale_of(*l)).expect("CLDR data for the six languages"))
            .collect()
    });
    &all[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]
}

/// A time in an IANA time zone (UTC when the zone is unknown), written as CLDR writes a
/// medium date and a short time in `lang` (`7 Mar 2026, 08:00`, `2026/03/07 8:00`,
/// `७ मार्च २०२६, ०८:००`), through ICU4X's compiled data.
pub fn format_time(lang: Lang, t: jiff::Timestamp, time_zone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let dt = t.to_zoned(tz).datetime();
    let date = icu_datetime::input::Date::try_new_iso(
        i32::from(dt.year()),
        dt.month() as u8,
        dt.day() as u8,
    );
    let time = icu_datetime::input::Time::try_new(dt.hour() as u8, dt.minute() as u8, 0, 0);
    match (date, time) {
        (Ok(date), Ok(time)) => writeable::Writeable::write_to_string(
            &date_time_formatter(lang).format(&icu_datetime::input::DateTime { date, time }),
        )
        .into_owned(),
        _ => dt.strftime("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A calendar day as CLDR writes a medium date in `lang` (`7 Mar 2026`, `2026/03/07`).
pub fn format_date(lang: Lang, d: jiff::civil::Date) -> String {
    match icu_datetime::input::Date::try_new_iso(
        i32::from(d.year()),
        d.month() as u8,
        d.day() as u8,
    ) {
        Ok(date) => {
            writeable::Writeable::write_to_string(&date_formatter(lang).format(&date)).into_owned()
        }
        Err(_) => d.to_string(),
    }
}

fn locale_of(lang: Lang) -> icu_locale_core::Locale {
    use icu_locale_core::locale;
    match lang {
        Lang::En => locale!("en"),
        Lang::Fil => locale!("fil"),
        Lang::Id => locale!("id"),
        Lang::Ms => locale!("ms"),
        Lang::Ja => locale!("ja"),
        Lang::Ne => locale!("ne"),
    }
}

fn date_formatter(
    lang: Lang,
) -> &'static icu_datetime::DateTimeFormatter<icu_datetime::fieldsets::YMD> {
    use icu_datetime::{fieldsets::YMD, DateTimeFormatter};
    static ALL: std::sync::OnceLock<Vec<DateTimeFormatter<YMD>>> = std::sync::OnceLock::new();
    per_language(&ALL, lang, |loc| {
        DateTimeFormatter::try_new(loc.into(), YMD::medium())
    })
}

fn date_time_formatter(
    lang: Lang,
) -> &'static icu_datetime::DateTimeFormatter<icu_datetime::fieldsets::YMDT> {
    use icu_datetime::{fieldsets::YMDT, options::TimePrecision, DateTimeFormatter};
    static ALL: std::sync::OnceLock<Vec<DateTimeFormatter<YMDT>>> = std::sync::OnceLock::new();
    per_language(&ALL, lang, |loc| {
        DateTimeFormatter::try_new(
            loc.into(),
            YMDT::medium().with_time_precision(TimePrecision::Minute),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_q_values() {
        assert_eq!(Lang::negotiate("ja,en;q=0.8"), Lang::Ja);
        assert_eq!(
            Lang::negotiate("de-DE,de;q=0.9,fil;q=0.5,en;q=0.4"),
            Lang::Fil
        );
        assert_eq!(Lang::negotiate("id-ID,id;q=0.9"), Lang::Id);
        assert_eq!(Lang::negotiate("tl"), Lang::Fil);
        assert_eq!(Lang::negotiate("fr"), Lang::En);
        assert_eq!(Lang::negotiate(""), Lang::En);
        assert_eq!(Lang::negotiate("en;q=0.2,ne;q=0.9"), Lang::Ne);
    }

    #[test]
    fn money_is_written_the_local_way() {
        assert_eq!(
            format_money(Lang::Ja, Money::new(1_200, Currency::JPY)),
            "¥1,200"
        );
        assert_eq!(
            format_money(Lang::Id, Money::new(1_250_000, Currency::IDR)),
            "Rp\u{a0}12.500"
        );
        assert_eq!(
            format_money(Lang::Id, Money::new(1_250_050, Currency::IDR)),
            "Rp\u{a0}12.500,50"
        );
        assert_eq!(
            format_money(Lang::Fil, Money::new(125_050, Currency::PHP)),
            "₱1,250.50"
        );
        assert_eq!(
            format_money(Lang::En, Money::new(-5, Currency::PHP)),
            "−₱0.05"
        );
        assert_eq!(
            format_money(Lang::Ms, Money::new(2_800, Currency::MYR)),
            "RM\u{a0}28.00"
        );
        assert_eq!(
            format_money(Lang::En, Money::new(1_250, Currency::parse("BHD").unwrap())),
            "BHD\u{a0}1.250"
        );
        // Nepali: lakhs and crores, and the digits CLDR gives the language.
        assert_eq!(
            format_money(Lang::Ne, Money::new(13_750_000, Currency::NPR)),
            "रु\u{a0}१,३७,५००.००"
        );
        assert_eq!(
            format_money(Lang::En, Money::new(13_750_000, Currency::NPR)),
            "Rs\u{a0}137,500.00"
        );
        assert_eq!(
            format_money(Lang::Ne, Money::new(1_234_567_800, Currency::NPR)),
            "रु\u{a0}१,२३,४५,६७८.००"
        );
        assert_eq!(format_count(Lang::Ne, 1_000_000), "१०,००,०००");
        assert_eq!(format_count(Lang::Ja, 1_000_000), "1,000,000");
        assert_eq!(
            format_money(Lang::En, Money::new(0, Currency::PHP)),
            "₱0.00"
        );
    }

    #[test]
    fn times_are_shown_in_the_organizations_zone_as_each_language_writes_them() {
        let t: jiff::Timestamp = "2026-03-07T00:00:00Z".parse().unwrap();
        let manila = format_time(Lang::En, t, "Asia/Manila");
        assert!(
            manila.contains("2026") && manila.contains("8:00"),
            "{manila}"
        );
        assert!(manila.contains("Mar"), "{manila}");
        let kathmandu = format_time(Lang::En, t, "Asia/Kathmandu");
        assert!(kathmandu.contains("5:45"), "{kathmandu}");
        assert!(
            format_time(Lang::En, t, "Nowhere/Else").contains("12:00"),
            "midnight in UTC"
        );
        // Each language its own way, from CLDR: Japanese year-first, Nepali in its digits.
        let d: jiff::civil::Date = "2026-03-07".parse().unwrap();
        assert!(
            format_date(Lang::Ja, d).starts_with("2026"),
            "{}",
            format_date(Lang::Ja, d)
        );
        assert!(
            format_date(Lang::Ne, d).contains("२०२६"),
            "{}",
            format_date(Lang::Ne, d)
        );
        assert!(
            format_date(Lang::En, d).contains("Mar"),
            "{}",
            format_date(Lang::En, d)
        );
        assert!(
            format_date(Lang::Id, d).contains("Mar"),
            "{}",
            format_date(Lang::Id, d)
        );
    }

    /// Every message id of a file, in order.
    fn ids(source: &str) -> Vec<String> {
        source
            .lines()
            .filter(|l| !l.starts_with([' ', '#', '\t']) && l.contains(" ="))
            .filter_map(|l| l.split(" =").next().map(|id| id.trim().to_string()))
            .filter(|id| !id.is_empty())
            .collect()
    }

    /// The ids the code and the templates use: literal `t("…")` / `tr(…, "…")` /
    /// `tr_args(…, "…"` calls, plus the ids built from vocabularies (`kind-…`, `part-…`).
    fn used_ids() -> std::collections::BTreeSet<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut text = String::new();
        for dir in ["src", "templates"] {
            let mut stack = vec![root.join(dir)];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).unwrap() {
                    let p = e.unwrap().path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.file_name().is_some_and(|n| n != "i18n.rs") {
                        text.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
                    }
                }
            }
        }
        // Calls split over several lines by rustfmt read the same once whitespace is folded.
        let text = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace("( ", "(");
        let mut used = std::collections::BTreeSet::new();
        for marker in [
            ".t(\"",
            "tr(v.lang, \"",
            "tr(Lang::En, \"",
            "tr_args(v.lang, \"",
            "tr(self.lang, \"",
            "tr_args(self.lang, \"",
            "tr(lang, \"",
            "tr_args(lang, \"",
        ] {
            for part in text.split(marker).skip(1) {
                if let Some(id) = part.split('"').next() {
                    if !id.is_empty()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        used.insert(id.to_string());
                    }
                }
            }
        }
        for k in bayanihan_domain::OrgKind::ALL {
            used.insert(format!("kind-{}", k.id()));
        }
        used.insert("part-producer".into());
        for k in crate::ledger_kinds() {
            used.insert(format!("account-{k}"));
        }
        for d in ["invoice", "producer_statement", "fee_statement"] {
            used.insert(format!("doc-{d}"));
        }
        // Pages made before a handler runs (`pages::message_in`).
        for id in [
            "error-not-found",
            "error-not-found-text",
            "form-token-reused",
            "form-token-reused-text",
        ] {
            used.insert(id.to_string());
        }
        for k in crate::pages::AUDIT_DETAIL_KEYS {
            used.insert(format!("audit-detail-{k}"));
        }
        for a in bayanihan_app::audit::ACTIONS {
            used.insert(format!("audit-{}", a.replace('.', "-")));
        }
        for a in ["added", "joined", "updated", "unchanged", "kept"] {
            used.insert(format!("import-action-{a}"));
        }
        for p in bayanihan_domain::trade::catalog::Packaging::ALL {
            used.insert(format!("packaging-{}", p.id()));
        }
        for m in bayanihan_domain::trade::records::PaymentMethod::ALL {
            used.insert(format!("method-{}", m.id()));
        }
        for r in bayanihan_domain::MembershipRole::ALL {
            used.insert(format!("role-{}", r.id()));
        }
        for st in bayanihan_domain::StakeholderCategory::ALL {
            used.insert(format!("stakeholder-{}", st.id()));
        }
        for p in bayanihan_domain::trade::allocation::Policy::ALL {
            used.insert(format!("policy-{}", p.id()));
        }
        for q in bayanihan_domain::Qualifier::ALL {
            used.insert(format!("qualifier-{}", q.id()));
        }
        for r in bayanihan_domain::ValueChainRole::ALL {
            used.insert(format!("vcrole-{}", r.id()));
        }
        for f in crate::pages::FIELD_LABELS {
            used.insert(format!("field-{f}"));
        }
        for k in bayanihan_domain::trade::pricing::FeeKind::ALL {
            used.insert(format!("part-{}", k.id()));
        }
        for g in bayanihan_domain::impact::rollup::Group::ALL {
            used.insert(format!("group-{}", g.id()));
        }
        for g in bayanihan_domain::Gender::ALL {
            used.insert(format!("gender-{}", g.id()));
        }
        for r in ["proposed", "applied", "discarded", "stale"] {
            used.insert(format!("round-{r}"));
        }
        for st in bayanihan_domain::season::ShareStatus::ALL {
            used.insert(format!("share-status-{}", st.id()));
        }
        for r in bayanihan_domain::season::AbsenceRule::ALL {
            used.insert(format!("absence-rule-{}", r.id()));
        }
        for r in bayanihan_domain::season::ShortfallRule::ALL {
            used.insert(format!("shortfall-rule-{}", r.id()));
        }
        for k in bayanihan_domain::season::wallet::MovementKind::ALL {
            used.insert(format!("wallet-kind-{}", k.id()));
        }
        for r in ["met", "short"] {
            used.insert(format!("season-round-{r}"));
        }
        for s in bayanihan_domain::NetworkMembershipStatus::ALL {
            used.insert(format!("link-status-{}", s.id()));
        }
        for a in crate::pages::LINK_ACTIONS {
            used.insert(format!("link-{a}"));
        }
        for s in bayanihan_domain::trade::records::CycleStatus::ALL {
            used.insert(format!("cycle-status-{}", s.id()));
        }
        {
            use bayanihan_domain::governance::decision::{
                ActionStatus, BallotMode, Electorate, RefundTo,
            };
            use bayanihan_domain::governance::{DecisionKind, Outcome, Preset, Stance, Threshold};
            for x in DecisionKind::ALL {
                used.insert(format!("gov-kind-{}", x.id()));
            }
            for x in Threshold::ALL {
                used.insert(format!("gov-threshold-{}", x.id()));
            }
            for x in Outcome::ALL {
                used.insert(format!("gov-outcome-{}", x.id()));
            }
            for x in Preset::ALL {
                used.insert(format!("gov-preset-{}", x.id()));
            }
            for x in Stance::ALL {
                used.insert(format!("gov-stance-{}", x.id()));
            }
            for x in ActionStatus::ALL {
                used.insert(format!("gov-action-status-{}", x.id()));
            }
            for x in BallotMode::ALL {
                used.insert(format!("gov-mode-{}", x.id()));
            }
            for x in Electorate::ALL {
                used.insert(format!("gov-electorate-{}", x.id()));
            }
            for x in RefundTo::ALL {
                used.insert(format!("gov-refund-{}", x.id()));
            }
            for x in bayanihan_domain::governance::decision::ACTION_KINDS {
                used.insert(format!("gov-action-{x}"));
            }
            for x in ["self", "proxy", "delegate"] {
                used.insert(format!("gov-voter-{x}"));
            }
        }
        for (b, _, _) in bayanihan_domain::finance::portfolio::BUCKETS {
            used.insert(format!("book-bucket-{b}"));
        }
        for m in bayanihan_domain::finance::loan::Method::ALL {
            used.insert(format!("book-method-{}", m.id()));
        }
        for i in bayanihan_domain::finance::linkage::Indicator::ALL {
            used.insert(format!("linkage-ind-{}", i.id()));
        }
        for r in bayanihan_domain::finance::book::WithdrawalRule::ALL {
            used.insert(format!("book-withdrawal-{}", r.id()));
        }
        for c in bayanihan_domain::Conflict::IDS {
            used.insert(format!("conflict-{c}"));
        }
        for m in bayanihan_domain::trade::catalog::TransportMode::ALL {
            used.insert(format!("mode-{}", m.id()));
        }
        for c in bayanihan_domain::trade::catalog::Category::ALL {
            used.insert(format!("category-{}", c.id()));
        }
        used
    }

    #[test]
    fn every_language_has_every_message_and_none_is_unused() {
        let english: Vec<String> = ids(SOURCES[0].1);
        let used = used_ids();
        let defined: std::collections::BTreeSet<String> = english.iter().cloned().collect();
        let missing: Vec<_> = used.difference(&defined).collect();
        assert!(missing.is_empty(), "used but not in en.ftl: {missing:?}");
        let unused: Vec<_> = defined.difference(&used).collect();
        assert!(unused.is_empty(), "in en.ftl but never used: {unused:?}");
        for (code, source) in SOURCES {
            assert_eq!(
                ids(source),
                english,
                "{code}.ftl must have exactly en.ftl's ids, in order"
            );
            let parsed = FluentResource::try_new(source.to_string());
            assert!(parsed.is_ok(), "{code}.ftl has syntax errors");
        }
    }

    /// A message's source text in one language: its line and the indented lines under it.
    fn source_of(source: &str, id: &str) -> String {
        let mut out = String::new();
        let mut inside = false;
        for line in source.lines() {
            if line.starts_with(&format!("{id} =")) {
                inside = true;
            } else if inside && !line.starts_with([' ', '\t']) && !line.is_empty() {
                break;
            }
            if inside {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }

    /// Every message that counts something reads right for 0, 1, 2 and 5 in every language:
    /// nothing left unresolved, the number shown, and where a language chooses a plural form
    /// for one (`[one]`), that form differs from the one for five.
    #[test]
    fn plural_messages_read_right_for_0_1_2_and_5() {
        let mut checked = 0;
        for (i, lang) in Lang::ALL.iter().enumerate() {
            let source = SOURCES[i].1;
            for id in ids(source) {
                let text = source_of(source, &id);
                if !text.contains("$count") {
                    continue;
                }
                let say = |n: i64| {
                    tr_args(
                        *lang,
                        &id,
                        &[
                            ("count", FluentValue::from(n)),
                            ("total", FluentValue::from("₱250.00")),
                        ],
                    )
                };
                for n in [0, 1, 2, 5] {
                    let out = say(n);
                    assert!(
                        !out.contains('{') && !out.is_empty(),
                        "{id} {n} in {}: {out}",
                        lang.code()
                    );
                    if n != 1 || !text.contains("[one]") {
                        assert!(
                            out.contains(&n.to_string()),
                            "{id} {n} in {}: {out}",
                            lang.code()
                        );
                    }
                }
                if text.contains("[one]") {
                    assert_ne!(
                        say(1).replace('1', ""),
                        say(5).replace('5', ""),
                        "{id} in {}",
                        lang.code()
                    );
                }
                checked += 1;
            }
        }
        assert!(checked >= 6 * 5, "{checked} messages with a count checked");
    }

    #[test]
    fn every_message_formats_in_every_language() {
        for lang in Lang::ALL {
            for id in ids(SOURCES[0].1) {
                let text = tr_args(
                    lang,
                    &id,
                    &[
                        ("count", FluentValue::from(3)),
                        ("seconds", FluentValue::from(30)),
                        ("name", FluentValue::from("Ana")),
                        ("time", FluentValue::from("2026-03-07 08:00")),
                        ("date", FluentValue::from("2026-03-08")),
                        ("from", FluentValue::from("Hub")),
                        ("to", FluentValue::from("Group")),
                        ("total", FluentValue::from("₱250.00")),
                        ("producer", FluentValue::from("₱200.00")),
                        ("reason", FluentValue::from("country")),
                        ("fields", FluentValue::from("Quantity")),
                        ("amount", FluentValue::from("₱10.00")),
                        ("threshold", FluentValue::from("5")),
                        ("left", FluentValue::from(2)),
                        ("asked", FluentValue::from(5)),
                        ("owed", FluentValue::from("₱10.00")),
                        ("ordered", FluentValue::from(4)),
                        ("available", FluentValue::from(12)),
                        ("given", FluentValue::from(12)),
                        ("got", FluentValue::from(5)),
                        ("url", FluentValue::from("https://example.org/join/X")),
                        ("code", FluentValue::from("K7QF-92MX-4TZP-8H3D")),
                        ("signin", FluentValue::from("ana.reyes")),
                        ("days", FluentValue::from(7)),
                        ("added", FluentValue::from(3)),
                        ("updated", FluentValue::from(1)),
                        ("unchanged", FluentValue::from(2)),
                        ("row", FluentValue::from(3)),
                        ("column", FluentValue::from("email")),
                        ("email", FluentValue::from("ana@example.org")),
                        ("status", FluentValue::from("applied")),
                        ("remaining", FluentValue::from(1)),
                        ("supply", FluentValue::from(12)),
                        ("demand", FluentValue::from(40)),
                        ("level", FluentValue::from(4)),
                        ("tier", FluentValue::from(2)),
                        ("allocated", FluentValue::from(7)),
                        ("requested", FluentValue::from(9)),
                        ("product", FluentValue::from("Rice (kg)")),
                        ("given", FluentValue::from(7)),
                        ("who", FluentValue::from("Barangay Malaya")),
                        ("cycle", FluentValue::from("Week 9")),
                        ("orgs", FluentValue::from(16)),
                        ("pickups", FluentValue::from(1)),
                        ("local", FluentValue::from("₱1,200.00")),
                        ("all", FluentValue::from("₱2,400.00")),
                        ("percent", FluentValue::from("50.0")),
                        ("kept", FluentValue::from(2)),
                        ("done", FluentValue::from(1000)),
                        ("total", FluentValue::from(4000)),
                        ("sheet", FluentValue::from("People")),
                        ("start", FluentValue::from("Jun 1, 2027")),
                        ("end", FluentValue::from("Nov 30, 2027")),
                        ("deliveries", FluentValue::from(8)),
                        ("pledged", FluentValue::from("₱22,300.00")),
                        ("target", FluentValue::from("₱22,000.00")),
                        ("gap", FluentValue::from("₱0.00")),
                        ("shares", FluentValue::from(12)),
                        ("pledges", FluentValue::from(12)),
                        ("up", FluentValue::from(3)),
                        ("solidarity", FluentValue::from("₱1,800.00")),
                        ("down", FluentValue::from(7)),
                        ("reductions", FluentValue::from("₱3,260.00")),
                        ("number", FluentValue::from(2)),
                        ("taken", FluentValue::from(4)),
                        ("capacity", FluentValue::from(8)),
                        ("waiting", FluentValue::from(1)),
                        ("position", FluentValue::from(1)),
                        ("chamber", FluentValue::from("Producers")),
                        ("weight", FluentValue::from("40.00")),
                        ("eligible", FluentValue::from(12)),
                        ("ballots", FluentValue::from(9)),
                        ("surplus", FluentValue::from("₱184,250.75")),
                        ("reserve", FluentValue::from("57.50")),
                        ("where", FluentValue::from("paid")),
                        ("rate", FluentValue::from("24")),
                        ("n", FluentValue::from(10)),
                        ("method", FluentValue::from("declining balance")),
                        ("months", FluentValue::from(24)),
                        ("per_year", FluentValue::from(4)),
                        ("return", FluentValue::from("4 %")),
                    ],
                );
                assert!(!text.is_empty() && text != id, "{id} in {}", lang.code());
                assert!(
                    !text.contains("{$") && !text.contains("{ $"),
                    "unformatted placeable in {id} ({})",
                    lang.code()
                );
            }
        }
        // Filipino really is Filipino, Japanese really Japanese.
        assert_ne!(tr(Lang::Fil, "signin-title"), tr(Lang::En, "signin-title"));
        assert!(tr(Lang::Ja, "directory-title")
            .chars()
            .any(|c| c as u32 > 0x3000));
    }
}
