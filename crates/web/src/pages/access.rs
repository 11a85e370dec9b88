//! Ways in: a coordinator gives a member an invitation or a password-reset link (mailed, or
//! shared through a chat app or printed as a code), the member sets a password and language
//! with it, and "forgot password" mails a link to whoever has an address.

use axum::http::HeaderMap;
use bayanihan_app::account::AccessGrant;
use bayanihan_store::AccessPurpose;

use super::*;

/// The address links are made with: the configured public address, else (for links shown to
/// the coordinator who asked, never mailed) the address this request came to.
fn base_url(state: &AppState, headers: &HeaderMap, secure: bool) -> String {
    origin_of(&state.config, headers, secure)
}

/// The configured public address, else the scheme and host this request came to.
pub(super) fn origin_of(config: &crate::WebConfig, headers: &HeaderMap, secure: bool) -> String {
    if let Some(u) = &config.public_url {
        return u.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    format!("{}://{host}", if secure { "https" } else { "http" })
}

/// The mail of an access link, in `lang`.
fn compose(lang: Lang) -> impl Fn(&AccessGrant, &str) -> (String, String) + Sync {
    move |g: &AccessGrant, url: &str| {
        let args = [
            ("name", FluentValue::from(g.name.clone())),
            ("url", FluentValue::from(url.to_string())),
            ("code", FluentValue::from(g.code.grouped())),
            ("signin", FluentValue::from(g.sign_in.clone())),
            (
                "days",
                FluentValue::from(bayanihan_app::account::ACCESS_LINK_DAYS as f64),
            ),
        ];
        match g.purpose {
            AccessPurpose::Invite => (
                tr(lang, "mail-invite-subject"),
                tr_args(lang, "mail-invite-body", &args),
            ),
            AccessPurpose::Reset => (
                tr(lang, "mail-reset-subject"),
                tr_args(lang, "mail-reset-body", &args),
            ),
        }
    }
}

#[derive(Template)]
#[template(path = "access.html")]
pub(super) struct AccessPage {
    c: Chrome,
    org: Uuid,
    heading: String,
    mailed_to: Option<String>,
    /// (label, address) of each way to share the link.
    shares: Vec<(String, String)>,
    link: String,
    name: String,
    sign_in: String,
    code: String,
    join: String,
    until: String,
}

/// The share links of a message: WhatsApp, Viber, LINE, Telegram and a text message.
pub(super) fn share_links(lang: Lang, text: &str, url: &str) -> Vec<(String, String)> {
    let enc = |s: &str| -> String { form_urlencoded::byte_serialize(s.as_bytes()).collect() };
    // Spaces as %20: some apps show a `+` literally.
    let t = enc(text).replace('+', "%20");
    vec![
        ("WhatsApp".into(), format!("https://wa.me/?text={t}")),
        ("Viber".into(), format!("viber://forward?text={t}")),
        ("LINE".into(), format!("https://line.me/R/share?text={t}")),
        (
            "Telegram".into(),
            format!(
                "https://t.me/share/url?url={}&text={t}",
                enc(url).replace('+', "%20")
            ),
        ),
        (tr(lang, "share-sms"), format!("sms:?body={t}")),
    ]
}

/// A coordinator gives a member a way in: an invitation, or a password reset for someone who
/// has a password already.
pub(super) async fn member_access(
    State(state): State<AppState>,
    v: Visitor,
    PathId((org, person)): PathId<(Uuid, Uuid)>,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> PageResult {
    let subject = v.posted(&f.csrf)?;
    // The message is in the organization's language when it has one of ours, else the
    // coordinator's.
    let o = bayanihan_app::organizations::organization(&state.store, org)
        .await
        .or_page(&v)?;
    let lang = o
        .languages
        .iter()
        .find_map(|l| Lang::parse(l))
        .unwrap_or(v.lang);
    let base = base_url(&state, &headers, v.secure);
    let compose = compose(lang);
    // Mail only with the configured public address: a link made from the address a request
    // names is shown to the coordinator who asked, never mailed.
    let no_mail = bayanihan_app::mail::Mailer::none();
    let mailer = if state.config.public_url.is_some() {
        &state.config.mailer
    } else {
        &no_mail
    };
    let g = bayanihan_app::account::access_for_member(
        &state.store,
        mailer,
        Some(&subject),
        org,
        person,
        &base,
        &compose,
    )
    .await
    .or_page(&v)?;
    let link = bayanihan_app::account::access_url(&base, &g.code);
    let (_, body) = compose(&g, &link);
    let heading = match g.purpose {
        AccessPurpose::Invite => tr_args(
            v.lang,
            "access-invite-heading",
            &[("name", FluentValue::from(g.name.clone()))],
        ),
        AccessPurpose::Reset => tr_args(
            v.lang,
            "access-reset-heading",
            &[("name", FluentValue::from(g.name.clone()))],
        ),
    };
    let page = AccessPage {
        c: v.chrome(heading.clone()),
        org,
        heading,
        mailed_to: g.mailed_to.as_ref().map(|m| {
            tr_args(
                v.lang,
                "access-mailed",
                &[("email", FluentValue::from(m.clone()))],
            )
        }),
        shares: share_links(v.lang, &body, &link),
        link,
        name: g.name.clone(),
        sign_in: g.sign_in.clone(),
        code: g.code.grouped(),
        join: format!("{}/join", base.trim_end_matches('/')),
        until: format_time(v.lang, g.expires_at, &o.time_zone),
    };
    Ok(v.render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "join.html")]
pub(super) struct JoinPage {
    c: Chrome,
    heading: String,
    sign_in: String,
    code: String,
    error: Option<String>,
}

async fn join_page(state: &AppState, v: &Visitor, code: &str, error: Option<String>) -> PageResult {
    let (name, sign_in, purpose) = bayanihan_app::account::access_holder(&state.store, code)
        .await
        .map_err(|_| {
            v.message(
                StatusCode::NOT_FOUND,
                v.t("join-gone"),
                v.t("join-gone-text"),
            )
        })?;
    let heading = match purpose {
        AccessPurpose::Invite => {
            tr_args(v.lang, "join-welcome", &[("name", FluentValue::from(name))])
        }
        AccessPurpose::Reset => tr_args(v.lang, "join-reset", &[("name", FluentValue::from(name))]),
    };
    let page = JoinPage {
        c: v.chrome(heading.clone()),
        heading,
        sign_in,
        code: code.to_string(),
        error: error.clone(),
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// The page a link opens: set a password (and language) to come in.
pub(super) async fn join(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Path(code): axum::extract::Path<String>,
) -> PageResult {
    join_page(&state, &v, &code, None).await
}

#[derive(Deserialize)]
pub(super) struct JoinForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    language: String,
}

/// Spends the code, sets the password and language, and signs the person in.
pub(super) async fn join_submit(
    State(state): State<AppState>,
    v: Visitor,
    axum::extract::Path(code): axum::extract::Path<String>,
    Form(f): Form<JoinForm>,
) -> PageResult {
    if !v.csrf_ok(&f.csrf) {
        let page = join_page(&state, &v, &code, Some(v.t("error-csrf")))
            .await
            .unwrap_or_else(|gone| gone);
        return Err(with_status(page, StatusCode::FORBIDDEN));
    }
    let language = Lang::parse(&f.language).map(|l| l.code());
    let person =
        match bayanihan_app::account::use_access(&state.store, &code, &f.password, language)
            .await
            .map_err(ApiError::from)
        {
            Ok(p) => p,
            Err(ApiError::Invalid(_)) => {
                return join_page(&state, &v, &code, Some(v.t("join-password-short"))).await
            }
            Err(ApiError::NotFound(_)) => {
                return Err(v.message(
                    StatusCode::NOT_FOUND,
                    v.t("join-gone"),
                    v.t("join-gone-text"),
                ))
            }
            Err(e) => return Err(v.failure(e)),
        };
    let (secret, _) =
        bayanihan_app::account::start_session(&state.store, person, auth::SESSION_TTL)
            .await
            .or_page(&v)?;
    let mut res = Redirect::to("/home?welcome=1").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(&secret, auth::SESSION_TTL.as_secs(), v.secure),
    );
    Ok(res)
}

#[derive(Template)]
#[template(path = "code.html")]
pub(super) struct CodePage {
    c: Chrome,
    heading: String,
    intro: String,
    notice: Option<String>,
    error: Option<String>,
    method: &'static str,
    action: &'static str,
    field: &'static str,
    label: String,
    autocomplete: &'static str,
    value: String,
    submit: String,
}

#[derive(Deserialize)]
pub(super) struct CodeQuery {
    code: Option<String>,
}

/// Typing a printed code: `/join?code=…` goes to its link.
pub(super) async fn join_by_code(
    v: Visitor,
    axum::extract::Query(q): axum::extract::Query<CodeQuery>,
) -> PageResult {
    let typed = q.code.unwrap_or_default();
    let error = if typed.trim().is_empty() {
        None
    } else {
        match bayanihan_domain::person::AccessCode::parse(&typed) {
            Ok(c) => return Ok(Redirect::to(&format!("/join/{}", c.as_str())).into_response()),
            Err(_) => Some(v.t("join-code-bad")),
        }
    };
    let page = CodePage {
        c: v.chrome(v.t("join-code-title")),
        heading: v.t("join-code-title"),
        intro: v.t("join-code-intro"),
        notice: None,
        error: error.clone(),
        method: "get",
        action: "/join",
        field: "code",
        label: v.t("access-card-code"),
        autocomplete: "one-time-code",
        value: typed,
        submit: v.t("join-code-submit"),
    };
    Ok(v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page))
}

fn forgot_page(
    v: &Visitor,
    notice: Option<String>,
    error: Option<String>,
    value: String,
) -> Response {
    let page = CodePage {
        c: v.chrome(v.t("forgot-title")),
        heading: v.t("forgot-title"),
        intro: v.t("forgot-intro"),
        notice,
        error: error.clone(),
        method: "post",
        action: "/forgot",
        field: "email",
        label: v.t("signin-email"),
        autocomplete: "username",
        value,
        submit: v.t("forgot-submit"),
    };
    v.render_form(error.is_some(), StatusCode::UNPROCESSABLE_ENTITY, &page)
}

pub(super) async fn forgot_form(v: Visitor) -> Response {
    forgot_page(&v, None, None, String::new())
}

#[derive(Deserialize)]
pub(super) struct ForgotForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
}

/// "Forgot password": the same answer whoever asks; a link goes only to the address itself.
pub(super) async fn forgot(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<ForgotForm>,
) -> PageResult {
    if !v.csrf_ok(&f.csrf) {
        return Err(with_status(
            forgot_page(&v, None, Some(v.t("error-csrf")), f.email),
            StatusCode::FORBIDDEN,
        ));
    }
    // Mailed links are made with the configured public address only: never with an address a
    // request names, which a stranger could point elsewhere.
    let Some(base) = state.config.public_url.clone() else {
        return Ok(forgot_page(
            &v,
            Some(v.t("forgot-sent")),
            None,
            String::new(),
        ));
    };
    match bayanihan_app::account::forgot_password(
        &state.store,
        &state.config.mailer,
        &f.email,
        &base,
        compose(v.lang),
    )
    .map_err(ApiError::from)
    {
        Ok(()) => Ok(forgot_page(
            &v,
            Some(v.t("forgot-sent")),
            None,
            String::new(),
        )),
        Err(ApiError::Invalid(_)) => Ok(forgot_page(
            &v,
            None,
            Some(v.t("signin-error-email")),
            f.email,
        )),
        Err(e) => Err(v.failure(e)),
    }
}
