//! The counts behind the yearly statistics of state secrets: lines entered in each book, items
//! destroyed and declassified, incidents — per keeping organisation and level, for a period.

use crate::Result;
use async_trait::async_trait;
use bvctnb_core::ids::OrgId;
use bvctnb_core::secret::{IncidentKind, RegisterKind, SecretLevel};
use chrono::NaiveDate;

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// Lines entered in a book (for the copy book: copies made).
    Book(RegisterKind),
    Destroyed,
    Declassified,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub org: OrgId,
    pub measure: Measure,
    pub level: SecretLevel,
    pub n: i64,
}

#[async_trait]
pub trait SecretStats {
    /// Counts for the items kept in `org`'s subtree between `from` and `to` (both counted).
    async fn secret_counts(&self, org: OrgId, from: NaiveDate, to: NaiveDate) -> Result<Vec<Count>>;
    async fn incident_counts(
        &self,
        org: OrgId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(OrgId, IncidentKind, i64)>>;
}
