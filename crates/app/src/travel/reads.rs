//! What the travel pages and listings read: trips with their history and files, delegations,
//! the passport register and the declarations of foreign relations, scoped in the query.

use super::Result;
use crate::App;
use bvctnb_core::ids::{AttachmentId, DelegationId, OrgId, PassportId, PersonId, RelationId, TripId};

pub use bvctnb_store::travel::{
    DelegationRow, LoanRow, NewTripFile, PassportRow, RelationFilter, RelationRow, RelationSummary, TripEvent,
    TripFile, TripFilter, TripRow, TripSummary,
};

impl App {
    pub async fn trip(&self, id: TripId) -> Result<Option<TripRow>> {
        Ok(self.store.trip(id).await?)
    }

    pub async fn trip_events(&self, id: TripId) -> Result<Vec<TripEvent>> {
        Ok(self.store.trip_events(id).await?)
    }

    pub async fn trip_files(&self, id: TripId) -> Result<Vec<TripFile>> {
        Ok(self.store.trip_files(id).await?)
    }

    pub async fn trip_file(&self, id: AttachmentId) -> Result<Option<(TripFile, Vec<u8>)>> {
        Ok(self.store.trip_file(id).await?)
    }

    pub async fn trips_of_person(&self, person: PersonId) -> Result<Vec<TripRow>> {
        Ok(self.store.trips_of_person(person).await?)
    }

    /// Latest departure first.
    pub async fn trips_in_scope(&self, org: OrgId, f: &TripFilter, limit: i64) -> Result<Vec<TripSummary>> {
        Ok(self.store.trips_in_scope(org, f, limit).await?)
    }

    pub async fn count_trips(&self, org: OrgId, f: &TripFilter) -> Result<i64> {
        Ok(self.store.count_trips(org, f).await?)
    }

    pub async fn delegation(&self, id: DelegationId) -> Result<Option<DelegationRow>> {
        Ok(self.store.delegation(id).await?)
    }

    pub async fn delegation_trips(&self, id: DelegationId) -> Result<Vec<TripSummary>> {
        Ok(self.store.delegation_trips(id).await?)
    }

    pub async fn delegations_in_scope(&self, org: OrgId, limit: i64) -> Result<Vec<DelegationRow>> {
        Ok(self.store.delegations_in_scope(org, limit).await?)
    }

    pub async fn passport(&self, id: PassportId) -> Result<Option<PassportRow>> {
        Ok(self.store.passport(id).await?)
    }

    pub async fn passports_of_person(&self, person: PersonId) -> Result<Vec<PassportRow>> {
        Ok(self.store.passports_of_person(person).await?)
    }

    /// The register of the subtree; `overdue` keeps only those out past their due date today.
    pub async fn passports_in_scope(
        &self,
        org: OrgId,
        overdue: bool,
        exclude: &[PersonId],
        limit: i64,
    ) -> Result<Vec<PassportRow>> {
        let today = overdue.then(|| self.today().to_string());
        Ok(self.store.passports_in_scope(org, today.as_deref(), exclude, limit).await?)
    }

    /// Passports of the subtree out past their due date today.
    pub async fn count_passports_overdue(&self, org: OrgId) -> Result<i64> {
        Ok(self.store.count_passports_overdue(org, &self.today().to_string()).await?)
    }

    pub async fn passport_loans(&self, passport: PassportId) -> Result<Vec<LoanRow>> {
        Ok(self.store.passport_loans(passport).await?)
    }

    pub async fn loans_of_trip(&self, trip: TripId) -> Result<Vec<LoanRow>> {
        Ok(self.store.loans_of_trip(trip).await?)
    }

    pub async fn relation(&self, id: RelationId) -> Result<Option<RelationRow>> {
        Ok(self.store.relation(id).await?)
    }

    /// Every version of every declaration of the person, oldest first.
    pub async fn relations_of_person(&self, person: PersonId) -> Result<Vec<RelationRow>> {
        Ok(self.store.relations_of_person(person).await?)
    }

    pub async fn relations_in_scope(&self, org: OrgId, f: &RelationFilter, limit: i64) -> Result<Vec<RelationSummary>> {
        Ok(self.store.relations_in_scope(org, f, limit).await?)
    }
}
