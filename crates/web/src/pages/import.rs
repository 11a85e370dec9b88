//! "Bring the spreadsheet": a CSV of members or products, checked first (every problem by row
//! and column, or what applying would do), then applied all at once after a ticked "yes".

use axum::extract::Multipart;
use bayanihan_app::import::{ImportKind, ImportReport};

use super::*;

#[derive(Template)]
#[template(path = "import.html")]
pub(super) struct ImportPage {
    c: Chrome,
    org: Uuid,
    org_name: String,
    kind: &'static str,
    notice: Option<String>,
    /// (row, column, problem)
    problems: Vec<(usize, String, String)>,
    summary: String,
    /// (row, what applying does)
    actions: Vec<(usize, String)>,
    can_apply: bool,
    /// The file's text, carried to the apply form.
    text: String,
}

async fn page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    kind: ImportKind,
    report: Option<&ImportReport>,
    text: String,
    read_as: Option<String>,
) -> PageResult {
    v.signed_in()?;
    let o = bayanihan_app::organizations::organization(&state.store, org)
        .await
        .or_page(v)?;
    let n = |x: usize| FluentValue::from(x as f64);
    let (problems, actions, summary, can_apply, notice) = match report {
        None => (Vec::new(), Vec::new(), String::new(), false, None),
        Some(r) => {
            let count = |a: bayanihan_store::import::RowAction| {
                r.actions.iter().filter(|(_, x)| *x == a).count()
            };
            use bayanihan_store::import::RowAction as A;
            let args = [
                ("added", n(count(A::Added) + count(A::Joined))),
                ("updated", n(count(A::Updated))),
                ("unchanged", n(count(A::Unchanged))),
            ];
            let summary = match (r.problems.is_empty(), r.applied) {
                (false, _) => String::new(),
                (true, true) => tr_args(v.lang, "import-summary-done", &args),
                (true, false) => tr_args(v.lang, "import-summary-plan", &args),
            };
            (
                r.problems
                    .iter()
                    .map(|p| (p.row, p.column.clone(), problem_text(v.lang, p)))
                    .collect(),
                r.actions
                    .iter()
                    .map(|(row, a)| (*row, tr(v.lang, &format!("import-action-{}", a.id()))))
                    .collect(),
                summary,
                r.problems.is_empty()
                    && !r.applied
                    && r.actions.iter().any(|(_, a)| *a != A::Unchanged),
                r.applied.then(|| v.t("import-applied")).or(read_as),
            )
        }
    };
    let failed = !problems.is_empty();
    let page = ImportPage {
        c: v.chrome(v.t("import-title")),
        org,
        org_name: o.name,
        kind: kind.id(),
        notice,
        problems,
        summary,
        actions,
        can_apply,
        text,
    };
    Ok(v.render_form(failed, StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// A row's problem in the reader's language: what its column takes, or what is wrong with the
/// file.
pub(super) fn problem_text(lang: Lang, p: &bayanihan_domain::import::RowProblem) -> String {
    use bayanihan_domain::import::ProblemKind as K;
    match p.kind {
        K::File => tr(lang, "import-problem-file"),
        K::MissingColumn => tr_args(
            lang,
            "import-problem-missing-column",
            &[("column", FluentValue::from(p.column.clone()))],
        ),
        K::Duplicate { first } => tr_args(
            lang,
            "import-problem-duplicate",
            &[("row", FluentValue::from(first as f64))],
        ),
        K::Cell => match p.column.as_str() {
            "email" => tr(lang, "import-problem-email"),
            "name" => tr(lang, "import-problem-name"),
            "role" => tr(lang, "import-problem-role"),
            "stakeholder" => tr(lang, "import-problem-stakeholder"),
            "category" => tr(lang, "import-problem-category"),
            "unit" => tr(lang, "import-problem-unit"),
            "unit_mass_kg" => tr(lang, "import-problem-mass"),
            "qualifiers" => tr(lang, "import-problem-qualifiers"),
            "packaging" => tr(lang, "import-problem-packaging"),
            "key" => tr(lang, "import-problem-key"),
            "organization" => tr(lang, "import-problem-organization"),
            "kind" => tr(lang, "import-problem-kind"),
            "country" => tr(lang, "import-problem-country"),
            "currency" => tr(lang, "import-problem-currency"),
            "time_zone" => tr(lang, "import-problem-time-zone"),
            "lat" | "lon" => tr(lang, "import-problem-coordinates"),
            "roles" => tr(lang, "import-problem-roles"),
            "languages" => tr(lang, "import-problem-languages"),
            "cycle" => tr(lang, "import-problem-cycle"),
            "quantity" => tr(lang, "import-problem-quantity"),
            "producer_price" => tr(lang, "import-problem-price"),
            "product" => tr(lang, "import-problem-product"),
            _ => tr(lang, "import-problem-text"),
        },
    }
}

#[derive(Deserialize)]
pub(super) struct KindQuery {
    kind: Option<String>,
}

pub(super) async fn form(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    axum::extract::Query(q): axum::extract::Query<KindQuery>,
) -> PageResult {
    let kind = q
        .kind
        .as_deref()
        .and_then(ImportKind::parse)
        .unwrap_or(ImportKind::Members);
    page(&state, &v, org, kind, None, String::new(), None).await
}

/// Checks a file (the dry run), or applies one checked before (`apply`, with the ticked
/// "yes").
pub(super) async fn submit(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    form: Multipart,
) -> PageResult {
    let mut fields = multipart_fields(&v, form).await?;
    let mut text_of =
        |name: &str| String::from_utf8_lossy(&fields.remove(name).unwrap_or_default()).into_owned();
    let (csrf, kind, mut text) = (text_of("csrf"), text_of("kind"), text_of("text"));
    let (apply, confirm) = (fields.contains_key("apply"), fields.contains_key("confirm"));
    let file = fields.remove("file").unwrap_or_default();
    let subject = v.posted(&csrf)?;
    let kind = ImportKind::parse(&kind).unwrap_or(ImportKind::Members);
    // A chosen file wins over pasted text. Spreadsheets save UTF-8 (with or without a BOM)
    // or Windows-1252; the latter is read as such, and said.
    let mut latin1 = false;
    if bayanihan_app::xlsx::is_xlsx(&file) {
        // A workbook: its first worksheet, or the reasons it cannot be read (read only for
        // someone who may import here).
        bayanihan_app::import::may_import(&state.store, Some(&subject), org, kind)
            .await
            .or_page(&v)?;
        match bayanihan_app::xlsx::to_csv_blocking(file).await {
            Ok(t) => text = t,
            Err(problems) => {
                let report = bayanihan_app::import::ImportReport {
                    problems,
                    actions: Vec::new(),
                    applied: false,
                };
                return page(&state, &v, org, kind, Some(&report), String::new(), None).await;
            }
        }
    } else if !file.is_empty() {
        let (t, l) = bayanihan_domain::import::encoding::decode(&file);
        text = t;
        latin1 = l;
    }
    if apply {
        v.unconfirmed(&confirm.then(String::new))?;
    }
    let report =
        bayanihan_app::import::import(&state.store, Some(&subject), org, kind, &text, apply)
            .await
            .or_page(&v)?;
    let keep = if report.problems.is_empty() && !report.applied {
        text
    } else {
        String::new()
    };
    let notice = latin1.then(|| {
        tr_args(
            v.lang,
            "dirimport-latin1",
            &[("sheet", FluentValue::from(v.t("import-file")))],
        )
    });
    page(&state, &v, org, kind, Some(&report), keep, notice).await
}
