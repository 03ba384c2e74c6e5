//! Declarations of foreign relations (DOMAIN §5.4, obligations): the member declares on
//! "Hồ sơ của tôi" (every change a new version that supersedes the one before), the officer
//! and the committee see the declarations of their scope, and the committee decides on
//! awards, titles and memberships. A relative abroad is declared on a relative of the
//! dossier's family table, which the app updates in the same step.

use crate::access::{Target, org_resource, person_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::format::parse_date_vn;
use crate::pages::cases::view::actor;
use crate::pages::dossier::load_person;
use crate::pages::fields::{Fields, get};
use crate::pages::outcome::{Labels, Post};
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use bvctnb_app::Error as AppError;
use bvctnb_app::PersonRecord;
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::dmy;
use bvctnb_app::travel::RelationInput;
use bvctnb_app::travel::{RelationFilter, RelationRow};
use bvctnb_authz::Action;
use bvctnb_core::ids::{PersonId, RelationId};
use bvctnb_core::travel::{ForeignTie, RelationDecision};
use std::collections::HashMap;

/// Who or what the declaration is about: "Anh, em ruột Trần Văn Xa (1980)" or the name.
fn who(r: &RelationRow) -> String {
    let mut s = if r.relation.is_empty() { r.name.clone() } else { format!("{} {}", r.relation, r.name) };
    if let Some(y) = r.birth_year {
        s.push_str(&format!(" ({y})"));
    }
    s
}

/// The decision on an award, a title or a membership, and its badge class; empty for
/// what is only declared.
fn decision(r: &RelationRow) -> (String, String, &'static str) {
    if !r.needs_approval {
        return (String::new(), String::new(), "");
    }
    let by = match (&r.decider_name, &r.decided_on) {
        (Some(n), Some(d)) => format!("{n}, ngày {}", dmy(d)),
        _ => String::new(),
    };
    match r.decision {
        Some(d @ RelationDecision::Approved) => (d.label().into(), by, "ok"),
        Some(d @ RelationDecision::Refused) => {
            (format!("{}: {}", d.label(), r.decision_reason.clone().unwrap_or_default()), by, "denied")
        }
        _ => ("Chờ quyết định".into(), String::new(), "info"),
    }
}

/// The labels of the declaration and decision forms' fields.
const LABELS: Labels = Labels(&[
    ("kind", "Loại quan hệ"),
    ("relative", "Thân nhân"),
    ("name", "Tên người, tổ chức hoặc hình thức"),
    ("country", "Nước"),
    ("since", "Từ khi"),
    ("declared_on", "Ngày khai"),
    ("supersedes", "Thay bản khai số"),
    ("decision", "Quyết định"),
    ("reason", "Lý do"),
]);

/// One version of one of the member's declarations.
pub struct Version {
    pub id: i64,
    pub kind: &'static str,
    pub who: String,
    pub declared_on: String,
    pub country: String,
    pub since: String,
    pub occupation: String,
    pub nationality: String,
    pub details: String,
    pub ended: bool,
    pub current: bool,
    /// The declaration that replaced this one.
    pub superseded_by: Option<i64>,
    /// The first version of its chain (a new group starts).
    pub head: bool,
    pub decision: String,
    pub decided_by: String,
    pub badge: &'static str,
}

/// Every version, grouped by chain (the current one first, the older ones under it), the
/// most recently changed chain first.
fn versions(rows: &[RelationRow]) -> Vec<Version> {
    let by_id: HashMap<RelationId, &RelationRow> = rows.iter().map(|r| (r.id, r)).collect();
    let root = |r: &RelationRow| {
        let mut cur = r;
        while let Some(prev) = cur.supersedes.and_then(|p| by_id.get(&p)) {
            cur = prev;
        }
        cur.id
    };
    let mut chains: Vec<(RelationId, Vec<&RelationRow>)> = Vec::new();
    for r in rows {
        let k = root(r);
        match chains.iter_mut().find(|(c, _)| *c == k) {
            Some((_, v)) => v.push(r),
            None => chains.push((k, vec![r])),
        }
    }
    for (_, v) in &mut chains {
        v.sort_by_key(|r| std::cmp::Reverse(r.id));
    }
    chains.sort_by_key(|(_, v)| std::cmp::Reverse(v[0].id));
    let mut out = Vec::new();
    for (_, chain) in chains {
        for (i, r) in chain.iter().enumerate() {
            let (decision, decided_by, badge) = decision(r);
            out.push(Version {
                id: r.id.0,
                kind: r.kind.label(),
                who: who(r),
                declared_on: dmy(&r.declared_on),
                country: r.country.clone(),
                since: r.since.clone(),
                occupation: r.occupation.clone(),
                nationality: r.nationality.clone(),
                details: r.details.clone(),
                ended: r.ended,
                current: r.current,
                superseded_by: rows.iter().find(|n| n.supersedes == Some(r.id)).map(|n| n.id.0),
                head: i == 0,
                decision,
                decided_by,
                badge,
            });
        }
    }
    out
}

/// The declaration form as typed (or prefilled from the declaration it changes).
#[derive(Default)]
pub struct Typed {
    pub kind: String,
    pub relative: String,
    pub name: String,
    pub country: String,
    pub since: String,
    pub occupation: String,
    pub nationality: String,
    pub details: String,
    pub declared_on: String,
    pub ended: bool,
    pub supersedes: String,
}

impl Typed {
    fn from_form(f: &Fields) -> Self {
        Self {
            kind: get(f, "kind"),
            relative: get(f, "relative"),
            name: get(f, "name"),
            country: get(f, "country"),
            since: get(f, "since"),
            occupation: get(f, "occupation"),
            nationality: get(f, "nationality"),
            details: get(f, "details"),
            declared_on: get(f, "declared_on"),
            ended: f.contains_key("ended"),
            supersedes: get(f, "supersedes"),
        }
    }

    fn from_row(r: &RelationRow, rec: &PersonRecord) -> Self {
        let relative =
            rec.declaration.family.iter().position(|x| x.full_name == r.name && r.kind == ForeignTie::RelativeAbroad);
        Self {
            kind: r.kind.code().to_string(),
            relative: relative.map(|i| i.to_string()).unwrap_or_default(),
            name: if r.kind == ForeignTie::RelativeAbroad { String::new() } else { r.name.clone() },
            country: r.country.clone(),
            since: r.since.clone(),
            occupation: r.occupation.clone(),
            nationality: r.nationality.clone(),
            details: r.details.clone(),
            declared_on: String::new(),
            ended: r.ended,
            supersedes: r.id.to_string(),
        }
    }

    /// The app's input; numbers and dates that do not read say what was typed.
    fn input(&self) -> Result<RelationInput, AppError> {
        let relative = match self.relative.as_str() {
            "" => None,
            v => Some(
                v.parse()
                    .map_err(|_| AppError::invalid("relative", format!("«{v}» không phải thân nhân trong lý lịch")))?,
            ),
        };
        let supersedes = match self.supersedes.trim_start_matches('#') {
            "" => None,
            v => Some(v.parse().map_err(|_| AppError::invalid("supersedes", format!("«{v}» không phải số bản khai")))?),
        };
        let declared_on =
            match self.declared_on.as_str() {
                "" => None,
                v => Some(parse_date_vn(v).ok_or_else(|| {
                    AppError::invalid("declared_on", format!("«{v}» không phải ngày dạng dd/mm/yyyy"))
                })?),
            };
        Ok(RelationInput {
            kind: ForeignTie::from_code(&self.kind),
            relative,
            name: self.name.clone(),
            country: self.country.clone(),
            since: self.since.clone(),
            occupation: self.occupation.clone(),
            nationality: self.nationality.clone(),
            details: self.details.clone(),
            declared_on,
            ended: self.ended,
            supersedes,
        })
    }
}

#[derive(Template)]
#[template(path = "me/relations.html")]
struct MinePage {
    c: Chrome,
    rows: Vec<Version>,
    kinds: Vec<(&'static str, &'static str)>,
    relatives: Vec<(String, String)>,
    f: Typed,
    error: String,
    sent: bool,
}

/// The caller's own dossier, checked for `action` on it (the refusal is audited).
async fn own(st: &AppState, u: &User, action: Action, audit_as: &str) -> Result<PersonRecord, WebError> {
    let pid = u.access.caller.account.person_id.ok_or_else(|| WebError::not_found("hồ sơ của bạn"))?;
    load_person(st, &u.access, pid, action, audit_as).await
}

async fn mine_page(st: &AppState, u: &User, rec: &PersonRecord, f: Typed, error: String, sent: bool) -> PageResult {
    let rows = st.app.relations_of_person(rec.id).await?;
    let relatives = rec
        .declaration
        .family
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let year = r.birth_year.map(|y| format!(" ({y})")).unwrap_or_default();
            (i.to_string(), format!("{} {}{year}", r.relation.label(), r.full_name))
        })
        .collect();
    let page = MinePage {
        c: u.chrome(st, "Quan hệ nước ngoài của tôi", "/me"),
        rows: versions(&rows),
        kinds: ForeignTie::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        relatives,
        f,
        error,
        sent,
    };
    u.access.record(st, &Target::person("self.relations", rec.id), Outcome::Ok, "").await?;
    Ok(render(&page))
}

