//! Signing in and out, the session cookie and its CSRF token, API tokens, the rate limit.

use serde_json::{json, Value};

use crate::support::{org_input, problem, spawn_app};

#[tokio::test]
async fn session_sign_in_csrf_and_sign_out() {
    let app = spawn_app().await;
    let id = app
        .person_with_password("maria@example.org", "a long passphrase")
        .await;

    let res = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "maria@example.org", "password": "wrong password"}))
        .send()
        .await
        .unwrap();
    let p = problem(res, 401).await;
    assert!(p["detail"].as_str().unwrap().contains("not right"));
    let res = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "nobody@example.org", "password": "a long passphrase"}))
        .send()
        .await
        .unwrap();
    problem(res, 401).await;

    let res = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": " Maria@Example.org ", "password": "a long passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("bayanihan_session="));
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP on localhost: not Secure"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["person"]["id"], id.to_string());
    let csrf = body["csrf_token"].as_str().unwrap().to_string();

    let me: Value = app
        .http
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["person"]["email"], "maria@example.org");
    assert_eq!(me["csrf_token"], csrf.as_str());

    // A state-changing request with only the cookie (as a forged cross-site form would send) is refused.
    let res = app
        .http
        .post(app.url("/api/v1/organizations"))
        .json(&org_input("Coop", "association"))
        .send()
        .await
        .unwrap();
    problem(res, 403).await;
    assert_eq!(app.count_orgs().await, 0);
    let res = app
        .http
        .post(app.url("/api/v1/organizations"))
        .header("x-csrf-token", &csrf)
        .json(&org_input("Coop", "association"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert!(res
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("/api/v1/organizations/"));

    let res = app
        .http
        .post(app.url("/api/v1/auth/logout"))
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert!(res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    problem(
        app.http.get(app.url("/api/v1/me")).send().await.unwrap(),
        401,
    )
    .await;
}

#[tokio::test]
async fn secure_cookie_behind_a_tls_proxy() {
    let app = spawn_app().await;
    app.person_with_password("maria@example.org", "a long passphrase")
        .await;
    let res = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-proto", "https")
        .json(&json!({"email": "maria@example.org", "password": "a long passphrase"}))
        .send()
        .await
        .unwrap();
    assert!(res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("; Secure"));
}

#[tokio::test]
async fn repeated_failures_are_rate_limited() {
    let app = spawn_app().await;
    app.person_with_password("target@example.org", "a long passphrase")
        .await;
    let attempt = |password: &'static str| {
        app.http
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": "target@example.org", "password": password}))
            .send()
    };
    for _ in 0..10 {
        assert_eq!(attempt("guess").await.unwrap().status(), 401);
    }
    let res = attempt("a long passphrase").await.unwrap();
    assert!(res.headers().get("retry-after").is_some());
    problem(res, 429).await;
}

#[tokio::test]
async fn api_tokens_work_until_revoked() {
    let app = spawn_app().await;
    let (_, token) = app.person("script@example.org", &[]).await;
    problem(
        app.http
            .get(app.url("/api/v1/me"))
            .bearer_auth("bay_made_up")
            .send()
            .await
            .unwrap(),
        401,
    )
    .await;
    problem(
        app.http
            .get(app.url("/api/v1/me"))
            .header("authorization", "Basic abc")
            .send()
            .await
            .unwrap(),
        401,
    )
    .await;

    let res = app
        .http
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&token)
        .json(&json!({"name": "import"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let new = created["token"].as_str().unwrap().to_string();
    assert!(new.starts_with("bay_"));
    let me: Value = app
        .http
        .get(app.url("/api/v1/me"))
        .bearer_auth(&new)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["person"]["email"], "script@example.org");
    assert!(
        me.get("csrf_token").is_none(),
        "no CSRF token for bearer callers"
    );

    let list: Value = app
        .http
        .get(app.url("/api/v1/tokens"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(!list.to_string().contains(&new), "secrets are never listed");

    let res = app
        .http
        .delete(app.url(&format!(
            "/api/v1/tokens/{}",
            created["id"].as_str().unwrap()
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let p = problem(
        app.http
            .get(app.url("/api/v1/me"))
            .bearer_auth(&new)
            .send()
            .await
            .unwrap(),
        401,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("revoked"));
    let res = app
        .http
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&token)
        .json(&json!({"name": " "}))
        .send()
        .await
        .unwrap();
    problem(res, 422).await;
}
