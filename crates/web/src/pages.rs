//! Server-rendered pages over the same rules and permissions as the API: light (no script,
//! one small stylesheet), usable at 360 px, in six languages.
//!
//! Every state-changing form carries a CSRF token in a hidden field: the session's token when
//! signed in, otherwise a random token also set in a SameSite=Strict cookie (double submit), so
//! a forged cross-site form cannot sign anyone in, out, or order on their behalf.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Form, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use bayanihan_domain::access::{decide, Action, Decision, Role};
use bayanihan_domain::{Money, OrgKind};
use bayanihan_store::trade::NewLine;
use bayanihan_store::StoreError;
use fluent_bundle::FluentValue;
use serde::Deserialize;
use uuid::Uuid;

use crate::api::account::{check_credentials, secure_cookies, session_cookie, start_session};
use crate::api::organizations::{parse_filter, ListParams};
use crate::auth::{self, identify, Caller, Via};
use crate::error::ApiError;
use crate::i18n::{format_money, format_time, tr, tr_args, Lang};
use crate::{AppState, DemoLogin};

const CSRF_COOKIE: &str = "bayanihan_csrf";

/// Form fields with a translated label (`field-<name>`), for errors in the reader's language.
pub const FIELD_LABELS: [&str; 12] = [
    "email",
    "name",
    "quantity",
    "amount",
    "method",
    "roles",
    "stakeholder",
    "policy",
    "opens_at",
    "closes_at",
    "delivery_date",
    "pickup_points",
];
const LANG_COOKIE: &str = "bayanihan_lang";

/// What every page shows around its content.
pub struct Chrome {
    pub lang: Lang,
    pub title: String,
    pub user: Option<String>,
    pub csrf: String,
    pub path: String,
    /// (code, native name, selected) for the language switcher.
    pub langs: Vec<(&'static str, &'static str, bool)>,
}

impl Chrome {
    /// A message in the page's language.
    pub fn t(&self, id: &str) -> String {
        tr(self.lang, id)
    }
}

/// The person (or visitor) looking at a page, their language and their form token.
pub struct Visitor {
    pub caller: Caller,
    pub lang: Lang,
    pub name: Option<String>,
    pub csrf: String,
    /// A fresh pre-session token to set as a cookie with the response.
    new_csrf: bool,
    pub path: String,
    secure: bool,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let caller = identify(parts, state, false)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut lang = auth::cookie(parts, LANG_COOKIE)
            .and_then(Lang::parse)
            .unwrap_or_else(|| {
                let accept = parts
                    .headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                Lang::negotiate(accept)
            });
        let mut name = None;
        if let Some(s) = &caller.subject {
            if let Ok(p) = state.store.person(s.person_id, false).await {
                if let Some(l) = p.language.as_deref().and_then(Lang::parse) {
                    lang = l;
                }
                name = Some(p.name);
            }
        }
        let (csrf, new_csrf) = match (&caller.via, auth::cookie(parts, CSRF_COOKIE)) {
            (Via::Session { csrf_token, .. }, _) => (csrf_token.clone(), false),
            (_, Some(c)) if c.len() >= 32 => (c.to_string(), false),
            _ => (auth::new_secret(), true),
        };
        Ok(Visitor {
            caller,
            lang,
            name,
            csrf,
            new_csrf,
            path: parts
                .uri
                .path_and_query()
                .map_or("/".into(), |p| p.as_str().to_string()),
            secure: secure_cookies(state, &parts.headers),
        })
    }
}

impl Visitor {
    fn chrome(&self, title: String) -> Chrome {
        Chrome {
            lang: self.lang,
            title,
            user: self.name.clone(),
            csrf: self.csrf.clone(),
            path: self.path.clone(),
            langs: Lang::ALL
                .iter()
                .map(|l| (l.code(), l.native_name(), *l == self.lang))
                .collect(),
        }
    }

    fn t(&self, id: &str) -> String {
        tr(self.lang, id)
    }

    /// Whether a submitted form token is this visitor's.
    fn csrf_ok(&self, sent: &str) -> bool {
        !self.new_csrf && auth::digest(sent) == auth::digest(&self.csrf)
    }

    /// Renders a template with a status, setting the pre-session token cookie when new.
    fn render(&self, status: StatusCode, tpl: &impl Template) -> Response {
        let html = match tpl.render() {
            Ok(h) => h,
            Err(e) => return ApiError::Internal(format!("template: {e}")).into_response(),
        };
        let mut res = (status, axum::response::Html(html)).into_response();
        if self.new_csrf {
            let secure = if self.secure { "; Secure" } else { "" };
            if let Ok(v) = HeaderValue::from_str(&format!(
                "{CSRF_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict{secure}",
                self.csrf
            )) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
        }
        res
    }

    fn message(&self, status: StatusCode, heading: String, text: String) -> Response {
        self.render(
            status,
            &MessagePage {
                c: self.chrome(heading.clone()),
                heading,
                text,
            },
        )
    }

    /// An error said in the reader's language: which fields to check, or what is not allowed;
    /// the rule's own words only where no translation says more.
    fn explain(&self, e: &ApiError) -> String {
        match e {
            ApiError::Invalid(inv) => {
                let mut fields: Vec<String> = Vec::new();
                for f in &inv.errors {
                    let key = f.field.split(['.', '[']).next().unwrap_or("");
                    let label = if FIELD_LABELS.contains(&key) {
                        tr(self.lang, &format!("field-{key}"))
                    } else {
                        f.field.clone()
                    };
                    if !fields.contains(&label) {
                        fields.push(label);
                    }
                }
                tr_args(
                    self.lang,
                    "error-fields",
                    &[("fields", FluentValue::from(fields.join(", ")))],
                )
            }
            ApiError::Forbidden(_) => self.t("error-forbidden"),
            other => other.problem().detail,
        }
    }

    fn not_found(&self) -> Response {
        self.message(
            StatusCode::NOT_FOUND,
            self.t("error-not-found"),
            self.t("error-not-found-text"),
        )
    }

    fn failure(&self, e: impl Into<ApiError>) -> Response {
        let e = e.into();
        match e {
            ApiError::NotFound(_) => self.not_found(),
            ApiError::Internal(ref m) => {
                tracing::error!(error = %m, "page failed");
                self.message(e.status(), self.t("error-generic"), self.t("error-generic"))
            }
            other => self.message(other.status(), self.explain(&other), other.problem().detail),
        }
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    c: Chrome,
    heading: String,
    text: String,
}

#[derive(Template)]
#[template(path = "landing.html")]
struct LandingPage {
    c: Chrome,
    cycles: Vec<(Uuid, String)>,
    demo: Vec<DemoLogin>,
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    c: Chrome,
    error: Option<String>,
    email: String,
}

#[derive(Template)]
#[template(path = "directory.html")]
struct DirectoryPage {
    c: Chrome,
    country: String,
    kinds: Vec<(&'static str, String, bool)>,
    qualifiers: Vec<(&'static str, String, bool)>,
    networks: Vec<(Uuid, String, bool)>,
    error: Option<String>,
    count_text: String,
    rows: Vec<(Uuid, String, String, String)>,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "organization.html")]
struct OrganizationPage {
    c: Chrome,
    id: Uuid,
    is_member: bool,
    is_coordinator: bool,
    /// For a network seen by its stewards: (how many inside, outstanding per currency).
    network: Option<(String, Vec<String>)>,
    name: String,
    description: Option<String>,
    kind: String,
    country: String,
    region: Option<String>,
    roles: String,
    qualifiers: String,
    currency: String,
    networks: Vec<(Uuid, String)>,
    products: Vec<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    c: Chrome,
    greeting: String,
    open: Vec<(Uuid, String, String)>,
    hub_cycles: Vec<(Uuid, String, String)>,
    owed: Vec<String>,
}

struct OfferView {
    id: Uuid,
    product: String,
    unit: String,
    total: String,
    available: String,
    producer_gets: String,
    /// (part, recipient, amount)
    parts: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "shop.html")]
struct ShopPage {
    c: Chrome,
    id: Uuid,
    can_manage: bool,
    /// Groups of the cycle whose whole order the visitor coordinates.
    coordinated: Vec<(Uuid, String)>,
    name: String,
    status: String,
    notice: Option<String>,
    error: Option<String>,
    offers: Vec<OfferView>,
    can_order: bool,
    show_sign_in: bool,
    groups: Vec<(Uuid, String)>,
    kept_offer: Uuid,
    kept_quantity: u64,
}

struct LineView {
    id: Uuid,
    product: String,
    quantity: u64,
    allocated: String,
    reason: Option<String>,
    total: String,
}

#[derive(Template)]
#[template(path = "my_order.html")]
struct MyOrderPage {
    c: Chrome,
    cycle_id: Uuid,
    cycle_name: String,
    closed: bool,
    lines: Vec<LineView>,
    total: String,
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(landing))
        .route("/signin", get(signin_form).post(signin))
        .route("/signout", post(signout))
        .route("/lang", post(set_language))
        .route("/home", get(home))
        .route("/organizations", get(directory))
        .route("/organizations/{id}", get(organization))
        .route("/cycles/{id}", get(shop))
        .route("/cycles/{id}/order", post(order))
        .route("/cycles/{id}/my-order", get(my_order))
        .route("/lines/{id}/cancel", post(cancel_line))
        .route("/cycles/{id}/manage", get(manage))
        .route("/cycles/{id}/close", post(close_cycle))
        .route("/cycles/{id}/clone", post(clone_cycle))
        .route("/cycles/{id}/packing", get(packing))
        .route("/cycles/{id}/invoices/{group}", get(invoice))
        .route("/cycles/{id}/statements/{org}", get(statement))
        .route("/organizations/{id}/money", get(money))
        .route("/obligations/{id}/pay", post(pay))
        .route("/organizations/{id}/members", get(members))
        .route("/organizations/{id}/members/add", post(add_member))
        .route(
            "/organizations/{id}/members/{person}/remove",
            post(remove_member),
        )
        .route("/cycles/new", get(new_cycle_form).post(new_cycle))
        .route("/cycles/{id}/groups/{group}", get(group_order))
        .route("/static/base.css", get(css))
}

