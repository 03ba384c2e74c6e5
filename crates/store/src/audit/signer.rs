//! Checkpoint signing with ed25519, and whether a stored checkpoint can be relied on.

use super::chain::*;
use super::*;
use std::path::Path;

/// The ed25519 key that signs checkpoints. Kept in a file as 64 hex characters, readable by
/// its owner only; the public half is what a verifier trusts.
pub struct AuditSigner {
    key: ed25519_dalek::SigningKey,
}

impl std::fmt::Debug for AuditSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditSigner").field("public", &self.public_hex()).finish_non_exhaustive()
    }
}

impl AuditSigner {
    pub fn generate() -> Self {
        let secret: [u8; 32] = rand::random();
        Self { key: ed25519_dalek::SigningKey::from_bytes(&secret) }
    }

    /// Reads the key at `path`; it must exist.
    pub fn load(path: &Path) -> std::io::Result<Self> {
        let text = std::fs::read_to_string(path)?;
        let secret: [u8; 32] = from_hex(&text).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{} không chứa khoá bí mật hợp lệ (64 chữ số hex)", path.display()),
            )
        })?;
        Ok(Self { key: ed25519_dalek::SigningKey::from_bytes(&secret) })
    }

    /// Reads the key at `path`, or creates one there (mode 0600, parent directories too).
    pub fn load_or_create(path: &Path) -> std::io::Result<Self> {
        if path.exists() {
            return Self::load(path);
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let signer = Self::generate();
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        match opts.open(path) {
            Ok(mut f) => {
                use std::io::Write;
                writeln!(f, "{}", to_hex(&signer.key.to_bytes()))?;
                f.sync_all()?;
                Ok(signer)
            }
            // Someone else created it meanwhile: theirs wins.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Self::load(path),
            Err(e) => Err(e),
        }
    }

    pub fn public_hex(&self) -> String {
        to_hex(self.key.verifying_key().as_bytes())
    }

    /// A checkpoint stating that the chain had `hash` at `seq`, signed now.
    pub fn sign(&self, seq: i64, hash: &str) -> Checkpoint {
        use ed25519_dalek::Signer;
        let sig = self.key.sign(&checkpoint_message(seq, hash));
        Checkpoint {
            seq,
            hash: hash.to_string(),
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            key: self.public_hex(),
            signature: to_hex(&sig.to_bytes()),
        }
    }
}

/// Why a checkpoint cannot be relied on by the keys `trusted` (hex), if it cannot.
pub fn checkpoint_fault_hex(c: &Checkpoint, trusted: &[String]) -> Option<&'static str> {
    let keys: Vec<[u8; 32]> = trusted.iter().filter_map(|k| from_hex::<32>(k)).collect();
    checkpoint_fault(c, &keys)
}

/// Why a checkpoint cannot be relied on, if it cannot.
pub(super) fn checkpoint_fault(c: &Checkpoint, trusted: &[[u8; 32]]) -> Option<&'static str> {
    use ed25519_dalek::Verifier as _;
    let Some(key) = from_hex::<32>(&c.key) else {
        return Some("khoá của điểm kiểm tra không hợp lệ");
    };
    if !trusted.contains(&key) {
        return Some("điểm kiểm tra ký bằng khoá không được tin cậy");
    }
    let Ok(vk) = ed25519_dalek::VerifyingKey::from_bytes(&key) else {
        return Some("khoá của điểm kiểm tra không hợp lệ");
    };
    let Some(sig) = from_hex::<64>(&c.signature) else {
        return Some("chữ ký điểm kiểm tra sai");
    };
    let sig = ed25519_dalek::Signature::from_bytes(&sig);
    if vk.verify(&checkpoint_message(c.seq, &c.hash), &sig).is_err() {
        return Some("chữ ký điểm kiểm tra sai");
    }
    None
}
