//! The pages' lists as CSV files: each behind the same permission as its page (the use case
//! decides), named for the list and the day.

use super::*;

pub(super) fn csv_file(name: &str, body: String) -> Response {
    let day = jiff::Zoned::now().date();
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}-{day}.csv\""),
            ),
        ],
        body,
    )
        .into_response()
}

pub(super) async fn directory(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(p): axum::extract::Query<ListParams>,
) -> PageResult {
    let body = bayanihan_app::exports::directory(&state.store, v.caller.subject.as_ref(), &p)
        .await
        .or_page(&v)?;
    Ok(csv_file("directory", body))
}

macro_rules! org_export {
    ($name:ident, $file:literal, |$store:ident, $caller:ident, $id:ident| $call:expr) => {
        pub(super) async fn $name(
            State(state): State<AppState>,
            v: Visitor,
            PathId($id): PathId,
        ) -> PageResult {
            let subject = v.signed_in()?;
            let $store = &state.store;
            let $caller = Some(&subject);
            let body = $call.await.or_page(&v)?;
            Ok(csv_file($file, body))
        }
    };
}

org_export!(members, "members", |s, c, id| {
    bayanihan_app::exports::members(s, c, id)
});
org_export!(obligations, "obligations", |s, c, id| {
    bayanihan_app::exports::obligations(s, c, id)
});
org_export!(payments, "payments", |s, c, id| {
    bayanihan_app::exports::payments(s, c, id)
});
org_export!(ledger, "ledger", |s, c, id| bayanihan_app::exports::ledger(
    s, c, id
));
org_export!(cycle_lines, "lines", |s, c, id| {
    bayanihan_app::exports::cycle_lines(s, c, id)
});
org_export!(cycle_documents, "documents", |s, c, id| {
    bayanihan_app::exports::cycle_documents(s, c, id)
});

pub(super) async fn products(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    let body = bayanihan_app::exports::products(&state.store, id)
        .await
        .or_page(&v)?;
    Ok(csv_file("products", body))
}
