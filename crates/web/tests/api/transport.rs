//! What travels around the answers: redirects that stay on this site, sign-in that returns to
//! the page asked for, `Cache-Control: no-store` on private answers, HSTS over TLS.

use bayanihan_domain::person::MembershipRole::*;

use crate::pages::csrf;
use crate::support::{spawn_app, TestApp};

/// A client that shows redirects instead of following them, with its own cookies.
fn no_follow() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn location(res: reqwest::Response) -> String {
    assert!(res.status().is_redirection(), "{}", res.status());
    res.headers()["location"].to_str().unwrap().to_string()
}

async fn form_token(app: &TestApp, http: &reqwest::Client, path: &str) -> String {
    let html = http
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    csrf(&html)
}

#[tokio::test]
async fn redirects_taken_from_the_request_stay_on_this_site() {
    let app = spawn_app().await;
    let http = no_follow();
    let token = form_token(&app, &http, "/signin").await;
    for (back, expected) in [
        ("/organizations", "/organizations"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("/\t/evil.example", "/"),
        ("https://evil.example/", "/"),
        ("", "/"),
    ] {
        let res = http
            .post(app.url("/lang"))
            .form(&[("csrf", token.as_str()), ("lang", "fil"), ("back", back)])
            .send()
            .await
            .unwrap();
        assert_eq!(location(res).await, expected, "back = {back:?}");
    }
}

#[tokio::test]
async fn sign_in_returns_to_the_page_asked_for_and_only_on_this_site() {
    let app = spawn_app().await;
    let org = app.org("Kapwa", "producer_cooperative").await;
    app.person_with_password("ana@example.org", "a long enough password")
        .await;
    let money = format!("/organizations/{org}/money");
    for (next, expected) in [
        (money.as_str(), money.as_str()),
        ("//evil.example", "/home"),
        ("/\\evil.example", "/home"),
    ] {
        let http = no_follow();
        let res = http.get(app.url("/home")).send().await.unwrap();
        assert_eq!(location(res).await, "/signin?next=%2Fhome");
        let page = http
            .get(app.url(&format!(
                "/signin?next={}",
                form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
            )))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        // A foreign target is not even carried in the sign-in form.
        assert_eq!(
            page.contains("name=\"next\""),
            !next.contains("evil"),
            "{page}"
        );
        let res = http
            .post(app.url("/signin"))
            .form(&[
                ("csrf", csrf(&page).as_str()),
                ("email", "ana@example.org"),
                ("password", "a long enough password"),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(location(res).await, expected, "next = {next:?}");
    }
}

#[tokio::test]
async fn private_answers_are_not_stored_and_tls_gets_hsts() {
    let app = spawn_app().await;
    let org = app.org("Kapwa", "producer_cooperative").await;
    let (_, token) = app.person("ana@example.org", &[(org, &[Admin])]).await;
    let cache = |res: &reqwest::Response| {
        res.headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_string())
    };
    let res = app
        .http
        .get(app.url("/api/v1/organizations"))
        .send()
        .await
        .unwrap();
    assert_eq!(cache(&res).as_deref(), Some("no-store"));
    let res = app
        .http
        .get(app.url(&format!("/api/v1/organizations/{org}/members")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(cache(&res).as_deref(), Some("no-store"));
    // A signed-in page.
    crate::pages::signed_in(&app, "page@example.org", org, &[Member]).await;
    let res = app.http.get(app.url("/home")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(cache(&res).as_deref(), Some("no-store"));
    // The public stylesheet stays cacheable; no HSTS over plain HTTP.
    let res = no_follow()
        .get(app.url("/static/base.css"))
        .send()
        .await
        .unwrap();
    assert_ne!(cache(&res).as_deref(), Some("no-store"));
    assert!(res.headers().get("strict-transport-security").is_none());
    let res = no_follow()
        .get(app.url("/"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000"
    );
}
