//! Review campaigns (đợt rà soát) from the browser: the list, starting one over a subtree, and
//! resuming one whose server stopped. The run itself is a task of this process
//! (`App::spawn_campaign`); it commits per batch, so the page reads its progress from the database.

pub mod view;

use crate::access::{Access, Target, org_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::format::datetime;
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use bvctnb_app::audit::Outcome;
use bvctnb_app::campaigns::{Campaign, CampaignStatus};
use bvctnb_app::rescreen::RescreenError;
use bvctnb_authz::{Action, Resource};
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::{CampaignId, OrgId};
use bvctnb_core::text::vi_natural_cmp;

pub fn is_running(st: &AppState, id: CampaignId) -> bool {
    st.app.campaign_running(id)
}

/// A campaign's state as shown to people.
pub struct Shown {
    pub label: &'static str,
    pub class: &'static str,
    /// A task of this process is running it (the page polls).
    pub running: bool,
    /// The database says running but no task here runs it: its server stopped (resumable).
    pub stalled: bool,
}

/// The database says "running" also for a run whose server stopped; the running set tells.
pub fn status_of(st: &AppState, c: &Campaign) -> Shown {
    let shown = |label, class, running, stalled| Shown { label, class, running, stalled };
    match c.status {
        CampaignStatus::Running if is_running(st, c.id) => shown("Đang chạy", "info", true, false),
        CampaignStatus::Running => shown("Bị dừng giữa chừng, có thể tiếp tục", "failed", false, true),
        CampaignStatus::Done => shown(c.status.label(), "ok", false, false),
        CampaignStatus::Failed => shown(c.status.label(), "denied", false, false),
    }
}

pub fn percent(processed: i64, total: i64) -> i64 {
    if total <= 0 { 100 } else { (processed * 100 / total).clamp(0, 100) }
}

/// The user's scope as a resource; an account without one gets an org no policy matches, so
/// the refusal is decided (and audited) like any other.
fn scope_resource(st: &AppState, a: &Access) -> Resource {
    a.scope().map_or(Resource::Org { chain: Vec::new() }, |s| org_resource(st, s))
}

pub struct Row {
    pub id: CampaignId,
    pub pack: String,
    pub kind: String,
    pub scope: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub processed: i64,
    pub total: i64,
    pub pct: i64,
    pub flagged: i64,
    pub started_by: String,
    pub started_at: String,
    pub finished_at: String,
}

#[derive(Template)]
#[template(path = "campaigns/index.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<Row>,
    can_run: bool,
    orgs: Vec<(i64, String)>,
    scope: i64,
    packs: Vec<(String, String)>,
    current_pack: String,
    kinds: Vec<(&'static str, &'static str)>,
}

pub async fn list(State(st): State<AppState>, u: User) -> PageResult {
    let a = &u.access;
    let r = scope_resource(&st, a);
    a.require(&st, Action::ViewCampaign, &r, &Target::plain("campaign.list", "campaign", "")).await?;
    let scope = a.scope().ok_or_else(WebError::forbidden)?;
    let tree = st.app.tree();
    let mut campaigns = st.app.list_campaigns(Some(scope), 100).await?;
    // Campaigns over a wider scope belong here too: their results inside this scope are the
    // user's to see. Campaigns are few, so filtering the newest in memory is enough.
    let wider = st.app.list_campaigns(None, 200).await?;
    campaigns.extend(wider.into_iter().filter(|c| c.scope_org != scope && tree.is_within(scope, c.scope_org)));
    campaigns.sort_by_key(|c| std::cmp::Reverse(c.id));
    campaigns.dedup_by_key(|c| c.id);
    let rows = campaigns
        .iter()
        .map(|c| {
            let shown = status_of(&st, c);
            Row {
                id: c.id,
                pack: c.pack_version.clone(),
                kind: c.case_kind.label().to_string(),
                scope: tree.get(c.scope_org).map(|n| n.name.clone()).unwrap_or_default(),
                status: shown.label,
                status_class: shown.class,
                processed: c.processed,
                total: c.total,
                pct: percent(c.processed, c.total),
                flagged: c.flagged,
                started_by: c.started_by.clone(),
                started_at: datetime(&c.started_at),
                finished_at: c.finished_at.as_deref().map(datetime).unwrap_or_default(),
            }
        })
        .collect();
    let can_run = a.allows(&st, Action::RunCampaign, &r);
    let mut children: Vec<(i64, String)> = tree
        .children(scope)
        .iter()
        .filter_map(|id| tree.get(*id))
        .filter(|n| n.is_active())
        .map(|n| (n.id.0, format!("— {}", n.name)))
        .collect();
    children.sort_by(|x, y| vi_natural_cmp(&x.1, &y.1));
    let mut orgs = vec![(scope.0, tree.get(scope).map(|n| n.name.clone()).unwrap_or_default())];
    orgs.extend(children);
    Ok(render(&ListPage {
        c: u.chrome(&st, "Rà soát theo quy định", "/campaigns"),
        rows,
        can_run,
        orgs,
        scope: scope.0,
        packs: st
            .app
            .packs()
            .iter()
            .map(|p| (p.pack.id.clone(), format!("{} ({})", p.pack.document, p.pack.id)))
            .collect(),
        current_pack: st.app.current_pack().map(|p| p.pack.id.clone()).unwrap_or_default(),
        kinds: CaseKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
    }))
}

