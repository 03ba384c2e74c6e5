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
use bvctnb_search::SearchQuery;
use bvctnb_store::audit::Outcome;
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

/// Runs a scoped search for the caller, auditing it. Shared with the API.
pub async fn scoped_search(
    st: &AppState,
    a: &crate::access::Access,
    text: &str,
    year: Option<i32>,
    limit: usize,
) -> Result<Vec<bvctnb_search::Hit>, WebError> {
    let scope = a.scope().ok_or_else(WebError::forbidden)?;
    a.require(st, Action::SearchPersons, &org_resource(st, scope), &Target::org("search", scope)).await?;
    // The root's subtree is everything: a filter on it would only intersect every posting.
    let is_root = st.app.tree().get(scope).is_some_and(|n| n.parent.is_none());
    let org = (!is_root).then_some(scope.0);
    let q = SearchQuery { text: text.to_string(), birth_year: year, org, limit };
    let app = st.app.clone();
    let hits = tokio::task::spawn_blocking(move || app.search(&q)).await.map_err(WebError::internal)??;
    let detail =
        format!("\"{text}\"{}: {} kết quả", year.map(|y| format!(", năm sinh {y}")).unwrap_or_default(), hits.len());
    a.record(st, &Target::org("search", scope), Outcome::Ok, &detail).await?;
    Ok(hits)
}

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
