//! The custody register of official and diplomatic passports (DOMAIN §5.4): where each one of
//! the scope is, which are overdue, and the forms to register, hand out and take back. The
//! holder is the person concerned: every write needs HandleCase on them, so an officer never
//! keeps the register of their own or their relatives' passports.

use crate::access::{Target, org_resource, person_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::pages::cases::view::actor;
use crate::pages::fields::{Fields, get, opt_date, opt_person};
use crate::pages::outcome::{Labels, Post};
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use bvctnb_app::Error as AppError;
use bvctnb_app::PersonRecord;
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::dmy;
use bvctnb_app::travel::PassportInput;
use bvctnb_app::travel::{PassportRow, TripFilter};
use bvctnb_authz::Action;
use bvctnb_core::due::parse_stored;
use bvctnb_core::ids::{PassportId, PersonId, TripId};
use bvctnb_core::travel::{PassportKind, TripKind, TripStage, loan_overdue, passport_expired};
use std::collections::HashMap;

/// The labels of the travel registers' fields (passports and delegations).
pub(super) const LABELS: Labels = Labels(&[
    ("person", "Mã hồ sơ người được cấp"),
    ("kind", "Loại hộ chiếu"),
    ("number", "Số hộ chiếu"),
    ("issued_on", "Ngày cấp"),
    ("expires_on", "Ngày hết hạn"),
    ("trip", "Chuyến đi"),
    ("returned_on", "Ngày nộp lại"),
    ("decision_number", "Số quyết định"),
    ("decided_on", "Ngày quyết định"),
    ("decided_by", "Cơ quan quyết định"),
    ("leader", "Mã hồ sơ trưởng đoàn"),
    ("members", "Mã hồ sơ các thành viên"),
    ("countries", "Nước đến"),
    ("depart_on", "Ngày đi"),
    ("return_on", "Ngày về"),
    ("purpose", "Mục đích"),
    ("funding", "Nguồn kinh phí"),
    ("arrangement", "Hình thức sinh hoạt đảng"),
    ("reentry_on", "Ngày nhập cảnh"),
    ("report", "Báo cáo của trưởng đoàn"),
]);

pub struct PassportView {
    pub id: i64,
    pub holder_id: i64,
    pub holder: String,
    pub kind: &'static str,
    pub number: String,
    pub issued: String,
    pub expires: String,
    pub expired: bool,
    pub out: bool,
    /// Where it is: in custody, or handed out for which trip and due back when.
    pub whereabouts: String,
    pub overdue: bool,
    /// The holder's approved trips it could be handed out for: (id, description).
    pub trips: Vec<(i64, String)>,
    /// The refusal of this row's form (hand out or take back: only one is shown at a time).
    pub error: String,
    pub typed_returned_on: String,
}

#[derive(Template)]
#[template(path = "travel/passports.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<PassportView>,
    overdue: Vec<PassportView>,
    kinds: Vec<(&'static str, &'static str)>,
    today: String,
    /// The refusal of the register form and what was typed in it.
    error: String,
    typed: Fields,
}

impl ListPage {
    fn t(&self, k: &str) -> &str {
        self.typed.get(k).map_or("", |v| v.as_str())
    }
}

/// A refused form to show again: which one, on which passport, why, with what was typed.
struct Failed {
    form: &'static str,
    passport: Option<PassportId>,
    message: String,
    typed: Fields,
}

fn trip_text(kind: TripKind, countries: &str, depart: &str, back: &str) -> String {
    let private = if kind == TripKind::Private { " (việc riêng)" } else { "" };
    format!("{countries}, {} – {}{private}", dmy(depart), dmy(back))
}

/// The register of the caller's scope, with a refused form shown again when there is one.
async fn page(st: &AppState, u: &User, failed: Option<Failed>) -> PageResult {
    let a = &u.access;
    let scope = a.scope().ok_or_else(WebError::forbidden)?;
    let target = Target::org("passport.list", scope);
    a.require(st, Action::ListCases, &org_resource(st, scope), &target).await?;
    let store = &st.app;
    let today = st.today();
    let hidden = a.hidden_persons();
    // One query for the trips passports may go out for, rather than one per holder.
    let filter = TripFilter { stages: vec![TripStage::Approved], exclude: hidden.clone(), ..Default::default() };
    let mut trips: HashMap<PersonId, Vec<(i64, String)>> = HashMap::new();
    for s in store.trips_in_scope(scope, &filter, 2000).await? {
        let t = &s.trip;
        trips
            .entry(t.person_id)
            .or_default()
            .push((t.id.0, trip_text(t.kind, &t.countries, &t.depart_on, &t.return_on)));
    }
    let view = |p: PassportRow, trip_of_loan: String| {
        let overdue = p.out.as_ref().is_some_and(|l| {
            loan_overdue(
                l.due_on.as_deref().and_then(parse_stored),
                l.returned_on.as_deref().and_then(parse_stored),
                today,
            )
        });
        let whereabouts = match &p.out {
            None => "Đang lưu giữ".to_string(),
            Some(l) => {
                let due = l.due_on.as_deref().map_or("chưa có (tính từ ngày nhập cảnh)".to_string(), dmy);
                format!("Đã giao ngày {} cho chuyến đi {trip_of_loan}, hạn nộp lại {due}", dmy(&l.handed_on))
            }
        };
        let (error, typed_returned_on) = match &failed {
            Some(f) if f.passport == Some(p.id) => (f.message.clone(), get(&f.typed, "returned_on")),
            _ => (String::new(), String::new()),
        };
        PassportView {
            id: p.id.0,
            holder_id: p.person_id.0,
            holder: p.full_name,
            kind: p.kind.label(),
            number: p.number,
            issued: dmy(&p.issued_on),
            expires: dmy(&p.expires_on),
            expired: parse_stored(&p.expires_on).is_some_and(|d| passport_expired(d, today)),
            out: p.out.is_some(),
            whereabouts,
            overdue,
            trips: trips.get(&p.person_id).cloned().unwrap_or_default(),
            error,
            typed_returned_on,
        }
    };
    let mut rows = Vec::new();
    for p in store.passports_in_scope(scope, false, &hidden, 500).await? {
        let trip = loan_trip(st, &p).await?;
        rows.push(view(p, trip));
    }
    let mut overdue = Vec::new();
    for p in store.passports_in_scope(scope, true, &hidden, 200).await? {
        let trip = loan_trip(st, &p).await?;
        overdue.push(view(p, trip));
    }
    a.record(st, &target, Outcome::Ok, "").await?;
    let (error, typed) = match failed {
        Some(f) if f.form == "register" => (f.message, f.typed),
        _ => (String::new(), Fields::new()),
    };
    let page = ListPage {
        c: u.chrome(st, "Sổ quản lý hộ chiếu công vụ, ngoại giao", "/trips"),
        rows,
        overdue,
        kinds: PassportKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        today: today.format("%d/%m/%Y").to_string(),
        error,
        typed,
    };
    Ok(render(&page))
}

