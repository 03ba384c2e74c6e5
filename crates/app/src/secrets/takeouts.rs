//! Taking a classified item out of its keeping place: the keeper asks (where to, why, when it
//! comes back), the head allows or refuses (for a trip abroad someone a level above the keeping
//! unit, and only with an approved trip that is back before the item is due), the keeper hands
//! it over and records its return. Items out past their day are listed for the dashboard.

use super::required;
use crate::cases::Actor;
use crate::{App, Error, Result};
use bvctnb_core::ids::{OrgId, SecretItemId, TakeoutId, TripId};
use bvctnb_core::secret::TakeoutStage;
use bvctnb_core::travel::TripStage;
pub use bvctnb_store::secret_takeouts::TakeoutRow;
use bvctnb_store::secret_takeouts::{NewTakeout, TakeoutStep};
use bvctnb_store::workflow::StageEvent;
use chrono::NaiveDate;

#[derive(Debug, Clone, Default)]
pub struct TakeoutInput {
    pub purpose: String,
    pub destination: String,
    pub abroad: bool,
    pub trip: Option<TripId>,
    pub due_back: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default)]
pub struct TakeoutDecision {
    pub approve: Option<bool>,
    pub approver_name: String,
    pub approver_title: String,
    pub note: String,
}

impl App {
    pub async fn request_secret_takeout(
        &self,
        actor: &Actor,
        item: SecretItemId,
        i: TakeoutInput,
    ) -> Result<TakeoutId> {
        let purpose = required(&i.purpose, "purpose", "mục đích mang ra ngoài")?;
        let destination = required(&i.destination, "destination", "nơi mang đến")?;
        let today = self.today();
        let due = i.due_back.ok_or_else(|| Error::invalid("due_back", "phải ghi ngày trả lại (dd/mm/yyyy)"))?;
        if due < today {
            return Err(Error::invalid("due_back", "ngày trả lại không được trước hôm nay"));
        }
        if i.abroad {
            let id = i
                .trip
                .ok_or_else(|| Error::invalid("trip", "mang ra nước ngoài phải ghi mã chuyến đi đã được duyệt"))?;
            let trip =
                self.trip(id).await?.ok_or_else(|| Error::invalid("trip", format!("không có chuyến đi mã {id}")))?;
            if !matches!(trip.stage, TripStage::Approved) {
                return Err(Error::invalid(
                    "trip",
                    format!("chuyến đi mã {id} chưa được duyệt ({})", trip.stage.label()),
                ));
            }
            if trip.return_on.parse::<NaiveDate>().is_ok_and(|back| due < back) {
                let back = crate::cases::dmy(&trip.return_on);
                return Err(Error::invalid(
                    "due_back",
                    format!("ngày trả lại phải sau ngày về nước của chuyến đi ({back})"),
                ));
            }
        }
        let t = NewTakeout {
            item,
            purpose,
            destination,
            abroad: i.abroad,
            trip: i.trip.filter(|_| i.abroad),
            due_back: due,
            by: actor.username.clone(),
            on: today,
        };
        Ok(self.store.request_takeout(&t).await?)
    }

    /// The head's decision. The signer's scope must reach the keeping unit, and for a trip
    /// abroad stand above it.
    pub async fn decide_secret_takeout(
        &self,
        actor: &Actor,
        id: TakeoutId,
        version: i64,
        d: TakeoutDecision,
    ) -> Result<()> {
        let t = self.secret_takeout(id).await?;
        let approve = d.approve.ok_or_else(|| Error::invalid("approve", "phải chọn cho phép hay không cho phép"))?;
        let tree = self.tree();
        let Some(scope) = actor.scope.filter(|s| tree.is_within(t.org_id, *s)) else {
            return Err(Error::invalid("approve", "không có thẩm quyền với đơn vị lưu giữ tài liệu"));
        };
        if t.abroad && scope == t.org_id {
            return Err(Error::invalid(
                "approve",
                "mang tài liệu ra nước ngoài do cấp trên của đơn vị lưu giữ cho phép",
            ));
        }
        let approver_name = required(&d.approver_name, "approver_name", "họ tên người cho phép")?;
        let approver_title = required(&d.approver_title, "approver_title", "chức vụ người cho phép")?;
        let note = d.note.trim().to_string();
        if !approve && note.is_empty() {
            return Err(Error::invalid("note", "không cho phép phải ghi lý do"));
        }
        let step = TakeoutStep::Decide { approve, approver_name, approver_title, note };
        Ok(self.store.takeout_step(id, version, &step, &actor.username, self.today()).await?)
    }

    pub async fn hand_out_secret(&self, actor: &Actor, id: TakeoutId, version: i64) -> Result<()> {
        Ok(self.store.takeout_step(id, version, &TakeoutStep::TakeOut, &actor.username, self.today()).await?)
    }

    pub async fn return_secret(&self, actor: &Actor, id: TakeoutId, version: i64, note: &str) -> Result<()> {
        let step = TakeoutStep::Return { note: note.trim().to_string() };
        Ok(self.store.takeout_step(id, version, &step, &actor.username, self.today()).await?)
    }

    pub async fn secret_takeout(&self, id: TakeoutId) -> Result<TakeoutRow> {
        self.store.takeout(id).await?.ok_or(Error::NotFound("việc mang tài liệu mật ra ngoài"))
    }

    pub async fn secret_takeouts_of(&self, item: SecretItemId) -> Result<Vec<TakeoutRow>> {
        Ok(self.store.takeouts_of_item(item).await?)
    }

    /// Items of the subtree still out after their day, most overdue first.
    pub async fn overdue_secret_takeouts(&self, org: OrgId, limit: i64) -> Result<Vec<TakeoutRow>> {
        Ok(self.store.overdue_takeouts(org, self.today(), limit).await?)
    }

    pub async fn secret_takeout_history(&self, id: TakeoutId) -> Result<Vec<StageEvent<TakeoutStage>>> {
        Ok(self.store.takeout_events(id).await?)
    }
}
