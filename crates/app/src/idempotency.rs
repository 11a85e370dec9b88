//! Idempotency keys for writes over slow links: a request resent with the same key (a retry
//! after a timeout on 3G, a double tap) gets the first answer back instead of acting twice.
//! Keys belong to the signed-in person who sent them and are kept for a day.

use bayanihan_domain::access::Subject;
use bayanihan_domain::Invalid;
use bayanihan_store::idempotency::Claim;
use bayanihan_store::Store;
use sha2::{Digest, Sha256};

use crate::AppResult;

/// A key as sent: 1 to 255 visible ASCII characters.
pub fn parse_key(raw: &str) -> Result<&str, Invalid> {
    if (1..=255).contains(&raw.len()) && raw.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        Ok(raw)
    } else {
        Err(Invalid::field(
            "Idempotency-Key",
            "must be 1 to 255 visible characters (a UUID is a good key)",
        ))
    }
}

/// What identifies a request: its method, path and query, and body.
pub fn fingerprint(method: &str, path_and_query: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update([0]);
    h.update(path_and_query.as_bytes());
    h.update([0]);
    h.update(body);
    format!("{:x}", h.finalize())
}

/// Claims `key` for the caller's request, or says what it was used for before.
pub async fn claim(
    store: &Store,
    caller: &Subject,
    key: &str,
    fingerprint: &str,
) -> AppResult<Claim> {
    Ok(store
        .claim_idempotent(caller.person_id, key, fingerprint)
        .await?)
}

/// Keeps the answer to the caller's claimed key.
pub async fn finish(
    store: &Store,
    caller: &Subject,
    key: &str,
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> AppResult<()> {
    Ok(store
        .finish_idempotent(caller.person_id, key, status, content_type, body)
        .await?)
}

/// Lets the caller's claimed key go, when the server could not answer.
pub async fn abandon(store: &Store, caller: &Subject, key: &str) -> AppResult<()> {
    Ok(store.abandon_idempotent(caller.person_id, key).await?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_visible_ascii_and_fingerprints_tell_requests_apart() {
        assert!(super::parse_key("5f0e2c1a-9a7b-4c55-8f53-0c1d2e3f4a5b").is_ok());
        for bad in ["", "with space", "é", &"x".repeat(256)] {
            assert!(super::parse_key(bad).is_err(), "{bad:?}");
        }
        let a = super::fingerprint("POST", "/api/v1/cycles/1/lines", b"{\"quantity\":1}");
        assert_eq!(
            a,
            super::fingerprint("POST", "/api/v1/cycles/1/lines", b"{\"quantity\":1}")
        );
        assert_ne!(
            a,
            super::fingerprint("POST", "/api/v1/cycles/1/lines", b"{\"quantity\":2}")
        );
        assert_ne!(
            a,
            super::fingerprint("PATCH", "/api/v1/cycles/1/lines", b"{\"quantity\":1}")
        );
    }
}