/// The trip a passport out of custody went with, described for the register.
async fn loan_trip(st: &AppState, p: &PassportRow) -> Result<String, WebError> {
    let Some(l) = &p.out else { return Ok(String::new()) };
    Ok(match st.app.trip(l.trip_id).await? {
        Some(t) => trip_text(t.kind, &t.countries, &t.depart_on, &t.return_on),
        None => format!("số {}", l.trip_id),
    })
}

pub async fn list(State(st): State<AppState>, u: User) -> PageResult {
    page(&st, &u, None).await
}

/// The holder, with HandleCase required on them (the refusal is audited as `audit_as`).
async fn holder(st: &AppState, u: &User, id: PersonId, audit_as: &str) -> Result<PersonRecord, WebError> {
    let rec = st.app.person(id).await?.ok_or_else(|| WebError::not_found("hồ sơ người được cấp hộ chiếu"))?;
    u.access.require(st, Action::HandleCase, &person_resource(st, &rec), &Target::person(audit_as, id)).await?;
    Ok(rec)
}

/// Audits a write either way; on success back to the register at the passport `r` carries, on
/// refusal the register with the reason at the form.
async fn done(
    st: &AppState,
    u: &User,
    target: Target<'_>,
    form: &'static str,
    passport: Option<PassportId>,
    typed: Fields,
    write: impl Future<Output = Result<PassportId, AppError>>,
) -> PageResult {
    let post = Post { st, access: &u.access, target, labels: &LABELS, echo: true, form };
    let detail = match passport {
        Some(id) => format!("{form}: hộ chiếu {id}"),
        None => format!("{form}: hộ chiếu số {}", get(&typed, "number")),
    };
    post.finish(
        typed,
        &detail,
        write,
        |id| format!("/passports#p-{id}"),
        async |r| page(st, u, Some(Failed { form, passport, message: r.message, typed: r.typed })).await,
    )
    .await
}

pub async fn create(State(st): State<AppState>, u: User, Form(f): Form<Fields>) -> PageResult {
    let scope = u.access.scope().ok_or_else(WebError::forbidden)?;
    let person = opt_person(&f, "person");
    let target = match &person {
        Ok(Some(p)) => Target::person("passport.register", *p),
        _ => Target::org("passport.register", scope),
    };
    // An unknown id is left to the app, which names the field on the form.
    if let Ok(Some(p)) = person
        && let Some(rec) = st.app.person(p).await?
    {
        u.access.require(&st, Action::HandleCase, &person_resource(&st, &rec), &target).await?;
    }
    let r = async {
        let kind = match get(&f, "kind") {
            k if k.is_empty() => None,
            k => Some(PassportKind::from_code(&k).ok_or_else(|| AppError::invalid("kind", "chọn loại hộ chiếu"))?),
        };
        let input = PassportInput {
            person: person?,
            kind,
            number: get(&f, "number"),
            issued_on: opt_date(&f, "issued_on")?,
            expires_on: opt_date(&f, "expires_on")?,
        };
        st.app.register_passport(&actor(&u.access), input).await
    };
    done(&st, &u, target, "register", None, f.clone(), r).await
}

pub async fn hand_out(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<PassportId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let p = st.app.passport(id).await?.ok_or_else(|| WebError::not_found("hộ chiếu"))?;
    holder(&st, &u, p.person_id, "passport.hand_out").await?;
    let r = async {
        let trip = get(&f, "trip")
            .parse::<TripId>()
            .map_err(|_| AppError::invalid("trip", "chọn chuyến đi đã được đồng ý"))?;
        st.app.hand_out_passport(&actor(&u.access), id, trip).await.map(|_| id)
    };
    let target = Target::person("passport.hand_out", p.person_id);
    done(&st, &u, target, "hand-out", Some(id), f.clone(), r).await
}

pub async fn take_back(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<PassportId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let p = st.app.passport(id).await?.ok_or_else(|| WebError::not_found("hộ chiếu"))?;
    holder(&st, &u, p.person_id, "passport.take_back").await?;
    let r = async {
        let on = opt_date(&f, "returned_on")?;
        st.app.take_back_passport(&actor(&u.access), id, on).await.map(|_| id)
    };
    let target = Target::person("passport.take_back", p.person_id);
    done(&st, &u, target, "take-back", Some(id), f.clone(), r).await
}
