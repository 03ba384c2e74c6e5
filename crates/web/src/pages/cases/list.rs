//! The case list of a scope: filtered, ordered by any column and paged in the query, and the
//! same selection as an Excel sheet.

use crate::access::{Target, org_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::pages::search::Paging;
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::{CaseFilter, CaseOrder, CaseSummary, CaseWindow, dmy};
use bvctnb_authz::Action;
use bvctnb_core::case::Stage;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::due::{case_overdue, parse_stored};
use bvctnb_core::ids::OrgId;
use chrono::NaiveDate as Date;

/// Rows on a page of the list.
pub const PER_PAGE: i64 = 50;
/// Rows in an export at most: past it the sheet says it was cut.
pub const EXPORT_MAX: i64 = 10_000;

pub struct Row {
    pub id: i64,
    pub name: String,
    pub birth_year: i32,
    pub kind: &'static str,
    pub purpose: String,
    pub stage: &'static str,
    pub due: String,
    pub overdue: bool,
    pub opened: String,
}

fn row(s: CaseSummary, day: Date) -> Row {
    Row {
        id: s.case.id.0,
        name: s.full_name,
        birth_year: s.birth_year,
        kind: s.case.kind.label(),
        purpose: s.case.purpose,
        stage: s.case.stage.label(),
        due: s.case.stage_due.as_deref().map(dmy).unwrap_or_default(),
        overdue: case_overdue(s.case.stage, s.case.stage_due.as_deref().and_then(parse_stored), day),
        opened: dmy(&s.case.opened_on),
    }
}

/// A column header: its label, the link that orders by it (or the other way when it is the
/// order already) and, for the one in force, the `aria-sort` value.
pub struct Header {
    pub label: &'static str,
    pub href: String,
    pub sort: &'static str,
}

pub struct OverdueRow {
    pub case_id: i64,
    pub name: String,
    pub person: String,
    pub body: String,
    pub number: String,
    pub due: String,
}

#[derive(Template)]
#[template(path = "cases/index.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<Row>,
    headers: Vec<Header>,
    paging: Paging,
    export: String,
    overdue_requests: Vec<OverdueRow>,
    kinds: Vec<(&'static str, &'static str)>,
    stages: Vec<(&'static str, &'static str)>,
    kind: String,
    stage: String,
    only_overdue: bool,
    only_open: bool,
    /// The order in force, kept when the filter changes.
    sort: &'static str,
    dir: &'static str,
}

#[derive(serde::Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    overdue: Option<String>,
    #[serde(default)]
    open: Option<String>,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    dir: String,
    #[serde(default)]
    page: String,
}

/// The sortable columns: code in the link, the order, its label, and whether it starts
/// descending (numbers and dates: newest first).
const COLUMNS: [(&str, CaseOrder, &str, bool); 6] = [
    ("id", CaseOrder::Id, "Số", true),
    ("name", CaseOrder::Name, "Người được thẩm tra", false),
    ("kind", CaseOrder::Kind, "Loại", false),
    ("stage", CaseOrder::Stage, "Bước hiện tại", false),
    ("due", CaseOrder::Due, "Hạn", false),
    ("opened", CaseOrder::Opened, "Mở ngày", true),
];

impl ListParams {
    fn filter(&self, today: &str, exclude: Vec<bvctnb_core::ids::PersonId>) -> CaseFilter {
        CaseFilter {
            kind: CaseKind::from_code(&self.kind),
            stages: Stage::from_code(&self.stage).into_iter().collect(),
            open_only: self.open.is_some(),
            overdue_on: self.overdue.is_some().then(|| today.to_string()),
            exclude,
        }
    }

    /// The column in force (the case number when none or an unknown one is asked for) and
    /// whether it runs descending.
    fn order(&self) -> (&'static str, CaseOrder, bool) {
        let (code, order, _, down) = COLUMNS.iter().find(|c| c.0 == self.sort).copied().unwrap_or(COLUMNS[0]);
        let desc = match self.dir.as_str() {
            "asc" => false,
            "desc" => true,
            _ => down,
        };
        (code, order, desc)
    }

