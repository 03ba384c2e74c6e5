//! The hash chain: the canonical encoding of an entry and its blake3 hash, also straight from
//! raw database rows (verification reads millions of them).

use super::*;

/// The `prev_hash` of the first entry, and the head hash of an empty trail.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub(super) const ENTRY_DOMAIN: &[u8] = b"bvctnb/audit-entry/v1";
pub(super) const CHECKPOINT_DOMAIN: &[u8] = b"bvctnb/audit-checkpoint/v1";

pub(super) fn field(buf: &mut Vec<u8>, bytes: &[u8]) {
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
    pub(super) fn of(prev_hash: &'a str, seq: i64, e: &'a AuditEvent) -> Self {
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
pub(super) fn encode_raw(buf: &mut Vec<u8>, e: &RawEntry) {
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

pub(super) fn encode(buf: &mut Vec<u8>, prev_hash: &str, seq: i64, e: &AuditEvent) {
    buf.clear();
    encode_raw(buf, &RawEntry::of(prev_hash, seq, e));
}

/// Where the prev_hash bytes start inside an encoding.
pub(super) const PREV_AT: usize = 8 + ENTRY_DOMAIN.len() + 8;

/// Entries read straight from the database in their canonical encoding, in one buffer: the
/// verifier's input on the fast path (no allocation per field or per entry).
#[derive(Debug, Default)]
pub struct RawBatch {
    pub(super) buf: Vec<u8>,
    pub(super) items: Vec<RawItem>,
}

#[derive(Debug)]
pub(super) struct RawItem {
    pub(super) seq: i64,
    pub(super) encoding: std::ops::Range<usize>,
    pub(super) prev_hash: std::ops::Range<usize>,
    pub(super) hash: std::ops::Range<usize>,
    pub(super) malformed: bool,
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

pub(super) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

pub(super) fn from_hex<const N: usize>(s: &str) -> Option<[u8; N]> {
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
