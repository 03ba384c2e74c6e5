//! The secret registers through the API, with the pages' authorization, withholding and audit:
//! an organisation's books, a book's lines (content withheld below a line's level), one item
//! with its copies, take-outs and holds, registering an item, asking for copies, the
//! authority's decision, making the copies, asking to take an item out, and the destructions.

use super::{ApiResult, ApiUser};
use crate::access::{Access, Target, org_resource};
use crate::error::{ErrorEnvelope, WebError};
use crate::reads::cases::actor;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use bvctnb_app::audit::Outcome;
use bvctnb_app::secrets::{
    BookRow, CopyInput, CopyRow, DecisionInput, DestructionRow, HoldRow, ItemInput, Made, MakeInput, Registered,
    SecretItemRow, TakeoutInput, TakeoutRow, cell,
};
use bvctnb_authz::{Action, Resource};
use bvctnb_core::ids::{CopyRequestId, OrgId, SecretBookId, SecretItemId, TakeoutId, TripId};
use bvctnb_core::secret::{CopyForm, ItemOrigin, SecretLevel};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Runs an audited write and records a refusal as the pages do.
pub(super) async fn write<T>(
    st: &AppState,
    a: &Access,
    t: &Target<'_>,
    detail: &str,
    f: impl Future<Output = Result<T, bvctnb_app::Error>>,
) -> ApiResult<T> {
    match a.write(st, t, detail, f).await {
        Ok(v) => Ok(Json(v)),
        Err(e) => {
            a.record(st, t, Outcome::Failed, &format!("api: {}", e.envelope().error.message)).await?;
            Err(e)
        }
    }
}

pub(super) async fn listed(st: &AppState, a: &Access, org: OrgId, action: &'static str) -> Result<(), WebError> {
    if st.app.tree().get(org).is_none() {
        return Err(WebError::not_found("tổ chức"));
    }
    a.require(st, Action::ListSecretRegisters, &org_resource(st, org), &Target::org(action, org)).await
}

/// The item after `action` on it (ReadSecretItem or AuthorizeSecretUse; the refusal audited).
pub(super) async fn item_for(
    st: &AppState,
    a: &Access,
    id: SecretItemId,
    action: Action,
    audit: &'static str,
) -> Result<SecretItemRow, WebError> {
    let i = st.app.secret_item(id).await?;
    let r = Resource::SecretItem { id, org_chain: st.app.tree().ancestors(i.org_id), level: i.level.clearance() };
    a.require(st, Action::ReadSecretItem, &r, &Target::plain(audit, "secret_item", id.to_string())).await?;
    if action != Action::ReadSecretItem {
        a.require(st, action, &r, &Target::plain(audit, "secret_item", id.to_string())).await?;
    }
    Ok(i)
}

#[utoipa::path(get, path = "/api/v1/orgs/{id}/secret-books", tag = "bí mật nhà nước", params(("id" = i64, Path)),
    responses((status = 200, body = [Object]), (status = 403, body = ErrorEnvelope)))]
pub async fn books(State(st): State<AppState>, ApiUser(a): ApiUser, Path(org): Path<OrgId>) -> ApiResult<Vec<BookRow>> {
    listed(&st, &a, org, "secret.books").await?;
    let books = st.app.secret_books(org).await?;
    a.record(&st, &Target::org("secret.books", org), Outcome::Ok, "api").await?;
    Ok(Json(books))
}

