//! Signed checkpoints: now and then the receiver signs the chain's head (the last row's id and
//! hash) with an Ed25519 key kept outside the database, and stores the signature in
//! `consent_checkpoints` (append-only too) and in its log. Whoever can write the database but
//! not read the key cannot rewrite the chain and its hashes up to a signed head without
//! `verify --key` noticing: the head signed no longer matches, and a new signature cannot be
//! made. Keep a copy of the checkpoints (the log lines) elsewhere too: deleting checkpoints from
//! the database is seen only by comparing with that copy.
//!
//! Signed message (UTF-8): `"kelisim-checkpoint-1" "\n" row_id "\n" head_hash "\n" signed_at`.
//! Key files hold the 32-byte key as 64 hex digits: the signing key (secret, `keygen`'s FILE)
//! and the public key (`FILE.pub`).

use super::{now_rfc3339, Store};
use anyhow::{bail, Context, Result};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

/// One signed head.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    /// The id of the last row signed.
    pub row_id: i64,
    /// Its hash.
    pub head_hash: String,
    /// When it was signed (RFC 3339 UTC).
    pub signed_at: String,
    /// The public key, hex.
    pub public_key: String,
    /// The signature, hex.
    pub signature: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let text = text.trim();
    if text.len() != N * 2 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).ok()?;
    }
    Some(out)
}

/// The message a checkpoint signs.
pub fn message(row_id: i64, head_hash: &str, signed_at: &str) -> String {
    format!("kelisim-checkpoint-1\n{row_id}\n{head_hash}\n{signed_at}")
}

/// A new signing key (from the operating system's random source).
pub fn generate() -> Result<SigningKey> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed).map_err(|e| anyhow::anyhow!("no random source: {e}"))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// The signing key's file text (64 hex digits and a newline).
pub fn signing_key_text(key: &SigningKey) -> String {
    format!("{}\n", hex(&key.to_bytes()))
}

/// The public key, 64 hex digits.
pub fn public_key_text(key: &VerifyingKey) -> String {
    hex(&key.to_bytes())
}

/// Reads a signing key file.
pub fn read_signing_key(path: &std::path::Path) -> Result<SigningKey> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the checkpoint key {}", path.display()))?;
    let Some(seed) = unhex::<32>(&text) else {
        bail!("{} is not a key written by `keygen`", path.display());
    };
    Ok(SigningKey::from_bytes(&seed))
}

/// A public key: 64 hex digits, or a file holding them.
pub fn read_public_key(key: &str) -> Result<VerifyingKey> {
    let text = match unhex::<32>(key) {
        Some(_) => key.to_owned(),
        None => std::fs::read_to_string(key)
            .with_context(|| format!("--key {key}: neither 64 hex digits nor a readable file"))?,
    };
    let bytes = unhex::<32>(&text).with_context(|| format!("--key {key}: not a public key"))?;
    VerifyingKey::from_bytes(&bytes).map_err(|e| anyhow::anyhow!("--key {key}: {e}"))
}

/// Signs the head `row_id`/`head_hash` now.
pub fn sign(key: &SigningKey, row_id: i64, head_hash: &str) -> Checkpoint {
    let signed_at = now_rfc3339();
    let signature = key.sign(message(row_id, head_hash, &signed_at).as_bytes());
    Checkpoint {
        row_id,
        head_hash: head_hash.to_owned(),
        signed_at,
        public_key: public_key_text(&key.verifying_key()),
        signature: hex(&signature.to_bytes()),
    }
}

/// Whether `checkpoint` is signed by `key`.
pub fn signed_by(checkpoint: &Checkpoint, key: &VerifyingKey) -> bool {
    let Some(bytes) = unhex::<64>(&checkpoint.signature) else {
        return false;
    };
    let message = message(
        checkpoint.row_id,
        &checkpoint.head_hash,
        &checkpoint.signed_at,
    );
    key.verify(message.as_bytes(), &Signature::from_bytes(&bytes))
        .is_ok()
}

/// What [`Store::check_checkpoints`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckpointVerdict {
    /// Every checkpoint is signed by the key and matches the chain.
    Hold {
        /// How many.
        count: u64,
        /// The last one, if any.
        last: Option<Checkpoint>,
    },
    /// The first that does not.
    Broken {
        /// It.
        checkpoint: Checkpoint,
        /// Why.
        problem: String,
    },
}