#[derive(serde::Deserialize, Default)]
pub struct StartForm {
    #[serde(default)]
    org: String,
    #[serde(default)]
    pack: String,
    #[serde(default)]
    kind: String,
    /// Start over even if the same pack, kind and scope has an unfinished campaign.
    #[serde(default)]
    fresh: Option<String>,
}

pub async fn start(State(st): State<AppState>, u: User, Form(f): Form<StartForm>) -> PageResult {
    let a = &u.access;
    let org = match f.org.trim() {
        "" => a.scope(),
        s => Some(OrgId(s.parse().map_err(|_| WebError::BadRequest("Mã tổ chức: nhập số".into()))?)),
    };
    let org = org.filter(|o| st.app.tree().get(*o).is_some());
    // Authorization comes before any other answer, so nobody learns more from a refusal.
    let (r, target_org) = match org {
        Some(o) => (org_resource(&st, o), o.to_string()),
        None => (Resource::Org { chain: Vec::new() }, f.org.clone()),
    };
    a.require(&st, Action::RunCampaign, &r, &Target::plain("campaign.start", "org", target_org)).await?;
    let org = org.ok_or_else(|| WebError::not_found("tổ chức"))?;
    let pack = match f.pack.trim() {
        "" => st.app.current_pack(),
        id => st.app.pack(id),
    }
    .ok_or_else(|| WebError::BadRequest(format!("Không có gói quy định «{}»", f.pack.trim())))?;
    let kind = match f.kind.trim() {
        "" => CaseKind::Review,
        k => CaseKind::from_code(k).ok_or_else(|| WebError::BadRequest(format!("Không có loại việc «{k}»")))?,
    };
    let fresh = f.fresh.is_some();
    // A new campaign's row commits with this entry; one resumed writes nothing here.
    let what = format!("tổ chức {org} — {} — {}", pack.version_tag(), kind.code());
    let event = a.event(&Target::new_record("campaign.start", "campaign", None), Outcome::Ok, &what);
    let (started, seq) =
        bvctnb_app::audit::within(event, st.app.start_campaign(pack, kind, org, a.username(), fresh)).await;
    let (c, resumed) = match started {
        Ok(x) => x,
        Err(RescreenError::PackChanged { id, old, new }) => {
            return Err(WebError::Conflict(format!(
                    "Đợt rà soát số {id} đang dở với gói {old}, khác gói hiện tại {new}: chọn «Bắt đầu đợt mới» để rà soát lại từ đầu."
                ))
                .into());
        }
        // A database older than the screening projection (the operator builds it once), or a
        // store failure.
        Err(e) => return Err(WebError::from(bvctnb_app::Error::from(e)).into()),
    };
    if resumed || seq.is_none() {
        let t = Target::plain("campaign.start", "campaign", c.id.to_string());
        a.record(&st, &t, Outcome::Ok, &format!("tiếp tục đợt {} — {what}", c.id)).await?;
    }
    st.app.spawn_campaign(pack, c.clone());
    Ok(Redirect::to(&format!("/campaigns/{}", c.id)).into_response())
}

pub async fn load(st: &AppState, id: CampaignId) -> Result<Campaign, WebError> {
    st.app.campaign(id).await?.ok_or_else(|| WebError::not_found("đợt rà soát"))
}

/// Resumes a campaign left running by a stopped server, from its last committed batch.
pub async fn resume(State(st): State<AppState>, u: User, Path(id): Path<CampaignId>) -> PageResult {
    let a = &u.access;
    let c = load(&st, id).await?;
    let target = Target::plain("campaign.resume", "campaign", id.to_string());
    a.require(&st, Action::RunCampaign, &org_resource(&st, c.scope_org), &target).await?;
    if c.status != CampaignStatus::Running {
        return Err(WebError::Conflict(format!("Đợt rà soát số {id} đã kết thúc")).into());
    }
    let back = Redirect::to(&format!("/campaigns/{id}")).into_response();
    if is_running(&st, id) {
        return Ok(back);
    }
    // Results already committed were made under one exact pack file; mixing in another
    // reading would make the work list say two things at once.
    let Some(pack) = st.app.pack(&c.pack_id).filter(|p| p.version_tag() == c.pack_version) else {
        let why = format!(
            "Gói {} không còn như khi bắt đầu đợt rà soát nên không tiếp tục được; cần bắt đầu đợt mới.",
            c.pack_version
        );
        let (failed, _) =
            bvctnb_app::audit::within(a.event(&target, Outcome::Failed, &why), st.app.fail_campaign(id, &why)).await;
        failed?;
        return Ok(back);
    };
    let detail = format!("từ hồ sơ sau số {} ({} / {})", c.cursor, c.processed, c.total);
    a.record(&st, &target, Outcome::Ok, &detail).await?;
    st.app.spawn_campaign(pack, c);
    Ok(back)
}
