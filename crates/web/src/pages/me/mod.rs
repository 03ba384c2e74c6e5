//! "Hồ sơ của tôi": the subject's own dossier and the status of their own cases, through the
//! self-service action — the only way anyone sees their own dossier (recusal).

pub mod case;
pub mod trips;

use crate::access::{Target, person_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::pages::dossier::{Header, header};
use crate::pages::view::{Section, sections};
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use bvctnb_app::audit::Outcome;
use bvctnb_authz::Action;

pub struct VersionRow {
    pub version: i64,
    pub at: String,
}

#[derive(Template)]
#[template(path = "me/index.html")]
struct MePage {
    c: Chrome,
    h: Header,
    sections: Vec<Section>,
    versions: Vec<VersionRow>,
    cases: Vec<crate::pages::me::case::OwnCase>,
}

pub async fn show(State(st): State<AppState>, u: User) -> PageResult {
    let a = &u.access;
    let pid = a.caller.account.person_id.ok_or_else(|| {
        WebError::NotFound("Tài khoản của bạn chưa được gắn với hồ sơ nào; liên hệ quản trị viên".into())
    })?;
    let rec = st.app.person(pid).await?.ok_or_else(|| WebError::not_found("hồ sơ"))?;
    a.require(&st, Action::ReadOwnDossier, &person_resource(&st, &rec), &Target::person("self.read", pid)).await?;
    a.record(&st, &Target::person("self.read", pid), Outcome::Ok, "").await?;
    let mut versions: Vec<VersionRow> = st
        .app
        .versions(pid)
        .await?
        .into_iter()
        .map(|v| VersionRow { version: v.version, at: crate::format::datetime(&v.submitted_at) })
        .collect();
    versions.sort_by_key(|v| std::cmp::Reverse(v.version));
    let cases = st.app.cases_of_person(pid).await?.iter().map(crate::pages::me::case::own_case).collect();
    Ok(render(&MePage {
        c: u.chrome(&st, "Hồ sơ của tôi", "/me"),
        h: header(&st, &rec),
        sections: sections(&rec.declaration),
        versions,
        cases,
    }))
}
