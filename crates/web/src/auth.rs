//! Sign-in: password hashing, browser sessions, API tokens, and who is calling.
//!
//! - Passwords are hashed with argon2id (OWASP parameters: 19 MiB, 2 passes) on the blocking
//!   thread pool, so a burst of sign-ins never stalls the async runtime.
//! - A browser session is a random 256-bit secret in an HttpOnly, SameSite=Lax cookie; the
//!   database keeps only its SHA-256. State-changing requests made with the cookie must carry
//!   the session's CSRF token (header `X-CSRF-Token`).
//! - An API token (`bay_…`) is sent as `Authorization: Bearer`; also stored only as a digest.

use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, Method};
use base64::Engine;
use bayanihan_domain::throttle::{self, Limit};
use bayanihan_domain::Subject;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::AppState;

pub const SESSION_COOKIE: &str = "bayanihan_session";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long a browser session lasts without signing in again.
pub const SESSION_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

/// Hashes a password with argon2id on the blocking pool.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ApiError::Internal(format!("hashing failed: {e}")))
    })
    .await
    .map_err(|e| ApiError::Internal(format!("hashing task failed: {e}")))?
}

/// Checks a password against a stored hash on the blocking pool. With no stored hash a dummy
/// hash is checked instead, so that a wrong e-mail takes as long as a wrong password.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || {
        let (hash, real) = match stored {
            Some(h) => (h, true),
            None => (DUMMY_HASH.to_string(), false),
        };
        let parsed = PasswordHash::new(&hash)
            .map_err(|e| ApiError::Internal(format!("stored password hash unreadable: {e}")))?;
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(ok && real)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("verification task failed: {e}")))?
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

/// How the caller proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Anonymous,
    Session {
        token_hash: String,
        csrf_token: String,
    },
    Token,
}

/// The caller of a request: anonymous, or a person with everything the permission rules need.
#[derive(Debug, Clone)]
pub struct Caller {
    pub subject: Option<Subject>,
    pub via: Via,
}

impl Caller {
    /// The signed-in subject, or 401.
    pub fn require(&self) -> Result<&Subject, ApiError> {
        self.subject.as_ref().ok_or(ApiError::Unauthenticated(
            "Please sign in, or send an API token as 'Authorization: Bearer …'.",
        ))
    }
}

/// The value of a cookie in the request.
pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    cookie_in(&parts.headers, name)
}

/// The value of a cookie in these request headers.
pub fn cookie_in<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Resolves who is calling. With `header_csrf`, a state-changing request made with the session
/// cookie must carry the session's CSRF token in `X-CSRF-Token` (the API); pages check the token
/// of their form field instead.
pub async fn identify(
    parts: &Parts,
    state: &AppState,
    header_csrf: bool,
) -> Result<Caller, ApiError> {
    if let Some(auth) = parts.headers.get(header::AUTHORIZATION) {
        let token = auth
            .to_str()
            .ok()
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or(ApiError::Unauthenticated(
                "The Authorization header must be 'Bearer' followed by an API token.",
            ))?;
        let subject = state.store.subject_by_token(&digest(token)).await?.ok_or(
            ApiError::Unauthenticated("This API token is not valid or has been revoked."),
        )?;
        return Ok(Caller {
            subject: Some(subject),
            via: Via::Token,
        });
    }
    if let Some(secret) = cookie(parts, SESSION_COOKIE) {
        let token_hash = digest(secret);
        // An expired or unknown cookie is simply no sign-in: public pages still work.
        if let Some(session) = state.store.session(&token_hash).await? {
            let unsafe_method =
                !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
            if header_csrf && unsafe_method {
                let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
                if sent != Some(session.csrf_token.as_str()) {
                    return Err(ApiError::Forbidden(
                        "This request lacks the CSRF token of your session (header X-CSRF-Token); \
                         reload the page and try again."
                            .into(),
                    ));
                }
            }
            let subject = state.store.subject(session.person_id).await?;
            return Ok(Caller {
                subject: Some(subject),
                via: Via::Session {
                    token_hash,
                    csrf_token: session.csrf_token,
                },
            });
        }
    }
    Ok(Caller {
        subject: None,
        via: Via::Anonymous,
    })
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let caller = identify(parts, state, true).await?;
        // An operation the OpenAPI document marks as needing credentials answers 401 to an
        // anonymous caller here, before its body is read: a stranger learns nothing from how
        // the body would have been judged.
        if caller.subject.is_none() {
            if let Some(path) = parts.extensions.get::<axum::extract::MatchedPath>() {
                if secured_operations()
                    .contains(&(parts.method.to_string(), path.as_str().to_string()))
                {
                    return Err(ApiError::Unauthenticated(
                        "Please sign in, or send an API token as 'Authorization: Bearer …'.",
                    ));
                }
            }
        }
        Ok(caller)
    }
}

