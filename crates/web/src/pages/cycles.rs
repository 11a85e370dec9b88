//! Running cycles: open, close and copy them; allocations, packing lists, invoices and statements.

use bayanihan_domain::trade::catalog::Packaging;

use super::*;

#[derive(Template)]
#[template(path = "manage.html")]
pub(super) struct ManagePage {
    c: Chrome,
    id: Uuid,
    name: String,
    status: String,
    /// The decision that approved the cycle's prices and fees.
    prices_approved: Option<Uuid>,
    notice: Option<String>,
    closed: bool,
    /// (link, label, total)
    documents: Vec<(String, String, String)>,
    pickups: Vec<(Uuid, String)>,
    /// (group, product, asked, received, why)
    allocations: Vec<(String, String, u64, String, String)>,
    /// Offers in returnable packaging: (offer, product).
    returnables: Vec<(Uuid, String)>,
    /// The cycle's impact report.
    report: String,
    /// While the cycle is open: its offers, lines and the offer form.
    open: Option<super::offers::OpenPart>,
}

/// The cycle, if the visitor coordinates its hub; otherwise the response to send instead.
pub(super) async fn hub_cycle(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
) -> Result<bayanihan_store::trade::Cycle, Response> {
    let subject = v.signed_in()?;
    bayanihan_app::trade::cycle_to_run(&state.store, Some(&subject), id)
        .await
        .or_page(v)
}

#[derive(Deserialize)]
pub(super) struct ManageQuery {
    closed: Option<String>,
    returned: Option<String>,
    offered: Option<String>,
    changed: Option<String>,
    withdrawn: Option<String>,
    line: Option<String>,
    edited: Option<String>,
}

pub(super) async fn manage(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    axum::extract::Query(q): axum::extract::Query<ManageQuery>,
) -> PageResult {
    let notice = if q.closed.is_some() {
        Some(v.t("manage-closed-now"))
    } else if q.returned.is_some() {
        Some(v.t("manage-returned"))
    } else if q.offered.is_some() {
        Some(v.t("offers-added"))
    } else if q.changed.is_some() {
        Some(v.t("offers-changed"))
    } else if q.withdrawn.is_some() {
        Some(v.t("offers-withdrawn"))
    } else if q.line.is_some() {
        Some(v.t("offers-line-changed"))
    } else if q.edited.is_some() {
        Some(v.t("cycle-edited"))
    } else {
        None
    };
    manage_page(&state, &v, id, notice, None).await
}

/// The manage page, with a notice, or with the offer form as typed and why it was refused.
pub(super) async fn manage_page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    notice: Option<String>,
    offer_form: Option<(super::offers::OfferFormValues, String)>,
) -> PageResult {
    manage_page_with(state, v, id, notice, offer_form, None).await
}

