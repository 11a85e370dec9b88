//! Landing, sign-in and sign-out, the language switch, and the home page.

use super::*;

#[derive(Template)]
#[template(path = "landing.html")]
pub(super) struct LandingPage {
    c: Chrome,
    cycles: Vec<(Uuid, String)>,
    demo: Vec<DemoLogin>,
}

#[derive(Template)]
#[template(path = "signin.html")]
pub(super) struct SignInPage {
    c: Chrome,
    error: Option<String>,
    email: String,
    /// The page to return to afterwards (a same-site path), if any.
    next: String,
}

#[derive(Template)]
#[template(path = "home.html")]
pub(super) struct HomePage {
    c: Chrome,
    greeting: String,
    open: Vec<(Uuid, String, String)>,
    hub_cycles: Vec<(Uuid, String, String)>,
    owed: Vec<String>,
    /// The caller's season shares: (season, season name, status, group, group name).
    shares: Vec<(Uuid, String, String, Uuid, String)>,
    /// Open votes the caller may still cast: (decision, title, closing).
    votes: Vec<(Uuid, String, String)>,
    /// Books the caller reaches: (group, name, the shared linkage file only).
    books: Vec<(Uuid, String, bool)>,
    /// Whether the caller committed to any community investment offer.
    invests: bool,
}

pub(super) async fn landing(State(state): State<AppState>, v: Visitor) -> PageResult {
    let cycles = bayanihan_app::trade::open_cycles(&state.store, jiff::Timestamp::now())
        .await
        .or_page(&v)?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(v.render(
        StatusCode::OK,
        &LandingPage {
            c: v.chrome(v.t("landing-title")),
            cycles,
            demo: state.config.demo_logins.clone(),
        },
    ))
}

#[derive(Deserialize, Default)]
pub(super) struct NextParam {
    next: Option<String>,
}

/// Where to go after signing in: the page asked for when it is on this site, else home.
fn after_signin(next: Option<&str>) -> &str {
    next.and_then(same_site_path).unwrap_or("/home")
}

pub(super) async fn signin_form(
    v: Visitor,
    q: Result<axum::extract::Query<NextParam>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let next = q.map(|q| q.0).unwrap_or_default().next;
    if v.caller.subject.is_some() {
        return Redirect::to(after_signin(next.as_deref())).into_response();
    }
    v.render(
        StatusCode::OK,
        &SignInPage {
            c: v.chrome(v.t("signin-title")),
            error: None,
            email: String::new(),
            next: next
                .as_deref()
                .and_then(same_site_path)
                .unwrap_or("")
                .to_string(),
        },
    )
}

#[derive(Deserialize)]
pub(super) struct SignInForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub(super) async fn signin(
    State(state): State<AppState>,
    v: Visitor,
    auth::ClientAddr(from): auth::ClientAddr,
    Form(f): Form<SignInForm>,
) -> Response {
    let again = |status: StatusCode, error: String| {
        v.render(
            status,
            &SignInPage {
                c: v.chrome(v.t("signin-title")),
                error: Some(error),
                email: f.email.clone(),
                next: same_site_path(&f.next).unwrap_or("").to_string(),
            },
        )
    };
    if !v.csrf_ok(&f.csrf) {
        return again(StatusCode::FORBIDDEN, v.t("error-csrf"));
    }
    let person = match bayanihan_app::account::sign_in(&state.store, &f.email, &f.password, from)
        .await
        .map_err(ApiError::from)
    {
        Ok(p) => p,
        Err(ApiError::Invalid(_)) => {
            return again(StatusCode::UNPROCESSABLE_ENTITY, v.t("signin-error-email"))
        }
        Err(ApiError::TooManyRequests(secs)) => {
            return again(
                StatusCode::TOO_MANY_REQUESTS,
                tr_args(
                    v.lang,
                    "signin-error-too-many",
                    &[("seconds", FluentValue::from(secs as f64))],
                ),
            )
        }
        Err(ApiError::Unauthenticated(_)) => {
            return again(StatusCode::UNAUTHORIZED, v.t("signin-error-credentials"))
        }
        Err(e) => return v.failure(e),
    };
    let (secret, _) = match bayanihan_app::account::start_session(
        &state.store,
        person,
        auth::SESSION_TTL,
    )
    .await
    {
        Ok(s) => s,
        Err(e) => return v.failure(e),
    };
    let mut res = Redirect::to(after_signin(Some(&f.next))).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(&secret, auth::SESSION_TTL.as_secs(), v.secure),
    );
    res
}

pub(super) async fn signout(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<CsrfForm>,
) -> Response {
    if !v.csrf_ok(&f.csrf) {
        return v.message(StatusCode::FORBIDDEN, v.t("error-csrf"), v.t("error-csrf"));
    }
    if let Via::Session { token_hash, .. } = &v.caller.via {
        if let Err(e) = bayanihan_app::account::end_session(&state.store, token_hash).await {
            return v.failure(e);
        }
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, session_cookie("", 0, v.secure));
    res
}

