//! An organization's audit log, for its admins: who did what, when, from where.

use super::*;

#[derive(Template)]
#[template(path = "audit.html")]
pub(super) struct AuditPage {
    c: Chrome,
    org: Uuid,
    org_name: String,
    /// (when, who, what, about, details, from)
    rows: Vec<(String, String, String, String, String, String)>,
    /// The cursor of the next, older page: the last entry's time and id.
    older: Option<(i64, Uuid)>,
}

#[derive(Deserialize)]
pub(super) struct AuditQuery {
    before: Option<i64>,
    before_id: Option<Uuid>,
}

const PAGE: i64 = 50;

/// The label of an action code (`membership.added` reads `audit-membership-added`).
fn action_label(lang: Lang, code: &str) -> String {
    if bayanihan_app::audit::ACTIONS.contains(&code) {
        tr(lang, &format!("audit-{}", code.replace('.', "-")))
    } else {
        code.to_string()
    }
}

/// Detail keys the page names in the reader's language (others are shown as they are).
pub const DETAIL_KEYS: [&str; 8] = [
    "fields", "roles", "from", "to", "status", "kind", "rows", "changes",
];

/// The details as `key: value` pairs, keys, roles, statuses and field names in the reader's
/// language; ids are left out (the "About" column names the subject).
fn details(lang: Lang, detail: &serde_json::Value) -> String {
    let Some(map) = detail.as_object() else {
        return String::new();
    };
    map.iter()
        .filter(|(k, v)| !v.is_null() && DETAIL_KEYS.contains(&k.as_str()))
        .map(|(k, v)| {
            let items: Vec<String> = match v {
                serde_json::Value::String(s) => {
                    s.split(',').map(|x| x.trim().to_string()).collect()
                }
                serde_json::Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                    .collect(),
                other => vec![other.to_string()],
            };
            let text = items
                .iter()
                .filter(|x| !x.is_empty())
                .map(|x| match k.as_str() {
                    "roles" | "from" | "to" => tr(lang, &format!("role-{x}")),
                    "status" => tr(lang, &format!("link-status-{x}")),
                    "fields" if FIELD_LABELS.contains(&x.as_str()) => {
                        tr(lang, &format!("field-{x}"))
                    }
                    _ => x.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!("{}: {text}", tr(lang, &format!("audit-detail-{k}")))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub(super) async fn audit(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    axum::extract::Query(q): axum::extract::Query<AuditQuery>,
) -> PageResult {
    let subject = v.signed_in()?;
    let log = bayanihan_app::audit::log(
        &state.store,
        Some(&subject),
        org,
        q.before.map(|b| (b, q.before_id)),
        PAGE,
    )
    .await
    .or_page(&v)?;
    let o = bayanihan_app::organizations::organization(&state.store, org)
        .await
        .or_page(&v)?;
    let older = (log.len() as i64 == PAGE)
        .then(|| log.last().map(|r| (r.at, r.id)))
        .flatten();
    let rows = log
        .iter()
        .map(|r| {
            let when = jiff::Timestamp::from_microsecond(r.at)
                .map(|t| format_time(v.lang, t, &o.time_zone))
                .unwrap_or_default();
            let who = r
                .actor_name
                .clone()
                .unwrap_or_else(|| v.t("audit-command-line"));
            (
                when,
                who,
                action_label(v.lang, &r.action),
                r.subject_name.clone().unwrap_or_default(),
                details(v.lang, &r.detail),
                r.client.clone().unwrap_or_default(),
            )
        })
        .collect();
    let page = AuditPage {
        c: v.chrome(v.t("audit-title")),
        org,
        org_name: o.name,
        rows,
        older,
    };
    Ok(v.render(StatusCode::OK, &page))
}
