//! Server-rendered pages. For now the landing page a newcomer sees (what Bayanihan is, what to
//! try, the demo sign-ins) and the public directory; the full web app grows here.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;

use crate::api::organizations::{parse_filter, ListParams};
use crate::extract::Query;
use crate::AppState;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1a1a1a}\
a{color:#0b5394}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem;border-bottom:1px solid #ddd}\
code{background:#f3f3f3;padding:0 .2rem}";

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{t} · Bayanihan</title><link rel=\"stylesheet\" href=\"/static/base.css\"></head>\
         <body><header><a href=\"/\">Bayanihan</a> · <a href=\"/organizations\">Directory</a></header>\
         <main>{body}</main></body></html>",
        t = escape(title)
    ))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(landing))
        .route("/organizations", get(directory))
        .route("/static/base.css", get(css))
}

async fn css() -> impl IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
}

async fn landing(State(state): State<AppState>) -> Html<String> {
    let mut body = String::from(
        "<h1>Bayanihan</h1><p>The platform a social and solidarity economy network runs on: \
         producer cooperatives, self-help groups, social enterprises and consumer groups trading \
         in solidarity, measuring their triple bottom line, and governing themselves.</p>\
         <p>Browse the <a href=\"/organizations\">directory of organizations</a>, or use the \
         <a href=\"/api/v1/openapi.json\">JSON API</a>.</p>",
    );
    if !state.config.demo_logins.is_empty() {
        body.push_str("<h2>Demo sign-ins</h2><p>This is a demo with a fictional network. Sign in through the API (<code>POST /api/v1/auth/login</code>) as:</p><table><tr><th>E-mail</th><th>Password</th><th>Who</th></tr>");
        for l in &state.config.demo_logins {
            body.push_str(&format!(
                "<tr><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
                escape(&l.email),
                escape(&l.password),
                escape(&l.what)
            ));
        }
        body.push_str("</table>");
    }
    page("Welcome", &body)
}

async fn directory(
    State(state): State<AppState>,
    Query(p): Query<ListParams>,
) -> axum::response::Response {
    let Ok((filter, limit, offset)) = parse_filter(&p) else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            page("Directory", "<p>Those filters are not valid.</p>"),
        )
            .into_response();
    };
    let orgs = match state.store.list_organizations(&filter, limit, offset).await {
        Ok(p) => p,
        Err(e) => return crate::error::ApiError::from(e).into_response(),
    };
    let mut body = format!("<h1>Directory</h1><p>{} organizations</p><table><tr><th>Name</th><th>Kind</th><th>Country</th></tr>", orgs.total);
    for o in &orgs.items {
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&o.name),
            escape(o.kind.label()),
            escape(o.country.name())
        ));
    }
    body.push_str("</table>");
    page("Directory", &body).into_response()
}

pub fn not_found() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        page(
            "Not found",
            "<h1>Not found</h1><p>There is no page at this address.</p>",
        ),
    )
}