const STYLE: &str = include_str!("../static/base.css");

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        STYLE,
    )
}

async fn landing(State(state): State<AppState>, v: Visitor) -> Response {
    let now = jiff::Timestamp::now();
    let cycles = match state.store.cycles(None).await {
        Ok(c) => c
            .into_iter()
            .filter(|c| c.accepts_orders(now))
            .map(|c| (c.id, c.name))
            .collect(),
        Err(e) => return v.failure(e),
    };
    v.render(
        StatusCode::OK,
        &LandingPage {
            c: v.chrome(v.t("landing-title")),
            cycles,
            demo: state.config.demo_logins.clone(),
        },
    )
}

async fn signin_form(v: Visitor) -> Response {
    if v.caller.subject.is_some() {
        return Redirect::to("/home").into_response();
    }
    v.render(
        StatusCode::OK,
        &SignInPage {
            c: v.chrome(v.t("signin-title")),
            error: None,
            email: String::new(),
        },
    )
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

async fn signin(State(state): State<AppState>, v: Visitor, Form(f): Form<SignInForm>) -> Response {
    let again = |status: StatusCode, error: String| {
        v.render(
            status,
            &SignInPage {
                c: v.chrome(v.t("signin-title")),
                error: Some(error),
                email: f.email.clone(),
            },
        )
    };
    if !v.csrf_ok(&f.csrf) {
        return again(StatusCode::FORBIDDEN, v.t("error-csrf"));
    }
    let person = match check_credentials(&state, &f.email, &f.password).await {
        Ok(p) => p,
        Err(ApiError::Invalid(_)) => {
            return again(StatusCode::UNPROCESSABLE_ENTITY, v.t("signin-error-email"))
        }
        Err(ApiError::TooManyRequests(secs)) => {
            return again(
                StatusCode::TOO_MANY_REQUESTS,
                tr_args(
                    v.lang,
                    "signin-error-too-many",
                    &[("seconds", FluentValue::from(secs as f64))],
                ),
            )
        }
        Err(ApiError::Unauthenticated(_)) => {
            return again(StatusCode::UNAUTHORIZED, v.t("signin-error-credentials"))
        }
        Err(e) => return v.failure(e),
    };
    let (secret, _) = match start_session(&state, person).await {
        Ok(s) => s,
        Err(e) => return v.failure(e),
    };
    let mut res = Redirect::to("/home").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(&secret, auth::SESSION_TTL.as_secs(), v.secure),
    );
    res
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn signout(State(state): State<AppState>, v: Visitor, Form(f): Form<CsrfForm>) -> Response {
    if !v.csrf_ok(&f.csrf) {
        return v.message(StatusCode::FORBIDDEN, v.t("error-csrf"), v.t("error-csrf"));
    }
    if let Via::Session { token_hash, .. } = &v.caller.via {
        if let Err(e) = state.store.delete_session(token_hash).await {
            return v.failure(e);
        }
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie("", 0, v.secure));
    res
}

#[derive(Deserialize)]
struct LangForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    back: String,
}

/// Switches the language: remembered for the signed-in person, and in a cookie for visitors.
async fn set_language(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<LangForm>,
) -> Response {
    if !v.csrf_ok(&f.csrf) {
        return v.message(StatusCode::FORBIDDEN, v.t("error-csrf"), v.t("error-csrf"));
    }
    let Some(lang) = Lang::parse(&f.lang) else {
        return v.not_found();
    };
    if let Some(s) = &v.caller.subject {
        if let Err(e) = state
            .store
            .set_person_language(s.person_id, Some(lang.code()))
            .await
        {
            return v.failure(e);
        }
    }
    // Only a path on this site: never an open redirect.
    let back = if f.back.starts_with('/') && !f.back.starts_with("//") {
        f.back.as_str()
    } else {
        "/"
    };
    let mut res = Redirect::to(back).into_response();
    let secure = if v.secure { "; Secure" } else { "" };
    if let Ok(c) = HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        lang.code()
    )) {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    res
}

fn kind_label(lang: Lang, k: OrgKind) -> String {
    tr(lang, &format!("kind-{}", k.id()))
}

async fn directory(
    State(state): State<AppState>,
    v: Visitor,
    q: Result<axum::extract::Query<DirectoryForm>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let form = q.map(|q| q.0).unwrap_or_default();
    let params: ListParams = match form.params() {
        Ok(p) => p,
        Err(e) => return v.message(StatusCode::UNPROCESSABLE_ENTITY, v.t("directory-title"), e),
    };
    let country = params.country.clone().unwrap_or_default();
    let kind_sel = params.kind.clone().unwrap_or_default();
    let kinds = OrgKind::ALL
        .iter()
        .map(|k| (k.id(), kind_label(v.lang, *k), k.id() == kind_sel))
        .collect();
    let qualifier_sel = params.qualifier.clone().unwrap_or_default();
    let network_sel = params.network.clone().unwrap_or_default();
    let network_filter = bayanihan_store::OrganizationFilter {
        kind: Some(OrgKind::Network),
        ..Default::default()
    };
    let networks = state
        .store
        .list_organizations(&network_filter, 200, 0)
        .await
        .map(|p| p.items)
        .unwrap_or_default()
        .into_iter()
        .map(|n| (n.id, n.name, n.id.to_string() == network_sel))
        .collect();
    let mut page = DirectoryPage {
        c: v.chrome(v.t("directory-title")),
        country,
        kinds,
        qualifiers: bayanihan_domain::Qualifier::ALL
            .iter()
            .map(|q| {
                (
                    q.id(),
                    tr(v.lang, &format!("qualifier-{}", q.id())),
                    q.id() == qualifier_sel,
                )
            })
            .collect(),
        networks,
        error: None,
        count_text: String::new(),
        rows: Vec::new(),
        prev: None,
        next: None,
    };
    let (filter, limit, offset) = match parse_filter(&params) {
        Ok(f) => f,
        Err(inv) => {
            let reason = inv
                .errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.reason))
                .collect::<Vec<_>>()
                .join("; ");
            page.error = Some(tr_args(
                v.lang,
                "directory-bad-filter",
                &[("reason", FluentValue::from(reason))],
            ));
            return v.render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let result = match state.store.list_organizations(&filter, limit, offset).await {
        Ok(r) => r,
        Err(e) => return v.failure(e),
    };
    page.count_text = tr_args(
        v.lang,
        "directory-count",
        &[("count", FluentValue::from(result.total as f64))],
    );
    page.rows = result
        .items
        .iter()
        .map(|o| {
            (
                o.id,
                o.name.clone(),
                kind_label(v.lang, o.kind),
                o.country.name().to_string(),
            )
        })
        .collect();
    let link = |off: i64| {
        let mut q = format!("/organizations?offset={off}&limit={limit}");
        if !page.country.is_empty() {
            q.push_str(&format!("&country={}", page.country));
        }
        if !kind_sel.is_empty() {
            q.push_str(&format!("&kind={kind_sel}"));
        }
        if !qualifier_sel.is_empty() {
            q.push_str(&format!("&qualifier={qualifier_sel}"));
        }
        if !network_sel.is_empty() {
            q.push_str(&format!("&network={network_sel}"));
        }
        q
    };
    if offset > 0 {
        page.prev = Some(link((offset - limit).max(0)));
    }
    if offset + limit < result.total {
        page.next = Some(link(offset + limit));
    }
    v.render(StatusCode::OK, &page)
}