#[derive(serde::Deserialize, Default)]
pub struct MineParams {
    #[serde(default)]
    supersedes: Option<RelationId>,
    #[serde(default)]
    sent: Option<String>,
}

pub async fn mine(State(st): State<AppState>, u: User, Query(q): Query<MineParams>) -> PageResult {
    let rec = own(&st, &u, Action::ViewOwnCase, "self.relations").await?;
    let mut typed = Typed::default();
    if let Some(id) = q.supersedes
        && let Some(r) = st.app.relation(id).await?.filter(|r| r.person_id == rec.id && r.current)
    {
        typed = Typed::from_row(&r, &rec);
    }
    mine_page(&st, &u, &rec, typed, String::new(), q.sent.is_some()).await
}

pub async fn declare(State(st): State<AppState>, u: User, Form(f): Form<Fields>) -> PageResult {
    let a = &u.access;
    let rec = own(&st, &u, Action::ExplainOwnCase, "self.relation_declare").await?;
    let typed = Typed::from_form(&f);
    let (who, input) = (actor(a), typed.input());
    let result = async {
        match input {
            Ok(i) => st.app.declare_relation(&who, &rec, i).await,
            Err(e) => Err(e),
        }
    };
    let target = Target::new_record("self.relation_declare", "relation", Some(rec.id));
    let kind = typed.kind.clone();
    let post = Post { st: &st, access: a, target, labels: &LABELS, echo: false, form: "declare" };
    post.finish(
        f,
        &kind,
        result,
        |_| "/me/relations?sent=1".into(),
        async |r| mine_page(&st, &u, &rec, typed, r.message, false).await,
    )
    .await
}

