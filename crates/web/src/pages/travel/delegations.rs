//! Delegations sent abroad by a decision (DOMAIN §5.4, official trips): the list of the scope
//! with the form to record a decision, and one delegation with its members' trips, the party
//! life arrangement, the re-entry and the leader's report. Every member is a person concerned:
//! writing needs HandleCase on each of them, so an officer never records a delegation that
//! counts themself or a relative.

use crate::access::{Target, org_resource, person_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::pages::cases::view::actor;
use crate::pages::fields::{Fields, get, opt_date, opt_person};
use crate::pages::outcome::{Post, error_text};
use crate::pages::travel::passports::LABELS;
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use bvctnb_app::Error as AppError;
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::dmy;
use bvctnb_app::travel::DelegationInput;
use bvctnb_app::travel::{DelegationRow, TripSummary};
use bvctnb_authz::Action;
use bvctnb_core::ids::{DelegationId, PersonId};
use bvctnb_core::travel::{Arrangement, Stay};

fn delegation_target<'a>(action: &'a str, d: &DelegationRow) -> Target<'a> {
    Target { action, kind: "delegation", id: d.id.to_string(), person: Some(d.leader_id) }
}

fn arrangement_label(code: Option<&str>) -> &'static str {
    code.and_then(Arrangement::from_code).map_or("Không phải tổ chức sinh hoạt đảng riêng", |a| a.label())
}

fn report_status(d: &DelegationRow) -> String {
    match (&d.reentry_on, &d.report_on) {
        (_, Some(r)) => format!("Trưởng đoàn đã báo cáo ngày {}", dmy(r)),
        (Some(b), None) => format!("Về nước ngày {}, chờ báo cáo của trưởng đoàn", dmy(b)),
        (None, None) => "Chưa ghi ngày nhập cảnh".into(),
    }
}

/// The leader's name, unless the viewer must not see them (themself, a relative).
fn leader_name(d: &DelegationRow, hidden: &[PersonId]) -> String {
    if hidden.contains(&d.leader_id) { "(không hiển thị)".into() } else { d.leader_name.clone() }
}

pub struct DelegationView {
    pub id: i64,
    pub decision: String,
    pub decided_by: String,
    pub leader: String,
    pub countries: String,
    pub dates: String,
    pub members: usize,
    pub arrangement: &'static str,
    pub status: String,
}

impl DelegationView {
    fn of(d: &DelegationRow, members: usize, hidden: &[PersonId]) -> Self {
        Self {
            id: d.id.0,
            decision: format!("{} ngày {}", d.decision_number, dmy(&d.decided_on)),
            decided_by: d.decided_by.clone(),
            leader: leader_name(d, hidden),
            countries: d.countries.clone(),
            dates: format!("{} – {}", dmy(&d.depart_on), dmy(&d.return_on)),
            members,
            arrangement: arrangement_label(d.arrangement.as_deref()),
            status: report_status(d),
        }
    }
}

#[derive(Template)]
#[template(path = "travel/delegations.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<DelegationView>,
    arrangements: Vec<(&'static str, &'static str)>,
    error: String,
    typed: Fields,
}

impl ListPage {
    fn t(&self, k: &str) -> &str {
        self.typed.get(k).map_or("", |v| v.as_str())
    }
}

async fn list_page(st: &AppState, u: &User, failed: Option<(String, Fields, StatusCode)>) -> PageResult {
    let a = &u.access;
    let scope = a.scope().ok_or_else(WebError::forbidden)?;
    let target = Target::org("delegation.list", scope);
    a.require(st, Action::ListCases, &org_resource(st, scope), &target).await?;
    let hidden = a.hidden_persons();
    let mut rows = Vec::new();
    for d in st.app.delegations_in_scope(scope, 200).await? {
        let members = st.app.delegation_trips(d.id).await?.len();
        rows.push(DelegationView::of(&d, members, &hidden));
    }
    a.record(st, &target, Outcome::Ok, "").await?;
    let (error, typed, status) = failed.unwrap_or_else(|| (String::new(), Fields::new(), StatusCode::OK));
    let page = ListPage {
        c: u.chrome(st, "Đoàn ra", "/trips"),
        rows,
        arrangements: Arrangement::ALL.iter().map(|a| (a.code(), a.label())).collect(),
        error,
        typed,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn list(State(st): State<AppState>, u: User) -> PageResult {
    list_page(&st, &u, None).await
}

/// Person ids separated by commas, semicolons or spaces.
fn member_ids(f: &Fields) -> Result<Vec<PersonId>, AppError> {
    get(f, "members")
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse().map(PersonId).map_err(|_| AppError::invalid("members", format!("«{s}» không phải mã hồ sơ")))
        })
        .collect()
}

