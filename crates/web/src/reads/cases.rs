//! A case read for the caller: loaded, checked against the policies (a refusal is audited)
//! and named in the audit trail the same way by the pages and the API.

use crate::access::{Access, DOSSIER_CLASSIFICATION, Target};
use crate::error::WebError;
use crate::state::AppState;
use bvctnb_app::PersonRecord;
use bvctnb_app::cases::{Actor, CaseRow};
use bvctnb_authz::{Action, Resource};
use bvctnb_core::ids::CaseId;

pub fn case_resource(st: &AppState, c: &CaseRow) -> Resource {
    Resource::Person {
        id: c.person_id,
        org_chain: st.app.tree().ancestors(c.org_id),
        classification: DOSSIER_CLASSIFICATION,
    }
}

pub fn case_target<'a>(action: &'a str, c: &CaseRow) -> Target<'a> {
    Target { action, kind: "case", id: c.id.to_string(), person: Some(c.person_id) }
}

pub fn actor(a: &Access) -> Actor {
    let acc = &a.caller.account;
    Actor {
        username: acc.username.clone(),
        display_name: acc.display_name.clone(),
        role: acc.role,
        scope: acc.scope_org,
        person: acc.person_id,
    }
}

/// Loads a case and checks `action` on it (the refusal is audited).
pub async fn load_case(
    st: &AppState,
    a: &Access,
    id: CaseId,
    action: Action,
    audit_as: &str,
) -> Result<(CaseRow, PersonRecord), WebError> {
    let case = st.app.case(id).await?.ok_or_else(|| WebError::not_found("hồ sơ thẩm tra"))?;
    a.require(st, action, &case_resource(st, &case), &case_target(audit_as, &case)).await?;
    let rec = st.app.person(case.person_id).await?.ok_or_else(|| WebError::not_found("hồ sơ"))?;
    Ok((case, rec))
}
