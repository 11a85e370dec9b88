//! A producer's catalogue in the pages: its products with their photos, and for its admins
//! the forms to add and edit products and to upload or remove a photo.

use axum::extract::Multipart;
use bayanihan_domain::trade::catalog::{Category, Packaging, ProductInput};
use bayanihan_domain::Qualifier;

use super::*;

/// The product form's fields as typed, kept when the form is shown again.
#[derive(Default, Clone)]
pub(super) struct ProductFormValues {
    name: String,
    description: String,
    category: String,
    unit: String,
    unit_mass_kg: String,
    packaging: String,
    qualifiers: Vec<String>,
}

impl ProductFormValues {
    /// The form's token and fields from a urlencoded body (`qualifiers` repeats).
    fn from_body(body: &str) -> (String, Self) {
        let mut csrf = String::new();
        let mut f = ProductFormValues::default();
        for (k, val) in form_urlencoded::parse(body.as_bytes()) {
            let val = val.into_owned();
            match k.as_ref() {
                "csrf" => csrf = val,
                "name" => f.name = val,
                "description" => f.description = val,
                "category" => f.category = val,
                "unit" => f.unit = val,
                "unit_mass_kg" => f.unit_mass_kg = val,
                "packaging" => f.packaging = val,
                "qualifiers" => f.qualifiers.push(val),
                _ => {}
            }
        }
        (csrf, f)
    }

    /// Whether qualifier `q` is ticked.
    pub(super) fn has(&self, q: &str) -> bool {
        self.qualifiers.iter().any(|x| x == q)
    }

    fn of(p: &bayanihan_store::trade::Product) -> Self {
        ProductFormValues {
            name: p.name.clone(),
            description: p.description.clone().unwrap_or_default(),
            category: p.category.id().into(),
            unit: p.unit.clone(),
            // Grams as kilograms, without trailing zeros.
            unit_mass_kg: {
                let s = format!("{}.{:03}", p.unit_mass_g / 1000, p.unit_mass_g % 1000);
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            },
            packaging: p.packaging.map(|x| x.id().to_string()).unwrap_or_default(),
            qualifiers: p.qualifiers.iter().map(|q| q.id().to_string()).collect(),
        }
    }

    /// The use case's input; a mass that is not a number is refused here, naming the field.
    fn input(
        &self,
        origin: Option<bayanihan_domain::geo::LocationInput>,
    ) -> Result<ProductInput, Invalid> {
        let typed = self.unit_mass_kg.trim();
        // "0,5" is how half a kilo is written in much of the region; "1,000.5" keeps its comma
        // as a thousands separator.
        let plain = if typed.contains(',') && !typed.contains('.') {
            typed.replace(',', ".")
        } else {
            typed.replace(',', "")
        };
        let mass = plain.parse::<f64>().ok().filter(|m| m.is_finite());
        if mass.is_none() {
            return Err(Invalid::field(
                "unit_mass_kg",
                "is not a number of kilograms, such as 0.5",
            ));
        }
        let text = |s: &str| Some(s.to_string()).filter(|s| !s.trim().is_empty());
        Ok(ProductInput {
            name: Some(self.name.clone()),
            category: Some(self.category.clone()),
            unit: Some(self.unit.clone()),
            unit_mass_kg: mass,
            qualifiers: Some(self.qualifiers.clone()),
            origin,
            packaging: text(&self.packaging),
            description: text(&self.description),
        })
    }
}

use bayanihan_domain::Invalid;