    /// The filter as a query string, from the recognised values only (codes of our own, so
    /// nothing to escape).
    fn filter_query(&self) -> String {
        let mut q = Vec::new();
        if let Some(k) = CaseKind::from_code(&self.kind) {
            q.push(format!("kind={}", k.code()));
        }
        if let Some(s) = Stage::from_code(&self.stage) {
            q.push(format!("stage={}", s.code()));
        }
        if self.open.is_some() {
            q.push("open=1".into());
        }
        if self.overdue.is_some() {
            q.push("overdue=1".into());
        }
        q.join("&")
    }

    fn href(&self, sort: &str, desc: bool, page: i64) -> String {
        let mut q = self.filter_query();
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(&format!("sort={sort}&dir={}", if desc { "desc" } else { "asc" }));
        if page > 1 {
            q.push_str(&format!("&page={page}"));
        }
        format!("/cases?{q}")
    }

    fn headers(&self) -> Vec<Header> {
        let (now, _, desc) = self.order();
        COLUMNS
            .iter()
            .map(|(code, _, label, down)| {
                let current = *code == now;
                let next = if current { !desc } else { *down };
                let sort = match (current, desc) {
                    (false, _) => "",
                    (true, true) => "descending",
                    (true, false) => "ascending",
                };
                Header { label, href: self.href(code, next, 1), sort }
            })
            .collect()
    }

    /// What the filter is, in words, for the sheet's heading and the audit.
    fn described(&self) -> String {
        let mut parts = Vec::new();
        if let Some(k) = CaseKind::from_code(&self.kind) {
            parts.push(format!("loại «{}»", k.label()));
        }
        if let Some(s) = Stage::from_code(&self.stage) {
            parts.push(format!("bước «{}»", s.label()));
        }
        if self.open.is_some() {
            parts.push("đang xử lý".into());
        }
        if self.overdue.is_some() {
            parts.push("bước đã quá hạn".into());
        }
        if parts.is_empty() { "tất cả".into() } else { parts.join(", ") }
    }
}

fn scope_of(a: &crate::access::Access) -> Result<OrgId, WebError> {
    a.scope().ok_or_else(WebError::forbidden)
}

pub async fn list(State(st): State<AppState>, u: User, Query(p): Query<ListParams>) -> PageResult {
    let a = &u.access;
    let scope = scope_of(a)?;
    a.require(&st, Action::ListCases, &org_resource(&st, scope), &Target::org("case.list", scope)).await?;
    let day = st.today();
    let filter = p.filter(&day.to_string(), a.hidden_persons());
    let app = &st.app;
    let total = app.count_cases(scope, &filter).await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    // A page past the end (the list shrank since the link was made) shows the last one.
    let page = p.page.trim().parse::<i64>().unwrap_or(1).clamp(1, pages);
    let (sort, order, desc) = p.order();
    let window = CaseWindow { order, desc, offset: (page - 1) * PER_PAGE, limit: PER_PAGE };
    let rows = app.cases_in_scope(scope, &filter, &window).await?.into_iter().map(|s| row(s, day)).collect();
    let overdue_requests = app
        .overdue_requests(scope, 50)
        .await?
        .into_iter()
        .filter(|o| !filter.exclude.contains(&o.person_id))
        .map(|o| OverdueRow {
            case_id: o.request.case_id.0,
            name: o.full_name,
            person: o.request.person_label,
            body: o.request.body,
            number: o.request.number.unwrap_or_default(),
            due: o.request.due_on.as_deref().map(dmy).unwrap_or_default(),
        })
        .collect();
    a.record(&st, &Target::org("case.list", scope), Outcome::Ok, "").await?;
    let paging = Paging {
        total: total.to_string(),
        more: false,
        page: page as usize,
        pages: pages as usize,
        prev: if page > 1 { p.href(sort, desc, page - 1) } else { String::new() },
        next: if page < pages { p.href(sort, desc, page + 1) } else { String::new() },
    };
    let export = p.href(sort, desc, 1).replacen("/cases?", "/cases/export.xlsx?", 1);
    Ok(render(&ListPage {
        c: u.chrome(&st, "Hồ sơ thẩm tra, thẩm định", "/cases"),
        rows,
        headers: p.headers(),
        paging,
        export,
        overdue_requests,
        kinds: CaseKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        stages: Stage::ALL.iter().map(|s| (s.code(), s.label())).collect(),
        kind: p.kind,
        stage: p.stage,
        only_overdue: p.overdue.is_some(),
        only_open: p.open.is_some(),
        sort,
        dir: if desc { "desc" } else { "asc" },
    }))
}

