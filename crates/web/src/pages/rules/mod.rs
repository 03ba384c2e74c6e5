//! The regulation packs as readable pages: the list with the pack in force, one pack with every
//! rule spelled out, and what changed from one pack to another. Packs are regulations, not
//! personal data: reading them is authorized (`ViewRules`) but not audited.

pub mod text;

use crate::access::Target;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::pages::rules::text::*;
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use bvctnb_app::rules::LoadedPack;
use bvctnb_app::rules::model::Pack;
use bvctnb_authz::{Action, Resource};

pub struct PackRow {
    pub id: String,
    pub document: String,
    pub title: String,
    pub issued: String,
    pub effective: String,
    pub supersedes: String,
    pub rules: usize,
    pub in_force: bool,
    pub tag: String,
}

#[derive(Template)]
#[template(path = "rules/index.html")]
struct IndexPage {
    c: Chrome,
    packs: Vec<PackRow>,
    from: String,
    to: String,
}

async fn require(st: &AppState, u: &User, what: &str) -> Result<(), WebError> {
    u.access.require(st, Action::ViewRules, &Resource::System, &Target::plain("rules.read", "rules", what)).await
}

fn pack_row(st: &AppState, p: &LoadedPack) -> PackRow {
    PackRow {
        id: p.pack.id.clone(),
        document: p.pack.document.clone(),
        title: p.pack.title.clone(),
        issued: p.pack.issued_on.map(|d| d.to_string()).unwrap_or_default(),
        effective: p.pack.effective_from.to_string(),
        supersedes: p.pack.supersedes.clone().unwrap_or_default(),
        rules: p.pack.rules.len(),
        in_force: st.app.current_pack().is_some_and(|c| c.pack.id == p.pack.id),
        tag: p.version_tag(),
    }
}

pub async fn index(State(st): State<AppState>, u: User) -> PageResult {
    require(&st, &u, "").await?;
    let packs: Vec<PackRow> = st.app.packs().iter().map(|p| pack_row(&st, p)).collect();
    // The diff form starts at the question people ask: what did the pack in force change?
    let to = st.app.current_pack().map(|p| p.pack.id.clone()).unwrap_or_default();
    let from = st.app.current_pack().and_then(|p| p.pack.supersedes.clone()).unwrap_or_else(|| to.clone());
    Ok(render(&IndexPage { c: u.chrome(&st, "Quy định", "/rules"), packs, from, to }))
}

