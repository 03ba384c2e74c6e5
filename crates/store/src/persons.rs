//! Persons and their declarations: the writes (create, a new version, a move), the reads of
//! one record and its history, the streams over the whole store, and what is counted and
//! listed within an organisation subtree.

use crate::{Holdings, OrgMove, PersonRecord, PersonSummary, RecentChange, Result, ScopeCounts, Stats, VersionMeta};
use async_trait::async_trait;
use bvctnb_core::Declaration;
use bvctnb_core::ids::{OrgId, PersonId};
use futures::stream::BoxStream;

/// Writes to a person, each in one transaction.
#[async_trait]
pub trait Persons: Send + Sync {
    async fn create_person(&self, org: OrgId, d: &Declaration, by: &str) -> Result<PersonRecord>;
    /// Stores a new version; `expected_version` guards against overwriting someone else's.
    async fn submit_declaration(
        &self,
        id: PersonId,
        d: &Declaration,
        by: &str,
        expected_version: i64,
    ) -> Result<PersonRecord>;
    async fn move_person(&self, id: PersonId, to: OrgId, on: &str, reason: &str) -> Result<OrgMove>;
}

/// One person's record and history, and the streams for whole-store work (export, reindex,
/// review campaigns) in bounded memory.
#[async_trait]
pub trait PersonReads: Send + Sync {
    async fn person(&self, id: PersonId) -> Result<Option<PersonRecord>>;
    /// The person and their [`Holdings`], in one statement (the dossier page).
    async fn person_page(&self, id: PersonId) -> Result<Option<(PersonRecord, Holdings)>>;
    async fn versions(&self, id: PersonId) -> Result<Vec<VersionMeta>>;
    async fn declaration_version(&self, id: PersonId, version: i64) -> Result<Option<Declaration>>;
    async fn moves(&self, id: PersonId) -> Result<Vec<OrgMove>>;
    /// Persons in the subtree of `org`, filtered in the query by the materialised path.
    async fn persons_in_org(&self, org: OrgId, limit: i64) -> Result<Vec<PersonSummary>>;
    /// The summaries of `ids` (those that exist), in id order: names and years for a listing
    /// without decoding each declaration.
    async fn person_summaries(&self, ids: &[PersonId]) -> Result<Vec<PersonSummary>>;
    /// The persons whose CCCD or party card number is `number` (as stored, digits only).
    async fn persons_by_number(&self, number: &str) -> Result<Vec<PersonId>>;
    fn stream_persons(&self) -> BoxStream<'_, Result<PersonRecord>>;
    fn stream_summaries(&self, after_seq: i64) -> BoxStream<'_, Result<PersonSummary>>;
    async fn stats(&self) -> Result<Stats>;
    /// Bytes of every file attached to the person's cases and trips (their upload quota).
    async fn attachment_bytes_of_person(&self, id: PersonId) -> Result<i64>;
}

/// What is counted, listed and streamed within an organisation subtree, and the relative links
/// recusal is built from.
#[async_trait]
pub trait Scopes: Send + Sync {
    /// Persons linked to `id` as relatives, in either direction (their declaration links
    /// to `id`, or `id`'s declaration links to them). Recusal is built from this.
    async fn related_persons(&self, id: PersonId) -> Result<Vec<PersonId>>;
    async fn scope_counts(&self, org: OrgId) -> Result<ScopeCounts>;
    /// Most recently changed first (change sequence), within the subtree of `org`.
    async fn recent_changes(&self, org: OrgId, limit: i64) -> Result<Vec<RecentChange>>;
    /// Every person in the subtree of `org` with an id above `after`, in id order, filtered in
    /// the query (`after` lets a review campaign resume).
    fn stream_persons_under(&self, org: OrgId, after: PersonId) -> BoxStream<'_, Result<PersonRecord>>;
}
