//! The dossier: every 2-KNĐ section, its version history and the diff between versions.
//! Each read is authorized (scope, clearance, recusal) and audited before anything is shown.

pub mod edit;
pub mod findings;
pub mod forms;

use crate::access::{Target, person_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::format::datetime;
use crate::pages::view::{Section, sections};
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use bvctnb_app::PersonRecord;
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::dmy;
use bvctnb_authz::Action;
use bvctnb_core::ids::PersonId;

pub use crate::reads::persons::{ChangeRow, load_person, version_changes};

pub struct Header {
    pub id: i64,
    pub name: String,
    pub org: String,
    pub org_id: i64,
    pub version: i64,
    pub updated: String,
    pub updated_by: String,
}

pub fn header(st: &AppState, r: &PersonRecord) -> Header {
    Header {
        id: r.id.0,
        name: r.declaration.identity.full_name.clone(),
        org: st.app.tree().path_label(r.org_id),
        org_id: r.org_id.0,
        version: r.version,
        updated: datetime(&r.submitted_at),
        updated_by: r.submitted_by.clone(),
    }
}

#[derive(Template)]
#[template(path = "dossier/show.html")]
struct DossierPage {
    c: Chrome,
    h: Header,
    sections: Vec<Section>,
    can_edit: bool,
    can_open_case: bool,
    /// The person's cases: `(id, kind, stage)`.
    cases: Vec<(i64, &'static str, &'static str)>,
    /// The person's trips abroad: `(id, countries and dates, stage)`.
    trips: Vec<(i64, String, &'static str)>,
    saved: bool,
    review: Option<crate::pages::dossier::findings::Review>,
}

#[derive(serde::Deserialize, Default)]
pub struct ShowParams {
    #[serde(default)]
    saved: Option<String>,
    /// Regulation pack and case kind to check the dossier against (defaults: the pack in
    /// force, and admission or review by the person's party standing).
    #[serde(default)]
    pack: Option<String>,
    #[serde(default)]
    kind: Option<String>,
}

pub async fn show(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<PersonId>,
    axum::extract::Query(q): axum::extract::Query<ShowParams>,
) -> PageResult {
    let a = &u.access;
    let (rec, has) = st.app.person_page(id).await?.ok_or_else(|| WebError::not_found("hồ sơ"))?;
    let buttons = [Action::EditDossier, Action::HandleCase];
    let target = Target::person("dossier.read", rec.id);
    let allowed = a.require_and(&st, Action::ReadDossier, &person_resource(&st, &rec), &target, &buttons).await?;
    let (can_edit, can_open_case) = (allowed[0], allowed[1]);
    a.record(&st, &target, Outcome::Ok, &format!("phiên bản {}", rec.version)).await?;
    // Most people have no case, trip or passport: those reads are made only for who has one.
    let store = &st.app;
    let cases = if has.cases { store.cases_of_person(rec.id).await? } else { Vec::new() };
    let cases = cases.iter().map(|c| (c.id.0, c.kind.label(), c.stage.label())).collect();
    // Findings are read from the dossier itself, so the ReadDossier check above covers them.
    let own_trips = if has.trips { store.trips_of_person(rec.id).await? } else { Vec::new() };
    let passports = if has.passports { store.passports_of_person(rec.id).await? } else { Vec::new() };
    let flags = bvctnb_app::travel::flags_from(&own_trips, &passports, st.today());
    let review =
        crate::pages::dossier::findings::review(&st, &rec.declaration, &flags, q.pack.as_deref(), q.kind.as_deref());
    let trips = own_trips
        .iter()
        .map(|t| (t.id.0, format!("{} ({} – {})", t.countries, dmy(&t.depart_on), dmy(&t.return_on)), t.stage.label()))
        .collect();
    Ok(render(&DossierPage {
        c: u.chrome(&st, rec.declaration.identity.full_name.clone(), ""),
        h: header(&st, &rec),
        sections: sections(&rec.declaration),
        can_edit,
        can_open_case,
        cases,
        trips,
        saved: q.saved.is_some(),
        review,
    }))
}

pub struct VersionRow {
    pub version: i64,
    pub at: String,
    pub by: String,
}

#[derive(Template)]
#[template(path = "dossier/history.html")]
struct HistoryPage {
    c: Chrome,
    h: Header,
    versions: Vec<VersionRow>,
}

pub async fn history(State(st): State<AppState>, u: User, Path(id): Path<PersonId>) -> PageResult {
    let a = &u.access;
    let rec = load_person(&st, a, id, Action::ViewHistory, "dossier.history").await?;
    let mut versions: Vec<VersionRow> = st
        .app
        .versions(rec.id)
        .await?
        .into_iter()
        .map(|v| VersionRow { version: v.version, at: datetime(&v.submitted_at), by: v.submitted_by })
        .collect();
    versions.sort_by_key(|v| std::cmp::Reverse(v.version));
    a.record(&st, &Target::person("dossier.history", rec.id), Outcome::Ok, "").await?;
    Ok(render(&HistoryPage { c: u.chrome(&st, "Lịch sử khai báo", ""), h: header(&st, &rec), versions }))
}

#[derive(Template)]
#[template(path = "dossier/diff.html")]
struct DiffPage {
    c: Chrome,
    h: Header,
    from: i64,
    to: i64,
    changes: Vec<ChangeRow>,
}

/// What changed from `version - 1` to `version`.
pub async fn diff(State(st): State<AppState>, u: User, Path((id, version)): Path<(PersonId, i64)>) -> PageResult {
    let a = &u.access;
    let rec = load_person(&st, a, id, Action::ViewHistory, "dossier.diff").await?;
    let changes = version_changes(&st, rec.id, version).await?;
    a.record(&st, &Target::person("dossier.diff", rec.id), Outcome::Ok, &format!("phiên bản {version}")).await?;
    Ok(render(&DiffPage {
        c: u.chrome(&st, "So sánh phiên bản", ""),
        h: header(&st, &rec),
        from: version - 1,
        to: version,
        changes,
    }))
}
