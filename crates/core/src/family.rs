//! Item (21): family in three tiers (DOMAIN §4). Each tier asks for more fields than the
//! one before; the relation kind decides the tier.

use crate::date::PartialDate;
use crate::dossier::HistoricalFact;
use crate::error::{FieldError, FieldErrors};
use crate::identity::PartyCardNo;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tier {
    One = 1,
    Two = 2,
    Three = 3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    // Tier 1: grandparents of the person and of the spouse.
    PaternalGrandfather,
    PaternalGrandmother,
    MaternalGrandfather,
    MaternalGrandmother,
    SpousePaternalGrandfather,
    SpousePaternalGrandmother,
    SpouseMaternalGrandfather,
    SpouseMaternalGrandmother,
    // Tier 2.
    Father,
    Mother,
    /// Người trực tiếp nuôi dưỡng: the person who raised the applicant.
    Caregiver,
    FatherInLaw,
    MotherInLaw,
    Spouse,
    // Tier 3.
    Sibling,
    SpouseSibling,
    Child,
    /// A legally adopted child.
    AdoptedChild,
}

impl RelationKind {
    pub const ALL: [RelationKind; 18] = {
        use RelationKind::*;
        [
            PaternalGrandfather,
            PaternalGrandmother,
            MaternalGrandfather,
            MaternalGrandmother,
            SpousePaternalGrandfather,
            SpousePaternalGrandmother,
            SpouseMaternalGrandfather,
            SpouseMaternalGrandmother,
            Father,
            Mother,
            Caregiver,
            FatherInLaw,
            MotherInLaw,
            Spouse,
            Sibling,
            SpouseSibling,
            Child,
            AdoptedChild,
        ]
    };

    pub fn tier(&self) -> Tier {
        use RelationKind::*;
        match self {
            PaternalGrandfather
            | PaternalGrandmother
            | MaternalGrandfather
            | MaternalGrandmother
            | SpousePaternalGrandfather
            | SpousePaternalGrandmother
            | SpouseMaternalGrandfather
            | SpouseMaternalGrandmother => Tier::One,
            Father | Mother | Caregiver | FatherInLaw | MotherInLaw | Spouse => Tier::Two,
            Sibling | SpouseSibling | Child | AdoptedChild => Tier::Three,
        }
    }

    /// Relatives on the spouse's side (the rules look at them separately).
    pub fn is_spouse_side(&self) -> bool {
        use RelationKind::*;
        matches!(
            self,
            SpousePaternalGrandfather
                | SpousePaternalGrandmother
                | SpouseMaternalGrandfather
                | SpouseMaternalGrandmother
                | FatherInLaw
                | MotherInLaw
                | SpouseSibling
        )
    }

    pub fn is_child(&self) -> bool {
        matches!(self, RelationKind::Child | RelationKind::AdoptedChild)
    }

    /// At most one of these per declaration.
    pub fn is_unique(&self) -> bool {
        self.tier() == Tier::One
            || matches!(
                self,
                RelationKind::Father
                    | RelationKind::Mother
                    | RelationKind::FatherInLaw
                    | RelationKind::MotherInLaw
                    | RelationKind::Spouse
            )
    }