#[derive(Deserialize, IntoParams)]
pub struct From {
    /// The serial the page starts at (default 1); 50 lines a page.
    from: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct LineOut {
    pub serial: i64,
    /// The content is withheld: the reader is not cleared for the line's level.
    pub withheld: bool,
    pub cancelled: bool,
    /// The item, when the reader may read it.
    pub item: Option<i64>,
    /// Each column of the book's form in force, as printed: [heading, text].
    pub cells: Vec<(String, String)>,
}

#[derive(Serialize, ToSchema)]
pub struct PageOut {
    #[schema(value_type = Object)]
    pub book: BookRow,
    pub lines: Vec<LineOut>,
    /// The highest level on the page ("TỐI MẬT"), for the banner.
    pub banner: Option<String>,
    pub next_from: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/secret-books/{id}/lines", tag = "bí mật nhà nước", params(("id" = i64, Path), From),
    responses((status = 200, body = PageOut), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn lines(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<SecretBookId>,
    Query(q): Query<From>,
) -> ApiResult<PageOut> {
    let book = st.app.secret_book(id).await?;
    listed(&st, &a, book.org_id, "secret.book.read").await?;
    let page = st.app.secret_book_page(book, q.from.unwrap_or(1), a.principal.clearance).await?;
    let rules = st.app.secret_rules();
    let on = NaiveDate::from_ymd_opt(page.book.year, 12, 31).unwrap_or(st.today()).min(st.today());
    let form = rules.register(page.book.kind, on);
    let lines: Vec<LineOut> = page
        .entries
        .iter()
        .map(|e| LineOut {
            serial: e.row.serial,
            withheld: e.withheld,
            cancelled: e.row.cancelled_on.is_some(),
            item: e.row.item.as_ref().filter(|_| !e.withheld).map(|i| i.id.0),
            cells: form.columns.iter().map(|c| (c.1.clone(), cell(e, c.0, rules))).collect(),
        })
        .collect();
    let detail = format!("api, {} dòng", lines.len());
    a.record(&st, &Target::plain("secret.book.read", "secret_book", id.to_string()), Outcome::Ok, &detail).await?;
    Ok(Json(PageOut { book: page.book, lines, banner: page.highest.map(|l| l.mark()), next_from: page.next_from }))
}

#[derive(Serialize, ToSchema)]
pub struct ItemOut {
    #[schema(value_type = Object)]
    pub item: SecretItemRow,
    #[schema(value_type = Vec<Object>)]
    pub copies: Vec<CopyRow>,
    #[schema(value_type = Vec<Object>)]
    pub takeouts: Vec<TakeoutRow>,
    #[schema(value_type = Vec<Object>)]
    pub holds: Vec<HoldRow>,
    /// For a caller who may allow copies: the authorities of the table for this item, as the
    /// decision's `authority` names them.
    pub approvers: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/secret-items/{id}", tag = "bí mật nhà nước", params(("id" = i64, Path)),
    responses((status = 200, body = ItemOut), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn item(State(st): State<AppState>, ApiUser(a): ApiUser, Path(id): Path<SecretItemId>) -> ApiResult<ItemOut> {
    let item = item_for(&st, &a, id, Action::ReadSecretItem, "secret.item.read").await?;
    let r = Resource::SecretItem { id, org_chain: st.app.tree().ancestors(item.org_id), level: item.level.clearance() };
    let approvers = match a.allows(&st, Action::AuthorizeSecretUse, &r) {
        true => st.app.copy_approvers(id).await?.iter().map(|x| x.key()).collect(),
        false => Vec::new(),
    };
    let out = ItemOut {
        approvers,
        copies: st.app.secret_copies_of(id).await?,
        takeouts: st.app.secret_takeouts_of(id).await?,
        holds: st.app.secret_holds(id).await?,
        item,
    };
    a.record(&st, &Target::plain("secret.item.read", "secret_item", id.to_string()), Outcome::Ok, "api").await?;
    Ok(Json(out))
}

/// A classified item to register, with its first line. Dates are `yyyy-mm-dd`.
#[derive(Deserialize, ToSchema)]
pub struct ItemIn {
    #[schema(value_type = String, example = "received")]
    pub origin: ItemOrigin,
    pub number_symbol: String,
    #[schema(value_type = String, format = Date)]
    pub doc_date: NaiveDate,
    pub issuer: String,
    pub doc_type: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub summary_consent: bool,
    #[schema(value_type = String, example = "toi_mat")]
    pub level: SecretLevel,
    pub classifier: String,
    #[serde(default)]
    pub signer: String,
    pub period_years: Option<u32>,
    #[serde(default)]
    pub period_reason: String,
    pub copies_issued: Option<u32>,
    #[schema(value_type = Option<String>, format = Date)]
    pub entered_on: Option<NaiveDate>,
    #[serde(default)]
    pub arrival_number: String,
    #[serde(default)]
    pub counterpart: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub note: String,
    /// An incoming envelope only the person named may open: that person.
    #[serde(default)]
    pub named_to: String,
}

#[utoipa::path(post, path = "/api/v1/orgs/{id}/secret-items", tag = "bí mật nhà nước", params(("id" = i64, Path)), request_body = ItemIn,
    responses((status = 200, body = Object), (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub async fn register(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(org): Path<OrgId>,
    Json(b): Json<ItemIn>,
) -> ApiResult<Registered> {
    let t = Target::org("secret.register", org);
    a.require(&st, Action::KeepSecretRegisters, &org_resource(&st, org), &t).await?;
    let detail = format!("api, {}: {}", b.level.code(), b.number_symbol);
    let i = ItemInput {
        origin: Some(b.origin),
        number_symbol: b.number_symbol,
        doc_date: Some(b.doc_date),
        issuer: b.issuer,
        doc_type: b.doc_type,
        summary: b.summary,
        summary_consent: b.summary_consent,
        level: Some(b.level),
        classifier: b.classifier,
        signer: b.signer,
        period_years: b.period_years,
        period_reason: b.period_reason,
        copies_issued: b.copies_issued,
        entered_on: b.entered_on,
        arrival_number: b.arrival_number,
        counterpart: b.counterpart,
        receipt: String::new(),
        unit: b.unit,
        note: b.note,
        named_to: b.named_to,
    };
    let who = actor(&a);
    write(
        &st,
        &a,
        &Target::new_record("secret.register", "secret_item", None),
        &detail,
        st.app.register_secret_item(&who, org, i),
    )
    .await
}

#[derive(Deserialize, ToSchema)]
pub struct CopyIn {
    #[schema(value_type = String, example = "sao_y")]
    pub form: CopyForm,
    pub count: u32,
    pub purpose: String,
    #[serde(default)]
    pub counterpart: String,
}

#[utoipa::path(post, path = "/api/v1/secret-items/{id}/copies", tag = "bí mật nhà nước", params(("id" = i64, Path)), request_body = CopyIn,
    responses((status = 200, body = i64), (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub async fn request_copy(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<SecretItemId>,
    Json(b): Json<CopyIn>,
) -> ApiResult<CopyRequestId> {
    let item = item_for(&st, &a, id, Action::ReadSecretItem, "secret.copy.request").await?;
    let t = Target::plain("secret.copy.request", "secret_item", id.to_string());
    a.require(&st, Action::KeepSecretRegisters, &org_resource(&st, item.org_id), &t).await?;
    let detail = format!("api, {} {} bản", b.form.code(), b.count);
    let i = CopyInput { form: Some(b.form), count: Some(b.count), purpose: b.purpose, counterpart: b.counterpart };
    let who = actor(&a);
    write(&st, &a, &t, &detail, st.app.request_secret_copy(&who, id, i)).await
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionIn {
    pub version: i64,
    pub approve: bool,
    #[serde(default)]
    pub count: Option<u32>,
    /// The title as `GET` of the item's approvers names it: `"{org}|{title}"`.
    pub authority: String,
    pub approver_name: String,
    #[serde(default)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/v1/secret-copies/{id}/decision", tag = "bí mật nhà nước", params(("id" = i64, Path)), request_body = DecisionIn,
    responses((status = 200), (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub async fn decide_copy(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<CopyRequestId>,
    Json(b): Json<DecisionIn>,
) -> ApiResult<()> {
    let req = st.app.secret_copy(id).await?;
    item_for(&st, &a, req.item_id, Action::AuthorizeSecretUse, "secret.copy.decide").await?;
    let t = Target::plain("secret.copy.decide", "secret_copy", id.to_string());
    let detail = format!("api, {} {:?}", b.approve, b.count);
    let i = DecisionInput {
        approve: Some(b.approve),
        count: b.count,
        authority: b.authority,
        approver_name: b.approver_name,
        note: b.note,
    };
    let who = actor(&a);
    write(&st, &a, &t, &detail, st.app.decide_secret_copy(&who, id, b.version, i)).await
}

#[derive(Deserialize, ToSchema)]
pub struct MakeIn {
    pub version: i64,
    pub count: u32,
    #[serde(default)]
    pub counterpart: String,
    #[serde(default)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/v1/secret-copies/{id}/made", tag = "bí mật nhà nước", params(("id" = i64, Path)), request_body = MakeIn,
    responses((status = 200, body = Object), (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub async fn make_copies(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<CopyRequestId>,
    Json(b): Json<MakeIn>,
) -> ApiResult<Made> {
    let req = st.app.secret_copy(id).await?;
    let item = item_for(&st, &a, req.item_id, Action::ReadSecretItem, "secret.copy.make").await?;
    let t = Target::plain("secret.copy.make", "secret_copy", id.to_string());
    a.require(&st, Action::KeepSecretRegisters, &org_resource(&st, item.org_id), &t).await?;
    let detail = format!("api, {} bản", b.count);
    let i = MakeInput { count: Some(b.count), counterpart: b.counterpart, note: b.note };
    let who = actor(&a);
    write(&st, &a, &t, &detail, st.app.make_secret_copies(&who, id, b.version, i)).await
}

#[derive(Deserialize, ToSchema)]
pub struct TakeoutIn {
    pub purpose: String,
    pub destination: String,
    #[serde(default)]
    pub abroad: bool,
    pub trip: Option<i64>,
    #[schema(value_type = String, format = Date)]
    pub due_back: NaiveDate,
}

#[utoipa::path(post, path = "/api/v1/secret-items/{id}/takeouts", tag = "bí mật nhà nước", params(("id" = i64, Path)), request_body = TakeoutIn,
    responses((status = 200, body = i64), (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub async fn request_takeout(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<SecretItemId>,
    Json(b): Json<TakeoutIn>,
) -> ApiResult<TakeoutId> {
    let item = item_for(&st, &a, id, Action::ReadSecretItem, "secret.takeout.request").await?;
    let t = Target::plain("secret.takeout.request", "secret_item", id.to_string());
    a.require(&st, Action::KeepSecretRegisters, &org_resource(&st, item.org_id), &t).await?;
    let detail = format!("api, {}", b.destination);
    let i = TakeoutInput {
        purpose: b.purpose,
        destination: b.destination,
        abroad: b.abroad,
        trip: b.trip.map(TripId),
        due_back: Some(b.due_back),
    };
    let who = actor(&a);
    write(&st, &a, &t, &detail, st.app.request_secret_takeout(&who, id, i)).await
}

#[utoipa::path(get, path = "/api/v1/orgs/{id}/secret-destructions", tag = "bí mật nhà nước", params(("id" = i64, Path)),
    responses((status = 200, body = [Object]), (status = 403, body = ErrorEnvelope)))]
pub async fn destructions(
    State(st): State<AppState>,
    ApiUser(a): ApiUser,
    Path(org): Path<OrgId>,
) -> ApiResult<Vec<DestructionRow>> {
    listed(&st, &a, org, "secret.destructions").await?;
    let rows = st.app.secret_destructions(org).await?;
    a.record(&st, &Target::org("secret.destructions", org), Outcome::Ok, "api").await?;
    Ok(Json(rows))
}
