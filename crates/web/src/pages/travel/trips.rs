//! Trips abroad for the officer, the cell and the committee: the task lists of the scope
//! (opinions and decisions awaited, reports late, trips without approval), the trip page with
//! the step the caller may take, its papers, and recording a trip made without approval.

use crate::access::{Target, org_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::format::parse_date_vn;
use crate::pages::cases::steps::LABELS;
use crate::pages::cases::view::actor;
use crate::pages::dossier::load_person;
use crate::pages::fields::{Fields, get};
use crate::pages::outcome::{Post, error_text};
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use bvctnb_app::Error as AppError;
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::dmy;
use bvctnb_app::travel::TripInput;
use bvctnb_app::travel::{TripFilter, TripRow, TripSummary};
use bvctnb_authz::{Action, Resource};
use bvctnb_core::due::parse_stored;
use bvctnb_core::ids::{AttachmentId, PersonId, TripId};
use bvctnb_core::travel::{Arrangement, Stay, TripKind, TripStage, report_filed_late};
use chrono::NaiveDate;

pub fn trip_resource(st: &AppState, t: &TripRow) -> Resource {
    Resource::Person {
        id: t.person_id,
        org_chain: st.app.tree().ancestors(t.org_id),
        classification: crate::access::DOSSIER_CLASSIFICATION,
    }
}

pub fn trip_target<'a>(action: &'a str, t: &TripRow) -> Target<'a> {
    Target { action, kind: "trip", id: t.id.to_string(), person: Some(t.person_id) }
}

/// Loads a trip and checks `action` on its traveller (the refusal is audited).
pub async fn load_trip(
    st: &AppState,
    u: &User,
    id: TripId,
    action: Action,
    audit_as: &str,
) -> Result<TripRow, WebError> {
    let t = st.app.trip(id).await?.ok_or_else(|| WebError::not_found("chuyến đi"))?;
    u.access.require(st, action, &trip_resource(st, &t), &trip_target(audit_as, &t)).await?;
    Ok(t)
}

/// A trip in a list.
pub struct Row {
    pub id: i64,
    pub name: String,
    pub org: String,
    pub kind: &'static str,
    pub countries: String,
    pub dates: String,
    pub stage: &'static str,
    pub note: String,
}

fn row(s: TripSummary, today: NaiveDate) -> Row {
    let t = &s.trip;
    let mut note = String::new();
    if let Some(due) = t.report_due.as_deref().filter(|_| t.stage == TripStage::Returned) {
        note = if t.stage.report_overdue(parse_stored(due), today) {
            format!("quá hạn báo cáo ({})", dmy(due))
        } else {
            format!("hạn báo cáo {}", dmy(due))
        };
    }
    if t.unapproved {
        note = format!("không xin phép; {note}");
    }
    Row {
        id: t.id.0,
        name: format!("{} ({})", s.full_name, s.birth_year),
        org: s.org_name.clone(),
        kind: t.kind.label(),
        countries: t.countries.clone(),
        dates: format!("{} – {}", dmy(&t.depart_on), dmy(&t.return_on)),
        stage: t.stage.label(),
        note,
    }
}

#[derive(Template)]
#[template(path = "travel/index.html")]
struct ListPage {
    c: Chrome,
    groups: Vec<(&'static str, &'static str, Vec<Row>)>,
    recent: Vec<Row>,
}

pub async fn list(State(st): State<AppState>, u: User) -> PageResult {
    let a = &u.access;
    let scope = a.scope().ok_or_else(WebError::forbidden)?;
    a.require(&st, Action::ListCases, &org_resource(&st, scope), &Target::org("trip.list", scope)).await?;
    let day = st.today();
    let today = day.to_string();
    let base = TripFilter { exclude: a.hidden_persons(), ..TripFilter::default() };
    let store = &st.app;
    let mut groups = Vec::new();
    let lists = [
        ("cell", "Chờ ý kiến chi bộ", TripFilter { stages: vec![TripStage::CellOpinion], ..base.clone() }),
        ("decision", "Chờ cấp ủy quyết định", TripFilter { stages: vec![TripStage::Decision], ..base.clone() }),
        (
            "late",
            "Quá hạn nộp báo cáo sau chuyến đi",
            TripFilter { report_late_on: Some(today.clone()), ..base.clone() },
        ),
        (
            "undecided",
            "Đã đến ngày đi mà chưa được quyết định",
            TripFilter { undecided_before: Some(today.clone()), ..base.clone() },
        ),
        ("returned", "Đã về nước, chờ báo cáo", TripFilter { stages: vec![TripStage::Returned], ..base.clone() }),
    ];
    for (id, title, f) in lists {
        let rows = store.trips_in_scope(scope, &f, 100).await?.into_iter().map(|s| row(s, day)).collect();
        groups.push((id, title, rows));
    }
    let recent = store.trips_in_scope(scope, &base, 50).await?.into_iter().map(|s| row(s, day)).collect();
    a.record(&st, &Target::org("trip.list", scope), Outcome::Ok, "").await?;
    Ok(render(&ListPage { c: u.chrome(&st, "Đi nước ngoài", "/trips"), groups, recent }))
}

