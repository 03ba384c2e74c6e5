//! The regulation-pack format. A pack is one TOML file (`rules/<pack-id>/pack.toml`) that an
//! organisation-board officer can read: every rule names its clause, whom it looks at, the
//! condition over typed dossier facts and what it produces. Codes are the serde names below.

use bvctnb_core::PartialDate;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::dossier::{DisciplineLevel, FactStatus, FormerRegimeBranch, OrgNature};
use bvctnb_core::family::{RelationKind, Tier};
use bvctnb_core::travel::FlagKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub id: String,
    /// Edition of the pack itself (corrections to the data, not to the regulation).
    pub version: String,
    pub title: String,
    /// The issuing document, e.g. "Quy định số 58-QĐ/TW".
    pub document: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<PartialDate>,
    pub effective_from: PartialDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authorities: Vec<Authority>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ceilings: Vec<Ceiling>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conclusions: Vec<ConclusionCategory>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verification: Vec<VerificationScope>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
}

/// Where a statement in the pack comes from: DOMAIN.md's [R], [S] and [?].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Read in the published text or its official guidance.
    Read,
    /// Repeated by secondary sources: plausible, to be confirmed.
    #[default]
    Secondary,
    /// Not verified; kept so the work can go on, and marked as such on every screen.
    Unknown,
}

impl Basis {
    pub fn label(self) -> &'static str {
        match self {
            Basis::Read => "Theo văn bản",
            Basis::Secondary => "Theo nguồn thứ cấp, cần đối chiếu văn bản",
            Basis::Unknown => "Chưa xác minh được văn bản",
        }
    }
}

/// Document, article and clause. Article and clause stay blank where they are not known:
/// a citation is never invented.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    pub document: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub article: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub clause: String,
}

impl std::fmt::Display for Citation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.clause.is_empty() {
            write!(f, "{}, ", self.clause)?;
        }
        if !self.article.is_empty() {
            write!(f, "{}, ", self.article)?;
        }
        f.write_str(&self.document)
    }
}

/// A body whose agreement or decision a finding needs; `level` orders them (higher decides more).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    pub id: String,
    pub title: String,
    pub level: u32,
    #[serde(default)]
    pub basis: Basis,
}

/// The highest position tier a person may be placed in; `rank` orders them (higher = higher post).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ceiling {
    pub id: String,
    pub title: String,
    pub rank: u32,
    #[serde(default)]
    pub basis: Basis,
}

/// A conclusion category of DOMAIN §5.2, with who may issue it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConclusionCategory {
    pub id: String,
    pub title: String,
    /// Whether a conclusion of this category must state a position ceiling.
    #[serde(default)]
    pub needs_ceiling: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity_months: Option<u32>,
    #[serde(default)]
    pub basis: Basis,
}

/// Whom a rule or a verification scope looks at: the person being vetted, a relative kind, a
/// tier of the family table, or the spouse's side of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Who {
    Subject,
    Relative(RelationKind),
    /// Every relative of a tier ("tier1", "tier2", "tier3").
    Tier(Tier),
    /// The spouse's grandparents, parents and siblings ("spouse_side").
    SpouseSide,
}

impl Who {
    pub fn code(self) -> &'static str {
        match self {
            Who::Subject => "subject",
            Who::Relative(r) => r.code(),
            Who::Tier(Tier::One) => "tier1",
            Who::Tier(Tier::Two) => "tier2",
            Who::Tier(Tier::Three) => "tier3",
            Who::SpouseSide => "spouse_side",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Who::Subject => "Người được thẩm tra",
            Who::Relative(r) => r.label(),
            Who::Tier(Tier::One) => "Thân nhân bậc 1 (ông bà hai bên)",
            Who::Tier(Tier::Two) => "Thân nhân bậc 2 (cha mẹ, người nuôi dưỡng, cha mẹ vợ/chồng, vợ/chồng)",
            Who::Tier(Tier::Three) => "Thân nhân bậc 3 (anh chị em, con)",
            Who::SpouseSide => "Thân nhân bên vợ/chồng",
        }
    }

    /// Whether this covers a relative of `kind`.
    pub fn covers(self, kind: RelationKind) -> bool {
        match self {
            Who::Subject => false,
            Who::Relative(r) => r == kind,
            Who::Tier(t) => kind.tier() == t,
            Who::SpouseSide => kind.is_spouse_side(),
        }
    }

    /// The relation kinds covered, in the family table's order.
    pub fn relations(self) -> Vec<RelationKind> {
        RelationKind::ALL.into_iter().filter(|k| self.covers(*k)).collect()
    }
}

