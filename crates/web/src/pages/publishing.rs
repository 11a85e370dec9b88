//! Publishing an organization (its admins), approving members for a network's map (the
//! network's admins).

use super::*;
use bayanihan_domain::interop::essglobal;

#[derive(Template)]
#[template(path = "publish.html")]
pub(super) struct PublishPage {
    c: Chrome,
    id: Uuid,
    name: String,
    notice: Option<String>,
    published: bool,
    website: String,
    gender_counts: bool,
    /// The Murmurations index registration, in words.
    index: Option<String>,
    /// (label of the scheme, label of the concept) of the ESSGlobal classification.
    essglobal: Vec<(String, String)>,
    /// For a network's admins: (member, name, published, approved).
    members: Vec<(Uuid, String, bool, bool)>,
    is_network: bool,
    /// Whether the network's approvals count on the public map (see
    /// `bayanihan_app::publishing::recognise_network`).
    recognised: bool,
}

#[derive(Deserialize)]
pub(super) struct PublishQuery {
    saved: Option<String>,
}

pub(super) async fn page(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    axum::extract::Query(q): axum::extract::Query<PublishQuery>,
) -> PageResult {
    let subject = v.signed_in()?;
    let caller = Some(&subject);
    let (publication, node) = bayanihan_app::publishing::publication(&state.store, caller, id)
        .await
        .or_page(&v)?;
    let org = bayanihan_app::organizations::organization(&state.store, id)
        .await
        .or_page(&v)?;
    let index = node
        .filter(|_| state.config.murmurations_index.is_some())
        .map(|n| match (n.pending, n.present, n.last_error.is_some()) {
            (true, _, true) => v.t("publish-index-failing"),
            (true, _, false) => v.t("publish-index-pending"),
            (false, true, _) => v.t("publish-index-registered"),
            (false, false, _) => v.t("publish-index-deleted"),
        });
    let lang = v.lang.code();
    let (lf, os, bmt) = essglobal::classify(org.kind);
    let mut classification: Vec<(String, String)> = [
        (v.t("publish-essglobal-legal-form"), lf),
        (v.t("publish-essglobal-structure"), os),
        (v.t("publish-essglobal-membership"), bmt),
    ]
    .into_iter()
    .filter_map(|(k, c)| c.map(|c| (k, c.label(lang).to_string())))
    .collect();
    // Two qualifiers may read as one concept (PGS as Organic): each once.
    let mut quals: Vec<&str> = org
        .qualifiers
        .iter()
        .map(|q| essglobal::qualifier(*q).label(lang))
        .collect();
    quals.sort();
    quals.dedup();
    if !quals.is_empty() {
        classification.push((v.t("publish-essglobal-qualifiers"), quals.join(", ")));
    }
    let is_network = org.kind == OrgKind::Network;
    let mut members = Vec::new();
    let mut recognised = true;
    if is_network {
        recognised = bayanihan_app::publishing::approvals_count(&state.store, id)
            .await
            .or_page(&v)?;
        let states = bayanihan_app::publishing::listing_states(&state.store, caller, id)
            .await
            .or_page(&v)?;
        let links = bayanihan_app::organizations::network_links(&state.store, id)
            .await
            .or_page(&v)?;
        let active: Vec<Uuid> = links
            .iter()
            .filter(|l| {
                l.network_id == id && l.status == bayanihan_domain::NetworkMembershipStatus::Active
            })
            .map(|l| l.member_id)
            .collect();
        let names = names_of(&state, active.clone()).await;
        for m in active {
            let (published, approved) = states.get(&m).copied().unwrap_or((false, false));
            members.push((
                m,
                names.get(&m).cloned().unwrap_or_default(),
                published,
                approved,
            ));
        }
        members.sort_by(|a, b| a.1.cmp(&b.1));
    }
    let page = PublishPage {
        c: v.chrome(v.t("publish-title")),
        id,
        name: org.name,
        notice: q.saved.map(|_| v.t("publish-saved")),
        published: publication.is_some(),
        website: publication
            .as_ref()
            .and_then(|p| p.website.clone())
            .unwrap_or_default(),
        gender_counts: publication.as_ref().is_some_and(|p| p.gender_counts),
        index,
        essglobal: classification,
        members,
        is_network,
        recognised,
    };
    Ok(v.render(StatusCode::OK, &page))
}

#[derive(Deserialize)]
pub(super) struct PublishForm {
    csrf: String,
    website: Option<String>,
    gender_counts: Option<String>,
}

pub(super) async fn publish(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<PublishForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let input = bayanihan_domain::publication::PublicationInput {
        website: f.website,
        gender_counts: Some(f.gender_counts.is_some()),
    };
    bayanihan_app::publishing::publish(&state.store, Some(&subject), id, &input)
        .await
        .or_page(&v)?;
    state.murmurations_nudge();
    Ok(Redirect::to(&format!("/organizations/{id}/publish?saved=1")).into_response())
}

#[derive(Deserialize)]
pub(super) struct UnpublishForm {
    csrf: String,
    confirm: Option<String>,
}

pub(super) async fn unpublish(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<UnpublishForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    if f.confirm.is_none() {
        return Err(v.message(
            StatusCode::UNPROCESSABLE_ENTITY,
            v.t("publish-confirm-needed"),
            v.t("publish-confirm-needed-text"),
        ));
    }
    bayanihan_app::publishing::unpublish(&state.store, Some(&subject), id)
        .await
        .or_page(&v)?;
    state.murmurations_nudge();
    Ok(Redirect::to(&format!("/organizations/{id}/publish?saved=1")).into_response())
}

#[derive(Deserialize)]
pub(super) struct ListingForm {
    csrf: String,
    member: String,
    /// `1` approves, `0` withdraws.
    approve: String,
}

pub(super) async fn listing(
    State(state): State<AppState>,
    v: Visitor,
    PathId(network): PathId,
    Form(f): Form<ListingForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let Ok(member) = Uuid::parse_str(&f.member) else {
        return Err(v.not_found());
    };
    let approve = match f.approve.as_str() {
        "1" => true,
        "0" => false,
        _ => {
            return Err(v.failure(bayanihan_domain::Invalid::field(
                "approve",
                "must be 1 or 0",
            )))
        }
    };
    bayanihan_app::publishing::approve_listing(
        &state.store,
        Some(&subject),
        network,
        member,
        approve,
    )
    .await
    .or_page(&v)?;
    Ok(Redirect::to(&format!("/organizations/{network}/publish?saved=1")).into_response())
}
