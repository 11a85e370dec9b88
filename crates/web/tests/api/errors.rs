//! Bad input gets a 4xx naming the field, as problem+json, and writes nothing.

use serde_json::json;

use crate::support::{fields, problem, spawn_app};

#[tokio::test]
async fn invalid_organizations_are_refused_field_by_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let (_, token) = app.person("a@example.org", &[]).await;
    let base = json!({"name": "Coop", "kind": "producer_cooperative", "country": "PH",
                      "currency": "PHP", "time_zone": "Asia/Manila"});
    let cases = [
        (
            json!({"country": "XX"}),
            "country",
            "\"XX\" is not an ISO 3166-1 alpha-2 country code",
        ),
        (
            json!({"location": {"lat": 200, "lon": 10}}),
            "location.lat",
            "latitude must be between -90 and 90",
        ),
        (json!({"name": "   "}), "name", "may not be empty"),
        (
            json!({"currency": "ABC"}),
            "currency",
            "\"ABC\" is not an ISO 4217 currency code",
        ),
        (
            json!({"kind": "factory"}),
            "kind",
            "not a known organization kind",
        ),
        (
            json!({"time_zone": "Mars/Base"}),
            "time_zone",
            "not an IANA time zone",
        ),
        (
            json!({"qualifiers": ["organic", "shiny"]}),
            "qualifiers[1]",
            "not a known qualifier",
        ),
        (
            json!({"location": {"lat": "north", "lon": 1}}),
            "location.lat",
            "invalid type",
        ),
        (json!({"colour": "red"}), "colour", "unknown field `colour`"),
        (
            json!({"name": "Bad\u{0}Coop"}),
            "name",
            "control character (U+0000)",
        ),
        (
            json!({"name": "Red\u{1b}[31mCoop"}),
            "name",
            "control character (U+001B)",
        ),
        (
            json!({"name": "abc\u{202e}fdp"}),
            "name",
            "text-direction override",
        ),
        (
            json!({"name": "\u{200b}\u{200b}"}),
            "name",
            "only invisible",
        ),
        (json!({"name": "\u{feff}"}), "name", "only invisible"),
        (
            json!({"region": "Line\nbreak"}),
            "region",
            "control character",
        ),
    ];
    for (patch, field, reason) in cases {
        let mut body = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let before = app.count_orgs().await;
        let res = app
            .http
            .post(app.url("/api/v1/organizations"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let p = problem(res, 422).await;
        let named = fields(&p);
        assert_eq!(named, [field], "for {body}");
        assert!(
            p["errors"][0]["reason"].as_str().unwrap().contains(reason),
            "{p}"
        );
        assert_eq!(app.count_orgs().await, before, "nothing written for {body}");
    }
    // Several mistakes at once are all reported.
    let mut body = base.clone();
    body["country"] = json!("XX");
    body["location"] = json!({"lat": 200, "lon": 500});
    let res = app
        .http
        .post(app.url("/api/v1/organizations"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        fields(&problem(res, 422).await),
        ["country", "location.lat", "location.lon"]
    );
    assert_eq!(app.count_orgs().await, 0);
}

#[tokio::test]
async fn unreadable_requests_are_4xx_problems() {
    let app = spawn_app().await;
    let (_, token) = app.person("a@example.org", &[]).await;
    let res = app
        .http
        .post(app.url("/api/v1/organizations"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    problem(res, 400).await;
    let res = app
        .http
        .post(app.url("/api/v1/organizations"))
        .bearer_auth(&token)
        .body("name=x")
        .send()
        .await
        .unwrap();
    let p = problem(res, 400).await;
    assert!(p["detail"]
        .as_str()
        .unwrap()
        .contains("Content-Type: application/json"));
    // Not an id: nothing can have it.
    problem(
        app.http
            .get(app.url("/api/v1/organizations/not-a-uuid"))
            .send()
            .await
            .unwrap(),
        404,
    )
    .await;
    problem(
        app.http
            .get(app.url(&format!("/api/v1/organizations/{}", uuid::Uuid::new_v4())))
            .send()
            .await
            .unwrap(),
        404,
    )
    .await;
    problem(
        app.http
            .get(app.url("/api/v1/no-such-route"))
            .send()
            .await
            .unwrap(),
        404,
    )
    .await;
    // Bad filters name the parameter.
    let res = app
        .http
        .get(app.url("/api/v1/organizations?country=XX&limit=500"))
        .send()
        .await
        .unwrap();
    assert_eq!(fields(&problem(res, 422).await), ["country", "limit"]);
    let res = app
        .http
        .get(app.url("/api/v1/organizations?limit=ten"))
        .send()
        .await
        .unwrap();
    assert_eq!(fields(&problem(res, 422).await), ["query"]);
    let res = app
        .http
        .get(app.url("/api/v1/organizations?network=abc"))
        .send()
        .await
        .unwrap();
    assert_eq!(fields(&problem(res, 422).await), ["network"]);
}

#[tokio::test]
async fn conflicts_are_409_and_keep_what_was_there() {
    let app = spawn_app().await;
    let org = app.org("Coop", "producer_cooperative").await;
    let (_, token) = app
        .person(
            "admin@example.org",
            &[(org, &[bayanihan_domain::person::MembershipRole::Admin])],
        )
        .await;
    let add = json!({"email": "new@example.org", "name": "New Member", "roles": ["member"]});
    let url = app.url(&format!("/api/v1/organizations/{org}/members"));
    assert_eq!(
        app.http
            .post(&url)
            .bearer_auth(&token)
            .json(&add)
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
    let p = problem(
        app.http
            .post(&url)
            .bearer_auth(&token)
            .json(&add)
            .send()
            .await
            .unwrap(),
        409,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("already a member"));
    assert_eq!(app.store.members_of(org).await.unwrap().len(), 2);
    // The last admin cannot leave the organization without one.
    let (admin_id, _) = (
        app.store
            .members_of(org)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.person_name == "admin@example.org")
            .unwrap()
            .person_id,
        (),
    );
    let res = app
        .http
        .delete(app.url(&format!("/api/v1/organizations/{org}/members/{admin_id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    problem(res, 409).await;
    // A new member needs a name; bad roles and dates are named.
    let res = app
        .http
        .post(&url)
        .bearer_auth(&token)
        .json(&json!({"email": "nobody@example.org", "roles": ["boss"], "since": "yesterday"}))
        .send()
        .await
        .unwrap();
    assert_eq!(fields(&problem(res, 422).await), ["since", "roles[0]"]);
    let res = app
        .http
        .post(&url)
        .bearer_auth(&token)
        .json(&json!({"email": "nobody@example.org", "roles": ["member"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(fields(&problem(res, 422).await), ["name"]);
    assert_eq!(
        app.store.count_people().await.unwrap(),
        2,
        "no half-made person"
    );
}

#[tokio::test]
async fn strict_json_sizes_and_sign_in_first() {
    let app = spawn_app().await;
    let (_, token) = app.person("a@example.org", &[]).await;
    let org = r#"{"name": "Coop", "kind": "association", "country": "PH", "currency": "PHP", "time_zone": "Asia/Manila"}"#;
    let post = |body: String, auth: bool| {
        let mut req = app
            .http
            .post(app.url("/api/v1/organizations"))
            .header("content-type", "application/json")
            .body(body);
        if auth {
            req = req.bearer_auth(&token);
        }
        req.send()
    };
    // Trailing bytes after the JSON value: refused, nothing written.
    let p = problem(post(format!("{org} {{}}"), true).await.unwrap(), 400).await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("after the JSON value"),
        "{p}"
    );
    assert_eq!(app.count_orgs().await, 0);
    // A syntax error names the field it broke in.
    let p = problem(
        post(r#"{"name": "Coop", "country": PH}"#.into(), true)
            .await
            .unwrap(),
        400,
    )
    .await;
    assert_eq!(fields(&p), ["country"], "{p}");
    // Anonymous callers hear 401 before their body is judged, malformed or not.
    for body in ["{".to_string(), org.to_string(), "[1,2]".into()] {
        problem(post(body, false).await.unwrap(), 401).await;
    }
    // Over the limit: 413 as problem+json, with a length and chunked alike.
    let big = format!(r#"{{"name": "{}"}}"#, "x".repeat(300 * 1024));
    problem(post(big.clone(), true).await.unwrap(), 413).await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = big
        .into_bytes()
        .chunks(8192)
        .map(|c| Ok(c.to_vec()))
        .collect();
    let res = app
        .http
        .post(app.url("/api/v1/organizations"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )))
        .send()
        .await
        .unwrap();
    problem(res, 413).await;
    assert_eq!(app.count_orgs().await, 0);
}

#[tokio::test]
async fn the_api_takes_plain_numbers_and_network_scopes_of_networks() {
    let app = spawn_app().await;
    let coop = app.org("Coop", "producer_cooperative").await;
    let (_, token) = app
        .person(
            "a@example.org",
            &[(coop, &[bayanihan_domain::person::MembershipRole::Admin])],
        )
        .await;
    let res = app
        .http
        .get(app.url(&format!(
            "/api/v1/reports/tbl?scope=network:{coop}&period=2026"
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(fields(&problem(res, 422).await), ["scope"]);
    let buyer = app.org("Buyer", "consumer_cooperative").await;
    let ob = app
        .store
        .record_obligation(
            buyer,
            coop,
            bayanihan_domain::Money::new(500_000, bayanihan_domain::Currency::PHP),
            "2026-03-01".parse().unwrap(),
        )
        .await
        .unwrap();
    for amount in ["1,000.00", " 10.00", "1e3"] {
        let res = app
            .http
            .post(app.url(&format!("/api/v1/obligations/{ob}/payments")))
            .bearer_auth(&token)
            .json(&json!({"amount": amount, "method": "cash"}))
            .send()
            .await
            .unwrap();
        assert_eq!(fields(&problem(res, 422).await), ["amount"], "{amount:?}");
    }
    assert!(app.store.obligation(ob).await.unwrap().outstanding.minor() == 500_000);
}
