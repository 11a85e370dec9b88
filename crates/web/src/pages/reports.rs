//! Triple-bottom-line report pages: the figures of a scope and period beside the period before,
//! with server-made SVG charts — where the consumer's money goes, the trend, and comparisons by
//! country and by value chain. The same view renders as a stand-alone file for
//! `bayanihan report tbl --format html`.

use bayanihan_domain::impact::catalogue;
use bayanihan_domain::impact::report::{Report, Value};
use bayanihan_domain::trade::catalog::{Category, TransportMode};
use bayanihan_domain::{CountryCode, Currency};

use super::charts::{self, esc, swatch};
use super::*;
use bayanihan_app::reports::ReportParams;

/// One row of a figures table.
pub struct Row {
    pub name: String,
    pub current: String,
    pub previous: String,
}

/// "Where the money goes" for one currency.
pub struct MoneyChart {
    pub currency: &'static str,
    pub svg: String,
    /// (swatch, label, amount, share of the total)
    pub legend: Vec<(String, String, String, String)>,
}

/// Everything the report template shows.
pub struct ReportView {
    pub heading: String,
    pub period: String,
    pub previous: String,
    pub rows: Vec<Row>,
    pub money: Vec<MoneyChart>,
    pub trends: Vec<String>,
    pub by_country: String,
    pub by_chain: String,
    pub country_rows: Vec<Row>,
    pub chain_rows: Vec<Row>,
    pub factors: String,
    pub suppressed: String,
    pub csv: String,
    pub json: String,
}

fn indicator_name(lang: Lang, id: &str) -> String {
    catalogue::indicator(id)
        .and_then(|i| i.name.get(lang.code()).cloned())
        .unwrap_or_else(|| tr(lang, "report-money-flow"))
}

fn key_name(lang: Lang, indicator: &str, key: &str) -> String {
    if let Some(g) = key.strip_suffix(".people") {
        return format!(
            "{} — {}",
            tr(lang, &format!("group-{g}")),
            tr(lang, "report-people")
        );
    }
    match indicator {
        "money_flow" => tr(lang, &format!("part-{key}")),
        "payments_by_group" => tr(lang, &format!("group-{key}")),
        "jobs_fte" if key == "not_said" => tr(lang, "report-not-said"),
        "jobs_fte" => tr(lang, &format!("gender-{key}")),
        "voting_turnout" => tr(lang, &format!("stakeholder-{key}")),
        "transport_emissions" => TransportMode::parse(key)
            .map_or(key.to_string(), |m| tr(lang, &format!("mode-{}", m.id()))),
        _ => key.to_string(),
    }
}

fn unit(lang: Lang, v: &Value, s: &str) -> String {
    match (v.unit, s) {
        (_, "" | "—") => "—".into(),
        (_, s) if s.starts_with('<') => s.to_string(),
        ("percent", s) => format!("{s} %"),
        ("km", s) => format!("{s} km"),
        ("kg CO2e", s) => format!("{s} kg CO₂e"),
        ("FTE", s) => format!("{s} FTE"),
        ("money", s) => match v.currency {
            Some(c) => match Money::parse_decimal(s, c) {
                Ok(m) => format_money(lang, m),
                Err(_) => format!("{s} {}", c.code()),
            },
            None => s.to_string(),
        },
        (_, s) => s.to_string(),
    }
}

fn row_of(lang: Lang, v: &Value) -> Row {
    let mut name = indicator_name(lang, v.indicator);
    if let Some(k) = &v.key {
        name = format!("{name}: {}", key_name(lang, v.indicator, k));
    }
    if let Some(c) = v.currency {
        name = format!("{name} ({})", c.code());
    }
    Row {
        name,
        current: unit(lang, v, v.current.as_deref().unwrap_or("")),
        previous: unit(lang, v, v.previous.as_deref().unwrap_or("")),
    }
}

fn minor(s: Option<&str>, c: Currency) -> i128 {
    s.and_then(|s| Money::parse_decimal(s, c).ok())
        .map_or(0, |m| i128::from(m.minor()))
}

fn percent_of(v: Option<&Value>) -> (Option<f64>, String) {
    let s = v.and_then(|v| v.current.clone());
    (
        s.as_deref().and_then(|s| s.parse().ok()),
        s.map_or("—".into(), |s| format!("{s} %")),
    )
}

