//! The projection of a declaration onto table columns, shared by everyday writes, the
//! bulk paths and the benchmark baselines, so that all store exactly the same rows.

use crate::{Result, StoreError};
use bvctnb_core::Declaration;
use bvctnb_core::dossier::{Award, Discipline, HistoricalFact, StayAbroad, Training, WorkEntry};
use bvctnb_core::family::Relative;
use bvctnb_core::person::{Identity, MemberStatus, PartyInfo};
use serde::Serialize;

/// The person's declaration without the family, which lives in `relatives`.
#[derive(Serialize)]
struct PersonDoc<'a> {
    identity: &'a Identity,
    party: &'a Option<PartyInfo>,
    childhood: &'a str,
    work_history: &'a [WorkEntry],
    historical_facts: &'a [HistoricalFact],
    training: &'a [Training],
    stays_abroad: &'a [StayAbroad],
    awards: &'a [Award],
    discipline: &'a [Discipline],
    self_assessment: &'a str,
}

#[derive(Debug, Clone)]
pub struct PersonRow {
    pub status: &'static str,
    pub full_name: String,
    pub name_folded: String,
    pub other_names: String,
    pub birth_date: String,
    pub birth_year: i64,
    pub sex: &'static str,
    pub cccd: Option<String>,
    pub party_card_no: Option<String>,
    pub history_no: Option<String>,
    pub hometown: String,
    pub ethnicity: String,
    pub religion: Option<String>,
    pub doc: String,
}

#[derive(Debug, Clone)]
pub struct RelativeRow {
    pub ord: i64,
    pub relation: &'static str,
    pub tier: i64,
    pub full_name: String,
    pub birth_year: Option<i64>,
    pub abroad_country: Option<String>,
    pub party_member: i64,
    /// The relative's own dossier, when linked (recusal follows it).
    pub person_ref: Option<i64>,
    pub doc: String,
}

pub(crate) fn status_str(s: MemberStatus) -> &'static str {
    s.code()
}

pub(crate) fn parse_status(s: &str) -> Result<MemberStatus> {
    MemberStatus::from_code(s).ok_or_else(|| StoreError::Corrupt(format!("trạng thái đảng viên \"{s}\"")))
}

pub fn person_row(d: &Declaration) -> PersonRow {
    let id = &d.identity;
    let doc = PersonDoc {
        identity: id,
        party: &d.party,
        childhood: &d.childhood,
        work_history: &d.work_history,
        historical_facts: &d.historical_facts,
        training: &d.training,
        stays_abroad: &d.stays_abroad,
        awards: &d.awards,
        discipline: &d.discipline,
        self_assessment: &d.self_assessment,
    };
    PersonRow {
        status: status_str(d.party.as_ref().map_or(MemberStatus::Applicant, |p| p.status)),
        full_name: id.full_name.clone(),
        name_folded: bvctnb_core::text::fold(&id.full_name),
        other_names: id.other_names.join(";"),
        birth_date: id.birth_date.to_string(),
        birth_year: i64::from(id.birth_date.year()),
        sex: id.sex.code(),
        cccd: id.cccd.as_ref().map(|c| c.as_str().to_string()),
        party_card_no: d.party.as_ref().and_then(|p| p.card_no.as_ref()).map(|c| c.as_str().to_string()),
        history_no: id.history_no.as_ref().map(|h| h.as_str().to_string()),
        hometown: id.hometown.name.clone(),
        ethnicity: id.ethnicity.clone(),
        religion: id.religion.clone(),
        doc: serde_json::to_string(&doc).expect("declarations serialise"),
    }
}

pub fn relative_rows(d: &Declaration) -> Vec<RelativeRow> {
    d.family.iter().enumerate().map(|(i, r)| relative_row(i, r)).collect()
}

fn relative_row(ord: usize, r: &Relative) -> RelativeRow {
    RelativeRow {
        ord: ord as i64,
        relation: r.relation.code(),
        tier: r.tier() as i64,
        full_name: r.full_name.clone(),
        birth_year: r.birth_year.map(i64::from),
        abroad_country: r.abroad.as_ref().map(|a| a.country.clone()),
        party_member: i64::from(r.party_member.is_some()),
        person_ref: r.person_id.map(|p| p.0),
        doc: serde_json::to_string(r).expect("relatives serialise"),
    }
}

/// Rebuilds a declaration from the person document and the relatives' documents in order.
pub(crate) fn assemble<'a>(person_doc: &str, relatives: impl IntoIterator<Item = &'a str>) -> Result<Declaration> {
    let mut d: Declaration =
        serde_json::from_str(person_doc).map_err(|e| StoreError::Corrupt(format!("hồ sơ: {e}")))?;
    for r in relatives {
        d.family.push(serde_json::from_str(r).map_err(|e| StoreError::Corrupt(format!("thân nhân: {e}")))?);
    }
    Ok(d)
}
