//! The directory, organization pages (with the network overview) and members administration.

use super::*;

#[derive(Template)]
#[template(path = "directory.html")]
pub(super) struct DirectoryPage {
    c: Chrome,
    country: String,
    kinds: Vec<(&'static str, String, bool)>,
    qualifiers: Vec<(&'static str, String, bool)>,
    networks: Vec<(Uuid, String, bool)>,
    error: Option<String>,
    count_text: String,
    rows: Vec<(Uuid, String, String, String)>,
    prev: Option<String>,
    next: Option<String>,
    /// The same list as CSV (every page of it).
    csv: String,
}

#[derive(Template)]
#[template(path = "organization.html")]
pub(super) struct OrganizationPage {
    c: Chrome,
    id: Uuid,
    is_member: bool,
    is_coordinator: bool,
    is_admin: bool,
    /// A self-help group: it keeps a book of savings and loans.
    keeps_book: bool,
    /// A network: its groups' loan portfolio.
    is_network: bool,
    /// For a network seen by its stewards: (how many inside, outstanding per currency).
    network: Option<(String, Vec<String>)>,
    name: String,
    description: Option<String>,
    kind: String,
    country: String,
    region: Option<String>,
    roles: String,
    qualifiers: String,
    currency: String,
    networks: Vec<(Uuid, String)>,
    products: Vec<String>,
    /// The visitor may add and edit this organization's products.
    manages_catalogue: bool,
    /// For those who speak for this organization: its links with networks, pending ones too.
    links: Vec<LinkRow>,
    /// Networks the visitor administers that may invite this organization: (id, name).
    invite_into: Vec<(Uuid, String)>,
    /// For a network: organizations the visitor administers that may apply to it.
    apply_for: Vec<(Uuid, String)>,
    notice: Option<String>,
}

/// A link between a network and a member organization, with what the visitor may do to it.
pub(super) struct LinkRow {
    network: Uuid,
    member: Uuid,
    /// The other side's id and name.
    other: (Uuid, String),
    status: String,
    /// (target status id, button label, asks for confirmation).
    actions: Vec<(&'static str, String, bool)>,
}

pub(super) async fn directory(
    State(state): State<AppState>,
    v: Visitor,
    q: Result<axum::extract::Query<DirectoryForm>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let form = q.map(|q| q.0).unwrap_or_default();
    let params: ListParams = match form.params() {
        Ok(p) => p,
        Err(e) => return v.message(StatusCode::UNPROCESSABLE_ENTITY, v.t("directory-title"), e),
    };
    let country = params.country.clone().unwrap_or_default();
    let kind_sel = params.kind.clone().unwrap_or_default();
    let kinds = OrgKind::ALL
        .iter()
        .map(|k| (k.id(), kind_label(v.lang, *k), k.id() == kind_sel))
        .collect();
    let qualifier_sel = params.qualifier.clone().unwrap_or_default();
    let network_sel = params.network.clone().unwrap_or_default();
    let networks = bayanihan_app::organizations::networks(&state.store, 200)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|n| (n.id, n.name, n.id.to_string() == network_sel))
        .collect();
    let mut page = DirectoryPage {
        c: v.chrome(v.t("directory-title")),
        country,
        kinds,
        qualifiers: bayanihan_domain::Qualifier::ALL
            .iter()
            .map(|q| {
                (
                    q.id(),
                    tr(v.lang, &format!("qualifier-{}", q.id())),
                    q.id() == qualifier_sel,
                )
            })
            .collect(),
        networks,
        error: None,
        count_text: String::new(),
        rows: Vec::new(),
        prev: None,
        next: None,
        csv: format!(
            "/organizations.csv{}",
            v.path.find('?').map_or("", |i| &v.path[i..])
        ),
    };
    let result = match bayanihan_app::organizations::directory(&state.store, &params).await {
        Ok(r) => r,
        Err(bayanihan_app::AppError::Invalid(inv)) => {
            let reason = inv
                .errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.reason))
                .collect::<Vec<_>>()
                .join("; ");
            page.error = Some(tr_args(
                v.lang,
                "directory-bad-filter",
                &[("reason", FluentValue::from(reason))],
            ));
            return v.render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
        Err(e) => return v.failure(e),
    };
    // Read once more for the paging links (the use case accepted them just now).
    let (_, limit, offset) = parse_filter(&params).unwrap_or_default();
    page.count_text = tr_args(
        v.lang,
        "directory-count",
        &[("count", FluentValue::from(result.total as f64))],
    );
    page.rows = result
        .items
        .iter()
        .map(|o| {
            (
                o.id,
                o.name.clone(),
                kind_label(v.lang, o.kind),
                o.country.name().to_string(),
            )
        })
        .collect();
    let link = |off: i64| {
        let mut q = format!("/organizations?offset={off}&limit={limit}");
        if !page.country.is_empty() {
            q.push_str(&format!("&country={}", page.country));
        }
        if !kind_sel.is_empty() {
            q.push_str(&format!("&kind={kind_sel}"));
        }
        if !qualifier_sel.is_empty() {
            q.push_str(&format!("&qualifier={qualifier_sel}"));
        }
        if !network_sel.is_empty() {
            q.push_str(&format!("&network={network_sel}"));
        }
        q
    };
    if offset > 0 {
        page.prev = Some(link((offset - limit).max(0)));
    }
    if offset + limit < result.total {
        page.next = Some(link(offset + limit));
    }
    v.render(StatusCode::OK, &page)
}

/// The directory's filter form: every field a string, an empty one meaning "any".
#[derive(Deserialize, Default)]
pub(super) struct DirectoryForm {
    country: Option<String>,
    kind: Option<String>,
    network: Option<String>,
    qualifier: Option<String>,
    q: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

impl DirectoryForm {
    fn params(&self) -> Result<ListParams, String> {
        let text = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        let num = |field: &str, v: &Option<String>| -> Result<Option<i64>, String> {
            match text(v) {
                None => Ok(None),
                Some(s) => s
                    .trim()
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("{field}: \"{s}\" is not a whole number")),
            }
        };
        Ok(ListParams {
            country: text(&self.country),
            kind: text(&self.kind),
            network: text(&self.network),
            qualifier: text(&self.qualifier),
            q: text(&self.q),
            limit: num("limit", &self.limit)?,
            offset: num("offset", &self.offset)?,
        })
    }
}

pub(super) async fn organization(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
) -> PageResult {
    let org = bayanihan_app::organizations::organization(&state.store, id)
        .await
        .or_page(&v)?;
    let mut networks = Vec::new();
    // Names are decoration, links too: a failure leaves them out rather than failing the page.
    let links_here = bayanihan_app::organizations::network_links(&state.store, id)
        .await
        .unwrap_or_default();
    {
        let ms = &links_here;
        let others: Vec<Uuid> = ms
            .iter()
            .filter(|m| m.status == bayanihan_domain::NetworkMembershipStatus::Active)
            .map(|m| {
                if m.member_id == id {
                    m.network_id
                } else {
                    m.member_id
                }
            })
            .collect();
        let names = names_of(&state, others.clone()).await;
        networks.extend(
            others
                .into_iter()
                .filter_map(|o| names.get(&o).map(|n| (o, n.clone()))),
        );
    }
    let products = bayanihan_app::organizations::products(&state.store, id)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|p| format!("{} ({})", p.name, p.unit))
        .collect();
    let role = v
        .caller
        .subject
        .as_ref()
        .map_or(Role::Public, |s| s.role_in(id));
    let network = if org.kind == OrgKind::Network {
        bayanihan_app::organizations::network_summary(&state.store, v.caller.subject.as_ref(), id)
            .await
            .unwrap_or_default()
            .map(|(inside, sums)| {
                (
                    tr_args(
                        v.lang,
                        "network-inside",
                        &[("count", FluentValue::from(inside as f64))],
                    ),
                    sums.iter().map(|m| format_money(v.lang, *m)).collect(),
                )
            })
    } else {
        None
    };
    let (links, invite_into, apply_for) = match &v.caller.subject {
        Some(subject) => link_controls(&state, &v, subject, &org, &links_here).await,
        None => Default::default(),
    };
    let notice = v.path.contains("links=1").then(|| v.t("links-saved"));
    let page = OrganizationPage {
        c: v.chrome(org.name.clone()),
        links,
        invite_into,
        apply_for,
        notice,
        id,
        is_member: role >= Role::Member,
        is_coordinator: role >= Role::Coordinator,
        is_admin: role >= Role::Admin,
        keeps_book: org.kind == OrgKind::SelfHelpGroup,
        is_network: org.kind == OrgKind::Network,
        network,
        name: org.name.clone(),
        description: org.description.clone(),
        kind: kind_label(v.lang, org.kind),
        country: org.country.name().to_string(),
        region: org.region.clone(),
        roles: org
            .roles
            .iter()
            .map(|r| tr(v.lang, &format!("vcrole-{}", r.id())))
            .collect::<Vec<_>>()
            .join(", "),
        qualifiers: org
            .qualifiers
            .iter()
            .map(|q| tr(v.lang, &format!("qualifier-{}", q.id())))
            .collect::<Vec<_>>()
            .join(", "),
        currency: org.currency.code().to_string(),
        networks,
        products,
        manages_catalogue: bayanihan_app::catalogue::manages(v.caller.subject.as_ref(), id),
    };
    Ok(v.render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "members.html")]
