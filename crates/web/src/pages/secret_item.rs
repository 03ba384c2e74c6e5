//! One classified item (ReadSecretItem): its marks and period, its copies and extracts with the
//! forms to ask for one (the keeper), to approve or refuse it (an authority of the table, under
//! AuthorizeSecretUse) and to make the copies (the keeper), and the holds that keep it from
//! destruction. Every read, refusal and write is audited.

use super::secrets::{choice, opt_number};
use crate::access::{Target, org_resource};
use crate::error::WebError;
use crate::pages::fields::{Fields, get};
use crate::pages::outcome::{Labels, Post};
use crate::pages::refusal::Refusal;
use crate::pages::{PageResult, User, render};
use crate::reads::cases::actor;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use bvctnb_app::Error as AppError;
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::dmy;
use bvctnb_app::secrets::{Approver, CopyInput, CopyRow, DecisionInput, HoldRow, MakeInput, SecretItemRow};
use bvctnb_authz::{Action, Resource};
use bvctnb_core::ids::{CaseId, CopyRequestId, SecretHoldId, SecretItemId};
use bvctnb_core::secret::{CopyForm, CopyStatus};
use chrono::NaiveDate;

const LABELS: Labels = Labels(&[
    ("form", "Hình thức sao, chụp"),
    ("count", "Số bản"),
    ("purpose", "Mục đích"),
    ("counterpart", "Nơi nhận bản sao"),
    ("approve", "Quyết định"),
    ("authority", "Chức danh cho phép"),
    ("approver_name", "Họ tên người cho phép"),
    ("note", "Ghi chú, lý do"),
    ("reason", "Lý do giữ lại"),
    ("case", "Mã hồ sơ thẩm tra"),
]);

pub struct CopyLine {
    pub id: i64,
    pub form: &'static str,
    pub requested: i64,
    pub purpose: String,
    pub counterpart: String,
    pub requested_on: String,
    pub stage: &'static str,
    pub decision: String,
    pub made: String,
    /// Copies were made: their marks can be printed.
    pub marked: bool,
    pub version: i64,
    pub waiting: bool,
    pub approved: bool,
    /// The form key the refusal is shown in: "decide"/"make" for the refused request, else "".
    pub fd: &'static str,
    pub fm: &'static str,
}

pub struct HoldLine {
    pub id: i64,
    pub what: String,
    pub placed: String,
    pub active: bool,
    pub released: String,
    pub by_case: bool,
}

#[derive(Template)]
#[template(path = "secrets/item.html")]
struct ItemPage {
    c: crate::chrome::Chrome,
    i: SecretItemRow,
    mark: String,
    origin: &'static str,
    doc_date: String,
    period_end: String,
    shorter: bool,
    envelope: String,
    envelopes: u32,
    summary: String,
    destroyed: String,
    /// "Giải mật từ ngày …: …", empty while the item is secret.
    declassified: String,
    /// Re-graded and the bodies concerned not yet told: by when.
    notify_due: String,
    history: Vec<(String, String, String)>,
    levels: Vec<(&'static str, &'static str)>,
    copies: Vec<CopyLine>,
    holds: Vec<HoldLine>,
    takeouts: Vec<super::secret_takeouts::TakeoutLine>,
    forms: Vec<(&'static str, &'static str)>,
    approvers: Vec<(String, String)>,
    keep: bool,
    approve: bool,
    rf: Refusal,
}

fn copy_line(c: &CopyRow, rf: &Refusal) -> CopyLine {
    let decision = match (&c.approver_name, &c.approver_title, c.approved_count) {
        (Some(n), Some(t), Some(k)) => {
            format!("{n}, {t}: cho phép {k} bản ngày {}", c.decided_on.as_deref().map(dmy).unwrap_or_default())
        }
        (Some(n), Some(t), None) => format!("{n}, {t}: không cho phép — {}", c.decision_note),
        _ => String::new(),
    };
    let mine = |form: &'static str| {
        if rf.at(form) && rf.typed.get("copy").is_some_and(|v| *v == c.id.to_string()) { form } else { "" }
    };
    CopyLine {
        id: c.id.0,
        form: c.form.label(),
        requested: c.requested_count,
        purpose: c.purpose.clone(),
        counterpart: c.counterpart.clone(),
        requested_on: format!("{} ngày {}", c.requested_by, dmy(&c.requested_on)),
        stage: c.stage.label(),
        decision,
        made: match c.approved_count {
            Some(k) => format!("{}/{k}", c.made_count),
            None => String::new(),
        },
        marked: c.made_count > 0,
        version: c.version,
        waiting: c.stage == CopyStatus::Requested,
        approved: c.stage == CopyStatus::Approved,
        fd: mine("decide"),
        fm: mine("make"),
    }
}

