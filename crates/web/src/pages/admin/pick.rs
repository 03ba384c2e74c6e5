//! What an administrator types for an account's scope and linked dossier, read back: an
//! organisation by its path or a name only it has (suggested as it is typed), a dossier by its
//! CCCD or party card number, or either by its code. The field then shows what was picked in
//! words, with the code in brackets so it reads back the same.

use crate::pages::{PageResult, User, render};
use crate::reads::search::as_number;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_core::org::OrgTree;
use bvctnb_core::text::{fold, vi_cmp};

/// Suggestions at most per keystroke.
const SUGGESTIONS: usize = 20;

/// `«path» (mã N)`: what the scope field shows and offers.
pub fn org_text(tree: &OrgTree, id: OrgId) -> String {
    format!("{} (mã {id})", tree.path_label(id))
}

/// The number in a trailing `(<word> N)`.
fn bracketed(s: &str, word: &str) -> Option<i64> {
    let inner = s.strip_suffix(')')?.rsplit_once(&format!("({word} "))?.1;
    inner.trim().parse().ok()
}

/// The organisation typed: a code, the text offered (`path (mã N)`), a full path, or a name
/// (folded: no marks, any case) that only one organisation has. `None` when left empty.
pub fn org_from_text(tree: &OrgTree, typed: &str) -> Result<Option<OrgId>, String> {
    let s = typed.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let code = bracketed(s, "mã").or_else(|| s.parse().ok());
    if let Some(id) = code {
        return tree.get(OrgId(id)).map(|n| Some(n.id)).ok_or_else(|| format!("không có tổ chức mã {id}"));
    }
    let want = fold(s);
    let by_path: Vec<OrgId> = tree.nodes().filter(|n| fold(&tree.path_label(n.id)) == want).map(|n| n.id).collect();
    let found = if by_path.is_empty() {
        tree.nodes().filter(|n| fold(&n.name) == want).map(|n| n.id).collect()
    } else {
        by_path
    };
    match found.as_slice() {
        [one] => Ok(Some(*one)),
        [] => Err(format!("không có tổ chức nào tên «{s}»: gõ vài chữ rồi chọn trong danh sách gợi ý")),
        many => {
            let mut paths: Vec<String> = many.iter().take(5).map(|o| org_text(tree, *o)).collect();
            paths.sort_by(|a, b| vi_cmp(a, b));
            Err(format!("có {} tổ chức tên «{s}»: chọn một trong danh sách gợi ý ({}…)", many.len(), paths.join("; ")))
        }
    }
}

/// Organisations whose name or path has the words typed, shallow ones first.
pub fn org_suggestions(tree: &OrgTree, typed: &str) -> Vec<String> {
    let words: Vec<String> = fold(typed).split_whitespace().map(str::to_string).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(usize, String)> = tree
        .nodes()
        .filter(|n| {
            let path = fold(&tree.path_label(n.id));
            words.iter().all(|w| path.contains(w.as_str()))
        })
        .map(|n| (tree.ancestors(n.id).len(), org_text(tree, n.id)))
        .collect();
    hits.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| vi_cmp(&a.1, &b.1)));
    hits.into_iter().take(SUGGESTIONS).map(|(_, t)| t).collect()
}

#[derive(serde::Deserialize, Default)]
pub struct SuggestParams {
    #[serde(default)]
    scope_org: String,
}

#[derive(Template)]
#[template(source = "{% for o in options %}<option value=\"{{ o }}\"></option>{% endfor %}", ext = "html")]
struct Options {
    options: Vec<String>,
}

/// `/admin/orgs/suggest?scope_org=…`: the `<option>`s of the scope field's list.
pub async fn suggest(State(st): State<AppState>, u: User, Query(p): Query<SuggestParams>) -> PageResult {
    super::require_admin(&st, &u, "account.read").await?;
    Ok(render(&Options { options: org_suggestions(&st.app.tree(), &p.scope_org) }))
}

/// `Name, birth year (hồ sơ N)`: what the dossier field shows.
pub async fn person_text(st: &AppState, id: PersonId) -> String {
    match st.app.person_summaries(&[id]).await.ok().and_then(|s| s.into_iter().next()) {
        Some(s) => format!("{}, {} (hồ sơ {id})", s.full_name, s.birth_year),
        None => format!("(hồ sơ {id})"),
    }
}

