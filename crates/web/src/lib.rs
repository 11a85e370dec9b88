//! # Bayanihan web
//!
//! The HTTP face of Bayanihan: the `/api/v1` JSON API (its OpenAPI document is generated from
//! the handlers themselves, so it cannot forget a route), `/healthz`, and server-rendered pages.
//!
//! Handlers are thin: parse the input into domain types, ask [`bayanihan_domain::access`]
//! whether the caller may act, call the store, shape the answer. Every failure becomes an
//! RFC 9457 problem document ([`error::ApiError`]).

pub mod api;
pub mod auth;
pub mod error;
pub mod extract;
pub mod i18n;
mod idempotency;
pub mod jobs;
pub mod map;
pub mod media;
pub mod metrics;
pub mod pages;

use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, Request};
use axum::response::IntoResponse;
use axum::Router;
use bayanihan_store::Store;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The ids of the ledger's account kinds.
pub fn ledger_kinds() -> impl Iterator<Item = &'static str> {
    bayanihan_domain::ledger::AccountKind::ALL
        .iter()
        .map(|k| k.id())
}

/// A demo sign-in shown on the landing page and printed by `bayanihan demo`.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub email: String,
    pub password: String,
    pub what: String,
}

/// Settings of the web side.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure`: set when served over TLS (directly or behind a proxy).
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` names the client (none: the header is ignored).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Sign-ins to advertise on the landing page (demo mode only).
    pub demo_logins: Vec<DemoLogin>,
    /// Outgoing mail (invitations, password resets); none: links are shown to coordinators.
    pub mailer: bayanihan_app::mail::Mailer,
    /// The address people reach this server at (`https://bayanihan.example.org`), for links in
    /// mail. Mail is sent only when it is set.
    pub public_url: Option<String>,
    /// An OpenStreetMap tile layer under the public map: a URL with `{z}`, `{x}`, `{y}`, and
    /// the attribution its terms ask for. None: outlines only.
    pub map_tiles: Option<(String, String)>,
    /// The Murmurations index profiles are registered with (the server's sync task does it);
    /// none: the registration's state is not shown.
    pub murmurations_index: Option<String>,
    /// A secret that lets a scraper read `/metrics` from elsewhere (as a bearer token); none:
    /// only from this machine.
    pub metrics_token: Option<String>,
}

/// What every handler can reach: one allocation shared by every request. axum clones the
/// state for each layer and extractor that takes it (about six a request); behind one `Arc`
/// that is one counter, where the fields' own handles were a dozen counters and a string
/// copied each time, a few per cent of the server's time on order day (docs/benchmarks.md).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of [`AppState`].
pub struct Shared {
    pub store: Store,
    pub config: Arc<WebConfig>,
    /// Wakes the Murmurations sync task when a publication changed (it also wakes by itself).
    pub murmurations: Arc<tokio::sync::Notify>,
    /// Directory imports running beside their requests.
    pub jobs: jobs::Jobs,
    /// Request timings for `/metrics`.
    pub metrics: Arc<metrics::Metrics>,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        AppState(Arc::new(Shared {
            store,
            config: Arc::new(config),
            murmurations: Arc::new(tokio::sync::Notify::new()),
            jobs: jobs::Jobs::default(),
            metrics: Arc::default(),
        }))
    }

    /// Tells the Murmurations sync task that there is work.
    pub fn murmurations_nudge(&self) {
        self.murmurations.notify_one();
    }

    /// This server's public address: the configured one, else the address the request was
    /// made to (only for documents served in answer, never stored or sent elsewhere).
    pub fn public_base(&self, headers: &axum::http::HeaderMap) -> String {
        if let Some(u) = &self.config.public_url {
            return u.trim_end_matches('/').to_string();
        }
        let host = headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                !h.is_empty()
                    && h.len() <= 255
                    && h.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
            })
            .unwrap_or("localhost");
        format!("http://{host}")
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application: API, OpenAPI document, health check, pages, and the layers that
/// give every request an id, a log line and safe headers.
pub fn app(state: AppState) -> Router {
    let (api_router, _) = api::router().split_for_parts();
    Router::new()
        .merge(api_router)
        .merge(pages::router())
        .route("/metrics", axum::routing::get(metrics::metrics))
        // On the routes (not the fallback), where each request's route template is known.
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .fallback(fallback)
        .with_state(state.clone())
        // The limit is ours, per path (`extract::limit_body`): axum's own 2 MB default would
        // refuse a photo the catalogue accepts.
        .layer(axum::extract::DefaultBodyLimit::disable())
        // A panic becomes a 500 here already, so that the idempotency layer lets its key go
        // instead of leaving it "in progress"; that layer sees bodies within the limit and
        // answers before compression.
        .layer(axum::middleware::from_fn(error::catch_panics))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            idempotency::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            idempotency::pages,
        ))
        .layer(axum::middleware::from_fn(extract::limit_body))
        // Slow 3G links: every page, stylesheet and JSON answer is gzipped when asked for.
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                 frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        ))
        .layer(axum::middleware::from_fn_with_state(state.clone(), transport_headers))
        .layer(axum::middleware::from_fn(error::catch_panics))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get(&REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", method = %req.method(), uri = %req.uri(), request_id = %id)
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// Headers that depend on who asked and how: `Cache-Control: no-store` on every API answer and
/// on every answer to a signed-in request (a shared phone's browser or a proxy must not keep
/// someone's orders or money), and HSTS when the request came over TLS.
async fn transport_headers(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    // A product photo's address names its version: the same for everyone, kept by browsers.
    let public_asset = req.method() == axum::http::Method::GET
        && req.uri().path().starts_with("/products/")
        && req.uri().path().ends_with("/photo");
    let private = !public_asset
        && (req.uri().path().starts_with("/api/")
            || req.headers().contains_key(header::AUTHORIZATION)
            || auth::cookie_in(req.headers(), auth::SESSION_COOKIE).is_some());
    let tls = auth::secure_cookies(&state, req.headers());
    let mut res = next.run(req).await;
    // The size limit answers before any handler, in plain text: say it as a problem.
    if res.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE
        && res
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.as_bytes())
            != Some(b"application/problem+json")
    {
        res = error::ApiError::TooLarge.into_response();
    }
    if private {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if tls {
        res.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    res
}

/// The OpenAPI document, for tools and tests.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = api::router().split_for_parts().1;
    api::complete_responses(&mut doc);
    doc
}

/// Liveness and database reachability, for monitors and load balancers.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "Up, and the database answers")))]
pub(crate) async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> axum::response::Response {
    match tokio::time::timeout(
        Duration::from_secs(5),
        bayanihan_app::health::ping(&state.store),
    )
    .await
    {
        Ok(Ok(())) => axum::Json(serde_json::json!({"status": "ok"})).into_response(),
        _ => error::ApiError::Unavailable.into_response(),
    }
}

async fn fallback(parts: axum::http::request::Parts) -> axum::response::Response {
    if parts.uri.path().starts_with("/api/") {
        error::ApiError::NotFound("API route").into_response()
    } else {
        pages::not_found_in(pages::reader_language(&parts))
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