pub struct ScopeView {
    pub title: String,
    pub citation: String,
    pub basis: &'static str,
    pub basis_class: &'static str,
    pub kinds: String,
    pub persons: String,
    pub notes: Vec<&'static str>,
    pub subject_points: String,
    pub relative_points: String,
    pub bodies: Vec<(&'static str, String)>,
}

/// Title, order (rank or level), basis: ceilings and authorities.
pub struct Ranked {
    pub title: String,
    pub order: u32,
    pub basis: &'static str,
    pub basis_class: &'static str,
}

pub struct ConclusionView {
    pub title: String,
    pub authority: String,
    pub needs_ceiling: bool,
    pub validity: String,
    pub basis: &'static str,
}

pub struct RuleView {
    pub id: String,
    pub title: String,
    pub citation: String,
    pub basis: &'static str,
    pub basis_class: &'static str,
    pub kinds: String,
    pub who: String,
    pub condition: Vec<String>,
    pub severity: &'static str,
    pub severity_class: &'static str,
    pub effect: Vec<String>,
    pub exception: String,
}

#[derive(Template)]
#[template(path = "rules/show.html")]
struct PackPage {
    c: Chrome,
    p: PackRow,
    note: String,
    scopes: Vec<ScopeView>,
    ceilings: Vec<Ranked>,
    authorities: Vec<Ranked>,
    conclusions: Vec<ConclusionView>,
    rules: Vec<RuleView>,
}

fn rule_views(pack: &Pack) -> Vec<RuleView> {
    pack.rules
        .iter()
        .map(|r| RuleView {
            id: r.id.clone(),
            title: r.title.clone(),
            citation: citation_text(&r.citation),
            basis: r.basis.label(),
            basis_class: basis_class(r.basis),
            kinds: kinds_text(&r.cases),
            who: who_text(&r.who),
            condition: condition_lines(&r.when),
            severity: r.then.severity.label(),
            severity_class: severity_class(r.then.severity),
            effect: effect_lines(pack, &r.then),
            exception: r
                .exception
                .as_ref()
                .map(|e| {
                    format!(
                        "{} ({}); cấp xem xét: {}",
                        e.title,
                        citation_text(&e.citation),
                        authority_title(pack, &e.authority)
                    )
                })
                .unwrap_or_default(),
        })
        .collect()
}

fn scope_views(pack: &Pack) -> Vec<ScopeView> {
    pack.verification
        .iter()
        .map(|v| {
            let mut notes = Vec::new();
            if v.adult_children_only {
                notes.push("Con chỉ thẩm tra khi đã đủ 18 tuổi và có năng lực hành vi dân sự đầy đủ.");
            }
            if v.skip_members_with_complete_record {
                notes.push("Thân nhân là đảng viên đang sinh hoạt, hồ sơ đầy đủ thì không phải thẩm tra.");
            }
            ScopeView {
                title: v.title.clone(),
                citation: citation_text(&v.citation),
                basis: v.basis.label(),
                basis_class: basis_class(v.basis),
                kinds: kinds_text(&v.cases),
                persons: who_text(&v.persons),
                notes,
                subject_points: v.subject_points.clone(),
                relative_points: v.relative_points.clone(),
                bodies: vec![
                    ("Trong nước", v.bodies.grassroots.clone()),
                    ("Ở nước ngoài", v.bodies.abroad.clone()),
                    ("Khi có nghi vấn chính trị", v.bodies.security.clone()),
                ],
            }
        })
        .collect()
}

pub async fn show(State(st): State<AppState>, u: User, Path(id): Path<String>) -> PageResult {
    require(&st, &u, &id).await?;
    let lp = st.app.pack(&id).ok_or_else(|| WebError::not_found("gói quy định"))?;
    let pack = &lp.pack;
    let row = pack_row(&st, lp);
    let ranked = |title: &str, order: u32, basis: bvctnb_app::rules::Basis| Ranked {
        title: title.to_string(),
        order,
        basis: basis.label(),
        basis_class: basis_class(basis),
    };
    let mut ceilings: Vec<Ranked> = pack.ceilings.iter().map(|c| ranked(&c.title, c.rank, c.basis)).collect();
    ceilings.sort_by_key(|c| std::cmp::Reverse(c.order));
    let mut authorities: Vec<Ranked> = pack.authorities.iter().map(|a| ranked(&a.title, a.level, a.basis)).collect();
    authorities.sort_by_key(|a| a.order);
    let conclusions = pack
        .conclusions
        .iter()
        .map(|c| ConclusionView {
            title: c.title.clone(),
            authority: c.authority.as_deref().map(|a| authority_title(pack, a).to_string()).unwrap_or_default(),
            needs_ceiling: c.needs_ceiling,
            validity: c.validity_months.map(|m| format!("{m} tháng")).unwrap_or_default(),
            basis: c.basis.label(),
        })
        .collect();
    Ok(render(&PackPage {
        c: u.chrome(&st, pack.document.clone(), "/rules"),
        p: row,
        note: pack.note.clone(),
        scopes: scope_views(pack),
        ceilings,
        authorities,
        conclusions,
        rules: rule_views(pack),
    }))
}

#[derive(serde::Deserialize, Default)]
pub struct DiffParams {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

pub struct ItemRow {
    pub section: &'static str,
    pub id: String,
    pub title: String,
}

pub struct FieldRow {
    pub field: String,
    pub before: String,
    pub after: String,
}

pub struct ChangedItem {
    pub section: &'static str,
    pub id: String,
    pub title: String,
    pub fields: Vec<FieldRow>,
}

#[derive(Template)]
#[template(path = "rules/diff.html")]
struct DiffPage {
    c: Chrome,
    packs: Vec<(String, String)>,
    from: String,
    to: String,
    from_title: String,
    to_title: String,
    added: Vec<ItemRow>,
    removed: Vec<ItemRow>,
    changed: Vec<ChangedItem>,
}

/// A diff value, with ceiling and authority ids given their titles in the pack they come from.
fn named_value(pack: &Pack, field: &str, raw: &str) -> String {
    let parts: Vec<&str> = field.split('.').collect();
    let title = if parts.contains(&"ceiling") {
        pack.ceiling(raw).map(|c| c.title.as_str())
    } else if parts.last() == Some(&"authority") {
        pack.authority(raw).map(|a| a.title.as_str())
    } else {
        None
    };
    match title {
        Some(t) => format!("{t} ({raw})"),
        None => value_text(field, raw),
    }
}

pub async fn diff(State(st): State<AppState>, u: User, Query(q): Query<DiffParams>) -> PageResult {
    require(&st, &u, &format!("{}→{}", q.from, q.to)).await?;
    let a = st.app.pack(&q.from).ok_or_else(|| WebError::not_found(&format!("gói quy định «{}»", q.from)))?;
    let b = st.app.pack(&q.to).ok_or_else(|| WebError::not_found(&format!("gói quy định «{}»", q.to)))?;
    let d = bvctnb_app::rules::diff(&a.pack, &b.pack);
    let items = |v: &[(&'static str, String, String)]| -> Vec<ItemRow> {
        v.iter().map(|(s, id, t)| ItemRow { section: section_label(s), id: id.clone(), title: t.clone() }).collect()
    };
    let changed = d
        .changed
        .iter()
        .map(|c| ChangedItem {
            section: section_label(c.section),
            id: c.id.clone(),
            title: c.title.clone(),
            fields: c
                .fields
                .iter()
                .map(|f| FieldRow {
                    field: field_label(&f.field),
                    before: named_value(&a.pack, &f.field, &f.before),
                    after: named_value(&b.pack, &f.field, &f.after),
                })
                .collect(),
        })
        .collect();
    Ok(render(&DiffPage {
        c: u.chrome(&st, "So sánh gói quy định", "/rules"),
        packs: st.app.packs().iter().map(|p| (p.pack.id.clone(), p.pack.document.clone())).collect(),
        from: a.pack.id.clone(),
        to: b.pack.id.clone(),
        from_title: format!("{} ({})", a.pack.document, a.pack.id),
        to_title: format!("{} ({})", b.pack.document, b.pack.id),
        added: items(&d.added),
        removed: items(&d.removed),
        changed,
    }))
}
