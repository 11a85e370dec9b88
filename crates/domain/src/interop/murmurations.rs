//! Murmurations profiles (`organizations_schema-v1.0.0`): the public profile an index reads
//! at the organization's profile URL.
//!
//! The schema's own limits are kept here, so that a profile never fails the index's
//! validation: a name of at most 200 characters, 1–100 distinct tags of at most 100, a region
//! of at most 100, URLs of at most 2000 starting with `http(s)://`.

use serde_json::{json, Map, Value};

use crate::records::Organization;

/// The schema every Bayanihan profile declares.
pub const SCHEMA: &str = "organizations_schema-v1.0.0";

/// What a profile is built from beyond the organization itself.
#[derive(Debug, Clone)]
pub struct ProfileContext<'a> {
    /// The organization's public page on this server (an absolute URL).
    pub page_url: &'a str,
    /// The organization's own website, when it gave one.
    pub website: Option<&'a str>,
    /// The profile URLs of the published networks it is an active member of.
    pub member_of: &'a [String],
}

/// The lower-case hex SHA-256 of a profile URL: the node id a Murmurations index gives it.
pub fn node_id(profile_url: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(profile_url.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn cut(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// The tags of an organization: its kind, its value-chain roles and its qualifiers, as their
/// concept ids (`producer_cooperative`, `producer`, `organic`), plus `solidarity-economy`.
pub fn tags(org: &Organization) -> Vec<String> {
    let mut tags = vec!["solidarity-economy".to_string(), org.kind.id().to_string()];
    tags.extend(org.roles.iter().map(|r| r.id().to_string()));
    tags.extend(org.qualifiers.iter().map(|q| q.id().to_string()));
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| seen.insert(t.clone()));
    tags.truncate(100);
    tags
}

/// The profile of a published organization.
pub fn profile(org: &Organization, cx: &ProfileContext<'_>) -> Value {
    let mut p = Map::new();
    p.insert("linked_schemas".into(), json!([SCHEMA]));
    p.insert("name".into(), json!(cut(&org.name, 200)));
    p.insert(
        "primary_url".into(),
        json!(cx.website.unwrap_or(cx.page_url)),
    );
    p.insert("tags".into(), json!(tags(org)));
    let mut urls = vec![json!({ "name": "Bayanihan", "url": cx.page_url })];
    if let Some(w) = cx.website {
        urls.insert(0, json!({ "name": "Website", "url": w }));
    }
    p.insert("urls".into(), Value::Array(urls));
    if let Some(d) = &org.description {
        p.insert("description".into(), json!(d));
    }
    p.insert("status".into(), json!("active"));
    p.insert("country_iso_3166".into(), json!(org.country.code()));
    if let Some(r) = &org.region {
        p.insert("region".into(), json!(cut(r, 100)));
    }
    if let Some(l) = &org.location {
        p.insert(
            "geolocation".into(),
            json!({ "lat": l.lat.degrees(), "lon": l.lon.degrees() }),
        );
    }
    if !cx.member_of.is_empty() {
        let rel: Vec<Value> = cx
            .member_of
            .iter()
            .map(|u| json!({ "predicate_url": "https://schema.org/memberOf", "object_url": u }))
            .collect();
        p.insert("relationships".into(), Value::Array(rel));
    }
    p.insert(
        "geographic_scope".into(),
        json!(if org.kind == crate::OrgKind::Network {
            "national"
        } else {
            "local"
        }),
    );
    Value::Object(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_keeps_within_the_schema_s_limits() {
        let mut d = crate::OrganizationDraft::parse(&crate::OrganizationInput {
            name: Some("N".repeat(200)),
            kind: Some("producer_cooperative".into()),
            roles: Some(vec!["producer".into(), "processor".into()]),
            country: Some("PH".into()),
            region: Some("R".repeat(200)),
            currency: Some("PHP".into()),
            time_zone: Some("Asia/Manila".into()),
            qualifiers: Some(vec!["organic".into()]),
            ..Default::default()
        })
        .unwrap();
        d.location = None;
        let org = crate::records::Organization {
            id: uuid::Uuid::new_v4(),
            name: d.name.clone(),
            kind: d.kind,
            roles: d.roles.clone(),
            legal_form: None,
            country: d.country,
            region: d.region.clone(),
            location: None,
            currency: d.currency,
            time_zone: d.time_zone.clone(),
            languages: vec![],
            qualifiers: d.qualifiers.clone(),
            description: None,
            payment_instructions: None,
            created_at: jiff::Timestamp::UNIX_EPOCH,
            updated_at: jiff::Timestamp::UNIX_EPOCH,
        };
        let p = profile(
            &org,
            &ProfileContext {
                page_url: "https://b.example/organizations/x",
                website: None,
                member_of: &[],
            },
        );
        assert_eq!(p["name"].as_str().unwrap().chars().count(), 200);
        assert_eq!(p["region"].as_str().unwrap().chars().count(), 100);
        assert_eq!(p["primary_url"], "https://b.example/organizations/x");
        assert!(p.get("geolocation").is_none());
        let tags: Vec<&str> = p["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(
            tags,
            [
                "solidarity-economy",
                "producer_cooperative",
                "producer",
                "processor",
                "organic"
            ]
        );
    }

    #[test]
    fn the_node_id_is_the_sha256_of_the_exact_profile_url() {
        // The index's own example (MurmurationsServices api/rest/v2/index.yaml).
        assert_eq!(
            node_id("https://somenode.org/optional-subdirectory/node-profile.json"),
            "2c3b4e4ff6e5531ec1918f8cbb587cdaf1b908b912af34d393b7a689f285805f"
        );
        assert_ne!(node_id("https://a.org/p"), node_id("https://a.org/p/"));
        assert_eq!(
            node_id(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
