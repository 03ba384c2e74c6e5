//! One review campaign: its progress (polled by htmx while it runs), the tally per organisation
//! and the work list of persons, and the Excel export. A user whose scope lies inside the
//! campaign's sees and exports only the results inside their own scope.

use crate::access::{Access, Target, org_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::format::{datetime, thousands};
use crate::pages::campaigns::{is_running, load, percent, status_of};
use crate::pages::rules::text::{citation_text, severity_class, severity_from_code};
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use bvctnb_app::audit::Outcome;
use bvctnb_app::campaigns::{Campaign, CampaignStatus, ResultRow};
use bvctnb_app::rules::Finding;
use bvctnb_authz::Action;
use bvctnb_core::ids::{CampaignId, OrgId, PersonId};

pub const PAGE: i64 = 100;

#[derive(serde::Deserialize, Default)]
pub struct Params {
    #[serde(default)]
    org: Option<i64>,
    #[serde(default)]
    page: Option<i64>,
}

/// A campaign as one user may see it: `root` is the campaign's scope, or the user's own scope
/// when that lies inside it; `within` narrows the store queries (None = the whole campaign).
struct Seen {
    c: Campaign,
    root: OrgId,
    within: Option<OrgId>,
}

/// Loads the campaign and checks ViewCampaign on what the user would see (refusal audited).
async fn open(st: &AppState, a: &Access, id: CampaignId, action: &str, org: Option<i64>) -> Result<Seen, WebError> {
    let c = load(st, id).await?;
    let tree = st.app.tree();
    let root = match a.scope() {
        Some(s) if s != c.scope_org && tree.is_within(s, c.scope_org) => s,
        _ => c.scope_org,
    };
    let target = Target::plain(action, "campaign", id.to_string());
    a.require(st, Action::ViewCampaign, &org_resource(st, root), &target).await?;
    let within = match org.map(OrgId) {
        Some(o) if tree.is_within(o, root) => Some(o),
        Some(_) => return Err(WebError::BadRequest("Tổ chức lọc không thuộc phạm vi được xem".into())),
        None => (root != c.scope_org).then_some(root),
    };
    Ok(Seen { c, root, within })
}

pub struct Progress {
    pub id: CampaignId,
    pub status: &'static str,
    pub status_class: &'static str,
    pub running: bool,
    pub processed: i64,
    pub total: i64,
    pub scope_persons: i64,
    pub max: i64,
    pub pct: i64,
    pub flagged: i64,
    pub error: String,
}

fn progress_of(st: &AppState, c: &Campaign) -> Progress {
    let shown = status_of(st, c);
    Progress {
        id: c.id,
        status: shown.label,
        status_class: shown.class,
        running: shown.running,
        processed: c.processed,
        total: c.total,
        scope_persons: c.scope_persons,
        max: c.total.max(1),
        pct: percent(c.processed, c.total),
        flagged: c.flagged,
        error: c.error.clone().unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "campaigns/_progress.html")]
struct ProgressFragment {
    p: Progress,
}

pub struct TallyRow {
    pub org_id: i64,
    pub name: String,
    pub new: String,
    pub changed: String,
    pub cleared: String,
}

pub struct ResultView {
    pub n: i64,
    pub person_id: i64,
    pub name: String,
    pub birth_year: i32,
    pub org: String,
    pub change: &'static str,
    pub severity: &'static str,
    pub severity_class: &'static str,
    /// (title, citation) of each finding; empty when cleared or recused.
    pub findings: Vec<(String, String)>,
    /// The viewer's own person or a relative: named, never opened or described.
    pub recused: bool,
}

#[derive(Template)]
#[template(path = "campaigns/show.html")]
struct ShowPage {
    c: Chrome,
    p: Progress,
    pack: String,
    pack_id: String,
    pack_version: String,
    kind: String,
    scope: String,
    viewing: String,
    filter: String,
    started_by: String,
    started_at: String,
    finished_at: String,
    tally: Vec<TallyRow>,
    rows: Vec<ResultView>,
    page: i64,
    org_q: String,
    has_next: bool,
    can_export: bool,
    can_resume: bool,
}

/// The reader's own person and their relatives: named in lists, never described or counted.
fn recused_ids(a: &Access) -> Vec<PersonId> {
    a.principal.person.into_iter().chain(a.principal.recused.iter().copied()).collect()
}

fn result_view(a: &Access, n: i64, r: ResultRow) -> ResultView {
    let p = &a.principal;
    let recused = p.recused.contains(&r.result.person_id) || p.person == Some(r.result.person_id);
    // A recused row is named only: its change, severity and findings would tell the reader
    // what the campaign found on themselves or a relative.
    let severity = r.result.severity.as_deref().and_then(severity_from_code).filter(|_| !recused);
    let findings = if recused {
        Vec::new()
    } else {
        match serde_json::from_str::<Vec<Finding>>(&r.result.findings) {
            Ok(fs) => fs.iter().map(|f| (f.title.clone(), citation_text(&f.citation))).collect(),
            Err(_) => vec![("Không đọc được kết quả đã lưu".into(), String::new())],
        }
    };
    ResultView {
        n,
        person_id: r.result.person_id.0,
        name: r.full_name,
        birth_year: r.birth_year,
        org: r.org_name,
        change: if recused { "—" } else { r.result.change.label() },
        severity: severity.map_or("—", |s| s.label()),
        severity_class: severity.map_or("", severity_class),
        findings,
        recused,
    }
}

pub async fn show(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<CampaignId>,
    Query(q): Query<Params>,
) -> PageResult {
    let a = &u.access;
    let Seen { c, root, within } = open(&st, a, id, "campaign.read", q.org).await?;
    let tree = st.app.tree();
    let store = &st.app;
    let page = q.page.unwrap_or(1).max(1);
    let mut results = store.campaign_results(id, within, PAGE + 1, (page - 1) * PAGE).await?;
    let has_next = results.len() as i64 > PAGE;
    results.truncate(PAGE as usize);
    let rows: Vec<ResultView> =
        results.into_iter().enumerate().map(|(i, r)| result_view(a, (page - 1) * PAGE + i as i64 + 1, r)).collect();
    let root_within = (root != c.scope_org).then_some(root);
    let recused = recused_ids(a);
    let tally = store
        .campaign_tally(id, root_within, &recused)
        .await?
        .into_iter()
        .map(|t| TallyRow {
            org_id: t.org_id.0,
            name: t.org_name,
            new: thousands(t.new),
            changed: thousands(t.changed),
            cleared: thousands(t.cleared),
        })
        .collect();
    let detail = format!("tổ chức {} trang {page}: {} người", within.unwrap_or(c.scope_org), rows.len());
    a.record(&st, &Target::plain("campaign.read", "campaign", id.to_string()), Outcome::Ok, &detail).await?;
    let root_r = org_resource(&st, root);
    let scope_r = org_resource(&st, c.scope_org);
    let d = st.authz.check_many(&a.principal, &[(Action::ExportPersons, &root_r), (Action::RunCampaign, &scope_r)]);
    let stalled = status_of(&st, &c).stalled;
    let name = |o: OrgId| tree.get(o).map(|n| n.name.clone()).unwrap_or_default();
    let pack = st.app.pack(&c.pack_id);
    Ok(render(&ShowPage {
        c: u.chrome(&st, format!("Đợt rà soát số {id}"), "/campaigns"),
        p: progress_of(&st, &c),
        pack: pack.map_or_else(|| c.pack_id.clone(), |p| format!("{} — {}", p.pack.document, p.pack.title)),
        pack_id: pack.map(|p| p.pack.id.clone()).unwrap_or_default(),
        pack_version: c.pack_version.clone(),
        kind: c.case_kind.label().to_string(),
        scope: tree.path_label(c.scope_org),
        viewing: if root != c.scope_org { name(root) } else { String::new() },
        filter: q.org.map(|o| name(OrgId(o))).unwrap_or_default(),
        started_by: c.started_by.clone(),
        started_at: datetime(&c.started_at),
        finished_at: c.finished_at.as_deref().map(datetime).unwrap_or_default(),
        tally,
        rows,
        page,
        org_q: q.org.map(|o| format!("org={o}&")).unwrap_or_default(),
        has_next,
        can_export: d[0].allowed,
        can_resume: stalled && d[1].allowed,
    }))
}

/// The progress fragment htmx polls. Once the run is no longer going, htmx is told to reload
/// the whole page so the work lists appear; the page then stops polling.
pub async fn progress(State(st): State<AppState>, u: User, Path(id): Path<CampaignId>) -> PageResult {
    let Seen { c, .. } = open(&st, &u.access, id, "campaign.progress", None).await?;
    let p = progress_of(&st, &c);
    let done = !p.running;
    let body = render(&ProgressFragment { p });
    if u.htmx && done {
        return Ok(([("hx-refresh", "true")], body).into_response());
    }
    Ok(body)
}

pub async fn export(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<CampaignId>,
    Query(q): Query<Params>,
) -> PageResult {
    let a = &u.access;
    let Seen { c, root, within } = open(&st, a, id, "campaign.export", q.org).await?;
    let target = Target::plain("campaign.export", "campaign", id.to_string());
    a.require(&st, Action::ExportPersons, &org_resource(&st, root), &target).await?;
    let tree = st.app.tree();
    let shown = within.unwrap_or(c.scope_org);
    let scope_name = tree.get(shown).map(|n| n.name.clone()).unwrap_or_default();
    let pack_title = st.app.pack(&c.pack_id).map_or_else(|| c.pack_id.clone(), |p| p.pack.document.clone());
    // The reader's own dossier and their relatives' stay out of the download, as on the page.
    let recused = recused_ids(a);
    let bytes = st.app.campaign_xlsx(&c, within, &recused, &scope_name, &pack_title).await?;
    let state = if c.status == CampaignStatus::Done && !is_running(&st, id) { "" } else { " (chưa xong)" };
    a.record(&st, &target, Outcome::Ok, &format!("tổ chức {shown}{state}")).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"ra-soat-{id}.xlsx\"")),
        ],
        bytes,
    )
        .into_response())
}