/// The choices of the product form, in the reader's language.
type Choices = Vec<(&'static str, String)>;

fn choices(lang: Lang) -> (Choices, Choices, Choices) {
    (
        Category::ALL
            .iter()
            .map(|c| (c.id(), tr(lang, &format!("category-{}", c.id()))))
            .collect(),
        Packaging::ALL
            .iter()
            .map(|p| (p.id(), tr(lang, &format!("packaging-{}", p.id()))))
            .collect(),
        Qualifier::ALL
            .iter()
            .map(|q| (q.id(), tr(lang, &format!("qualifier-{}", q.id()))))
            .collect(),
    )
}

/// One product of the list.
pub(super) struct ProductRow {
    id: Uuid,
    name: String,
    unit: String,
    category: String,
    qualifiers: String,
    description: Option<String>,
    photo: Option<String>,
}

#[derive(Template)]
#[template(path = "catalogue.html")]
pub(super) struct CataloguePage {
    c: Chrome,
    org_id: Uuid,
    org_name: String,
    notice: Option<String>,
    error: Option<String>,
    products: Vec<ProductRow>,
    can_edit: bool,
    f: ProductFormValues,
    categories: Choices,
    packagings: Choices,
    qualifiers: Choices,
}

#[derive(Template)]
#[template(path = "product.html")]
pub(super) struct ProductPage {
    c: Chrome,
    id: Uuid,
    org_id: Uuid,
    org_name: String,
    name: String,
    summary: String,
    description: Option<String>,
    /// (address, width, height).
    photo: Option<(String, u32, u32)>,
    notice: Option<String>,
    error: Option<String>,
    can_edit: bool,
    f: ProductFormValues,
    categories: Choices,
    packagings: Choices,
    qualifiers: Choices,
}

fn photo_src(p: &bayanihan_store::trade::Product) -> Option<String> {
    p.photo
        .as_ref()
        .map(|v| format!("/products/{}/photo?v={v}", p.id))
}

fn qualifier_text(lang: Lang, p: &bayanihan_store::trade::Product) -> String {
    p.qualifiers
        .iter()
        .map(|q| tr(lang, &format!("qualifier-{}", q.id())))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn catalogue_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    notice: Option<String>,
    error: Option<String>,
    kept: Option<ProductFormValues>,
) -> PageResult {
    let o = bayanihan_app::organizations::organization(&state.store, org)
        .await
        .or_page(v)?;
    let mut products = bayanihan_app::organizations::products(&state.store, org)
        .await
        .or_page(v)?;
    products.sort_by(|a, b| bayanihan_domain::text::natural_cmp(&a.name, &b.name));
    let (categories, packagings, qualifiers) = choices(v.lang);
    let page = CataloguePage {
        c: v.chrome(format!("{} — {}", v.t("catalogue-title"), o.name)),
        org_id: org,
        org_name: o.name,
        notice,
        error: error.clone(),
        products: products
            .iter()
            .map(|p| ProductRow {
                id: p.id,
                name: p.name.clone(),
                unit: p.unit.clone(),
                category: tr(v.lang, &format!("category-{}", p.category.id())),
                qualifiers: qualifier_text(v.lang, p),
                description: p.description.clone(),
                photo: photo_src(p),
            })
            .collect(),
        can_edit: bayanihan_app::catalogue::manages(v.caller.subject.as_ref(), org),
        f: kept.unwrap_or_else(|| ProductFormValues {
            category: "vegetables".into(),
            ..Default::default()
        }),
        categories,
        packagings,
        qualifiers,
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

#[derive(Deserialize)]
pub(super) struct NoticeQuery {
    saved: Option<String>,
    photo: Option<String>,
    removed: Option<String>,
}

pub(super) async fn catalogue(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
) -> PageResult {
    catalogue_page(&state, &v, org, None, None, None).await
}

pub(super) async fn add_product(
    State(state): State<AppState>,
    v: Visitor,
    PathId(org): PathId,
    body: String,
) -> PageResult {
    let (csrf, f) = ProductFormValues::from_body(&body);
    let subject = v.posted(&csrf)?;
    let origin = bayanihan_app::organizations::organization(&state.store, org)
        .await
        .or_page(&v)?
        .location
        .map(|l| bayanihan_domain::geo::LocationInput {
            lat: l.lat.degrees(),
            lon: l.lon.degrees(),
        });
    let added = match f.input(origin) {
        Ok(input) => bayanihan_app::trade::add_product(&state.store, Some(&subject), org, &input)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(ApiError::Invalid(e)),
    };
    match added {
        Ok(p) => Ok(Redirect::to(&format!("/products/{}?saved=1", p.id)).into_response()),
        Err(e @ ApiError::Invalid(_)) => {
            let msg = v.explain(&e);
            catalogue_page(&state, &v, org, None, Some(msg), Some(f)).await
        }
        Err(e) => Err(v.failure(e)),
    }
}

async fn product_page(
    state: &AppState,
    v: &Visitor,
    id: Uuid,
    notice: Option<String>,
    error: Option<String>,
    kept: Option<ProductFormValues>,
) -> PageResult {
    let p = bayanihan_app::catalogue::product(&state.store, id)
        .await
        .or_page(v)?;
    let org = bayanihan_app::organizations::organization(&state.store, p.organization_id)
        .await
        .or_page(v)?;
    let (categories, packagings, qualifiers) = choices(v.lang);
    let photo = match (&p.photo, photo_src(&p)) {
        (Some(_), Some(src)) => bayanihan_app::catalogue::photo(&state.store, id)
            .await
            .ok()
            .flatten()
            .map(|ph| (src, ph.width, ph.height)),
        _ => None,
    };
    let mut summary = vec![
        format!("{}: {}", v.t("field-unit"), p.unit),
        tr(v.lang, &format!("category-{}", p.category.id())),
    ];
    if let Some(pk) = p.packaging {
        summary.push(tr(v.lang, &format!("packaging-{}", pk.id())));
    }
    let quals = qualifier_text(v.lang, &p);
    if !quals.is_empty() {
        summary.push(quals);
    }
    let page = ProductPage {
        c: v.chrome(p.name.clone()),
        id,
        org_id: org.id,
        org_name: org.name,
        name: p.name.clone(),
        summary: summary.join(" · "),
        description: p.description.clone(),
        photo,
        notice,
        error: error.clone(),
        can_edit: bayanihan_app::catalogue::manages(v.caller.subject.as_ref(), p.organization_id),
        f: kept.unwrap_or_else(|| ProductFormValues::of(&p)),
        categories,
        packagings,
        qualifiers,
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

pub(super) async fn product(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    axum::extract::Query(q): axum::extract::Query<NoticeQuery>,
) -> PageResult {
    let notice = if q.saved.is_some() {
        Some(v.t("catalogue-saved"))
    } else if q.photo.is_some() {
        Some(v.t("catalogue-photo-saved"))
    } else if q.removed.is_some() {
        Some(v.t("catalogue-photo-removed"))
    } else {
        None
    };
    product_page(&state, &v, id, notice, None, None).await
}

pub(super) async fn save_product(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    body: String,
) -> PageResult {
    let (csrf, f) = ProductFormValues::from_body(&body);
    let subject = v.posted(&csrf)?;
    let current = bayanihan_app::catalogue::product(&state.store, id)
        .await
        .or_page(&v)?;
    // The form does not show the origin: it stays as it was.
    let origin = current
        .origin
        .map(|l| bayanihan_domain::geo::LocationInput {
            lat: l.lat.degrees(),
            lon: l.lon.degrees(),
        });
    let saved = match f.input(origin) {
        Ok(input) => {
            bayanihan_app::catalogue::update_product(&state.store, Some(&subject), id, &input)
                .await
                .map_err(ApiError::from)
        }
        Err(e) => Err(ApiError::Invalid(e)),
    };
    match saved {
        Ok(_) => Ok(Redirect::to(&format!("/products/{id}?saved=1")).into_response()),
        Err(e @ ApiError::Invalid(_)) => {
            let msg = v.explain(&e);
            product_page(&state, &v, id, None, Some(msg), Some(f)).await
        }
        Err(e) => Err(v.failure(e)),
    }
}

/// The photo form: its token and the file, read from a multipart body.
pub(super) async fn upload_photo(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    form: Multipart,
) -> PageResult {
    let mut fields = multipart_fields(&v, form).await?;
    let csrf = String::from_utf8_lossy(&fields.remove("csrf").unwrap_or_default()).into_owned();
    let subject = v.posted(&csrf)?;
    let upload = fields.remove("photo").unwrap_or_default();
    match bayanihan_app::catalogue::set_photo(&state.store, Some(&subject), id, &upload)
        .await
        .map_err(ApiError::from)
    {
        Ok(_) => Ok(Redirect::to(&format!("/products/{id}?photo=1")).into_response()),
        // The image library's own words stay out: what a photo must be, translated.
        Err(ApiError::Invalid(_)) => {
            product_page(&state, &v, id, None, Some(v.t("catalogue-photo-bad")), None).await
        }
        Err(e) => Err(v.failure(e)),
    }
}

pub(super) async fn remove_photo(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<ConfirmForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    v.unconfirmed(&f.confirm)?;
    bayanihan_app::catalogue::remove_photo(&state.store, Some(&subject), id)
        .await
        .or_page(&v)?;
    Ok(Redirect::to(&format!("/products/{id}?removed=1")).into_response())
}

/// The photo itself (public), kept by browsers for a year: its address names its version.
pub(super) async fn photo(
    State(state): State<AppState>,
    PathId(id): PathId,
    headers: axum::http::HeaderMap,
) -> Response {
    match bayanihan_app::catalogue::photo(&state.store, id).await {
        Ok(Some(p)) => crate::media::photo_response(&p, &headers, true),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
