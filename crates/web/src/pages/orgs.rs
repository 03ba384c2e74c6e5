//! The organisation tree, opened lazily: one level per request, never the whole tree.

use super::{PageResult, User, render};
use crate::access::{Target, org_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use bvctnb_app::audit::Outcome;
use bvctnb_authz::Action;
use bvctnb_core::ids::OrgId;
use bvctnb_core::text::vi_cmp;

pub struct OrgLink {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub has_children: bool,
}

pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub birth_year: i32,
    pub recused: bool,
}

#[derive(Template)]
#[template(path = "orgs/show.html")]
struct OrgPage {
    c: Chrome,
    name: String,
    kind: String,
    crumbs: Vec<OrgLink>,
    children: Vec<OrgLink>,
    persons: Vec<PersonRow>,
    show_persons: bool,
    limit: i64,
}

#[derive(Template)]
#[template(path = "orgs/children.html")]
struct Children {
    children: Vec<OrgLink>,
}

fn links(st: &AppState, ids: &[OrgId]) -> Vec<OrgLink> {
    let tree = st.app.tree();
    let mut out: Vec<OrgLink> = ids
        .iter()
        .filter_map(|id| tree.get(*id))
        .filter(|n| n.is_active())
        .map(|n| OrgLink {
            id: n.id.0,
            name: n.name.clone(),
            kind: n.kind.label().to_string(),
            has_children: !tree.children(n.id).is_empty(),
        })
        .collect();
    out.sort_by(|a, b| bvctnb_core::text::vi_natural_cmp(&a.name, &b.name));
    out
}

pub async fn root(u: User) -> PageResult {
    match u.access.scope() {
        Some(o) => Ok(Redirect::to(&format!("/orgs/{o}")).into_response()),
        None => Err(WebError::forbidden().into()),
    }
}

const LIST_LIMIT: i64 = 200;

pub async fn show(State(st): State<AppState>, u: User, Path(id): Path<OrgId>) -> PageResult {
    let tree = st.app.tree();
    let node = tree.get(id).ok_or_else(|| WebError::not_found("tổ chức"))?.clone();
    let r = org_resource(&st, id);
    let a = &u.access;
    a.require(&st, Action::BrowseOrgs, &r, &Target::org("org.read", id)).await?;
    let show_persons = a.allows(&st, Action::SearchPersons, &r);
    let mut persons = Vec::new();
    if show_persons {
        let mut list = st.app.persons_in_org(id, LIST_LIMIT).await?;
        list.sort_by(|x, y| vi_cmp(&x.full_name, &y.full_name));
        persons = list
            .into_iter()
            .map(|p| PersonRow {
                recused: a.principal.recused.contains(&p.id) || a.principal.person == Some(p.id),
                id: p.id.0,
                name: p.full_name,
                birth_year: p.birth_year,
            })
            .collect();
        a.record(&st, &Target::org("org.persons", id), Outcome::Ok, &format!("{} người", persons.len())).await?;
    }
    // Breadcrumb only inside the user's scope: what lies above is not theirs to browse.
    let mut chain = tree.ancestors(id);
    if let Some(pos) = a.scope().and_then(|s| chain.iter().position(|x| *x == s)) {
        chain.truncate(pos + 1);
    }
    chain.reverse();
    chain.pop();
    let crumbs = chain
        .iter()
        .filter_map(|c| tree.get(*c))
        .map(|n| OrgLink { id: n.id.0, name: n.name.clone(), kind: String::new(), has_children: true })
        .collect();
    Ok(render(&OrgPage {
        c: u.chrome(&st, node.name.clone(), "/orgs"),
        name: node.name.clone(),
        kind: node.kind.label().to_string(),
        crumbs,
        children: links(&st, tree.children(id)),
        persons,
        show_persons,
        limit: LIST_LIMIT,
    }))
}

/// The next level of the tree, as a fragment for htmx.
pub async fn children(State(st): State<AppState>, u: User, Path(id): Path<OrgId>) -> PageResult {
    let tree = st.app.tree();
    if tree.get(id).is_none() {
        return Err(WebError::not_found("tổ chức").into());
    }
    u.access.require(&st, Action::BrowseOrgs, &org_resource(&st, id), &Target::org("org.read", id)).await?;
    Ok(render(&Children { children: links(&st, tree.children(id)) }))
}