/// Builds the view of a report in a language.
pub fn view(lang: Lang, r: &Report, query: &str) -> ReportView {
    let total = &r.sections[0];
    let rows = total
        .values
        .iter()
        .filter(|v| v.indicator != "money_flow")
        .map(|v| row_of(lang, v))
        .collect();
    let currencies: Vec<Currency> = {
        let mut c: Vec<Currency> = total.values.iter().filter_map(|v| v.currency).collect();
        // Figures come currency by currency, then liquidity saved per currency: sort first.
        c.sort_by_key(|c| c.code());
        c.dedup();
        c
    };
    let mut money = Vec::new();
    let mut trends = Vec::new();
    for &cy in &currencies {
        let parts: Vec<(String, i128)> = total
            .values
            .iter()
            .filter(|v| v.indicator == "money_flow" && v.currency == Some(cy))
            .map(|v| {
                (
                    key_name(lang, "money_flow", v.key.as_deref().unwrap_or("")),
                    minor(v.current.as_deref(), cy),
                )
            })
            .collect();
        let sum: i128 = parts.iter().map(|p| p.1).sum();
        if sum > 0 {
            money.push(MoneyChart {
                currency: cy.code(),
                svg: charts::stacked_bar(
                    &format!("{} ({})", tr(lang, "report-money-goes"), cy.code()),
                    &parts,
                ),
                legend: parts
                    .iter()
                    .enumerate()
                    .map(|(n, (label, v))| {
                        (
                            swatch(n),
                            esc(label),
                            format_money(
                                lang,
                                Money::new(i64::try_from(*v).unwrap_or(i64::MAX), cy),
                            ),
                            format!("{:.1} %", *v as f64 * 100.0 / sum as f64),
                        )
                    })
                    .collect(),
            });
        }
        let points: Vec<(String, i128, String)> =
            r.sections
                .iter()
                .filter_map(|s| s.key.strip_prefix("trend:").map(|b| (b, s)))
                .map(|(b, s)| {
                    let v = s.values.iter().find(|v| {
                        v.indicator == "value_paid_to_producers" && v.currency == Some(cy)
                    });
                    let m = minor(v.and_then(|v| v.current.as_deref()), cy);
                    let label = b.rsplit('-').next().unwrap_or(b).to_string();
                    (
                        label,
                        m,
                        format_money(lang, Money::new(i64::try_from(m).unwrap_or(i64::MAX), cy)),
                    )
                })
                .collect();
        trends.push(charts::bars(
            &format!("{} ({})", tr(lang, "report-trend"), cy.code()),
            &points,
        ));
    }
    let compare = |prefix: &str, name: &dyn Fn(&str) -> String| -> (String, Vec<Row>) {
        let mut bars = Vec::new();
        let mut rows = Vec::new();
        for s in r.sections.iter().filter(|s| s.key.starts_with(prefix)) {
            let label = name(&s.key[prefix.len()..]);
            for v in s.values.iter().filter(|v| v.indicator == "producer_share") {
                let (pct, shown) = percent_of(Some(v));
                bars.push((
                    format!("{label} {}", v.currency.map_or("", |c| c.code())),
                    pct,
                    shown,
                ));
            }
            for v in s
                .values
                .iter()
                .filter(|v| v.indicator == "value_paid_to_producers")
            {
                let mut row = row_of(lang, v);
                row.name = format!("{label}: {}", row.name);
                rows.push(row);
            }
        }
        (
            charts::percent_rows(&indicator_name(lang, "producer_share"), &bars),
            rows,
        )
    };
    let (by_country, country_rows) = compare("country:", &|c| {
        CountryCode::parse(c).map_or(c.to_string(), |c| c.name().to_string())
    });
    let (by_chain, chain_rows) = compare("value_chain:", &|c| {
        Category::parse(c).map_or(c.to_string(), |c| tr(lang, &format!("category-{}", c.id())))
    });
    let f = &r.emission_factors;
    let factors = format!(
        "{} ({}, {}): {}",
        f.source,
        f.year,
        f.scope,
        f.factors
            .iter()
            .map(|x| format!("{} {} {}", x.mode, x.value, f.unit))
            .collect::<Vec<_>>()
            .join("; ")
    );
    ReportView {
        heading: format!("{} — {}", tr(lang, "report-title"), r.scope.name),
        period: r.period.label.clone(),
        previous: r.previous_period.label.clone(),
        rows,
        money,
        trends,
        by_country,
        by_chain,
        country_rows,
        chain_rows,
        factors,
        suppressed: tr_args(
            lang,
            "report-suppressed",
            &[(
                "threshold",
                FluentValue::from(r.suppression_threshold.to_string()),
            )],
        ),
        csv: format!("/api/v1/reports/tbl?{query}&format=csv"),
        json: format!("/api/v1/reports/tbl?{query}&format=json"),
    }
}

#[derive(Template)]
#[template(path = "report.html")]
pub(super) struct ReportPage {
    c: Chrome,
    v: Option<ReportView>,
    scope: String,
    period: String,
    choices: Vec<(String, String)>,
    error: Option<String>,
}

/// The same report as one stand-alone HTML file (its stylesheet inlined).
#[derive(Template)]
#[template(path = "report_file.html")]
pub struct ReportFile {
    c: Chrome,
    v: ReportView,
    css: &'static str,
}

/// Renders a report as a stand-alone HTML page in `lang`.
pub fn render_file(lang: Lang, r: &Report) -> Result<String, askama::Error> {
    ReportFile {
        c: Chrome {
            lang,
            title: tr(lang, "report-title"),
            user: None,
            csrf: String::new(),
            path: String::new(),
            langs: Vec::new(),
        },
        v: view(lang, r, ""),
        css: super::STYLE,
    }
    .render()
}

fn query_string(p: &ReportParams) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "scope={}&period={}",
        enc(p.scope.as_deref().unwrap_or("")),
        enc(p.period.as_deref().unwrap_or(""))
    )
}

