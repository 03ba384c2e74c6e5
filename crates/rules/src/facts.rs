//! The typed facts a condition can look at, drawn from one person of a dossier (the subject or
//! one relative), each with how it is known and from which declared channel.

use crate::model::{Condition, FactKind};
use bvctnb_core::date::Tri;
use bvctnb_core::dossier::{Discipline, FactStatus, HistoricalFact};
use bvctnb_core::family::Relative;
use bvctnb_core::screening::ScreeningFacts;
use bvctnb_core::text::fold;
use bvctnb_core::{Declaration, PartialDate};
use serde::{Deserialize, Serialize};

/// A verification answer (item 24): for one person and one requested point, whether what the
/// receiving committee found matches the declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub person: PersonRef,
    pub point: String,
    pub matches: bool,
    #[serde(default)]
    pub detail: String,
    /// The letter it came in: "Công văn số 12-CV/ĐU ngày …".
    pub source: String,
}

/// A person of the dossier, named so that the order of the family table does not matter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PersonRef {
    Subject,
    Relative { relation: bvctnb_core::family::RelationKind, name: String, birth_year: Option<i32> },
}

impl PersonRef {
    pub fn of(r: &Relative) -> Self {
        PersonRef::Relative { relation: r.relation, name: r.full_name.clone(), birth_year: r.birth_year }
    }

    fn key(&self) -> (usize, &str, Option<i32>) {
        use bvctnb_core::family::RelationKind;
        match self {
            PersonRef::Subject => (0, "", None),
            PersonRef::Relative { relation, name, birth_year } => {
                (1 + RelationKind::ALL.iter().position(|k| k == relation).unwrap_or(99), name, *birth_year)
            }
        }
    }

    /// "Cha đẻ Nguyễn Văn An (1950)" or "Người được thẩm tra".
    pub fn label(&self) -> String {
        match self {
            PersonRef::Subject => "Người được thẩm tra".to_string(),
            PersonRef::Relative { relation, name, birth_year: Some(y) } => format!("{} {name} ({y})", relation.label()),
            PersonRef::Relative { relation, name, birth_year: None } => format!("{} {name}", relation.label()),
        }
    }
}

impl Ord for PersonRef {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for PersonRef {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// One fact that matched, described for the officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    pub text: String,
    pub status: Option<FactStatus>,
    pub source: String,
    /// The record's date precision could not tell whether the period condition holds.
    pub uncertain: bool,
}

/// What one person of the dossier offers to the conditions.
pub(crate) struct Facts<'a> {
    pub historical: &'a [HistoricalFact],
    pub discipline: &'a [Discipline],
    pub relative: Option<&'a Relative>,
    pub foreign_address: Option<&'a str>,
    pub answers: Vec<&'a Answer>,
}

/// What the rules read of a dossier: from the whole declaration, or from the store's
/// screening projection of it (the same facts, so the same findings).
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub historical_facts: &'a [HistoricalFact],
    pub discipline: &'a [Discipline],
    pub foreign_address: Option<&'a str>,
    pub family: &'a [Relative],
}

impl<'a> View<'a> {
    pub fn of(d: &'a Declaration) -> Self {
        View {
            historical_facts: &d.historical_facts,
            discipline: &d.discipline,
            foreign_address: d.identity.foreign_address.as_deref(),
            family: &d.family,
        }
    }

    pub fn of_facts(f: &'a ScreeningFacts) -> Self {
        View {
            historical_facts: &f.historical_facts,
            discipline: &f.discipline,
            foreign_address: f.foreign_address.as_deref(),
            family: &f.family,
        }
    }
}

impl<'a> Facts<'a> {
    pub fn subject(d: View<'a>, answers: &'a [Answer]) -> Self {
        Facts {
            historical: d.historical_facts,
            discipline: d.discipline,
            relative: None,
            foreign_address: d.foreign_address.filter(|s| !s.trim().is_empty()),
            answers: answers.iter().filter(|a| a.person == PersonRef::Subject).collect(),
        }
    }

    pub fn relative(r: &'a Relative, answers: &'a [Answer]) -> Self {
        let me = if answers.is_empty() { None } else { Some(PersonRef::of(r)) };
        Facts {
            historical: &r.facts,
            discipline: &[],
            relative: Some(r),
            foreign_address: None,
            answers: answers.iter().filter(|a| Some(&a.person) == me.as_ref()).collect(),
        }
    }