/// The trip as shown to officers, the cell and the committee (and, trimmed, to the member).
pub struct TripView {
    pub id: i64,
    pub person_id: i64,
    pub kind: &'static str,
    pub private: bool,
    pub countries: String,
    pub dates: String,
    pub purpose: String,
    pub funding: String,
    pub visits: String,
    pub commitment: String,
    pub stage: &'static str,
    pub stage_code: &'static str,
    pub cell: String,
    pub decision: String,
    pub reentry: String,
    pub report_due: String,
    pub report: String,
    pub report_late: bool,
    pub unapproved: bool,
    pub arrangement: String,
    pub proposed: String,
    pub delegation: Option<i64>,
}

pub fn trip_view(t: &TripRow) -> TripView {
    let stay = Stay::from_stored(&t.depart_on, &t.return_on);
    let decision = match (&t.decided_on, t.stage) {
        (Some(on), TripStage::Refused) => format!(
            "Không đồng ý ngày {} ({}): {}",
            dmy(on),
            t.decider_name.clone().unwrap_or_default(),
            t.refusal_reason.clone().unwrap_or_default()
        ),
        (Some(on), _) => format!(
            "Đồng ý{} ngày {}{}",
            t.decision_number.as_deref().map(|n| format!(" (số {n})")).unwrap_or_default(),
            dmy(on),
            t.decider_name.as_deref().map(|n| format!(", {n}")).unwrap_or_default()
        ),
        (None, _) => String::new(),
    };
    TripView {
        id: t.id.0,
        person_id: t.person_id.0,
        kind: t.kind.label(),
        private: t.kind == TripKind::Private,
        countries: t.countries.clone(),
        dates: format!("{} – {}", dmy(&t.depart_on), dmy(&t.return_on)),
        purpose: t.purpose.clone(),
        funding: t.funding.clone(),
        visits: t.visits.clone(),
        commitment: t.commitment.clone().unwrap_or_default(),
        stage: t.stage.label(),
        stage_code: t.stage.code(),
        cell: match (&t.cell_opinion, &t.cell_on) {
            (Some(o), Some(on)) => format!("{o} ({}, {})", t.cell_by.clone().unwrap_or_default(), dmy(on)),
            _ => String::new(),
        },
        decision,
        reentry: t.reentry_on.as_deref().map(dmy).unwrap_or_default(),
        report_due: t.report_due.as_deref().map(dmy).unwrap_or_default(),
        report: t.report_text.clone().unwrap_or_default(),
        report_late: report_filed_late(
            t.report_on.as_deref().and_then(parse_stored),
            t.report_due.as_deref().and_then(parse_stored),
        ),
        unapproved: t.unapproved,
        arrangement: t.arrangement.as_deref().and_then(Arrangement::from_code).map(|a| a.label()).unwrap_or("").into(),
        proposed: stay
            .and_then(|s| s.proposed_party_life(1))
            .map(|a| a.label())
            .unwrap_or("Không phải tổ chức sinh hoạt tạm thời")
            .into(),
        delegation: t.delegation_id.map(|d| d.0),
    }
}

#[derive(Template)]
#[template(path = "travel/show.html")]
struct ShowPage {
    c: Chrome,
    v: TripView,
    name: String,
    events: Vec<(String, String, String, String)>,
    files: Vec<(i64, String, &'static str)>,
    flags: Vec<String>,
    can_comment: bool,
    can_decide: bool,
    can_handle: bool,
    arrangements: Vec<(&'static str, &'static str)>,
    error: (String, String),
    typed: Fields,
}

impl ShowPage {
    fn t(&self, k: &str) -> String {
        get(&self.typed, k)
    }
}

pub fn file_owner_label(owner: &str) -> &'static str {
    match owner {
        "commitment" => "Bản cam kết (Phụ lục II)",
        "report" => "Báo cáo (Phụ lục III)",
        _ => "Giấy tờ kèm đơn",
    }
}