/// A current declaration of the scope as the officer and the committee see it.
pub struct Item {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub org: String,
    pub kind: &'static str,
    pub who: String,
    pub declared_on: String,
    pub country: String,
    pub since: String,
    pub occupation: String,
    pub nationality: String,
    pub details: String,
    pub decision: String,
    pub decided_by: String,
    pub badge: &'static str,
    pub can_decide: bool,
}

#[derive(Template)]
#[template(path = "travel/relations.html")]
struct ScopePage {
    c: Chrome,
    scope: String,
    pending: Vec<Item>,
    recent: Vec<Item>,
    /// The declaration whose decision form failed, the reason and what was typed.
    error_at: i64,
    error: String,
    typed_reason: String,
}

/// Declarations shown on the scope page; decisions are asked of a named person.
const PENDING_LIMIT: i64 = 500;
const RECENT_SHOWN: usize = 100;

async fn scope_page(st: &AppState, u: &User, failed: Option<(i64, String, String)>) -> PageResult {
    let a = &u.access;
    let scope = a.scope().ok_or_else(WebError::forbidden)?;
    let target = Target::org("relation.list", scope);
    a.require(st, Action::ListCases, &org_resource(st, scope), &target).await?;
    let store = &st.app;
    let exclude = a.hidden_persons();
    let pending_f = RelationFilter { pending_only: true, exclude: exclude.clone(), ..RelationFilter::default() };
    let mut persons: HashMap<PersonId, bool> = HashMap::new();
    let mut pending = Vec::new();
    for s in store.relations_in_scope(scope, &pending_f, PENDING_LIMIT).await? {
        let can = match persons.get(&s.relation.person_id) {
            Some(c) => *c,
            None => {
                let rec = store.person(s.relation.person_id).await?;
                let c = rec.is_some_and(|r| a.allows(st, Action::DecideCase, &person_resource(st, &r)));
                persons.insert(s.relation.person_id, c);
                c
            }
        };
        pending.push(item(&s.relation, s.full_name, s.org_name, can));
    }
    let all = RelationFilter { exclude, ..RelationFilter::default() };
    let mut recent = store.relations_in_scope(scope, &all, PENDING_LIMIT * 4).await?;
    recent.sort_by(|x, y| (&y.relation.declared_on, y.relation.id).cmp(&(&x.relation.declared_on, x.relation.id)));
    let recent =
        recent.into_iter().take(RECENT_SHOWN).map(|s| item(&s.relation, s.full_name, s.org_name, false)).collect();
    let (error_at, error, typed_reason) = failed.unwrap_or_default();
    let page = ScopePage {
        c: u.chrome(st, "Quan hệ nước ngoài", "/trips"),
        scope: st.app.tree().get(scope).map(|n| n.name.clone()).unwrap_or_default(),
        pending,
        recent,
        error_at,
        error,
        typed_reason,
    };
    a.record(st, &target, Outcome::Ok, "").await?;
    Ok(render(&page))
}

