//! Reports of classified items lost or disclosed, or of envelopes that arrived opened: the list
//! of a subtree with the ones still waiting to be seen, the keeper's report form
//! (KeepSecretRegisters), and one report with the head's and the level above's acknowledgement
//! (AcknowledgeSecretIncident). Items above the reader's clearance show only their level.

use super::secret_destruction::{Choice, held_choices, item_choices, listed};
use crate::access::{Target, org_resource};
use crate::error::WebError;
use crate::format::datetime;
use crate::pages::fields::{Fields, get, opt_date};
use crate::pages::outcome::{Labels, Post};
use crate::pages::refusal::Refusal;
use crate::pages::secrets::choice;
use crate::pages::{PageResult, User, render};
use crate::reads::cases::actor;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::dmy;
use bvctnb_app::secrets::{IncidentInput, IncidentRow};
use bvctnb_authz::Action;
use bvctnb_core::ids::{IncidentId, OrgId, SecretItemId};
use bvctnb_core::secret::IncidentKind;
use serde::Deserialize;

const LABELS: Labels = Labels(&[
    ("kind", "Sự việc"),
    ("occurred_on", "Ngày xảy ra hoặc phát hiện"),
    ("items", "Tài liệu"),
    ("circumstances", "Diễn biến, hoàn cảnh"),
    ("measures", "Biện pháp đã áp dụng"),
]);

#[derive(Deserialize, Default)]
pub struct At {
    org: Option<OrgId>,
}

pub struct Line {
    pub id: i64,
    pub kind: &'static str,
    pub org: String,
    pub on: String,
    pub items: usize,
    pub head: String,
    pub above: String,
}

fn seen(by: &Option<String>, at: &Option<String>) -> String {
    match (by, at) {
        (Some(b), Some(a)) => format!("{b}, {}", datetime(a)),
        _ => String::new(),
    }
}

fn line(st: &AppState, i: &IncidentRow) -> Line {
    Line {
        id: i.id.0,
        kind: i.kind.label(),
        org: st.app.tree().get(i.org_id).map(|n| n.name.clone()).unwrap_or_default(),
        on: dmy(&i.occurred_on),
        items: i.items.len(),
        head: seen(&i.head_seen_by, &i.head_seen_at),
        above: seen(&i.above_seen_by, &i.above_seen_at),
    }
}

#[derive(Template)]
#[template(path = "secrets/incidents.html")]
struct ListPage {
    c: crate::chrome::Chrome,
    org_id: i64,
    org_name: String,
    lines: Vec<Line>,
    held: Vec<Choice>,
    kinds: Vec<(&'static str, &'static str)>,
    keep: bool,
    rf: Refusal,
}

async fn list_page(st: &AppState, u: &User, org: Option<OrgId>, rf: Refusal) -> PageResult {
    let org = org.or(u.access.scope()).ok_or_else(WebError::forbidden)?;
    let keep = listed(st, u, org, "secret.incidents").await?;
    let all = st.app.secret_incidents(org, false, 200).await?;
    let held = if keep { held_choices(st, u, org).await? } else { Vec::new() };
    u.access.record(st, &Target::org("secret.incidents", org), Outcome::Ok, "").await?;
    let page = ListPage {
        c: u.chrome(st, "Báo cáo mất, lộ tài liệu mật", "/secrets"),
        org_id: org.0,
        org_name: st.app.tree().get(org).map(|n| n.name.clone()).unwrap_or_default(),
        lines: all.iter().map(|i| line(st, i)).collect(),
        held,
        kinds: IncidentKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        keep,
        rf,
    };
    Ok(render(&page))
}

pub async fn list(State(st): State<AppState>, u: User, Query(at): Query<At>) -> PageResult {
    list_page(&st, &u, at.org, Refusal::default()).await
}

pub async fn report(State(st): State<AppState>, u: User, Form(f): Form<Fields>) -> PageResult {
    let org = get(&f, "org").parse::<OrgId>().ok().or(u.access.scope()).ok_or_else(WebError::forbidden)?;
    let target = Target::new_record("secret.incident.report", "secret_incident", None);
    u.access
        .require(&st, Action::KeepSecretRegisters, &org_resource(&st, org), &Target::org(target.action, org))
        .await?;
    let items: Vec<SecretItemId> =
        f.keys().filter_map(|k| k.strip_prefix("item_")).filter_map(|v| v.parse().ok()).collect();
    let write = async {
        let i = IncidentInput {
            kind: choice(&f, "kind", IncidentKind::from_code, "sự việc")?,
            occurred_on: opt_date(&f, "occurred_on")?,
            items: items.clone(),
            circumstances: get(&f, "circumstances"),
            measures: get(&f, "measures"),
        };
        st.app.report_secret_incident(&actor(&u.access), org, i).await
    };
    let detail = format!("{}: {} tài liệu", get(&f, "kind"), items.len());
    let post = Post { st: &st, access: &u.access, target, labels: &LABELS, echo: true, form: "report" };
    post.finish(
        f.clone(),
        &detail,
        write,
        |id| format!("/secrets/incidents/{id}"),
        async |r| list_page(&st, &u, Some(org), r).await,
    )
    .await
}

#[derive(Template)]
#[template(path = "secrets/incident.html")]
struct OnePage {
    c: crate::chrome::Chrome,
    i: IncidentRow,
    l: Line,
    items: Vec<Choice>,
    banner: String,
    can_ack: bool,
    rf: Refusal,
}

async fn one_page(st: &AppState, u: &User, id: IncidentId, rf: Refusal) -> PageResult {
    let i = st.app.secret_incident(id).await?;
    listed(st, u, i.org_id, "secret.incident.read").await?;
    let (items, highest) = item_choices(st, u, &i.items).await?;
    let can_ack = u.access.allows(st, Action::AcknowledgeSecretIncident, &org_resource(st, i.org_id));
    let target = Target::plain("secret.incident.read", "secret_incident", id.to_string());
    u.access.record(st, &target, Outcome::Ok, "").await?;
    let page = OnePage {
        c: u.chrome(st, format!("Báo cáo mất, lộ mã {id}"), "/secrets"),
        l: line(st, &i),
        i,
        items,
        banner: highest.map(|l| l.mark()).unwrap_or_default(),
        can_ack,
        rf,
    };
    Ok(render(&page))
}

pub async fn one(State(st): State<AppState>, u: User, Path(id): Path<IncidentId>) -> PageResult {
    one_page(&st, &u, id, Refusal::default()).await
}

pub async fn ack(State(st): State<AppState>, u: User, Path(id): Path<IncidentId>, Form(f): Form<Fields>) -> PageResult {
    let i = st.app.secret_incident(id).await?;
    let target = Target::plain("secret.incident.seen", "secret_incident", id.to_string());
    u.access.require(&st, Action::AcknowledgeSecretIncident, &org_resource(&st, i.org_id), &target).await?;
    let who = actor(&u.access);
    let write = st.app.acknowledge_secret_incident(&who, id);
    let post = Post { st: &st, access: &u.access, target, labels: &LABELS, echo: false, form: "ack" };
    post.finish(f, "", write, |_| format!("/secrets/incidents/{id}"), async |r| one_page(&st, &u, id, r).await).await
}
