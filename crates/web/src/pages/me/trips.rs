//! The member's own trips on "Hồ sơ của tôi": the request (Phụ lục I) with its papers and,
//! when relatives abroad are visited, the commitment (Phụ lục II); where each request stands;
//! and the report after re-entry (Phụ lục III) with its due date.

use crate::access::{Target, person_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::pages::cases::steps::LABELS;
use crate::pages::cases::view::actor;
use crate::pages::fields::{Fields, get, read_multipart};
use crate::pages::outcome::error_text;
use crate::pages::travel::trips::{
    TripView, file_owner_label, trip_input, trip_post, trip_resource, trip_target, trip_view,
};
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect};
use bvctnb_app::Error as AppError;
use bvctnb_app::PersonRecord;
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::NewAttachment;
use bvctnb_app::cases::dmy;
use bvctnb_app::travel::{NewTripFile, TripRow};
use bvctnb_authz::Action;
use bvctnb_core::due::parse_stored;
use bvctnb_core::ids::TripId;
use bvctnb_core::travel::TripStage;

fn files(list: Vec<NewAttachment>, owner: &str) -> Vec<NewTripFile> {
    list.into_iter()
        .map(|a| NewTripFile { owner: owner.into(), file_name: a.file_name, mime: a.mime, content: a.content })
        .collect()
}

/// The caller's own person, with `action` checked on it (self-service only).
async fn me(st: &AppState, u: &User, action: Action, audit_as: &str) -> Result<PersonRecord, WebError> {
    let id = u.access.caller.account.person_id.ok_or_else(WebError::forbidden)?;
    let rec = st.app.person(id).await?.ok_or_else(|| WebError::not_found("hồ sơ"))?;
    u.access.require(st, action, &person_resource(st, &rec), &Target::person(audit_as, id)).await?;
    Ok(rec)
}

async fn own_trip(st: &AppState, u: &User, id: TripId, action: Action, audit_as: &str) -> Result<TripRow, WebError> {
    let t = st.app.trip(id).await?.ok_or_else(|| WebError::not_found("chuyến đi"))?;
    u.access.require(st, action, &trip_resource(st, &t), &trip_target(audit_as, &t)).await?;
    Ok(t)
}

pub struct OwnRow {
    pub id: i64,
    pub countries: String,
    pub dates: String,
    pub stage: &'static str,
    pub note: String,
}

#[derive(Template)]
#[template(path = "me/trips.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<OwnRow>,
    error: String,
    typed: Fields,
}

impl ListPage {
    fn t(&self, k: &str) -> String {
        get(&self.typed, k)
    }
}

async fn list_page(st: &AppState, u: &User, rec: &PersonRecord, error: String, typed: Fields) -> PageResult {
    let today = st.today();
    let rows = st
        .app
        .trips_of_person(rec.id)
        .await?
        .into_iter()
        .map(|t| {
            let note = match (t.stage, t.report_due.as_deref()) {
                (TripStage::Returned, Some(due)) if t.stage.report_overdue(parse_stored(due), today) => {
                    format!("Quá hạn nộp báo cáo ({})", dmy(due))
                }
                (TripStage::Returned, Some(due)) => format!("Nộp báo cáo trước hết ngày {}", dmy(due)),
                (TripStage::Refused, _) => t.refusal_reason.clone().unwrap_or_default(),
                _ => String::new(),
            };
            OwnRow {
                id: t.id.0,
                countries: t.countries.clone(),
                dates: format!("{} – {}", dmy(&t.depart_on), dmy(&t.return_on)),
                stage: t.stage.label(),
                note,
            }
        })
        .collect();
    let status =
        if error.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    u.access.record(st, &Target::person("self.trips", rec.id), Outcome::Ok, "").await?;
    Ok((status, render(&ListPage { c: u.chrome(st, "Đi nước ngoài của tôi", "/me"), rows, error, typed }))
        .into_response())
}

pub async fn list(State(st): State<AppState>, u: User) -> PageResult {
    let rec = me(&st, &u, Action::ViewOwnCase, "self.trips").await?;
    list_page(&st, &u, &rec, String::new(), Fields::new()).await
}