/// The directory's filter form: every field a string, an empty one meaning "any".
#[derive(Deserialize, Default)]
struct DirectoryForm {
    country: Option<String>,
    kind: Option<String>,
    network: Option<String>,
    qualifier: Option<String>,
    q: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

impl DirectoryForm {
    fn params(&self) -> Result<ListParams, String> {
        let text = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        let num = |field: &str, v: &Option<String>| -> Result<Option<i64>, String> {
            match text(v) {
                None => Ok(None),
                Some(s) => s
                    .trim()
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("{field}: \"{s}\" is not a whole number")),
            }
        };
        Ok(ListParams {
            country: text(&self.country),
            kind: text(&self.kind),
            network: text(&self.network),
            qualifier: text(&self.qualifier),
            q: text(&self.q),
            limit: num("limit", &self.limit)?,
            offset: num("offset", &self.offset)?,
        })
    }
}

async fn organization(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else {
        return v.not_found();
    };
    let org = match state.store.organization(id).await {
        Ok(o) => o,
        Err(e) => return v.failure(e),
    };
    let mut networks = Vec::new();
    if let Ok(ms) = state.store.network_memberships_of(id).await {
        let others: Vec<Uuid> = ms
            .iter()
            .filter(|m| m.status == bayanihan_domain::NetworkMembershipStatus::Active)
            .map(|m| {
                if m.member_id == id {
                    m.network_id
                } else {
                    m.member_id
                }
            })
            .collect();
        let names = names_of(&state, others.clone()).await;
        networks.extend(
            others
                .into_iter()
                .filter_map(|o| names.get(&o).map(|n| (o, n.clone()))),
        );
    }
    let products = state
        .store
        .products_of(id)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|p| format!("{} ({})", p.name, p.unit))
        .collect();
    let role = v
        .caller
        .subject
        .as_ref()
        .map_or(Role::Public, |s| s.role_in(id));
    let network = if org.kind == OrgKind::Network && role >= Role::Admin {
        let filter = bayanihan_store::OrganizationFilter {
            network: Some(id),
            ..Default::default()
        };
        let inside = state
            .store
            .list_organizations(&filter, 1, 0)
            .await
            .map(|p| p.total)
            .unwrap_or(0);
        let mut sums: std::collections::BTreeMap<&'static str, Money> = Default::default();
        for o in state
            .store
            .network_obligations(id)
            .await
            .unwrap_or_default()
        {
            let e = sums
                .entry(o.outstanding.currency().code())
                .or_insert(Money::zero(o.outstanding.currency()));
            *e = e.checked_add(o.outstanding).unwrap_or(*e);
        }
        Some((
            tr_args(
                v.lang,
                "network-inside",
                &[("count", FluentValue::from(inside as f64))],
            ),
            sums.values().map(|m| format_money(v.lang, *m)).collect(),
        ))
    } else {
        None
    };
    let page = OrganizationPage {
        c: v.chrome(org.name.clone()),
        id,
        is_member: role >= Role::Member,
        is_coordinator: role >= Role::Coordinator,
        network,
        name: org.name.clone(),
        description: org.description.clone(),
        kind: kind_label(v.lang, org.kind),
        country: org.country.name().to_string(),
        region: org.region.clone(),
        roles: org
            .roles
            .iter()
            .map(|r| tr(v.lang, &format!("vcrole-{}", r.id())))
            .collect::<Vec<_>>()
            .join(", "),
        qualifiers: org
            .qualifiers
            .iter()
            .map(|q| tr(v.lang, &format!("qualifier-{}", q.id())))
            .collect::<Vec<_>>()
            .join(", "),
        currency: org.currency.code().to_string(),
        networks,
        products,
    };
    v.render(StatusCode::OK, &page)
}

async fn home(State(state): State<AppState>, v: Visitor) -> Response {
    let Some(subject) = v.caller.subject.clone() else {
        return Redirect::to("/signin").into_response();
    };
    let now = jiff::Timestamp::now();
    let cycles = match state.store.cycles(None).await {
        Ok(c) => c,
        Err(e) => return v.failure(e),
    };
    // Times read in each hub's own time zone.
    let mut zones: HashMap<Uuid, String> = HashMap::new();
    for c in &cycles {
        if let std::collections::hash_map::Entry::Vacant(e) = zones.entry(c.hub_id) {
            e.insert(
                state
                    .store
                    .organization(c.hub_id)
                    .await
                    .map(|o| o.time_zone)
                    .unwrap_or_else(|_| "UTC".into()),
            );
        }
    }
    let open = cycles
        .iter()
        .filter(|c| {
            c.accepts_orders(now)
                && c.consumer_groups
                    .iter()
                    .any(|g| subject.role_in(g.organization_id) >= Role::Member)
        })
        .map(|c| {
            (
                c.id,
                c.name.clone(),
                tr_args(
                    v.lang,
                    "shop-closes",
                    &[(
                        "time",
                        FluentValue::from(format_time(
                            c.closes_at,
                            zones.get(&c.hub_id).map_or("UTC", String::as_str),
                        )),
                    )],
                ),
            )
        })
        .collect();
    let hub_cycles = cycles
        .iter()
        .filter(|c| subject.role_in(c.hub_id) >= Role::Coordinator)
        .map(|c| (c.id, c.name.clone(), c.status.clone()))
        .collect();
    // What each of the person's organizations still owes or is owed, with one name lookup.
    let mut outstanding = Vec::new();
    for org in subject.memberships.keys() {
        if let Ok(obs) = state.store.obligations(Some(*org), true).await {
            outstanding.extend(obs.into_iter().map(|o| (*org, o)));
        }
    }
    let names = names_of(
        &state,
        outstanding
            .iter()
            .flat_map(|(_, o)| [o.debtor_id, o.creditor_id])
            .collect(),
    )
    .await;
    let owed = outstanding
        .iter()
        .map(|(org, o)| {
            let (arrow, other) = if o.debtor_id == *org {
                ("→", o.creditor_id)
            } else {
                ("←", o.debtor_id)
            };
            format!(
                "{arrow} {}: {} ({})",
                names.get(&other).cloned().unwrap_or_default(),
                format_money(v.lang, o.outstanding),
                o.due_date
            )
        })
        .collect();
    let greeting = tr_args(
        v.lang,
        "home-title",
        &[(
            "name",
            FluentValue::from(v.name.clone().unwrap_or_default()),
        )],
    );
    v.render(
        StatusCode::OK,
        &HomePage {
            c: v.chrome(v.t("nav-home")),
            greeting,
            open,
            hub_cycles,
            owed,
        },
    )
}

/// The groups of this cycle the visitor may order for.
fn orderable_groups(
    v: &Visitor,
    cycle: &bayanihan_store::trade::Cycle,
    names: &HashMap<Uuid, String>,
) -> Vec<(Uuid, String)> {
    let Some(s) = &v.caller.subject else {
        return Vec::new();
    };
    cycle
        .consumer_groups
        .iter()
        .filter(|g| decide(Some(s), g.organization_id, Action::PlaceOwnLines) == Decision::Allowed)
        .map(|g| {
            (
                g.organization_id,
                names.get(&g.organization_id).cloned().unwrap_or_default(),
            )
        })
        .collect()
}

async fn names_of(state: &AppState, ids: Vec<Uuid>) -> HashMap<Uuid, String> {
    // Names are decoration: a failure leaves them blank rather than failing the page.
    state
        .store
        .organization_names(&ids)
        .await
        .unwrap_or_default()
}

