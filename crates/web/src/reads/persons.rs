//! A dossier read for the caller (checked, the refusal audited) and the changes between two
//! versions of the declaration, for the pages and the API alike.

use crate::access::{Access, Target, person_resource};
use crate::error::WebError;
use crate::state::AppState;
use bvctnb_app::PersonRecord;
use bvctnb_authz::Action;
use bvctnb_core::diff::diff_declarations;
use bvctnb_core::ids::PersonId;

/// Loads a person and checks `action` on them; the refusal is audited under `audit_as`.
pub async fn load_person(
    st: &AppState,
    a: &Access,
    id: PersonId,
    action: Action,
    audit_as: &str,
) -> Result<PersonRecord, WebError> {
    let rec = st.app.person(id).await?.ok_or_else(|| WebError::not_found("hồ sơ"))?;
    a.require(st, action, &person_resource(st, &rec), &Target::person(audit_as, id)).await?;
    Ok(rec)
}

pub struct ChangeRow {
    pub kind: &'static str,
    pub label: String,
    pub before: String,
    pub after: String,
}

pub async fn version_changes(st: &AppState, id: PersonId, version: i64) -> Result<Vec<ChangeRow>, WebError> {
    let store = &st.app;
    let new = store.declaration_version(id, version).await?.ok_or_else(|| WebError::not_found("phiên bản"))?;
    let Some(old) = (if version > 1 { store.declaration_version(id, version - 1).await? } else { None }) else {
        return Ok(vec![ChangeRow {
            kind: "Khai lần đầu",
            label: "Toàn bộ bản khai".into(),
            before: String::new(),
            after: new.identity.full_name,
        }]);
    };
    Ok(diff_declarations(&old, &new)
        .into_iter()
        .map(|c| ChangeRow {
            kind: match c.kind {
                bvctnb_core::diff::ChangeKind::Added => "Thêm",
                bvctnb_core::diff::ChangeKind::Removed => "Bỏ",
                bvctnb_core::diff::ChangeKind::Modified => "Sửa",
            },
            label: c.label,
            before: c.before.unwrap_or_default(),
            after: c.after.unwrap_or_default(),
        })
        .collect())
}