    /// The stable name used in JSON and in the database (same as serde's).
    pub fn code(&self) -> &'static str {
        use RelationKind::*;
        match self {
            PaternalGrandfather => "paternal_grandfather",
            PaternalGrandmother => "paternal_grandmother",
            MaternalGrandfather => "maternal_grandfather",
            MaternalGrandmother => "maternal_grandmother",
            SpousePaternalGrandfather => "spouse_paternal_grandfather",
            SpousePaternalGrandmother => "spouse_paternal_grandmother",
            SpouseMaternalGrandfather => "spouse_maternal_grandfather",
            SpouseMaternalGrandmother => "spouse_maternal_grandmother",
            Father => "father",
            Mother => "mother",
            Caregiver => "caregiver",
            FatherInLaw => "father_in_law",
            MotherInLaw => "mother_in_law",
            Spouse => "spouse",
            Sibling => "sibling",
            SpouseSibling => "spouse_sibling",
            Child => "child",
            AdoptedChild => "adopted_child",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(&self) -> &'static str {
        use RelationKind::*;
        match self {
            PaternalGrandfather => "Ông nội",
            PaternalGrandmother => "Bà nội",
            MaternalGrandfather => "Ông ngoại",
            MaternalGrandmother => "Bà ngoại",
            SpousePaternalGrandfather => "Ông nội của vợ/chồng",
            SpousePaternalGrandmother => "Bà nội của vợ/chồng",
            SpouseMaternalGrandfather => "Ông ngoại của vợ/chồng",
            SpouseMaternalGrandmother => "Bà ngoại của vợ/chồng",
            Father => "Cha đẻ",
            Mother => "Mẹ đẻ",
            Caregiver => "Người trực tiếp nuôi dưỡng",
            FatherInLaw => "Cha vợ/chồng",
            MotherInLaw => "Mẹ vợ/chồng",
            Spouse => "Vợ/chồng",
            Sibling => "Anh chị em ruột",
            SpouseSibling => "Anh chị em ruột của vợ/chồng",
            Child => "Con đẻ",
            AdoptedChild => "Con nuôi (hợp pháp)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Death {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default)]
    pub cause: String,
    #[serde(default)]
    pub place: String,
}

/// Thành phần giai cấp, and the period it refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialClass {
    pub class: String,
    #[serde(default)]
    pub period: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Abroad {
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<PartialDate>,
    #[serde(default)]
    pub occupation: String,
}

/// A relative who is a party member: the packs skip verification when the record is complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelativeMembership {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_no: Option<PartyCardNo>,
    #[serde(default)]
    pub record_complete: bool,
}

/// One relative. Fields are grouped by the tier that first asks for them; a field asked by
/// a higher tier only is refused on a lower-tier relative so the form stays honest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relative {
    pub relation: RelationKind,
    pub full_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<i32>,
    /// Only for siblings and children, who are not all told apart by relation kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<crate::identity::Sex>,
    // Tiers 1 and 2.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hometown: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub residence: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub occupation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub religion: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<String>,
    #[serde(
        default = "crate::person::default_nationality",
        skip_serializing_if = "crate::person::is_default_nationality"
    )]
    pub nationality: String,
    /// Issues relevant to the political standard, as declared.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub political_issues: String,
    // Tier 2 (deceased also for grandparents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_class: Option<SocialClass>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub revolutionary_activity: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deceased: Option<Death>,
    // Tiers 2 and 3.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub law_compliance: String,
    // Tier 3 only.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub economic_situation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criminal_record: Option<String>,
    /// Full civil capacity (năng lực hành vi dân sự đầy đủ): adult children without it are
    /// not verified. Defaults to true.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub full_civil_capacity: bool,
    // Any tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abroad: Option<Abroad>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_member: Option<RelativeMembership>,
    /// Typed historical facts about the relative (former-regime posts, arrests, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<HistoricalFact>,
    /// The relative's own dossier, when they have one here. Recusal follows these links: no
    /// one may open the dossier or case of a person linked to them as a relative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<crate::ids::PersonId>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Relative {
    pub fn new(relation: RelationKind, full_name: impl Into<String>) -> Self {
        Self {
            relation,
            full_name: full_name.into(),
            birth_year: None,
            sex: None,
            hometown: String::new(),
            residence: String::new(),
            occupation: String::new(),
            religion: None,
            ethnicity: None,
            nationality: crate::person::default_nationality(),
            political_issues: String::new(),
            birth_place: None,
            social_class: None,
            revolutionary_activity: String::new(),
            deceased: None,
            law_compliance: String::new(),
            economic_situation: String::new(),
            criminal_record: None,
            full_civil_capacity: true,
            abroad: None,
            party_member: None,
            facts: Vec::new(),
            person_id: None,
        }
    }

    pub fn tier(&self) -> Tier {
        self.relation.tier()
    }

    pub fn validate(&self, person_birth_year: i32) -> FieldErrors {
        let mut errs = FieldErrors::default();
        if let Err(e) = crate::text::normalize_name(&self.full_name) {
            errs.push(FieldError::new("full_name", e.to_string()));
        }
        let tier = self.tier();
        let wrong_tier = |field: &str, tiers: &str| {
            FieldError::new(
                field,
                format!("Mục này chỉ khai cho thân nhân {tiers}, không khai cho {}", self.relation.label()),
            )
        };
        if tier != Tier::Two {
            if self.birth_place.is_some() {
                errs.push(wrong_tier("birth_place", "bậc 2"));
            }
            if self.social_class.is_some() {
                errs.push(wrong_tier("social_class", "bậc 2"));
            }
        }
        if tier != Tier::Three {
            if self.criminal_record.is_some() {
                errs.push(wrong_tier("criminal_record", "bậc 3"));
            }
            if !self.economic_situation.is_empty() {
                errs.push(wrong_tier("economic_situation", "bậc 3"));
            }
        }
        if let Some(y) = self.birth_year {
            if !(crate::date::MIN_YEAR..=crate::date::MAX_YEAR).contains(&y) {
                errs.push(FieldError::new("birth_year", format!("Năm sinh {y} không hợp lệ")));
            } else {
                let gap = person_birth_year - y;
                let msg = match self.relation {
                    RelationKind::Father | RelationKind::Mother if gap < 12 => {
                        Some("Cha, mẹ đẻ phải sinh trước người khai ít nhất 12 năm")
                    }
                    r if r.tier() == Tier::One && gap < 24 => Some("Ông, bà phải sinh trước người khai ít nhất 24 năm"),
                    RelationKind::Child if -gap < 12 => Some("Con đẻ phải sinh sau người khai ít nhất 12 năm"),
                    _ => None,
                };
                if let Some(m) = msg {
                    errs.push(FieldError::new("birth_year", m));
                }
            }
        }
        if let Some(d) = &self.deceased
            && let (Some(dy), Some(by)) = (d.year, self.birth_year)
            && dy < by
        {
            errs.push(FieldError::new("deceased.year", "Năm mất phải sau năm sinh"));
        }
        if let Some(a) = &self.abroad
            && a.country.trim().is_empty()
        {
            errs.push(FieldError::new("abroad.country", "Phải ghi nước đang ở"));
        }
        for (i, f) in self.facts.iter().enumerate() {
            errs.extend_within(&format!("facts[{i}]"), f.validate());
        }
        errs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_serde() {
        for k in RelationKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
            assert_eq!(RelationKind::from_code(k.code()), Some(k));
        }
    }
}
