//! Verification: streams the trail once and names the first bad entry.

use super::*;
use super::{chain::*, signer::*};

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
    verify_log_with(log, trusted_keys, &[]).await
}

/// [`verify_log`] with checkpoints held outside the database too.
pub async fn verify_log_with<L: AuditLog + ?Sized>(
    log: &L,
    trusted_keys: &[String],
    outside: &[Checkpoint],
) -> Result<VerifyReport> {
    let head = log.audit_head().await?;
    let checkpoints = super::merged(&log.checkpoints().await?, outside);
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