pub(super) struct MembersPage {
    c: Chrome,
    id: Uuid,
    name: String,
    notice: Option<String>,
    error: Option<String>,
    /// (person, name, roles, stake)
    members: Vec<(Uuid, String, String, String)>,
    can_remove: bool,
    /// The visitor may give members a way in (invitations, password resets).
    can_invite: bool,
    /// Roles the visitor may grant: (id, label); empty when they may add no one.
    roles: Vec<(&'static str, String)>,
    stakes: Vec<(&'static str, String)>,
    kept_email: String,
    kept_name: String,
}

pub(super) async fn members_page(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    notice: Option<String>,
    error: Option<String>,
    kept: (String, String),
) -> PageResult {
    use bayanihan_domain::person::{MembershipRole, StakeholderCategory};
    let subject = v.signed_in()?;
    let mut members = bayanihan_app::organizations::members(&state.store, Some(&subject), org)
        .await
        .or_page(v)?;
    // As people read a list: Household 2 before Household 10.
    members.sort_by(|a, b| bayanihan_domain::text::natural_cmp(&a.person_name, &b.person_name));
    let o = bayanihan_app::organizations::organization(&state.store, org)
        .await
        .or_page(v)?;
    let grantable = |r: MembershipRole| {
        decide(
            Some(&subject),
            org,
            Action::ManageMembership {
                grants: &[r],
                current: &[],
            },
        ) == Decision::Allowed
    };
    let page = MembersPage {
        c: v.chrome(v.t("members-title")),
        id: org,
        name: o.name,
        notice,
        error: error.clone(),
        members: members
            .iter()
            .map(|m| {
                (
                    m.person_id,
                    m.person_name.clone(),
                    m.roles
                        .iter()
                        .map(|r| tr(v.lang, &format!("role-{}", r.id())))
                        .collect::<Vec<_>>()
                        .join(", "),
                    m.stakeholder
                        .map(|s| tr(v.lang, &format!("stakeholder-{}", s.id())))
                        .unwrap_or_default(),
                )
            })
            .collect(),
        can_remove: subject.role_in(org) >= Role::Admin,
        can_invite: subject.role_in(org) >= Role::Coordinator,
        roles: MembershipRole::ALL
            .iter()
            .filter(|r| grantable(**r))
            .map(|r| (r.id(), tr(v.lang, &format!("role-{}", r.id()))))
            .collect(),
        stakes: StakeholderCategory::ALL
            .iter()
            .map(|s| (s.id(), tr(v.lang, &format!("stakeholder-{}", s.id()))))
            .collect(),
        kept_email: kept.0,
        kept_name: kept.1,
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

#[derive(Deserialize)]
pub(super) struct MembersQuery {
    added: Option<String>,
}

pub(super) async fn members(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    axum::extract::Query(q): axum::extract::Query<MembersQuery>,
) -> PageResult {
    members_page(
        &state,
        &v,
        id,
        q.added.map(|_| v.t("members-added")),
        None,
        Default::default(),
    )
    .await
}

#[derive(Deserialize)]
pub(super) struct AddMemberForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    stakeholder: String,
}

pub(super) async fn add_member(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<AddMemberForm>,
) -> PageResult {
    let kept = (f.email.clone(), f.name.clone());
    if !v.csrf_ok(&f.csrf) {
        let page = members_page(&state, &v, id, None, Some(v.t("error-csrf")), kept).await?;
        return Err(with_status(page, StatusCode::FORBIDDEN));
    }
    let req = bayanihan_app::organizations::NewMember {
        email: f.email.clone(),
        name: Some(f.name.clone()).filter(|n| !n.trim().is_empty()),
        roles: vec![f.role.clone()],
        stakeholder: Some(f.stakeholder.clone()).filter(|s| !s.is_empty()),
        since: None,
    };
    match bayanihan_app::organizations::add_member(
        &state.store,
        v.caller.subject.as_ref(),
        id,
        &req,
    )
    .await
    .map_err(ApiError::from)
    {
        Ok(_) => Ok(Redirect::to(&format!("/organizations/{id}/members?added=1")).into_response()),
        Err(ApiError::Conflict(bayanihan_domain::Conflict::AlreadyMember)) => {
            members_page(
                &state,
                &v,
                id,
                None,
                Some(v.t("members-error-exists")),
                kept,
            )
            .await
        }
        Err(e @ (ApiError::Invalid(_) | ApiError::Forbidden(_))) => {
            let msg = v.explain(&e);
            let page = members_page(&state, &v, id, None, Some(msg), kept).await?;
            Err(with_status(page, e.status()))
        }
        Err(e) => Err(v.failure(e)),
    }
}

/// The members page again with a refusal said in the reader's language, and its status.
async fn members_refusal(
    state: &AppState,
    v: &Visitor,
    org: Uuid,
    message: String,
    status: StatusCode,
) -> PageResult {
    let page = members_page(state, v, org, None, Some(message), Default::default()).await?;
    Err(with_status(page, status))
}

pub(super) async fn remove_member(
    State(state): State<AppState>,
    v: Visitor,
    PathId((id, person)): PathId<(Uuid, Uuid)>,
    Form(f): Form<ConfirmForm>,
) -> PageResult {
    let subject = v.signed_in()?;
    if !v.csrf_ok(&f.csrf) {
        return members_refusal(&state, &v, id, v.t("error-csrf"), StatusCode::FORBIDDEN).await;
    }
    // Those who may remove (the page shows them the button) tick to confirm; the use case
    // refuses everyone else.
    if subject.role_in(id) >= Role::Admin {
        v.unconfirmed(&f.confirm)?;
    }
    let removed =
        bayanihan_app::organizations::remove_member(&state.store, Some(&subject), id, person);
    match removed.await {
        Ok(()) => Ok(Redirect::to(&format!("/organizations/{id}/members")).into_response()),
        Err(bayanihan_app::AppError::Conflict(bayanihan_domain::Conflict::LastAdmin)) => {
            members_refusal(
                &state,
                &v,
                id,
                v.t("members-error-last-admin"),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(v.failure(e)),
    }
}

/// Erases a member's personal data on their request (an admin of every organization they
/// belong to; a ticked box first: it cannot be undone).
pub(super) async fn erase_member(
    State(state): State<AppState>,
    v: Visitor,
    PathId((id, person)): PathId<(Uuid, Uuid)>,
    Form(f): Form<ConfirmForm>,
) -> PageResult {
    use bayanihan_app::AppError;
    use bayanihan_domain::Conflict;
    let subject = v.signed_in()?;
    if !v.csrf_ok(&f.csrf) {
        return members_refusal(&state, &v, id, v.t("error-csrf"), StatusCode::FORBIDDEN).await;
    }
    // Only this organization's admins see the form; anyone else is refused as such (the use
    // case decides too, over every organization of the person).
    if subject.role_in(id) < Role::Admin {
        return Err(v.failure(AppError::NotPermitted(
            "Only an admin of every organization this person belongs to can erase their data."
                .into(),
        )));
    }
    // The person must be a member here: an id from elsewhere is not this page's to erase.
    if bayanihan_app::organizations::members(&state.store, Some(&subject), id)
        .await
        .or_page(&v)?
        .iter()
        .all(|m| m.person_id != person)
    {
        return Err(v.failure(AppError::NotFound("membership")));
    }
    v.unconfirmed(&f.confirm)?;
    let (message, status) =
        match bayanihan_app::privacy::erase(&state.store, Some(&subject), person).await {
            Ok(()) => {
                let notice = Some(v.t("members-erased"));
                return members_page(&state, &v, id, notice, None, Default::default()).await;
            }
            Err(AppError::Conflict(Conflict::LastAdmin)) => {
                (v.t("members-error-last-admin"), StatusCode::CONFLICT)
            }
            Err(AppError::Conflict(Conflict::JoinedRecently)) => {
                (v.t("members-erase-recent"), StatusCode::CONFLICT)
            }
            Err(AppError::NotPermitted(_)) => {
                (v.t("members-erase-elsewhere"), StatusCode::FORBIDDEN)
            }
            Err(e) => return Err(v.failure(e)),
        };
    members_refusal(&state, &v, id, message, status).await
}

type LinkControls = (Vec<LinkRow>, Vec<(Uuid, String)>, Vec<(Uuid, String)>);

/// What the organization page offers a signed-in visitor about network links: the links of an
/// organization they speak for (with the changes the consent rules allow them), the networks
/// they administer that could invite it, and (on a network's page) the organizations they
/// administer that could apply.
async fn link_controls(
    state: &AppState,
    v: &Visitor,
    subject: &bayanihan_domain::Subject,
    org: &bayanihan_domain::Organization,
    existing: &[bayanihan_domain::NetworkMembership],
) -> LinkControls {
    use bayanihan_domain::network_links::{change, Sides};
    use bayanihan_domain::NetworkMembershipStatus as S;
    let live = |other: Uuid| {
        existing
            .iter()
            .any(|m| m.status != S::Ended && (m.network_id == other || m.member_id == other))
    };
    let mut rows = Vec::new();
    if subject.role_in(org.id) >= Role::Admin {
        let others: Vec<Uuid> = existing
            .iter()
            .map(|m| {
                if m.member_id == org.id {
                    m.network_id
                } else {
                    m.member_id
                }
            })
            .collect();
        let names = names_of(state, others).await;
        for m in existing.iter().filter(|m| m.status != S::Ended) {
            let other = if m.member_id == org.id {
                m.network_id
            } else {
                m.member_id
            };
            let sides = Sides::of(Some(subject), m.network_id, m.member_id);
            let actions = [S::Active, S::Suspended, S::Ended]
                .into_iter()
                .filter(|to| change(m.status, *to, sides).is_ok_and(|n| n != m.status))
                .map(|to| {
                    let label = match (m.status, to) {
                        (S::Suspended, S::Active) => "reactivate",
                        (_, S::Active) => "accept",
                        (_, S::Suspended) => "suspend",
                        (S::Invited | S::Applied, _) => "decline",
                        _ => "end",
                    };
                    debug_assert!(LINK_ACTIONS.contains(&label));
                    let label = v.t(&format!("link-{label}"));
                    (to.id(), label, matches!(m.status, S::Active | S::Suspended))
                })
                .collect();
            rows.push(LinkRow {
                network: m.network_id,
                member: m.member_id,
                other: (other, names.get(&other).cloned().unwrap_or_default()),
                status: v.t(&format!("link-status-{}", m.status.id())),
                actions,
            });
        }
    }
    // Organizations the visitor administers, for invitations and applications.
    let admin_of: Vec<Uuid> = subject
        .memberships
        .keys()
        .copied()
        .filter(|o| *o != org.id && subject.role_in(*o) >= Role::Admin && !live(*o))
        .collect();
    // A person administers a handful of organizations: one look-up each.
    let mut admin_names = Vec::new();
    for o in admin_of {
        if let Ok(o) = bayanihan_app::organizations::organization(&state.store, o).await {
            admin_names.push(o);
        }
    }
    let invite_into = admin_names
        .iter()
        .filter(|o| o.kind == OrgKind::Network)
        .map(|o| (o.id, o.name.clone()))
        .collect();
    let apply_for = if org.kind == OrgKind::Network {
        admin_names.iter().map(|o| (o.id, o.name.clone())).collect()
    } else {
        Vec::new()
    };
    (rows, invite_into, apply_for)
}

/// A change to a network link from the organization page.
#[derive(Deserialize)]
pub(super) struct LinkForm {
    csrf: String,
    network: String,
    member: String,
    /// `request` (invite or apply), or the status to set: `active`, `suspended`, `ended`.
    to: String,
    confirm: Option<String>,
}

/// Invites, applies, accepts, declines, suspends or ends a network link, as the consent rules
/// allow the visitor; then back to the organization's page.
pub(super) async fn change_link(
    State(state): State<AppState>,
    v: Visitor,
    PathId(id): PathId,
    Form(f): Form<LinkForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    let (Ok(network), Ok(member)) = (Uuid::parse_str(&f.network), Uuid::parse_str(&f.member))
    else {
        return Err(v.not_found());
    };
    if id != network && id != member {
        return Err(v.not_found());
    }
    let caller = Some(&subject);
    let result = if f.to == "request" {
        bayanihan_app::networks::request(&state.store, caller, network, member, None).await
    } else {
        let to = match bayanihan_domain::NetworkMembershipStatus::parse(&f.to) {
            Ok(t) => t,
            Err(e) => return Err(v.failure(bayanihan_domain::Invalid::field("to", e.to_string()))),
        };
        // Ending a membership that counts takes a ticked box: nothing irreversible in one tap.
        if to == bayanihan_domain::NetworkMembershipStatus::Ended && f.confirm.is_none() {
            let current = bayanihan_app::organizations::network_links(&state.store, member)
                .await
                .unwrap_or_default()
                .into_iter()
                .find(|m| m.network_id == network)
                .map(|m| m.status);
            if matches!(
                current,
                Some(bayanihan_domain::NetworkMembershipStatus::Active)
                    | Some(bayanihan_domain::NetworkMembershipStatus::Suspended)
            ) {
                return Err(v.message(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    v.t("link-confirm-needed"),
                    v.t("link-confirm-needed-text"),
                ));
            }
        }
        bayanihan_app::networks::change_to(&state.store, caller, network, member, to, None).await
    };
    result.or_page(&v)?;
    Ok(Redirect::to(&format!("/organizations/{id}?links=1")).into_response())
}
