//! Reports of classified items lost or disclosed, and of envelopes that arrived opened (the
//! record of it, biên bản): written at once by the keeper, shown to the head of the keeping
//! unit and to the levels above until each has seen it, and counted in the yearly report.

use super::required;
use crate::cases::Actor;
use crate::{App, Error, Result};
use bvctnb_core::ids::{IncidentId, OrgId, SecretItemId};
use bvctnb_core::secret::IncidentKind;
pub use bvctnb_store::secret_incidents::IncidentRow;
use bvctnb_store::secret_incidents::{NewIncident, Seer};
use chrono::NaiveDate;

#[derive(Debug, Clone, Default)]
pub struct IncidentInput {
    pub kind: Option<IncidentKind>,
    pub occurred_on: Option<NaiveDate>,
    pub items: Vec<SecretItemId>,
    pub circumstances: String,
    pub measures: String,
}

impl App {
    pub async fn report_secret_incident(&self, actor: &Actor, org: OrgId, i: IncidentInput) -> Result<IncidentId> {
        let kind = i.kind.ok_or_else(|| Error::invalid("kind", "phải chọn mất, lộ hay bì bị bóc, mở"))?;
        let on = i.occurred_on.ok_or_else(|| Error::invalid("occurred_on", "phải ghi ngày xảy ra hoặc phát hiện"))?;
        if on > self.today() {
            return Err(Error::invalid("occurred_on", "ngày xảy ra không được sau hôm nay"));
        }
        if i.items.is_empty() && kind != IncidentKind::Tampered {
            return Err(Error::invalid("items", "chọn tài liệu bị mất, lộ"));
        }
        let n = NewIncident {
            org,
            kind,
            occurred_on: on,
            items: i.items,
            circumstances: required(&i.circumstances, "circumstances", "diễn biến, hoàn cảnh")?,
            measures: required(&i.measures, "measures", "biện pháp đã áp dụng")?,
            by: actor.username.clone(),
        };
        Ok(self.store.report_incident(&n).await?)
    }

    /// Records that the caller saw the report: as the head when their scope is the keeping
    /// unit itself, as the level above when it holds the unit below it.
    pub async fn acknowledge_secret_incident(&self, actor: &Actor, id: IncidentId) -> Result<()> {
        let i = self.secret_incident(id).await?;
        let tree = self.tree();
        let seer = match actor.scope {
            Some(s) if s == i.org_id => Seer::Head,
            Some(s) if tree.is_within(i.org_id, s) => Seer::Above,
            _ => return Err(Error::Conflict("báo cáo không thuộc phạm vi của đồng chí".into())),
        };
        Ok(self.store.incident_seen(id, seer, &actor.display_name).await?)
    }

    pub async fn secret_incident(&self, id: IncidentId) -> Result<IncidentRow> {
        self.store.incident(id).await?.ok_or(Error::NotFound("báo cáo mất, lộ"))
    }

    pub async fn secret_incidents(&self, org: OrgId, unseen: bool, limit: i64) -> Result<Vec<IncidentRow>> {
        Ok(self.store.incidents_in(org, unseen, limit).await?)
    }
}
