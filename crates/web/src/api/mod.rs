//! The `/api/v1` JSON API. Each handler carries its `#[utoipa::path]`, and routes are
//! registered only through [`utoipa_axum::routes!`], so the OpenAPI document lists every route.

pub mod account;
pub mod books;
pub mod catalogue;
pub mod clearing;
pub mod governance;
pub mod integrity;
pub mod investments;
pub mod organizations;
mod people;
pub mod publishing;
pub mod reports;
pub mod seasons;
pub mod trade;
mod vocabularies;

use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Bayanihan API",
        description = "The API of a social and solidarity economy network: organizations, networks, \
                       people and memberships. Errors are RFC 9457 problem+json documents. \
                       Authenticate with `Authorization: Bearer <API token>` (see `bayanihan token create`) \
                       or with the session cookie from `POST /api/v1/auth/login` plus the \
                       `X-CSRF-Token` header on state-changing requests."
    ),
    modifiers(&Security),
    components(schemas(crate::error::Problem, crate::error::ProblemField)),
    tags(
        (name = "account", description = "Signing in and out, API tokens"),
        (name = "organizations", description = "The directory, networks, memberships"),
        (name = "people", description = "People and their opt-in demographics"),
        (name = "vocabularies", description = "Controlled vocabularies (concept ids and labels)"),
        (name = "trade", description = "Products, order cycles, offers, orders, invoices, obligations, payments"),
        (name = "clearing", description = "Clearing rounds: multilateral set-off of obligations"),
        (name = "impact", description = "Triple-bottom-line reports (JSON and CSV)"),
        (name = "integrity", description = "Ledger checkpoints, the audit log, people's own data and its erasure"),
        (name = "dfc", description = "Data Food Consortium catalogs and sale sessions (JSON-LD, context 1.16.0)"),
        (name = "publishing", description = "Publishing an organization: the public map, Murmurations profiles and the private index, ESSGlobal JSON-LD"),
        (name = "seasons", description = "Seasons, contribution rounds, solidarity pre-financing, member wallets"),
        (name = "books", description = "Self-help groups' books: meetings, savings, loans to members and from lenders, portfolio quality"),
        (name = "investment", description = "Community investment: offers, commitments in the investor's currency at a recorded rate, receipts, repayments, positions"),
        (name = "governance", description = "Decision bodies, decisions, ballots, proxies: self-governance whose passed decisions carry themselves out"),
        (name = "operations", description = "Health and the API document")
    )
)]
struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

