//! Murmurations: each published organization's profile, registration of those profiles with
//! an index, and Bayanihan itself as a private index for a national network.
//!
//! **Registration** is an outbox: publishing, changing a published profile and unpublishing
//! mark the organization's row in `murmurations_nodes` in the same transaction; the server's
//! sync task then `POST /v2/nodes` the profile URL (the index reads the profile from it) or
//! `DELETE /v2/nodes/{node_id}` (the index deletes once the profile URL answers 404, which it
//! does from the moment of unpublishing). A failure waits and is tried again, doubling the
//! wait up to a day, so an index that is away for a while loses nothing.

use std::time::Duration;

use bayanihan_domain::interop::essglobal;
use bayanihan_domain::interop::murmurations::{self, ProfileContext};
use bayanihan_store::publishing::NodeTask;
use bayanihan_store::Store;
use serde_json::Value;
use uuid::Uuid;

use crate::publishing::PublicProfile;
use crate::AppResult;

/// Where this server's profiles live and which index to register them with.
#[derive(Debug, Clone)]
pub struct IndexSettings {
    /// The index's base URL, e.g. `https://index.murmurations.network` (the API's `/v2/…`
    /// is appended).
    pub index_url: String,
    /// This server's public address, e.g. `https://bayanihan.example.org`.
    pub public_url: String,
}

/// The URL an organization's Murmurations profile is served at.
pub fn profile_url(public_url: &str, org: Uuid) -> String {
    format!(
        "{}/api/v1/organizations/{org}/murmurations",
        public_url.trim_end_matches('/')
    )
}

/// An organization's page on this server.
pub fn page_url(public_url: &str, org: Uuid) -> String {
    format!("{}/organizations/{org}", public_url.trim_end_matches('/'))
}

/// The Murmurations profile of a published organization, its URLs made from `public_url`.
pub async fn profile(store: &Store, org: Uuid, public_url: &str) -> AppResult<Value> {
    let p = crate::publishing::public_profile(store, org).await?;
    profile_of(store, &p, public_url).await
}

async fn profile_of(store: &Store, p: &PublicProfile, public_url: &str) -> AppResult<Value> {
    let member_of: Vec<String> = published_networks(store, p.organization.id)
        .await?
        .into_iter()
        .map(|n| profile_url(public_url, n))
        .collect();
    let page = page_url(public_url, p.organization.id);
    Ok(murmurations::profile(
        &p.organization,
        &ProfileContext {
            page_url: &page,
            website: p.publication.website.as_deref(),
            member_of: &member_of,
        },
    ))
}

/// The published networks an organization is an active member of.
pub(crate) async fn published_networks(store: &Store, org: Uuid) -> AppResult<Vec<Uuid>> {
    let mut out = Vec::new();
    for link in store.network_memberships_of(org).await? {
        if link.member_id == org
            && link.status == bayanihan_domain::NetworkMembershipStatus::Active
            && store.publication(link.network_id).await?.is_some()
        {
            out.push(link.network_id);
        }
    }
    Ok(out)
}

/// A published organization as ESSGlobal JSON-LD (an `SSEInitiative`).
pub async fn essglobal(store: &Store, org: Uuid, public_url: &str) -> AppResult<Value> {
    let p = crate::publishing::public_profile(store, org).await?;
    Ok(essglobal::document(vec![
        initiative_of(store, &p, public_url).await?,
    ]))
}

/// Published organizations in one page of the ESSGlobal feed.
pub const FEED_PAGE: i64 = 200;

/// The feed's page, as it arrives in a query string.
#[derive(Debug, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct FeedParams {
    /// The page, from 1 (200 organizations a page, by name); the answer's `Link: …;
    /// rel="next"` header names the next one while there is one.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    pub page: Option<i64>,
}