async fn shop_page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    notice: Option<String>,
    error: Option<String>,
    kept: (Uuid, u64),
) -> Response {
    let cycle = match state.store.cycle(id).await {
        Ok(c) => c,
        Err(e) => return v.failure(e),
    };
    let offers = match state.store.offers(id).await {
        Ok(o) => o,
        Err(e) => return v.failure(e),
    };
    let hub_tz = state
        .store
        .organization(cycle.hub_id)
        .await
        .map(|o| o.time_zone)
        .unwrap_or_else(|_| "UTC".into());
    // Collected first: an iterator borrowing across the awaits below would not be Send.
    let mut recipients: Vec<Uuid> = offers
        .iter()
        .flat_map(|o| o.unit_breakdown.components.iter().map(|c| c.recipient))
        .collect();
    recipients.extend(cycle.consumer_groups.iter().map(|g| g.organization_id));
    let names = names_of(state, recipients).await;
    let open = cycle.accepts_orders(jiff::Timestamp::now());
    let status = if open {
        format!(
            "{} · {}",
            tr_args(
                v.lang,
                "shop-closes",
                &[(
                    "time",
                    FluentValue::from(format_time(cycle.closes_at, &hub_tz))
                )]
            ),
            tr_args(
                v.lang,
                "shop-delivery",
                &[("date", FluentValue::from(cycle.delivery_date.to_string()))]
            )
        )
    } else {
        v.t("shop-closed")
    };
    let views = offers
        .iter()
        .map(|o| {
            let b = &o.unit_breakdown;
            let total = format_money(v.lang, b.total);
            OfferView {
                id: o.id,
                product: o.product.name.clone(),
                unit: o.product.unit.clone(),
                available: tr_args(
                    v.lang,
                    "shop-available",
                    &[(
                        "count",
                        FluentValue::from(o.quantity.saturating_sub(o.reserved) as f64),
                    )],
                ),
                producer_gets: tr_args(
                    v.lang,
                    "shop-producer-gets",
                    &[
                        ("total", FluentValue::from(total.clone())),
                        (
                            "producer",
                            FluentValue::from(format_money(v.lang, b.producer_amount())),
                        ),
                    ],
                ),
                total,
                parts: b
                    .components
                    .iter()
                    .map(|c| {
                        (
                            tr(v.lang, &format!("part-{}", c.part.id())),
                            names.get(&c.recipient).cloned().unwrap_or_default(),
                            format_money(v.lang, c.amount),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    let groups = if open {
        orderable_groups(v, &cycle, &names)
    } else {
        Vec::new()
    };
    let page = ShopPage {
        c: v.chrome(cycle.name.clone()),
        id,
        can_manage: v
            .caller
            .subject
            .as_ref()
            .is_some_and(|s| s.role_in(cycle.hub_id) >= Role::Coordinator),
        coordinated: cycle
            .consumer_groups
            .iter()
            .filter(|g| {
                v.caller.subject.as_ref().is_some_and(|s| {
                    decide(Some(s), g.organization_id, Action::ManageGroupOrder)
                        == Decision::Allowed
                })
            })
            .map(|g| {
                (
                    g.organization_id,
                    names.get(&g.organization_id).cloned().unwrap_or_default(),
                )
            })
            .collect(),
        name: cycle.name.clone(),
        status,
        notice,
        error: error.clone(),
        offers: views,
        can_order: !groups.is_empty(),
        show_sign_in: open && v.caller.subject.is_none(),
        groups,
        kept_offer: kept.0,
        kept_quantity: kept.1,
    };
    let status = if error.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    v.render(status, &page)
}

#[derive(Deserialize)]
struct ShopQuery {
    ordered: Option<String>,
}

async fn shop(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<ShopQuery>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else {
        return v.not_found();
    };
    let notice = q.ordered.map(|_| v.t("shop-ordered"));
    shop_page(&state, &v, id, notice, None, (Uuid::nil(), 1)).await
}

#[derive(Deserialize)]
struct OrderForm {
    #[serde(default)]
    csrf: String,
    offer_id: Uuid,
    group_id: Uuid,
    #[serde(default)]
    quantity: String,
}

async fn order(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(f): Form<OrderForm>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else {
        return v.not_found();
    };
    let Some(subject) = v.caller.subject.clone() else {
        return Redirect::to("/signin").into_response();
    };
    if !v.csrf_ok(&f.csrf) {
        return shop_page(
            &state,
            &v,
            id,
            None,
            Some(v.t("error-csrf")),
            (f.offer_id, 1),
        )
        .await;
    }
    let quantity = match f.quantity.trim().parse::<u64>() {
        Ok(q) if (1..=1000).contains(&q) => q,
        _ => {
            let e = ApiError::Invalid(bayanihan_domain::Invalid::field(
                "quantity",
                "must be a whole number from 1 to 1000",
            ));
            return shop_page(&state, &v, id, None, Some(v.explain(&e)), (f.offer_id, 1)).await;
        }
    };
    if decide(Some(&subject), f.group_id, Action::PlaceOwnLines) != Decision::Allowed {
        return v.failure(ApiError::Forbidden(
            "You are not a member of this consumer group.".into(),
        ));
    }
    let line = NewLine {
        offer_id: f.offer_id,
        consumer_group_id: f.group_id,
        person_id: Some(subject.person_id),
        pickup_point_id: None,
        quantity,
        tier: None,
    };
    match state.store.place_line(id, &line).await {
        Ok(_) => Redirect::to(&format!("/cycles/{id}?ordered=1")).into_response(),
        Err(e @ (StoreError::Conflict(_) | StoreError::Invalid(_))) => {
            // Said in the visitor's language where we know the cause; the rule's own words
            // otherwise.
            let msg = match (
                &e,
                state.store.offer(f.offer_id).await,
                state.store.cycle(id).await,
            ) {
                (StoreError::Conflict(_), _, Ok(c))
                    if !c.accepts_orders(jiff::Timestamp::now()) =>
                {
                    v.t("shop-closed")
                }
                (StoreError::Conflict(_), Ok(o), _) => tr_args(
                    v.lang,
                    "shop-only-left",
                    &[(
                        "count",
                        FluentValue::from(o.quantity.saturating_sub(o.reserved) as f64),
                    )],
                ),
                _ => ApiError::from(e).problem().detail,
            };
            shop_page(&state, &v, id, None, Some(msg), (f.offer_id, quantity)).await
        }
        Err(e) => v.failure(e),
    }
}

async fn my_order(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else {
        return v.not_found();
    };
    let Some(subject) = v.caller.subject.clone() else {
        return Redirect::to("/signin").into_response();
    };
    let (cycle, offers, lines) = match tokio::try_join!(
        state.store.cycle(id),
        state.store.offers(id),
        state.store.lines(id, None, Some(subject.person_id))
    ) {
        Ok(x) => x,
        Err(e) => return v.failure(e),
    };
    let closed = cycle.is_closed();
    let priced = match bayanihan_store::trade::price_lines(&offers, &lines) {
        Ok(p) => p,
        Err(e) => return v.failure(e),
    };
    let mut total = Money::zero(cycle.currency);
    let mut views = Vec::new();
    for (l, b) in priced {
        total = total.checked_add(b.total).unwrap_or(total);
        let product = offers
            .iter()
            .find(|o| o.id == l.offer_id)
            .map(|o| format!("{} ({})", o.product.name, o.product.unit))
            .unwrap_or_default();
        views.push(LineView {
            id: l.id,
            product,
            quantity: l.quantity,
            allocated: l.allocated.map(|a| a.to_string()).unwrap_or_default(),
            reason: l.reason.clone(),
            total: format_money(v.lang, b.total),
        });
    }
    let page = MyOrderPage {
        c: v.chrome(v.t("order-title")),
        cycle_id: id,
        cycle_name: cycle.name,
        closed,
        lines: views,
        total: format_money(v.lang, total),
    };
    v.render(StatusCode::OK, &page)
}

async fn cancel_line(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else {
        return v.not_found();
    };
    let Some(subject) = v.caller.subject.clone() else {
        return Redirect::to("/signin").into_response();
    };
    if !v.csrf_ok(&f.csrf) {
        return v.message(StatusCode::FORBIDDEN, v.t("error-csrf"), v.t("error-csrf"));
    }
    let line = match state.store.line(id).await {
        Ok(l) => l,
        Err(e) => return v.failure(e),
    };
    if line.person_id != Some(subject.person_id)
        && decide(
            Some(&subject),
            line.consumer_group_id,
            Action::ManageGroupOrder,
        ) != Decision::Allowed
    {
        return v.failure(ApiError::Forbidden("This is not your line.".into()));
    }
    match state.store.change_line(id, 0).await {
        Ok(_) => Redirect::to(&format!("/cycles/{}/my-order", line.cycle_id)).into_response(),
        Err(e) => v.failure(e),
    }
}

#[derive(Template)]
#[template(path = "manage.html")]
struct ManagePage {
    c: Chrome,
    id: Uuid,
    name: String,
    status: String,
    notice: Option<String>,
    closed: bool,
    /// (link, label, total)
    documents: Vec<(String, String, String)>,
    pickups: Vec<(Uuid, String)>,
    /// (group, product, asked, received, why)
    allocations: Vec<(String, String, u64, String, String)>,
}

#[derive(Template)]
#[template(path = "table.html")]
struct TablePage {
    c: Chrome,
    heading: String,
    subheadings: Vec<String>,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
    total: Option<String>,
}

struct ObligationView {
    id: Uuid,
    from: String,
    to: String,
    outstanding: String,
    outstanding_plain: String,
    due: String,
}

#[derive(Template)]
#[template(path = "money.html")]
struct MoneyPage {
    c: Chrome,
    org_id: Uuid,
    name: String,
    notice: Option<String>,
    error: Option<String>,
    balances: Vec<(String, String)>,
    obligations: Vec<ObligationView>,
    can_pay: bool,
    methods: Vec<(&'static str, String)>,
}

fn parse_id(s: &str) -> Option<Uuid> {
    Uuid::parse_str(s).ok()
}

/// The cycle, if the visitor coordinates its hub; otherwise the response to send instead.
async fn hub_cycle(
    state: &AppState,
    v: &Visitor,
    id: &str,
) -> Result<bayanihan_store::trade::Cycle, Response> {
    let Some(id) = parse_id(id) else {
        return Err(v.not_found());
    };
    let Some(subject) = &v.caller.subject else {
        return Err(Redirect::to("/signin").into_response());
    };
    let cycle = state.store.cycle(id).await.map_err(|e| v.failure(e))?;
    if subject.role_in(cycle.hub_id) < Role::Coordinator {
        return Err(v.failure(ApiError::Forbidden(
            "Only the hub's coordinators run this cycle.".into(),
        )));
    }
    Ok(cycle)
}

#[derive(Deserialize)]
struct ManageQuery {
    closed: Option<String>,
}

async fn manage(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<ManageQuery>,
) -> Response {
    let cycle = match hub_cycle(&state, &v, &id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let closed = cycle.is_closed();
    let hub_tz = state
        .store
        .organization(cycle.hub_id)
        .await
        .map(|o| o.time_zone)
        .unwrap_or_else(|_| "UTC".into());
    let mut page = ManagePage {
        c: v.chrome(v.t("manage-title")),
        id: cycle.id,
        name: cycle.name.clone(),
        status: if closed {
            v.t("shop-closed")
        } else {
            tr_args(
                v.lang,
                "shop-closes",
                &[(
                    "time",
                    FluentValue::from(format_time(cycle.closes_at, &hub_tz)),
                )],
            )
        },
        notice: q.closed.map(|_| v.t("manage-closed-now")),
        closed,
        documents: Vec::new(),
        pickups: cycle
            .pickup_points
            .iter()
            .map(|p| (p.id, p.name.clone()))
            .collect(),
        allocations: Vec::new(),
    };
    if closed {
        let (docs, lines, offers) = match tokio::try_join!(
            state.store.documents(cycle.id, None),
            state.store.lines(cycle.id, None, None),
            state.store.offers(cycle.id)
        ) {
            Ok(x) => x,
            Err(e) => return v.failure(e),
        };
        let mut ids: Vec<Uuid> = docs.iter().map(|d| d.organization_id).collect();
        ids.extend(cycle.consumer_groups.iter().map(|g| g.organization_id));
        let names = names_of(&state, ids).await;
        page.documents = docs
            .iter()
            .map(|d| {
                let link = if d.kind == "invoice" {
                    format!("/cycles/{}/invoices/{}", cycle.id, d.organization_id)
                } else {
                    format!("/cycles/{}/statements/{}", cycle.id, d.organization_id)
                };
                (
                    link,
                    format!(
                        "{} — {}",
                        tr(v.lang, &format!("doc-{}", d.kind)),
                        names.get(&d.organization_id).cloned().unwrap_or_default()
                    ),
                    format_money(v.lang, d.total),
                )
            })
            .collect();
        let product: HashMap<Uuid, String> = offers
            .iter()
            .map(|o| (o.id, o.product.name.clone()))
            .collect();
        // A page, not a report: the first 500 lines; packing lists and documents carry the rest.
        page.allocations = lines
            .iter()
            .take(500)
            .map(|l| {
                (
                    names.get(&l.consumer_group_id).cloned().unwrap_or_default(),
                    product.get(&l.offer_id).cloned().unwrap_or_default(),
                    l.quantity,
                    l.allocated.map(|a| a.to_string()).unwrap_or_default(),
                    l.reason.clone().unwrap_or_default(),
                )
            })
            .collect();
    }
    v.render(StatusCode::OK, &page)
}

async fn close_cycle(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Response {
    let cycle = match hub_cycle(&state, &v, &id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if !v.csrf_ok(&f.csrf) {
        return v.message(StatusCode::FORBIDDEN, v.t("error-csrf"), v.t("error-csrf"));
    }
    match state.store.close_cycle(cycle.id).await {
        Ok(_) => Redirect::to(&format!("/cycles/{}/manage?closed=1", cycle.id)).into_response(),
        Err(e) => v.failure(e),
    }
}

async fn clone_cycle(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Response {
    let cycle = match hub_cycle(&state, &v, &id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if !v.csrf_ok(&f.csrf) {
        return v.message(StatusCode::FORBIDDEN, v.t("error-csrf"), v.t("error-csrf"));
    }
    match state.store.clone_cycle(cycle.id, 7).await {
        Ok(next) => Redirect::to(&format!("/cycles/{}/manage", next.id)).into_response(),
        Err(e) => v.failure(e),
    }
}

#[derive(Deserialize)]
struct PackingQuery {
    pickup_point: Option<String>,
    by: Option<String>,
}

async fn packing(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<PackingQuery>,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return v.not_found();
    };
    let Some(subject) = v.caller.subject.clone() else {
        return Redirect::to("/signin").into_response();
    };
    let cycle = match state.store.cycle(id).await {
        Ok(c) => c,
        Err(e) => return v.failure(e),
    };
    let pickup = q.pickup_point.as_deref().and_then(parse_id);
    let by_group = q.by.as_deref() != Some("producer");
    let rows = match state.store.packing(id, pickup, by_group).await {
        Ok(r) => r,
        Err(e) => return v.failure(e),
    };
    let hub = subject.role_in(cycle.hub_id) >= Role::Coordinator;
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| hub || subject.role_in(r.producer_id) >= Role::Member)
        .collect();
    let mut ids: Vec<Uuid> = rows.iter().map(|r| r.producer_id).collect();
    ids.extend(rows.iter().filter_map(|r| r.consumer_group_id));
    let names = names_of(&state, ids).await;
    let pickups: HashMap<Uuid, String> = cycle
        .pickup_points
        .iter()
        .map(|p| (p.id, p.name.clone()))
        .collect();
    let name_of = |id: Option<Uuid>, map: &HashMap<Uuid, String>| {
        id.and_then(|i| map.get(&i).cloned())
            .unwrap_or_else(|| v.t("packing-no-pickup"))
    };
    let mut head = vec![v.t("manage-packing"), v.t("org-products")];
    if by_group {
        head.insert(1, v.t("col-group"));
    }
    head.push(v.t("col-allocated"));
    let table = rows
        .iter()
        .map(|r| {
            let mut row = vec![
                name_of(r.pickup_point_id, &pickups),
                format!(
                    "{} ({}) — {}",
                    r.product_name,
                    r.unit,
                    names.get(&r.producer_id).cloned().unwrap_or_default()
                ),
            ];
            if by_group {
                row.insert(
                    1,
                    r.consumer_group_id
                        .and_then(|g| names.get(&g).cloned())
                        .unwrap_or_default(),
                );
            }
            row.push(r.units.to_string());
            row
        })
        .collect();
    let page = TablePage {
        c: v.chrome(v.t("packing-title")),
        heading: format!("{} — {}", v.t("packing-title"), cycle.name),
        subheadings: vec![],
        head,
        rows: table,
        total: None,
    };
    v.render(StatusCode::OK, &page)
}

/// The cycle of a document (invoice or statement) of `org`, if the visitor may read it: the
/// hub's coordinators, and the organization's own members.
async fn document_cycle(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    org: Uuid,
) -> Result<bayanihan_store::trade::Cycle, Response> {
    let Some(subject) = &v.caller.subject else {
        return Err(Redirect::to("/signin").into_response());
    };
    let cycle = state.store.cycle(id).await.map_err(|e| v.failure(e))?;
    if subject.role_in(cycle.hub_id) < Role::Coordinator && subject.role_in(org) < Role::Member {
        return Err(v.failure(ApiError::Forbidden(
            "Only the organization's members and the hub's coordinators see this document.".into(),
        )));
    }
    Ok(cycle)
}

async fn invoice(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, group)): Path<(String, String)>,
) -> Response {
    let (Some(id), Some(group)) = (parse_id(&id), parse_id(&group)) else {
        return v.not_found();
    };
    let cycle = match document_cycle(&state, &v, id, group).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let inv = match crate::api::trade::build_invoice(&state, &cycle, group).await {
        Ok(i) => i,
        Err(e) => return v.failure(e),
    };
    let names = names_of(&state, vec![group, cycle.hub_id]).await;
    let rows = inv
        .lines
        .iter()
        .map(|l| {
            let parts = l
                .breakdown
                .components
                .iter()
                .map(|c| {
                    format!(
                        "{} {}",
                        tr(v.lang, &format!("part-{}", c.part.id())),
                        format_money(v.lang, c.amount)
                    )
                })
                .collect::<Vec<_>>()
                .join(" · ");
            vec![
                format!("{} ({})", l.product_name, l.unit),
                l.line.quantity.to_string(),
                l.breakdown.quantity.to_string(),
                parts,
                format_money(v.lang, l.breakdown.total),
            ]
        })
        .collect();
    let page = TablePage {
        c: v.chrome(v.t("invoice-title")),
        heading: format!("{} — {}", v.t("invoice-title"), cycle.name),
        subheadings: vec![format!(
            "{} → {}",
            names.get(&group).cloned().unwrap_or_default(),
            names.get(&cycle.hub_id).cloned().unwrap_or_default()
        )],
        head: vec![
            v.t("col-product"),
            v.t("col-requested"),
            v.t("col-allocated"),
            v.t("shop-breakdown"),
            v.t("order-col-total"),
        ],
        rows,
        total: Some(format_money(v.lang, inv.total)),
    };
    v.render(StatusCode::OK, &page)
}

async fn statement(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, org)): Path<(String, String)>,
) -> Response {
    let (Some(id), Some(org)) = (parse_id(&id), parse_id(&org)) else {
        return v.not_found();
    };
    let cycle = match document_cycle(&state, &v, id, org).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let st = match crate::api::trade::build_statement(&state, &cycle, org).await {
        Ok(s) => s,
        Err(e) => return v.failure(e),
    };
    let mut ids: Vec<Uuid> = st.items.iter().map(|i| i.consumer_group_id).collect();
    ids.push(org);
    let names = names_of(&state, ids).await;
    let rows = st
        .items
        .iter()
        .map(|i| {
            vec![
                format!("{} ({})", i.product_name, i.unit),
                names.get(&i.consumer_group_id).cloned().unwrap_or_default(),
                i.quantity.to_string(),
                tr(v.lang, &format!("part-{}", i.part)),
                format_money(v.lang, i.amount),
            ]
        })
        .collect();
    let page = TablePage {
        c: v.chrome(v.t("statement-title")),
        heading: format!("{} — {}", v.t("statement-title"), cycle.name),
        subheadings: vec![names.get(&org).cloned().unwrap_or_default()],
        head: vec![
            v.t("col-product"),
            v.t("col-group"),
            v.t("col-allocated"),
            v.t("col-reason"),
            v.t("order-col-total"),
        ],
        rows,
        total: Some(format_money(v.lang, st.total)),
    };
    v.render(StatusCode::OK, &page)
}

#[derive(Deserialize)]
struct MoneyQuery {
    paid: Option<String>,
}

async fn money_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    notice: Option<String>,
    error: Option<String>,
) -> Response {
    let Some(subject) = v.caller.subject.clone() else {
        return Redirect::to("/signin").into_response();
    };
    if decide(Some(&subject), org, Action::ReadPrivate) != Decision::Allowed {
        return v.failure(ApiError::Forbidden(
            "Only the organization's members see its money.".into(),
        ));
    }
    let (o, balances, obligations) = match tokio::try_join!(
        state.store.organization(org),
        state.store.balances(org),
        state.store.obligations(Some(org), true)
    ) {
        Ok(x) => x,
        Err(e) => return v.failure(e),
    };
    let mut ids: Vec<Uuid> = obligations
        .iter()
        .flat_map(|o| [o.debtor_id, o.creditor_id])
        .collect();
    ids.push(org);
    let names = names_of(state, ids).await;
    let page = MoneyPage {
        c: v.chrome(v.t("money-title")),
        org_id: org,
        name: o.name,
        notice,
        error: error.clone(),
        balances: balances
            .iter()
            .map(|b| {
                (
                    tr(v.lang, &format!("account-{}", b.kind)),
                    format_money(v.lang, b.amount),
                )
            })
            .collect(),
        obligations: obligations
            .iter()
            .map(|ob| ObligationView {
                id: ob.id,
                from: names.get(&ob.debtor_id).cloned().unwrap_or_default(),
                to: names.get(&ob.creditor_id).cloned().unwrap_or_default(),
                outstanding: format_money(v.lang, ob.outstanding),
                outstanding_plain: ob.outstanding.to_decimal_string(),
                due: ob.due_date.to_string(),
            })
            .collect(),
        can_pay: decide(Some(&subject), org, Action::RecordPayments) == Decision::Allowed,
        methods: crate::PAYMENT_METHODS
            .iter()
            .map(|m| (*m, tr(v.lang, &format!("method-{m}"))))
            .collect(),
    };
    v.render(
        if error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        &page,
    )
}

async fn money(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<MoneyQuery>,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return v.not_found();
    };
    money_page(&state, &v, id, q.paid.map(|_| v.t("money-recorded")), None).await
}

#[derive(Deserialize)]
struct PayForm {
    #[serde(default)]
    csrf: String,
    org: Uuid,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    reference: String,
}

async fn pay(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(f): Form<PayForm>,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return v.not_found();
    };
    let Some(subject) = v.caller.subject.clone() else {
        return Redirect::to("/signin").into_response();
    };
    if !v.csrf_ok(&f.csrf) {
        return money_page(&state, &v, f.org, None, Some(v.t("error-csrf"))).await;
    }
    let ob = match state.store.obligation(id).await {
        Ok(o) => o,
        Err(e) => return v.failure(e),
    };
    let allowed = |org| decide(Some(&subject), org, Action::RecordPayments) == Decision::Allowed;
    if !(allowed(ob.debtor_id) || allowed(ob.creditor_id)) {
        return v.failure(ApiError::Forbidden(
            "Only treasurers and admins record payments.".into(),
        ));
    }
    let amount = match Money::parse_decimal(&f.amount, ob.amount.currency()) {
        Ok(a) => a,
        Err(e) => return money_page(&state, &v, f.org, None, Some(e.reason().to_string())).await,
    };
    if !crate::PAYMENT_METHODS.contains(&f.method.as_str()) {
        return money_page(
            &state,
            &v,
            f.org,
            None,
            Some("method: must be cash, bank_transfer or mobile_money".into()),
        )
        .await;
    }
    let draft = bayanihan_store::trade::PaymentDraft {
        obligation_id: id,
        amount_minor: amount.minor(),
        method: f.method.clone(),
        reference: Some(f.reference.trim().to_string()).filter(|r| !r.is_empty()),
        paid_on: bayanihan_store::today_utc(),
        recorded_by: Some(subject.person_id),
    };
    match state.store.record_payment(&draft).await {
        Ok(_) => Redirect::to(&format!("/organizations/{}/money?paid=1", f.org)).into_response(),
        Err(StoreError::Conflict(_)) => {
            // The only conflict a payment meets: more than what is still owed.
            let owed = state
                .store
                .obligation(id)
                .await
                .map(|o| o.outstanding)
                .unwrap_or(ob.outstanding);
            let msg = tr_args(
                v.lang,
                "money-error-too-much",
                &[("amount", FluentValue::from(format_money(v.lang, owed)))],
            );
            money_page(&state, &v, f.org, None, Some(msg)).await
        }
        Err(e @ StoreError::Invalid(_)) => {
            let msg = v.explain(&ApiError::from(e));
            money_page(&state, &v, f.org, None, Some(msg)).await
        }
        Err(e) => v.failure(e),
    }
}

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    c: Chrome,
    id: Uuid,
    name: String,
    notice: Option<String>,
    error: Option<String>,
    /// (person, name, roles, stake)
    members: Vec<(Uuid, String, String, String)>,
    can_remove: bool,
    /// Roles the visitor may grant: (id, label); empty when they may add no one.
    roles: Vec<(&'static str, String)>,
    stakes: Vec<(&'static str, String)>,
    kept_email: String,
    kept_name: String,
}

async fn members_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    notice: Option<String>,
    error: Option<String>,
    kept: (String, String),
) -> Response {
    use bayanihan_domain::person::{MembershipRole, StakeholderCategory};
    let Some(subject) = v.caller.subject.clone() else {
        return Redirect::to("/signin").into_response();
    };
    if decide(Some(&subject), org, Action::ReadPrivate) != Decision::Allowed {
        return v.failure(ApiError::Forbidden(
            "Only the organization's members see who its members are.".into(),
        ));
    }
    let (o, members) =
        match tokio::try_join!(state.store.organization(org), state.store.members_of(org)) {
            Ok(x) => x,
            Err(e) => return v.failure(e),
        };
    let grantable = |r: MembershipRole| {
        decide(
            Some(&subject),
            org,
            Action::ManageMembership {
                grants: &[r],
                current: &[],
            },
        ) == Decision::Allowed
    };
    let page = MembersPage {
        c: v.chrome(v.t("members-title")),
        id: org,
        name: o.name,
        notice,
        error: error.clone(),
        members: members
            .iter()
            .map(|m| {
                (
                    m.person_id,
                    m.person_name.clone(),
                    m.roles
                        .iter()
                        .map(|r| tr(v.lang, &format!("role-{}", r.id())))
                        .collect::<Vec<_>>()
                        .join(", "),
                    m.stakeholder
                        .map(|s| tr(v.lang, &format!("stakeholder-{}", s.id())))
                        .unwrap_or_default(),
                )
            })
            .collect(),
        can_remove: subject.role_in(org) >= Role::Admin,
        roles: MembershipRole::ALL
            .iter()
            .filter(|r| grantable(**r))
            .map(|r| (r.id(), tr(v.lang, &format!("role-{}", r.id()))))
            .collect(),
        stakes: StakeholderCategory::ALL
            .iter()
            .map(|s| (s.id(), tr(v.lang, &format!("stakeholder-{}", s.id()))))
            .collect(),
        kept_email: kept.0,
        kept_name: kept.1,
    };
    v.render(
        if error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        &page,
    )
}

#[derive(Deserialize)]
struct MembersQuery {
    added: Option<String>,
}

async fn members(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<MembersQuery>,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return v.not_found();
    };
    members_page(
        &state,
        &v,
        id,
        q.added.map(|_| v.t("members-added")),
        None,
        Default::default(),
    )
    .await
}

#[derive(Deserialize)]
struct AddMemberForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    stakeholder: String,
}

async fn add_member(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(f): Form<AddMemberForm>,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return v.not_found();
    };
    let kept = (f.email.clone(), f.name.clone());
    if !v.csrf_ok(&f.csrf) {
        return members_page(&state, &v, id, None, Some(v.t("error-csrf")), kept).await;
    }
    let req = crate::api::organizations::NewMember {
        email: f.email.clone(),
        name: Some(f.name.clone()).filter(|n| !n.trim().is_empty()),
        roles: vec![f.role.clone()],
        stakeholder: Some(f.stakeholder.clone()).filter(|s| !s.is_empty()),
        since: None,
    };
    match crate::api::organizations::add_member_to(&state, &v.caller, id, &req).await {
        Ok(_) => Redirect::to(&format!("/organizations/{id}/members?added=1")).into_response(),
        // The only conflict adding a member meets: the person is a member already.
        Err(ApiError::Conflict(_)) => {
            members_page(
                &state,
                &v,
                id,
                None,
                Some(v.t("members-error-exists")),
                kept,
            )
            .await
        }
        Err(e @ (ApiError::Invalid(_) | ApiError::Forbidden(_))) => {
            let msg = v.explain(&e);
            members_page(&state, &v, id, None, Some(msg), kept).await
        }
        Err(e) => v.failure(e),
    }
}

