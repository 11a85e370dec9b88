//! Sign-in: password hashing, browser sessions, API tokens, and who is calling.
//!
//! - Passwords are hashed with argon2id (OWASP parameters: 19 MiB, 2 passes) on the blocking
//!   thread pool, so a burst of sign-ins never stalls the async runtime.
//! - A browser session is a random 256-bit secret in an HttpOnly, SameSite=Lax cookie; the
//!   database keeps only its SHA-256. State-changing requests made with the cookie must carry
//!   the session's CSRF token (header `X-CSRF-Token`).
//! - An API token (`bay_…`) is sent as `Authorization: Bearer`; also stored only as a digest.

use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use bayanihan_domain::Subject;

use crate::error::ApiError;
use crate::AppState;

pub const SESSION_COOKIE: &str = "bayanihan_session";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long a browser session lasts without signing in again.
pub const SESSION_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

pub use bayanihan_app::account::{
    digest, hash_password, new_api_token, new_secret, verify_password,
};

/// Builds the `Set-Cookie` value for a session secret (empty secret and max-age 0 to clear).
pub fn session_cookie(secret: &str, max_age_secs: u64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let v = format!(
        "{}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}",
        SESSION_COOKIE
    );
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Whether cookies must be `Secure`: configured, or the request came through a TLS proxy.
pub fn secure_cookies(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.eq_ignore_ascii_case("https"))
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
pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    cookie_in(&parts.headers, name)
}

/// The value of a cookie in these request headers, parsed by the `cookie` crate (axum-extra's).
/// With two cookies of one name, the first wins, as browsers send the most specific first: a
/// cookie planted later for a wider domain or path cannot shadow the session's own.
pub fn cookie_in(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    use axum_extra::extract::cookie::Cookie;
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| Cookie::split_parse(v.to_string()))
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
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
        let mut subject = bayanihan_app::account::by_token(&state.store, token)
            .await?
            .ok_or(ApiError::Unauthenticated(
                "This API token is not valid or has been revoked.",
            ))?;
        subject.client = Some(client_of(parts, state).to_string());
        return Ok(Caller {
            subject: Some(subject),
            via: Via::Token,
        });
    }
    if let Some(secret) = cookie(parts, SESSION_COOKIE) {
        let token_hash = digest(&secret);
        // An expired or unknown cookie is simply no sign-in: public pages still work.
        if let Some((mut subject, session)) =
            bayanihan_app::account::by_session(&state.store, &token_hash).await?
        {
            subject.client = Some(client_of(parts, state).to_string());
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
        Ok(ClientAddr(client_of(parts, state)))
    }
}

/// The client address of a request, as [`ClientAddr`] reads it.
fn client_of(parts: &Parts, state: &AppState) -> std::net::IpAddr {
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map_or(std::net::IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    client_addr(peer, &parts.headers, &state.config.trusted_proxies)
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

#[cfg(test)]
mod cookie_tests {
    use axum::http::{header, HeaderMap, HeaderValue};

    #[test]
    fn the_first_cookie_of_a_name_wins_across_headers() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; bayanihan_session=first"),
        );
        h.append(
            header::COOKIE,
            HeaderValue::from_static("bayanihan_session=second; b=2"),
        );
        assert_eq!(
            super::cookie_in(&h, "bayanihan_session").as_deref(),
            Some("first")
        );
        assert_eq!(super::cookie_in(&h, "b").as_deref(), Some("2"));
        assert_eq!(super::cookie_in(&h, "missing"), None);
    }
}
