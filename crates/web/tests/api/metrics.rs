//! `/metrics`: Prometheus text, per route template, read from this machine or with the token.

use crate::support::{spawn_app, spawn_app_with};
use bayanihan_web::WebConfig;

async fn read(app: &crate::support::TestApp, token: Option<&str>) -> reqwest::Response {
    let mut r = app.http.get(format!("{}/metrics", app.base));
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    r.send().await.unwrap()
}

#[tokio::test]
async fn requests_are_counted_by_route_template_and_status_class() {
    let app = spawn_app().await;
    for _ in 0..2 {
        let r = app
            .http
            .get(format!("{}/healthz", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    // Two different ids, one template: one series, not one per id.
    for id in [uuid::Uuid::new_v4(), uuid::Uuid::new_v4()] {
        let r = app
            .http
            .get(format!("{}/api/v1/organizations/{id}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
    }
    let r = read(&app, None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = r.text().await.unwrap();
    assert!(
        text.contains(
            "bayanihan_http_request_duration_seconds_count{method=\"GET\",route=\"/healthz\",status=\"2xx\"} 2\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "bayanihan_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/organizations/{id}\",status=\"4xx\"} 2\n"
        ),
        "{text}"
    );
    for line in [
        "bayanihan_cycle_closes_total 0\n",
        "bayanihan_clearing_rounds_applied_total 0\n",
        "bayanihan_placement_queue_depth 0\n",
        "# TYPE bayanihan_http_errors_total counter\n",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
}

#[tokio::test]
async fn with_a_token_set_only_its_holder_reads_them() {
    let app = spawn_app_with(WebConfig {
        metrics_token: Some("scrape-me-7f3a".into()),
        ..WebConfig::default()
    })
    .await;
    let r = read(&app, None).await;
    assert_eq!(r.status(), 403);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    assert_eq!(read(&app, Some("scrape-me")).await.status(), 403);
    assert_eq!(read(&app, Some("scrape-me-7f3a")).await.status(), 200);
}