    /// Every fact of this person that satisfies the condition.
    pub fn matching(&self, c: &Condition) -> Vec<Hit> {
        let mut out = Vec::new();
        match c.fact {
            FactKind::Discipline => {
                for d in self.discipline {
                    if c.min_level.is_some_and(|m| d.level < m) {
                        continue;
                    }
                    let text = format!("{} ngày {}: {}", d.level.label(), d.date, d.reason);
                    if let Some(uncertain) = period_ok(c, d.date, Some(d.date))
                        && words_ok(c, &text)
                    {
                        out.push(Hit { text, status: None, source: d.decided_by.clone(), uncertain });
                    }
                }
            }
            FactKind::PoliticalIssues => {
                if let Some(r) = self.relative.filter(|r| !r.political_issues.trim().is_empty())
                    && words_ok(c, &r.political_issues)
                {
                    out.push(Hit {
                        text: r.political_issues.clone(),
                        status: None,
                        source: "Tự khai".into(),
                        uncertain: false,
                    });
                }
            }
            FactKind::LivesAbroad => {
                let text = match (self.relative, self.foreign_address) {
                    (Some(r), _) => r.abroad.as_ref().map(|a| {
                        let since = a.since.map(|s| format!(" từ {s}")).unwrap_or_default();
                        let job = if a.occupation.is_empty() { String::new() } else { format!(", {}", a.occupation) };
                        format!("Đang ở {}{since}{job}", a.country)
                    }),
                    (None, Some(addr)) => Some(format!("Địa chỉ ở nước ngoài: {addr}")),
                    (None, None) => None,
                };
                if let Some(text) = text.filter(|t| words_ok(c, t)) {
                    out.push(Hit { text, status: None, source: "Tự khai".into(), uncertain: false });
                }
            }
            FactKind::CriminalRecord => {
                if let Some(rec) =
                    self.relative.and_then(|r| r.criminal_record.as_deref()).filter(|s| !s.trim().is_empty())
                    && words_ok(c, rec)
                {
                    out.push(Hit { text: rec.to_string(), status: None, source: "Tự khai".into(), uncertain: false });
                }
            }
            FactKind::VerificationMismatch => {
                for a in self.answers.iter().filter(|a| !a.matches) {
                    let text = if a.detail.is_empty() { a.point.clone() } else { format!("{}: {}", a.point, a.detail) };
                    if words_ok(c, &text) {
                        out.push(Hit {
                            text,
                            status: Some(FactStatus::Mismatch),
                            source: a.source.clone(),
                            uncertain: false,
                        });
                    }
                }
            }
            // A dossier holds no trips: these come from the trip register (`crate::travel`).
            FactKind::TripUnapproved | FactKind::TripReportMissing | FactKind::PassportNotReturned => {}
            _ => {
                for f in self.historical {
                    if let Some(hit) = historical(c, f) {
                        out.push(hit);
                    }
                }
            }
        }
        out
    }
}

fn historical(c: &Condition, f: &HistoricalFact) -> Option<Hit> {
    let kind_ok = match (c.fact, f) {
        (FactKind::AnyFact, _) => true,
        (FactKind::FormerRegimePost, HistoricalFact::FormerRegimePost { branch, .. }) => {
            c.branch.is_empty() || c.branch.contains(branch)
        }
        (FactKind::Arrest, HistoricalFact::Arrest { .. }) => true,
        (FactKind::ForeignOrganisation, HistoricalFact::ForeignOrganisation { nature, .. }) => {
            c.nature.is_empty() || c.nature.contains(nature)
        }
        (FactKind::ReligiousPost, HistoricalFact::ReligiousPost { .. }) => true,
        (FactKind::PartyInterruption, HistoricalFact::PartyInterruption { .. }) => true,
        _ => false,
    };
    if !kind_ok {
        return None;
    }
    let p = f.provenance();
    if !c.status.is_empty() && !c.status.contains(&p.status) {
        return None;
    }
    let (from, to) = f.period();
    let uncertain = period_ok(c, from, to)?;
    let text = describe(f);
    if !words_ok(c, &text) {
        return None;
    }
    Some(Hit { text, status: Some(p.status), source: p.source.clone().unwrap_or_default(), uncertain })
}

/// Whether the period satisfies `before`/`after`: None when it does not, Some(uncertain)
/// when it does or when the record's precision cannot tell (then a human checks).
fn period_ok(c: &Condition, from: PartialDate, to: Option<PartialDate>) -> Option<bool> {
    let mut uncertain = false;
    if let Some(b) = c.before {
        match from.before(b.earliest()) {
            Tri::Yes => {}
            Tri::No => return None,
            Tri::Unknown => uncertain = true,
        }
    }
    if let Some(a) = c.after {
        // Ongoing facts (no end) reach past any date.
        if let Some(to) = to {
            match to.before(a.earliest()) {
                Tri::Yes => return None,
                Tri::No => {}
                Tri::Unknown => uncertain = true,
            }
        }
    }
    Some(uncertain)
}

pub(crate) fn words_ok(c: &Condition, text: &str) -> bool {
    if c.words.is_empty() {
        return true;
    }
    let t = fold(text);
    c.words.iter().any(|w| t.contains(&fold(w)))
}

fn span(from: &PartialDate, to: &Option<PartialDate>) -> String {
    match to {
        Some(t) => format!("{from}–{t}"),
        None => format!("từ {from}"),
    }
}

pub fn describe(f: &HistoricalFact) -> String {
    match f {
        HistoricalFact::FormerRegimePost { post, unit, from, to, .. } => format!("{post}, {unit} ({})", span(from, to)),
        HistoricalFact::Arrest { by_whom, when, place, conduct, .. } => {
            let tail = if conduct.is_empty() { String::new() } else { format!("; {conduct}") };
            format!("Bị {by_whom} bắt năm {when} tại {place}{tail}")
        }
        HistoricalFact::ForeignOrganisation { organisation, country, role, from, to, .. } => {
            format!("{role} tại {organisation} ({country}, {})", span(from, to))
        }
        HistoricalFact::ReligiousPost { religion, post, from, to, .. } => {
            format!("{post} ({religion}, {})", span(from, to))
        }
        HistoricalFact::PartyInterruption { from, to, reason, .. } => format!("Gián đoạn {}: {reason}", span(from, to)),
    }
}