fn hold_line(h: &HoldRow) -> HoldLine {
    let what = match h.case_id {
        Some(c) => format!("Hồ sơ thẩm tra mã {c}: {}", h.reason),
        None => h.reason.clone(),
    };
    HoldLine {
        id: h.id.0,
        what,
        placed: format!("{} ngày {}", h.placed_by, dmy(&h.placed_on)),
        active: h.active,
        released: match (&h.released_by, &h.released_on) {
            (Some(b), Some(on)) => format!("chấm dứt: {b} ngày {}", dmy(on)),
            _ if !h.active => "hồ sơ đã kết thúc".into(),
            _ => String::new(),
        },
        by_case: h.case_id.is_some(),
    }
}

/// The item, after ReadSecretItem on it (the refusal is audited).
pub(super) async fn readable(
    st: &AppState,
    u: &User,
    id: SecretItemId,
    action: &'static str,
) -> Result<(SecretItemRow, Resource), WebError> {
    let i = st.app.secret_item(id).await?;
    let target = Target::plain(action, "secret_item", id.to_string());
    let r = Resource::SecretItem { id, org_chain: st.app.tree().ancestors(i.org_id), level: i.level.clearance() };
    u.access.require(st, Action::ReadSecretItem, &r, &target).await?;
    Ok((i, r))
}

pub(super) async fn item_page(st: &AppState, u: &User, id: SecretItemId, rf: Refusal) -> PageResult {
    let (i, r) = readable(st, u, id, "secret.item.read").await?;
    let target = Target::plain("secret.item.read", "secret_item", id.to_string());
    let keep = u.access.allows(st, Action::KeepSecretRegisters, &org_resource(st, i.org_id));
    let approve = u.access.allows(st, Action::AuthorizeSecretUse, &r);
    let copies = st.app.secret_copies_of(id).await?;
    let holds = st.app.secret_holds(id).await?;
    let takeouts = st.app.secret_takeouts_of(id).await?;
    let history = st.app.secret_item_history(id).await?;
    let approvers: Vec<Approver> = if approve { st.app.copy_approvers(id).await? } else { Vec::new() };
    u.access.record(st, &target, Outcome::Ok, "").await?;
    let rules = st.app.secret_rules();
    let dated = i.doc_date.parse::<NaiveDate>().unwrap_or(st.today());
    let level = rules.level(i.level, dated);
    let page = ItemPage {
        c: u.chrome(st, format!("{} {}", i.doc_type, i.number_symbol), "/secrets"),
        mark: i.level.mark(),
        origin: i.origin.label(),
        doc_date: dmy(&i.doc_date),
        period_end: dmy(&i.period_end),
        shorter: i.period_years < level.period_years as i64,
        envelope: level.envelope.clone(),
        envelopes: level.envelopes,
        summary: i.summary.clone().unwrap_or_else(|| "(không ghi trích yếu)".into()),
        destroyed: i.destroyed_on.as_deref().map(dmy).unwrap_or_default(),
        declassified: bvctnb_app::secrets::declassification(&i, st.today())
            .map(|(on, why)| format!("Giải mật từ ngày {}: {why}", on.format("%d/%m/%Y")))
            .unwrap_or_default(),
        notify_due: match (&i.notify_due, &i.notified_on) {
            (Some(d), None) => dmy(d),
            _ => String::new(),
        },
        history: history.into_iter().map(|e| (dmy(&e.on_date), e.actor, e.detail)).collect(),
        levels: bvctnb_core::secret::SecretLevel::ALL.iter().map(|l| (l.code(), l.label())).collect(),
        copies: copies.iter().map(|c| copy_line(c, &rf)).collect(),
        holds: holds.iter().map(hold_line).collect(),
        takeouts: takeouts.iter().map(|t| super::secret_takeouts::takeout_line(t, st.today(), &rf)).collect(),
        forms: CopyForm::ALL.iter().map(|f| (f.code(), f.label())).collect(),
        approvers: approvers.iter().map(|a| (a.key(), format!("{} — {}", a.title, a.org_name))).collect(),
        keep: keep && i.destroyed_on.is_none(),
        approve,
        i,
        rf,
    };
    Ok(render(&page))
}

pub async fn item(State(st): State<AppState>, u: User, Path(id): Path<SecretItemId>) -> PageResult {
    item_page(&st, &u, id, Refusal::default()).await
}

/// A keeper's write on the item: ReadSecretItem and KeepSecretRegisters, then back to the item.
pub(super) async fn keeper_write<T>(
    st: &AppState,
    u: &User,
    id: SecretItemId,
    (action, form): (&'static str, &'static str),
    f: Fields,
    detail: String,
    write: impl Future<Output = Result<T, AppError>>,
) -> PageResult {
    let (i, _) = readable(st, u, id, action).await?;
    let target = Target::plain(action, "secret_item", id.to_string());
    u.access.require(st, Action::KeepSecretRegisters, &org_resource(st, i.org_id), &target).await?;
    let post = Post { st, access: &u.access, target, labels: &LABELS, echo: true, form };
    post.finish(f, &detail, write, |_| format!("/secrets/items/{id}"), async |r| item_page(st, u, id, r).await).await
}

