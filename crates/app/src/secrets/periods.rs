//! The level and protection period of an item after registration: listed before the period
//! ends (how long before is data), extended, re-graded (the bodies concerned told within the
//! days the rules give), declassified early by decision — or, when the period ends with no
//! extension, declassified from the next day without anyone acting, and shown so.

use super::required;
use crate::cases::Actor;
use crate::{App, Error, Result};
use bvctnb_core::ids::{OrgId, SecretItemId};
use bvctnb_core::secret::SecretLevel;
use bvctnb_store::secret_periods::ItemChange;
use bvctnb_store::secrets::SecretItemRow;
use bvctnb_store::workflow::StageEvent;
use chrono::{Days, NaiveDate};

/// Since when and why an item is no longer secret, if it is not.
pub fn declassification(i: &SecretItemRow, today: NaiveDate) -> Option<(NaiveDate, String)> {
    if let (Some(on), basis) = (&i.declassified_on, &i.declassified_basis) {
        let on = on.parse().ok()?;
        return Some((on, basis.clone().unwrap_or_default()));
    }
    let end: NaiveDate = i.period_end.parse().ok()?;
    (end < today).then(|| (end + Days::new(1), "hết thời hạn bảo vệ, không gia hạn".to_string()))
}

/// What a period form asks for.
#[derive(Debug, Clone, Default)]
pub struct PeriodInput {
    pub period_end: Option<NaiveDate>,
    pub level: Option<SecretLevel>,
    pub basis: String,
}

impl App {
    pub async fn extend_secret_period(
        &self,
        actor: &Actor,
        item: SecretItemId,
        version: i64,
        i: PeriodInput,
    ) -> Result<()> {
        let end = i.period_end.ok_or_else(|| Error::invalid("period_end", "phải ghi ngày hết hạn mới (dd/mm/yyyy)"))?;
        let basis = required(&i.basis, "basis", "căn cứ gia hạn (quyết định, người quyết định)")?;
        self.change(actor, item, version, ItemChange::Extend { period_end: end, basis }).await
    }

    pub async fn regrade_secret_item(
        &self,
        actor: &Actor,
        item: SecretItemId,
        version: i64,
        i: PeriodInput,
    ) -> Result<()> {
        let level = i.level.ok_or_else(|| Error::invalid("level", "phải chọn độ mật mới"))?;
        let basis = required(&i.basis, "basis", "căn cứ điều chỉnh độ mật")?;
        let days = u64::from(self.secret_rules().regrade_notice_days);
        let notify_due = self.today() + Days::new(days);
        self.change(actor, item, version, ItemChange::Regrade { level, basis, notify_due }).await
    }

    pub async fn declassify_secret_item(
        &self,
        actor: &Actor,
        item: SecretItemId,
        version: i64,
        basis: &str,
    ) -> Result<()> {
        let basis = required(basis, "basis", "căn cứ giải mật (quyết định, người quyết định)")?;
        self.change(actor, item, version, ItemChange::Declassify { basis }).await
    }

    /// The bodies concerned were told of the re-grading.
    pub async fn record_regrade_notice(
        &self,
        actor: &Actor,
        item: SecretItemId,
        version: i64,
        detail: &str,
    ) -> Result<()> {
        let detail = required(detail, "basis", "đã thông báo cho ai, bằng văn bản nào")?;
        self.change(actor, item, version, ItemChange::Notified { detail }).await
    }

    async fn change(&self, actor: &Actor, item: SecretItemId, version: i64, c: ItemChange) -> Result<()> {
        Ok(self.store.change_item(item, version, &c, &actor.username, self.today()).await?)
    }

    /// Items of the subtree whose period ends within the rules' warning days, and those whose
    /// period ended in the last 30 days unextended (declassified by it: listed so someone sees).
    pub async fn secret_periods_ending(&self, org: OrgId, limit: i64) -> Result<Vec<SecretItemRow>> {
        let today = self.today();
        let until = today + Days::new(u64::from(self.secret_rules().period_warning_days));
        Ok(self.store.periods_ending(org, today - Days::new(30), until, limit).await?)
    }

    pub async fn secret_regrade_notices_due(&self, org: OrgId, limit: i64) -> Result<Vec<SecretItemRow>> {
        Ok(self.store.regrade_notices_due(org, limit).await?)
    }

    pub async fn secret_item_history(&self, item: SecretItemId) -> Result<Vec<StageEvent<SecretLevel>>> {
        Ok(self.store.item_events(item).await?)
    }
}