/// One page of the published organizations as an ESSGlobal JSON-LD `@graph`, and the next
/// page's number when there is one.
pub async fn essglobal_all(
    store: &Store,
    public_url: &str,
    p: &FeedParams,
) -> AppResult<(Value, Option<i64>)> {
    let page = p.page.unwrap_or(1);
    if !(1..=1_000_000).contains(&page) {
        return Err(
            bayanihan_domain::Invalid::field("page", "must be between 1 and 1000000").into(),
        );
    }
    let (listed, more) = store
        .published_organizations_page(FEED_PAGE, (page - 1) * FEED_PAGE)
        .await?;
    let mut nodes = Vec::new();
    for l in listed {
        let p = crate::publishing::profile_of(store, l).await?;
        nodes.push(initiative_of(store, &p, public_url).await?);
    }
    // One node would be flattened into the document; a feed is always a graph.
    let mut doc = essglobal::document(Vec::new());
    doc["@graph"] = Value::Array(nodes);
    Ok((doc, more.then_some(page + 1)))
}

async fn initiative_of(store: &Store, p: &PublicProfile, public_url: &str) -> AppResult<Value> {
    let part_of: Vec<String> = published_networks(store, p.organization.id)
        .await?
        .into_iter()
        .map(|n| page_url(public_url, n))
        .collect();
    let page = page_url(public_url, p.organization.id);
    Ok(essglobal::initiative(
        &p.organization,
        &essglobal::InitiativeContext {
            page_url: &page,
            website: p.publication.website.as_deref(),
            gender_counts: p.gender_counts,
            part_of: &part_of,
        },
    ))
}

/// What one pass of the sync did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncSummary {
    pub registered: usize,
    pub deleted: usize,
    pub failed: usize,
}

/// The longest wait between two tries of one row.
const MAX_BACKOFF: Duration = Duration::from_secs(24 * 3600);

fn backoff(attempts: i64) -> Duration {
    let secs = 60u64.saturating_mul(1u64 << attempts.clamp(0, 20));
    Duration::from_secs(secs).min(MAX_BACKOFF)
}

/// Works through the outbox rows that are due: registers profiles, deletes nodes.
pub async fn sync_due(
    store: &Store,
    http: &reqwest::Client,
    settings: &IndexSettings,
) -> AppResult<SyncSummary> {
    const BATCH: i64 = 100;
    let mut summary = SyncSummary::default();
    // Batch after batch until fewer are due than a batch holds: a network's 100,000
    // publications go out in one wake, not 100 every five minutes. A row tried is not due
    // again before its retry time, so this ends; and a batch of which nothing went through
    // (the index away) ends the wake, rather than trying every row at 30 s each.
    loop {
        let now = bayanihan_store::now_micros();
        let due = store.murmurations_due(now, BATCH).await?;
        let full = due.len() as i64 == BATCH;
        let failed_before = summary.failed;
        let n = due.len();
        sync_batch(store, http, settings, due, &mut summary).await?;
        if !full || summary.failed - failed_before == n {
            return Ok(summary);
        }
    }
}

async fn sync_batch(
    store: &Store,
    http: &reqwest::Client,
    settings: &IndexSettings,
    due: Vec<NodeTask>,
    summary: &mut SyncSummary,
) -> AppResult<()> {
    for task in due {
        let started = bayanihan_store::now_micros();
        let outcome = try_one(http, settings, &task).await;
        let retry_at = started + backoff(task.attempts).as_micros() as i64;
        match outcome {
            Ok((node_id, status)) => {
                store
                    .murmurations_tried(&task, true, Some(&node_id), &status, None, retry_at)
                    .await?;
                if task.present {
                    summary.registered += 1;
                } else {
                    summary.deleted += 1;
                }
            }
            Err((status, error)) => {
                tracing::warn!(org = %task.organization_id, %error, "murmurations index refused");
                store
                    .murmurations_tried(&task, false, None, &status, Some(&error), retry_at)
                    .await?;
                summary.failed += 1;
            }
        }
    }
    Ok(())
}

