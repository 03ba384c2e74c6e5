//! "Tổng quan": counts in the user's scope (computed in the query), recent changes, tasks,
//! with charts drawn on the server as SVG (no script needed).

use super::{PageResult, User, render};
use crate::access::{Target, org_resource};
use crate::chrome::Chrome;
use crate::format::{datetime, thousands};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use bvctnb_app::audit::Outcome;
use bvctnb_authz::{Action, Resource};
use bvctnb_core::text::vi_cmp;

pub struct Bar {
    pub y: i64,
    pub width: i64,
    pub label: String,
    pub value: String,
    pub href: String,
}

/// A horizontal bar chart; geometry is computed here so the template only places shapes.
pub struct BarChart {
    pub title: String,
    pub height: i64,
    pub bars: Vec<Bar>,
}

pub const CHART_LABEL_W: i64 = 220;
pub const CHART_BAR_W: i64 = 300;

impl BarChart {
    pub fn new(title: &str, items: Vec<(String, i64, String)>) -> Self {
        let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1);
        let bars = items
            .into_iter()
            .enumerate()
            .map(|(i, (label, v, href))| Bar {
                y: i as i64 * 26,
                width: (v * CHART_BAR_W / max).max(if v > 0 { 2 } else { 0 }),
                label: shorten(&label, 30),
                value: thousands(v),
                href,
            })
            .collect::<Vec<_>>();
        Self { title: title.into(), height: bars.len() as i64 * 26 + 4, bars }
    }
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}

pub struct Recent {
    pub person_id: i64,
    pub name: String,
    pub version: i64,
    pub at: String,
    pub by: String,
}

pub struct ClockRow {
    pub kind: &'static str,
    pub stage: &'static str,
    pub n: usize,
    pub p50: i64,
    pub p90: i64,
    pub max: i64,
}

/// Cases of the scope: open, overdue, requests past due, and the case clocks.
pub struct CaseStats {
    pub open: String,
    pub overdue: String,
    pub overdue_requests: String,
    pub clocks: Vec<ClockRow>,
    pub trips_awaiting: String,
    pub reports_late: String,
    pub undecided: String,
    pub passports_overdue: String,
}

use bvctnb_core::travel::TripStage;

pub async fn case_stats(st: &AppState, org: bvctnb_core::ids::OrgId) -> Result<CaseStats, crate::WebError> {
    use bvctnb_app::cases::CaseFilter;
    let store = &st.app;
    let today = st.today().to_string();
    let open = store.count_cases(org, &CaseFilter { open_only: true, ..Default::default() }).await?;
    let overdue = store.count_cases(org, &CaseFilter { overdue_on: Some(today.clone()), ..Default::default() }).await?;
    let overdue_requests = store.count_overdue_requests(org).await?;
    let clocks = bvctnb_app::cases::clocks(&st.app, org)
        .await?
        .into_iter()
        .map(|c| ClockRow {
            kind: c.kind.label(),
            stage: c.stage.map_or("Cả hồ sơ (mở đến kết thúc)", |s| s.label()),
            n: c.spread.n,
            p50: c.spread.p50,
            p90: c.spread.p90,
            max: c.spread.max,
        })
        .collect();
    use bvctnb_app::travel::TripFilter;
    let awaiting = store
        .count_trips(org, &TripFilter { stages: vec![TripStage::Decision], ..Default::default() })
        .await?
        + store.count_trips(org, &TripFilter { stages: vec![TripStage::CellOpinion], ..Default::default() }).await?;
    let late =
        store.count_trips(org, &TripFilter { report_late_on: Some(today.clone()), ..Default::default() }).await?;
    let undecided =
        store.count_trips(org, &TripFilter { undecided_before: Some(today.clone()), ..Default::default() }).await?;
    let passports = store.count_passports_overdue(org).await?;
    Ok(CaseStats {
        trips_awaiting: thousands(awaiting),
        reports_late: thousands(late),
        undecided: thousands(undecided),
        passports_overdue: thousands(passports),
        open: thousands(open),
        overdue: thousands(overdue),
        overdue_requests: thousands(overdue_requests),
        clocks,
    })
}

