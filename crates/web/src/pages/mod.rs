//! Server-rendered pages over the same rules and permissions as the API: light (no script,
//! one small stylesheet), usable at 360 px, in six languages.
//!
//! Every state-changing form carries a CSRF token in a hidden field: the session's token when
//! signed in, otherwise a random token also set in a SameSite=Strict cookie (double submit), so
//! a forged cross-site form cannot sign anyone in, out, or order on their behalf.

// A handler's `Err` is the page to answer instead (a sign-in redirect, a refusal): built once per
// refused request and sent at once, so its size costs nothing worth boxing.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Form, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use bayanihan_domain::access::{decide, Action, Decision, Role};
use bayanihan_domain::{Money, OrgKind};
use fluent_bundle::FluentValue;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::{self, identify, secure_cookies, session_cookie, Caller, Via};
use crate::error::ApiError;
use crate::extract::PathId;
use crate::i18n::{format_money, format_time, tr, tr_args, Lang};
use crate::{AppState, DemoLogin};
use bayanihan_app::organizations::{parse_filter, ListParams};

mod access;
mod account;
mod audit;
mod books;
mod borrowings;
mod catalogue;
pub mod charts;
mod clearing;
mod cycles;
mod directory;
mod directory_import;
mod export;
mod governance;
mod impact;
mod import;
mod investments;
mod map;
mod money;
mod offers;
mod publishing;
pub mod reports;
mod seasons;
mod shop;

const CSRF_COOKIE: &str = "bayanihan_csrf";

/// Form fields with a translated label (`field-<name>`), for errors in the reader's language.
pub use audit::DETAIL_KEYS as AUDIT_DETAIL_KEYS;

pub const FIELD_LABELS: [&str; 36] = [
    "payment_instructions",
    "producer_price",
    "fees",
    "distance_km",
    "product_id",
    "description",
    "category",
    "unit",
    "unit_mass_kg",
    "packaging",
    "qualifiers",
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
    "title",
    "body_id",
    "kind",
    "options",
    "threshold",
    "quorum_percent",
    "chambers",
    "electorate",
    "choice",
    "ranking",
    "voter_id",
    "holder_id",
    "action",
];

/// `target` when it is a path on this site, safe to redirect to; `None` otherwise. Browsers
/// read `//host` and `/\host` (and the same with tabs or newlines inside) as another site,
/// so a target must start with one `/` followed by neither `/` nor `\`, and hold no
/// backslash, control character or space at all.
pub fn same_site_path(target: &str) -> Option<&str> {
    let rest = target.strip_prefix('/')?;
    if rest.starts_with(['/', '\\'])
        || target
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
    {
        return None;
    }
    Some(target)
}

/// A page shown again with its error, answered with `status` (a refused form token or role
/// is a 403, whatever page explains it).
fn with_status(mut res: Response, status: StatusCode) -> Response {
    *res.status_mut() = status;
    res
}

