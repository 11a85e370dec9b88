//! A network's directory from spreadsheets, through the pages: the sheets are uploaded, a
//! job checks them (its page shows how far it is, reloading itself, no script needed), the
//! report names every problem by sheet, row and column or says what applying would do, and
//! a ticked "yes" applies the same sheets all at once.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::Multipart;
use bayanihan_app::import::{DirectoryFiles, DirectoryReport};
use bayanihan_store::import::RowAction;

use super::*;
use crate::jobs::Job;

#[derive(Template)]
#[template(path = "directory_import.html")]
pub(super) struct FormPage {
    c: Chrome,
    network: Uuid,
    name: String,
}

pub(super) async fn form(
    State(state): State<AppState>,
    v: Visitor,
    PathId(network): PathId,
) -> PageResult {
    let subject = v.signed_in()?;
    bayanihan_app::import::may_import_directory(&state.store, Some(&subject), network)
        .await
        .or_page(&v)?;
    let o = bayanihan_app::organizations::organization(&state.store, network)
        .await
        .or_page(&v)?;
    let page = FormPage {
        c: v.chrome(v.t("dirimport-title")),
        network,
        name: o.name,
    };
    Ok(v.render(StatusCode::OK, &page))
}

/// Starts a job running the import (a dry run, or applying checked sheets); `None` when no
/// job can be kept now.
fn start(
    state: &AppState,
    subject: &bayanihan_domain::Subject,
    network: Uuid,
    files: DirectoryFiles,
    apply: bool,
) -> Option<Uuid> {
    let (id, job) = state.jobs.add(Job {
        person: subject.person_id,
        network,
        apply,
        files,
        done: Default::default(),
        total: Default::default(),
        result: Default::default(),
        started: std::time::Instant::now(),
    })?;
    // The job owns a handle on the database (the pool is shared, cheap to clone).
    let store = bayanihan_store::Store::clone(&state.store);
    let caller = subject.clone();
    let index = state.clone();
    tokio::spawn(async move {
        let progress = {
            let job = job.clone();
            move |done: usize, total: usize| {
                job.done.store(done, Ordering::Relaxed);
                job.total.store(total, Ordering::Relaxed);
            }
        };
        let result = bayanihan_app::import::directory(
            &store,
            Some(&caller),
            job.network,
            &job.files,
            job.apply,
            &progress,
        )
        .await
        .map_err(|e| crate::error::ApiError::from(e).problem().detail);
        if result.is_ok() && job.apply {
            // Published organizations it changed go to the index again.
            index.murmurations_nudge();
        }
        if let Ok(mut r) = job.result.lock() {
            *r = Some(result);
        }
    });
    Some(id)
}

/// The page saying that no import can start now.
fn busy(v: &Visitor) -> Response {
    v.message(
        StatusCode::SERVICE_UNAVAILABLE,
        v.t("dirimport-title"),
        v.t("dirimport-busy"),
    )
}