/// [`manage_page`], also with the name-and-dates form as typed and why it was refused.
pub(super) async fn manage_page_with(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    notice: Option<String>,
    offer_form: Option<(super::offers::OfferFormValues, String)>,
    edit_form: Option<(super::offers::CycleEditValues, String)>,
) -> PageResult {
    let cycle = hub_cycle(state, v, id).await?;
    let closed = cycle.is_closed();
    let hub_tz = bayanihan_app::organizations::organization(&state.store, cycle.hub_id)
        .await
        .map(|o| o.time_zone)
        .unwrap_or_else(|_| "UTC".into());
    let mut page = ManagePage {
        c: v.chrome(v.t("manage-title")),
        id: cycle.id,
        name: cycle.name.clone(),
        prices_approved: cycle.prices_approved_by,
        status: if closed {
            v.t("shop-closed")
        } else {
            tr_args(
                v.lang,
                "shop-closes",
                &[(
                    "time",
                    FluentValue::from(format_time(v.lang, cycle.closes_at, &hub_tz)),
                )],
            )
        },
        notice,
        closed,
        documents: Vec::new(),
        pickups: cycle
            .pickup_points
            .iter()
            .map(|p| (p.id, p.name.clone()))
            .collect(),
        allocations: Vec::new(),
        returnables: Vec::new(),
        report: format!(
            "/reports/tbl?scope=cycle:{}&period={d}..{d}",
            cycle.id,
            d = cycle.delivery_date
        ),
        open: None,
    };
    // A form of the open cycle refused because the cycle closed meanwhile: its reason is
    // said on the closed cycle's page.
    if closed {
        if let Some(e) = offer_form
            .as_ref()
            .map(|(_, e)| e.clone())
            .or_else(|| edit_form.as_ref().map(|(_, e)| e.clone()))
        {
            page.notice = Some(e);
        }
    }
    if !closed {
        let (kept, error) = match offer_form {
            Some((f, e)) => (Some(f), Some(e)),
            None => (None, None),
        };
        let mut open = super::offers::open_part(state, v, id, kept, error).await?;
        if let Some((kept, e)) = edit_form {
            open.edit = kept;
            open.edit_error = Some(e);
        }
        let has_error = open.error.is_some() || open.edit_error.is_some();
        page.open = Some(open);
        return Ok(v.render_form(has_error, StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    if closed {
        let (_, docs, lines, offers) =
            bayanihan_app::trade::cycle_book(&state.store, v.caller.subject.as_ref(), cycle.id)
                .await
                .or_page(v)?;
        let mut ids: Vec<Uuid> = docs.iter().map(|d| d.organization_id).collect();
        ids.extend(cycle.consumer_groups.iter().map(|g| g.organization_id));
        let names = names_of(state, ids).await;
        page.documents = docs
            .iter()
            .map(|d| {
                let link = if d.kind == bayanihan_domain::trade::records::DocumentKind::Invoice {
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
        page.returnables = offers
            .iter()
            .filter(|o| o.product.packaging == Some(Packaging::Returnable))
            .map(|o| (o.id, o.product.name.clone()))
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
                    l.reason
                        .as_ref()
                        .map(|r| reason_text(v.lang, r))
                        .unwrap_or_default(),
                )
            })
            .collect();
    }
    Ok(v.render(StatusCode::OK, &page))
}

/// The cycle a form of the manage page acts on: the visitor coordinates its hub and sent their
/// own form token; otherwise the page that says why not.
async fn posted_to_cycle(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    csrf: &str,
) -> Result<bayanihan_store::trade::Cycle, Response> {
    let cycle = hub_cycle(state, v, id).await?;
    if !v.csrf_ok(csrf) {
        return Err(v.message(StatusCode::FORBIDDEN, v.t("error-csrf"), v.t("error-csrf")));
    }
    Ok(cycle)
}

#[derive(Template)]
#[template(path = "close_confirm.html")]
pub(super) struct CloseConfirmPage {
    c: Chrome,
    id: Uuid,
    name: String,
    lines: String,
    units: String,
    invoices: String,
    obligations: String,
    short: Vec<String>,
}

/// What closing the cycle now would do, and the one button that does it: closing cannot be
/// undone, so it is never one tap from the manage page.
pub(super) async fn close_confirm(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    let subject = v.signed_in()?;
    let p = match bayanihan_app::trade::close_preview(&state.store, Some(&subject), id).await {
        Ok(p) => p,
        // Closed already: the manage page shows its documents.
        Err(bayanihan_app::AppError::Conflict(_)) => {
            return Ok(Redirect::to(&format!("/cycles/{id}/manage")).into_response())
        }
        Err(e) => return Err(v.failure(e)),
    };
    let n = |k: &'static str, v: u64| (k, FluentValue::from(v as f64));
    let page = CloseConfirmPage {
        c: v.chrome(v.t("close-confirm-title")),
        id,
        name: p.cycle.name.clone(),
        lines: tr_args(v.lang, "close-confirm-lines", &[n("count", p.lines)]),
        units: tr_args(
            v.lang,
            "close-confirm-units",
            &[
                n("allocated", p.units_allocated),
                n("requested", p.units_requested),
            ],
        ),
        invoices: tr_args(
            v.lang,
            "close-confirm-invoices",
            &[
                n("count", p.invoices),
                ("total", FluentValue::from(format_money(v.lang, p.invoiced))),
            ],
        ),
        obligations: tr_args(
            v.lang,
            "close-confirm-obligations",
            &[n("count", p.obligations)],
        ),
        short: p
            .short
            .iter()
            .map(|(o, asked, given)| {
                tr_args(
                    v.lang,
                    "close-confirm-short-line",
                    &[
                        (
                            "product",
                            FluentValue::from(format!("{} ({})", o.product.name, o.product.unit)),
                        ),
                        n("given", *given),
                        n("asked", *asked),
                    ],
                )
            })
            .collect(),
    };
    Ok(v.render(StatusCode::OK, &page))
}

#[derive(Deserialize)]
pub(super) struct CloseForm {
    #[serde(default)]
    csrf: String,
    /// `yes` from the confirmation page; without it, the confirmation is shown first.
    confirm: Option<String>,
}

pub(super) async fn close_cycle(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<CloseForm>,
) -> PageResult {
    let cycle = posted_to_cycle(&state, &v, id, &f.csrf).await?;
    if f.confirm.as_deref() != Some("yes") {
        return Ok(Redirect::to(&format!("/cycles/{}/close", cycle.id)).into_response());
    }
    let who = v.caller.subject.as_ref();
    bayanihan_app::trade::close_cycle(&state.store, who, cycle.id)
        .await
        .or_page(&v)?;
    Ok(Redirect::to(&format!("/cycles/{}/manage?closed=1", cycle.id)).into_response())
}

pub(super) async fn clone_cycle(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<CsrfForm>,
) -> PageResult {
    let cycle = posted_to_cycle(&state, &v, id, &f.csrf).await?;
    let who = v.caller.subject.as_ref();
    let next = bayanihan_app::trade::clone_cycle(&state.store, who, cycle.id, None)
        .await
        .or_page(&v)?;
    Ok(Redirect::to(&format!("/cycles/{}/manage", next.id)).into_response())
}

#[derive(Deserialize)]
pub(super) struct PackingQuery {
    pickup_point: Option<String>,
    by: Option<String>,
    format: Option<String>,
}

pub(super) async fn packing(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    axum::extract::Query(q): axum::extract::Query<PackingQuery>,
) -> PageResult {
    let subject = v.signed_in()?;
    let pickup = q
        .pickup_point
        .as_deref()
        .and_then(|p| Uuid::parse_str(p).ok());
    use bayanihan_store::trade::PackingBy;
    let by = match q.by.as_deref() {
        Some("producer") => PackingBy::Producer,
        Some("household") => PackingBy::Household,
        _ => PackingBy::Group,
    };
    let by_group = by != PackingBy::Producer;
    let mut rows = bayanihan_app::trade::packing(&state.store, Some(&subject), id, pickup, by)
        .await
        .or_page(&v)?;
    let people: Vec<Uuid> = rows.iter().filter_map(|r| r.person_id).collect();
    let households = if by == PackingBy::Household {
        bayanihan_app::trade::household_names(&state.store, Some(&subject), id, &people)
            .await
            .or_page(&v)?
    } else {
        HashMap::new()
    };
    let household = |r: &bayanihan_store::trade::PackingRow| {
        r.person_id
            .and_then(|p| households.get(&p).cloned())
            .unwrap_or_else(|| v.t("doc-household-group"))
    };
    // Per household, in the order people read names (Household 2 before Household 10).
    if by == PackingBy::Household {
        rows.sort_by(|a, b| {
            (a.pickup_point_id, a.consumer_group_id)
                .cmp(&(b.pickup_point_id, b.consumer_group_id))
                .then_with(|| bayanihan_domain::text::natural_cmp(&household(a), &household(b)))
                .then_with(|| a.product_name.cmp(&b.product_name))
        });
    }
    let cycle = bayanihan_app::trade::cycle(&state.store, id)
        .await
        .or_page(&v)?;
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
    if by == PackingBy::Household {
        head.insert(2, v.t("col-household"));
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
            if by == PackingBy::Household {
                row.insert(2, household(r));
            }
            row.push(crate::i18n::format_count(v.lang, r.units));
            row
        })
        .collect::<Vec<Vec<String>>>();
    if q.format.as_deref() == Some("csv") {
        return Ok(document_csv(&format!("packing-{}", by.id()), &head, &table));
    }
    let page = TablePage {
        c: v.chrome(v.t("packing-title")),
        heading: format!("{} — {}", v.t("packing-title"), cycle.name),
        subheadings: vec![],
        head,
        rows: table,
        total: None,
        csv_query: v
            .path
            .split_once('?')
            .map(|(_, q)| format!("{q}&"))
            .unwrap_or_default(),
    };
    Ok(v.render(StatusCode::OK, &page))
}

/// A document's cycle and its view, as the use case decides who may read it; `Err` is the
/// page to answer instead.
async fn document<T>(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    view: impl std::future::Future<Output = bayanihan_app::AppResult<T>>,
) -> Result<(bayanihan_store::trade::Cycle, T), Response> {
    v.signed_in()?;
    let view = view.await.or_page(v)?;
    let cycle = bayanihan_app::trade::cycle(&state.store, id)
        .await
        .or_page(v)?;
    Ok((cycle, view))
}

#[derive(Template)]
#[template(path = "document.html")]
pub(super) struct DocumentPage {
    c: Chrome,
    heading: String,
    /// "From … to …".
    parties: String,
    /// (label, value): number, issue date, due date.
    facts: Vec<(String, String)>,
    paid: bool,
    status: String,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
    total: String,
    /// Per household: name, subtotal, its lines.
    households: Vec<(String, String, Vec<String>)>,
    instructions: Option<String>,
}

impl DocumentPage {
    /// A printed document: `title` and its header, issued by `parties.1` to `parties.2`
    /// (names from `parties.0`), with its table (head, rows, total).
    fn new(
        v: &Visitor,
        title: String,
        h: &bayanihan_domain::trade::records::DocumentHeader,
        cycle: &str,
        parties: (&HashMap<Uuid, String>, Uuid, Uuid),
        table: (Vec<String>, Vec<Vec<String>>, String),
    ) -> Self {
        let (names, from, to) = parties;
        let name = |id| FluentValue::from(names.get(&id).cloned().unwrap_or_default());
        let (facts, status) = document_head(v, h);
        let (head, rows, total) = table;
        DocumentPage {
            c: v.chrome(title.clone()),
            heading: document_heading(title, h, cycle),
            parties: tr_args(
                v.lang,
                "doc-parties",
                &[("from", name(from)), ("to", name(to))],
            ),
            facts,
            paid: h.paid,
            status,
            head,
            rows,
            total,
            households: Vec::new(),
            instructions: h.payment_instructions.clone(),
        }
    }
}

#[derive(Deserialize)]
pub(super) struct DocumentQuery {
    format: Option<String>,
}

/// The head of a printed document: its facts and its paid status in the reader's language.
fn document_head(
    v: &Visitor,
    h: &bayanihan_domain::trade::records::DocumentHeader,
) -> (Vec<(String, String)>, String) {
    let mut facts = Vec::new();
    if !h.numbers.is_empty() {
        facts.push((v.t("doc-number"), h.numbers.join(", ")));
    }
    if let Some(d) = h.issued_on {
        facts.push((v.t("doc-issued"), crate::i18n::format_date(v.lang, d)));
    }
    if let Some(d) = h.due_date {
        facts.push((v.t("doc-due"), crate::i18n::format_date(v.lang, d)));
    }
    let status = if h.paid {
        v.t("doc-paid")
    } else {
        tr_args(
            v.lang,
            "doc-unpaid",
            &[(
                "amount",
                FluentValue::from(format_money(v.lang, h.outstanding)),
            )],
        )
    };
    (facts, status)
}

/// A document as CSV: its table, one row a line, amounts in the reader's format.
fn document_csv(name: &str, head: &[String], rows: &[Vec<String>]) -> Response {
    // The one CSV writer of the pages: quoting, a byte-order mark, formulas defused.
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let out = bayanihan_domain::csv_out::write(&head, rows);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ),
        ],
        out,
    )
        .into_response()
}

