//! Numbers and symbols of party documents (số và ký hiệu): "12-KL/ĐU" is the 12th conclusion
//! of the year of the body whose symbol is "ĐU". Numbers run per body, kind and year.

use crate::org::OrgKind;

coded_enum! {
    /// Kinds of documents a case produces, by their symbol.
    DocKind {
        Letter = "CV" => "Công văn",
        Conclusion = "KL" => "Kết luận",
        Notice = "TB" => "Thông báo",
        Decision = "QĐ" => "Quyết định",
        Certification = "CN" => "Chứng nhận",
    }
}

/// "12-KL/ĐU".
pub fn format_number(seq: i64, kind: DocKind, body_symbol: &str) -> String {
    format!("{seq}-{}/{body_symbol}", kind.code())
}

/// The number of the notice of a conclusion: the conclusion's, as a notice ("12-KL/ĐU" →
/// "12-TB/ĐU"), so the two papers are known to go together.
pub fn notice_number(conclusion: &str) -> String {
    let kl = format!("-{}/", DocKind::Conclusion.code());
    conclusion.replacen(&kl, &format!("-{}/", DocKind::Notice.code()), 1)
}

/// The usual symbol of the committee of an organisation of `kind`, used when the organisation
/// has none of its own recorded.
pub fn default_body_symbol(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Central => "TW",
        OrgKind::DirectlyUnderCentral => "TU",
        OrgKind::Intermediate | OrgKind::GrassrootsCommittee | OrgKind::SubCommittee => "ĐU",
        OrgKind::GrassrootsCell | OrgKind::Cell | OrgKind::Group => "CB",
    }
}

/// The authority level of a committee of an organisation of `kind`, in the numbering of the
/// packs' authority tables: 1 grassroots committee, 2 the level directly above a grassroots
/// organisation, 3 a committee directly under the Central Committee, 4 the Central Committee.
/// A cell or a sub-committee concludes nothing.
pub fn authority_level(kind: OrgKind) -> u32 {
    match kind {
        OrgKind::Central => 4,
        OrgKind::DirectlyUnderCentral => 3,
        OrgKind::Intermediate => 2,
        OrgKind::GrassrootsCommittee | OrgKind::GrassrootsCell => 1,
        OrgKind::SubCommittee | OrgKind::Cell | OrgKind::Group => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_on_paper() {
        assert_eq!(format_number(12, DocKind::Conclusion, "ĐU"), "12-KL/ĐU");
        assert_eq!(format_number(3, DocKind::Letter, default_body_symbol(OrgKind::DirectlyUnderCentral)), "3-CV/TU");
        assert!(authority_level(OrgKind::DirectlyUnderCentral) > authority_level(OrgKind::GrassrootsCommittee));
        assert_eq!(authority_level(OrgKind::Cell), 0);
        assert_eq!(notice_number("12-KL/ĐU"), "12-TB/ĐU");
    }
}