/// The dossier typed: the text shown (`… (hồ sơ N)`), a code, or a CCCD or party card number
/// only one dossier has. `None` when left empty.
pub async fn person_from_text(st: &AppState, typed: &str) -> Result<Option<PersonId>, String> {
    let s = typed.trim();
    if s.is_empty() {
        return Ok(None);
    }
    // A code is short; a card number has six digits or more.
    let code = bracketed(s, "hồ sơ").or_else(|| s.parse::<i64>().ok().filter(|_| s.len() < 6));
    if let Some(id) = code {
        return match st.app.person(PersonId(id)).await {
            Ok(Some(_)) => Ok(Some(PersonId(id))),
            _ => Err(format!("không có hồ sơ mã {id}")),
        };
    }
    let Some(number) = as_number(s) else {
        return Err("ghi số CCCD, số thẻ đảng viên hoặc mã hồ sơ".into());
    };
    match st.app.persons_by_number(&number).await.map_err(|e| e.to_string())?.as_slice() {
        [one] => Ok(Some(*one)),
        [] => Err(format!("không có hồ sơ nào mang số «{s}»")),
        _ => Err(format!("nhiều hồ sơ mang số «{s}»: ghi mã hồ sơ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bracketed_code_is_read_back() {
        assert_eq!(bracketed("Tỉnh › Xã A (mã 12)", "mã"), Some(12));
        assert_eq!(bracketed("Nguyễn Văn An, 1980 (hồ sơ 7)", "hồ sơ"), Some(7));
        assert_eq!(bracketed("Xã A", "mã"), None);
        assert_eq!(bracketed("Xã A (mã x)", "mã"), None);
    }

    fn tree() -> OrgTree {
        use bvctnb_core::org::{OrgKind::*, OrgNode};
        OrgTree::from_nodes([
            OrgNode::new(1, None, Central, "Trung ương"),
            OrgNode::new(2, Some(1), DirectlyUnderCentral, "Đảng bộ tỉnh Đồng Nai"),
            OrgNode::new(3, Some(2), GrassrootsCommittee, "Đảng bộ xã Long An"),
            OrgNode::new(4, Some(2), GrassrootsCommittee, "Đảng bộ xã Phú Hữu"),
            OrgNode::new(5, Some(3), Cell, "Chi bộ Cơ quan chính quyền"),
            OrgNode::new(6, Some(4), Cell, "Chi bộ Cơ quan chính quyền"),
        ])
        .unwrap()
    }

    #[test]
    fn a_shared_name_is_refused_with_the_choices_and_a_path_or_code_picks_one() {
        let t = tree();
        let e = org_from_text(&t, "chi bo co quan chinh quyen").unwrap_err();
        assert!(e.starts_with("có 2 tổ chức tên «chi bo co quan chinh quyen»"), "{e}");
        assert!(e.contains("Đảng bộ xã Long An › Chi bộ Cơ quan chính quyền (mã 5)") && e.contains("(mã 6)"), "{e}");
        let path = "Trung ương › Đảng bộ tỉnh Đồng Nai › Đảng bộ xã Phú Hữu › Chi bộ Cơ quan chính quyền";
        assert_eq!(org_from_text(&t, path), Ok(Some(OrgId(6))));
        assert_eq!(org_from_text(&t, &org_text(&t, OrgId(5))), Ok(Some(OrgId(5))), "what the field shows reads back");
        assert_eq!(org_from_text(&t, "dang bo xa phu huu"), Ok(Some(OrgId(4))), "a name only one has, unmarked");
        assert_eq!(org_from_text(&t, " 3 "), Ok(Some(OrgId(3))));
        assert_eq!(org_from_text(&t, ""), Ok(None));
        assert!(org_from_text(&t, "99").unwrap_err().contains("không có tổ chức mã 99"));
    }

    #[test]
    fn suggestions_match_every_word_typed_shallow_first() {
        let t = tree();
        let s = org_suggestions(&t, "phu huu");
        assert_eq!(s[0], org_text(&t, OrgId(4)), "{s:?}");
        assert_eq!(s.len(), 2, "the commune and its cell: {s:?}");
        assert_eq!(org_suggestions(&t, "co quan long an"), vec![org_text(&t, OrgId(5))]);
        assert!(org_suggestions(&t, "  ").is_empty());
    }
}