pub async fn request_copy(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<SecretItemId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let write = async {
        let i = CopyInput {
            form: choice(&f, "form", CopyForm::from_code, "hình thức sao, chụp")?,
            count: opt_number(&f, "count")?,
            purpose: get(&f, "purpose"),
            counterpart: get(&f, "counterpart"),
        };
        st.app.request_secret_copy(&actor(&u.access), id, i).await
    };
    let detail = format!("{} {} bản", get(&f, "form"), get(&f, "count"));
    keeper_write(&st, &u, id, ("secret.copy.request", "copy"), f.clone(), detail, write).await
}

pub(super) fn copy_ref(f: &Fields) -> Result<(CopyRequestId, i64), AppError> {
    let id = get(f, "copy").parse().map_err(|_| AppError::invalid("copy", "không rõ đề nghị sao, chụp"))?;
    let version = get(f, "version").parse().map_err(|_| AppError::invalid("copy", "không rõ phiên bản của đề nghị"))?;
    Ok((id, version))
}

/// The request named by the form, with the item it copies.
async fn copy_of(st: &AppState, id: CopyRequestId) -> Result<CopyRow, WebError> {
    Ok(st.app.secret_copy(id).await?)
}

pub async fn decide_copy(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<CopyRequestId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let req = copy_of(&st, id).await?;
    let (_, r) = readable(&st, &u, req.item_id, "secret.copy.decide").await?;
    let target = Target::plain("secret.copy.decide", "secret_copy", id.to_string());
    u.access.require(&st, Action::AuthorizeSecretUse, &r, &target).await?;
    let write = async {
        let version = copy_ref(&f)?.1;
        let approve = match get(&f, "approve").as_str() {
            "" => None,
            "yes" => Some(true),
            "no" => Some(false),
            _ => return Err(AppError::invalid("approve", "chọn cho phép hay không cho phép")),
        };
        let i = DecisionInput {
            approve,
            count: opt_number(&f, "count")?,
            authority: get(&f, "authority"),
            approver_name: get(&f, "approver_name"),
            note: get(&f, "note"),
        };
        st.app.decide_secret_copy(&actor(&u.access), id, version, i).await
    };
    let detail = format!("{} {} bản", get(&f, "approve"), get(&f, "count"));
    let post = Post { st: &st, access: &u.access, target, labels: &LABELS, echo: true, form: "decide" };
    let item = req.item_id;
    post.finish(
        f.clone(),
        &detail,
        write,
        |_| format!("/secrets/items/{item}"),
        async |r| item_page(&st, &u, item, r).await,
    )
    .await
}

pub async fn make_copies(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<CopyRequestId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let req = copy_of(&st, id).await?;
    let write = async {
        let version = copy_ref(&f)?.1;
        let i =
            MakeInput { count: opt_number(&f, "count")?, counterpart: get(&f, "counterpart"), note: get(&f, "note") };
        st.app.make_secret_copies(&actor(&u.access), id, version, i).await
    };
    let detail = format!("đề nghị {id}: {} bản", get(&f, "count"));
    keeper_write(&st, &u, req.item_id, ("secret.copy.make", "make"), f.clone(), detail, write).await
}

pub async fn place_hold(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<SecretItemId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let write = async {
        let case = match get(&f, "case").trim() {
            "" => None,
            v => Some(v.parse::<CaseId>().map_err(|_| AppError::invalid("case", "ghi mã số của hồ sơ thẩm tra"))?),
        };
        st.app.place_secret_hold(&actor(&u.access), id, case, &get(&f, "reason")).await
    };
    let detail = get(&f, "reason");
    keeper_write(&st, &u, id, ("secret.hold.place", "hold"), f.clone(), detail, write).await
}

pub async fn release_hold(
    State(st): State<AppState>,
    u: User,
    Path((id, hold)): Path<(SecretItemId, SecretHoldId)>,
    Form(f): Form<Fields>,
) -> PageResult {
    let who = actor(&u.access);
    let write = st.app.release_secret_hold(&who, id, hold);
    keeper_write(&st, &u, id, ("secret.hold.release", "release"), f, format!("giữ lại mã {hold}"), write).await
}

/// The copy marks of a request (one sheet per copy made), for the keeper who makes the copies;
/// audited as a print.
pub async fn copy_marks(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<CopyRequestId>,
) -> Result<axum::response::Response, WebError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let req = copy_of(&st, id).await?;
    let (i, _) = readable(&st, &u, req.item_id, "secret.copy.marks").await?;
    let target = Target::plain("secret.copy.marks", "secret_copy", id.to_string());
    u.access.require(&st, Action::KeepSecretRegisters, &org_resource(&st, i.org_id), &target).await?;
    let pdf = st.app.secret_copy_marks(id).await?;
    u.access.record(&st, &target, Outcome::Ok, &format!("{} bản", req.made_count)).await?;
    let disposition = format!("attachment; filename=\"dau-sao-{id}.pdf\"");
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, disposition)], pdf)
        .into_response())
}
