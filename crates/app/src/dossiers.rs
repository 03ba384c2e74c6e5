//! Reading dossiers (Mẫu 2-KNĐ and the person's place in the tree). Writes are on [`App`] in
//! `lib.rs`, because each one must also move the search index.

use crate::{App, Result};
use bvctnb_core::Declaration;
use bvctnb_core::ids::{OrgId, PersonId};
use futures::stream::BoxStream;

pub use bvctnb_store::{Holdings, OrgMove, PersonRecord, PersonSummary, RecentChange, ScopeCounts, VersionMeta};

impl App {
    pub async fn person(&self, id: PersonId) -> Result<Option<PersonRecord>> {
        Ok(self.store.person(id).await?)
    }

    /// The person and what they hold in the registers, in one statement (the dossier page).
    pub async fn person_page(&self, id: PersonId) -> Result<Option<(PersonRecord, Holdings)>> {
        Ok(self.store.person_page(id).await?)
    }

    pub async fn versions(&self, id: PersonId) -> Result<Vec<VersionMeta>> {
        Ok(self.store.versions(id).await?)
    }

    pub async fn declaration_version(&self, id: PersonId, version: i64) -> Result<Option<Declaration>> {
        Ok(self.store.declaration_version(id, version).await?)
    }

    /// Persons in the subtree of `org`, filtered in the query.
    pub async fn persons_in_org(&self, org: OrgId, limit: i64) -> Result<Vec<PersonSummary>> {
        Ok(self.store.persons_in_org(org, limit).await?)
    }

    /// The summaries of `ids` that exist, in id order.
    pub async fn person_summaries(&self, ids: &[PersonId]) -> Result<Vec<PersonSummary>> {
        Ok(self.store.person_summaries(ids).await?)
    }

    /// The persons whose CCCD or party card number is `number` (digits only).
    pub async fn persons_by_number(&self, number: &str) -> Result<Vec<PersonId>> {
        Ok(self.store.persons_by_number(number).await?)
    }

    /// Every person under `org` after `after`, in id order, with bounded memory.
    pub fn stream_persons_under(&self, org: OrgId, after: PersonId) -> BoxStream<'_, Result<PersonRecord>> {
        use futures::StreamExt;
        self.store.stream_persons_under(org, after).map(|r| r.map_err(Into::into)).boxed()
    }

    /// Persons linked to `id` as relatives in either direction: recusal is built from this.
    pub async fn related_persons(&self, id: PersonId) -> Result<Vec<PersonId>> {
        Ok(self.store.related_persons(id).await?)
    }

    pub async fn scope_counts(&self, org: OrgId) -> Result<ScopeCounts> {
        Ok(self.store.scope_counts(org).await?)
    }

    pub async fn recent_changes(&self, org: OrgId, limit: i64) -> Result<Vec<RecentChange>> {
        Ok(self.store.recent_changes(org, limit).await?)
    }

    pub async fn org_node(&self, id: OrgId) -> Result<Option<bvctnb_core::org::OrgNode>> {
        Ok(self.store.org(id).await?)
    }
}