/// `/reports/tbl?scope=…&period=…`: the form to choose, and the report once chosen.
pub(super) async fn tbl(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(mut p): axum::extract::Query<ReportParams>,
) -> Response {
    let Some(subject) = v.caller.subject.clone() else {
        return v.to_signin();
    };
    p.format = None;
    if p.period.as_deref().is_none_or(str::is_empty) {
        p.period = Some(jiff::Zoned::now().year().to_string());
    }
    // Scopes to choose from: the networks in the directory and the visitor's organizations.
    let mut choices = Vec::new();
    let mut ids: Vec<Uuid> = subject.memberships.keys().copied().collect();
    let networks = bayanihan_app::organizations::networks(&state.store, 200)
        .await
        .unwrap_or_default();
    for n in &networks {
        choices.push((format!("network:{}", n.id), n.name.clone()));
    }
    // Each scope once: a network the visitor belongs to is listed as the network.
    ids.retain(|id| !networks.iter().any(|n| n.id == *id));
    ids.sort();
    ids.dedup();
    let names = names_of(&state, ids.clone()).await;
    for id in ids {
        if let Some(n) = names.get(&id) {
            choices.push((format!("organization:{id}"), n.clone()));
        }
    }
    for c in Category::ALL {
        choices.push((
            format!("value-chain:{}", c.id()),
            tr(v.lang, &format!("category-{}", c.id())),
        ));
    }
    let mut page = ReportPage {
        c: v.chrome(v.t("report-title")),
        v: None,
        scope: p.scope.clone().unwrap_or_default(),
        period: p.period.clone().unwrap_or_default(),
        choices,
        error: None,
    };
    if p.scope.as_deref().is_none_or(str::is_empty) {
        return v.render(StatusCode::OK, &page);
    }
    match bayanihan_app::reports::load(&state.store, v.caller.subject.as_ref(), &p)
        .await
        .map_err(ApiError::from)
    {
        Ok(r) => {
            page.c = v.chrome(format!("{} — {}", v.t("report-title"), r.scope.name));
            page.v = Some(view(v.lang, &r, &query_string(&p)));
            v.render(StatusCode::OK, &page)
        }
        Err(e @ ApiError::Invalid(_)) => {
            // A period that cannot be read says which forms are read.
            let period =
                matches!(&e, ApiError::Invalid(i) if i.errors.iter().any(|f| f.field == "period"));
            page.error = Some(if period {
                v.t("report-period-bad")
            } else {
                v.explain(&e)
            });
            v.render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => v.failure(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bayanihan_domain::impact::period::Period;
    use bayanihan_domain::impact::report::{build, Inputs, RollupRow, Scope, SetOff, Threshold};
    use bayanihan_domain::impact::rollup::Rollup;

    fn row(currency: Currency, country: &str) -> RollupRow {
        let mut rollup = Rollup {
            lines: 1,
            units: 1,
            producer_minor: 800,
            total_minor: 1_000,
            ..Default::default()
        };
        rollup
            .fees
            .insert(bayanihan_domain::trade::pricing::FeeKind::Coordination, 200);
        RollupRow {
            day: "2026-05-02".parse().unwrap(),
            currency,
            category: Category::Rice,
            country: CountryCode::parse(country).unwrap(),
            rollup,
        }
    }

    #[test]
    fn one_money_chart_per_currency_and_every_chart_drawn() {
        let rows = [row(Currency::PHP, "PH"), row(Currency::MYR, "MY")];
        let set_off = [SetOff {
            day: "2026-05-03".parse().unwrap(),
            currency: Currency::PHP,
            minor: 50,
        }];
        let r = build(&Inputs {
            scope: Scope {
                kind: "network".into(),
                id: "n".into(),
                name: "Council <&>".into(),
            },
            period: Period::parse("2026").unwrap(),
            rows: &rows,
            jobs: Some(&[]),
            set_off: Some(&set_off),
            seasons: None,
            votes: None,
            books: None,
            portfolio: None,
            threshold: Threshold::default(),
        });
        let v = view(Lang::En, &r, "scope=network:n&period=2026");
        let currencies: Vec<&str> = v.money.iter().map(|m| m.currency).collect();
        assert_eq!(currencies, ["MYR", "PHP"]);
        assert_eq!(v.trends.len(), 2);
        // Producer ₱8.00 of ₱10.00: 80 %.
        assert!(
            v.money[1].legend[0].3.starts_with("80.0"),
            "{:?}",
            v.money[1].legend
        );
        assert!(v.by_country.contains("PH") && v.by_country.contains("MY"));
        assert_eq!(v.country_rows.len(), 2);
        assert!(v.csv.ends_with("format=csv"));
        // The scope's name is text, escaped by the template, not here.
        assert!(v.heading.contains("Council <&>"));
        let html = render_file(Lang::Ja, &r).unwrap();
        assert!(
            html.contains("Council &lt;&amp;&gt;") || html.contains("Council &#60;&#38;&#62;"),
            "{html}"
        );
        assert!(html.contains("<svg class=\"chart\""));
        assert!(!html.contains("<script"));
    }
}