async fn page(st: &AppState, u: &User, t: &TripRow, error: (String, String), typed: Fields) -> PageResult {
    let store = &st.app;
    let person = store.person(t.person_id).await?.ok_or_else(|| WebError::not_found("hồ sơ"))?;
    let events = store
        .trip_events(t.id)
        .await?
        .into_iter()
        .map(|e| (dmy(&e.on_date), e.actor, e.to_stage.map(|s| s.label()).unwrap_or("").to_string(), e.detail))
        .collect();
    let files =
        store.trip_files(t.id).await?.into_iter().map(|f| (f.id.0, f.file_name, file_owner_label(&f.owner))).collect();
    let flags = store
        .flags_of_person(t.person_id)
        .await
        .map_err(WebError::from)?
        .into_iter()
        .filter(|f| f.trip == t.id)
        .map(|f| format!("{}: {}", f.kind.label(), f.text))
        .chain(bvctnb_app::travel::undeclared_visit(t, &person.declaration))
        .collect();
    let r = trip_resource(st, t);
    let status = if error.1.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::CONFLICT };
    let p = ShowPage {
        c: u.chrome(st, "Chuyến đi nước ngoài", "/trips"),
        v: trip_view(t),
        name: person.declaration.identity.full_name.clone(),
        events,
        files,
        flags,
        can_comment: u.access.allows(st, Action::CommentCase, &r),
        can_decide: u.access.allows(st, Action::DecideCase, &r),
        can_handle: u.access.allows(st, Action::HandleCase, &r),
        arrangements: Arrangement::ALL.iter().map(|a| (a.code(), a.label())).collect(),
        error,
        typed,
    };
    u.access.record(st, &trip_target("trip.read", t), Outcome::Ok, "").await?;
    Ok((status, render(&p)).into_response())
}

pub async fn show(State(st): State<AppState>, u: User, Path(id): Path<TripId>) -> PageResult {
    let t = load_trip(&st, &u, id, Action::ViewCase, "trip.read").await?;
    page(&st, &u, &t, Default::default(), Fields::new()).await
}

