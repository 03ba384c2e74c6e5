//! The audit trail: every read of sensitive data, every write, every denial and every login.
//! Entries form a blake3 hash chain; periodic checkpoints sign the chain head with ed25519, so
//! rewriting the chain after a tampering still fails against a signed checkpoint.

use crate::Result;
use async_trait::async_trait;
use bvctnb_core::ids::PersonId;
use futures::stream::{BoxStream, Stream, StreamExt};
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The action was permitted and done.
    Ok,
    /// Authorization refused it.
    Denied,
    /// Permitted but failed (bad input, bad password, conflict).
    Failed,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Denied => "denied",
            Outcome::Failed => "failed",
        }
    }

    pub fn from_code(s: &str) -> Option<Outcome> {
        [Outcome::Ok, Outcome::Denied, Outcome::Failed].into_iter().find(|o| o.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Ok => "Thành công",
            Outcome::Denied => "Bị từ chối",
            Outcome::Failed => "Không thành công",
        }
    }
}

/// One thing that happened: who, when, what, from where, outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    /// RFC 3339 UTC with milliseconds.
    pub at: String,
    /// Username, or "-" when unknown (a failed login for a username that does not exist
    /// records the attempted name in `detail`).
    pub actor: String,
    /// e.g. "dossier.read", "dossier.update", "login", "search".
    pub action: String,
    /// e.g. "person", "org", "account", "audit".
    pub target_kind: String,
    pub target_id: String,
    /// The person whose data was touched, so an inspector can ask "who looked at X".
    pub person_id: Option<PersonId>,
    /// Client address.
    pub ip: String,
    pub outcome: Outcome,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub event: AuditEvent,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub person_id: Option<PersonId>,
    /// Inclusive RFC 3339 bounds (a date `YYYY-MM-DD` compares correctly as a prefix).
    pub from: Option<String>,
    pub to: Option<String>,
    /// Keyset pagination, newest first: entries with `seq < before`.
    pub before: Option<i64>,
    /// At most this many entries; a non-positive value means [`DEFAULT_LIMIT`].
    pub limit: i64,
    /// Only entries about a person currently in this organisation's subtree (entries that name
    /// no person are then left out).
    pub scope_org: Option<bvctnb_core::ids::OrgId>,
}

/// The page size of [`AuditLog::audit_entries`] when the filter gives none.
pub const DEFAULT_LIMIT: i64 = 100;

/// A signed statement that the chain had `hash` at `seq`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub at: String,
    /// Hex ed25519 public key.
    pub key: String,
    /// Hex ed25519 signature over `checkpoint_message(seq, hash)`.
    pub signature: String,
}

#[async_trait]
pub trait AuditLog: Send + Sync {
    /// Appends the events in order in one transaction, chained to the current head.
    /// Returns the sequence number of the last one.
    async fn append_audit(&self, events: &[AuditEvent]) -> Result<i64>;
    /// Newest first.
    async fn audit_entries(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>>;
    /// `(seq, hash)` of the last entry; `(0, GENESIS)` when empty.
    async fn audit_head(&self) -> Result<(i64, String)>;
    async fn put_checkpoint(&self, c: &Checkpoint) -> Result<()>;
    async fn checkpoints(&self) -> Result<Vec<Checkpoint>>;
    /// Every entry in stored order of `seq`, for verification.
    fn stream_audit(&self) -> BoxStream<'_, Result<AuditEntry>>;
    /// Verifies the whole trail against its signed checkpoints (by `trusted_keys`, hex) and
    /// its recorded head. A backend may read faster than [`AuditLog::stream_audit`] allows.
    async fn verify_audit(&self, trusted_keys: &[String]) -> Result<VerifyReport> {
        verify_log(self, trusted_keys).await
    }
}

// ---------------------------------------------------------------------------------------------
// Hash chain.

/// The `prev_hash` of the first entry, and the head hash of an empty trail.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const ENTRY_DOMAIN: &[u8] = b"bvctnb/audit-entry/v1";
const CHECKPOINT_DOMAIN: &[u8] = b"bvctnb/audit-checkpoint/v1";

fn field(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    buf.extend_from_slice(bytes);
}

/// One entry's fields as stored, borrowed: exactly what is hashed. Lets a reader hash rows
/// straight from the database without building an [`AuditEntry`].
#[derive(Debug, Clone, Copy, Default)]
pub struct RawEntry<'a> {
    pub seq: i64,
    pub prev_hash: &'a [u8],
    pub at: &'a [u8],
    pub actor: &'a [u8],
    pub action: &'a [u8],
    pub target_kind: &'a [u8],
    pub target_id: &'a [u8],
    pub person_id: Option<i64>,
    pub ip: &'a [u8],
    /// The outcome's code as stored (`ok`, `denied`, `failed`).
    pub outcome: &'a [u8],
    pub detail: &'a [u8],
    /// The stored hash (not part of the encoding).
    pub hash: &'a [u8],
}