/// The buttons of a network link (`link-<action>` messages).
pub const LINK_ACTIONS: [&str; 5] = ["accept", "decline", "reactivate", "suspend", "end"];

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

    /// A fresh one-time token for a form (`once`): a resend of the form with it (a double
    /// tap, a retry over a slow link) gets the first answer back instead of acting twice
    /// (see `crate::idempotency::pages`).
    pub fn once(&self) -> String {
        auth::new_secret()
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
    /// A GET (or HEAD): a page to read, which sign-in may come back to.
    get: bool,
    secure: bool,
    /// This site's address as people reach it (for links to share).
    pub origin: String,
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
        let mut lang = reader_language(parts);
        let mut name = None;
        if let Some(s) = &caller.subject {
            if let Ok(p) = bayanihan_app::account::profile(&state.store, s.person_id).await {
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
            get: parts.method == axum::http::Method::GET
                || parts.method == axum::http::Method::HEAD,
            secure: secure_cookies(state, &parts.headers),
            origin: access::origin_of(
                &state.config,
                &parts.headers,
                secure_cookies(state, &parts.headers),
            ),
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

    /// To the sign-in page, coming back here afterwards when this was a page to read.
    fn to_signin(&self) -> Response {
        if !self.get {
            return Redirect::to("/signin").into_response();
        }
        let next: String = form_urlencoded::byte_serialize(self.path.as_bytes()).collect();
        Redirect::to(&format!("/signin?next={next}")).into_response()
    }

    /// Whether a submitted form token is this visitor's.
    fn csrf_ok(&self, sent: &str) -> bool {
        !self.new_csrf && auth::digest(sent) == auth::digest(&self.csrf)
    }

    /// The checks a form post starts with: a signed-in visitor and the visitor's own form token. `Err` is the page to answer instead.
    fn posted(&self, csrf: &str) -> Result<bayanihan_domain::access::Subject, Response> {
        let Some(subject) = self.caller.subject.clone() else {
            return Err(self.to_signin());
        };
        if !self.csrf_ok(csrf) {
            return Err(self.message(
                StatusCode::FORBIDDEN,
                self.t("error-forbidden"),
                self.t("error-csrf"),
            ));
        }
        Ok(subject)
    }

    /// The signed-in person, or the way to the sign-in page.
    fn signed_in(&self) -> Result<bayanihan_domain::access::Subject, Response> {
        self.caller.subject.clone().ok_or_else(|| self.to_signin())
    }

    /// Renders a form's page: `failed` when it shows an error, 200 otherwise.
    fn render_form(&self, error: bool, failed: StatusCode, tpl: &impl Template) -> Response {
        self.render(if error { failed } else { StatusCode::OK }, tpl)
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
            ApiError::Conflict(c) => conflict_text(self.lang, c),
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
            ApiError::Conflict(ref c) => self.message(
                e.status(),
                self.t("error-conflict"),
                conflict_text(self.lang, c),
            ),
            // The use case's own words are English; the page says what a refusal means in the
            // reader's language (the heading says it was refused).
            ApiError::Forbidden(_) => self.message(
                e.status(),
                self.t("error-forbidden"),
                self.t("error-forbidden-text"),
            ),
            other => self.message(other.status(), self.explain(&other), other.problem().detail),
        }
    }
}

/// Why an order line got what it got, in the reader's language (`reason-<basis>`).
pub(crate) fn reason_text(lang: Lang, r: &bayanihan_domain::trade::allocation::Reason) -> String {
    use bayanihan_domain::trade::allocation::Reason as R;
    let n = |k: &'static str, v: u64| (k, FluentValue::from(v as f64));
    let (text, bonus) = match *r {
        R::Full => (tr(lang, "reason-full"), 0),
        R::FirstCome { remaining: 0 } => (tr(lang, "reason-first-come-none"), 0),
        R::FirstCome { remaining } => (
            tr_args(lang, "reason-first-come", &[n("remaining", remaining)]),
            0,
        ),
        R::ProRata {
            supply,
            demand,
            bonus,
        } => (
            tr_args(
                lang,
                "reason-pro-rata",
                &[n("supply", supply), n("demand", demand)],
            ),
            bonus,
        ),
        R::EqualShare { level, bonus } => (
            tr_args(lang, "reason-equal-share", &[n("level", level)]),
            bonus,
        ),
        R::TierExhausted { tier } => (
            tr_args(lang, "reason-tier-exhausted", &[n("tier", u64::from(tier))]),
            0,
        ),
        // Written by an earlier version, in its words.
        R::Recorded { ref text } => (text.clone(), 0),
    };
    if bonus > 0 {
        format!("{text} {}", tr(lang, "reason-bonus"))
    } else {
        text
    }
}

/// A clash with what is recorded, in the reader's language (`conflict-<kind>`), with its
/// figures in the reader's formats. The few technical reasons (an amount out of range) keep
/// the rule's own words after the translated headline.
pub(crate) fn conflict_text(lang: Lang, c: &bayanihan_domain::Conflict) -> String {
    use bayanihan_domain::Conflict as C;
    let args: Vec<(&str, FluentValue)> = match c {
        C::StockLeft { left, asked } => vec![
            ("left", FluentValue::from(*left as f64)),
            ("asked", FluentValue::from(*asked as f64)),
        ],
        C::BelowOrdered { ordered } => vec![("ordered", FluentValue::from(*ordered as f64))],
        C::MoreThanOwed { owed } => vec![("owed", FluentValue::from(format_money(lang, *owed)))],
        C::TargetReached { left } => {
            vec![("left", FluentValue::from(format_money(lang, *left)))]
        }
        C::EmailTaken { email } => vec![("email", FluentValue::from(email.clone()))],
        C::RoundDecided { status, .. } => vec![(
            "status",
            FluentValue::from(tr(lang, &format!("round-{status}"))),
        )],
        C::CannotClose(e) => vec![("reason", FluentValue::from(e.to_string()))],
        C::Ledger(e) => vec![("reason", FluentValue::from(e.to_string()))],
        C::NotClearable { reason } => vec![("reason", FluentValue::from(reason.clone()))],
        _ => Vec::new(),
    };
    tr_args(lang, &format!("conflict-{}", c.id()), &args)
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    c: Chrome,
    heading: String,
    text: String,
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(account::landing))
        .route("/signin", get(account::signin_form).post(account::signin))
        .route("/signout", post(account::signout))
        .route("/lang", post(account::set_language))
        .route("/home", get(account::home))
        .route("/organizations", get(directory::directory))
        .route("/organizations.csv", get(export::directory))
        .route("/organizations/{id}/members.csv", get(export::members))
        .route("/organizations/{id}/products.csv", get(export::products))
        .route(
            "/organizations/{id}/obligations.csv",
            get(export::obligations),
        )
        .route("/organizations/{id}/payments.csv", get(export::payments))
        .route("/organizations/{id}/ledger.csv", get(export::ledger))
        .route("/cycles/{id}/lines.csv", get(export::cycle_lines))
        .route("/cycles/{id}/documents.csv", get(export::cycle_documents))
        .route(
            "/organizations/{id}/directory-import",
            get(directory_import::form).post(directory_import::submit),
        )
        .route("/imports/{id}", get(directory_import::job))
        .route("/imports/{id}/apply", post(directory_import::apply))
        .route("/map", get(map::map_page))
        .route("/map/territories", get(map::territories))
        .route(
            "/organizations/{id}/publish",
            get(publishing::page).post(publishing::publish),
        )
        .route("/organizations/{id}/unpublish", post(publishing::unpublish))
        .route("/organizations/{id}/listing", post(publishing::listing))
        .route("/organizations/{id}", get(directory::organization))
        .route("/organizations/{id}/links", post(directory::change_link))
        .route("/cycles/{id}", get(shop::shop))
        .route("/cycles/{id}/order", post(shop::order))
        .route("/cycles/{id}/my-order", get(shop::my_order))
        .route("/my-orders", get(shop::my_orders))
        .route("/lines/{id}/cancel", post(shop::cancel_line))
        .route("/lines/{id}/quantity", post(shop::change_quantity))
        .route("/cycles/{id}/manage", get(cycles::manage))
        .route(
            "/cycles/{id}/close",
            get(cycles::close_confirm).post(cycles::close_cycle),
        )
        .route("/cycles/{id}/clone", post(cycles::clone_cycle))
        .route("/cycles/{id}/offers", post(offers::add_offer))
        .route("/cycles/{id}/edit", post(offers::edit_cycle))
        .route("/offers/{id}", get(offers::offer).post(offers::save_offer))
        .route("/offers/{id}/withdraw", post(offers::withdraw))
        .route("/cycles/{id}/packing", get(cycles::packing))
        .route("/cycles/{id}/invoices/{group}", get(cycles::invoice))
        .route("/cycles/{id}/statements/{org}", get(cycles::statement))
        .route("/organizations/{id}/money", get(money::money))
        .route("/obligations/{id}/pay", post(money::pay))
        .route("/payments/{id}/reverse", post(money::reverse))
        .route(
            "/organizations/{id}/payment-instructions",
            post(money::instructions),
        )
        .route("/organizations/{id}/members", get(directory::members))
        .route("/organizations/{id}/audit", get(audit::audit))
        .route(
            "/organizations/{id}/members/{person}/erase",
            post(directory::erase_member),
        )
        .route(
            "/organizations/{id}/members/add",
            post(directory::add_member),
        )
        .route(
            "/organizations/{id}/members/{person}/remove",
            post(directory::remove_member),
        )
        .route(
            "/organizations/{id}/members/{person}/access",
            post(access::member_access),
        )
        .route(
            "/organizations/{id}/import",
            get(import::form).post(import::submit),
        )
        .route("/join", get(access::join_by_code))
        .route("/join/{code}", get(access::join).post(access::join_submit))
        .route("/forgot", get(access::forgot_form).post(access::forgot))
        .route(
            "/cycles/new",
            get(cycles::new_cycle_form).post(cycles::new_cycle),
        )
        .route("/cycles/{id}/groups/{group}", get(shop::group_order))
        .route("/reports/tbl", get(reports::tbl))
        .route("/cycles/{id}/returns", post(cycles::packaging_return))
        .route("/organizations/{id}/impact", get(impact::impact))
        .route("/organizations/{id}/jobs", post(impact::jobs))
        .route(
            "/organizations/{id}/reference-prices",
            post(impact::reference_price),
        )
        .route(
            "/networks/{id}/clearing",
            get(clearing::network).post(clearing::propose),
        )
        .route("/clearing-rounds/{id}", get(clearing::round))
        .route("/clearing-rounds/{id}/apply", post(clearing::apply))
        .route("/clearing-rounds/{id}/discard", post(clearing::discard))
        .route(
            "/organizations/{id}/products",
            get(catalogue::catalogue).post(catalogue::add_product),
        )
        .route(
            "/products/{id}",
            get(catalogue::product).post(catalogue::save_product),
        )
        .route(
            "/products/{id}/photo",
            get(catalogue::photo).post(catalogue::upload_photo),
        )
        .route("/products/{id}/photo/remove", post(catalogue::remove_photo))
        .route(
            "/seasons/new",
            get(seasons::new_season_form).post(seasons::new_season),
        )
        .route("/seasons/{id}", get(seasons::season))
        .route("/seasons/{id}/shares", post(seasons::sign_up))
        .route("/shares/{id}/pledge", post(seasons::pledge))
        .route("/shares/{id}/absence", post(seasons::absence))
        .route("/shares/{id}/cancel", post(seasons::cancel))
        .route("/seasons/{id}/advances", post(seasons::advance))
        .route("/seasons/{id}/deliveries", post(seasons::make_delivery))
        .route("/seasons/{id}/harvest", post(seasons::harvest))
        .route("/seasons/{id}/settle", post(seasons::settle))
        .route("/seasons/{id}/statement", get(seasons::statement))
        .route("/seasons/{id}/statement.csv", get(seasons::statement_csv))
        .route("/organizations/{id}/seasons", get(seasons::of_organization))
        .route("/organizations/{id}/decisions", get(governance::decisions))
        .route(
            "/organizations/{id}/decisions.csv",
            get(governance::log_csv),
        )
        .route(
            "/organizations/{id}/decisions/new",
            get(governance::new_decision_form).post(governance::new_decision),
        )
        .route("/organizations/{id}/bodies", post(governance::new_body))
        .route(
            "/networks/{id}/members/{member}/stakeholder",
            post(governance::set_stake),
        )
        .route("/decisions/{id}", get(governance::decision))
        .route("/decisions/{id}/vote", post(governance::vote))
        .route("/decisions/{id}/proxy", post(governance::proxy))
        .route(
            "/organizations/{id}/wallets",
            get(seasons::wallets).post(seasons::record_movement),
        )
        .route(
            "/organizations/{id}/wallet-credit-limit",
            post(seasons::credit_limit),
        )
        .route("/organizations/{id}/wallets/{person}", get(seasons::wallet))
        .route("/organizations/{id}/my-wallet", get(seasons::my_wallet))
        .route("/organizations/{id}/book", get(books::book))
        .route("/organizations/{id}/book/rules", post(books::set_rules))
        .route(
            "/organizations/{id}/book/meeting",
            get(books::meeting_form).post(books::record_meeting),
        )
        .route("/book-meetings/{id}", get(books::meeting))
        .route(
            "/organizations/{id}/book/loans/{loan_id}/reschedule",
            get(books::reschedule_form).post(books::reschedule),
        )
        .route(
            "/organizations/{id}/book/borrowing",
            get(borrowings::new_form).post(borrowings::record),
        )
        .route("/book-borrowings/{id}", get(borrowings::page))
        .route("/book-borrowings/{id}/repayments", post(borrowings::repay))
        .route("/organizations/{id}/lending", get(borrowings::lending))
        .route(
            "/organizations/{id}/investment",
            get(investments::offers).post(investments::open_offer),
        )
        .route("/investment-offers/{id}", get(investments::offer))
        .route("/investment-offers/{id}/commit", post(investments::commit))
        .route(
            "/investment-offers/{id}/close",
            post(investments::close_offer),
        )
        .route("/investment-commitments/{id}", get(investments::commitment))
        .route(
            "/investment-commitments/{id}/receipt",
            post(investments::receive),
        )
        .route(
            "/investment-commitments/{id}/repayments",
            post(investments::repay),
        )
        .route("/me/investments", get(investments::mine))
        .route("/organizations/{id}/linkage", get(books::linkage))
        .route(
            "/networks/{id}/book-portfolio",
            get(books::federation_portfolio),
        )
        .route("/organizations/{id}/linkage.csv", get(books::linkage_csv))
        .route(
            "/organizations/{id}/linkage/shares",
            post(books::share_linkage),
        )
        .route("/static/base.css", get(css))
}