/// A paper of the trip: for whoever may see the trip, or the member for their own trip.
pub async fn file(State(st): State<AppState>, u: User, Path((id, file)): Path<(TripId, AttachmentId)>) -> PageResult {
    let t = st.app.trip(id).await?.ok_or_else(|| WebError::not_found("chuyến đi"))?;
    let r = trip_resource(&st, &t);
    if !u.access.allows(&st, Action::ViewOwnCase, &r) {
        u.access.require(&st, Action::ViewCase, &r, &trip_target("trip.file", &t)).await?;
    }
    let (meta, bytes) = st
        .app
        .trip_file(file)
        .await?
        .filter(|(m, _)| m.record == t.id)
        .ok_or_else(|| WebError::not_found("tệp đính kèm"))?;
    u.access.record(&st, &trip_target("trip.file", &t), Outcome::Ok, &meta.file_name).await?;
    let disposition = format!("attachment; filename*=UTF-8''{}", crate::pages::cases::urlencode(&meta.file_name));
    let mime = bvctnb_app::files::served_as(&meta.mime).to_string();
    Ok(([(header::CONTENT_TYPE, mime), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}

/// A post on a trip, audited as `audit_as` on it, its refusal worded with the step labels.
pub(crate) fn trip_post<'a>(st: &'a AppState, u: &'a User, audit_as: &'a str, t: &TripRow, form: &'a str) -> Post<'a> {
    Post { st, access: &u.access, target: trip_target(audit_as, t), labels: &LABELS, echo: false, form }
}

/// Audits the outcome: back to the trip on success, the trip page with the refusal otherwise.
async fn done(
    st: &AppState,
    u: &User,
    t: &TripRow,
    form: &str,
    typed: Fields,
    write: impl Future<Output = Result<TripRow, AppError>>,
) -> PageResult {
    let audit_as = format!("trip.{form}");
    trip_post(st, u, &audit_as, t, form)
        .finish(
            typed,
            "",
            write,
            |_| format!("/trips/{}#{form}", t.id),
            async |r| {
                let fresh = st.app.trip(t.id).await?.unwrap_or_else(|| t.clone());
                page(st, u, &fresh, (form.to_string(), r.message), r.typed).await
            },
        )
        .await
}

macro_rules! trip_step {
    ($name:ident, $action:expr, $form:literal, |$st:ident, $a:ident, $t:ident, $f:ident| $body:expr) => {
        pub async fn $name(
            State($st): State<AppState>,
            u: User,
            Path(id): Path<TripId>,
            Form($f): Form<Fields>,
        ) -> PageResult {
            let $t = load_trip(&$st, &u, id, $action, concat!("trip.", $form)).await?;
            let $a = actor(&u.access);
            let typed = $f.clone();
            done(&$st, &u, &$t, $form, typed, async { $body }).await
        }
    };
}

trip_step!(cell_opinion, Action::CommentCase, "cell_opinion", |st, a, t, f| {
    st.app.cell_opinion(&a, &t, &get(&f, "opinion")).await
});
trip_step!(approve, Action::DecideCase, "approve", |st, a, t, f| {
    st.app.decide_trip(&a, &t, true, &get(&f, "number"), "").await
});
trip_step!(refuse, Action::DecideCase, "refuse", |st, a, t, f| {
    st.app.decide_trip(&a, &t, false, &get(&f, "number"), &get(&f, "reason")).await
});
trip_step!(record_return, Action::HandleCase, "return", |st, a, t, f| {
    st.app.record_return(&a, &t, parse_date_vn(&get(&f, "reentry_on"))).await
});
trip_step!(arrangement, Action::HandleCase, "arrangement", |st, a, t, f| {
    st.app.set_arrangement(&a, &t, Arrangement::from_code(&get(&f, "arrangement"))).await
});

/// The request form's fields, as the member or the officer typed them.
pub fn trip_input(f: &Fields) -> TripInput {
    TripInput {
        countries: get(f, "countries"),
        depart_on: parse_date_vn(&get(f, "depart_on")),
        return_on: parse_date_vn(&get(f, "return_on")),
        purpose: get(f, "purpose"),
        funding: get(f, "funding"),
        visits: get(f, "visits"),
        visits_relatives: f.contains_key("visits_relatives"),
        commitment: get(f, "commitment"),
        files: Vec::new(),
    }
}

#[derive(Template)]
#[template(path = "travel/unapproved.html")]
struct UnapprovedPage {
    c: Chrome,
    person_id: i64,
    name: String,
    error: String,
    typed: Fields,
}

impl UnapprovedPage {
    fn t(&self, k: &str) -> String {
        get(&self.typed, k)
    }
}

pub async fn unapproved_form(State(st): State<AppState>, u: User, Path(id): Path<PersonId>) -> PageResult {
    let rec = load_person(&st, &u.access, id, Action::HandleCase, "trip.unapproved").await?;
    let name = rec.declaration.identity.full_name.clone();
    Ok(render(&UnapprovedPage {
        c: u.chrome(&st, "Ghi nhận chuyến đi không xin phép", "/trips"),
        person_id: id.0,
        name,
        error: String::new(),
        typed: Fields::new(),
    }))
}

pub async fn record_unapproved(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<PersonId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let a = &u.access;
    let rec = load_person(&st, a, id, Action::HandleCase, "trip.unapproved").await?;
    let input = trip_input(&f);
    let reentry = parse_date_vn(&get(&f, "reentry_on"));
    let (who, source) = (actor(a), get(&f, "source"));
    let recording = st.app.record_unapproved(&who, &rec, input, reentry, &source);
    let target = Target::new_record("trip.unapproved", "trip", Some(rec.id));
    match a.write(&st, &target, "", recording).await {
        Ok(t) => Ok(Redirect::to(&format!("/trips/{}", t.id)).into_response()),
        Err(e) => {
            let msg = error_text(&e, &LABELS, None);
            a.record(&st, &Target::person("trip.unapproved", rec.id), Outcome::Failed, &msg).await?;
            let p = UnapprovedPage {
                c: u.chrome(&st, "Ghi nhận chuyến đi không xin phép", "/trips"),
                person_id: id.0,
                name: rec.declaration.identity.full_name.clone(),
                error: msg,
                typed: f,
            };
            Ok((e.status(), render(&p)).into_response())
        }
    }
}
