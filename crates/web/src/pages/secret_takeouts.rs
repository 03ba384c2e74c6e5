//! Taking a classified item out (DOMAIN §6), on the item's page: the keeper's request, the
//! head's decision (AuthorizeSecretUse), the hand-over and the return (KeepSecretRegisters).

use super::secret_item::{item_page, keeper_write, readable};
use crate::access::Target;
use crate::pages::fields::{Fields, get, opt_date};
use crate::pages::outcome::{Labels, Post};
use crate::pages::refusal::Refusal;
use crate::pages::{PageResult, User};
use crate::reads::cases::actor;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use bvctnb_app::Error as AppError;
use bvctnb_app::cases::dmy;
use bvctnb_app::secrets::{TakeoutDecision, TakeoutInput, TakeoutRow};
use bvctnb_authz::Action;
use bvctnb_core::ids::{SecretItemId, TakeoutId, TripId};
use bvctnb_core::secret::TakeoutStage;

const LABELS: Labels = Labels(&[
    ("purpose", "Mục đích"),
    ("destination", "Nơi mang đến"),
    ("trip", "Mã chuyến đi nước ngoài"),
    ("due_back", "Ngày trả lại"),
    ("approve", "Quyết định"),
    ("approver_name", "Họ tên người cho phép"),
    ("approver_title", "Chức vụ người cho phép"),
    ("note", "Ghi chú, lý do"),
]);

pub struct TakeoutLine {
    pub id: i64,
    pub what: String,
    pub due: String,
    pub stage: &'static str,
    pub decision: String,
    pub overdue: bool,
    pub version: i64,
    pub waiting: bool,
    pub approved: bool,
    pub out: bool,
    /// The refused form's key when it was this take-out's, else "".
    pub fd: &'static str,
}

pub fn takeout_line(t: &TakeoutRow, today: chrono::NaiveDate, rf: &Refusal) -> TakeoutLine {
    let abroad = match t.trip_id {
        Some(trip) => format!(" (ra nước ngoài, chuyến đi mã {trip})"),
        None => String::new(),
    };
    let decision = match (&t.approver_name, &t.approver_title) {
        (Some(n), Some(ti)) => format!(
            "{n}, {ti}{}",
            if t.decision_note.is_empty() { String::new() } else { format!(": {}", t.decision_note) }
        ),
        _ => String::new(),
    };
    let mine = rf.at("takeout-step") && rf.typed.get("takeout").is_some_and(|v| *v == t.id.to_string());
    TakeoutLine {
        id: t.id.0,
        what: format!("{}: {}{abroad} — {} ngày {}", t.destination, t.purpose, t.requested_by, dmy(&t.requested_on)),
        due: dmy(&t.due_back),
        stage: t.stage.label(),
        decision,
        overdue: t.stage == TakeoutStage::Out && t.due_back < today.to_string(),
        version: t.version,
        waiting: t.stage == TakeoutStage::Requested,
        approved: t.stage == TakeoutStage::Approved,
        out: t.stage == TakeoutStage::Out,
        fd: if mine { "takeout-step" } else { "" },
    }
}

pub async fn request(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<SecretItemId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let write = async {
        let abroad = f.contains_key("abroad");
        let trip = match get(&f, "trip").as_str() {
            "" => None,
            v => Some(v.parse::<TripId>().map_err(|_| AppError::invalid("trip", "ghi mã số của chuyến đi"))?),
        };
        let i = TakeoutInput {
            purpose: get(&f, "purpose"),
            destination: get(&f, "destination"),
            abroad,
            trip,
            due_back: opt_date(&f, "due_back")?,
        };
        st.app.request_secret_takeout(&actor(&u.access), id, i).await
    };
    let detail = format!("{}, hạn {}", get(&f, "destination"), get(&f, "due_back"));
    keeper_write(&st, &u, id, ("secret.takeout.request", "takeout"), f.clone(), detail, write).await
}

/// `decide` (the head), `out` and `back` (the keeper).
pub async fn step(
    State(st): State<AppState>,
    u: User,
    Path((id, step)): Path<(TakeoutId, String)>,
    Form(f): Form<Fields>,
) -> PageResult {
    let t = st.app.secret_takeout(id).await?;
    let version = || get(&f, "version").parse::<i64>().map_err(|_| AppError::invalid("approve", "không rõ phiên bản"));
    let who = actor(&u.access);
    let item = t.item_id;
    match step.as_str() {
        "decide" => {
            let (_, r) = readable(&st, &u, item, "secret.takeout.decide").await?;
            let target = Target::plain("secret.takeout.decide", "secret_takeout", id.to_string());
            u.access.require(&st, Action::AuthorizeSecretUse, &r, &target).await?;
            let write = async {
                let approve = match get(&f, "approve").as_str() {
                    "" => None,
                    "yes" => Some(true),
                    "no" => Some(false),
                    _ => return Err(AppError::invalid("approve", "chọn cho phép hay không cho phép")),
                };
                let d = TakeoutDecision {
                    approve,
                    approver_name: get(&f, "approver_name"),
                    approver_title: get(&f, "approver_title"),
                    note: get(&f, "note"),
                };
                st.app.decide_secret_takeout(&who, id, version()?, d).await
            };
            let detail = get(&f, "approve");
            let post = Post { st: &st, access: &u.access, target, labels: &LABELS, echo: true, form: "takeout-step" };
            post.finish(
                f.clone(),
                &detail,
                write,
                |_| format!("/secrets/items/{item}"),
                async |r| item_page(&st, &u, item, r).await,
            )
            .await
        }
        "out" => {
            let write = async { st.app.hand_out_secret(&who, id, version()?).await };
            keeper_write(&st, &u, item, ("secret.takeout.out", "takeout-step"), f.clone(), format!("mã {id}"), write)
                .await
        }
        "back" => {
            let write = async { st.app.return_secret(&who, id, version()?, &get(&f, "note")).await };
            keeper_write(&st, &u, item, ("secret.takeout.back", "takeout-step"), f.clone(), format!("mã {id}"), write)
                .await
        }
        _ => Err(crate::error::WebError::not_found("bước").into()),
    }
}