async fn remove_member(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, person)): Path<(String, String)>,
    Form(f): Form<CsrfForm>,
) -> Response {
    let (Some(id), Some(person)) = (parse_id(&id), parse_id(&person)) else {
        return v.not_found();
    };
    let Some(subject) = v.caller.subject.clone() else {
        return Redirect::to("/signin").into_response();
    };
    if !v.csrf_ok(&f.csrf) {
        return members_page(
            &state,
            &v,
            id,
            None,
            Some(v.t("error-csrf")),
            Default::default(),
        )
        .await;
    }
    if subject.role_in(id) < Role::Admin {
        return v.failure(ApiError::Forbidden(
            "Only the organization's admins remove members.".into(),
        ));
    }
    let admins = state
        .store
        .members_of(id)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|m| {
            m.roles.contains(&bayanihan_domain::MembershipRole::Admin) && m.person_id != person
        })
        .count();
    let was_admin = state
        .store
        .membership(id, person)
        .await
        .ok()
        .flatten()
        .is_some_and(|m| m.roles.contains(&bayanihan_domain::MembershipRole::Admin));
    if was_admin && admins == 0 {
        return members_page(
            &state,
            &v,
            id,
            None,
            Some(v.t("members-error-last-admin")),
            Default::default(),
        )
        .await;
    }
    match state.store.remove_membership(id, person).await {
        Ok(()) => Redirect::to(&format!("/organizations/{id}/members")).into_response(),
        Err(e) => v.failure(e),
    }
}

