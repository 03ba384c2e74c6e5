//! Declarations of foreign relations. Each change is a new dated declaration that supersedes
//! the one before; awards, titles and memberships wait for a named person's decision. A
//! relative abroad is declared on a relative of the dossier's family table, and the dossier
//! is updated in the same step (a new declaration version), so the two never disagree.

use super::{Actor, Error, Result, invalid, required};
use crate::App;
use bvctnb_core::PartialDate;
use bvctnb_core::family::Abroad;
use bvctnb_core::ids::RelationId;
use bvctnb_core::travel::{ForeignTie, RelationDecision};
use bvctnb_store::PersonRecord;
use bvctnb_store::travel::RelationRow;
use chrono::NaiveDate;

#[derive(Debug, Clone, Default)]
pub struct RelationInput {
    pub kind: Option<ForeignTie>,
    /// For a relative abroad: the relative's position in the dossier's family table.
    pub relative: Option<usize>,
    pub name: String,
    pub country: String,
    /// Since when (dd/mm/yyyy, mm/yyyy or yyyy).
    pub since: String,
    pub occupation: String,
    pub nationality: String,
    pub details: String,
    pub declared_on: Option<NaiveDate>,
    /// The relation no longer holds.
    pub ended: bool,
    /// The declaration this one changes.
    pub supersedes: Option<RelationId>,
}

/// Writes the stay abroad into the dossier's family table (or clears it when the relation
/// ended) and returns the relative's name, relation and birth year for the declaration.
async fn keep_dossier_in_step(
    app: &App,
    actor: &Actor,
    person: &PersonRecord,
    i: &RelationInput,
    country: &str,
    since: Option<PartialDate>,
) -> Result<(String, String, Option<i32>)> {
    let idx = i.relative.ok_or_else(|| invalid("relative", "phải chọn thân nhân trong lý lịch (mục gia đình)"))?;
    let mut d = person.declaration.clone();
    let r = d
        .family
        .get_mut(idx)
        .ok_or_else(|| invalid("relative", "thân nhân không có trong lý lịch: khai bổ sung mục gia đình trước"))?;
    let abroad =
        (!i.ended).then(|| Abroad { country: country.to_string(), since, occupation: i.occupation.trim().to_string() });
    let out = (r.full_name.clone(), r.relation.label().to_string(), r.birth_year);
    if r.abroad != abroad {
        r.abroad = abroad;
        app.submit_declaration(person.id, &d, &actor.username, person.version).await?;
    }
    Ok(out)
}

impl crate::App {
    pub async fn declare_relation(&self, actor: &Actor, person: &PersonRecord, i: RelationInput) -> Result<RelationId> {
        let env = &self.travel_env();
        let kind = i.kind.ok_or_else(|| invalid("kind", "phải chọn loại quan hệ"))?;
        let country = required(&i.country, "country", "nước")?;
        let declared_on = i.declared_on.unwrap_or(env.today);
        if declared_on > env.today {
            return Err(invalid("declared_on", "ngày khai không được sau hôm nay"));
        }
        let since = i.since.trim().to_string();
        let since_date = match since.as_str() {
            "" => None,
            s => Some(PartialDate::parse(s).map_err(|e| invalid("since", e.to_string()))?),
        };
        if let Some(old) = i.supersedes {
            let prev = self.store.relation(old).await?.ok_or(Error::NotFound("bản khai trước"))?;
            if prev.person_id != person.id || prev.kind != kind {
                return Err(invalid("supersedes", "bản khai được thay phải của cùng người và cùng loại quan hệ"));
            }
        }
        let (name, relation, birth_year) = match kind {
            ForeignTie::RelativeAbroad => {
                let r = keep_dossier_in_step(self, actor, person, &i, &country, since_date).await?;
                (r.0, r.1, r.2)
            }
            _ => (required(&i.name, "name", "tên người, tổ chức hoặc hình thức")?, String::new(), None),
        };
        let row = RelationRow {
            id: RelationId(0),
            person_id: person.id,
            kind,
            supersedes: i.supersedes,
            current: true,
            declared_on: declared_on.to_string(),
            name,
            relation,
            birth_year,
            country,
            since,
            occupation: i.occupation.trim().to_string(),
            nationality: i.nationality.trim().to_string(),
            details: i.details.trim().to_string(),
            ended: i.ended,
            needs_approval: kind.needs_approval() && !i.ended,
            decision: None,
            decided_by: None,
            decider_name: None,
            decided_on: None,
            decision_reason: None,
            recorded_by: actor.username.clone(),
            recorded_at: String::new(),
        };
        self.store.declare_relation(&row).await.map_err(|e| match e {
            bvctnb_store::StoreError::Conflict(m) => invalid("supersedes", m),
            e => e.into(),
        })
    }

    /// A named person's decision on a request to accept an award, a title or a membership.
    pub async fn decide_relation(&self, actor: &Actor, id: RelationId, approve: bool, reason: &str) -> Result<()> {
        let env = &self.travel_env();
        if !approve && reason.trim().is_empty() {
            return Err(invalid("reason", "phải ghi lý do không đồng ý"));
        }
        let decision = if approve { RelationDecision::Approved } else { RelationDecision::Refused };
        self.store
            .decide_relation(id, decision, &actor.username, &actor.display_name, &env.today_s(), reason.trim())
            .await
            .map_err(|e| match e {
                bvctnb_store::StoreError::Conflict(m) => Error::Forbidden(m),
                e => e.into(),
            })
    }
}
