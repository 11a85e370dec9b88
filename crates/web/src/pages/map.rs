//! The public map of the network's published organizations and pickup points (an SVG made
//! here, filterable without script), and the territorial view of a country by region.

use super::*;
use crate::map;

#[derive(Template)]
#[template(path = "map.html")]
pub(super) struct MapPage {
    c: Chrome,
    svg: String,
    count_text: String,
    /// (id, label, selected)
    kinds: Vec<(&'static str, String, bool)>,
    qualifiers: Vec<(&'static str, String, bool)>,
    roles: Vec<(&'static str, String, bool)>,
    networks: Vec<(Uuid, String, bool)>,
    country: String,
    /// The points as a list (the same as the drawing, for reading and for screen readers),
    /// at most [`LIST`]: (org, name, pickup).
    list: Vec<(Uuid, String, bool)>,
    more: bool,
}

/// The most points listed under the map.
const LIST: usize = 200;

pub(super) async fn map_page(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(raw): axum::extract::Query<HashMap<String, String>>,
) -> PageResult {
    let get = |k: &str| raw.get(k).cloned().filter(|s| !s.trim().is_empty());
    let network = match get("network").map(|n| Uuid::parse_str(&n)) {
        Some(Ok(n)) => Some(n),
        Some(Err(_)) => {
            return Err(v.failure(bayanihan_domain::Invalid::field("network", "is not an id")))
        }
        None => None,
    };
    let params = bayanihan_app::publishing::MapParams {
        network,
        kind: get("kind"),
        qualifier: get("qualifier"),
        role: get("role"),
        country: get("country").map(|c| c.trim().to_ascii_uppercase()),
    };
    let mut filter =
        bayanihan_app::publishing::parse_map_filter(&params).map_err(|e| v.failure(e))?;
    filter.drawing = true;
    let points = bayanihan_app::publishing::map(&state.store, &filter)
        .await
        .or_page(&v)?;
    let drawn: Vec<map::Point<'_>> = points
        .iter()
        .map(|p| map::Point {
            org: p.organization_id,
            name: &p.name,
            lon: p.lon,
            lat: p.lat,
            pickup: p.pickup_point.is_some(),
        })
        .collect();
    let focus = filter.country.and_then(|c| map::country_bbox(c.code()));
    let view = map::view(focus, &drawn);
    let tiles = state
        .config
        .map_tiles
        .as_ref()
        .map(|(url, attribution)| map::Tiles { url, attribution });
    let svg = map::svg(view, &drawn, tiles.as_ref(), &v.t("map-title"));
    let orgs = points.iter().filter(|p| p.pickup_point.is_none()).count();
    let count_text = tr_args(
        v.lang,
        "map-count",
        &[
            ("orgs", FluentValue::from(orgs as f64)),
            ("pickups", FluentValue::from((points.len() - orgs) as f64)),
        ],
    );
    let networks = bayanihan_app::publishing::map_networks(&state.store)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(id, name)| (id, name, Some(id) == filter.network))
        .collect();
    let page = MapPage {
        c: v.chrome(v.t("map-title")),
        svg,
        count_text,
        kinds: OrgKind::ALL
            .iter()
            .map(|k| (k.id(), kind_label(v.lang, *k), Some(*k) == filter.kind))
            .collect(),
        qualifiers: bayanihan_domain::Qualifier::ALL
            .iter()
            .map(|q| {
                (
                    q.id(),
                    tr(v.lang, &format!("qualifier-{}", q.id())),
                    Some(*q) == filter.qualifier,
                )
            })
            .collect(),
        roles: bayanihan_domain::ValueChainRole::ALL
            .iter()
            .map(|r| {
                (
                    r.id(),
                    tr(v.lang, &format!("vcrole-{}", r.id())),
                    Some(*r) == filter.role,
                )
            })
            .collect(),
        networks,
        country: filter
            .country
            .map(|c| c.code().to_string())
            .unwrap_or_default(),
        list: points
            .iter()
            .take(LIST)
            .map(|p| (p.organization_id, p.name.clone(), p.pickup_point.is_some()))
            .collect(),
        more: points.len() > LIST,
    };
    let mut response = v.render(StatusCode::OK, &page);
    if let Some((url, _)) = &state.config.map_tiles {
        // The tiles come from the operator's tile server: the page's policy names it.
        if let Some(origin) = origin_of(url) {
            if let Ok(csp) = HeaderValue::from_str(&format!(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: {origin}; \
                 frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
            )) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, csp);
            }
        }
    }
    Ok(response)
}