impl Store {
    /// Signs the current head with `key` and stores the checkpoint; `None` when the chain is
    /// empty or its head is signed already.
    pub async fn sign_head(&self, key: &SigningKey) -> Result<Option<Checkpoint>> {
        let head: Option<(i64, String)> =
            sqlx::query_as("SELECT id, hash FROM consent_records ORDER BY id DESC LIMIT 1")
                .fetch_optional(&self.pool)
                .await
                .context("cannot read the chain's head")?;
        let Some((row_id, head_hash)) = head else {
            return Ok(None);
        };
        let last: Option<(i64,)> =
            sqlx::query_as("SELECT row_id FROM consent_checkpoints ORDER BY row_id DESC LIMIT 1")
                .fetch_optional(&self.pool)
                .await
                .context("cannot read consent_checkpoints")?;
        if last.is_some_and(|(id,)| id >= row_id) {
            return Ok(None);
        }
        let c = sign(key, row_id, &head_hash);
        sqlx::query(
            "INSERT INTO consent_checkpoints (row_id, head_hash, signed_at, public_key, signature)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(c.row_id)
        .bind(&c.head_hash)
        .bind(&c.signed_at)
        .bind(&c.public_key)
        .bind(&c.signature)
        .execute(&self.pool)
        .await
        .context("cannot store the checkpoint")?;
        Ok(Some(c))
    }

    /// The stored checkpoints, oldest first.
    pub async fn checkpoints(&self) -> Result<Vec<Checkpoint>> {
        let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT row_id, head_hash, signed_at, public_key, signature FROM consent_checkpoints
             ORDER BY row_id, signed_at",
        )
        .fetch_all(&self.pool)
        .await
        .context("cannot read consent_checkpoints")?;
        Ok(rows
            .into_iter()
            .map(
                |(row_id, head_hash, signed_at, public_key, signature)| Checkpoint {
                    row_id,
                    head_hash,
                    signed_at,
                    public_key,
                    signature,
                },
            )
            .collect())
    }

    /// Checks `checkpoints` (the stored ones, or a copy kept elsewhere) against `key` and the
    /// chain: each signed by the key, and the row it names still has the hash signed. A row
    /// dropped by retention is checked against the hash kept for its partition when it was the
    /// partition's last row, and skipped otherwise.
    pub async fn check_checkpoints(
        &self,
        checkpoints: &[Checkpoint],
        key: &VerifyingKey,
    ) -> Result<CheckpointVerdict> {
        let dropped = self.dropped().await?;
        for c in checkpoints {
            let broken = |problem: String| {
                Ok(CheckpointVerdict::Broken {
                    checkpoint: c.clone(),
                    problem,
                })
            };
            if !signed_by(c, key) {
                return broken("its signature is not by this key (forged, or another key)".into());
            }
            match self.row(c.row_id).await? {
                Some(row) if row.hash == c.head_hash => {}
                Some(_) => {
                    return broken(format!(
                        "row {} no longer has the hash signed: the chain was rewritten from row \
                         {} or before",
                        c.row_id, c.row_id
                    ))
                }
                None => {
                    let in_dropped = dropped.iter().find(|d| {
                        d.ids
                            .is_some_and(|(first, last)| (first..=last).contains(&c.row_id))
                    });
                    match in_dropped {
                        Some(d) if d.ids.map(|i| i.1) == Some(c.row_id) => {
                            if d.last_hash.as_deref() != Some(c.head_hash.as_str()) {
                                return broken(format!(
                                    "the dropped partition of {} does not end with the hash signed",
                                    d.month
                                ));
                            }
                        }
                        Some(_) => {}
                        None => {
                            return broken(format!(
                                "row {} is gone: rows were deleted from the end of the chain",
                                c.row_id
                            ))
                        }
                    }
                }
            }
        }
        Ok(CheckpointVerdict::Hold {
            count: checkpoints.len() as u64,
            last: checkpoints.last().cloned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_is_signed_and_checked() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let c = sign(&key, 42, "ab");
        assert!(signed_by(&c, &key.verifying_key()));
        let other = SigningKey::from_bytes(&[8u8; 32]);
        assert!(!signed_by(&c, &other.verifying_key()));
        for forged in [
            Checkpoint {
                row_id: 43,
                ..c.clone()
            },
            Checkpoint {
                head_hash: "ac".into(),
                ..c.clone()
            },
            Checkpoint {
                signature: "00".into(),
                ..c.clone()
            },
        ] {
            assert!(!signed_by(&forged, &key.verifying_key()), "{forged:?}");
        }
        let text = signing_key_text(&key);
        assert_eq!(unhex::<32>(&text), Some([7u8; 32]));
        let public = public_key_text(&key.verifying_key());
        assert_eq!(
            read_public_key(&public).unwrap(),
            key.verifying_key(),
            "a key given as hex"
        );
        assert!(read_public_key("zz").is_err());
    }
}
