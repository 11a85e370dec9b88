//! Publishing with consent, through the API: an organization's admin publishes it, a
//! network's steward approves it for the map, the Murmurations profile and the ESSGlobal
//! JSON-LD follow, registration reaches an index (a small fake one started here, answering as
//! the real index does), and unpublishing takes it off everything.

use std::sync::{Arc, Mutex};

use bayanihan_domain::interop::murmurations::node_id;
use bayanihan_domain::person::MembershipRole::*;
use bayanihan_domain::OrganizationDraft;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::{fields, problem, spawn_app, spawn_app_with, TestApp};

/// A chapter network with a producer co-op O in Benguet (organic); O's admin and a member,
/// and the chapter's steward.
struct World {
    network: Uuid,
    org: Uuid,
    admin: String,
    member: String,
    steward: String,
}

async fn world(app: &TestApp) -> World {
    let network = app.org("Chapter", "network").await;
    let mut d = bayanihan_store::testing::fixtures::org_draft(
        "Benguet Farmers",
        "producer_cooperative",
        "PH",
        &["organic", "pgs-certified"],
    );
    d.region = Some("Benguet".into());
    d.location = Some(bayanihan_domain::Location {
        lat: bayanihan_domain::Latitude::parse(16.455).unwrap(),
        lon: bayanihan_domain::Longitude::parse(120.5877).unwrap(),
    });
    let org = create(app, &d).await;
    app.store
        .add_network_member(network, org, "2025-01-01".parse().unwrap())
        .await
        .unwrap();
    let (_, admin) = app.person("admin@o.example", &[(org, &[Admin])]).await;
    let (_, member) = app.person("member@o.example", &[(org, &[Member])]).await;
    let (_, steward) = app
        .person("steward@n.example", &[(network, &[Admin])])
        .await;
    World {
        network,
        org,
        admin,
        member,
        steward,
    }
}

async fn create(app: &TestApp, d: &OrganizationDraft) -> Uuid {
    app.store.create_organization(d, None).await.unwrap().id
}

async fn json_of(res: reqwest::Response, status: u16) -> Value {
    assert_eq!(res.status().as_u16(), status);
    res.json().await.unwrap()
}

