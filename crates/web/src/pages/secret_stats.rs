//! The yearly statistics of state secrets for an organisation's subtree (ListSecretRegisters):
//! the page, and the report as PDF and xlsx. Reads and downloads are audited.

use crate::access::{Target, org_resource};
use crate::error::WebError;
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bvctnb_app::audit::Outcome;
use bvctnb_app::secrets::{LEVELS, MEASURES, YearlyStats};
use bvctnb_authz::Action;
use bvctnb_core::ids::OrgId;
use bvctnb_core::secret::IncidentKind;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct At {
    org: Option<OrgId>,
    year: Option<i32>,
}

pub struct Row {
    pub id: i64,
    pub name: String,
    pub depth: usize,
    pub cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "secrets/stats.html")]
struct Page {
    c: crate::chrome::Chrome,
    org_id: i64,
    org_name: String,
    year: i32,
    period: String,
    headings: Vec<String>,
    by_level: Vec<Vec<String>>,
    rows: Vec<Row>,
    levels: Vec<&'static str>,
}

/// The statistics asked for, after ListSecretRegisters on the organisation (audited as `action`).
async fn stats(st: &AppState, u: &User, at: &At, action: &'static str) -> Result<YearlyStats, WebError> {
    let org = at.org.or(u.access.scope()).ok_or_else(WebError::forbidden)?;
    let target = Target::org(action, org);
    u.access.require(st, Action::ListSecretRegisters, &org_resource(st, org), &target).await?;
    let year = at.year.unwrap_or_else(|| st.app.secret_report_year());
    let s = st.app.secret_yearly_stats(org, year).await?;
    u.access.record(st, &target, Outcome::Ok, &format!("năm {year}")).await?;
    Ok(s)
}

pub async fn page(State(st): State<AppState>, u: User, Query(at): Query<At>) -> PageResult {
    let s = stats(&st, &u, &at, "secret.stats.read").await?;
    let dmy = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    let root = s.rows.first();
    let by_level = MEASURES
        .iter()
        .enumerate()
        .map(|(m, (_, name))| {
            let mut r = vec![name.to_string()];
            r.extend(root.map(|o| o.cells[m].to_vec()).unwrap_or_default().iter().map(i64::to_string));
            r.push(root.map(|o| o.total(m)).unwrap_or(0).to_string());
            r
        })
        .collect();
    let mut headings: Vec<String> = MEASURES.iter().map(|(_, n)| n.to_string()).collect();
    headings.extend(IncidentKind::ALL.iter().map(|k| k.label().to_string()));
    // The organisation and those directly under it; each opens its own report.
    let rows = s
        .rows
        .iter()
        .filter(|o| o.depth <= 1)
        .map(|o| {
            let mut cells: Vec<String> = (0..MEASURES.len()).map(|m| o.total(m).to_string()).collect();
            cells.extend(o.incidents.iter().map(i64::to_string));
            Row { id: o.org.0, name: o.name.clone(), depth: o.depth, cells }
        })
        .collect();
    let page = Page {
        c: u.chrome(&st, "Thống kê bảo vệ bí mật nhà nước", "/secrets"),
        org_id: s.org.0,
        org_name: st.app.tree().get(s.org).map(|n| n.name.clone()).unwrap_or_default(),
        year: s.year,
        period: format!("Từ ngày {} đến ngày {}; hạn gửi báo cáo ngày {}", dmy(s.from), dmy(s.to), dmy(s.due)),
        headings,
        by_level,
        rows,
        levels: LEVELS.iter().map(|l| l.label()).collect(),
    };
    Ok(render(&page))
}

pub async fn file(
    State(st): State<AppState>,
    u: User,
    Path(ext): Path<String>,
    Query(at): Query<At>,
) -> Result<Response, WebError> {
    let (action, mime) = match ext.as_str() {
        "pdf" => ("secret.stats.print", "application/pdf"),
        "xlsx" => ("secret.stats.export", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        _ => return Err(WebError::not_found("tệp")),
    };
    let s = stats(&st, &u, &at, action).await?;
    let bytes = match ext.as_str() {
        "pdf" => st.app.secret_stats_pdf(&s).await?,
        _ => st.app.secret_stats_xlsx(&s).await?,
    };
    let disposition = format!("attachment; filename=\"thong-ke-bmnn-{}-{}.{ext}\"", s.year, s.org);
    Ok(([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}