pub(super) async fn invoice(
    State(state): State<AppState>,
    v: Visitor,
    PathId((id, group)): PathId<(Uuid, Uuid)>,
    axum::extract::Query(q): axum::extract::Query<DocumentQuery>,
) -> PageResult {
    let who = v.caller.subject.as_ref();
    let view = bayanihan_app::trade::invoice(&state.store, who, id, group);
    let (cycle, inv) = document(&state, &v, id, view).await?;
    let names = names_of(&state, vec![group, cycle.hub_id]).await;
    let parts_of = |b: &bayanihan_domain::trade::pricing::Breakdown| {
        b.components
            .iter()
            .map(|c| {
                format!(
                    "{} {}",
                    tr(v.lang, &format!("part-{}", c.part.id())),
                    format_money(v.lang, c.amount)
                )
            })
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let head = vec![
        v.t("col-product"),
        v.t("col-household"),
        v.t("col-requested"),
        v.t("col-allocated"),
        v.t("shop-breakdown"),
        v.t("order-col-total"),
    ];
    let mut lines: Vec<&bayanihan_domain::trade::records::InvoiceLine> = inv.lines.iter().collect();
    let household = |l: &bayanihan_domain::trade::records::InvoiceLine| {
        l.ordered_by
            .clone()
            .unwrap_or_else(|| v.t("doc-household-group"))
    };
    lines.sort_by(|a, b| {
        bayanihan_domain::text::natural_cmp(&household(a), &household(b))
            .then_with(|| bayanihan_domain::text::natural_cmp(&a.product_name, &b.product_name))
    });
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            vec![
                format!("{} ({})", l.product_name, l.unit),
                household(l),
                l.line.quantity.to_string(),
                l.breakdown.quantity.to_string(),
                parts_of(&l.breakdown),
                format_money(v.lang, l.breakdown.total),
            ]
        })
        .collect();
    let number = inv
        .header
        .numbers
        .first()
        .cloned()
        .unwrap_or_else(|| "invoice".into());
    if q.format.as_deref() == Some("csv") {
        return Ok(document_csv(&number, &head, &rows));
    }
    // The split per household, in reading order (the lines are sorted by household already).
    let mut households: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut subtotal = Money::zero(inv.total.currency());
    for l in &lines {
        let h = household(l);
        if households.last().map(|x| &x.0) != Some(&h) {
            households.push((h, String::new(), Vec::new()));
            subtotal = Money::zero(inv.total.currency());
        }
        subtotal = subtotal.checked_add(l.breakdown.total).unwrap_or(subtotal);
        if let Some(last) = households.last_mut() {
            last.2.push(format!(
                "{} × {} ({}) — {}",
                l.breakdown.quantity,
                l.product_name,
                l.unit,
                format_money(v.lang, l.breakdown.total)
            ));
            last.1 = format_money(v.lang, subtotal);
        }
    }
    let mut page = DocumentPage::new(
        &v,
        v.t("invoice-title"),
        &inv.header,
        &cycle.name,
        (&names, cycle.hub_id, group),
        (head, rows, format_money(v.lang, inv.total)),
    );
    page.households = households;
    Ok(v.render(StatusCode::OK, &page))
}

