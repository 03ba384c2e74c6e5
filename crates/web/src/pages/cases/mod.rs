//! Opening a case on a dossier, the case page and its attachments; the list of a scope is in
//! [`list`].

pub mod docs;
pub mod list;
pub mod steps;
pub mod view;

use crate::access::Target;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::pages::cases::view::{case_page, case_resource, case_target, load_case};
use crate::pages::dossier::load_person;
use crate::pages::refusal::Refusal;
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use bvctnb_app::audit::Outcome;
use bvctnb_authz::Action;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::{AttachmentId, CaseId, PersonId};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "cases/new.html")]
struct NewPage {
    c: Chrome,
    person_id: i64,
    name: String,
    status: &'static str,
    /// The kinds that fit the person's standing: `(code, label)`.
    kinds: Vec<(&'static str, &'static str)>,
    /// The person's cases still open: `(id, kind, stage)`.
    open: Vec<(i64, &'static str, &'static str)>,
    rf: Refusal,
}

/// The labels of the opening form's fields.
const NEW_LABELS: crate::pages::outcome::Labels =
    crate::pages::outcome::Labels(&[("kind", "Loại hồ sơ"), ("purpose", "Chức vụ, vị trí hoặc lý do")]);

async fn new_page(st: &AppState, u: &User, rec: &bvctnb_app::PersonRecord, rf: Refusal) -> PageResult {
    let open = st
        .app
        .cases_of_person(rec.id)
        .await?
        .into_iter()
        .filter(|c| c.stage.is_open())
        .map(|c| (c.id.0, c.kind.label(), c.stage.label()))
        .collect();
    let status = if rf.any() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    let page = NewPage {
        c: u.chrome(st, "Mở hồ sơ thẩm tra", "/cases"),
        person_id: rec.id.0,
        name: rec.declaration.identity.full_name.clone(),
        status: rec.status.label(),
        kinds: CaseKind::fitting(rec.status).map(|k| (k.code(), k.label())).collect(),
        open,
        rf,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn new_form(State(st): State<AppState>, u: User, Path(id): Path<PersonId>) -> PageResult {
    let rec = load_person(&st, &u.access, id, Action::HandleCase, "case.open").await?;
    new_page(&st, &u, &rec, Refusal::default()).await
}

pub async fn create(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<PersonId>,
    Form(f): Form<HashMap<String, String>>,
) -> PageResult {
    let a = &u.access;
    let rec = load_person(&st, a, id, Action::HandleCase, "case.open").await?;
    let kind_code = f.get("kind").cloned().unwrap_or_default();
    let purpose = f.get("purpose").cloned().unwrap_or_default();
    let too_long = crate::pages::fields::too_long(&f);
    let result = match CaseKind::from_code(&kind_code) {
        _ if !too_long.is_empty() => Err(WebError::Invalid(too_long)),
        Some(kind) => {
            let who = crate::pages::cases::view::actor(a);
            let opening = st.app.open_case(&who, &rec, kind, &purpose);
            a.write(&st, &Target::new_record("case.open", "case", Some(rec.id)), kind.code(), opening).await
        }
        None => Err(bvctnb_app::Error::invalid("kind", "chọn loại hồ sơ").into()),
    };
    match result {
        Ok(case) => Ok(Redirect::to(&format!("/cases/{}", case.id)).into_response()),
        Err(e) => {
            let rf = Refusal::new("open", &e, &NEW_LABELS, f, false);
            a.record(&st, &Target::person("case.open", rec.id), Outcome::Failed, &rf.message).await?;
            let mut resp = new_page(&st, &u, &rec, rf).await?;
            if e.status() != axum::http::StatusCode::UNPROCESSABLE_ENTITY {
                *resp.status_mut() = e.status();
            }
            Ok(resp)
        }
    }
}

pub async fn show(State(st): State<AppState>, u: User, Path(id): Path<CaseId>) -> PageResult {
    let (case, rec) = load_case(&st, &u.access, id, Action::ViewCase, "case.read").await?;
    Ok(case_page(&st, &u, &case, &rec, Refusal::default()).await?)
}

/// An attachment: for whoever may see the case, or the subject for their own case.
pub async fn attachment(
    State(st): State<AppState>,
    u: User,
    Path((id, file)): Path<(CaseId, AttachmentId)>,
) -> PageResult {
    let a = &u.access;
    let case = st.app.case(id).await?.ok_or_else(|| WebError::not_found("hồ sơ thẩm tra"))?;
    let r = case_resource(&st, &case);
    let own = a.allows(&st, Action::ViewOwnCase, &r);
    if !own {
        a.require(&st, Action::ViewCase, &r, &case_target("case.attachment", &case)).await?;
    }
    let (meta, bytes) = st
        .app
        .attachment(file)
        .await?
        .filter(|(m, _)| m.record == case.id)
        .ok_or_else(|| WebError::not_found("tệp đính kèm"))?;
    if own && !meta.owner.starts_with("note:") {
        // The subject sees what they themselves attached, never the answers of verifying bodies.
        return Err(WebError::forbidden().into());
    }
    a.record(&st, &case_target("case.attachment", &case), Outcome::Ok, &meta.file_name).await?;
    let disposition = format!("attachment; filename*=UTF-8''{}", urlencode(&meta.file_name));
    let mime = bvctnb_app::files::served_as(&meta.mime).to_string();
    Ok(([(header::CONTENT_TYPE, mime), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}

pub(crate) fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