/// Whether any of `who` covers a relative of `kind`.
pub fn covers(who: &[Who], kind: RelationKind) -> bool {
    who.iter().any(|w| w.covers(kind))
}

impl TryFrom<String> for Who {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let w = match s.as_str() {
            "subject" => Who::Subject,
            "tier1" => Who::Tier(Tier::One),
            "tier2" => Who::Tier(Tier::Two),
            "tier3" => Who::Tier(Tier::Three),
            "spouse_side" => Who::SpouseSide,
            _ => RelationKind::from_code(&s).map(Who::Relative).ok_or_else(|| {
                format!(
                    "\"{s}\" không phải người được xét: dùng \"subject\", một quan hệ như \"father\", \"spouse\", \
                     một bậc \"tier1\"…\"tier3\" hoặc \"spouse_side\""
                )
            })?,
        };
        Ok(w)
    }
}

impl From<Who> for String {
    fn from(w: Who) -> String {
        w.code().to_string()
    }
}

/// Which of the typed dossier facts a condition is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    FormerRegimePost,
    Arrest,
    ForeignOrganisation,
    ReligiousPost,
    PartyInterruption,
    /// Any historical fact (item 16 or a relative's facts); with `status` it finds the
    /// facts a person did not declare.
    AnyFact,
    /// The free-text "issues relevant to the political standard" of a relative.
    PoliticalIssues,
    /// A relative living abroad, or the person's foreign address.
    LivesAbroad,
    Discipline,
    CriminalRecord,
    /// A verification answer that differs from the declaration.
    VerificationMismatch,
    /// The lapses of going abroad (DOMAIN §5.4) come from the trip register, not the dossier:
    /// they reach a rule only through [`crate::travel`], and only for the subject.
    TripUnapproved,
    TripReportMissing,
    PassportNotReturned,
}

impl FactKind {
    pub fn label(self) -> &'static str {
        match self {
            FactKind::FormerRegimePost => "Làm việc trong chế độ cũ",
            FactKind::Arrest => "Bị bắt, bị tù",
            FactKind::ForeignOrganisation => "Quan hệ với tổ chức nước ngoài",
            FactKind::ReligiousPost => "Chức sắc, chức việc tôn giáo",
            FactKind::PartyInterruption => "Gián đoạn sinh hoạt Đảng",
            FactKind::AnyFact => "Đặc điểm lịch sử",
            FactKind::PoliticalIssues => "Vấn đề liên quan tiêu chuẩn chính trị (tự khai)",
            FactKind::LivesAbroad => "Đang ở nước ngoài",
            FactKind::Discipline => "Kỷ luật",
            FactKind::CriminalRecord => "Tiền án, tiền sự",
            FactKind::VerificationMismatch => "Kết quả thẩm tra khác với lời khai",
            FactKind::TripUnapproved => FlagKind::Unapproved.label(),
            FactKind::TripReportMissing => FlagKind::ReportMissing.label(),
            FactKind::PassportNotReturned => FlagKind::PassportNotReturned.label(),
        }
    }

    /// The travel lapse this fact kind stands for, if it is one.
    pub fn flag(self) -> Option<FlagKind> {
        match self {
            FactKind::TripUnapproved => Some(FlagKind::Unapproved),
            FactKind::TripReportMissing => Some(FlagKind::ReportMissing),
            FactKind::PassportNotReturned => Some(FlagKind::PassportNotReturned),
            _ => None,
        }
    }

    pub fn is_travel(self) -> bool {
        self.flag().is_some()
    }
}

/// The condition: every field that is set must hold for a fact to match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub fact: FactKind,
    /// Former-regime branch (for `former_regime_post`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branch: Vec<FormerRegimeBranch>,
    /// Nature of the foreign organisation (for `foreign_organisation`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nature: Vec<OrgNature>,
    /// How the fact is known: declared, verified, reported, mismatch. Empty means any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<FactStatus>,
    /// The fact began before this date (e.g. 30/04/1975).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<PartialDate>,
    /// The fact lasted until or began after this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<PartialDate>,
    /// Any of these words appears (without diacritics) in the post, role, conduct or text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    /// Discipline at this level or above (for `discipline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_level: Option<DisciplineLevel>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Thông tin: to be known, nothing to decide.
    Info,
    /// Cần xem xét: the competent committee must look at it.
    Review,
    /// Dấu hiệu vi phạm: a sign of a violation of the political standard, for a human to conclude.
    Violation,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "Thông tin",
            Severity::Review => "Cần xem xét",
            Severity::Violation => "Dấu hiệu vi phạm",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Review => "review",
            Severity::Violation => "violation",
        }
    }
}