/// One request to the index: `Ok((node_id, status))` or `Err((status, why))`.
async fn try_one(
    http: &reqwest::Client,
    settings: &IndexSettings,
    task: &NodeTask,
) -> Result<(String, String), (String, String)> {
    let base = settings.index_url.trim_end_matches('/');
    let url = profile_url(&settings.public_url, task.organization_id);
    let node_id = task
        .node_id
        .clone()
        .unwrap_or_else(|| murmurations::node_id(&url));
    let request = if task.present {
        http.post(format!("{base}/v2/nodes"))
            .json(&serde_json::json!({ "profile_url": url }))
    } else {
        http.delete(format!("{base}/v2/nodes/{node_id}"))
    };
    let response = request
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .map_err(|e| ("unreachable".to_string(), e.to_string()))?;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    let said = || {
        body.pointer("/errors/0/detail")
            .or_else(|| body.pointer("/errors/0/title"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    match (task.present, status.as_u16()) {
        (true, 200..=299) => {
            let id = body
                .pointer("/data/node_id")
                .and_then(Value::as_str)
                .unwrap_or(&node_id)
                .to_string();
            Ok((id, "posted".into()))
        }
        // A node the index does not know is as deleted as it gets.
        (false, 200..=299 | 404) => Ok((node_id, "deleted".into())),
        (_, code) => Err((code.to_string(), format!("HTTP {code} {}", said()))),
    }
}

/// The HTTP client of the sync (rustls, a user agent naming Bayanihan).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(concat!("bayanihan/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(15))
        .build()
        .unwrap_or_default()
}

/// A search of the private index, as a Murmurations index takes it.
#[derive(Debug, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// Comma-separated tags, e.g. `organic,producer`.
    pub tags: Option<String>,
    /// `or` (any tag, the default) or `and` (every tag).
    pub tags_filter: Option<String>,
    /// `true`: tags match exactly (ignoring case); `false` (default): a tag containing the word
    /// matches too.
    pub tags_exact: Option<bool>,
    /// Centre of a range search (with `lon` and `range`), degrees north.
    #[cfg_attr(feature = "openapi", param(minimum = -90, maximum = 90))]
    pub lat: Option<f64>,
    /// Degrees east.
    #[cfg_attr(feature = "openapi", param(minimum = -180, maximum = 180))]
    pub lon: Option<f64>,
    /// Distance from the centre, e.g. `25km` or `10mi` (km when no unit is given).
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^[0-9]{1,5}(\.[0-9]{1,3})?(km|mi)?$")
    )]
    pub range: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[cfg_attr(feature = "openapi", param(schema_with = bayanihan_domain::openapi::opt_country))]
    pub country: Option<String>,
    /// Case-insensitive part of the name.
    pub name: Option<String>,
    /// 1-based page (default 1).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 10000))]
    pub page: Option<i64>,
    /// Results a page, 1–500 (default 30).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub page_size: Option<i64>,
}

/// A node in a search answer: the fields a Murmurations index answers with.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndexNode {
    pub profile_url: String,
    pub name: String,
    pub primary_url: String,
    pub tags: Vec<String>,
    pub country: String,
    pub region: Option<String>,
    pub geolocation: Option<Geolocation>,
    /// Unix seconds of the last change of the profile or its publication.
    pub last_updated: i64,
    pub linked_schemas: Vec<String>,
    pub status: String,
}

/// A point, in degrees.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Geolocation {
    pub lat: f64,
    pub lon: f64,
}

/// A page of search results, shaped as a Murmurations index's.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchPage {
    pub data: Vec<IndexNode>,
    pub meta: SearchMeta,
}

#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchMeta {
    pub number_of_results: usize,
    pub total_pages: usize,
}

/// Reads a range: `25km`, `10mi`, `3.5` (km).
fn parse_range(s: &str) -> Option<f64> {
    let s = s.trim().to_ascii_lowercase();
    let (n, factor) = if let Some(n) = s.strip_suffix("km") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix("mi") {
        (n, 1.609_344)
    } else {
        (s.as_str(), 1.0)
    };
    let v: f64 = n.trim().parse().ok()?;
    (v.is_finite() && v > 0.0 && v <= 20_040.0).then_some(v * factor)
}

