//! Person search as you type: no diacritics needed, one typo tolerated, always inside the
//! user's scope (the scope is a filter in the index query, not a filter on the results).

use super::{PageResult, User, render};
use crate::access::{Target, org_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use bvctnb_authz::Action;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub year: String,
}

pub struct HitRow {
    pub id: i64,
    pub name: String,
    pub birth_year: String,
    pub recused: bool,
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
}

#[derive(Template)]
#[template(path = "search/results.html")]
struct Results {
    hits: Vec<HitRow>,
    searched: bool,
    error: String,
}

pub const LIMIT: usize = 30;

pub use crate::reads::search::scoped_search;

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
    let mut hits = Vec::new();
    if searched {
        hits = scoped_search(&st, a, &text, year, LIMIT)
            .await?
            .into_iter()
            .map(|h| {
                let pid = bvctnb_core::ids::PersonId(h.id);
                HitRow {
                    recused: a.principal.recused.contains(&pid) || a.principal.person == Some(pid),
                    id: h.id,
                    name: h.full_name,
                    birth_year: h.birth_year.map(|y| y.to_string()).unwrap_or_default(),
                }
            })
            .collect();
    } else if let Some(scope) = a.scope() {
        a.require(&st, Action::SearchPersons, &org_resource(&st, scope), &Target::org("search", scope)).await?;
    } else {
        return Err(WebError::forbidden().into());
    }
    if u.htmx {
        return Ok(render(&Results { hits, searched, error }));
    }
    Ok(render(&SearchPage {
        c: u.chrome(&st, "Tìm hồ sơ", "/search"), q: p.q, year: p.year, error, hits, searched
    }))
}