fn delegation_input(f: &Fields) -> Result<DelegationInput, AppError> {
    let arrangement = match get(f, "arrangement") {
        a if a.is_empty() => None,
        a => Some(Arrangement::from_code(&a).ok_or_else(|| AppError::invalid("arrangement", "chọn trong danh sách"))?),
    };
    Ok(DelegationInput {
        decision_number: get(f, "decision_number"),
        decided_on: opt_date(f, "decided_on")?,
        decided_by: get(f, "decided_by"),
        leader: opt_person(f, "leader")?,
        members: member_ids(f)?,
        countries: get(f, "countries"),
        depart_on: opt_date(f, "depart_on")?,
        return_on: opt_date(f, "return_on")?,
        purpose: get(f, "purpose"),
        funding: get(f, "funding"),
        arrangement,
    })
}

/// Why the caller may not record a delegation counting `persons`, if they may not: a person
/// unknown, or one they may not handle (out of scope, or recused). Refusals are audited.
async fn check_persons(st: &AppState, u: &User, persons: &[(PersonId, &str)], audit_as: &str) -> Result<(), WebError> {
    let a = &u.access;
    for (p, field) in persons {
        let Some(rec) = st.app.person(*p).await? else {
            let field =
                bvctnb_core::FieldError { field: field.to_string(), message: format!("không có hồ sơ số {p}") };
            return Err(WebError::Invalid(bvctnb_core::FieldErrors(vec![field])));
        };
        if !a.allows(st, Action::HandleCase, &person_resource(st, &rec)) {
            a.record(st, &Target::person(audit_as, *p), Outcome::Denied, "HandleCase").await?;
            return Err(WebError::Forbidden(format!(
                "Đồng chí không được xử lý hồ sơ số {p} (ngoài phạm vi, hoặc là bản thân, thân nhân của đồng chí): \
                 không ghi được đoàn có người này"
            )));
        }
    }
    Ok(())
}

pub async fn create(State(st): State<AppState>, u: User, Form(f): Form<Fields>) -> PageResult {
    let a = &u.access;
    let scope = a.scope().ok_or_else(WebError::forbidden)?;
    let creating = async {
        let input = delegation_input(&f)?;
        let leader = input.leader.map(|p| (p, "leader"));
        let persons: Vec<_> = leader.into_iter().chain(input.members.iter().map(|p| (*p, "members"))).collect();
        check_persons(&st, &u, &persons, "delegation.create").await?;
        Ok::<_, WebError>(st.app.create_delegation(&actor(a), scope, input).await?)
    };
    let leader = opt_person(&f, "leader").ok().flatten();
    let target = Target::new_record("delegation.create", "delegation", leader);
    match a.write(&st, &target, &get(&f, "decision_number"), creating).await {
        Ok(d) => Ok(Redirect::to(&format!("/delegations/{}", d.id)).into_response()),
        Err(e) => {
            let message = error_text(&e, &LABELS, Some(&f));
            if !matches!(e, WebError::Forbidden(_)) {
                a.record(&st, &Target::org("delegation.create", scope), Outcome::Failed, &message).await?;
            }
            list_page(&st, &u, Some((message, f, e.status()))).await
        }
    }
}

pub struct MemberView {
    pub person_id: i64,
    pub name: String,
    pub birth_year: i32,
    pub org: String,
    pub trip_id: i64,
    pub stage: &'static str,
}

#[derive(Template)]
#[template(path = "travel/delegation.html")]
struct ShowPage {
    c: Chrome,
    d: DelegationView,
    purpose: String,
    funding: String,
    days: i64,
    members: Vec<MemberView>,
    proposed: &'static str,
    report_text: String,
    can_handle: bool,
    can_return: bool,
    can_report: bool,
    /// The refused form ("return" or "report"), why, and what was typed.
    error_at: &'static str,
    error: String,
    typed: Fields,
}

impl ShowPage {
    fn t(&self, k: &str) -> &str {
        self.typed.get(k).map_or("", |v| v.as_str())
    }
}

async fn load(st: &AppState, u: &User, id: DelegationId, audit_as: &str) -> Result<DelegationRow, WebError> {
    let d = st.app.delegation(id).await?.ok_or_else(|| WebError::not_found("đoàn ra"))?;
    let target = delegation_target(audit_as, &d);
    u.access.require(st, Action::ListCases, &org_resource(st, d.org_id), &target).await?;
    Ok(d)
}