#[derive(Deserialize)]
pub(super) struct LangForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    back: String,
}

/// Switches the language: remembered for the signed-in person, and in a cookie for visitors.
pub(super) async fn set_language(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<LangForm>,
) -> Response {
    if !v.csrf_ok(&f.csrf) {
        return v.message(StatusCode::FORBIDDEN, v.t("error-csrf"), v.t("error-csrf"));
    }
    let Some(lang) = Lang::parse(&f.lang) else {
        return v.not_found();
    };
    if let Some(s) = &v.caller.subject {
        if let Err(e) =
            bayanihan_app::account::set_language(&state.store, Some(s), lang.code()).await
        {
            return v.failure(e);
        }
    }
    // Only a path on this site: never an open redirect.
    let back = same_site_path(&f.back).unwrap_or("/");
    let mut res = Redirect::to(back).into_response();
    let secure = if v.secure { "; Secure" } else { "" };
    if let Ok(c) = HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
        lang.code()
    )) {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    res
}

pub(super) async fn home(State(state): State<AppState>, v: Visitor) -> PageResult {
    let subject = v.signed_in()?;
    let home = bayanihan_app::trade::home(&state.store, Some(&subject), jiff::Timestamp::now())
        .await
        .or_page(&v)?;
    let open = home
        .open
        .iter()
        .map(|(c, zone)| {
            (
                c.id,
                c.name.clone(),
                tr_args(
                    v.lang,
                    "shop-closes",
                    &[(
                        "time",
                        FluentValue::from(format_time(v.lang, c.closes_at, zone)),
                    )],
                ),
            )
        })
        .collect();
    let hub_cycles = home
        .runs
        .iter()
        .map(|c| {
            (
                c.id,
                c.name.clone(),
                tr(v.lang, &format!("cycle-status-{}", c.status.id())),
            )
        })
        .collect();
    let outstanding = home.outstanding;
    let names = names_of(
        &state,
        outstanding
            .iter()
            .flat_map(|(_, o)| [o.debtor_id, o.creditor_id])
            .collect(),
    )
    .await;
    let owed = outstanding
        .iter()
        .map(|(org, o)| {
            format!(
                "{} ({})",
                super::money::in_words(v.lang, *org, o, &names, None),
                o.due_date
            )
        })
        .collect();
    let greeting = tr_args(
        v.lang,
        "home-title",
        &[(
            "name",
            FluentValue::from(v.name.clone().unwrap_or_default()),
        )],
    );
    let mine = bayanihan_app::seasons::mine(&state.store, Some(&subject))
        .await
        .or_page(&v)?;
    let groups = names_of(
        &state,
        mine.iter().map(|(s, _)| s.consumer_group_id).collect(),
    )
    .await;
    let shares = mine
        .iter()
        .map(|(sh, season)| {
            let status = match (sh.status, sh.waiting_position) {
                (bayanihan_domain::season::ShareStatus::Waiting, Some(n)) => tr_args(
                    v.lang,
                    "season-waiting",
                    &[("position", FluentValue::from(n as f64))],
                ),
                (st, _) => tr(v.lang, &format!("share-status-{}", st.id())),
            };
            (
                season.id,
                season.name.clone(),
                status,
                sh.consumer_group_id,
                groups
                    .get(&sh.consumer_group_id)
                    .cloned()
                    .unwrap_or_default(),
            )
        })
        .collect();
    // Open votes the person may still cast, for themselves or an organization they speak for.
    let mut votes = Vec::new();
    for (d, _) in bayanihan_app::governance::open_for(&state.store, Some(&subject))
        .await
        .or_page(&v)?
    {
        // Times in the deciding organization's own zone.
        let zone = bayanihan_app::organizations::organization(&state.store, d.organization_id)
            .await
            .map(|o| o.time_zone)
            .unwrap_or_else(|_| "UTC".into());
        votes.push((
            d.id,
            d.title,
            tr_args(
                v.lang,
                "home-vote-closes",
                &[(
                    "time",
                    FluentValue::from(format_time(v.lang, d.closes_at, &zone)),
                )],
            ),
        ));
    }
    let books = bayanihan_app::books::books_for(&state.store, Some(&subject))
        .await
        .or_page(&v)?;
    let invests = !bayanihan_app::investments::my_positions(&state.store, Some(&subject), None)
        .await
        .or_page(&v)?
        .is_empty();
    Ok(v.render(
        StatusCode::OK,
        &HomePage {
            c: v.chrome(v.t("nav-home")),
            greeting,
            votes,
            books,
            invests,
            open,
            hub_cycles,
            owed,
            shares,
        },
    ))
}