impl<'a> RawEntry<'a> {
    fn of(prev_hash: &'a str, seq: i64, e: &'a AuditEvent) -> Self {
        RawEntry {
            seq,
            prev_hash: prev_hash.as_bytes(),
            at: e.at.as_bytes(),
            actor: e.actor.as_bytes(),
            action: e.action.as_bytes(),
            target_kind: e.target_kind.as_bytes(),
            target_id: e.target_id.as_bytes(),
            person_id: e.person_id.map(|p| p.0),
            ip: e.ip.as_bytes(),
            outcome: e.outcome.code().as_bytes(),
            detail: e.detail.as_bytes(),
            hash: &[],
        }
    }
}

/// Appends the canonical encoding of one entry to `buf`: a domain-separation tag, then every
/// field as (u64 little-endian length, bytes) in a fixed order, so no two different entries
/// encode alike. `seq` and `person_id` are 8 bytes big-endian; an absent person is an empty
/// field; the outcome is its code.
///
/// ```text
/// F("bvctnb/audit-entry/v1") F(prev_hash hex) F(seq) F(at) F(actor) F(action) F(target_kind)
/// F(target_id) F(person_id | "") F(ip) F(outcome code) F(detail)     F(x) = len(x) as u64 LE ‖ x
/// ```
fn encode_raw(buf: &mut Vec<u8>, e: &RawEntry) {
    field(buf, ENTRY_DOMAIN);
    field(buf, e.prev_hash);
    field(buf, &e.seq.to_be_bytes());
    field(buf, e.at);
    field(buf, e.actor);
    field(buf, e.action);
    field(buf, e.target_kind);
    field(buf, e.target_id);
    match e.person_id {
        Some(p) => field(buf, &p.to_be_bytes()),
        None => field(buf, &[]),
    }
    field(buf, e.ip);
    field(buf, e.outcome);
    field(buf, e.detail);
}

fn encode(buf: &mut Vec<u8>, prev_hash: &str, seq: i64, e: &AuditEvent) {
    buf.clear();
    encode_raw(buf, &RawEntry::of(prev_hash, seq, e));
}

/// Where the prev_hash bytes start inside an encoding.
const PREV_AT: usize = 8 + ENTRY_DOMAIN.len() + 8;

/// Entries read straight from the database in their canonical encoding, in one buffer: the
/// verifier's input on the fast path (no allocation per field or per entry).
#[derive(Debug, Default)]
pub struct RawBatch {
    buf: Vec<u8>,
    items: Vec<RawItem>,
}

#[derive(Debug)]
struct RawItem {
    seq: i64,
    encoding: std::ops::Range<usize>,
    prev_hash: std::ops::Range<usize>,
    hash: std::ops::Range<usize>,
    malformed: bool,
}

impl RawBatch {
    pub fn with_capacity(entries: usize) -> Self {
        RawBatch { buf: Vec::with_capacity(entries * 320), items: Vec::with_capacity(entries) }
    }

    pub fn push(&mut self, e: &RawEntry) {
        self.push_inner(e, false);
    }

    /// An entry whose stored values could not be read as they were written (a column of the
    /// wrong type): it fails as changed content.
    pub fn push_malformed(&mut self, seq: i64) {
        self.push_inner(&RawEntry { seq, ..RawEntry::default() }, true);
    }

