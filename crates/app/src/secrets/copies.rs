//! Copies and extracts of a classified item (Luật 117/2025 Art. 11): an officer asks, an
//! authority allowed for the item's level approves a number of copies (or refuses), and the
//! officer makes them, each batch numbered and entered in the copy register. The authority
//! table is data (`secrets.toml`, per organisation level and title); the store keeps the number.

use super::required;
use crate::cases::Actor;
use crate::{App, Error, Result};
use bvctnb_core::ids::{CopyRequestId, OrgId, SecretItemId};
use bvctnb_core::secret::{CopyForm, CopyStatus};
use bvctnb_store::secret_copies::{CopyDecision, MadeCopies, NewCopyRequest};
pub use bvctnb_store::secret_copies::{CopyRow, Made};
use bvctnb_store::workflow::StageEvent;

/// One title allowed to approve copies of an item: the title at an organisation of the
/// keeping unit's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approver {
    pub org: OrgId,
    pub org_name: String,
    pub title: String,
}

impl Approver {
    /// What the form sends back and the line of the register shows.
    pub fn key(&self) -> String {
        format!("{}|{}", self.org, self.title)
    }
}

#[derive(Debug, Clone, Default)]
pub struct CopyInput {
    pub form: Option<CopyForm>,
    pub count: Option<u32>,
    pub purpose: String,
    pub counterpart: String,
}

#[derive(Debug, Clone, Default)]
pub struct DecisionInput {
    /// `Some(true)` approve, `Some(false)` refuse; `None` not chosen.
    pub approve: Option<bool>,
    pub count: Option<u32>,
    /// [`Approver::key`] of the title the approver signs under.
    pub authority: String,
    pub approver_name: String,
    pub note: String,
}

#[derive(Debug, Clone, Default)]
pub struct MakeInput {
    pub count: Option<u32>,
    pub counterpart: String,
    pub note: String,
}

impl App {
    /// Who may approve copying `item` today: for the keeping unit and each level above it, the
    /// titles the authority table in force gives that level of organisation for the item's level.
    pub async fn copy_approvers(&self, item: SecretItemId) -> Result<Vec<Approver>> {
        let item = self.secret_item(item).await?;
        let tree = self.tree();
        let (rules, today) = (self.secret_rules(), self.today());
        let mut out = Vec::new();
        for org in tree.ancestors(item.org_id).into_iter().rev() {
            let Some(node) = tree.get(org) else { continue };
            for a in rules.copy_approvers(node.kind, item.level, today) {
                out.push(Approver { org, org_name: node.name.clone(), title: a.title.clone() });
            }
        }
        Ok(out)
    }

    pub async fn request_secret_copy(&self, actor: &Actor, item: SecretItemId, i: CopyInput) -> Result<CopyRequestId> {
        let form = i.form.ok_or_else(|| Error::invalid("form", "phải chọn hình thức sao, chụp"))?;
        let count = i.count.ok_or_else(|| Error::invalid("count", "phải ghi số bản đề nghị sao"))?;
        if count == 0 {
            return Err(Error::invalid("count", "số bản đề nghị sao ít nhất là 1"));
        }
        let purpose = required(&i.purpose, "purpose", "mục đích sao, chụp")?;
        if self.copy_approvers(item).await?.is_empty() {
            let level = self.secret_item(item).await?.level;
            return Err(Error::invalid(
                "form",
                format!(
                    "không có chức danh nào của đơn vị lưu giữ hay cấp trên được cho phép sao tài liệu {}",
                    level.label()
                ),
            ));
        }
        let r = NewCopyRequest {
            item,
            form,
            count,
            purpose,
            counterpart: i.counterpart.trim().to_string(),
            by: actor.username.clone(),
            on: self.today(),
        };
        Ok(self.store.request_copy(&r).await?)
    }

    /// Records the authority's decision. The title must be one the table allows for the item's
    /// level at an organisation the signer's scope reaches; a refusal says why.
    pub async fn decide_secret_copy(
        &self,
        actor: &Actor,
        id: CopyRequestId,
        version: i64,
        i: DecisionInput,
    ) -> Result<()> {
        let req = self.secret_copy(id).await?;
        let approve = i.approve.ok_or_else(|| Error::invalid("approve", "phải chọn cho phép hay không cho phép"))?;
        let approvers = self.copy_approvers(req.item_id).await?;
        let Some(who) = approvers.iter().find(|a| a.key() == i.authority) else {
            return Err(Error::invalid("authority", "chọn chức danh có thẩm quyền trong danh sách"));
        };
        let tree = self.tree();
        if actor.scope.is_none_or(|s| !tree.is_within(who.org, s)) {
            return Err(Error::invalid("authority", format!("không có thẩm quyền tại {}", who.org_name)));
        }
        let approver_name = required(&i.approver_name, "approver_name", "họ tên người cho phép")?;
        let count = match approve {
            true => i.count.ok_or_else(|| Error::invalid("count", "phải ghi số bản cho phép sao"))?,
            false => 0,
        };
        if approve && (count == 0 || i64::from(count) > req.requested_count) {
            let n = req.requested_count;
            return Err(Error::invalid("count", format!("số bản cho phép sao từ 1 đến {n} (số bản đề nghị)")));
        }
        let note = i.note.trim().to_string();
        if !approve && note.is_empty() {
            return Err(Error::invalid("note", "không cho phép sao, chụp phải ghi lý do"));
        }
        let d = CopyDecision {
            approve,
            count,
            approver_name,
            approver_title: format!("{}, {}", who.title, who.org_name),
            note,
            by: actor.username.clone(),
            on: self.today(),
        };
        Ok(self.store.decide_copy(id, version, &d).await?)
    }

    /// Makes copies on an approved request; beyond the approved number it is refused.
    pub async fn make_secret_copies(
        &self,
        actor: &Actor,
        id: CopyRequestId,
        version: i64,
        i: MakeInput,
    ) -> Result<Made> {
        let req = self.secret_copy(id).await?;
        if req.stage != CopyStatus::Approved {
            return Err(Error::Conflict(format!("chỉ sao, chụp khi đề nghị đã được duyệt ({})", req.stage.label())));
        }
        let count = i.count.ok_or_else(|| Error::invalid("count", "phải ghi số bản sao"))?;
        let m = MadeCopies {
            count,
            on: self.today(),
            counterpart: i.counterpart.trim().to_string(),
            note: i.note.trim().to_string(),
            by: actor.username.clone(),
        };
        Ok(self.store.make_copies(id, version, &m).await?)
    }

    pub async fn secret_copy(&self, id: CopyRequestId) -> Result<CopyRow> {
        self.store.copy_request(id).await?.ok_or(Error::NotFound("đề nghị sao, chụp"))
    }

    pub async fn secret_copies_of(&self, item: SecretItemId) -> Result<Vec<CopyRow>> {
        Ok(self.store.copies_of_item(item).await?)
    }

    pub async fn secret_copy_history(&self, id: CopyRequestId) -> Result<Vec<StageEvent<CopyStatus>>> {
        Ok(self.store.copy_events(id).await?)
    }
}
