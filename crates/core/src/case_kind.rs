//! What a person is being vetted for. Regulation packs say which of their rules apply to which
//! kind; the case workflow (issue 5) and review campaigns use the same vocabulary.

use crate::person::MemberStatus;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// Kết nạp đảng viên.
    Admission,
    /// Tham gia cấp ủy.
    Committee,
    /// Bổ nhiệm, giới thiệu cán bộ chủ chốt.
    KeyCadre,
    /// Công tác ở cơ quan, bộ phận, vị trí trọng yếu, cơ mật.
    KeyPost,
    /// Ứng cử vào cơ quan dân cử.
    Candidacy,
    /// Người có vấn đề chính trị.
    PoliticalIssue,
    /// Rà soát chính trị nội bộ (đợt rà soát) over members already admitted.
    Review,
}

impl CaseKind {
    pub const ALL: [CaseKind; 7] = [
        CaseKind::Admission,
        CaseKind::Committee,
        CaseKind::KeyCadre,
        CaseKind::KeyPost,
        CaseKind::Candidacy,
        CaseKind::PoliticalIssue,
        CaseKind::Review,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseKind::Admission => "admission",
            CaseKind::Committee => "committee",
            CaseKind::KeyCadre => "key_cadre",
            CaseKind::KeyPost => "key_post",
            CaseKind::Candidacy => "candidacy",
            CaseKind::PoliticalIssue => "political_issue",
            CaseKind::Review => "review",
        }
    }

    pub fn from_code(s: &str) -> Option<CaseKind> {
        CaseKind::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseKind::Admission => "Kết nạp đảng viên",
            CaseKind::Committee => "Tham gia cấp ủy",
            CaseKind::KeyCadre => "Cán bộ chủ chốt",
            CaseKind::KeyPost => "Vị trí trọng yếu, cơ mật",
            CaseKind::Candidacy => "Ứng cử",
            CaseKind::PoliticalIssue => "Người có vấn đề chính trị",
            CaseKind::Review => "Rà soát chính trị nội bộ",
        }
    }
}

impl CaseKind {
    /// Whether a person of party `status` can be vetted for this kind: admission is for
    /// applicants only; entry into a committee and the review of members are for those already
    /// admitted (a committee takes full members); posts, candidacy and political issues concern
    /// anyone with a dossier.
    pub fn fits(self, status: MemberStatus) -> bool {
        use MemberStatus::*;
        match self {
            CaseKind::Admission => status == Applicant,
            CaseKind::Committee => status == Full,
            CaseKind::Review | CaseKind::KeyCadre => matches!(status, Probationary | Full),
            CaseKind::KeyPost | CaseKind::Candidacy | CaseKind::PoliticalIssue => true,
        }
    }

    /// The kinds a person of `status` can be vetted for.
    pub fn fitting(status: MemberStatus) -> impl Iterator<Item = CaseKind> {
        CaseKind::ALL.into_iter().filter(move |k| k.fits(status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_applicants_are_admitted_and_only_full_members_sit_on_committees() {
        use CaseKind::*;
        let of = |s| CaseKind::fitting(s).collect::<Vec<_>>();
        assert_eq!(of(MemberStatus::Applicant), [Admission, KeyPost, Candidacy, PoliticalIssue]);
        assert_eq!(of(MemberStatus::Probationary), [KeyCadre, KeyPost, Candidacy, PoliticalIssue, Review]);
        assert_eq!(of(MemberStatus::Full), [Committee, KeyCadre, KeyPost, Candidacy, PoliticalIssue, Review]);
    }

    #[test]
    fn codes_match_serde() {
        for k in CaseKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
            assert_eq!(CaseKind::from_code(k.code()), Some(k));
        }
    }
}