/// Searches the published organizations of this server: the private index of a national
/// network, for signed-in members of an organization (a Murmurations index is public; this one
/// is not, so a network can map itself before it chooses to be seen).
pub async fn search(
    store: &Store,
    caller: Option<&bayanihan_domain::access::Subject>,
    public_url: &str,
    p: &SearchParams,
) -> AppResult<SearchPage> {
    use bayanihan_domain::validate::Collector;
    use bayanihan_domain::{CountryCode, Latitude, Location, Longitude};
    let who = crate::access::require(caller)?;
    if who.memberships.is_empty() {
        return Err(crate::AppError::NotPermitted(
            "The network's index is for members of its organizations.".into(),
        ));
    }
    let mut c = Collector::new();
    let tags: Vec<String> = p
        .tags
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    if tags.len() > 100 {
        c.push("tags", "at most 100 tags");
    }
    let all = match p.tags_filter.as_deref() {
        None | Some("or") => false,
        Some("and") => true,
        Some(_) => {
            c.push("tags_filter", "must be `and` or `or`");
            false
        }
    };
    let exact = p.tags_exact.unwrap_or(false);
    let lat = p.lat.and_then(|v| c.take("lat", Latitude::parse(v)));
    let lon = p.lon.and_then(|v| c.take("lon", Longitude::parse(v)));
    let range = match p.range.as_deref() {
        None => None,
        Some(r) => match parse_range(r) {
            Some(km) => Some(km),
            None => {
                c.push("range", "must be a distance such as 25km or 10mi");
                None
            }
        },
    };
    let given = [p.lat.is_some(), p.lon.is_some(), p.range.is_some()];
    if given.iter().any(|g| *g) && !given.iter().all(|g| *g) {
        c.push("range", "a range search needs lat, lon and range together");
    }
    let country = p
        .country
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|s| c.take("country", CountryCode::parse(s)));
    let page = p.page.unwrap_or(1);
    if !(1..=10_000).contains(&page) {
        c.push("page", "must be between 1 and 10000");
    }
    let size = p.page_size.unwrap_or(30);
    if !(1..=500).contains(&size) {
        c.push("page_size", "must be between 1 and 500");
    }
    c.finish()?;
    let centre = match (lat, lon) {
        (Some(lat), Some(lon)) => Some(Location { lat, lon }),
        _ => None,
    };
    let name = p.name.as_deref().map(|n| n.trim().to_lowercase());
    let mut hits = Vec::new();
    for listed in store.published_organizations().await? {
        let org = &listed.organization;
        if country.is_some_and(|c| c != org.country) {
            continue;
        }
        if name
            .as_deref()
            .is_some_and(|n| !org.name.to_lowercase().contains(n))
        {
            continue;
        }
        let own = murmurations::tags(org);
        let matches = |t: &String| {
            own.iter().any(|o| {
                if exact {
                    o == t
                } else {
                    o.contains(t.as_str())
                }
            })
        };
        let tag_ok = tags.is_empty()
            || if all {
                tags.iter().all(matches)
            } else {
                tags.iter().any(matches)
            };
        if !tag_ok {
            continue;
        }
        if let (Some(centre), Some(km)) = (&centre, range) {
            match &org.location {
                Some(l) if l.distance_km(centre) <= km => {}
                _ => continue,
            }
        }
        let page_url = page_url(public_url, org.id);
        hits.push(IndexNode {
            profile_url: profile_url(public_url, org.id),
            name: org.name.clone(),
            primary_url: listed.publication.website.clone().unwrap_or(page_url),
            tags: own,
            country: org.country.code().to_string(),
            region: org.region.clone(),
            geolocation: org.location.map(|l| Geolocation {
                lat: l.lat.degrees(),
                lon: l.lon.degrees(),
            }),
            last_updated: org
                .updated_at
                .max(listed.publication.updated_at)
                .as_second(),
            linked_schemas: vec![murmurations::SCHEMA.to_string()],
            status: "posted".into(),
        });
    }
    let number_of_results = hits.len();
    let size = size as usize;
    let data = hits
        .into_iter()
        .skip((page as usize - 1) * size)
        .take(size)
        .collect();
    Ok(SearchPage {
        data,
        meta: SearchMeta {
            number_of_results,
            total_pages: number_of_results.div_ceil(size),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_km_and_miles() {
        assert_eq!(parse_range("25km"), Some(25.0));
        assert_eq!(parse_range("3.5"), Some(3.5));
        assert!((parse_range("10mi").unwrap() - 16.093_44).abs() < 1e-9);
        for bad in ["", "km", "-3km", "0", "NaN", "1e9km", "ten km"] {
            assert_eq!(parse_range(bad), None, "{bad}");
        }
    }

    #[test]
    fn backoff_doubles_up_to_a_day() {
        assert_eq!(backoff(0), Duration::from_secs(60));
        assert_eq!(backoff(3), Duration::from_secs(480));
        assert_eq!(backoff(40), MAX_BACKOFF);
    }
}
