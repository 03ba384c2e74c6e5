//! Destruction of classified items (DOMAIN §6): an organisation's destructions and the form to
//! propose one from the items it holds (council path) or to record an urgent one, and one
//! destruction with its papers and the form of its next step. Listing needs ListSecretRegisters
//! on the organisation, writing KeepSecretRegisters; items above the reader's clearance show
//! only their level. Every read, refusal and write is audited.

use crate::access::{Target, org_resource};
use crate::error::WebError;
use crate::pages::fields::{Fields, get, opt_date};
use crate::pages::outcome::{Labels, Post};
use crate::pages::refusal::Refusal;
use crate::pages::{PageResult, User, render};
use crate::reads::cases::actor;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use bvctnb_app::Error as AppError;
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::dmy;
use bvctnb_app::secrets::{DestructionInput, DestructionRow, StepInput};
use bvctnb_authz::Action;
use bvctnb_core::ids::{DestructionId, OrgId, SecretItemId};
use bvctnb_core::secret::{DestructionStage, WITHHELD};
use serde::Deserialize;

const LABELS: Labels = Labels(&[
    ("items", "Tài liệu tiêu huỷ"),
    ("reason", "Lý do tiêu huỷ"),
    ("council_decision", "Quyết định thành lập hội đồng"),
    ("council_members", "Thành viên hội đồng"),
    ("destroyed_on", "Ngày tiêu huỷ"),
    ("method", "Cách tiêu huỷ"),
    ("record", "Biên bản tiêu huỷ"),
    ("on", "Ngày"),
    ("text", "Nội dung"),
    ("number", "Số quyết định"),
    ("signer", "Người ký quyết định"),
]);

#[derive(Deserialize, Default)]
pub struct At {
    org: Option<OrgId>,
}

pub struct Line {
    pub id: i64,
    pub path: &'static str,
    pub stage: &'static str,
    pub items: usize,
    pub proposed: String,
    pub destroyed: String,
    /// An urgent destruction whose report to the head is still owed.
    pub report_owed: bool,
}

pub struct Choice {
    pub id: i64,
    pub text: String,
    pub level: &'static str,
}

#[derive(Template)]
#[template(path = "secrets/destructions.html")]
struct ListPage {
    c: crate::chrome::Chrome,
    org_id: i64,
    org_name: String,
    lines: Vec<Line>,
    held: Vec<Choice>,
    keep: bool,
    rf: Refusal,
}

fn line(d: &DestructionRow) -> Line {
    Line {
        id: d.id.0,
        path: if d.urgent { "Khẩn cấp" } else { "Hội đồng" },
        stage: d.stage.label(),
        items: d.items.len(),
        proposed: format!("{} ngày {}", d.proposed_by, dmy(&d.proposed_on)),
        destroyed: d.destroyed_on.as_deref().map(dmy).unwrap_or_default(),
        report_owed: d.urgent && d.stage == DestructionStage::Destroyed,
    }
}

/// An item as a list line shows it to a reader cleared to `clearance`: its level always, the
/// rest only at or above its level.
pub(super) fn choice(i: &bvctnb_app::secrets::SecretItemRow, clearance: bvctnb_core::access::Clearance) -> Choice {
    let text = match i.level.readable_with(clearance) {
        true => format!("{} số {}, ngày {} — {}", i.doc_type, i.number_symbol, dmy(&i.doc_date), i.issuer),
        false => WITHHELD.to_string(),
    };
    Choice { id: i.id.0, text, level: i.level.label() }
}

/// The items `ids` as lines for the reader, and the highest level among them (for the banner).
pub(super) async fn item_choices(
    st: &AppState,
    u: &User,
    ids: &[SecretItemId],
) -> Result<(Vec<Choice>, Option<bvctnb_core::secret::SecretLevel>), WebError> {
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        items.push(st.app.secret_item(*id).await?);
    }
    let highest = items.iter().map(|i| i.level).max();
    Ok((items.iter().map(|i| choice(i, u.access.principal.clearance)).collect(), highest))
}

/// The items `org` holds, for a form to choose from: what the reader may see of each.
pub(super) async fn held_choices(st: &AppState, u: &User, org: OrgId) -> Result<Vec<Choice>, WebError> {
    let held = st.app.held_secret_items(org).await?;
    Ok(held.iter().map(|i| choice(i, u.access.principal.clearance)).collect())
}

pub(super) async fn listed(st: &AppState, u: &User, org: OrgId, action: &'static str) -> Result<bool, WebError> {
    let (r, target) = (org_resource(st, org), Target::org(action, org));
    let d = u.access.require_and(st, Action::ListSecretRegisters, &r, &target, &[Action::KeepSecretRegisters]).await?;
    Ok(d[0])
}

async fn list_page(st: &AppState, u: &User, org: Option<OrgId>, rf: Refusal) -> PageResult {
    let org = org.or(u.access.scope()).ok_or_else(WebError::forbidden)?;
    let keep = listed(st, u, org, "secret.destructions").await?;
    let all = st.app.secret_destructions(org).await?;
    let held = if keep { held_choices(st, u, org).await? } else { Vec::new() };
    u.access.record(st, &Target::org("secret.destructions", org), Outcome::Ok, "").await?;
    let page = ListPage {
        c: u.chrome(st, "Tiêu huỷ tài liệu mật", "/secrets"),
        org_id: org.0,
        org_name: st.app.tree().get(org).map(|n| n.name.clone()).unwrap_or_default(),
        lines: all.iter().map(line).collect(),
        held,
        keep,
        rf,
    };
    Ok(render(&page))
}

