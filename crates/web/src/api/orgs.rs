//! Organisations: one node with its children, the persons of a subtree, and the export of a
//! subtree. Every list is filtered by scope in the query.

use super::{ApiResult, ApiUser};
use crate::access::{Target, org_resource};
use crate::error::{ErrorEnvelope, WebError};
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bvctnb_app::audit::Outcome;
use bvctnb_authz::Action;
use bvctnb_core::ids::OrgId;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct OrgBrief {
    pub id: i64,
    pub name: String,
    pub kind: String,
}

#[derive(Serialize, ToSchema)]
pub struct OrgOut {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub code: String,
    pub parent: Option<i64>,
    pub children: Vec<OrgBrief>,
}

fn known(st: &AppState, id: OrgId) -> Result<bvctnb_core::org::OrgNode, WebError> {
    st.app.tree().get(id).cloned().ok_or_else(|| WebError::not_found("tổ chức"))
}

#[utoipa::path(get, path = "/api/v1/orgs/{id}", tag = "tổ chức", params(("id" = i64, Path)), responses((status = 200, body = OrgOut), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn get_org(State(st): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<OrgId>) -> ApiResult<OrgOut> {
    let n = known(&st, id)?;
    a.require(&st, Action::BrowseOrgs, &org_resource(&st, id), &Target::org("org.read", id)).await?;
    let tree = st.app.tree();
    let mut children: Vec<OrgBrief> = tree
        .children(id)
        .iter()
        .filter_map(|c| tree.get(*c))
        .map(|c| OrgBrief { id: c.id.0, name: c.name.clone(), kind: c.kind.code().into() })
        .collect();
    children.sort_by(|x, y| bvctnb_core::text::vi_natural_cmp(&x.name, &y.name));
    Ok(Json(OrgOut {
        id: id.0,
        name: n.name,
        kind: n.kind.code().into(),
        code: n.code,
        parent: n.parent.map(|p| p.0),
        children,
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct ListParams {
    /// At most 1000.
    pub limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct PersonBrief {
    pub id: i64,
    pub org_id: i64,
    pub full_name: String,
    pub birth_year: i32,
    pub recused: bool,
}

#[utoipa::path(get, path = "/api/v1/orgs/{id}/persons", tag = "tổ chức", params(("id" = i64, Path), ListParams), responses((status = 200, body = [PersonBrief]), (status = 403, body = ErrorEnvelope)))]
pub async fn persons(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<OrgId>,
    Query(p): Query<ListParams>,
) -> ApiResult<Vec<PersonBrief>> {
    known(&st, id)?;
    a.require(&st, Action::SearchPersons, &org_resource(&st, id), &Target::org("org.persons", id)).await?;
    let list = st.app.persons_in_org(id, p.limit.unwrap_or(100).clamp(1, 1000)).await?;
    a.record(&st, &Target::org("org.persons", id), Outcome::Ok, &format!("api, {} người", list.len())).await?;
    Ok(Json(
        list.into_iter()
            .map(|s| PersonBrief {
                recused: a.principal.recused.contains(&s.id) || a.principal.person == Some(s.id),
                id: s.id.0,
                org_id: s.org_id.0,
                full_name: s.full_name,
                birth_year: s.birth_year,
            })
            .collect(),
    ))
}

/// Every dossier of the subtree as JSON Lines (`{"id":…,"org_id":…,"version":…,"declaration":…}`),
/// streamed; the caller's own and relatives' dossiers are left out (recusal).
#[utoipa::path(get, path = "/api/v1/orgs/{id}/export", tag = "tổ chức", params(("id" = i64, Path)), responses((status = 200, description = "JSON Lines", content_type = "application/x-ndjson"), (status = 403, body = ErrorEnvelope)))]
pub async fn export(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<OrgId>,
) -> Result<Response, WebError> {
    known(&st, id)?;
    a.require(&st, Action::ExportPersons, &org_resource(&st, id), &Target::org("org.export", id)).await?;
    a.record(&st, &Target::org("org.export", id), Outcome::Ok, "api").await?;
    let mut skip = a.principal.recused.clone();
    skip.extend(a.principal.person);
    let stream = async_stream(st.app.clone(), id, skip);
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8")], Body::from_stream(stream)).into_response())
}

fn async_stream(
    app: std::sync::Arc<bvctnb_app::App>,
    org: OrgId,
    skip: Vec<bvctnb_core::ids::PersonId>,
) -> impl futures::Stream<Item = Result<String, std::io::Error>> + Send + 'static {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<String, std::io::Error>>(64);
    tokio::spawn(async move {
        let mut s = app.stream_persons_under(org, bvctnb_core::ids::PersonId(0));
        while let Some(item) = s.next().await {
            let line = match item {
                Ok(r) if skip.contains(&r.id) => continue,
                Ok(r) => {
                    let v = serde_json::json!({"id": r.id, "org_id": r.org_id, "version": r.version, "declaration": r.declaration});
                    Ok(format!("{v}\n"))
                }
                Err(e) => Err(std::io::Error::other(e.to_string())),
            };
            let stop = line.is_err();
            if tx.send(line).await.is_err() || stop {
                break;
            }
        }
    });
    tokio_stream_from(rx)
}

fn tokio_stream_from<T: Send + 'static>(
    mut rx: tokio::sync::mpsc::Receiver<T>,
) -> impl futures::Stream<Item = T> + Send {
    futures::stream::poll_fn(move |cx| rx.poll_recv(cx))
}