/// The extra verification channel a finding calls for, beyond the pack's ordinary scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The grassroots committee where the person lives or is from.
    Grassroots,
    /// The party committee for organisations abroad, through the mission.
    Abroad,
    /// The domestic security body, where there is political doubt.
    Security,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effect {
    pub severity: Severity,
    /// The wording of the finding; the rule's title when blank.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub finding: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_through: Option<Channel>,
    /// Position ceiling per case kind, by ceiling id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ceiling: BTreeMap<CaseKind, String>,
    /// The authority whose agreement is needed, by authority id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
}

/// A path by which a person may still be admitted despite the ground (e.g. an outstanding
/// applicant who has condemned a relative's wrongdoing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    pub title: String,
    pub citation: Citation,
    pub authority: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable across pack editions for the same ground, so the diff can pair them.
    pub id: String,
    pub title: String,
    pub citation: Citation,
    #[serde(default)]
    pub basis: Basis,
    pub cases: Vec<CaseKind>,
    pub who: Vec<Who>,
    pub when: Condition,
    pub then: Effect,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<Exception>,
}

/// Whom to verify, where and through which body (DOMAIN §5.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationScope {
    pub id: String,
    pub title: String,
    pub citation: Citation,
    #[serde(default)]
    pub basis: Basis,
    pub cases: Vec<CaseKind>,
    pub persons: Vec<Who>,
    /// Children are verified only when adult and of full civil capacity.
    #[serde(default)]
    pub adult_children_only: bool,
    /// A relative who is a current party member with a complete record needs no verification.
    #[serde(default)]
    pub skip_members_with_complete_record: bool,
    /// What is verified about the person being vetted.
    pub subject_points: String,
    /// What is verified about each relative.
    pub relative_points: String,
    pub bodies: Bodies,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bodies {
    pub grassroots: String,
    pub abroad: String,
    pub security: String,
}

impl Bodies {
    pub fn name(&self, c: Channel) -> &str {
        match c {
            Channel::Grassroots => &self.grassroots,
            Channel::Abroad => &self.abroad,
            Channel::Security => &self.security,
        }
    }
}

impl Pack {
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn ceiling(&self, id: &str) -> Option<&Ceiling> {
        self.ceilings.iter().find(|c| c.id == id)
    }

    pub fn authority(&self, id: &str) -> Option<&Authority> {
        self.authorities.iter().find(|a| a.id == id)
    }

    pub fn scope_for(&self, kind: CaseKind) -> Option<&VerificationScope> {
        self.verification.iter().find(|v| v.cases.contains(&kind))
    }

    /// The case kinds any rule or verification scope of the pack applies to.
    pub fn case_kinds(&self) -> Vec<CaseKind> {
        let mut out: Vec<CaseKind> = self
            .rules
            .iter()
            .flat_map(|r| r.cases.iter())
            .chain(self.verification.iter().flat_map(|v| v.cases.iter()))
            .copied()
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_cover_their_relatives_and_round_trip() {
        let codes = |w: Who| w.relations().iter().map(|r| r.code()).collect::<Vec<_>>();
        assert_eq!(
            codes(Who::Tier(Tier::Two)),
            ["father", "mother", "caregiver", "father_in_law", "mother_in_law", "spouse"]
        );
        assert_eq!(
            codes(Who::SpouseSide),
            [
                "spouse_paternal_grandfather",
                "spouse_paternal_grandmother",
                "spouse_maternal_grandfather",
                "spouse_maternal_grandmother",
                "father_in_law",
                "mother_in_law",
                "spouse_sibling"
            ]
        );
        assert!(Who::Subject.relations().is_empty());
        for code in ["subject", "tier1", "tier2", "tier3", "spouse_side", "child"] {
            let w = Who::try_from(code.to_string()).unwrap();
            assert_eq!(String::from(w), code);
        }
        let e = Who::try_from("uncle".to_string()).unwrap_err();
        assert!(e.contains("\"uncle\" không phải người được xét"), "{e}");
    }
}
