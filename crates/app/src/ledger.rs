//! The tamper-evident ledger's use cases: verifying the chains, signing daily checkpoints with
//! the instance's Ed25519 key, and handing an organization its checkpoint to keep elsewhere.
//!
//! The private key lives in a file (`--signing-key`, made on first use, mode 0600), never in
//! the database: whoever can rewrite the database still cannot sign a checkpoint for the
//! rewritten books. Its public half is published in the database and in every checkpoint.

use std::path::Path;

use base64::Engine as _;
use bayanihan_domain::access::{Action, Subject};
use bayanihan_domain::chain::{Break, Checkpoint};
use bayanihan_store::chain::{LedgerReport, SignedCheckpoint};
use bayanihan_store::Store;
pub use ed25519_dalek::SigningKey;
use ed25519_dalek::{Signature, Signer, Verifier, VerifyingKey};
use uuid::Uuid;

use crate::{AppError, AppResult};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// The instance's signing key, read from `path`, or made and written there (owner-only) when
/// the file does not exist.
pub fn load_or_create_key(path: &Path) -> Result<SigningKey, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let bytes = B64
                .decode(text.trim())
                .map_err(|e| format!("{}: not a Bayanihan signing key ({e})", path.display()))?;
            let secret: [u8; 32] = bytes.try_into().map_err(|_| {
                format!(
                    "{}: not a Bayanihan signing key (wrong length)",
                    path.display()
                )
            })?;
            Ok(SigningKey::from_bytes(&secret))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = new_key();
            match write_key(path, &key) {
                Ok(()) => {
                    tracing::info!(path = %path.display(), "made the instance's checkpoint signing key");
                    Ok(key)
                }
                // Another process made it at the same moment: use theirs.
                Err(_) if path.exists() => load_key(path),
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(format!(
            "cannot read the signing key {}: {e}",
            path.display()
        )),
    }
}

/// The instance's signing key from `path`, which must exist: only the server makes one (a tool
/// that made its own would sign with a key the server does not use).
pub fn load_key(path: &Path) -> Result<SigningKey, String> {
    if !path.exists() {
        return Err(format!(
            "no signing key at {}: name the server's with --signing-key (BAYANIHAN_SIGNING_KEY)",
            path.display()
        ));
    }
    load_or_create_key(path)
}

fn new_key() -> SigningKey {
    let mut secret = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut secret);
    SigningKey::from_bytes(&secret)
}

/// Writes a key file readable by its owner only, refusing to overwrite one.
fn write_key(path: &Path, key: &SigningKey) -> Result<(), String> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options
        .open(path)
        .map_err(|e| format!("cannot write the signing key {}: {e}", path.display()))?;
    f.write_all(format!("{}\n", B64.encode(key.to_bytes())).as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| format!("cannot write the signing key {}: {e}", path.display()))
}

/// Rotates the key at `path`: the old file is kept as `path.retired-<time>` (back it up, then
/// delete it), a new key takes its place, and the database publishes the new public half while
/// keeping the old one, so checkpoints signed before still verify. Returns the new public key.
pub async fn rotate_key(store: &Store, path: &Path) -> Result<String, String> {
    load_key(path)?;
    {
        let stamp = jiff::Timestamp::now()
            .strftime("%Y%m%dT%H%M%SZ")
            .to_string();
        let retired = path.with_extension(format!("retired-{stamp}"));
        std::fs::rename(path, &retired)
            .map_err(|e| format!("cannot move the old key aside: {e}"))?;
    }
    let key = new_key();
    write_key(path, &key)?;
    let public = public_key(&key);
    store
        .register_signing_key(&public)
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!("rotated the signing key: restart the server so that it signs with the new one");
    Ok(public)
}

/// Base64 of the key's public half.
pub fn public_key(key: &SigningKey) -> String {
    B64.encode(key.verifying_key().to_bytes())
}

/// Signs a checkpoint.
pub fn sign(key: &SigningKey, checkpoint: Checkpoint) -> SignedCheckpoint {
    let signature = key.sign(checkpoint.message().as_bytes());
    SignedCheckpoint {
        checkpoint,
        public_key: public_key(key),
        signature: B64.encode(signature.to_bytes()),
    }
}

/// Whether the checkpoint's signature is good for its own public key.
pub fn signature_holds(c: &SignedCheckpoint) -> bool {
    let Ok(pk) = B64.decode(&c.public_key) else {
        return false;
    };
    let Ok(sig) = B64.decode(&c.signature) else {
        return false;
    };
    let (Ok(pk), Ok(sig)) = (<[u8; 32]>::try_from(pk), <[u8; 64]>::try_from(sig)) else {
        return false;
    };
    let Ok(vk) = VerifyingKey::from_bytes(&pk) else {
        return false;
    };
    vk.verify(
        c.checkpoint.message().as_bytes(),
        &Signature::from_bytes(&sig),
    )
    .is_ok()
}