/// `https://host[:port]` of a URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next()?;
    (matches!(scheme, "http" | "https")
        && !host.is_empty()
        && !host.contains(['{', ' ', ';', '\'']))
    .then(|| format!("{scheme}://{host}"))
}

#[derive(Template)]
#[template(path = "territories.html")]
pub(super) struct TerritoriesPage {
    c: Chrome,
    country: String,
    country_name: String,
    /// (region, organizations by kind, trade lines: (currency, local, total, retention %))
    rows: Vec<(String, String, Vec<String>)>,
    countries: Vec<(String, String, bool)>,
}

/// Money figures of a region are shown only when at least this many listed organizations are
/// in it and owe in the figure's currency: with fewer, a figure would be one organization's
/// books.
pub const MIN_ORGS_FOR_MONEY: u64 = 3;

pub(super) async fn territories(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(raw): axum::extract::Query<HashMap<String, String>>,
) -> PageResult {
    let code = raw
        .get("country")
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "PH".into());
    let country = bayanihan_domain::CountryCode::parse(&code)
        .map_err(|e| v.failure(bayanihan_domain::Invalid::field("country", e.to_string())))?;
    let regions = bayanihan_app::publishing::territories(&state.store, country)
        .await
        .or_page(&v)?;
    let rows = regions
        .iter()
        .map(|t| {
            let total: u64 = t.organizations.iter().map(|(_, n)| n).sum();
            let kinds = t
                .organizations
                .iter()
                .map(|(k, n)| format!("{} {n}", kind_label(v.lang, *k)))
                .collect::<Vec<_>>()
                .join(", ");
            // A figure shows only when at least three organizations of the region owe in its
            // currency: with fewer, it would be one organization's books.
            let enough =
                |debtors: u64| total >= MIN_ORGS_FOR_MONEY && debtors >= MIN_ORGS_FOR_MONEY;
            let mut trade: Vec<String> = t
                .trade
                .iter()
                .filter(|(_, _, _, debtors)| enough(*debtors))
                .filter_map(|(cur, local, all, _)| {
                    let c = bayanihan_domain::Currency::parse(cur).ok()?;
                    let pct = if *all > 0 {
                        format!("{:.1}", *local as f64 * 100.0 / *all as f64)
                    } else {
                        "—".into()
                    };
                    Some(tr_args(
                        v.lang,
                        "territory-trade",
                        &[
                            (
                                "local",
                                FluentValue::from(format_money(v.lang, Money::new(*local, c))),
                            ),
                            (
                                "all",
                                FluentValue::from(format_money(v.lang, Money::new(*all, c))),
                            ),
                            ("percent", FluentValue::from(pct)),
                        ],
                    ))
                })
                .collect();
            if t.trade.iter().any(|(_, _, _, debtors)| !enough(*debtors)) {
                trade.push(v.t("territory-too-few"));
            }
            (
                t.region
                    .clone()
                    .unwrap_or_else(|| v.t("territory-no-region")),
                kinds,
                trade,
            )
        })
        .collect();
    let countries = ["PH", "ID", "MY", "JP", "NP"]
        .iter()
        .filter_map(|c| bayanihan_domain::CountryCode::parse(c).ok())
        .map(|c| (c.code().to_string(), c.name().to_string(), c == country))
        .collect();
    let page = TerritoriesPage {
        c: v.chrome(v.t("territory-title")),
        country: country.code().to_string(),
        country_name: country.name().to_string(),
        rows,
        countries,
    };
    Ok(v.render(StatusCode::OK, &page))
}