/// "Invoice INV-000012 — Week 9" (the number left out for documents from before numbering).
fn document_heading(
    title: String,
    h: &bayanihan_domain::trade::records::DocumentHeader,
    cycle: &str,
) -> String {
    if h.numbers.is_empty() {
        format!("{title} — {cycle}")
    } else {
        format!("{title} {} — {cycle}", h.numbers.join(", "))
    }
}

pub(super) async fn statement(
    State(state): State<AppState>,
    v: Visitor,
    PathId((id, org)): PathId<(Uuid, Uuid)>,
    axum::extract::Query(q): axum::extract::Query<DocumentQuery>,
) -> PageResult {
    let who = v.caller.subject.as_ref();
    let view = bayanihan_app::trade::statement(&state.store, who, id, org);
    let (cycle, st) = document(&state, &v, id, view).await?;
    let mut ids: Vec<Uuid> = st.items.iter().map(|i| i.consumer_group_id).collect();
    ids.push(org);
    ids.push(cycle.hub_id);
    let names = names_of(&state, ids).await;
    let head = vec![
        v.t("col-product"),
        v.t("col-group"),
        v.t("col-allocated"),
        v.t("col-reason"),
        v.t("order-col-total"),
    ];
    let rows: Vec<Vec<String>> = st
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
    if q.format.as_deref() == Some("csv") {
        let number = st
            .header
            .numbers
            .first()
            .cloned()
            .unwrap_or_else(|| "statement".into());
        return Ok(document_csv(&number, &head, &rows));
    }
    let page = DocumentPage::new(
        &v,
        v.t("statement-title"),
        &st.header,
        &cycle.name,
        (&names, cycle.hub_id, org),
        (head, rows, format_money(v.lang, st.total)),
    );
    Ok(v.render(StatusCode::OK, &page))
}