/// What was typed into the new-cycle form, kept when it is shown again.
#[derive(Default, Clone)]
struct CycleFormValues {
    name: String,
    policy: String,
    opens: String,
    closes: String,
    delivery: String,
    pickup: String,
    producers: Vec<Uuid>,
    groups: Vec<Uuid>,
}

#[derive(Template)]
#[template(path = "new_cycle.html")]
struct NewCyclePage {
    c: Chrome,
    hub: Uuid,
    hub_name: String,
    error: Option<String>,
    policies: Vec<(&'static str, String)>,
    producers: Vec<(Uuid, String, bool)>,
    groups: Vec<(Uuid, String, bool)>,
    kept: CycleFormValues,
}

async fn new_cycle_page(
    state: &AppState,
    v: &Visitor,
    hub: Uuid,
    error: Option<String>,
    kept: CycleFormValues,
) -> Response {
    use bayanihan_domain::ValueChainRole;
    let Some(subject) = v.caller.subject.clone() else {
        return Redirect::to("/signin").into_response();
    };
    if decide(Some(&subject), hub, Action::RunCycles) != Decision::Allowed {
        return v.failure(ApiError::Forbidden(
            "Only the hub's coordinators open its cycles.".into(),
        ));
    }
    let org = match state.store.organization(hub).await {
        Ok(o) => o,
        Err(e) => return v.failure(e),
    };
    // Candidates: the organizations of the hub's country playing the role.
    let filter = bayanihan_store::OrganizationFilter {
        country: Some(org.country),
        ..Default::default()
    };
    let all = state
        .store
        .list_organizations(&filter, 200, 0)
        .await
        .map(|p| p.items)
        .unwrap_or_default();
    let pick = |role: ValueChainRole, chosen: &[Uuid]| -> Vec<(Uuid, String, bool)> {
        all.iter()
            .filter(|o| o.roles.contains(&role))
            .map(|o| (o.id, o.name.clone(), chosen.contains(&o.id)))
            .collect()
    };
    let page = NewCyclePage {
        c: v.chrome(v.t("newcycle-title")),
        hub,
        hub_name: org.name.clone(),
        error: error.clone(),
        policies: bayanihan_domain::trade::allocation::Policy::ALL
            .iter()
            .map(|p| (p.id(), tr(v.lang, &format!("policy-{}", p.id()))))
            .collect(),
        producers: pick(ValueChainRole::Producer, &kept.producers),
        groups: pick(ValueChainRole::ConsumerGroup, &kept.groups),
        kept,
    };
    v.render(
        if error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        &page,
    )
}

#[derive(Deserialize)]
struct NewCycleQuery {
    hub: Option<String>,
}

async fn new_cycle_form(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<NewCycleQuery>,
) -> Response {
    let Some(hub) = q.hub.as_deref().and_then(parse_id) else {
        return v.not_found();
    };
    let now = jiff::Zoned::now();
    let fmt = |z: &jiff::Zoned| z.strftime("%Y-%m-%dT%H:%M").to_string();
    let kept = CycleFormValues {
        policy: "pro_rata".into(),
        opens: fmt(&now),
        closes: now
            .checked_add(jiff::Span::new().days(6))
            .map(|z| fmt(&z))
            .unwrap_or_default(),
        delivery: now
            .checked_add(jiff::Span::new().days(7))
            .map(|z| z.date().to_string())
            .unwrap_or_default(),
        ..Default::default()
    };
    new_cycle_page(&state, &v, hub, None, kept).await
}

async fn new_cycle(State(state): State<AppState>, v: Visitor, body: String) -> Response {
    let mut csrf = String::new();
    let mut hub = None;
    let mut kept = CycleFormValues::default();
    for (k, val) in form_urlencoded::parse(body.as_bytes()) {
        let val = val.into_owned();
        match k.as_ref() {
            "csrf" => csrf = val,
            "hub" => hub = parse_id(&val),
            "name" => kept.name = val,
            "policy" => kept.policy = val,
            "opens" => kept.opens = val,
            "closes" => kept.closes = val,
            "delivery" => kept.delivery = val,
            "pickup" => kept.pickup = val,
            "producer" => kept.producers.extend(parse_id(&val)),
            "group" => kept.groups.extend(parse_id(&val)),
            _ => {}
        }
    }
    let Some(hub) = hub else { return v.not_found() };
    if !v.csrf_ok(&csrf) {
        return new_cycle_page(&state, &v, hub, Some(v.t("error-csrf")), kept).await;
    }
    let org = match state.store.organization(hub).await {
        Ok(o) => o,
        Err(e) => return v.failure(e),
    };
    // datetime-local fields hold the hub's wall-clock time.
    let to_utc = |s: &str| -> Option<String> {
        let dt: jiff::civil::DateTime = s.parse().ok()?;
        let z = dt
            .to_zoned(jiff::tz::TimeZone::get(&org.time_zone).ok()?)
            .ok()?;
        Some(z.timestamp().to_string())
    };
    let input = crate::api::trade::CycleInput {
        hub_id: hub,
        name: kept.name.clone(),
        currency: None,
        policy: kept.policy.clone(),
        opens_at: to_utc(&kept.opens).unwrap_or_else(|| kept.opens.clone()),
        closes_at: to_utc(&kept.closes).unwrap_or_else(|| kept.closes.clone()),
        delivery_date: kept.delivery.clone(),
        payment_terms_days: None,
        pickup_points: if kept.pickup.trim().is_empty() {
            vec![]
        } else {
            vec![crate::api::trade::PickupPointInput {
                name: kept.pickup.clone(),
                organization_id: hub,
                lat: None,
                lon: None,
            }]
        },
        producers: kept.producers.clone(),
        consumer_groups: kept
            .groups
            .iter()
            .map(|g| crate::api::trade::ParticipantInput {
                organization_id: *g,
                tier: 0,
            })
            .collect(),
    };
    let Some(subject) = v.caller.subject.clone() else {
        return Redirect::to("/signin").into_response();
    };
    if decide(Some(&subject), hub, Action::RunCycles) != Decision::Allowed {
        return v.failure(ApiError::Forbidden(
            "Only the hub's coordinators open its cycles.".into(),
        ));
    }
    let draft = match crate::api::trade::parse_cycle(&input, org.currency) {
        Ok(d) => d,
        Err(inv) => {
            let msg = v.explain(&ApiError::Invalid(inv));
            return new_cycle_page(&state, &v, hub, Some(msg), kept).await;
        }
    };
    match state.store.create_cycle(&draft).await {
        Ok(c) => Redirect::to(&format!("/cycles/{}/manage", c.id)).into_response(),
        Err(e @ (StoreError::Conflict(_) | StoreError::Invalid(_))) => {
            let msg = v.explain(&ApiError::from(e));
            new_cycle_page(&state, &v, hub, Some(msg), kept).await
        }
        Err(e) => v.failure(e),
    }
}

#[derive(Template)]
#[template(path = "group_order.html")]
struct GroupOrderPage {
    c: Chrome,
    group_name: String,
    cycle_name: String,
    closed: bool,
    /// (member, product, asked, received, total)
    lines: Vec<(String, String, u64, String, String)>,
    total: String,
}

/// A consumer group's whole order, for its coordinators (and the hub's).
async fn group_order(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, group)): Path<(String, String)>,
) -> Response {
    let (Some(id), Some(group)) = (parse_id(&id), parse_id(&group)) else {
        return v.not_found();
    };
    let Some(subject) = v.caller.subject.clone() else {
        return Redirect::to("/signin").into_response();
    };
    let (cycle, offers, lines, members) = match tokio::try_join!(
        state.store.cycle(id),
        state.store.offers(id),
        state.store.lines(id, Some(group), None),
        state.store.members_of(group)
    ) {
        Ok(x) => x,
        Err(e) => return v.failure(e),
    };
    if decide(Some(&subject), group, Action::ManageGroupOrder) != Decision::Allowed
        && subject.role_in(cycle.hub_id) < Role::Coordinator
    {
        return v.failure(ApiError::Forbidden(
            "Only the group's coordinators see its whole order.".into(),
        ));
    }
    let people: HashMap<Uuid, String> = members
        .into_iter()
        .map(|m| (m.person_id, m.person_name))
        .collect();
    let priced = match bayanihan_store::trade::price_lines(&offers, &lines) {
        Ok(p) => p,
        Err(e) => return v.failure(e),
    };
    let mut total = Money::zero(cycle.currency);
    let mut rows = Vec::new();
    for (l, b) in priced {
        total = total.checked_add(b.total).unwrap_or(total);
        let product = offers
            .iter()
            .find(|o| o.id == l.offer_id)
            .map(|o| format!("{} ({})", o.product.name, o.product.unit))
            .unwrap_or_default();
        let member = l
            .person_id
            .and_then(|p| people.get(&p).cloned())
            .unwrap_or_default();
        rows.push((
            member,
            product,
            l.quantity,
            l.allocated.map(|a| a.to_string()).unwrap_or_default(),
            format_money(v.lang, b.total),
        ));
    }
    let group_name = state
        .store
        .organization(group)
        .await
        .map(|o| o.name)
        .unwrap_or_default();
    let page = GroupOrderPage {
        c: v.chrome(v.t("group-order-title")),
        group_name,
        cycle_name: cycle.name.clone(),
        closed: cycle.is_closed(),
        lines: rows,
        total: format_money(v.lang, total),
    };
    v.render(StatusCode::OK, &page)
}

/// The "not found" page for paths no route serves (in English: no visitor context there).
pub fn not_found() -> impl IntoResponse {
    (StatusCode::NOT_FOUND, axum::response::Html(format!("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{0}</title><link rel=\"stylesheet\" href=\"/static/base.css\"></head><body><main><h1>{0}</h1><p>{1}</p><p><a href=\"/\">Bayanihan</a></p></main></body></html>", tr(Lang::En, "error-not-found"), tr(Lang::En, "error-not-found-text"))))
}