/// Every API route, under `/api/v1`.
pub fn router() -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .routes(routes!(account::login))
        .routes(routes!(account::logout))
        .routes(routes!(account::me))
        .routes(routes!(account::list_tokens, account::create_token))
        .routes(routes!(account::revoke_token))
        .routes(routes!(organizations::list, organizations::create))
        .routes(routes!(organizations::get_one, organizations::update))
        .routes(routes!(
            organizations::list_members,
            organizations::add_member
        ))
        .routes(routes!(
            organizations::update_member,
            organizations::remove_member
        ))
        .routes(routes!(
            organizations::list_networks,
            organizations::apply_to_network
        ))
        .routes(routes!(organizations::add_network_member))
        .routes(routes!(organizations::update_network_member))
        .routes(routes!(people::get_one))
        .routes(routes!(
            people::set_demographics,
            people::clear_demographics
        ))
        .routes(routes!(trade::list_products, trade::create_product))
        .routes(routes!(catalogue::get_product, catalogue::update_product))
        .routes(routes!(
            catalogue::put_photo,
            catalogue::get_photo,
            catalogue::delete_photo
        ))
        .routes(routes!(trade::list_cycles, trade::create_cycle))
        .routes(routes!(trade::get_cycle, trade::update_cycle))
        .routes(routes!(trade::clone_cycle))
        .routes(routes!(trade::close_cycle))
        .routes(routes!(trade::list_offers, trade::create_offer))
        .routes(routes!(trade::withdraw_offer, trade::update_offer))
        .routes(routes!(trade::list_lines, trade::place_line))
        .routes(routes!(trade::change_line, trade::cancel_line))
        .routes(routes!(trade::list_documents))
        .routes(routes!(trade::invoice))
        .routes(routes!(trade::statement))
        .routes(routes!(trade::packing))
        .routes(routes!(trade::supplier_totals))
        .routes(routes!(trade::list_obligations))
        .routes(routes!(trade::balances))
        .routes(routes!(trade::record_payment, trade::payments))
        .routes(routes!(trade::reverse_payment))
        .routes(routes!(trade::network_obligations_csv))
        .routes(routes!(reports::tbl))
        .routes(routes!(reports::add_reference_price))
        .routes(routes!(reports::declare_jobs))
        .routes(routes!(reports::packaging_return))
        .routes(routes!(seasons::create))
        .routes(routes!(seasons::get_one))
        .routes(routes!(seasons::of_organization))
        .routes(routes!(seasons::mine))
        .routes(routes!(seasons::sign_up))
        .routes(routes!(seasons::pledge))
        .routes(routes!(seasons::absence))
        .routes(routes!(seasons::cancel))
        .routes(routes!(seasons::advance))
        .routes(routes!(seasons::make_delivery))
        .routes(routes!(seasons::harvest))
        .routes(routes!(seasons::settle))
        .routes(routes!(seasons::statement))
        .routes(routes!(seasons::wallets, seasons::record_movement))
        .routes(routes!(seasons::wallet))
        .routes(routes!(seasons::credit_limit))
        .routes(routes!(books::set_rules))
        .routes(routes!(books::get_book))
        .routes(routes!(books::record_meeting))
        .routes(routes!(books::get_meeting))
        .routes(routes!(books::member_loans))
        .routes(routes!(books::record_grant))
        .routes(routes!(books::reschedule))
        .routes(routes!(books::write_off))
        .routes(routes!(books::linkage))
        .routes(routes!(books::linkage_csv))
        .routes(routes!(books::share_linkage))
        .routes(routes!(books::federation_portfolio))
        .routes(routes!(books::record_borrowing))
        .routes(routes!(books::group_borrowings))
        .routes(routes!(books::get_borrowing))
        .routes(routes!(books::repay_borrowing))
        .routes(routes!(books::lending))
        .routes(routes!(investments::open_offer))
        .routes(routes!(investments::offers))
        .routes(routes!(investments::offer))
        .routes(routes!(investments::close_offer))
        .routes(routes!(investments::commit))
        .routes(routes!(investments::commitment))
        .routes(routes!(investments::receive))
        .routes(routes!(investments::repay))
        .routes(routes!(investments::mine))
        .routes(routes!(governance::create_body, governance::bodies))
        .routes(routes!(governance::body))
        .routes(routes!(governance::set_stakeholder))
        .routes(routes!(governance::open))
        .routes(routes!(governance::log))
        .routes(routes!(governance::get_one))
        .routes(routes!(governance::ballots, governance::cast))
        .routes(routes!(governance::give_proxy))
        .routes(routes!(governance::mine))
        .routes(routes!(clearing::propose, clearing::list))
        .routes(routes!(clearing::get_one))
        .routes(routes!(clearing::apply))
        .routes(routes!(clearing::discard))
        .routes(routes!(integrity::checkpoint))
        .routes(routes!(integrity::audit))
        .routes(routes!(integrity::my_data))
        .routes(routes!(integrity::erase))
        .routes(routes!(
            publishing::get_publication,
            publishing::publish,
            publishing::unpublish
        ))
        .routes(routes!(
            publishing::approve_listing,
            publishing::withdraw_listing
        ))
        .routes(routes!(publishing::map))
        .routes(routes!(publishing::murmurations_profile))
        .routes(routes!(publishing::murmurations_search))
        .routes(routes!(publishing::essglobal_one))
        .routes(routes!(publishing::essglobal_all))
        .routes(routes!(publishing::dfc_enterprise))
        .routes(routes!(publishing::dfc_sale_session))
        .routes(routes!(publishing::dfc_import))
        .routes(routes!(vocabularies::list))
        .routes(routes!(openapi_json));
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(crate::healthz))
        .nest("/api/v1", v1)
}