pub(super) async fn submit(
    State(state): State<AppState>,
    v: Visitor,
    PathId(network): PathId,
    form: Multipart,
) -> PageResult {
    let mut fields = multipart_fields(&v, form).await?;
    let csrf = String::from_utf8_lossy(&fields.remove("csrf").unwrap_or_default()).into_owned();
    let subject = v.posted(&csrf)?;
    bayanihan_app::import::may_import_directory(&state.store, Some(&subject), network)
        .await
        .or_page(&v)?;
    let mut sheet = |name: &str| fields.remove(name).filter(|b| !b.is_empty());
    let files = DirectoryFiles {
        organizations: sheet("organizations"),
        people: sheet("people"),
        products: sheet("products"),
        offers: sheet("offers"),
    };
    if files.organizations.is_none()
        && files.people.is_none()
        && files.products.is_none()
        && files.offers.is_none()
    {
        return Err(v.message(
            StatusCode::UNPROCESSABLE_ENTITY,
            v.t("dirimport-title"),
            v.t("dirimport-no-sheet"),
        ));
    }
    let Some(id) = start(&state, &subject, network, files, false) else {
        return Err(busy(&v));
    };
    Ok(Redirect::to(&format!("/imports/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "import_job.html")]
pub(super) struct JobPage {
    c: Chrome,
    id: Uuid,
    network: Uuid,
    running: bool,
    /// 0–100 while running.
    percent: usize,
    progress_text: String,
    error: Option<String>,
    notices: Vec<String>,
    /// (sheet, row, column, problem)
    problems: Vec<(String, usize, String, String)>,
    more_problems: usize,
    /// (sheet, summary)
    summaries: Vec<(String, String)>,
    applied: bool,
    can_apply: bool,
}

/// The most problems a page lists (the count of the rest is given).
const MAX_LISTED: usize = 500;

fn sheet_label(lang: Lang, sheet: &str) -> String {
    match sheet {
        "organizations" => tr(lang, "dirimport-sheet-organizations"),
        "people" => tr(lang, "dirimport-sheet-people"),
        "offers" => tr(lang, "dirimport-sheet-offers"),
        _ => tr(lang, "dirimport-sheet-products"),
    }
}

fn summary(lang: Lang, rows: &[(usize, RowAction)], applied: bool) -> String {
    let count = |a: RowAction| rows.iter().filter(|(_, x)| *x == a).count() as f64;
    let args = [
        (
            "added",
            FluentValue::from(count(RowAction::Added) + count(RowAction::Joined)),
        ),
        ("updated", FluentValue::from(count(RowAction::Updated))),
        ("unchanged", FluentValue::from(count(RowAction::Unchanged))),
        ("kept", FluentValue::from(count(RowAction::Kept))),
    ];
    if applied {
        tr_args(lang, "dirimport-summary-done", &args)
    } else {
        tr_args(lang, "dirimport-summary-plan", &args)
    }
}

fn changes(r: &DirectoryReport) -> bool {
    let o = &r.outcome;
    o.organizations
        .iter()
        .chain(&o.people)
        .chain(&o.products)
        .chain(&o.offers)
        .any(|(_, a)| !matches!(a, RowAction::Unchanged | RowAction::Kept))
}

pub(super) async fn job(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    let subject = v.signed_in()?;
    let Some(job) = state.jobs.get(id, subject.person_id) else {
        return Err(v.message(
            StatusCode::NOT_FOUND,
            v.t("dirimport-job-gone"),
            v.t("dirimport-job-gone-text"),
        ));
    };
    let (done, total) = job.progress();
    let result = job.result.lock().ok().and_then(|r| r.clone());
    let mut page = JobPage {
        c: v.chrome(v.t("dirimport-title")),
        id,
        network: job.network,
        running: result.is_none(),
        percent: (done * 100).checked_div(total).unwrap_or(0),
        progress_text: tr_args(
            v.lang,
            "dirimport-progress",
            &[
                ("done", FluentValue::from(done as f64)),
                ("total", FluentValue::from(total as f64)),
            ],
        ),
        error: None,
        notices: Vec::new(),
        problems: Vec::new(),
        more_problems: 0,
        summaries: Vec::new(),
        applied: false,
        can_apply: false,
    };
    match result {
        None => {}
        Some(Err(e)) => page.error = Some(e),
        Some(Ok(r)) => {
            page.notices = r
                .read_as_latin1
                .iter()
                .map(|s| {
                    tr_args(
                        v.lang,
                        "dirimport-latin1",
                        &[("sheet", FluentValue::from(sheet_label(v.lang, s)))],
                    )
                })
                .collect();
            page.more_problems = r.problems.len().saturating_sub(MAX_LISTED);
            page.problems = r
                .problems
                .iter()
                .take(MAX_LISTED)
                .map(|(sheet, p)| {
                    (
                        sheet_label(v.lang, sheet),
                        p.row,
                        p.column.clone(),
                        super::import::problem_text(v.lang, p),
                    )
                })
                .collect();
            if r.problems.is_empty() {
                let o = &r.outcome;
                for (sheet, rows, given) in [
                    (
                        "organizations",
                        &o.organizations,
                        job.files.organizations.is_some(),
                    ),
                    ("people", &o.people, job.files.people.is_some()),
                    ("products", &o.products, job.files.products.is_some()),
                    ("offers", &o.offers, job.files.offers.is_some()),
                ] {
                    if given {
                        page.summaries
                            .push((sheet_label(v.lang, sheet), summary(v.lang, rows, r.applied)));
                    }
                }
            }
            page.applied = r.applied;
            page.can_apply = r.problems.is_empty() && !r.applied && changes(&r);
        }
    }
    let failed = !page.problems.is_empty() || page.error.is_some();
    Ok(v.render_form(failed, StatusCode::UNPROCESSABLE_ENTITY, &page))
}

#[derive(Deserialize)]
pub(super) struct ApplyForm {
    csrf: String,
    confirm: Option<String>,
}

/// Applies the sheets a finished dry run checked.
pub(super) async fn apply(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<ApplyForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    let Some(checked) = state.jobs.get(id, subject.person_id) else {
        return Err(v.message(
            StatusCode::NOT_FOUND,
            v.t("dirimport-job-gone"),
            v.t("dirimport-job-gone-text"),
        ));
    };
    let ready = checked
        .result
        .lock()
        .ok()
        .and_then(|r| {
            r.as_ref()
                .map(|r| matches!(r, Ok(rep) if rep.problems.is_empty() && !rep.applied))
        })
        .unwrap_or(false);
    if !ready || checked.apply {
        return Err(v.message(
            StatusCode::CONFLICT,
            v.t("dirimport-title"),
            v.t("dirimport-not-ready"),
        ));
    }
    let job: Arc<Job> = checked;
    let Some(next) = start(&state, &subject, job.network, job.files.clone(), true) else {
        return Err(busy(&v));
    };
    Ok(Redirect::to(&format!("/imports/{next}")).into_response())
}
