//! The part of a declaration that regulation rules can look at: historical particulars,
//! discipline, a foreign address, and the relatives who carry any fact, declared issue, stay
//! abroad or criminal record. The store keeps it beside each declaration so a review campaign
//! reads a few hundred bytes for the few persons who have something, not every whole dossier.
//! A person with an empty projection has nothing any rule can match.

use crate::Declaration;
use crate::dossier::{Discipline, HistoricalFact};
use crate::family::Relative;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningFacts {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub historical_facts: Vec<HistoricalFact>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discipline: Vec<Discipline>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foreign_address: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub family: Vec<Relative>,
}

/// Whether a relative has anything a rule could look at.
pub fn carries_facts(r: &Relative) -> bool {
    !r.facts.is_empty()
        || !r.political_issues.trim().is_empty()
        || r.abroad.is_some()
        || r.criminal_record.as_deref().is_some_and(|s| !s.trim().is_empty())
}

impl ScreeningFacts {
    pub fn of(d: &Declaration) -> Self {
        Self {
            historical_facts: d.historical_facts.clone(),
            discipline: d.discipline.clone(),
            foreign_address: d.identity.foreign_address.clone().filter(|s| !s.trim().is_empty()),
            family: d.family.iter().filter(|r| carries_facts(r)).cloned().collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.historical_facts.is_empty()
            && self.discipline.is_empty()
            && self.foreign_address.is_none()
            && self.family.is_empty()
    }

    /// The projection as stored: `None` when there is nothing to screen.
    pub fn to_json(d: &Declaration) -> Option<String> {
        let f = Self::of(d);
        (!f.is_empty()).then(|| serde_json::to_string(&f).expect("screening facts serialise"))
    }
}
