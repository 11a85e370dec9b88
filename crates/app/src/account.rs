//! Signing in, sessions and API tokens: passwords hashed with argon2id, secrets stored only as
//! SHA-256 digests, failed sign-ins slowed by `bayanihan_domain::throttle`.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use bayanihan_domain::access::Subject;
use bayanihan_domain::records::Person;
use bayanihan_domain::throttle::{self, Limit};
use bayanihan_domain::{Email, Invalid};
use bayanihan_store::Store;
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::access::require;
use crate::{AppError, AppResult};

/// Hashes a password with argon2id on the blocking pool.
pub async fn hash_password(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("hashing failed: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(format!("hashing task failed: {e}")))?
}

/// Checks a password against a stored hash on the blocking pool. With no stored hash a dummy
/// hash is checked instead, so that a wrong e-mail takes as long as a wrong password.
pub async fn verify_password(password: String, stored: Option<String>) -> AppResult<bool> {
    tokio::task::spawn_blocking(move || {
        let (hash, real) = match stored {
            Some(h) => (h, true),
            None => (DUMMY_HASH.to_string(), false),
        };
        let parsed = PasswordHash::new(&hash)
            .map_err(|e| AppError::Internal(format!("stored password hash unreadable: {e}")))?;
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(ok && real)
    })
    .await
    .map_err(|e| AppError::Internal(format!("verification task failed: {e}")))?
}

/// argon2id hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5Ue0pP2B5ZfBkEZ7SH2xRvBZyNjv8xh4N8cY4f4bC7Q";

/// A fresh 256-bit secret, URL-safe.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A new API token: a recognisable prefix (so leaked tokens can be found by scanners) and a secret.
pub fn new_api_token() -> String {
    format!("bay_{}", new_secret())
}

/// SHA-256 of a secret, hex-encoded: what the database stores.
pub fn digest(secret: &str) -> String {
    let d = Sha256::digest(secret.as_bytes());
    let mut s = String::with_capacity(64);
    for b in d {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The throttle's keys for an attempt on `email` from `addr` (digests: nothing personal is
/// stored), each with its limit.
fn throttle_keys(email: &str, addr: std::net::IpAddr) -> [(String, Limit); 3] {
    [
        (
            digest(&format!("account+address:{email}|{addr}")),
            throttle::ACCOUNT_FROM_ADDRESS,
        ),
        (digest(&format!("address:{addr}")), throttle::ADDRESS),
        (digest(&format!("account:{email}")), throttle::ACCOUNT),
    ]
}

/// `Err(seconds)` while attempts on `email` from `addr` must wait.
async fn sign_in_allowed(
    store: &Store,
    email: &str,
    addr: std::net::IpAddr,
) -> Result<Result<(), u64>, bayanihan_store::StoreError> {
    let keys: Vec<String> = throttle_keys(email, addr)
        .into_iter()
        .map(|k| k.0)
        .collect();
    Ok(match store.sign_in_wait(&keys).await? {
        0 => Ok(()),
        secs => Err(secs),
    })
}

/// Records the outcome of an attempt.
async fn sign_in_outcome(
    store: &Store,
    email: &str,
    addr: std::net::IpAddr,
    ok: bool,
) -> Result<(), bayanihan_store::StoreError> {
    let keys = throttle_keys(email, addr);
    if ok {
        // The address's counter stays: one right password does not excuse a spray.
        store
            .sign_in_succeeded(&[keys[0].0.clone(), keys[2].0.clone()])
            .await
    } else {
        store.sign_in_failed(&keys).await
    }
}

/// Checks e-mail and password, slowed by the sign-in throttle (per account and address, per
/// address, per account); returns the person's id. `from` is the client's address.
pub async fn sign_in(
    store: &Store,
    email: &str,
    password: &str,
    from: std::net::IpAddr,
) -> AppResult<Uuid> {
    // An e-mail address, or a member's sign-in name.
    let email = Email::parse_sign_in(email).map_err(|e| Invalid::field("email", e.reason()))?;
    if let Err(secs) = sign_in_allowed(store, email.as_str(), from).await? {
        return Err(AppError::TooManyAttempts(secs));
    }
    let creds = store.credentials(&email).await?;
    let ok = verify_password(
        password.to_string(),
        creds.as_ref().and_then(|c| c.password_hash.clone()),
    )
    .await?;
    let person = creds.filter(|_| ok).map(|c| c.id);
    sign_in_outcome(store, email.as_str(), from, person.is_some()).await?;
    person.ok_or(AppError::WrongCredentials)
}

/// Starts a browser session for `person` lasting `ttl`; returns the secret and the CSRF token.
pub async fn start_session(
    store: &Store,
    person: Uuid,
    ttl: std::time::Duration,
) -> AppResult<(String, String)> {
    let secret = new_secret();
    let csrf = new_secret();
    store
        .create_session(&digest(&secret), person, &csrf, ttl.as_micros() as i64)
        .await?;
    Ok((secret, csrf))
}

/// A new API token: shown once, stored as its digest.
#[derive(Debug, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedToken {
    pub id: Uuid,
    pub name: String,
    /// The secret: shown this once, never stored.
    pub token: String,
}

/// Makes an API token for `person` (the API, and `bayanihan token create`).
pub async fn issue_token(store: &Store, person: Uuid, name: &str) -> AppResult<CreatedToken> {
    let mut c = bayanihan_domain::validate::Collector::new();
    let name = c.required_text("name", Some(name), bayanihan_domain::text::Shape::Line, 100);
    c.finish()?;
    let name = name.unwrap_or_default();
    let token = new_api_token();
    let id = store
        .create_api_token(person, &name, &digest(&token))
        .await?;
    Ok(CreatedToken { id, name, token })
}

/// Who holds this API token: `None` for a token that is unknown or revoked.
pub async fn by_token(store: &Store, token: &str) -> AppResult<Option<Subject>> {
    Ok(store.subject_by_token(&digest(token)).await?)
}

/// A live browser session and whose it is: `None` for an unknown or expired session. The
/// session's CSRF token comes back with it, for the adapter to compare with what was sent.
pub async fn by_session(
    store: &Store,
    token_hash: &str,
) -> AppResult<Option<(Subject, bayanihan_store::SessionInfo)>> {
    let Some(session) = store.session(token_hash).await? else {
        return Ok(None);
    };
    let subject = store.subject(session.person_id).await?;
    Ok(Some((subject, session)))
}

/// Ends a browser session (signing out).
pub async fn end_session(store: &Store, token_hash: &str) -> AppResult<()> {
    Ok(store.delete_session(token_hash).await?)
}

/// The signed-in person, with their memberships and own demographics.
pub async fn me(store: &Store, caller: Option<&Subject>) -> AppResult<Person> {
    own_profile(store, require(caller)?.person_id).await
}

/// A person's whole profile (memberships, own demographics), for that person only: after
/// signing in, or through [`me`].
pub async fn own_profile(store: &Store, person: Uuid) -> AppResult<Person> {
    Ok(store.person(person, true).await?)
}

/// The person's name and chosen language, for the pages' frame.
pub async fn profile(store: &Store, person: Uuid) -> AppResult<Person> {
    Ok(store.person(person, false).await?)
}

/// Keeps the language the signed-in person chose for the pages.
pub async fn set_language(store: &Store, caller: Option<&Subject>, code: &str) -> AppResult<()> {
    let s = require(caller)?;
    Ok(store.set_person_language(s.person_id, Some(code)).await?)
}

/// The caller's live API tokens (never their secrets).
pub async fn tokens(
    store: &Store,
    caller: Option<&Subject>,
) -> AppResult<Vec<bayanihan_store::ApiTokenInfo>> {
    let s = require(caller)?;
    Ok(store.api_tokens(s.person_id).await?)
}

/// Makes an API token for the caller.
pub async fn create_token(
    store: &Store,
    caller: Option<&Subject>,
    name: &str,
) -> AppResult<CreatedToken> {
    let s = require(caller)?;
    issue_token(store, s.person_id, name).await
}

/// Revokes one of the caller's API tokens (another's is not found).
pub async fn revoke_token(store: &Store, caller: Option<&Subject>, id: Uuid) -> AppResult<()> {
    let s = require(caller)?;
    Ok(store.revoke_api_token(s.person_id, id).await?)
}

/// The least time between two reset mails to one person (15 minutes).
pub const RESET_MAIL_INTERVAL_MICROS: i64 = 15 * 60 * 1_000_000;

/// How long an invitation or reset link works.
pub const ACCESS_LINK_DAYS: i64 = 7;

/// A new access code (80 random bits).
fn new_access_code() -> bayanihan_domain::person::AccessCode {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bayanihan_domain::person::AccessCode::from_random(bytes)
}

/// An access link made for a member: to be mailed, or handed over by the coordinator.
#[derive(Debug, Clone)]
pub struct AccessGrant {
    pub code: bayanihan_domain::person::AccessCode,
    pub purpose: bayanihan_store::AccessPurpose,
    pub expires_at: jiff::Timestamp,
    /// The member's name and what they sign in with.
    pub name: String,
    pub sign_in: String,
    /// Where it was mailed; `None` when the coordinator hands it over (no mail configured,
    /// or a member without e-mail).
    pub mailed_to: Option<String>,
}

/// What a mail says: (subject, body), made by the adapter in the member's language from the
/// link's address and the code.
pub type Compose<'a> = &'a (dyn Fn(&AccessGrant, &str) -> (String, String) + Sync);

/// Makes an invitation (for a member without a password) or a password-reset link (for one
/// with) for `person`, a member of `org`, by whoever may manage that member's roles
/// (coordinators for plain members, admins for all). The link works once, for
/// [`ACCESS_LINK_DAYS`]; it is mailed when mail is configured and the member has an address,
/// otherwise handed back for the coordinator to share or print.
#[allow(clippy::too_many_arguments)]
pub async fn access_for_member(
    store: &Store,
    mailer: &crate::mail::Mailer,
    caller: Option<&Subject>,
    org: Uuid,
    person: Uuid,
    base_url: &str,
    compose: Compose<'_>,
) -> AppResult<AccessGrant> {
    let subject = require(caller)?;
    let m = store
        .membership(org, person)
        .await?
        .ok_or(AppError::NotFound("membership"))?;
    crate::access::allow(
        caller,
        org,
        bayanihan_domain::access::Action::ManageMembership {
            grants: &m.roles,
            current: &m.roles,
        },
        "give this member a way in",
    )?;
    let p = store.person(person, false).await?;
    let creds = store.credentials(&p.email).await?;
    let purpose = if creds.and_then(|c| c.password_hash).is_some() {
        bayanihan_store::AccessPurpose::Reset
    } else {
        bayanihan_store::AccessPurpose::Invite
    };
    // A code handed to the coordinator opens the person's whole account. That is theirs to
    // give only when the person belongs to their organization alone; anyone else gets it by
    // mail, at their own address, or not at all (they use "Forgot password").
    let mailable = mailer.configured() && p.email.is_deliverable();
    let elsewhere = store
        .memberships_of_person(person)
        .await?
        .iter()
        .any(|m| m.organization_id != org);
    if elsewhere && !mailable {
        return Err(AppError::NotPermitted(
            "This person is a member of other organizations too: only a link mailed to their own address can let them in. Without mail, they use \"Forgot password\" or ask an admin of each of their organizations.".into(),
        ));
    }
    let code = new_access_code();
    let link = store
        .create_access_link(
            &digest(code.as_str()),
            person,
            purpose,
            Some(subject.person_id),
            ACCESS_LINK_DAYS * 24 * 3600 * 1_000_000,
        )
        .await?;
    let mut grant = AccessGrant {
        code,
        purpose,
        expires_at: link.expires_at,
        name: p.name.clone(),
        sign_in: p.email.shown().to_string(),
        mailed_to: None,
    };
    let url = access_url(base_url, &grant.code);
    let (subject_line, body) = compose(&grant, &url);
    match mailer.send(&p.email, &p.name, &subject_line, &body).await {
        Ok(true) => grant.mailed_to = Some(p.email.as_str().to_string()),
        Ok(false) => {}
        // The link stands, and the coordinator is shown it to share instead — unless the
        // person belongs elsewhere too, when only their own mailbox may receive it.
        Err(e) => {
            tracing::warn!(%person, error = %e, "access link not mailed");
            if elsewhere {
                return Err(AppError::Internal(format!(
                    "the link could not be mailed: {e}"
                )));
            }
        }
    }
    crate::audit::record(
        store,
        caller,
        Some(org),
        "access.issued",
        Some(person),
        serde_json::json!({ "purpose": grant.purpose.id(), "mailed": grant.mailed_to.is_some() }),
    )
    .await;
    Ok(grant)
}

/// "Forgot password": mails a reset link when `sign_in` names someone with a deliverable
/// address and mail is configured. Says nothing either way (no one learns who is registered,
/// and a link is never shown to whoever asked); members without mail ask their coordinator.
/// The work is done after the answer, so that how long the answer takes tells nothing either.
pub fn forgot_password(
    store: &Store,
    mailer: &crate::mail::Mailer,
    sign_in: &str,
    base_url: &str,
    compose: impl Fn(&AccessGrant, &str) -> (String, String) + Send + Sync + 'static,
) -> AppResult<()> {
    let email = Email::parse_sign_in(sign_in).map_err(|e| Invalid::field("email", e.reason()))?;
    if !mailer.configured() || !email.is_deliverable() {
        return Ok(());
    }
    let (store, mailer, base_url) = (store.clone(), mailer.clone(), base_url.to_string());
    tokio::spawn(async move {
        if let Err(e) = mail_reset(&store, &mailer, &email, &base_url, &compose).await {
            tracing::warn!(error = %e, "a reset link could not be made");
        }
    });
    Ok(())
}

async fn mail_reset(
    store: &Store,
    mailer: &crate::mail::Mailer,
    email: &Email,
    base_url: &str,
    compose: Compose<'_>,
) -> AppResult<()> {
    let Some(creds) = store.credentials(email).await? else {
        return Ok(());
    };
    let p = store.person(creds.id, false).await?;
    // One reset mail per quarter hour and person: asking again and again fills nobody's
    // mailbox (the link already sent still works).
    let now = jiff::Timestamp::now().as_microsecond();
    if let Some(at) = store
        .latest_access_link(p.id, bayanihan_store::AccessPurpose::Reset)
        .await?
    {
        if now - at < RESET_MAIL_INTERVAL_MICROS {
            return Ok(());
        }
    }
    let code = new_access_code();
    let link = store
        .create_access_link(
            &digest(code.as_str()),
            p.id,
            bayanihan_store::AccessPurpose::Reset,
            None,
            ACCESS_LINK_DAYS * 24 * 3600 * 1_000_000,
        )
        .await?;
    let grant = AccessGrant {
        code,
        purpose: bayanihan_store::AccessPurpose::Reset,
        expires_at: link.expires_at,
        name: p.name.clone(),
        sign_in: p.email.shown().to_string(),
        mailed_to: Some(p.email.as_str().to_string()),
    };
    let url = access_url(base_url, &grant.code);
    let (subject_line, body) = compose(&grant, &url);
    if let Err(e) = mailer.send(&p.email, &p.name, &subject_line, &body).await {
        tracing::warn!(person = %p.id, error = %e, "reset link not mailed");
    }
    Ok(())
}

/// The address of an access link.
pub fn access_url(base_url: &str, code: &bayanihan_domain::person::AccessCode) -> String {
    format!("{}/join/{}", base_url.trim_end_matches('/'), code.as_str())
}

/// Who an open access code is for: (name, what they sign in with, purpose); `NotFound` when
/// the code is unknown, spent or expired.
pub async fn access_holder(
    store: &Store,
    code: &str,
) -> AppResult<(String, String, bayanihan_store::AccessPurpose)> {
    let code = bayanihan_domain::person::AccessCode::parse(code)
        .map_err(|_| AppError::NotFound("access link"))?;
    let link = store
        .access_link(&digest(code.as_str()))
        .await?
        .ok_or(AppError::NotFound("access link"))?;
    let p = store.person(link.person_id, false).await?;
    Ok((p.name, p.email.shown().to_string(), link.purpose))
}

/// Spends an access code: sets the person's password (and language), ends their other
/// sessions; returns who they are, to sign them in. A code already spent or expired is
/// `NotFound`; a short password is refused naming `password`.
pub async fn use_access(
    store: &Store,
    code: &str,
    password: &str,
    language: Option<&str>,
) -> AppResult<Uuid> {
    let code = bayanihan_domain::person::AccessCode::parse(code)
        .map_err(|_| AppError::NotFound("access link"))?;
    bayanihan_domain::person::check_new_password(password)
        .map_err(|e| Invalid::field("password", e.reason()))?;
    let hash = hash_password(password.to_string()).await?;
    store
        .use_access_link(&digest(code.as_str()), &hash, language)
        .await?
        .ok_or(AppError::NotFound("access link"))
}

/// The person registered with `email`, as the permission rules see them: for command-line
/// tools that act for someone (`bayanihan import … --as EMAIL`), so the same rules apply as on
/// the pages.
pub async fn subject_by_email(store: &Store, email: &str) -> AppResult<Subject> {
    let email = bayanihan_domain::Email::parse_sign_in(email)
        .map_err(|e| bayanihan_domain::Invalid::field("as", e.to_string()))?;
    let id = store
        .person_id_by_email(&email)
        .await?
        .ok_or(AppError::NotFound("person"))?;
    Ok(store.subject(id).await?)
}
