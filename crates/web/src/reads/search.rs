//! Person search inside the caller's scope (a filter in the index query, not on the
//! results), audited; the search page and the API share it.

use crate::access::{Access, Target, org_resource};
use crate::error::WebError;
use crate::state::AppState;
use bvctnb_app::audit::Outcome;
use bvctnb_app::search::{Hit, SearchQuery};
use bvctnb_authz::Action;

/// Runs a scoped search for the caller, auditing it. Shared with the API.
pub async fn scoped_search(
    st: &AppState,
    a: &Access,
    text: &str,
    year: Option<i32>,
    limit: usize,
) -> Result<Vec<Hit>, WebError> {
    let scope = a.scope().ok_or_else(WebError::forbidden)?;
    a.require(st, Action::SearchPersons, &org_resource(st, scope), &Target::org("search", scope)).await?;
    // The root's subtree is everything: a filter on it would only intersect every posting.
    let is_root = st.app.tree().get(scope).is_some_and(|n| n.parent.is_none());
    let org = (!is_root).then_some(scope.0);
    let q = SearchQuery { text: text.to_string(), birth_year: year, org, limit };
    let hits = st.app.search_async(q).await?;
    let detail =
        format!("\"{text}\"{}: {} kết quả", year.map(|y| format!(", năm sinh {y}")).unwrap_or_default(), hits.len());
    a.record(st, &Target::org("search", scope), Outcome::Ok, &detail).await?;
    Ok(hits)
}
