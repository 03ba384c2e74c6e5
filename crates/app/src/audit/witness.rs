//! Witnessing the lower levels' trails: the heads they send upward are kept here when signed by
//! a registered key, and refused (and recorded as evidence) when they move back or fork.

use crate::{App, Error, Result};
use bvctnb_store::audit::ambient::within;
use bvctnb_store::audit::{AuditEvent, Checkpoint, Outcome, WitnessSource, WitnessedHead, checkpoint_fault_hex};

/// What became of a head sent upward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Receipt {
    /// Kept now, for the named source.
    Kept { source: String, seq: i64 },
    /// The same head was kept before (a resend).
    AlreadyKept { source: String, seq: i64 },
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn short(key: &str) -> &str {
    key.get(..16).unwrap_or(key)
}

fn valid_key(key: &str) -> Result<String> {
    if key.len() != 64 || !key.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::invalid("key", "khoá công khai phải là 64 chữ số hex"));
    }
    Ok(key.to_ascii_lowercase())
}

impl App {
    /// Registers (or renames) a lower level whose heads this installation keeps.
    pub async fn add_witness_source(&self, key: &str, name: &str, by: &str) -> Result<WitnessSource> {
        let key = valid_key(key.trim())?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(Error::invalid("name", "ghi tên cấp dưới (tối đa 200 ký tự)"));
        }
        let s = WitnessSource { key, name: name.to_string(), added_by: by.to_string(), added_at: now() };
        let event = witness_event(by, "witness.source.add", &s.key, "local", Outcome::Ok, &s.name);
        let (saved, _) = within(event, self.store.put_witness_source(&s)).await;
        saved?;
        Ok(s)
    }

    pub async fn witness_sources(&self) -> Result<Vec<WitnessSource>> {
        Ok(self.store.witness_sources().await?)
    }

    /// The heads kept for the source `key`, by seq.
    pub async fn witnessed_heads(&self, key: &str) -> Result<Vec<WitnessedHead>> {
        Ok(self.store.witnessed_heads(&valid_key(key.trim())?).await?)
    }

    /// Keeps a head a lower level sent (`via` "http" or "tệp", from `ip`). Refused when its key
    /// is not registered, its signature is wrong, it moves back from a head already kept, or it
    /// differs from one kept at the same entry; a move back or a fork is recorded in the trail
    /// as evidence of a trail rewritten below.
    pub async fn receive_head(&self, c: Checkpoint, via: &str, ip: &str) -> Result<Receipt> {
        let key = valid_key(&c.key)?;
        let c = Checkpoint { key: key.clone(), ..c };
        let sources = self.store.witness_sources().await?;
        let Some(source) = sources.into_iter().find(|s| s.key == key) else {
            return Err(Error::Forbidden(format!(
                "khoá công khai {}… chưa được đăng ký là cấp dưới gửi đầu chuỗi nhật ký (bvctnb audit witness add)",
                short(&key)
            )));
        };
        if let Some(why) = checkpoint_fault_hex(&c, std::slice::from_ref(&key)) {
            return Err(Error::invalid("signature", why));
        }
        let kept = self.store.witnessed_heads(&key).await?;
        let target = format!("{}:{}", short(&key), c.seq);
        if let Some(same) = kept.iter().find(|h| h.checkpoint.seq == c.seq) {
            if same.checkpoint.hash == c.hash {
                return Ok(Receipt::AlreadyKept { source: source.name, seq: c.seq });
            }
            let why = format!(
                "đầu chuỗi nhận được tại mục số {} khác đầu chuỗi đã giữ cho cùng mục ({}…, nhận {}): nhật ký của «{}» \
                 đã bị viết lại",
                c.seq,
                short(&same.checkpoint.hash),
                same.received_at,
                source.name
            );
            return self.refuse_head(&source.name, &target, ip, why).await;
        }
        if let Some(last) = kept.iter().map(|h| h.checkpoint.seq).max().filter(|&m| m > c.seq) {
            let why = format!(
                "đầu chuỗi lùi lại: đã giữ đến mục số {last}, nay nhận mục số {}: nhật ký của «{}» đã bị cắt",
                c.seq, source.name
            );
            return self.refuse_head(&source.name, &target, ip, why).await;
        }
        let detail = format!("mục số {}, {via}", c.seq);
        let event = witness_event(&source.name, "witness.receive", &target, ip, Outcome::Ok, &detail);
        let head = WitnessedHead { checkpoint: c, received_at: now(), received_via: via.to_string() };
        let (saved, _) = within(event, self.store.keep_witnessed_head(&head)).await;
        saved?;
        Ok(Receipt::Kept { source: source.name, seq: head.checkpoint.seq })
    }

    /// A refused head stays in the trail: it is what shows that the trail below was rewritten.
    async fn refuse_head(&self, source: &str, target: &str, ip: &str, why: String) -> Result<Receipt> {
        let e = witness_event(source, "witness.receive", target, ip, Outcome::Failed, &why);
        self.store.append_audit(&[e]).await?;
        Err(Error::Conflict(why))
    }
}

fn witness_event(actor: &str, action: &str, target: &str, ip: &str, outcome: Outcome, detail: &str) -> AuditEvent {
    AuditEvent {
        at: now(),
        actor: actor.to_string(),
        action: action.to_string(),
        target_kind: "witness".to_string(),
        target_id: target.to_string(),
        person_id: None,
        ip: ip.to_string(),
        outcome,
        detail: detail.to_string(),
    }
}
