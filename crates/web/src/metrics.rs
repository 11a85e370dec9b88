//! `/metrics` in the Prometheus text format (version 0.0.4): how a volunteer who keeps the
//! server sees it is healthy without reading logs.
//!
//! - `bayanihan_http_request_duration_seconds{method,route,status}`: a histogram per route
//!   *template* (`/api/v1/cycles/{id}/lines`, never the ids themselves, so the series stay
//!   few), and the status class (`2xx` … `5xx`);
//! - `bayanihan_http_errors_total{route}`: answers of 500 and above;
//! - `bayanihan_cycle_closes_total`, `bayanihan_cycle_close_duration_seconds`: closes and how
//!   long each took;
//! - `bayanihan_clearing_rounds_applied_total`;
//! - `bayanihan_placement_queue_depth`: order lines waiting for the group-commit writer.
//!
//! Counted in this process only: behind a load balancer, scrape each process.
//!
//! Who may read it: with `metrics_token` set, whoever sends it as a bearer token; otherwise
//! only this machine (a scraper on localhost, or an SSH tunnel): route timings say something
//! of how a network works, and are nobody else's business.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, State};
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};

use bayanihan_store::metrics::{Histogram, BUCKETS};

use crate::AppState;

/// Writes `h` as the histogram `name` with `labels` (`a="b",…`, maybe empty).
fn write_histogram(out: &mut String, name: &str, labels: &str, h: &Histogram) {
    let sep = if labels.is_empty() { "" } else { "," };
    let mut cumulative = 0;
    for (b, n) in BUCKETS.iter().zip(h.buckets) {
        cumulative += n;
        let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"{b}\"}} {cumulative}");
    }
    let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {}", h.count);
    let braces = if labels.is_empty() {
        String::new()
    } else {
        format!("{{{labels}}}")
    };
    let _ = writeln!(out, "{name}_sum{braces} {}", h.sum);
    let _ = writeln!(out, "{name}_count{braces} {}", h.count);
}

/// (method, status class) → latency.
type ByStatus = BTreeMap<(&'static str, &'static str), Histogram>;

/// The request figures of this process.
#[derive(Debug, Default)]
pub struct Metrics {
    /// Route template → (method, status class) → latency. Looked up by borrowed names, so a
    /// request allocates nothing here once its route has been seen.
    requests: Mutex<BTreeMap<String, ByStatus>>,
    /// Route template → answers of 500 and above.
    errors: Mutex<BTreeMap<String, u64>>,
}

/// A method's name for a label: the standard ones, else `OTHER` (no series per invented verb).
fn method_name(m: &axum::http::Method) -> &'static str {
    const KNOWN: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
    KNOWN
        .iter()
        .find(|k| **k == m.as_str())
        .copied()
        .unwrap_or("OTHER")
}

fn class(status: StatusCode) -> &'static str {
    match status.as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// A label value as the text format wants it: `\`, `"` and newlines escaped.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

impl Metrics {
    pub fn record(&self, method: &'static str, route: &str, status: StatusCode, seconds: f64) {
        let mut r = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        let by_route = match r.get_mut(route) {
            Some(m) => m,
            None => r.entry(route.to_string()).or_default(),
        };
        by_route
            .entry((method, class(status)))
            .or_default()
            .observe(seconds);
        drop(r);
        if status.is_server_error() {
            *self
                .errors
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .entry(route.to_string())
                .or_default() += 1;
        }
    }

    /// Everything, in the text format.
    pub fn render(&self, store: &bayanihan_store::StoreMetrics) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP bayanihan_http_request_duration_seconds Time to answer a request, by route template and status class.\n\
             # TYPE bayanihan_http_request_duration_seconds histogram\n",
        );
        let requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        for ((route, (method, status)), h) in requests
            .iter()
            .flat_map(|(route, m)| m.iter().map(move |(k, h)| ((route, k), h)))
        {
            write_histogram(
                &mut out,
                "bayanihan_http_request_duration_seconds",
                &format!(
                    "method=\"{}\",route=\"{}\",status=\"{status}\"",
                    label(method),
                    label(route)
                ),
                h,
            );
        }
        drop(requests);
        out.push_str(
            "# HELP bayanihan_http_errors_total Answers of 500 and above, by route template.\n\
             # TYPE bayanihan_http_errors_total counter\n",
        );
        for (route, n) in self.errors.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            let _ = writeln!(
                out,
                "bayanihan_http_errors_total{{route=\"{}\"}} {n}",
                label(route)
            );
        }
        out.push_str(
            "# HELP bayanihan_cycle_closes_total Cycles closed by this process.\n\
             # TYPE bayanihan_cycle_closes_total counter\n",
        );
        let _ = writeln!(out, "bayanihan_cycle_closes_total {}", store.closes.count);
        out.push_str(
            "# HELP bayanihan_cycle_close_duration_seconds Time to close a cycle.\n\
             # TYPE bayanihan_cycle_close_duration_seconds histogram\n",
        );
        write_histogram(
            &mut out,
            "bayanihan_cycle_close_duration_seconds",
            "",
            &store.closes,
        );
        out.push_str(
            "# HELP bayanihan_clearing_rounds_applied_total Clearing rounds applied by this process.\n\
             # TYPE bayanihan_clearing_rounds_applied_total counter\n",
        );
        let _ = writeln!(
            out,
            "bayanihan_clearing_rounds_applied_total {}",
            store.clearing_rounds_applied
        );
        out.push_str(
            "# HELP bayanihan_placement_queue_depth Order lines waiting for the group-commit writer.\n\
             # TYPE bayanihan_placement_queue_depth gauge\n",
        );
        let _ = writeln!(
            out,
            "bayanihan_placement_queue_depth {}",
            store.placement_queue_depth
        );
        out
    }
}