fn item(r: &RelationRow, name: String, org: String, can_decide: bool) -> Item {
    let (decision, decided_by, badge) = decision(r);
    Item {
        id: r.id.0,
        person_id: r.person_id.0,
        name,
        org,
        kind: r.kind.label(),
        who: who(r),
        declared_on: dmy(&r.declared_on),
        country: r.country.clone(),
        since: r.since.clone(),
        occupation: r.occupation.clone(),
        nationality: r.nationality.clone(),
        details: r.details.clone(),
        decision,
        decided_by,
        badge,
        can_decide,
    }
}

pub async fn pending(State(st): State<AppState>, u: User) -> PageResult {
    scope_page(&st, &u, None).await
}

pub async fn decide(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<RelationId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let a = &u.access;
    let r = st.app.relation(id).await?.ok_or_else(|| WebError::not_found("bản khai quan hệ nước ngoài"))?;
    let target = Target { action: "relation.decide", kind: "relation", id: id.to_string(), person: Some(r.person_id) };
    let rec = st.app.person(r.person_id).await?.ok_or_else(|| WebError::not_found("hồ sơ"))?;
    a.require(&st, Action::DecideCase, &person_resource(&st, &rec), &target).await?;
    let (reason, decision, who) = (get(&f, "reason"), get(&f, "decision"), actor(a));
    let result = async {
        match decision.as_str() {
            "approve" => st.app.decide_relation(&who, id, true, &reason).await,
            "refuse" => st.app.decide_relation(&who, id, false, &reason).await,
            other => Err(AppError::invalid("decision", format!("«{other}»: chọn đồng ý hoặc không đồng ý"))),
        }
    };
    let post = Post { st: &st, access: a, target, labels: &LABELS, echo: false, form: "decide" };
    post.finish(
        f,
        &decision,
        result,
        |_| "/relations#pending".into(),
        async |r| scope_page(&st, &u, Some((id.0, r.message, reason.clone()))).await,
    )
    .await
}
