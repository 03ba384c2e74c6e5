//! Notices to whoever must act next: to a role at an organisation or to a person, for cases
//! and for trips. Who may see a role notice is decided by the caller (it may name a subject).

use crate::{App, Result};
use bvctnb_core::ids::{NoticeId, PersonId};

pub use bvctnb_store::cases::{Inbox, Notice};
pub use bvctnb_store::travel::TripNotice;

impl App {
    pub async fn notices(&self, inbox: &Inbox, limit: i64) -> Result<Vec<Notice>> {
        Ok(self.store.notices(inbox, limit).await?)
    }

    pub async fn mark_notices_read(&self, inbox: &Inbox, ids: &[NoticeId]) -> Result<()> {
        Ok(self.store.mark_notices_read(inbox, ids).await?)
    }

    /// What a member is told about their own trips.
    pub async fn trip_notices(&self, person: PersonId, limit: i64) -> Result<Vec<TripNotice>> {
        Ok(self.store.trip_notices(person, limit).await?)
    }

    pub async fn mark_trip_notices_read(&self, person: PersonId, ids: &[NoticeId]) -> Result<()> {
        Ok(self.store.mark_trip_notices_read(person, ids).await?)
    }
}
