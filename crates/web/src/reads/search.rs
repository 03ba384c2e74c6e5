//! Person search inside the caller's scope (a filter in the index query, not on the
//! results), audited; the search page and the API share it.

use crate::access::{Access, Target, org_resource};
use crate::error::WebError;
use crate::state::AppState;
use bvctnb_app::audit::Outcome;
use bvctnb_app::search::{Hit, SearchQuery};
use bvctnb_authz::Action;
use bvctnb_core::text::nfc;

/// Runs a scoped search for the caller, auditing it. Shared with the API. Within a tier of
/// the index's ranking, a name spelled with the very diacritics typed ("Nguyễn") comes before
/// one that only folds to them ("Nguyên").
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
    let mut hits = st.app.search_async(q).await?;
    let typed = words(text);
    // Stable: the index's order stays within the same (tier, exactness).
    hits.sort_by_key(|h| {
        (std::cmp::Reverse((h.score / 1000.0).floor() as i64), !spelled_as_typed(&h.full_name, &typed))
    });
    let detail =
        format!("\"{text}\"{}: {} kết quả", year.map(|y| format!(", năm sinh {y}")).unwrap_or_default(), hits.len());
    a.record(st, &Target::org("search", scope), Outcome::Ok, &detail).await?;
    Ok(hits)
}

/// What was typed as a CCCD or party card number, digits only, if it reads as one: the
/// officer copies it from a card, with its blanks, dots or dashes.
pub fn as_number(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
    (digits.len() >= 6 && digits.len() <= 12 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// The persons of the caller's scope whose CCCD or party card number is `number`, audited.
pub async fn scoped_number_search(st: &AppState, a: &Access, number: &str) -> Result<Vec<Hit>, WebError> {
    let scope = a.scope().ok_or_else(WebError::forbidden)?;
    a.require(st, Action::SearchPersons, &org_resource(st, scope), &Target::org("search", scope)).await?;
    let ids = st.app.persons_by_number(number).await?;
    let tree = st.app.tree();
    let hits: Vec<Hit> = st
        .app
        .person_summaries(&ids)
        .await?
        .into_iter()
        .filter(|s| tree.ancestors(s.org_id).contains(&scope))
        .map(|s| Hit { id: s.id.0, full_name: s.full_name, birth_year: Some(s.birth_year), score: 0.0 })
        .collect();
    // The number itself is not written into the trail: it is an identifier of a person.
    a.record(st, &Target::org("search", scope), Outcome::Ok, &format!("theo số giấy tờ: {} kết quả", hits.len()))
        .await?;
    Ok(hits)
}

fn words(s: &str) -> Vec<String> {
    nfc(s).to_lowercase().split_whitespace().map(str::to_string).collect()
}

/// Whether every word typed is a word of `name` with the same letters and marks.
fn spelled_as_typed(name: &str, typed: &[String]) -> bool {
    let name = words(name);
    !typed.is_empty() && typed.iter().all(|t| name.iter().any(|n| n == t || n.starts_with(t.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_spelled_as_typed_is_told_from_one_that_only_folds() {
        let typed = words("Nguyễn");
        assert!(spelled_as_typed("Nguyễn Văn An", &typed));
        assert!(!spelled_as_typed("Nguyên Văn An", &typed));
        // Without marks typed, nothing is preferred over anything.
        assert!(!spelled_as_typed("Nguyễn Văn An", &words("nguyen")));
    }

    #[test]
    fn a_card_number_is_read_with_its_blanks_and_dots() {
        assert_eq!(as_number("001 085 012 345").as_deref(), Some("001085012345"));
        assert_eq!(as_number("52.123.456").as_deref(), Some("52123456"));
        assert_eq!(as_number("nguyen"), None);
        assert_eq!(as_number("1985"), None);
    }
}