const STYLE: &str = include_str!("../../static/base.css");

async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        STYLE,
    )
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// A form whose action cannot be undone: its token and the ticked "yes" beside its button.
#[derive(Deserialize)]
struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    confirm: Option<String>,
}

impl Visitor {
    /// The page asking to tick the confirmation, when a form of an action that cannot be undone
    /// came without it (the box is `required`, so only an old or hand-made form does).
    fn unconfirmed(&self, confirm: &Option<String>) -> Result<(), Response> {
        if confirm.is_some() {
            return Ok(());
        }
        Err(self.message(
            StatusCode::UNPROCESSABLE_ENTITY,
            self.t("confirm-needed"),
            self.t("confirm-needed-text"),
        ))
    }
}

/// A refused form's error in the reader's words: the fields named in the reader's language,
/// then the rule's own reason, which says what to change (a full pickup point, a closed
/// round, a block where it does not count). `None` for a failure that is no form's fault.
fn form_error(v: &Visitor, e: &ApiError) -> Option<String> {
    match e {
        ApiError::Invalid(i) => Some(format!(
            "{} ({})",
            v.explain(e),
            i.errors
                .iter()
                .map(|f| f.reason.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        )),
        ApiError::Conflict(_) => Some(v.explain(e)),
        _ => None,
    }
}

/// A form's page again: `page(notice, error)` with `done` on success, with the error on bad
/// input; the failure page otherwise.
async fn after_form<T, P, F>(
    v: &Visitor,
    r: Result<T, bayanihan_app::AppError>,
    done: String,
    page: P,
) -> PageResult
where
    P: FnOnce(Option<String>, Option<String>) -> F,
    F: std::future::Future<Output = PageResult>,
{
    match r.map_err(ApiError::from) {
        Ok(_) => page(Some(done), None).await,
        Err(e) => match form_error(v, &e) {
            Some(msg) => page(None, Some(msg)).await,
            None => Err(v.failure(e)),
        },
    }
}

/// A `datetime-local` field's value — the hub's wall-clock time — as an RFC 3339 instant; the
/// text as typed when it is not one, for the parser to refuse naming its field.
fn wall_clock_to_utc(value: &str, time_zone: &str) -> String {
    value
        .parse::<jiff::civil::DateTime>()
        .ok()
        .and_then(|dt| dt.to_zoned(jiff::tz::TimeZone::get(time_zone).ok()?).ok())
        .map_or_else(|| value.to_string(), |z| z.timestamp().to_string())
}

fn kind_label(lang: Lang, k: OrgKind) -> String {
    tr(lang, &format!("kind-{}", k.id()))
}

async fn names_of(state: &AppState, ids: Vec<Uuid>) -> HashMap<Uuid, String> {
    // Names are decoration: a failure leaves them blank rather than failing the page.
    bayanihan_app::organizations::names(&state.store, &ids)
        .await
        .unwrap_or_default()
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
    /// The page's query, for its CSV link (`…&format=csv`).
    csv_query: String,
}

/// The fields of a multipart form by name (the last of a name wins), or the page that says
/// why it cannot be read.
async fn multipart_fields(
    v: &Visitor,
    mut form: axum::extract::Multipart,
) -> Result<HashMap<String, Vec<u8>>, Response> {
    let mut out = HashMap::new();
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| v.failure(ApiError::from(e)))?;
                out.insert(name, bytes.to_vec());
            }
            Ok(None) => return Ok(out),
            Err(e) => return Err(v.failure(ApiError::from(e))),
        }
    }
}