/// What was typed into the new-cycle form, kept when it is shown again.
#[derive(Default, Clone)]
pub(super) struct CycleFormValues {
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
pub(super) struct NewCyclePage {
    c: Chrome,
    hub: Uuid,
    hub_name: String,
    error: Option<String>,
    policies: Vec<(&'static str, String)>,
    producers: Vec<(Uuid, String, bool)>,
    groups: Vec<(Uuid, String, bool)>,
    kept: CycleFormValues,
}

pub(super) async fn new_cycle_page(
    state: &AppState,
    v: &Visitor,
    hub: Uuid,
    error: Option<String>,
    kept: CycleFormValues,
) -> PageResult {
    use bayanihan_domain::ValueChainRole;
    let subject = v.signed_in()?;
    // Candidates: the organizations of the hub's country playing the role.
    let (org, all) =
        bayanihan_app::organizations::cycle_candidates(&state.store, Some(&subject), hub)
            .await
            .or_page(v)?;
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
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

#[derive(Deserialize)]
pub(super) struct NewCycleQuery {
    hub: Option<String>,
}

pub(super) async fn new_cycle_form(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<NewCycleQuery>,
) -> PageResult {
    let Some(hub) = q.hub.as_deref().and_then(|h| Uuid::parse_str(h).ok()) else {
        return Err(v.not_found());
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

pub(super) async fn new_cycle(
    State(state): State<AppState>,
    v: Visitor,
    body: String,
) -> PageResult {
    let id = |s: &str| Uuid::parse_str(s).ok();
    let mut csrf = String::new();
    let mut hub = None;
    let mut kept = CycleFormValues::default();
    for (k, val) in form_urlencoded::parse(body.as_bytes()) {
        let val = val.into_owned();
        match k.as_ref() {
            "csrf" => csrf = val,
            "hub" => hub = id(&val),
            "name" => kept.name = val,
            "policy" => kept.policy = val,
            "opens" => kept.opens = val,
            "closes" => kept.closes = val,
            "delivery" => kept.delivery = val,
            "pickup" => kept.pickup = val,
            "producer" => kept.producers.extend(id(&val)),
            "group" => kept.groups.extend(id(&val)),
            _ => {}
        }
    }
    let Some(hub) = hub else {
        return Err(v.not_found());
    };
    if !v.csrf_ok(&csrf) {
        let page = new_cycle_page(&state, &v, hub, Some(v.t("error-csrf")), kept).await?;
        return Err(with_status(page, StatusCode::FORBIDDEN));
    }
    let org = bayanihan_app::organizations::organization(&state.store, hub)
        .await
        .or_page(&v)?;

    let input = bayanihan_app::trade::CycleInput {
        hub_id: hub,
        name: kept.name.clone(),
        currency: None,
        policy: kept.policy.clone(),
        opens_at: super::wall_clock_to_utc(&kept.opens, &org.time_zone),
        closes_at: super::wall_clock_to_utc(&kept.closes, &org.time_zone),
        delivery_date: kept.delivery.clone(),
        payment_terms_days: None,
        pickup_points: if kept.pickup.trim().is_empty() {
            vec![]
        } else {
            vec![bayanihan_app::trade::PickupPointInput {
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
            .map(|g| bayanihan_app::trade::ParticipantInput {
                organization_id: *g,
                tier: 0,
            })
            .collect(),
    };
    let subject = v.signed_in()?;
    match bayanihan_app::trade::open_cycle(&state.store, Some(&subject), &input)
        .await
        .map_err(ApiError::from)
    {
        Ok(c) => Ok(Redirect::to(&format!("/cycles/{}/manage", c.id)).into_response()),
        Err(e @ (ApiError::Conflict(_) | ApiError::Invalid(_))) => {
            let msg = v.explain(&e);
            new_cycle_page(&state, &v, hub, Some(msg), kept).await
        }
        Err(e) => Err(v.failure(e)),
    }
}

#[derive(Deserialize)]
pub(super) struct ReturnForm {
    #[serde(default)]
    csrf: String,
    offer: Uuid,
    #[serde(default)]
    units: String,
}

/// Records returnable packaging brought back after the delivery (the hub's coordinators).
pub(super) async fn packaging_return(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<ReturnForm>,
) -> PageResult {
    let cycle = posted_to_cycle(&state, &v, id, &f.csrf).await?;
    let input = bayanihan_app::impact::ReturnInput {
        units: f.units.trim().parse::<u64>().ok(),
    };
    let who = v.caller.subject.as_ref();
    match bayanihan_app::impact::record_packaging_return(
        &state.store,
        who,
        f.offer,
        Some(cycle.id),
        &input,
    )
    .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("/cycles/{}/manage?returned=1", cycle.id)).into_response())
        }
        Err(bayanihan_app::AppError::Invalid(_)) => Err(v.message(
            StatusCode::UNPROCESSABLE_ENTITY,
            v.t("manage-returned-bad"),
            v.t("manage-returned-bad"),
        )),
        Err(e) => Err(v.failure(e)),
    }
}
