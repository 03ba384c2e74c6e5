//! A classified item's level and protection period after registration (Luật 117/2025): the
//! period extended, the level changed (the bodies concerned told within 15 days), or the item
//! declassified early by decision. Each change is a line of the item's history; a destroyed
//! or declassified item changes no more.

use crate::Result;
use crate::secrets::SecretItemRow;
use crate::workflow::StageEvent;
use async_trait::async_trait;
use bvctnb_core::ids::{OrgId, SecretItemId};
use bvctnb_core::secret::SecretLevel;
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub enum ItemChange {
    Extend {
        period_end: NaiveDate,
        basis: String,
    },
    Regrade {
        level: SecretLevel,
        basis: String,
        notify_due: NaiveDate,
    },
    Declassify {
        basis: String,
    },
    /// The bodies concerned were told of the re-grading.
    Notified {
        detail: String,
    },
}

#[async_trait]
pub trait SecretPeriods {
    async fn change_item(
        &self,
        item: SecretItemId,
        version: i64,
        c: &ItemChange,
        by: &str,
        on: NaiveDate,
    ) -> Result<()>;
    async fn item_events(&self, item: SecretItemId) -> Result<Vec<StageEvent<SecretLevel>>>;
    /// Items of `org`'s subtree still held, not declassified by decision, whose period ends
    /// between `from` and `until`, soonest first.
    async fn periods_ending(
        &self,
        org: OrgId,
        from: NaiveDate,
        until: NaiveDate,
        limit: i64,
    ) -> Result<Vec<SecretItemRow>>;
    /// Re-graded items of the subtree whose bodies concerned are not yet told, soonest due first.
    async fn regrade_notices_due(&self, org: OrgId, limit: i64) -> Result<Vec<SecretItemRow>>;
}