/// Times every routed request (the layer sits on the routes, where the template is known).
pub async fn track(
    State(state): State<AppState>,
    req: Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> Response {
    let start = Instant::now();
    let method = method_name(req.method());
    let route = req.extensions().get::<MatchedPath>().cloned();
    let res = next.run(req).await;
    state.metrics.record(
        method,
        route.as_ref().map_or("unmatched", |p| p.as_str()),
        res.status(),
        start.elapsed().as_secs_f64(),
    );
    res
}

/// Whether a request from `peer` with `headers` may read the metrics: with a token
/// configured, whoever sends it; without one, this machine only.
fn may_read(token: Option<&str>, peer: std::net::IpAddr, headers: &axum::http::HeaderMap) -> bool {
    match token {
        Some(token) => headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            // Digests compared, so the time taken says nothing of how much of it was right.
            .is_some_and(|sent| crate::auth::digest(sent.trim()) == crate::auth::digest(token)),
        None => peer.is_loopback(),
    }
}

/// `GET /metrics`.
pub async fn metrics(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: axum::http::HeaderMap,
) -> Response {
    let allowed = may_read(state.config.metrics_token.as_deref(), peer.ip(), &headers);
    if !allowed {
        return crate::error::ApiError::Forbidden(
            "The metrics are read from this machine, or with the metrics token as 'Authorization: Bearer …'."
                .into(),
        )
        .into_response();
    }
    let body = state
        .metrics
        .render(&bayanihan_app::health::store_metrics(&state.store));
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histogram_is_cumulative_and_counts_everything() {
        let mut h = Histogram::default();
        for s in [0.0005, 0.003, 0.003, 0.25, 90.0] {
            h.observe(s);
        }
        let mut out = String::new();
        write_histogram(&mut out, "x", "route=\"/a\"", &h);
        assert!(
            out.contains("x_bucket{route=\"/a\",le=\"0.001\"} 1\n"),
            "{out}"
        );
        assert!(
            out.contains("x_bucket{route=\"/a\",le=\"0.005\"} 3\n"),
            "{out}"
        );
        assert!(
            out.contains("x_bucket{route=\"/a\",le=\"0.25\"} 4\n"),
            "{out}"
        );
        assert!(
            out.contains("x_bucket{route=\"/a\",le=\"60\"} 4\n"),
            "{out}"
        );
        assert!(
            out.contains("x_bucket{route=\"/a\",le=\"+Inf\"} 5\n"),
            "{out}"
        );
        assert!(out.contains("x_count{route=\"/a\"} 5\n"), "{out}");
        assert!(out.contains("x_sum{route=\"/a\"} 90.2565\n"), "{out}");
    }

    #[test]
    fn only_this_machine_or_the_token_holder_reads_them() {
        use axum::http::HeaderMap;
        let (here, there) = ("127.0.0.1".parse().unwrap(), "203.0.113.9".parse().unwrap());
        let none = HeaderMap::new();
        let mut right = HeaderMap::new();
        right.insert(header::AUTHORIZATION, "Bearer s3cret".parse().unwrap());
        let mut wrong = HeaderMap::new();
        wrong.insert(header::AUTHORIZATION, "Bearer s3cre".parse().unwrap());
        assert!(may_read(None, here, &none));
        assert!(
            !may_read(None, there, &right),
            "no token configured: this machine only"
        );
        assert!(may_read(Some("s3cret"), there, &right));
        assert!(!may_read(Some("s3cret"), there, &wrong));
        assert!(
            !may_read(Some("s3cret"), here, &none),
            "a token, once set, is asked of all"
        );
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