/// Files the request; "Lưu nháp" keeps it as a draft, "Nộp đơn" sends it to the cell.
pub async fn file(State(st): State<AppState>, u: User, mp: Multipart) -> PageResult {
    let rec = me(&st, &u, Action::ExplainOwnCase, "self.trip_file").await?;
    let (f, attached) = read_multipart(mp, "request").await?;
    let mut input = trip_input(&f);
    input.files = files(attached, "request");
    let submit = get(&f, "submit") != "draft";
    let who = actor(&u.access);
    let filing = st.app.file_trip(&who, &rec, input, submit);
    let target = Target::new_record("self.trip_file", "trip", Some(rec.id));
    match u.access.write(&st, &target, if submit { "submit" } else { "draft" }, filing).await {
        Ok(t) => Ok(Redirect::to(&format!("/me/trips/{}", t.id)).into_response()),
        Err(e) => {
            let msg = error_text(&e, &LABELS, None);
            u.access.record(&st, &Target::person("self.trip_file", rec.id), Outcome::Failed, &msg).await?;
            let mut resp = list_page(&st, &u, &rec, msg, f).await?;
            *resp.status_mut() = e.status();
            Ok(resp)
        }
    }
}

#[derive(Template)]
#[template(path = "me/trip.html")]
struct ShowPage {
    c: Chrome,
    v: TripView,
    draft: bool,
    can_report: bool,
    can_cancel: bool,
    files: Vec<(i64, String, &'static str)>,
    error: String,
    typed: Fields,
}

impl ShowPage {
    fn t(&self, k: &str) -> String {
        get(&self.typed, k)
    }
}

async fn show_page(st: &AppState, u: &User, t: &TripRow, error: String, typed: Fields) -> PageResult {
    let files =
        st.app.trip_files(t.id).await?.into_iter().map(|f| (f.id.0, f.file_name, file_owner_label(&f.owner))).collect();
    let p = ShowPage {
        c: u.chrome(st, "Chuyến đi của tôi", "/me"),
        v: trip_view(t),
        draft: t.stage == TripStage::Draft,
        can_report: t.stage == TripStage::Returned,
        can_cancel: matches!(t.stage, TripStage::Draft | TripStage::CellOpinion | TripStage::Decision),
        files,
        error,
        typed,
    };
    u.access.record(st, &trip_target("self.trip", t), Outcome::Ok, "").await?;
    Ok(render(&p))
}

pub async fn show(State(st): State<AppState>, u: User, Path(id): Path<TripId>) -> PageResult {
    let t = own_trip(&st, &u, id, Action::ViewOwnCase, "self.trip").await?;
    show_page(&st, &u, &t, String::new(), Fields::new()).await
}

async fn done(
    st: &AppState,
    u: &User,
    t: &TripRow,
    form: &str,
    typed: Fields,
    write: impl Future<Output = Result<TripRow, AppError>>,
) -> PageResult {
    let audit_as = format!("self.trip_{form}");
    trip_post(st, u, &audit_as, t, form)
        .finish(
            typed,
            "",
            write,
            |_| format!("/me/trips/{}", t.id),
            async |r| show_page(st, u, t, r.message, r.typed).await,
        )
        .await
}

pub async fn submit(State(st): State<AppState>, u: User, Path(id): Path<TripId>, mp: Multipart) -> PageResult {
    let t = own_trip(&st, &u, id, Action::ExplainOwnCase, "self.trip_submit").await?;
    let (f, attached) = read_multipart(mp, "commitment").await?;
    let a = actor(&u.access);
    let commitment = get(&f, "commitment");
    let r = st.app.submit_trip(&a, &t, &commitment, files(attached, "commitment"));
    done(&st, &u, &t, "submit", f.clone(), r).await
}

pub async fn report(State(st): State<AppState>, u: User, Path(id): Path<TripId>, mp: Multipart) -> PageResult {
    let t = own_trip(&st, &u, id, Action::ExplainOwnCase, "self.trip_report").await?;
    let (f, attached) = read_multipart(mp, "report").await?;
    let a = actor(&u.access);
    let report = get(&f, "report");
    let r = st.app.file_report(&a, &t, &report, files(attached, "report"));
    done(&st, &u, &t, "report", f.clone(), r).await
}

pub async fn cancel(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<TripId>,
    axum::Form(f): axum::Form<Fields>,
) -> PageResult {
    let t = own_trip(&st, &u, id, Action::ExplainOwnCase, "self.trip_cancel").await?;
    let a = actor(&u.access);
    let r = async {
        match crate::pages::fields::confirmed(&f, "huỷ đơn") {
            Ok(()) => st.app.cancel_trip(&a, &t).await,
            Err(e) => Err(e),
        }
    };
    done(&st, &u, &t, "cancel", f.clone(), r).await
}
