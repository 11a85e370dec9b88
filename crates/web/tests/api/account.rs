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
async fn failed_sign_ins_slow_down_without_locking_anyone_out() {
    use bayanihan_web::WebConfig;
    // Behind a proxy on loopback, so that X-Forwarded-For can name the addresses of a test.
    let config = || WebConfig {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..Default::default()
    };
    let app = crate::support::spawn_app_with(config()).await;
    app.person_with_password("ana@example.org", "a long passphrase")
        .await;
    let attempt = |base: String, from: &'static str, email: String, password: &'static str| {
        app.http
            .post(format!("{base}/api/v1/auth/login"))
            .header("x-forwarded-for", from)
            .json(&json!({"email": email, "password": password}))
            .send()
    };
    let ana = || "ana@example.org".to_string();
    // A stranger guessing Ana's password: five free tries and a sixth that starts a wait …
    for _ in 0..6 {
        let res = attempt(app.base.clone(), "203.0.113.9", ana(), "guess")
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
    }
    // … during which even the right password from there waits, and says how long.
    let res = attempt(app.base.clone(), "203.0.113.9", ana(), "a long passphrase")
        .await
        .unwrap();
    assert!(res.headers().get("retry-after").is_some());
    problem(res, 429).await;
    // Another process over the same database (or this one after a restart) knows it too.
    let other = crate::support::serve_also(&app.store, config()).await;
    let res = attempt(other.clone(), "203.0.113.9", ana(), "guess")
        .await
        .unwrap();
    problem(res, 429).await;
    // Ana herself, from her own address, is not locked out.
    let res = attempt(other, "198.51.100.7", ana(), "a long passphrase")
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Without a trusted proxy, X-Forwarded-For is ignored: a client cannot pick an address
    // to escape its waits or to put them on someone else.
    let plain = crate::support::serve_also(&app.store, WebConfig::default()).await;
    for from in [
        "192.0.2.1",
        "192.0.2.2",
        "192.0.2.3",
        "192.0.2.4",
        "192.0.2.5",
        "192.0.2.6",
    ] {
        let res = attempt(plain.clone(), from, "bo@example.org".into(), "guess")
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
    }
    let res = attempt(plain, "192.0.2.7", "bo@example.org".into(), "guess")
        .await
        .unwrap();
    problem(res, 429).await;
}

#[tokio::test]
async fn password_spraying_from_one_address_is_slowed() {
    let app = crate::support::spawn_app_with(bayanihan_web::WebConfig {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..Default::default()
    })
    .await;
    let attempt = |from: &'static str, n: usize| {
        app.http
            .post(app.url("/api/v1/auth/login"))
            .header("x-forwarded-for", from)
            .json(&json!({"email": format!("person{n}@example.org"), "password": "Password1"}))
            .send()
    };
    // A village behind one address has room: fifty-one different accounts, one try each.
    for n in 0..51 {
        assert_eq!(
            attempt("203.0.113.50", n).await.unwrap().status(),
            401,
            "{n}"
        );
    }
    problem(attempt("203.0.113.50", 99).await.unwrap(), 429).await;
    // The next address is untouched.
    assert_eq!(attempt("203.0.113.51", 99).await.unwrap().status(), 401);
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