#[tokio::test]
async fn nothing_is_seen_until_the_admin_publishes_and_the_steward_approves() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let publication = format!("/api/v1/organizations/{}/publication", w.org);
    let profile = format!("/api/v1/organizations/{}/murmurations", w.org);
    let essglobal = format!("/api/v1/organizations/{}/essglobal", w.org);

    // Before: no profile, no JSON-LD, nothing on the map.
    problem(app.send(None, "GET", &profile, None).await, 404).await;
    problem(app.send(None, "GET", &essglobal, None).await, 404).await;
    let map: Value = json_of(app.send(None, "GET", "/api/v1/map", None).await, 200).await;
    assert_eq!(map, json!([]));

    // A member may not publish; a bad website is named.
    problem(
        app.send(Some(&w.member), "PUT", &publication, Some(json!({})))
            .await,
        403,
    )
    .await;
    let p = problem(
        app.send(
            Some(&w.admin),
            "PUT",
            &publication,
            Some(json!({"website": "javascript:alert(1)"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(fields(&p), ["website"]);
    assert!(app.store.publication(w.org).await.unwrap().is_none());

    let out = json_of(
        app.send(
            Some(&w.admin),
            "PUT",
            &publication,
            Some(json!({"website": "https://benguet.coop.example", "gender_counts": true})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(out["published"], true);
    // No index configured: nothing to say about one.
    assert_eq!(out["index"], "off");

    // Published: the feeds read it at once…
    let m = json_of(app.send(None, "GET", &profile, None).await, 200).await;
    assert_eq!(m["linked_schemas"], json!(["organizations_schema-v1.0.0"]));
    assert_eq!(m["name"], "Benguet Farmers");
    assert_eq!(m["primary_url"], "https://benguet.coop.example");
    assert_eq!(m["country_iso_3166"], "PH");
    assert_eq!(m["region"], "Benguet");
    assert_eq!(m["geolocation"], json!({"lat": 16.455, "lon": 120.5877}));
    let tags: Vec<&str> = m["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    for t in [
        "producer_cooperative",
        "producer",
        "organic",
        "pgs-certified",
    ] {
        assert!(tags.contains(&t), "{t} missing from {tags:?}");
    }
    let res = app.send(None, "GET", &essglobal, None).await;
    assert_eq!(res.headers()["content-type"], "application/ld+json");
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["type"], "SSEInitiative");
    assert_eq!(
        e["legalForm"],
        "https://lod.coop/essglobal/2.1/standard/legal-form/L2"
    );
    assert_eq!(
        e["baseMembershipType"],
        "https://lod.coop/essglobal/2.1/standard/base-membership-type/BMT20"
    );
    assert_eq!(
        e["countryId"],
        "https://lod.coop/essglobal/2.1/standard/countries-iso/PH"
    );
    // PGS reads as Organic, once.
    assert_eq!(
        e["qualifier"],
        json!(["https://lod.coop/essglobal/2.1/standard/qualifiers/Organic"])
    );
    // Counts of women and men: asked for, but too few opted in to show.
    assert!(e.get("totalWomen").is_none() && e.get("totalMen").is_none());
    assert_eq!(e["hasAddress"]["lat"], "16.455");

    // …but the map waits for the network's steward; an admin of O cannot approve O.
    let listing = format!("/api/v1/networks/{}/members/{}/listing", w.network, w.org);
    let map: Value = json_of(app.send(None, "GET", "/api/v1/map", None).await, 200).await;
    assert_eq!(map, json!([]));
    problem(app.send(Some(&w.admin), "PUT", &listing, None).await, 403).await;
    assert_eq!(
        app.send(Some(&w.steward), "PUT", &listing, None)
            .await
            .status(),
        204
    );
    // The approval counts once the operator recognised the network (anyone may register a
    // network and approve its own members); its stewards are told until then.
    let map: Value = json_of(app.send(None, "GET", "/api/v1/map", None).await, 200).await;
    assert_eq!(map, json!([]));
    let (steward_browser, _) =
        crate::page_posts::browser(&app, "steward2@n.example", &[(w.network, &[Admin][..])]).await;
    let publish_page = format!("/organizations/{}/publish", w.network);
    let read = |path: String| {
        let b = steward_browser.clone();
        let url = app.url(&path);
        async move { b.get(url).send().await.unwrap().text().await.unwrap() }
    };
    assert!(read(publish_page.clone())
        .await
        .contains("data-unrecognised"));
    assert!(
        bayanihan_app::publishing::recognise_network(&app.store, w.network, true)
            .await
            .unwrap()
    );
    assert!(!read(publish_page).await.contains("data-unrecognised"));
    let map: Value = json_of(app.send(None, "GET", "/api/v1/map", None).await, 200).await;
    assert_eq!(map.as_array().unwrap().len(), 1);
    assert_eq!(map[0]["organization"], w.org.to_string());
    let page = app.text("/map").await;
    assert!(page.contains(&format!("data-org=\"{}\"", w.org)));
    assert!(page.contains(&format!("href=\"/organizations/{}\"", w.org)));

    // Unpublishing takes it off everything.
    assert_eq!(
        app.send(Some(&w.admin), "DELETE", &publication, None)
            .await
            .status(),
        204
    );
    problem(app.send(None, "GET", &profile, None).await, 404).await;
    problem(app.send(None, "GET", &essglobal, None).await, 404).await;
    let map: Value = json_of(app.send(None, "GET", "/api/v1/map", None).await, 200).await;
    assert_eq!(map, json!([]));
    assert!(!app.text("/map").await.contains("data-org="));
    let feed: Value = json_of(app.send(None, "GET", "/api/v1/essglobal", None).await, 200).await;
    assert_eq!(feed["@graph"], json!([]));
}

/// The ESSGlobal feed comes in pages of 200 by name, the next named in a `Link` header; a
/// page that is not a number from 1 is a refused field.
#[tokio::test]
async fn the_essglobal_feed_pages_through_the_published() {
    let app = spawn_app().await;
    publish_many(&app, 0..201).await;
    let res = app.send(None, "GET", "/api/v1/essglobal", None).await;
    assert_eq!(res.status(), 200);
    let link = res.headers()["link"].to_str().unwrap().to_string();
    assert!(
        link.ends_with("/api/v1/essglobal?page=2>; rel=\"next\""),
        "{link}"
    );
    let first: Value = res.json().await.unwrap();
    let graph = first["@graph"].as_array().unwrap();
    assert_eq!(graph.len(), 200);
    assert_eq!(graph[0]["name"], "Coop 000");
    let res = app
        .send(None, "GET", "/api/v1/essglobal?page=2", None)
        .await;
    assert!(res.headers().get("link").is_none());
    let second: Value = res.json().await.unwrap();
    assert_eq!(second["@graph"].as_array().unwrap().len(), 1);
    assert_eq!(second["@graph"][0]["name"], "Coop 200");
    for bad in ["0", "-1", "abc", "1000001"] {
        let p = problem(
            app.send(None, "GET", &format!("/api/v1/essglobal?page={bad}"), None)
                .await,
            422,
        )
        .await;
        if bad == "abc" {
            // Not a number at all: the query string's reader names it in its words.
            assert!(p.to_string().contains("page"), "{p}");
        } else {
            assert_eq!(fields(&p), ["page"], "{bad}");
        }
    }
}

/// Organizations `Coop {i:03}` for `i` in `range`, each published by its own choice.
async fn publish_many(app: &TestApp, range: std::ops::Range<usize>) {
    for i in range {
        let o = app
            .org(&format!("Coop {i:03}"), "producer_cooperative")
            .await;
        app.store
            .publish(o, None, false, Uuid::new_v4())
            .await
            .unwrap();
    }
}

/// What the fake index saw.
#[derive(Default)]
struct IndexLog {
    nodes: std::collections::BTreeMap<String, String>,
    posts: usize,
    deletes_refused: usize,
    down: bool,
}

/// A Murmurations index as small as the tests need, answering as the real one does (read
/// from MurmurationsServices): `POST /v2/nodes` fetches the profile and answers the node id,
/// the SHA-256 of the profile URL; `DELETE /v2/nodes/{id}` deletes only once the profile URL
/// no longer answers 200 with JSON.
async fn fake_index() -> (String, Arc<Mutex<IndexLog>>) {
    use axum::extract::{Path, State};
    use axum::http::StatusCode;
    use axum::routing::{delete, post};
    let log = Arc::new(Mutex::new(IndexLog::default()));
    async fn profile_alive(url: &str) -> bool {
        match reqwest::get(url).await {
            Ok(r) if r.status() == 200 => r.json::<Value>().await.is_ok(),
            _ => false,
        }
    }
    let app = axum::Router::new()
        .route(
            "/v2/nodes",
            post(
                |State(log): State<Arc<Mutex<IndexLog>>>, body: axum::Json<Value>| async move {
                    if log.lock().unwrap().down {
                        return (StatusCode::SERVICE_UNAVAILABLE, axum::Json(json!({})));
                    }
                    let url = body["profile_url"].as_str().unwrap_or("").to_string();
                    if !profile_alive(&url).await {
                        return (
                            StatusCode::BAD_REQUEST,
                            axum::Json(json!({"errors": [{"status": 400, "title": "Profile Not Found"}]})),
                        );
                    }
                    let id = node_id(&url);
                    let mut l = log.lock().unwrap();
                    l.posts += 1;
                    l.nodes.insert(id.clone(), url);
                    (StatusCode::OK, axum::Json(json!({"data": {"node_id": id}})))
                },
            ),
        )
        .route(
            "/v2/nodes/{id}",
            delete(
                |State(log): State<Arc<Mutex<IndexLog>>>, Path(id): Path<String>| async move {
                    let url = log.lock().unwrap().nodes.get(&id).cloned();
                    let Some(url) = url else {
                        return (StatusCode::NOT_FOUND, axum::Json(json!({"errors": [{"title": "Node Not Found"}]})));
                    };
                    if profile_alive(&url).await {
                        log.lock().unwrap().deletes_refused += 1;
                        return (
                            StatusCode::BAD_REQUEST,
                            axum::Json(json!({"errors": [{"status": 400, "title": "Profile Still Exists"}]})),
                        );
                    }
                    log.lock().unwrap().nodes.remove(&id);
                    (StatusCode::OK, axum::Json(json!({"meta": {"message": "deleted"}})))
                },
            ),
        )
        .with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), log)
}

#[tokio::test]
async fn publishing_registers_with_the_index_and_unpublishing_deletes_the_node() {
    let (index_url, log) = fake_index().await;
    let app = spawn_app_with(bayanihan_web::WebConfig {
        murmurations_index: Some(index_url.clone()),
        ..Default::default()
    })
    .await;
    // The index reads the profiles at the server's address.
    let public = app.base.clone();
    let w = world(&app).await;
    let settings = bayanihan_app::murmurations::IndexSettings {
        index_url: index_url.clone(),
        public_url: public.clone(),
    };
    let http = bayanihan_app::murmurations::client();
    let sync = || bayanihan_app::murmurations::sync_due(&app.store, &http, &settings);
    let profile_url = bayanihan_app::murmurations::profile_url(&public, w.org);

    // Nothing published: nothing sent.
    assert_eq!(sync().await.unwrap(), Default::default());
    let publication = format!("/api/v1/organizations/{}/publication", w.org);
    app.send(Some(&w.admin), "PUT", &publication, Some(json!({})))
        .await;
    let s = sync().await.unwrap();
    assert_eq!((s.registered, s.failed), (1, 0));
    assert_eq!(
        log.lock().unwrap().nodes.get(&node_id(&profile_url)),
        Some(&profile_url)
    );
    let out: Value = json_of(
        app.send(Some(&w.admin), "GET", &publication, None).await,
        200,
    )
    .await;
    assert_eq!(out["index"], "registered");
    assert_eq!(out["node_id"], node_id(&profile_url));
    // Done is done: the next pass sends nothing.
    assert_eq!(sync().await.unwrap(), Default::default());

    // A changed profile is sent again.
    let res = app
        .send(
            Some(&w.admin),
            "PATCH",
            &format!("/api/v1/organizations/{}", w.org),
            Some(json!({"description": "Highland vegetables"})),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(sync().await.unwrap().registered, 1);
    assert_eq!(log.lock().unwrap().posts, 2);

    // The index away: the failure is kept, and tried again later (not at once).
    app.send(
        Some(&w.admin),
        "PUT",
        &publication,
        Some(json!({"website": "https://b.coop.example"})),
    )
    .await;
    log.lock().unwrap().down = true;
    assert_eq!(sync().await.unwrap().failed, 1);
    let out: Value = json_of(
        app.send(Some(&w.admin), "GET", &publication, None).await,
        200,
    )
    .await;
    assert_eq!(out["index"], "failing");
    assert!(out["index_error"].as_str().unwrap().contains("503"));
    log.lock().unwrap().down = false;
    assert_eq!(sync().await.unwrap(), Default::default());

    // Unpublishing: the profile answers 404 at once, so the index deletes the node.
    app.send(Some(&w.admin), "DELETE", &publication, None).await;
    let s = sync().await.unwrap();
    assert_eq!((s.deleted, s.failed), (1, 0));
    assert!(log.lock().unwrap().nodes.is_empty());
    assert_eq!(log.lock().unwrap().deletes_refused, 0);
    let out: Value = json_of(
        app.send(Some(&w.admin), "GET", &publication, None).await,
        200,
    )
    .await;
    assert_eq!(out["published"], false);
    assert_eq!(out["index"], "deleted");

    // More than a batch published at once (a network's import): all sent in one pass.
    publish_many(&app, 0..150).await;
    let s = sync().await.unwrap();
    assert_eq!((s.registered, s.failed), (150, 0));
    assert_eq!(log.lock().unwrap().nodes.len(), 150);
    assert_eq!(sync().await.unwrap(), Default::default());
    // The index away: one batch tried, and the wake ends (the rest wait for the next).
    log.lock().unwrap().down = true;
    publish_many(&app, 150..300).await;
    let s = sync().await.unwrap();
    assert_eq!((s.registered, s.failed), (0, 100));
}

#[tokio::test]
async fn the_private_index_finds_by_tags_country_and_range_for_members_only() {
    let app = spawn_app().await;
    let w = world(&app).await;
    // A second organization, in Manila, published too.
    let mut d = bayanihan_store::testing::fixtures::org_draft(
        "Manila Consumers",
        "consumer_cooperative",
        "PH",
        &[],
    );
    d.roles = vec![bayanihan_domain::ValueChainRole::ConsumerGroup];
    d.location = Some(bayanihan_domain::Location {
        lat: bayanihan_domain::Latitude::parse(14.6).unwrap(),
        lon: bayanihan_domain::Longitude::parse(121.0).unwrap(),
    });
    let manila = create(&app, &d).await;
    app.send(
        Some(&w.admin),
        "PUT",
        &format!("/api/v1/organizations/{}/publication", w.org),
        Some(json!({})),
    )
    .await;
    let (_, manila_admin) = app
        .person("admin@manila.example", &[(manila, &[Admin])])
        .await;
    app.send(
        Some(&manila_admin),
        "PUT",
        &format!("/api/v1/organizations/{manila}/publication"),
        Some(json!({})),
    )
    .await;
    let search = |q: &str| format!("/api/v1/murmurations/nodes{q}");
    problem(app.send(None, "GET", &search(""), None).await, 401).await;
    let names = |v: &Value| -> Vec<String> {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["name"].as_str().unwrap().to_string())
            .collect()
    };
    let all = json_of(
        app.send(Some(&w.member), "GET", &search(""), None).await,
        200,
    )
    .await;
    assert_eq!(names(&all), ["Benguet Farmers", "Manila Consumers"]);
    assert_eq!(all["meta"]["number_of_results"], 2);
    let organic = json_of(
        app.send(Some(&w.member), "GET", &search("?tags=organic"), None)
            .await,
        200,
    )
    .await;
    assert_eq!(names(&organic), ["Benguet Farmers"]);
    let either = json_of(
        app.send(
            Some(&w.member),
            "GET",
            &search("?tags=organic,consumer_group&tags_filter=or"),
            None,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(names(&either).len(), 2);
    let both = json_of(
        app.send(
            Some(&w.member),
            "GET",
            &search("?tags=organic,consumer_group&tags_filter=and"),
            None,
        )
        .await,
        200,
    )
    .await;
    assert!(names(&both).is_empty());
    // Within 50 km of Baguio: Benguet only; 300 km: both.
    let near = json_of(
        app.send(
            Some(&w.member),
            "GET",
            &search("?lat=16.41&lon=120.59&range=50km"),
            None,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(names(&near), ["Benguet Farmers"]);
    let far = json_of(
        app.send(
            Some(&w.member),
            "GET",
            &search("?lat=16.41&lon=120.59&range=300km"),
            None,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(names(&far).len(), 2);
    assert_eq!(
        far["data"][0]["profile_url"],
        format!("{}/api/v1/organizations/{}/murmurations", app.base, w.org)
    );
    // Bad input is named, field by field.
    let p = problem(
        app.send(
            Some(&w.member),
            "GET",
            &search("?lat=95&lon=120&range=ten&tags_filter=xor&page_size=0"),
            None,
        )
        .await,
        422,
    )
    .await;
    let mut f = fields(&p);
    f.sort();
    assert_eq!(f, ["lat", "page_size", "range", "tags_filter"]);
    let p = problem(
        app.send(Some(&w.member), "GET", &search("?lat=16&lon=120"), None)
            .await,
        422,
    )
    .await;
    assert_eq!(fields(&p), ["range"]);
    // Someone who belongs to no organization is not a member of the network's index.
    let loner = bayanihan_store::testing::fixtures::person(&app.store, "loner@x.example").await;
    let token = bayanihan_web::auth::new_api_token();
    app.store
        .create_api_token(loner, "t", &bayanihan_web::auth::digest(&token))
        .await
        .unwrap();
    problem(app.send(Some(&token), "GET", &search(""), None).await, 403).await;
}