/// `/cases/export.xlsx`: the list's selection in its order, every page of it, up to
/// [`EXPORT_MAX`] rows.
pub async fn export(State(st): State<AppState>, u: User, Query(p): Query<ListParams>) -> PageResult {
    let a = &u.access;
    let scope = scope_of(a)?;
    let target = Target::org("case.export", scope);
    // A download leaves the system: the right to export person lists, on top of the list's.
    a.require(&st, Action::ListCases, &org_resource(&st, scope), &target).await?;
    a.require(&st, Action::ExportPersons, &org_resource(&st, scope), &target).await?;
    let day = st.today();
    let filter = p.filter(&day.to_string(), a.hidden_persons());
    let (_, order, desc) = p.order();
    let window = CaseWindow { order, desc, offset: 0, limit: EXPORT_MAX + 1 };
    let mut cases = st.app.cases_in_scope(scope, &filter, &window).await?;
    let cut = cases.len() as i64 > EXPORT_MAX;
    cases.truncate(EXPORT_MAX as usize);
    let rows: Vec<Vec<String>> = cases
        .into_iter()
        .map(|s| {
            let r = row(s, day);
            let state = if r.overdue { "Quá hạn" } else { "" };
            vec![
                r.id.to_string(),
                r.name,
                r.birth_year.to_string(),
                r.kind.to_string(),
                r.purpose,
                r.stage.to_string(),
                r.due,
                state.to_string(),
                r.opened,
            ]
        })
        .collect();
    let scope_label = st.app.tree().path_label(scope);
    let described = p.described();
    let order_label = COLUMNS.iter().find(|c| c.1 == order).map(|c| c.2).unwrap_or("Số");
    let heading = vec![
        format!("Phạm vi: {scope_label}"),
        format!("Bộ lọc: {described}"),
        format!(
            "{} hồ sơ, theo «{order_label}» {}; lập ngày {}",
            rows.len(),
            if desc { "giảm dần" } else { "tăng dần" },
            dmy(&day.to_string())
        ),
    ];
    let n = rows.len();
    let bytes = tokio::task::spawn_blocking(move || {
        bvctnb_app::sheet::sheet_xlsx(&bvctnb_app::sheet::Sheet {
            name: "Hồ sơ thẩm tra",
            title: "DANH SÁCH HỒ SƠ THẨM TRA, THẨM ĐỊNH".into(),
            heading,
            columns: vec![
                ("Số", 8.0),
                ("Người được thẩm tra", 26.0),
                ("Năm sinh", 9.0),
                ("Loại", 30.0),
                ("Chức vụ, vị trí hoặc lý do", 30.0),
                ("Bước hiện tại", 24.0),
                ("Hạn", 12.0),
                ("Quá hạn", 10.0),
                ("Mở ngày", 12.0),
            ],
            rows,
            cut: cut.then_some("Danh sách bị cắt bớt: thu hẹp bộ lọc để có đủ các hồ sơ."),
            banner: None,
        })
    })
    .await
    .map_err(WebError::internal)?
    .map_err(WebError::internal)?;
    a.record(&st, &target, Outcome::Ok, &format!("xlsx: {n} dòng; {described}")).await?;
    let mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let disposition = "attachment; filename=\"ho-so-tham-tra.xlsx\"";
    Ok(([(header::CONTENT_TYPE, mime), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}