/// (method, path) of every API operation whose OpenAPI entry requires credentials.
fn secured_operations() -> &'static std::collections::HashSet<(String, String)> {
    static SECURED: std::sync::OnceLock<std::collections::HashSet<(String, String)>> =
        std::sync::OnceLock::new();
    SECURED.get_or_init(|| {
        let doc = crate::openapi();
        let mut out = std::collections::HashSet::new();
        for (path, item) in &doc.paths.paths {
            for (method, op) in [
                ("GET", &item.get),
                ("POST", &item.post),
                ("PUT", &item.put),
                ("PATCH", &item.patch),
                ("DELETE", &item.delete),
            ] {
                if op
                    .as_ref()
                    .and_then(|o| o.security.as_ref())
                    .is_some_and(|s| !s.is_empty())
                {
                    out.insert((method.to_string(), path.clone()));
                }
            }
        }
        out
    })
}

/// The address a request came from: the peer, or, when the peer is a configured trusted
/// proxy, the last address in `X-Forwarded-For` that is not one of the trusted proxies.
/// Without a configured proxy `X-Forwarded-For` is ignored: anyone can write it.
pub struct ClientAddr(pub std::net::IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or(std::net::IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        Ok(ClientAddr(client_addr(
            peer,
            &parts.headers,
            &state.config.trusted_proxies,
        )))
    }
}

/// See [`ClientAddr`].
pub fn client_addr(
    peer: std::net::IpAddr,
    headers: &axum::http::HeaderMap,
    trusted: &[std::net::IpAddr],
) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<std::net::IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|h| h.trim().parse())
        .collect::<Result<_, _>>()
        // A malformed chain says nothing trustworthy: fall back to the proxy itself.
        .unwrap_or_default();
    hops.into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
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
pub async fn sign_in_allowed(
    store: &bayanihan_store::Store,
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
pub async fn sign_in_outcome(
    store: &bayanihan_store::Store,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_hash_and_verify() {
        let h = hash_password("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(
            verify_password("correct horse battery".into(), Some(h.clone()))
                .await
                .unwrap()
        );
        assert!(!verify_password("wrong".into(), Some(h)).await.unwrap());
        assert!(!verify_password("anything".into(), None).await.unwrap());
    }

    #[test]
    fn secrets_are_random_and_digests_stable() {
        assert_ne!(new_secret(), new_secret());
        assert!(new_api_token().starts_with("bay_"));
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

#[cfg(test)]
mod client_addr_tests {
    use super::client_addr;
    use axum::http::HeaderMap;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "203.0.113.9, 10.0.0.2".parse().unwrap());
        let proxy = ip("10.0.0.1");
        // Not behind a configured proxy: the header is anyone's words.
        assert_eq!(client_addr(ip("198.51.100.7"), &h, &[]), ip("198.51.100.7"));
        assert_eq!(client_addr(proxy, &h, &[]), proxy);
        // Behind it: the last hop that is not a trusted proxy.
        assert_eq!(
            client_addr(proxy, &h, &[proxy, ip("10.0.0.2")]),
            ip("203.0.113.9")
        );
        assert_eq!(client_addr(proxy, &h, &[proxy]), ip("10.0.0.2"));
        // A forged first hop cannot hide the real one.
        h.insert("x-forwarded-for", "1.1.1.1, 203.0.113.9".parse().unwrap());
        assert_eq!(client_addr(proxy, &h, &[proxy]), ip("203.0.113.9"));
        // Garbage falls back to the proxy.
        h.insert("x-forwarded-for", "not an address".parse().unwrap());
        assert_eq!(client_addr(proxy, &h, &[proxy]), proxy);
    }
}