/// What a page handler answers: the page, or (`Err`) the page that says why not — a sign-in
/// redirect, a refusal, a not-found page — so that `?` carries it out of the handler.
pub(crate) type PageResult = Result<Response, Response>;

/// Turns a use case's error into the page that explains it, for `?` in page handlers.
trait OrPage<T> {
    fn or_page(self, v: &Visitor) -> Result<T, Response>;
}

impl<T, E: Into<ApiError>> OrPage<T> for Result<T, E> {
    fn or_page(self, v: &Visitor) -> Result<T, Response> {
        self.map_err(|e| v.failure(e))
    }
}

/// The reader's language from the language cookie, else the browser's Accept-Language (a
/// signed-in person's own choice overrides both, in [`Visitor`]).
pub(crate) fn reader_language(parts: &Parts) -> Lang {
    auth::cookie(parts, LANG_COOKIE)
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(|| {
            let accept = parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            Lang::negotiate(accept)
        })
}

/// The "not found" page, without a visitor's context (for paths no route serves, and ids that
/// cannot be ids).
pub fn not_found_in(lang: Lang) -> Response {
    message_in(
        lang,
        StatusCode::NOT_FOUND,
        "error-not-found",
        "error-not-found-text",
    )
}

/// A bare page saying message `text` under heading `heading`, in `lang`, for answers made
/// before a handler (and its visitor) exist.
pub fn message_in(lang: Lang, status: StatusCode, heading: &str, text: &str) -> Response {
    (status, axum::response::Html(format!("<!doctype html><html lang=\"{2}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{0}</title><link rel=\"stylesheet\" href=\"/static/base.css\"></head><body><main><h1>{0}</h1><p>{1}</p><p><a href=\"/\">Bayanihan</a></p></main></body></html>", tr(lang, heading), tr(lang, text), lang.code()))).into_response()
}

#[cfg(test)]
mod tests {
    use super::same_site_path;

    #[test]
    fn redirects_stay_on_this_site() {
        for ok in ["/", "/home", "/cycles/1?x=1#a", "/organizations/abc/money"] {
            assert_eq!(same_site_path(ok), Some(ok));
        }
        for bad in [
            "",
            "home",
            "//evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "https://evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ok\\..\\x",
            "/a b",
            "\\\\evil.example",
        ] {
            assert_eq!(same_site_path(bad), None, "{bad:?}");
        }
    }
}