/// Whether the caller may handle every member (recusal and scope), without auditing: the
/// forms are only offered then.
async fn handles_all(st: &AppState, u: &User, trips: &[TripSummary]) -> Result<bool, WebError> {
    for m in trips {
        let Some(rec) = st.app.person(m.trip.person_id).await? else { return Ok(false) };
        if !u.access.allows(st, Action::HandleCase, &person_resource(st, &rec)) {
            return Ok(false);
        }
    }
    Ok(!trips.is_empty())
}

async fn show_page(
    st: &AppState,
    u: &User,
    d: &DelegationRow,
    failed: Option<(&'static str, String, Fields)>,
) -> PageResult {
    let a = &u.access;
    let hidden = a.hidden_persons();
    let trips = st.app.delegation_trips(d.id).await?;
    let can_handle = handles_all(st, u, &trips).await?;
    let stay = Stay::from_stored(&d.depart_on, &d.return_on);
    let days = stay.map_or(0, Stay::days);
    let proposed = stay
        .and_then(|s| s.proposed_party_life(trips.len()))
        .map_or("Không phải tổ chức sinh hoạt đảng riêng", |p| p.label());
    let members = trips
        .iter()
        .filter(|m| !hidden.contains(&m.trip.person_id))
        .map(|m| MemberView {
            person_id: m.trip.person_id.0,
            name: m.full_name.clone(),
            birth_year: m.birth_year,
            org: m.org_name.clone(),
            trip_id: m.trip.id.0,
            stage: m.trip.stage.label(),
        })
        .collect();
    a.record(st, &delegation_target("delegation.read", d), Outcome::Ok, "").await?;
    let (error_at, error, typed) = failed.unwrap_or_else(|| ("", String::new(), Fields::new()));
    let page = ShowPage {
        c: u.chrome(st, format!("Đoàn ra theo quyết định {}", d.decision_number), "/trips"),
        d: DelegationView::of(d, trips.len(), &hidden),
        purpose: d.purpose.clone(),
        funding: d.funding.clone(),
        days,
        members,
        proposed,
        report_text: d.report_text.clone().unwrap_or_default(),
        can_handle,
        can_return: can_handle && d.reentry_on.is_none(),
        can_report: can_handle && d.reentry_on.is_some() && d.report_on.is_none(),
        error_at,
        error,
        typed,
    };
    Ok(render(&page))
}

pub async fn show(State(st): State<AppState>, u: User, Path(id): Path<DelegationId>) -> PageResult {
    let d = load(&st, &u, id, "delegation.read").await?;
    show_page(&st, &u, &d, None).await
}

/// The delegation for a write on all of it: the caller must be able to handle every member.
async fn guard(st: &AppState, u: &User, id: DelegationId, audit_as: &str) -> Result<DelegationRow, WebError> {
    let d = load(st, u, id, audit_as).await?;
    let persons: Vec<_> = st.app.delegation_trips(id).await?.iter().map(|m| (m.trip.person_id, "members")).collect();
    check_persons(st, u, &persons, audit_as).await?;
    Ok(d)
}

/// Audits a write either way; back to the delegation, with the refusal at `form` when refused.
async fn finish(
    st: &AppState,
    u: &User,
    d: DelegationRow,
    form: &'static str,
    audit_as: &'static str,
    f: Fields,
    write: impl Future<Output = Result<DelegationRow, AppError>>,
) -> PageResult {
    let post =
        Post { st, access: &u.access, target: delegation_target(audit_as, &d), labels: &LABELS, echo: true, form };
    post.finish(
        f,
        form,
        write,
        |_| format!("/delegations/{}#{form}", d.id),
        async |r| show_page(st, u, &d, Some((form, r.message, r.typed))).await,
    )
    .await
}

pub async fn record_return(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<DelegationId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let d = guard(&st, &u, id, "delegation.return").await?;
    let a = actor(&u.access);
    let on = opt_date(&f, "reentry_on");
    let r = async {
        match on {
            Ok(on) => st.app.delegation_return(&a, &d, on).await,
            Err(e) => Err(e),
        }
    };
    finish(&st, &u, d.clone(), "return", "delegation.return", f.clone(), r).await
}

pub async fn report(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<DelegationId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let d = guard(&st, &u, id, "delegation.report").await?;
    let (a, report) = (actor(&u.access), get(&f, "report"));
    let r = st.app.delegation_report(&a, &d, &report);
    finish(&st, &u, d.clone(), "report", "delegation.report", f.clone(), r).await
}
