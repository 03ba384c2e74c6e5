//! How the papers of each organisation level are headed and signed: the committee's proper
//! name ("Đảng bộ tỉnh Đồng Nai" speaks as "Tỉnh ủy Đồng Nai"), whether the header line above
//! it is the organisation itself or the one above, and the signing formula ("T/M BAN THƯỜNG
//! VỤ", "T/M ĐẢNG ỦY", "T/M CHI BỘ"). Data with effective dates (`rules/papers.toml`): the
//! party's guidance on document form changes without a release.

use crate::org::OrgKind;
use chrono::NaiveDate;
use serde::Deserialize;

/// Which organisation the first header line names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderLine {
    /// The organisation above the issuer (a commune committee under its province).
    Parent,
    /// The issuer's own organisation, over its committee's short name ("ĐẢNG BỘ TỈNH …" over
    /// "TỈNH ỦY").
    Own,
}

/// The form of one level's papers from a date on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelForm {
    pub kind: OrgKind,
    pub effective_from: NaiveDate,
    /// Name prefixes of the organisation and what the committee is called instead, first
    /// match wins; a name matching none is the committee's name as it is.
    pub committee: Vec<(String, String)>,
    pub header: HeaderLine,
    /// The formula above the signer's position, e.g. "T/M BAN THƯỜNG VỤ".
    pub on_behalf: String,
    /// The position printed under the formula on a letter signed by hand.
    pub letter_position: String,
}

impl LevelForm {
    /// What the committee of an organisation named `org_name` is called.
    pub fn committee_name(&self, org_name: &str) -> String {
        self.committee
            .iter()
            .find_map(|(prefix, name)| org_name.strip_prefix(prefix.as_str()).map(|rest| format!("{name}{rest}")))
            .unwrap_or_else(|| org_name.to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperForms {
    pub version: String,
    levels: Vec<LevelForm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    version: String,
    #[serde(default)]
    note: String,
    level: Vec<LevelForm>,
}

impl PaperForms {
    /// Every level must have a form in force from its earliest date on, so no paper is ever
    /// printed without a signing formula.
    pub fn parse(file: &str, text: &str) -> Result<Self, String> {
        let raw: Raw = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
        let _ = raw.note;
        let mut levels = raw.level;
        for kind in OrgKind::ALL {
            if !levels.iter().any(|l| l.kind == kind) {
                return Err(format!("{file}: thiếu thể thức văn bản của cấp «{}» ({})", kind.label(), kind.code()));
            }
        }
        for l in &levels {
            if l.on_behalf.trim().is_empty() {
                return Err(format!("{file}: cấp «{}» chưa ghi thể thức đề ký (on_behalf)", l.kind.label()));
            }
            let same = levels.iter().filter(|m| m.kind == l.kind && m.effective_from == l.effective_from).count();
            if same > 1 {
                return Err(format!(
                    "{file}: cấp «{}» có hai thể thức cùng hiệu lực từ {}",
                    l.kind.label(),
                    l.effective_from
                ));
            }
        }
        levels.sort_by_key(|l| (l.kind.code(), l.effective_from));
        Ok(Self { version: raw.version, levels })
    }

    /// The form of `kind`'s papers dated `on`: the latest in force then, or the earliest when
    /// the paper predates them all (an old paper reprinted).
    pub fn for_level(&self, kind: OrgKind, on: NaiveDate) -> &LevelForm {
        crate::date::in_force(self.levels.iter().filter(|l| l.kind == kind), on, |l| l.effective_from)
            .expect("parse requires a form for every level")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../../rules/papers.toml");

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn shipped_forms_cover_every_level() {
        let f = PaperForms::parse("papers.toml", SHIPPED).unwrap();
        let on = d("2026-12-01");
        let p = f.for_level(OrgKind::DirectlyUnderCentral, on);
        assert_eq!(p.committee_name("Đảng bộ tỉnh Đồng Nai"), "Tỉnh ủy Đồng Nai");
        assert_eq!(p.committee_name("Đảng bộ thành phố Hà Nội"), "Thành ủy Hà Nội");
        assert_eq!(p.on_behalf, "T/M BAN THƯỜNG VỤ");
        let c = f.for_level(OrgKind::GrassrootsCommittee, on);
        assert_eq!(c.committee_name("Đảng bộ xã Cẩm Bình"), "Đảng ủy xã Cẩm Bình");
        assert_eq!(c.on_behalf, "T/M ĐẢNG ỦY");
        assert_eq!(c.header, HeaderLine::Parent);
        assert_eq!(f.for_level(OrgKind::GrassrootsCell, on).on_behalf, "T/M CHI BỘ");
        assert_eq!(f.for_level(OrgKind::Cell, on).committee_name("Chi bộ ấp 5"), "Chi bộ ấp 5");
    }

    #[test]
    fn the_form_in_force_on_the_paper_date_is_used() {
        let mut text = SHIPPED.to_string();
        text.push_str(
            "\n[[level]]\nkind = \"grassroots_committee\"\neffective_from = \"2027-01-01\"\n\
             committee = [[\"Đảng bộ \", \"Đảng ủy \"]]\nheader = \"parent\"\n\
             on_behalf = \"T/M BAN THƯỜNG VỤ\"\nletter_position = \"BÍ THƯ\"\n",
        );
        let f = PaperForms::parse("papers.toml", &text).unwrap();
        assert_eq!(f.for_level(OrgKind::GrassrootsCommittee, d("2026-12-31")).on_behalf, "T/M ĐẢNG ỦY");
        assert_eq!(f.for_level(OrgKind::GrassrootsCommittee, d("2027-01-01")).on_behalf, "T/M BAN THƯỜNG VỤ");
        assert_eq!(f.for_level(OrgKind::GrassrootsCommittee, d("1990-01-01")).on_behalf, "T/M ĐẢNG ỦY");
    }

    #[test]
    fn a_missing_level_or_formula_is_refused() {
        let cut = SHIPPED.split("[[level]]").take(3).collect::<Vec<_>>().join("[[level]]");
        let e = PaperForms::parse("papers.toml", &cut).unwrap_err();
        assert!(e.contains("thiếu thể thức"), "{e}");
        let blank = SHIPPED.replacen("on_behalf = \"T/M BAN THƯỜNG VỤ\"", "on_behalf = \" \"", 1);
        assert!(PaperForms::parse("papers.toml", &blank).unwrap_err().contains("on_behalf"));
    }
}