/// Completes every operation's list of answers with the problems the shared machinery can give
/// it, so that the document names every status a client can meet — derived from what the
/// operation takes, not written by hand 55 times:
///
/// - a body or query parameters: 400 (unreadable), 422 (a field refused); a body: 413;
/// - credentials required: 401 and 403; an id in the path: 404; a write: 409;
/// - every operation: 500 (a fault, reported with the request id) and 503 (database away).
pub fn complete_responses(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    let problem = |description: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                )
                .build(),
        )
    };
    for (path, item) in doc.paths.paths.iter_mut() {
        for (write, op) in [
            (false, &mut item.get),
            (true, &mut item.post),
            (true, &mut item.put),
            (true, &mut item.patch),
            (true, &mut item.delete),
        ] {
            let Some(op) = op.as_mut() else { continue };
            let body = op.request_body.is_some();
            let query = op
                .parameters
                .iter()
                .flatten()
                .any(|p| p.parameter_in == ParameterIn::Query);
            let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
            let wanted: [(bool, &str, &str); 9] = [
                (body || query, "400", "The request could not be read: malformed JSON (the field where it broke is named), or not sent as JSON"),
                (secured, "401", "Sign-in needed: no valid session or API token"),
                (secured, "403", "Signed in, but your role does not allow this (or the CSRF token is missing)"),
                (path.contains('{'), "404", "Nothing has this id (or the id is not a valid id)"),
                (write, "409", "This clashes with what is recorded (e.g. a closed cycle, a duplicate)"),
                (body, "413", "The request body is too large"),
                (body || query, "422", "A field was refused: every refused field is named with the reason"),
                (true, "500", "A fault on the server, reported with the request id; nothing was half-written"),
                (true, "503", "The database cannot be reached right now"),
            ];
            let extra = OTHER_ANSWERS
                .iter()
                .filter(|(m, p, ..)| (*m == "get") != write && path.ends_with(p))
                .map(|(_, _, status, description)| (true, *status, *description));
            for (applies, status, description) in wanted.into_iter().chain(extra) {
                if applies && !op.responses.responses.contains_key(status) {
                    op.responses
                        .responses
                        .insert(status.to_string(), problem(description));
                }
            }
        }
    }
}

/// Problem answers that the rules of [`complete_responses`] do not infer from an operation's
/// shape: (`get` or any other method, path, status, description). Declared here once.
const OTHER_ANSWERS: [(&str, &str, &str, &str); 6] = [
    (
        "post",
        "/seasons",
        "404",
        "No organization has the hub's id",
    ),
    (
        "post",
        "/auth/login",
        "401",
        "The e-mail address or the password is not right",
    ),
    (
        "post",
        "/auth/login",
        "429",
        "Too many failed sign-ins: wait the seconds Retry-After says",
    ),
    (
        "get",
        "/cycles/{id}/statements/{org_id}",
        "409",
        "The cycle is not closed yet: documents are made when it closes",
    ),
    (
        "get",
        "/cycles/{id}/invoices/{group_id}",
        "409",
        "The cycle is not closed yet: documents are made when it closes",
    ),
    (
        "get",
        "/reports/tbl",
        "404",
        "The scope names no organization, network or cycle",
    ),
];

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/json")))]
async fn openapi_json() -> axum::response::Response {
    use axum::response::IntoResponse;
    // Built once: the document is a pure function of the code.
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let doc = DOC.get_or_init(|| serde_json::to_string(&crate::openapi()).unwrap_or_default());
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        doc.clone(),
    )
        .into_response()
}
pub use account::{issue_token, CreatedToken};
