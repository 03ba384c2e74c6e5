//! Person search as you type: no diacritics needed, one typo tolerated, or a CCCD / party card
//! number; always inside the user's scope (the scope is a filter in the index query, not a
//! filter on the results). Every hit shows what tells namesakes apart: birth date, hometown
//! and the organisation path; the total is given and the list pages.

use super::{PageResult, User, render};
use crate::access::{Target, org_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::format::thousands;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use bvctnb_authz::Action;
use bvctnb_core::ids::PersonId;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize, Default)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub year: String,
    /// 1-based page of the results.
    #[serde(default)]
    pub page: Option<usize>,
}

pub struct HitRow {
    pub id: i64,
    pub name: String,
    pub birth: String,
    pub hometown: String,
    pub org: String,
    pub recused: bool,
}

/// What a results block shows besides its rows.
pub struct Paging {
    pub total: String,
    /// The index stopped at its most: there may be more than the total says.
    pub more: bool,
    pub page: usize,
    pub pages: usize,
    pub prev: String,
    pub next: String,
}

#[derive(Template)]
#[template(path = "search/index.html")]
struct SearchPage {
    c: Chrome,
    q: String,
    year: String,
    error: String,
    hits: Vec<HitRow>,
    searched: bool,
    paging: Paging,
}

#[derive(Template)]
#[template(path = "search/results.html")]
struct Results {
    hits: Vec<HitRow>,
    searched: bool,
    error: String,
    paging: Paging,
}

/// Rows on a page of results.
pub const PER_PAGE: usize = 30;

pub use crate::reads::search::{as_number, scoped_number_search, scoped_search};

pub async fn page(State(st): State<AppState>, u: User, Query(p): Query<SearchParams>) -> PageResult {
    let a = &u.access;
    let text = p.q.trim().to_string();
    let mut error = String::new();
    let year = match p.year.trim() {
        "" => None,
        y => match y.parse::<i32>() {
            Ok(v) if (1900..=2100).contains(&v) => Some(v),
            _ => {
                error = "Năm sinh: nhập 4 chữ số, ví dụ 1985".into();
                None
            }
        },
    };
    let searched = !text.is_empty() && error.is_empty();
    let mut all = Vec::new();
    if searched {
        all = match as_number(&text) {
            Some(n) => scoped_number_search(&st, a, &n).await?,
            None => scoped_search(&st, a, &text, year, bvctnb_app::search::MAX_LIMIT).await?,
        };
    } else if let Some(scope) = a.scope() {
        a.require(&st, Action::SearchPersons, &org_resource(&st, scope), &Target::org("search", scope)).await?;
    } else {
        return Err(WebError::forbidden().into());
    }
    let pages = all.len().div_ceil(PER_PAGE).max(1);
    let page = p.page.unwrap_or(1).clamp(1, pages);
    let shown: Vec<_> = all.iter().skip((page - 1) * PER_PAGE).take(PER_PAGE).collect();
    let ids: Vec<PersonId> = shown.iter().map(|h| PersonId(h.id)).collect();
    let summaries: HashMap<PersonId, _> = st.app.person_summaries(&ids).await?.into_iter().map(|s| (s.id, s)).collect();
    let tree = st.app.tree();
    let hits = shown
        .iter()
        .map(|h| {
            let pid = PersonId(h.id);
            let s = summaries.get(&pid);
            HitRow {
                recused: a.principal.recused.contains(&pid) || a.principal.person == Some(pid),
                id: h.id,
                name: h.full_name.clone(),
                birth: s
                    .map(|s| s.birth_date.clone())
                    .unwrap_or_else(|| h.birth_year.map(|y| y.to_string()).unwrap_or_default()),
                hometown: s.map(|s| s.hometown.clone()).unwrap_or_default(),
                org: s.map(|s| unit_path(&tree, s.org_id)).unwrap_or_default(),
            }
        })
        .collect();
    let link = |n: usize| format!("/search?q={}&year={}&page={n}", urlencoding(&p.q), urlencoding(&p.year));
    let paging = Paging {
        total: thousands(all.len() as i64),
        more: all.len() >= bvctnb_app::search::MAX_LIMIT,
        page,
        pages,
        prev: if page > 1 { link(page - 1) } else { String::new() },
        next: if page < pages { link(page + 1) } else { String::new() },
    };
    if u.htmx {
        return Ok(render(&Results { hits, searched, error, paging }));
    }
    Ok(render(&SearchPage {
        c: u.chrome(&st, "Tìm hồ sơ", "/search"),
        q: p.q,
        year: p.year,
        error,
        hits,
        searched,
        paging,
    }))
}

/// The organisation path below the Central Committee, nearest last ("Đảng bộ tỉnh … › Đảng bộ
/// xã … › Chi bộ …"): a cell's name alone exists in every commune.
fn unit_path(tree: &bvctnb_core::org::OrgTree, org: bvctnb_core::ids::OrgId) -> String {
    let full = tree.path_label(org);
    full.split_once(" › ").map_or(full.clone(), |(_, rest)| rest.to_string())
}

fn urlencoding(s: &str) -> String {
    crate::pages::cases::urlencode(s)
}
