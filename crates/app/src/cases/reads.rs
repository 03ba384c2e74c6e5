//! What the case pages and the API read of a case: its requests, notes, conclusions, files and
//! history, and the lists and counts of a scope (filtered in the query).

use super::Result;
use crate::App;
use bvctnb_core::ids::{AttachmentId, CaseId, ConclusionId, OrgId, PersonId};

pub use bvctnb_store::cases::{
    AttachmentMeta, CaseFilter, CaseOrder, CaseRow, CaseSummary, CaseWindow, ConclusionRow, EventRow, NewAttachment,
    NoteRow, OverdueRequest, RequestRow, StageTime, Written,
};

impl App {
    pub async fn case(&self, id: CaseId) -> Result<Option<CaseRow>> {
        Ok(self.store.case(id).await?)
    }

    pub async fn case_requests(&self, id: CaseId) -> Result<Vec<RequestRow>> {
        Ok(self.store.case_requests(id).await?)
    }

    pub async fn case_events(&self, id: CaseId) -> Result<Vec<EventRow>> {
        Ok(self.store.case_events(id).await?)
    }

    pub async fn case_notes(&self, id: CaseId) -> Result<Vec<NoteRow>> {
        Ok(self.store.case_notes(id).await?)
    }

    pub async fn case_conclusions(&self, id: CaseId) -> Result<Vec<ConclusionRow>> {
        Ok(self.store.case_conclusions(id).await?)
    }

    pub async fn conclusion(&self, id: ConclusionId) -> Result<Option<ConclusionRow>> {
        Ok(self.store.conclusion(id).await?)
    }

    pub async fn case_attachments(&self, id: CaseId) -> Result<Vec<AttachmentMeta>> {
        Ok(self.store.case_attachments(id).await?)
    }

    pub async fn attachment(&self, id: AttachmentId) -> Result<Option<(AttachmentMeta, Vec<u8>)>> {
        Ok(self.store.attachment(id).await?)
    }

    pub async fn cases_in_scope(&self, org: OrgId, f: &CaseFilter, w: &CaseWindow) -> Result<Vec<CaseSummary>> {
        Ok(self.store.cases_in_scope(org, f, w).await?)
    }

    pub async fn count_cases(&self, org: OrgId, f: &CaseFilter) -> Result<i64> {
        Ok(self.store.count_cases(org, f).await?)
    }

    pub async fn cases_of_person(&self, person: PersonId) -> Result<Vec<CaseRow>> {
        Ok(self.store.cases_of_person(person).await?)
    }

    /// Requests past their answer date on `today` (the day it is when `None`).
    pub async fn overdue_requests(&self, org: OrgId, limit: i64) -> Result<Vec<OverdueRequest>> {
        Ok(self.store.overdue_requests(org, &self.today().to_string(), limit).await?)
    }

    pub async fn count_overdue_requests(&self, org: OrgId) -> Result<i64> {
        Ok(self.store.count_overdue_requests(org, &self.today().to_string()).await?)
    }
}