    fn push_inner(&mut self, e: &RawEntry, malformed: bool) {
        let start = self.buf.len();
        encode_raw(&mut self.buf, e);
        let end = self.buf.len();
        self.buf.extend_from_slice(e.hash);
        self.items.push(RawItem {
            seq: e.seq,
            encoding: start..end,
            prev_hash: start + PREV_AT..start + PREV_AT + e.prev_hash.len(),
            hash: end..self.buf.len(),
            malformed,
        });
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The hash of entry `seq` chained after `prev_hash`: blake3 of the canonical encoding, in hex.
pub fn entry_hash(prev_hash: &str, seq: i64, e: &AuditEvent) -> String {
    let mut buf = Vec::with_capacity(256);
    encode(&mut buf, prev_hash, seq, e);
    blake3::hash(&buf).to_hex().to_string()
}

/// The bytes a checkpoint signs: a domain tag, `seq` (8 bytes big-endian), then the head hash.
pub fn checkpoint_message(seq: i64, hash: &str) -> Vec<u8> {
    let mut buf = Vec::with_capacity(128);
    field(&mut buf, CHECKPOINT_DOMAIN);
    field(&mut buf, &seq.to_be_bytes());
    field(&mut buf, hash.as_bytes());
    buf
}

/// Chains `events` after `(seq, hash)`: the entries to insert, in order.
pub fn chain(mut seq: i64, mut hash: String, events: &[AuditEvent]) -> Vec<AuditEntry> {
    let mut buf = Vec::with_capacity(256);
    events
        .iter()
        .map(|e| {
            seq += 1;
            encode(&mut buf, &hash, seq, e);
            let next = blake3::hash(&buf).to_hex().to_string();
            let prev = std::mem::replace(&mut hash, next.clone());
            AuditEntry { seq, event: e.clone(), prev_hash: prev, hash: next }
        })
        .collect()
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

fn from_hex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let s = s.trim().as_bytes();
    if s.len() != 2 * N {
        return None;
    }
    let nibble = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = nibble(s[2 * i])? << 4 | nibble(s[2 * i + 1])?;
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Checkpoint signing.

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

/// Why a checkpoint cannot be relied on, if it cannot.
fn checkpoint_fault(c: &Checkpoint, trusted: &[[u8; 32]]) -> Option<&'static str> {
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

// ---------------------------------------------------------------------------------------------
// Verification.

/// The first entry found wrong, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub seq: i64,
    /// In Vietnamese, for the operator.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Entries read and found sound.
    pub entries: i64,
    /// Signed checkpoints whose entry was reached and matched.
    pub checkpoints_checked: usize,
    pub first_problem: Option<Problem>,
}

impl VerifyReport {
    pub fn is_intact(&self) -> bool {
        self.first_problem.is_none()
    }
}

/// A streaming verifier: feed it the entries in `seq` order with [`Verifier::push`], then
/// [`Verifier::finish`]. Memory is the checkpoints only; each entry costs one blake3 hash and
/// two string comparisons.
///
/// What it catches, always naming the first entry at fault:
/// - a changed entry: its hash no longer matches its content;
/// - a deleted entry: a gap in `seq`, or (if the rest was renumbered) a broken link;
/// - an inserted or moved entry: the next entry no longer links to it;
/// - a chain rewritten consistently after a change: the signed checkpoint at or after the
///   change no longer matches; a checkpoint whose signature is wrong or whose key is not trusted
///   is itself a problem at its `seq`;
/// - a truncated tail: a signed checkpoint, or the recorded head, lies beyond the last entry.
pub struct Verifier {
    /// Checkpoints with a good signature by a trusted key, by seq.
    checkpoints: Vec<Checkpoint>,
    next_cp: usize,
    /// The first checkpoint that cannot be relied on.
    cp_problem: Option<Problem>,
    head: Option<(i64, String)>,
    expected: i64,
    prev: Vec<u8>,
    prev_prev: Vec<u8>,
    last_matched_cp: i64,
    entries: i64,
    checked: usize,
    problem: Option<Problem>,
    buf: Vec<u8>,
}

impl Verifier {
    /// `trusted_keys`: hex ed25519 public keys; a checkpoint signed by any other key fails.
    pub fn new(checkpoints: &[Checkpoint], trusted_keys: &[String]) -> Self {
        let trusted: Vec<[u8; 32]> = trusted_keys.iter().filter_map(|k| from_hex::<32>(k)).collect();
        let mut good = Vec::new();
        let mut cp_problem: Option<Problem> = None;
        for c in checkpoints {
            let fault = checkpoint_fault(c, &trusted)
                .map(str::to_string)
                .or_else(|| (c.seq <= 0 && (c.seq < 0 || c.hash != GENESIS)).then(|| "điểm kiểm tra sai".to_string()));
            match fault {
                Some(reason) => {
                    if cp_problem.as_ref().is_none_or(|p| c.seq < p.seq) {
                        cp_problem = Some(Problem { seq: c.seq.max(0), reason });
                    }
                }
                None if c.seq == 0 => {}
                None => good.push(c.clone()),
            }
        }
        good.sort_by_key(|c| c.seq);
        Self {
            checkpoints: good,
            next_cp: 0,
            cp_problem,
            head: None,
            expected: 1,
            prev: GENESIS.as_bytes().to_vec(),
            prev_prev: Vec::new(),
            last_matched_cp: 0,
            entries: 0,
            checked: 0,
            problem: None,
            buf: Vec::with_capacity(512),
        }
    }

    /// The head recorded in the store (read before the entries): the chain must reach it, and
    /// have `hash` there. Entries beyond it are allowed (appended while verifying).
    pub fn expect_head(&mut self, seq: i64, hash: String) {
        self.head = Some((seq, hash));
    }

    fn fail(&mut self, seq: i64, reason: impl Into<String>) -> bool {
        self.problem = Some(Problem { seq, reason: reason.into() });
        false
    }

    /// Checks the next entry. Returns `false` once the outcome is decided: stop feeding.
    pub fn push(&mut self, e: &AuditEntry) -> bool {
        let mut buf = std::mem::take(&mut self.buf);
        encode(&mut buf, &e.prev_hash, e.seq, &e.event);
        let go_on = self.check(e.seq, e.prev_hash.as_bytes(), e.hash.as_bytes(), &buf, false);
        self.buf = buf;
        go_on
    }

    /// Checks the next entries, read raw. Returns `false` once the outcome is decided.
    pub fn push_batch(&mut self, b: &RawBatch) -> bool {
        b.items.iter().all(|it| {
            self.check(
                it.seq,
                &b.buf[it.prev_hash.clone()],
                &b.buf[it.hash.clone()],
                &b.buf[it.encoding.clone()],
                it.malformed,
            )
        })
    }

    fn check(&mut self, seq: i64, prev_hash: &[u8], hash: &[u8], encoding: &[u8], malformed: bool) -> bool {
        if self.problem.is_some() {
            return false;
        }
        if self.cp_problem.as_ref().is_some_and(|p| p.seq < self.expected) {
            return false;
        }
        if seq != self.expected {
            return if seq > self.expected {
                let reason = if seq == self.expected + 1 {
                    "thiếu mục (bị xoá)".to_string()
                } else {
                    format!("thiếu các mục {}–{} (bị xoá)", self.expected, seq - 1)
                };
                self.fail(self.expected, reason)
            } else {
                self.fail(seq, "mục chèn thêm hoặc đổi thứ tự (số thứ tự lặp lại hoặc lùi)")
            };
        }
        if malformed {
            return self.fail(seq, "nội dung bị sửa");
        }
        let own_ok = blake3::hash(encoding).to_hex().as_bytes() == hash;
        let link_ok = prev_hash == self.prev.as_slice();
        if !link_ok {
            if own_ok && seq > 1 {
                // This entry is intact where it stands, so the link it records is the real one:
                // the entry before it was replaced.
                return self.fail(seq - 1, "nội dung bị sửa (mã băm đã bị tính lại; mục sau không còn khớp)");
            }
            if seq > 1 && prev_hash == self.prev_prev.as_slice() {
                return self.fail(seq - 1, "mục chèn thêm");
            }
            return self.fail(seq, "mục chèn thêm hoặc đổi thứ tự (không nối với mục trước; có thể mục trước bị xoá)");
        }
        if !own_ok {
            return self.fail(seq, "nội dung bị sửa");
        }
        while let Some(c) = self.checkpoints.get(self.next_cp).filter(|c| c.seq <= seq) {
            // Checkpoints below the current entry were all matched when reached.
            if c.hash.as_bytes() != hash {
                let reason = format!(
                    "không khớp điểm kiểm tra đã ký lúc {} (chuỗi bị viết lại; thay đổi nằm trong các mục {}–{})",
                    c.at,
                    self.last_matched_cp + 1,
                    c.seq
                );
                return self.fail(seq, reason);
            }
            self.last_matched_cp = c.seq;
            self.checked += 1;
            self.next_cp += 1;
        }
        if let Some((hs, hh)) = &self.head
            && *hs == seq
            && hh.as_bytes() != hash
        {
            return self.fail(seq, "không khớp đầu chuỗi đã ghi (mục cuối bị sửa)");
        }
        std::mem::swap(&mut self.prev_prev, &mut self.prev);
        self.prev.clear();
        self.prev.extend_from_slice(hash);
        self.entries += 1;
        self.expected += 1;
        true
    }

    pub fn finish(mut self) -> VerifyReport {
        if self.problem.is_none() {
            let last = self.expected - 1;
            if let Some(c) = self.checkpoints.get(self.next_cp) {
                let reason = format!(
                    "điểm kiểm tra vượt quá cuối chuỗi (mất mục cuối): điểm kiểm tra ký tại mục {}, chuỗi dừng ở mục {last}",
                    c.seq
                );
                self.problem = Some(Problem { seq: self.expected, reason });
            } else if let Some((hs, _)) = self.head.as_ref().filter(|(hs, _)| *hs > last) {
                let reason = format!("mất mục cuối: đầu chuỗi ghi mục {hs}, chuỗi dừng ở mục {last}");
                self.problem = Some(Problem { seq: self.expected, reason });
            }
        }
        let first_problem = match (self.problem, self.cp_problem) {
            (Some(a), Some(b)) => Some(if b.seq < a.seq { b } else { a }),
            (a, b) => a.or(b),
        };
        VerifyReport { entries: self.entries, checkpoints_checked: self.checked, first_problem }
    }
}

/// Verifies a stream of entries in `seq` order (e.g. [`AuditLog::stream_audit`]) against the
/// signed checkpoints and, when given, the head recorded in the store (read before streaming).
/// Stops reading at the first problem.
pub async fn verify<S>(
    entries: S,
    checkpoints: &[Checkpoint],
    trusted_keys: &[String],
    head: Option<(i64, String)>,
) -> Result<VerifyReport>
where
    S: Stream<Item = Result<AuditEntry>>,
{
    let mut v = Verifier::new(checkpoints, trusted_keys);
    if let Some((seq, hash)) = head {
        v.expect_head(seq, hash);
    }
    let mut entries = std::pin::pin!(entries);
    while let Some(e) = entries.next().await {
        if !v.push(&e?) {
            break;
        }
    }
    Ok(v.finish())
}

/// [`verify`] over batches read raw (the fast path of [`AuditLog::verify_audit`]).
pub async fn verify_batches<S>(
    batches: S,
    checkpoints: &[Checkpoint],
    trusted_keys: &[String],
    head: Option<(i64, String)>,
) -> Result<VerifyReport>
where
    S: Stream<Item = Result<RawBatch>>,
{
    let mut v = Verifier::new(checkpoints, trusted_keys);
    if let Some((seq, hash)) = head {
        v.expect_head(seq, hash);
    }
    let mut batches = std::pin::pin!(batches);
    while let Some(b) = batches.next().await {
        if !v.push_batch(&b?) {
            break;
        }
    }
    Ok(v.finish())
}

/// The whole check of a store's trail: its head (read first, so entries appended meanwhile
/// are fine), its checkpoints, then every entry through [`AuditLog::stream_audit`].
pub async fn verify_log<L: AuditLog + ?Sized>(log: &L, trusted_keys: &[String]) -> Result<VerifyReport> {
    let head = log.audit_head().await?;
    let checkpoints = log.checkpoints().await?;
    verify(log.stream_audit(), &checkpoints, trusted_keys, Some(head)).await
}

/// [`verify`] over entries already in memory.
pub fn verify_entries<'a>(
    entries: impl IntoIterator<Item = &'a AuditEntry>,
    checkpoints: &[Checkpoint],
    trusted_keys: &[String],
) -> VerifyReport {
    let mut v = Verifier::new(checkpoints, trusted_keys);
    for e in entries {
        if !v.push(e) {
            break;
        }
    }
    v.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(i: i64) -> AuditEvent {
        AuditEvent {
            at: format!("2025-01-{:02}T08:00:00.000Z", 1 + i % 28),
            actor: format!("officer{}", i % 3),
            action: "dossier.read".into(),
            target_kind: "person".into(),
            target_id: i.to_string(),
            person_id: (i % 4 != 0).then_some(PersonId(i)),
            ip: "10.0.0.1".into(),
            outcome: Outcome::Ok,
            detail: String::new(),
        }
    }

    fn trail(n: i64) -> Vec<AuditEntry> {
        let events: Vec<AuditEvent> = (1..=n).map(event).collect();
        chain(0, GENESIS.to_string(), &events)
    }

    /// Verifies by both inputs, decoded entries and raw batches (split in two), which agree.
    fn both(t: &[AuditEntry], cps: &[Checkpoint], keys: &[String]) -> VerifyReport {
        let decoded = verify_entries(t, cps, keys);
        let mut v = Verifier::new(cps, keys);
        for part in t.chunks(t.len().div_ceil(2).max(1)) {
            let mut b = RawBatch::with_capacity(part.len());
            for e in part {
                b.push(&RawEntry { hash: e.hash.as_bytes(), ..RawEntry::of(&e.prev_hash, e.seq, &e.event) });
            }
            if !v.push_batch(&b) {
                break;
            }
        }
        assert_eq!(v.finish(), decoded);
        decoded
    }

    fn problem(r: &VerifyReport) -> (i64, &str) {
        let p = r.first_problem.as_ref().expect("a problem");
        (p.seq, p.reason.as_str())
    }

    /// Re-hashes every entry from index `from` on, as an attacker who knows the scheme would.
    fn rehash(t: &mut [AuditEntry], from: usize) {
        for i in from..t.len() {
            let prev = if i == 0 { GENESIS.to_string() } else { t[i - 1].hash.clone() };
            t[i].prev_hash = prev;
            t[i].hash = entry_hash(&t[i].prev_hash, t[i].seq, &t[i].event);
        }
    }

    #[test]
    fn encoding_is_unambiguous() {
        let a = event(1);
        let mut b = a.clone();
        // Moving a character from one field to the next must change the hash.
        b.actor = "officer1d".into();
        b.action = "ossier.read".into();
        assert_ne!(entry_hash(GENESIS, 1, &a), entry_hash(GENESIS, 1, &b));
        let mut c = a.clone();
        c.person_id = None;
        assert_ne!(entry_hash(GENESIS, 1, &a), entry_hash(GENESIS, 1, &c));
        let mut d = a.clone();
        d.outcome = Outcome::Denied;
        assert_ne!(entry_hash(GENESIS, 1, &a), entry_hash(GENESIS, 1, &d));
        assert_ne!(entry_hash(GENESIS, 1, &a), entry_hash(GENESIS, 2, &a));
        assert_eq!(entry_hash(GENESIS, 1, &a).len(), 64);
        assert_eq!(entry_hash(GENESIS, 1, &a), entry_hash(GENESIS, 1, &a.clone()));
        assert_ne!(checkpoint_message(1, "ab"), checkpoint_message(1, "abc"));
    }

    #[test]
    fn chain_links_and_verifies() {
        let t = trail(50);
        assert_eq!(t[0].prev_hash, GENESIS);
        for w in t.windows(2) {
            assert_eq!(w[1].prev_hash, w[0].hash);
            assert_eq!(w[1].seq, w[0].seq + 1);
        }
        let r = both(&t, &[], &[]);
        assert_eq!(r, VerifyReport { entries: 50, checkpoints_checked: 0, first_problem: None });
        assert!(both(&[], &[], &[]).is_intact());
        // Chaining in two calls equals chaining at once.
        let events: Vec<AuditEvent> = (1..=50).map(event).collect();
        let first = chain(0, GENESIS.to_string(), &events[..20]);
        let rest = chain(20, first[19].hash.clone(), &events[20..]);
        assert_eq!([first, rest].concat(), t);
    }

    #[test]
    fn a_changed_entry_is_named() {
        let mut t = trail(20);
        t[6].event.detail = "đã sửa".into();
        assert_eq!(problem(&both(&t, &[], &[])), (7, "nội dung bị sửa"));
        let mut t = trail(20);
        t[6].event.person_id = None;
        assert_eq!(problem(&both(&t, &[], &[])).0, 7);
        // Changed and re-hashed, but not the entries after it: the next one no longer links.
        let mut t = trail(20);
        t[6].event.actor = "someone".into();
        t[6].hash = entry_hash(&t[6].prev_hash, 7, &t[6].event);
        assert_eq!(problem(&both(&t, &[], &[])).0, 7);
    }

    #[test]
    fn a_deleted_entry_is_named() {
        let mut t = trail(20);
        t.remove(9);
        let r = both(&t, &[], &[]);
        assert_eq!(problem(&r), (10, "thiếu mục (bị xoá)"));
        assert_eq!(r.entries, 9);
        // The first one.
        let mut t = trail(5);
        t.remove(0);
        assert_eq!(problem(&both(&t, &[], &[])).0, 1);
        // Deleted, and the rest renumbered to close the gap.
        let mut t = trail(20);
        t.remove(9);
        for (i, e) in t.iter_mut().enumerate() {
            e.seq = i as i64 + 1;
        }
        assert_eq!(problem(&both(&t, &[], &[])).0, 10);
    }

    #[test]
    fn an_inserted_entry_is_named() {
        let mut t = trail(20);
        // A plausible entry at 8: linked to 7 and correctly hashed; the rest renumbered.
        let mut forged = AuditEntry { seq: 8, event: event(99), prev_hash: t[6].hash.clone(), hash: String::new() };
        forged.hash = entry_hash(&forged.prev_hash, 8, &forged.event);
        t.insert(7, forged);
        for e in &mut t[8..] {
            e.seq += 1;
        }
        assert_eq!(problem(&both(&t, &[], &[])), (8, "mục chèn thêm"));
    }

    #[test]
    fn swapped_entries_are_named() {
        let t0 = trail(20);
        // Whole rows exchanged (everything but the seq).
        let mut t = t0.clone();
        let (a, b) = (t[4].clone(), t[11].clone());
        t[4] = AuditEntry { seq: 5, ..b };
        t[11] = AuditEntry { seq: 12, ..a };
        assert_eq!(problem(&both(&t, &[], &[])).0, 5);
        // Only the events exchanged.
        let mut t = t0.clone();
        let tmp = t[4].event.clone();
        t[4].event = t[11].event.clone();
        t[11].event = tmp;
        assert_eq!(problem(&both(&t, &[], &[])), (5, "nội dung bị sửa"));
        // Neighbours.
        let mut t = t0.clone();
        t.swap(4, 5);
        assert_eq!(problem(&both(&t, &[], &[])).0, 5);
        // Out of order in the input (a duplicate seq).
        let mut t = t0;
        t.insert(6, t[3].clone());
        assert_eq!(problem(&both(&t, &[], &[])).0, 4);
    }

    #[test]
    fn checkpoints_catch_a_rewritten_chain() {
        let signer = AuditSigner::generate();
        let keys = [signer.public_hex()];
        let t = trail(30);
        let cps = [signer.sign(10, &t[9].hash), signer.sign(25, &t[24].hash)];
        let r = both(&t, &cps, &keys);
        assert_eq!(r, VerifyReport { entries: 30, checkpoints_checked: 2, first_problem: None });

        // Entry 14 changed and everything after it re-hashed: only the signature can tell.
        let mut bad = t.clone();
        bad[13].event.outcome = Outcome::Denied;
        rehash(&mut bad, 13);
        assert!(both(&bad, &[], &[]).is_intact());
        let r = both(&bad, &cps, &keys);
        let (seq, reason) = problem(&r);
        assert_eq!(seq, 25);
        assert!(reason.contains("không khớp điểm kiểm tra") && reason.contains("11–25"), "{reason}");
        assert_eq!(r.checkpoints_checked, 1);

        // A checkpoint forged with another key, or with a wrong signature.
        let other = AuditSigner::generate();
        let forged = other.sign(25, &bad[24].hash);
        let r = both(&bad, &[cps[0].clone(), forged.clone()], &keys);
        assert_eq!(problem(&r), (25, "điểm kiểm tra ký bằng khoá không được tin cậy"));
        let mut wrong = cps[1].clone();
        wrong.hash = bad[24].hash.clone();
        let r = both(&bad, &[cps[0].clone(), wrong], &keys);
        assert_eq!(problem(&r), (25, "chữ ký điểm kiểm tra sai"));
        // Trusting the forger's key does not help: the honest checkpoint still disagrees.
        let r = both(&bad, &cps, &[keys[0].clone(), other.public_hex()]);
        assert_eq!(problem(&r).0, 25);
        // An earlier chain problem wins over a later checkpoint problem.
        let mut t2 = t.clone();
        t2[2].event.ip = "1.2.3.4".into();
        assert_eq!(problem(&both(&t2, &[forged], &keys)).0, 3);
    }

    #[test]
    fn truncation_behind_a_checkpoint_or_the_head_is_caught() {
        let signer = AuditSigner::generate();
        let keys = [signer.public_hex()];
        let t = trail(30);
        let cps = [signer.sign(20, &t[19].hash)];
        let r = both(&t[..17], &cps, &keys);
        let (seq, reason) = problem(&r);
        assert_eq!(seq, 18);
        assert!(reason.starts_with("điểm kiểm tra vượt quá cuối chuỗi (mất mục cuối)"), "{reason}");
        // Past the checkpoint, only the recorded head can tell.
        assert!(both(&t[..25], &cps, &keys).is_intact());
        let mut v = Verifier::new(&cps, &keys);
        v.expect_head(30, t[29].hash.clone());
        t[..25].iter().for_each(|e| {
            v.push(e);
        });
        assert_eq!(v.finish().first_problem.unwrap().seq, 26);
        // Entries appended after the head was read are fine.
        let mut v = Verifier::new(&cps, &keys);
        v.expect_head(25, t[24].hash.clone());
        t.iter().for_each(|e| {
            v.push(e);
        });
        assert!(v.finish().is_intact());
    }

    #[test]
    fn checkpoint_at_zero_and_empty_trail() {
        let signer = AuditSigner::generate();
        let keys = [signer.public_hex()];
        let r = both(&[], &[signer.sign(0, GENESIS)], &keys);
        assert!(r.is_intact(), "{r:?}");
        let r = both(&[], &[signer.sign(3, "ab")], &keys);
        assert_eq!(problem(&r).0, 1);
    }

    #[test]
    fn raw_entries_hash_like_decoded_ones() {
        let t = trail(3);
        let mut b = RawBatch::with_capacity(1);
        b.push(&RawEntry { hash: t[1].hash.as_bytes(), ..RawEntry::of(&t[1].prev_hash, 2, &t[1].event) });
        assert_eq!(b.len(), 1);
        let it = &b.items[0];
        assert_eq!(blake3::hash(&b.buf[it.encoding.clone()]).to_hex().as_str(), t[1].hash);
        assert_eq!(&b.buf[it.prev_hash.clone()], t[0].hash.as_bytes());
        assert_eq!(&b.buf[it.hash.clone()], t[1].hash.as_bytes());
        // An outcome the software never writes is changed content, as is an unreadable row.
        let mut v = Verifier::new(&[], &[]);
        let mut b = RawBatch::default();
        b.push(&RawEntry { hash: t[0].hash.as_bytes(), ..RawEntry::of(GENESIS, 1, &t[0].event) });
        b.push(&RawEntry {
            outcome: b"hacked",
            hash: t[1].hash.as_bytes(),
            ..RawEntry::of(&t[1].prev_hash, 2, &t[1].event)
        });
        assert!(!v.push_batch(&b));
        assert_eq!(v.finish().first_problem.unwrap(), Problem { seq: 2, reason: "nội dung bị sửa".into() });
        let mut v = Verifier::new(&[], &[]);
        let mut b = RawBatch::default();
        b.push_malformed(1);
        assert!(!v.push_batch(&b));
        assert_eq!(v.finish().first_problem.unwrap().seq, 1);
    }

    #[test]
    fn signer_file_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/audit.key");
        let s1 = AuditSigner::load_or_create(&path).unwrap();
        let s2 = AuditSigner::load_or_create(&path).unwrap();
        assert_eq!(s1.public_hex(), s2.public_hex());
        assert_eq!(AuditSigner::load(&path).unwrap().public_hex(), s1.public_hex());
        assert!(!format!("{s1:?}").contains(&std::fs::read_to_string(&path).unwrap().trim().to_string()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert!(AuditSigner::load(&dir.path().join("missing")).is_err());
        std::fs::write(dir.path().join("bad"), "xyz").unwrap();
        assert!(AuditSigner::load(&dir.path().join("bad")).is_err());
        let c = s1.sign(5, &"a".repeat(64));
        assert_eq!(c.key, s1.public_hex());
        assert_eq!(c.signature.len(), 128);
    }

    #[tokio::test]
    async fn verify_consumes_a_stream_and_stops_at_the_first_problem() {
        let mut t = trail(100);
        t[40].event.detail = "x".into();
        let polled = std::sync::atomic::AtomicUsize::new(0);
        let s = futures::stream::iter(t.iter().cloned().map(Ok)).inspect(|_| {
            polled.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        let r = verify(s, &[], &[], None).await.unwrap();
        assert_eq!(problem(&r).0, 41);
        assert_eq!(polled.load(std::sync::atomic::Ordering::Relaxed), 41);
        let s = futures::stream::iter(vec![Err(crate::StoreError::Corrupt("x".into()))]);
        assert!(verify(s, &[], &[], None).await.is_err());
    }
}
