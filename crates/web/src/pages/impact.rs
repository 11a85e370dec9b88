//! An organization's impact data: jobs it declares and reference market prices for its
//! products, entered with plain forms; the same checks as the API.

use bayanihan_domain::{Gender, Invalid, Money};

use super::*;

#[derive(Template)]
#[template(path = "impact_data.html")]
pub(super) struct ImpactPage {
    c: Chrome,
    id: Uuid,
    name: String,
    notice: Option<String>,
    error: Option<String>,
    report: String,
    can_update: bool,
    genders: Vec<(&'static str, String)>,
    products: Vec<(Uuid, String)>,
    currency: &'static str,
    from: String,
    to: String,
}

async fn page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    notice: Option<String>,
    error: Option<String>,
) -> PageResult {
    let subject = v.signed_in()?;
    let (org, products, rights) = bayanihan_app::impact::entry(&state.store, Some(&subject), id)
        .await
        .or_page(v)?;
    let year = jiff::Zoned::now().year();
    let p = ImpactPage {
        c: v.chrome(v.t("impact-data-title")),
        id,
        name: org.name,
        notice,
        error: error.clone(),
        report: format!("/reports/tbl?scope=organization:{id}&period={year}"),
        can_update: rights.jobs,
        genders: Gender::ALL
            .iter()
            .map(|g| (g.id(), tr(v.lang, &format!("gender-{}", g.id()))))
            .collect(),
        products: products.into_iter().map(|p| (p.id, p.name)).collect(),
        currency: org.currency.code(),
        from: format!("{year:04}-01-01"),
        to: format!("{year:04}-12-31"),
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &p))
}

pub(super) async fn impact(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    page(&state, &v, id, None, None).await
}

#[derive(Deserialize)]
pub(super) struct JobsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    fte: String,
    #[serde(default)]
    gender: String,
    #[serde(default)]
    valid_from: String,
    #[serde(default)]
    valid_to: String,
}

/// The form's error in the reader's language: the first refused field's own message.
fn refused(v: &Visitor, e: &Invalid) -> String {
    match e.errors.first().map(|f| f.field.as_str()) {
        Some("fte") => v.t("impact-data-bad-fte"),
        Some("price" | "currency") => v.t("impact-data-bad-price"),
        Some("source" | "region") => v.t("impact-data-bad-source"),
        Some("valid_from" | "valid_to") => v.t("impact-data-bad-dates"),
        _ => v.explain(&ApiError::Invalid(e.clone())),
    }
}

/// An empty form field is a field left out.
fn given(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// What a form post of this page comes to: the page again, with a notice or the form's error.
async fn outcome(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    saved: bayanihan_app::AppResult<Uuid>,
) -> PageResult {
    match saved {
        Ok(_) => page(state, v, id, Some(v.t("impact-data-saved")), None).await,
        Err(bayanihan_app::AppError::Invalid(e)) => {
            page(state, v, id, None, Some(refused(v, &e))).await
        }
        Err(e) => Err(v.failure(e)),
    }
}

pub(super) async fn jobs(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<JobsForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let input = bayanihan_app::impact::JobsInput {
        fte: Some(f.fte.trim().to_string()),
        gender: given(&f.gender),
        valid_from: given(&f.valid_from),
        valid_to: given(&f.valid_to),
    };
    let saved = bayanihan_app::impact::declare_jobs(&state.store, Some(&subject), id, &input).await;
    outcome(&state, &v, id, saved).await
}

#[derive(Deserialize)]
pub(super) struct PriceForm {
    #[serde(default)]
    csrf: String,
    product: Uuid,
    #[serde(default)]
    price: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    valid_from: String,
    #[serde(default)]
    valid_to: String,
    #[serde(default)]
    source: String,
}

pub(super) async fn reference_price(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<PriceForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let org = bayanihan_app::organizations::organization(&state.store, id)
        .await
        .or_page(&v)?;
    // The page reads the price the way people write it ("1,250.50"); the use case takes the
    // plain form in the organization's currency (and refuses what is neither, after deciding
    // whether the visitor may record prices at all).
    let price = Money::parse_decimal(f.price.trim(), org.currency)
        .map_or_else(|_| f.price.trim().to_string(), |m| m.to_decimal_string());
    let input = bayanihan_app::impact::ReferencePriceInput {
        price: Some(price),
        currency: Some(org.currency.code().to_string()),
        region: given(&f.region),
        valid_from: given(&f.valid_from),
        valid_to: given(&f.valid_to),
        source: given(&f.source),
    };
    let saved = bayanihan_app::impact::add_reference_price(
        &state.store,
        Some(&subject),
        f.product,
        Some(id),
        &input,
    )
    .await;
    outcome(&state, &v, id, saved).await
}
