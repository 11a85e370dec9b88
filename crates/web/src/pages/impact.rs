//! An organization's impact data: jobs it declares and reference market prices for its
//! products, entered with plain forms; the same checks as the API.

use bayanihan_domain::{Gender, Money};

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
) -> Response {
    let Some(subject) = &v.caller.subject else {
        return v.to_signin();
    };
    if decide(Some(subject), id, Action::ReadPrivate) != Decision::Allowed {
        return v.failure(ApiError::Forbidden(
            "Only the organization's members see its impact data.".into(),
        ));
    }
    let (org, products) =
        match tokio::try_join!(state.store.organization(id), state.store.products_of(id)) {
            Ok(x) => x,
            Err(e) => return v.failure(e),
        };
    let today = bayanihan_store::today_utc();
    let year = today.year();
    let catalog = decide(Some(subject), id, Action::ManageCatalog) == Decision::Allowed;
    let p = ImpactPage {
        c: v.chrome(v.t("impact-data-title")),
        id,
        name: org.name,
        notice,
        error: error.clone(),
        report: format!("/reports/tbl?scope=organization:{id}&period={year}"),
        can_update: decide(Some(subject), id, Action::Update) == Decision::Allowed,
        genders: Gender::ALL
            .iter()
            .map(|g| (g.id(), tr(v.lang, &format!("gender-{}", g.id()))))
            .collect(),
        products: if catalog {
            products.into_iter().map(|p| (p.id, p.name)).collect()
        } else {
            Vec::new()
        },
        currency: org.currency.code(),
        from: format!("{year:04}-01-01"),
        to: format!("{year:04}-12-31"),
    };
    v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &p)
}

pub(super) async fn impact(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return v.not_found();
    };
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

/// Reads a form's date span, or says which field is wrong.
fn dates(
    v: &Visitor,
    from: &str,
    to: &str,
) -> Result<(jiff::civil::Date, jiff::civil::Date), String> {
    match (
        from.trim().parse::<jiff::civil::Date>(),
        to.trim().parse::<jiff::civil::Date>(),
    ) {
        (Ok(f), Ok(t)) if f <= t => Ok((f, t)),
        _ => Err(v.t("impact-data-bad-dates")),
    }
}

pub(super) async fn jobs(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(f): Form<JobsForm>,
) -> Response {
    let (id, subject) = match v.posted(&id, &f.csrf) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if decide(Some(&subject), id, Action::Update) != Decision::Allowed {
        return v.failure(ApiError::Forbidden(
            "Only the organization's admins declare its jobs.".into(),
        ));
    }
    let (from, to) = match dates(&v, &f.valid_from, &f.valid_to) {
        Ok(d) => d,
        Err(e) => return page(&state, &v, id, None, Some(e)).await,
    };
    let fte = match bayanihan_app::reports::hundredths(&f.fte) {
        Ok(h) if h > 0 => h,
        _ => return page(&state, &v, id, None, Some(v.t("impact-data-bad-fte"))).await,
    };
    let gender = Gender::parse(&f.gender).ok();
    match state
        .store
        .declare_jobs(id, from, to, gender, fte, Some(subject.person_id))
        .await
    {
        Ok(_) => page(&state, &v, id, Some(v.t("impact-data-saved")), None).await,
        Err(e) => v.failure(e),
    }
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
    Path(id): Path<String>,
    Form(f): Form<PriceForm>,
) -> Response {
    let (id, subject) = match v.posted(&id, &f.csrf) {
        Ok(x) => x,
        Err(r) => return r,
    };
    if decide(Some(&subject), id, Action::ManageCatalog) != Decision::Allowed {
        return v.failure(ApiError::Forbidden(
            "Only the producer's admins record its reference prices.".into(),
        ));
    }
    let (org, product) =
        match tokio::try_join!(state.store.organization(id), state.store.product(f.product)) {
            Ok(x) => x,
            Err(e) => return v.failure(e),
        };
    if product.organization_id != id {
        return v.not_found();
    }
    let (from, to) = match dates(&v, &f.valid_from, &f.valid_to) {
        Ok(d) => d,
        Err(e) => return page(&state, &v, id, None, Some(e)).await,
    };
    let price = match Money::parse_decimal(f.price.trim(), org.currency) {
        Ok(m) if m.minor() > 0 => m,
        _ => return page(&state, &v, id, None, Some(v.t("impact-data-bad-price"))).await,
    };
    if f.source.trim().is_empty() {
        return page(&state, &v, id, None, Some(v.t("impact-data-bad-source"))).await;
    }
    let region = Some(f.region.trim()).filter(|r| !r.is_empty());
    match state
        .store
        .add_reference_price(
            f.product,
            region,
            from,
            to,
            price.currency(),
            price.minor(),
            f.source.trim(),
        )
        .await
    {
        Ok(_) => page(&state, &v, id, Some(v.t("impact-data-saved")), None).await,
        Err(e) => v.failure(e),
    }
}
