//! Fuzzing the parsers of outside input that live in the domain: amounts, percentages, report
//! periods, typed text, whole organization and product inputs as JSON. Proptest drives them
//! with arbitrary and near-valid input for a bounded number of cases (CI time); each call must
//! return — an answer or a reason — without panicking and within a second.

use std::sync::mpsc;
use std::time::Duration;

use bayanihan_domain::impact::period::Period;
use bayanihan_domain::trade::catalog::{ProductDraft, ProductInput};
use bayanihan_domain::{Currency, Money, OrganizationDraft, OrganizationInput};
use proptest::prelude::*;

/// Runs `f` on another thread and fails the test if it takes longer than a second (a hang).
fn answers<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(1))
        .expect("the parser did not answer within a second (or panicked)")
}

/// Text that looks like what the parser expects, bent in small ways, or anything at all.
fn near(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(pieces), 0..12).prop_map(|v| v.concat()),
        any::<String>(),
        "\\PC{0,40}",
    ]
}

const NUMBERISH: &[&str] = &[
    "0",
    "1",
    "9",
    "12",
    "1,250",
    ".",
    ".5",
    "-",
    "+",
    "e",
    "E",
    "1e9",
    " ",
    "\u{a0}",
    "00",
    "٣",
    "92233720368547758",
    "07",
    ",",
    "%",
    "₱",
    "\u{0}",
];
const PERIODISH: &[&str] = &[
    "2026", "-", "Q", "q", "1", "4", "0", "12", "13", "..", "month:", "year:", "custom:", "9999",
    "-31", "1900", ":", " ",
];

fn currencies() -> impl Strategy<Value = Currency> {
    proptest::sample::select(Currency::all().collect::<Vec<_>>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn amounts(s in near(NUMBERISH), c in currencies()) {
        let (a, b) = answers(move || {
            (Money::parse_decimal(&s, c).is_ok(), Money::parse_plain(&s, c).map(|m| (m, s)))
        });
        // Whatever the strict form takes, the lenient one takes too, and it formats back.
        if let Ok((m, s)) = b {
            prop_assert!(a);
            prop_assert_eq!(Money::parse_plain(&m.to_decimal_string(), c).unwrap(), m, "{}", s);
        }
    }

    #[test]
    fn periods(s in near(PERIODISH)) {
        answers(move || {
            if let Ok(p) = Period::parse(&s) {
                let _ = (p.previous(), p.buckets(), p.days());
            }
        });
    }

    #[test]
    fn organizations_as_json(json in organization_json()) {
        answers(move || {
            if let Ok(input) = serde_json::from_str::<OrganizationInput>(&json) {
                let _ = OrganizationDraft::parse(&input);
            }
        });
    }

    #[test]
    fn products_as_json(json in product_json()) {
        answers(move || {
            if let Ok(input) = serde_json::from_str::<ProductInput>(&json) {
                let _ = ProductDraft::parse(&input);
            }
        });
    }
}

fn field_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "\\PC{0,30}".prop_map(Value::from),
        proptest::sample::select(vec![
            "PH",
            "PHP",
            "Asia/Manila",
            "network",
            "organic",
            "en",
            "rice",
            "bag"
        ])
        .prop_map(Value::from),
        proptest::collection::vec("\\PC{0,8}", 0..4).prop_map(Value::from),
    ]
}

fn object(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::collection::vec((proptest::sample::select(keys), field_value()), 0..10).prop_map(
        |kv| {
            let map: serde_json::Map<String, serde_json::Value> =
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            serde_json::Value::Object(map).to_string()
        },
    )
}

fn organization_json() -> impl Strategy<Value = String> {
    prop_oneof![
        object(&[
            "name",
            "kind",
            "roles",
            "legal_form",
            "country",
            "region",
            "location",
            "currency",
            "time_zone",
            "languages",
            "qualifiers",
            "description",
            "colour"
        ]),
        any::<String>(),
    ]
}

fn product_json() -> impl Strategy<Value = String> {
    prop_oneof![
        object(&[
            "name",
            "category",
            "unit",
            "unit_mass_kg",
            "qualifiers",
            "origin",
            "packaging"
        ]),
        any::<String>(),
    ]
}