/// What `bayanihan verify` reports.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Verification {
    pub ledger: LedgerReport,
    /// Checkpoints that failed their signature, or were signed by a key this instance never
    /// published.
    pub bad_checkpoints: Vec<String>,
}

impl Verification {
    pub fn is_intact(&self) -> bool {
        self.ledger.is_intact() && self.bad_checkpoints.is_empty()
    }
}

/// Verifies the books: every chain recomputed, every record sealed, every transaction balanced,
/// and the chains compared with every checkpoint stored in the database and in `kept` (files
/// organizations kept elsewhere).
pub async fn verify(store: &Store, kept: &[SignedCheckpoint]) -> AppResult<Verification> {
    let stored = store.checkpoints(None, i64::MAX).await?;
    let published = store.signing_keys().await?;
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for c in stored.iter().chain(kept) {
        // A retired key vouches only for what it signed before it was retired.
        let after_retirement = published
            .iter()
            .find(|k| k.0 == c.public_key)
            .and_then(|k| k.2)
            .is_some_and(|retired| {
                c.checkpoint
                    .taken_at
                    .parse::<jiff::Timestamp>()
                    .map_or(true, |t| t.as_microsecond() >= retired)
            });
        if !signature_holds(c) {
            bad.push(
                Break::BadSignature {
                    taken_at: c.checkpoint.taken_at.clone(),
                }
                .to_string()
                    + &format!(" (organization {})", c.checkpoint.organization),
            );
        } else if after_retirement {
            bad.push(format!(
                "the checkpoint of {} for organization {} is signed by a key retired before that time",
                c.checkpoint.taken_at, c.checkpoint.organization
            ));
        } else if !published.iter().any(|k| k.0 == c.public_key) {
            bad.push(format!(
                "the checkpoint of {} for organization {} is signed by a key this instance never published ({})",
                c.checkpoint.taken_at, c.checkpoint.organization, c.public_key
            ));
        } else {
            good.push(c.checkpoint.clone());
        }
    }
    Ok(Verification {
        ledger: store.verify_ledger(&good).await?,
        bad_checkpoints: bad,
    })
}

/// Signs and stores today's checkpoint of every chain that verifies (a broken chain is logged
/// and left unsigned: signing it would bless the damage). Returns how many were signed; none
/// when today's are stored already.
pub async fn daily_checkpoint(store: &Store, key: &SigningKey) -> AppResult<usize> {
    let now = jiff::Timestamp::now();
    let day = now.strftime("%Y-%m-%d").to_string();
    if !store.register_signing_key(&public_key(key)).await? {
        tracing::error!(
            "this server's signing key was retired (rotated): restart it so that it signs with the new key"
        );
        return Ok(0);
    }
    if store.has_checkpoints_on(&day).await? {
        return Ok(0);
    }
    let v = verify(store, &[]).await?;
    let taken_at = now.to_string();
    let mut signed = Vec::new();
    for c in &v.ledger.chains {
        if let Some(problem) = &c.problem {
            tracing::error!(organization = %c.organization, %problem, "ledger chain broken: no checkpoint signed for it");
            continue;
        }
        signed.push(sign(
            key,
            Checkpoint {
                organization: c.organization,
                seq: c.entries,
                hash: c.head.clone(),
                taken_at: taken_at.clone(),
            },
        ));
    }
    store.record_checkpoints(&day, &signed).await?;
    Ok(signed.len())
}

/// The newest checkpoint of `org`, for its members and stewards to download and keep.
pub async fn checkpoint_of(
    store: &Store,
    caller: Option<&Subject>,
    org: Uuid,
) -> AppResult<SignedCheckpoint> {
    crate::access::on_organization(store, caller, org, Action::ReadPrivate, "see its books")
        .await?;
    store
        .checkpoints(Some(org), 1)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound("checkpoint"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_only_for_what_was_signed() {
        let key = new_key();
        let c = sign(
            &key,
            Checkpoint {
                organization: Uuid::new_v4(),
                seq: 12,
                hash: "ab".repeat(32),
                taken_at: "2026-12-01T00:00:00Z".into(),
            },
        );
        assert!(signature_holds(&c));
        let mut forged = c.clone();
        forged.checkpoint.seq = 11;
        assert!(!signature_holds(&forged));
        let mut other = c.clone();
        other.public_key = public_key(&new_key());
        assert!(!signature_holds(&other));
    }

    #[test]
    fn a_key_file_is_made_once_and_read_back() {
        let dir = std::env::temp_dir().join(format!("bayanihan-key-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("signing.key");
        let made = load_or_create_key(&path).unwrap();
        let read = load_or_create_key(&path).unwrap();
        assert_eq!(made.to_bytes(), read.to_bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        std::fs::write(&path, "not a key").unwrap();
        assert!(load_or_create_key(&path).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