#[derive(Template)]
#[template(path = "dashboard/index.html")]
struct Dashboard {
    c: Chrome,
    scope_name: String,
    has_scope: bool,
    persons: String,
    abroad: String,
    charts: Vec<BarChart>,
    recent: Vec<Recent>,
    label_w: i64,
    bar_w: i64,
    is_self_only: bool,
    cases: Option<CaseStats>,
    /// Secret items of the scope out past their day, and reports of loss or disclosure not yet
    /// seen by the head or the level above (shown to those who list the registers).
    secrets: Option<(usize, usize)>,
    /// Tasks waiting for the account (the menu's count).
    tasks: i64,
}

pub async fn show(State(st): State<AppState>, u: User) -> PageResult {
    let a = &u.access;
    // Counts are person data: only for those who may list persons in their scope.
    let scope = a.scope().filter(|o| a.allows(&st, Action::SearchPersons, &org_resource(&st, *o)));
    let mut page = Dashboard {
        c: u.chrome(&st, "Tổng quan", "/"),
        scope_name: String::new(),
        has_scope: false,
        persons: String::new(),
        abroad: String::new(),
        charts: Vec::new(),
        recent: Vec::new(),
        label_w: CHART_LABEL_W,
        bar_w: CHART_BAR_W,
        is_self_only: a.caller.account.person_id.is_some() && scope.is_none(),
        cases: None,
        secrets: None,
        tasks: 0,
    };
    if !a.allows(&st, Action::ViewDashboard, &Resource::System) {
        return Err(crate::WebError::forbidden().into());
    }
    page.tasks = u.tasks.unwrap_or(0);
    if let Some(org) = scope {
        let tree = st.app.tree();
        let counts = st.app.scope_counts(org).await?;
        page.has_scope = true;
        page.scope_name = tree.path_label(org);
        page.persons = thousands(counts.persons);
        page.abroad = thousands(counts.relatives_abroad);
        let mut by_child: Vec<(String, i64, String)> = counts
            .by_child
            .iter()
            .map(|(id, n)| {
                (tree.get(*id).map_or_else(|| id.to_string(), |o| o.name.clone()), *n, format!("/orgs/{id}"))
            })
            .collect();
        by_child.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| vi_cmp(&x.0, &y.0)));
        by_child.truncate(15);
        page.charts.push(BarChart::new("Đảng viên theo đơn vị trực thuộc (15 đơn vị đông nhất)", by_child));
        let status = counts
            .by_status
            .iter()
            .map(|(s, n)| (bvctnb_core::person::MemberStatus::label_of(s).to_string(), *n, String::new()))
            .collect();
        page.charts.push(BarChart::new("Theo tình trạng", status));
        page.recent = st
            .app
            .recent_changes(org, 10)
            .await?
            .into_iter()
            .filter(|r| !a.principal.recused.contains(&r.person_id) && a.principal.person != Some(r.person_id))
            .map(|r| Recent {
                person_id: r.person_id.0,
                name: r.full_name,
                version: r.version,
                at: datetime(&r.submitted_at),
                by: r.submitted_by,
            })
            .collect();
        if a.allows(&st, Action::ListCases, &org_resource(&st, org)) {
            page.cases = Some(case_stats(&st, org).await?);
        }
        if a.allows(&st, Action::ListSecretRegisters, &org_resource(&st, org)) {
            let late = st.app.overdue_secret_takeouts(org, 1000).await?.len();
            let unseen = st.app.secret_incidents(org, true, 1000).await?.len();
            page.secrets = Some((late, unseen));
        }
        a.record(&st, &Target::org("dashboard.read", org), Outcome::Ok, "").await?;
    }
    Ok(render(&page))
}