pub async fn list(State(st): State<AppState>, u: User, Query(at): Query<At>) -> PageResult {
    list_page(&st, &u, at.org, Refusal::default()).await
}

pub async fn propose(State(st): State<AppState>, u: User, Form(f): Form<Fields>) -> PageResult {
    let org = get(&f, "org").parse::<OrgId>().ok().or(u.access.scope()).ok_or_else(WebError::forbidden)?;
    let target = Target::new_record("secret.destruction.propose", "secret_destruction", None);
    u.access
        .require(&st, Action::KeepSecretRegisters, &org_resource(&st, org), &Target::org(target.action, org))
        .await?;
    let items: Vec<SecretItemId> =
        f.keys().filter_map(|k| k.strip_prefix("item_")).filter_map(|v| v.parse().ok()).collect();
    let write = async {
        let i = DestructionInput {
            urgent: get(&f, "urgent") == "yes",
            items: items.clone(),
            reason: get(&f, "reason"),
            council_decision: get(&f, "council_decision"),
            council_members: get(&f, "council_members"),
            destroyed_on: opt_date(&f, "destroyed_on")?,
            method: get(&f, "method"),
            record: get(&f, "record"),
        };
        st.app.propose_destruction(&actor(&u.access), org, i).await
    };
    let detail = format!("{} tài liệu: {}", items.len(), get(&f, "reason"));
    let post = Post { st: &st, access: &u.access, target, labels: &LABELS, echo: true, form: "propose" };
    post.finish(
        f.clone(),
        &detail,
        write,
        |id| format!("/secrets/destructions/{id}"),
        async |r| list_page(&st, &u, Some(org), r).await,
    )
    .await
}

#[derive(Template)]
#[template(path = "secrets/destruction.html")]
struct OnePage {
    c: crate::chrome::Chrome,
    d: DestructionRow,
    path: &'static str,
    stage: &'static str,
    items: Vec<Choice>,
    history: Vec<(String, String, String)>,
    /// The next step's name and which fields it asks for; empty when the path is over.
    next: String,
    next_asks: &'static str,
    dates: Vec<(&'static str, String)>,
    banner: String,
    keep: bool,
    rf: Refusal,
}

async fn one_page(st: &AppState, u: &User, id: DestructionId, rf: Refusal) -> PageResult {
    let d = st.app.secret_destruction(id).await?;
    let keep = listed(st, u, d.org_id, "secret.destruction.read").await?;
    let (items, highest) = item_choices(st, u, &d.items).await?;
    let history = st
        .app
        .secret_destruction_history(id)
        .await?
        .into_iter()
        .map(|e| (dmy(&e.on_date), e.actor, e.detail))
        .collect();
    let target = Target::plain("secret.destruction.read", "secret_destruction", id.to_string());
    u.access.record(st, &target, Outcome::Ok, "").await?;
    let next = d.stage.next(d.urgent);
    let next_asks = match next {
        Some(DestructionStage::Minuted) => "minutes",
        Some(DestructionStage::Decided) => "decision",
        Some(DestructionStage::Destroyed) => "destroy",
        Some(DestructionStage::Reported) => "report",
        _ => "",
    };
    let dates = [
        ("Ngày lập danh sách", Some(&d.proposed_on)),
        ("Ngày họp hội đồng", d.minutes_on.as_ref()),
        ("Ngày quyết định tiêu huỷ", d.decision_on.as_ref()),
        ("Ngày tiêu huỷ", d.destroyed_on.as_ref()),
        ("Ngày báo cáo người đứng đầu", d.report_on.as_ref()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, dmy(v))))
    .collect();
    let page = OnePage {
        c: u.chrome(st, format!("Hồ sơ tiêu huỷ mã {id}"), "/secrets"),
        path: if d.urgent {
            "Tiêu huỷ khẩn cấp (người đang giữ quyết định, báo cáo người đứng đầu)"
        } else {
            "Tiêu huỷ theo quyết định, qua hội đồng"
        },
        stage: d.stage.label(),
        items,
        history,
        next: next.map(|s| s.label().to_string()).unwrap_or_default(),
        next_asks,
        dates,
        banner: highest.map(|l| l.mark()).unwrap_or_default(),
        keep,
        d,
        rf,
    };
    Ok(render(&page))
}

pub async fn one(State(st): State<AppState>, u: User, Path(id): Path<DestructionId>) -> PageResult {
    one_page(&st, &u, id, Refusal::default()).await
}

pub async fn step(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<DestructionId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let d = st.app.secret_destruction(id).await?;
    let target = Target::plain("secret.destruction.step", "secret_destruction", id.to_string());
    u.access.require(&st, Action::KeepSecretRegisters, &org_resource(&st, d.org_id), &target).await?;
    let write = async {
        let version =
            get(&f, "version").parse().map_err(|_| AppError::invalid("on", "không rõ phiên bản của hồ sơ tiêu huỷ"))?;
        let i = StepInput {
            on: opt_date(&f, "on")?,
            text: get(&f, "text"),
            number: get(&f, "number"),
            signer: get(&f, "signer"),
            method: get(&f, "method"),
        };
        st.app.destruction_step(&actor(&u.access), id, version, i).await
    };
    let detail = d.stage.next(d.urgent).map(|s| s.label()).unwrap_or_default().to_string();
    let post = Post { st: &st, access: &u.access, target, labels: &LABELS, echo: true, form: "step" };
    post.finish(
        f.clone(),
        &detail,
        write,
        |_| format!("/secrets/destructions/{id}"),
        async |r| one_page(&st, &u, id, r).await,
    )
    .await
}
