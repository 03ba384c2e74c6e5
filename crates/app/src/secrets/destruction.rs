//! Destruction of classified items (Luật 117/2025; DOMAIN §6) and the holds that stop it. The
//! council path: a list proposed by the keeping unit with the decision forming the council and
//! its members, the council's minutes, the destruction decision, the destruction record. The
//! urgent path: the holder destroys at once and owes the head a written report, tracked until
//! it is recorded. An item leaves the holding by no other path, and not while held.

use super::required;
use crate::cases::Actor;
use crate::{App, Error, Result};
use bvctnb_core::ids::{CaseId, DestructionId, OrgId, SecretHoldId, SecretItemId};
use bvctnb_core::secret::DestructionStage;
use bvctnb_store::secret_destruction::{Destroyed, DestructionStep, NewDestruction, NewHold};
pub use bvctnb_store::secret_destruction::{DestructionRow, HoldRow};
use bvctnb_store::workflow::StageEvent;
use chrono::NaiveDate;

#[derive(Debug, Clone, Default)]
pub struct DestructionInput {
    pub urgent: bool,
    pub items: Vec<SecretItemId>,
    pub reason: String,
    pub council_decision: String,
    pub council_members: String,
    /// The urgent path: when and how it was destroyed, and the record of it.
    pub destroyed_on: Option<NaiveDate>,
    pub method: String,
    pub record: String,
}

/// The form of the next step; which fields count depends on the step.
#[derive(Debug, Clone, Default)]
pub struct StepInput {
    pub on: Option<NaiveDate>,
    /// The minutes, the destruction record or the report.
    pub text: String,
    pub number: String,
    pub signer: String,
    pub method: String,
}

impl App {
    fn step_date(&self, on: Option<NaiveDate>, after: Option<&str>) -> Result<NaiveDate> {
        let on = on.ok_or_else(|| Error::invalid("on", "phải ghi ngày (dd/mm/yyyy)"))?;
        if on > self.today() {
            return Err(Error::invalid("on", "ngày không được sau hôm nay"));
        }
        if let Some(prev) = after.and_then(|d| d.parse::<NaiveDate>().ok())
            && on < prev
        {
            return Err(Error::invalid(
                "on",
                format!("ngày không được trước bước trước ({})", prev.format("%d/%m/%Y")),
            ));
        }
        Ok(on)
    }

    pub async fn place_secret_hold(
        &self,
        actor: &Actor,
        item: SecretItemId,
        case: Option<CaseId>,
        reason: &str,
    ) -> Result<SecretHoldId> {
        let reason = required(reason, "reason", "lý do giữ lại (hồ sơ, cuộc kiểm tra cần đến tài liệu)")?;
        let i = self.secret_item(item).await?;
        if i.destroyed_on.is_some() {
            return Err(Error::Conflict("tài liệu đã tiêu huỷ".into()));
        }
        if let Some(c) = case {
            self.store.case(c).await?.ok_or(Error::NotFound("hồ sơ thẩm tra"))?;
        }
        let h = NewHold { item, case, reason, by: actor.username.clone(), on: self.today() };
        Ok(self.store.place_hold(&h).await?)
    }

    pub async fn release_secret_hold(&self, actor: &Actor, item: SecretItemId, hold: SecretHoldId) -> Result<()> {
        let holds = self.store.holds_of_item(item).await?;
        let h = holds.iter().find(|h| h.id == hold).ok_or(Error::NotFound("việc giữ lại tài liệu"))?;
        if h.case_id.is_some() && h.active {
            return Err(Error::Conflict("tài liệu được giữ cho một hồ sơ thẩm tra: tự hết khi hồ sơ kết thúc".into()));
        }
        Ok(self.store.release_hold(hold, &actor.username, self.today()).await?)
    }

    pub async fn secret_holds(&self, item: SecretItemId) -> Result<Vec<HoldRow>> {
        Ok(self.store.holds_of_item(item).await?)
    }

    /// Opens a destruction of items kept by `org` (the urgent path destroys them at once).
    pub async fn propose_destruction(&self, actor: &Actor, org: OrgId, i: DestructionInput) -> Result<DestructionId> {
        if i.items.is_empty() {
            return Err(Error::invalid("items", "chọn ít nhất một tài liệu để tiêu huỷ"));
        }
        let reason = required(&i.reason, "reason", "lý do tiêu huỷ")?;
        let today = self.today();
        let destroyed = match i.urgent {
            true => Some(Destroyed {
                on: self.step_date(i.destroyed_on, None)?,
                method: required(&i.method, "method", "cách tiêu huỷ")?,
                record: required(&i.record, "record", "biên bản tiêu huỷ khẩn cấp")?,
            }),
            false => {
                required(&i.council_decision, "council_decision", "quyết định thành lập hội đồng (số, ngày)")?;
                required(&i.council_members, "council_members", "thành viên hội đồng")?;
                None
            }
        };
        let d = NewDestruction {
            org,
            items: i.items,
            reason,
            urgent: i.urgent,
            council_decision: i.council_decision,
            council_members: i.council_members,
            destroyed,
            by: actor.username.clone(),
            on: today,
        };
        Ok(self.store.propose_destruction(&d).await?)
    }

    /// The next step of the destruction's path, from its form.
    pub async fn destruction_step(&self, actor: &Actor, id: DestructionId, version: i64, i: StepInput) -> Result<()> {
        let d = self.secret_destruction(id).await?;
        let Some(next) = d.stage.next(d.urgent) else {
            return Err(Error::Conflict(format!("hồ sơ tiêu huỷ đã xong ({})", d.stage.label())));
        };
        let prev = [&d.report_on, &d.destroyed_on, &d.decision_on, &d.minutes_on].into_iter().flatten().next();
        let on = self.step_date(i.on, Some(prev.unwrap_or(&d.proposed_on)))?;
        let step = match next {
            DestructionStage::Minuted => DestructionStep::Minutes {
                on,
                minutes: required(&i.text, "text", "nội dung biên bản họp hội đồng")?,
            },
            DestructionStage::Decided => DestructionStep::Decision {
                number: required(&i.number, "number", "số quyết định tiêu huỷ")?,
                on,
                signer: required(&i.signer, "signer", "người ký quyết định")?,
            },
            DestructionStage::Destroyed => DestructionStep::Destroy(Destroyed {
                on,
                method: required(&i.method, "method", "cách tiêu huỷ")?,
                record: required(&i.text, "text", "biên bản tiêu huỷ")?,
            }),
            DestructionStage::Reported => {
                DestructionStep::Report { on, report: required(&i.text, "text", "nội dung báo cáo")? }
            }
            DestructionStage::Proposed => return Err(Error::Conflict("hồ sơ đã lập".into())),
        };
        Ok(self.store.destruction_step(id, version, &step, &actor.username).await?)
    }

    /// The items `org` still holds, to choose from for a destruction (oldest first).
    pub async fn held_secret_items(&self, org: OrgId) -> Result<Vec<bvctnb_store::secrets::SecretItemRow>> {
        Ok(self.store.held_items(org, 1000).await?)
    }

    pub async fn secret_destruction(&self, id: DestructionId) -> Result<DestructionRow> {
        self.store.destruction(id).await?.ok_or(Error::NotFound("hồ sơ tiêu huỷ"))
    }

    pub async fn secret_destructions(&self, org: OrgId) -> Result<Vec<DestructionRow>> {
        Ok(self.store.destructions_of_org(org).await?)
    }

    pub async fn secret_destruction_history(&self, id: DestructionId) -> Result<Vec<StageEvent<DestructionStage>>> {
        Ok(self.store.destruction_events(id).await?)
    }
}
