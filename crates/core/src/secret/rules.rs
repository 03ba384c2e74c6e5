//! The effective-dated rules of the secret registers, read from `rules/secrets.toml`. Each
//! table may hold several rows for one key with different `effective_from` dates; the row in
//! force on a day is the latest one not after it.

use super::{Field, PaperKind, RegisterKind, SecretLevel};
use crate::date::in_force;
use crate::org::OrgKind;
use chrono::NaiveDate;
use serde::Deserialize;

/// A level's default protection period and envelopes, from a date on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelRule {
    pub level: SecretLevel,
    pub effective_from: NaiveDate,
    /// Counted from the date of classification.
    pub period_years: u32,
    /// The letter on the envelope ("A", "B", "C").
    pub envelope: String,
    /// How many envelopes the item travels in.
    pub envelopes: u32,
}

/// Whether the summary (trích yếu) of a Tuyệt mật item may be written in the books.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SummaryRule {
    /// Only if the classifier agreed (NĐ 26/2020).
    WithConsent,
    /// Never (NĐ 63/2026).
    Never,
}

impl SummaryRule {
    pub fn code(self) -> &'static str {
        match self {
            SummaryRule::WithConsent => "with_consent",
            SummaryRule::Never => "never",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryRow {
    pub effective_from: NaiveDate,
    pub tuyet_mat: SummaryRule,
    /// The text that sets it, shown beside a refusal.
    pub basis: String,
}

/// One column of a book: the field it shows, its heading and its relative width.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Column(pub Field, pub String, pub u16);

/// The title and columns of one book, from a date on (the annex of the decree in force).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterForm {
    pub kind: RegisterKind,
    pub effective_from: NaiveDate,
    pub title: String,
    pub columns: Vec<Column>,
}

/// Who may approve copying at which levels: a title at an organisation level.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopyAuthority {
    pub effective_from: NaiveDate,
    pub org_kind: OrgKind,
    pub title: String,
    pub levels: Vec<SecretLevel>,
}

/// The level of a kind of paper BVCTNB's work produces, from a date on, and how its line in
/// the register is written. No level: the paper is not secret and is entered in no book.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaperRule {
    pub kind: PaperKind,
    pub effective_from: NaiveDate,
    #[serde(default)]
    pub level: Option<SecretLevel>,
    /// The type written in the register ("Công văn", "Kết luận").
    pub doc_type: String,
    /// How many copies are issued (the one sent and the one filed, for a letter).
    #[serde(default = "one")]
    pub copies: u32,
}

fn one() -> u32 {
    1
}

/// The yearly statistics: the days (month-day) the counted year starts in the year before and
/// ends in the year reported, and the day the report is due.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearlyReport {
    pub from: String,
    pub to: String,
    pub due: String,
}

impl YearlyReport {
    fn day(year: i32, md: &str) -> Option<NaiveDate> {
        let (m, d) = md.split_once('-')?;
        NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
    }

    /// The first and last days counted for the report of `year`, and its due day.
    pub fn period(&self, year: i32) -> Option<(NaiveDate, NaiveDate, NaiveDate)> {
        Some((Self::day(year - 1, &self.from)?, Self::day(year, &self.to)?, Self::day(year, &self.due)?))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretRules {
    pub version: String,
    /// How long before its end an item's period is listed as ending.
    pub period_warning_days: u32,
    /// Within how many days of a re-grading the bodies concerned must be told.
    pub regrade_notice_days: u32,
    pub yearly_report: YearlyReport,
    levels: Vec<LevelRule>,
    summary: Vec<SummaryRow>,
    registers: Vec<RegisterForm>,
    authorities: Vec<CopyAuthority>,
    papers: Vec<PaperRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    version: String,
    #[serde(default)]
    note: String,
    period_warning_days: u32,
    regrade_notice_days: u32,
    yearly_report: YearlyReport,
    level: Vec<LevelRule>,
    summary: Vec<SummaryRow>,
    register: Vec<RegisterForm>,
    copy_authority: Vec<CopyAuthority>,
    paper: Vec<PaperRule>,
}

impl SecretRules {
    /// Every level and every book must have a row, so no item is registered without a period
    /// and no book printed without columns.
    pub fn parse(file: &str, text: &str) -> Result<Self, String> {
        let raw: Raw = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
        let _ = raw.note;
        for level in SecretLevel::ALL {
            if !raw.level.iter().any(|l| l.level == *level) {
                return Err(format!("{file}: thiếu thời hạn bảo vệ của độ «{}»", level.label()));
            }
        }
        for l in &raw.level {
            if l.period_years == 0 || l.envelope.trim().is_empty() || l.envelopes == 0 {
                return Err(format!("{file}: độ «{}» phải có thời hạn, chữ ký hiệu bì và số bì", l.level.label()));
            }
        }
        if raw.yearly_report.period(2026).is_none() {
            return Err(format!("{file}: [yearly_report] phải ghi ngày dạng tháng-ngày, ví dụ \"12-15\""));
        }
        if raw.summary.is_empty() {
            return Err(format!("{file}: thiếu quy định ghi trích yếu tài liệu Tuyệt mật ([[summary]])"));
        }
        for kind in RegisterKind::ALL {
            let Some(form) = raw.register.iter().find(|r| r.kind == *kind) else {
                return Err(format!("{file}: thiếu mẫu «{}»", kind.label()));
            };
            let _ = form;
        }
        for r in &raw.register {
            if !r.columns.iter().any(|c| c.0 == Field::Serial) {
                return Err(format!("{file}: «{}» ({}) phải có cột số thứ tự", r.kind.label(), r.effective_from));
            }
            if r.columns.iter().any(|c| c.2 == 0 || c.1.trim().is_empty()) {
                return Err(format!("{file}: «{}»: mỗi cột phải có tên và độ rộng lớn hơn 0", r.kind.label()));
            }
        }
        for kind in PaperKind::ALL {
            if !raw.paper.iter().any(|p| p.kind == *kind) {
                return Err(format!("{file}: thiếu độ mật của loại văn bản «{}» ([[paper]])", kind.label()));
            }
        }
        if let Some(p) = raw.paper.iter().find(|p| p.doc_type.trim().is_empty() || p.copies == 0) {
            return Err(format!("{file}: «{}»: phải ghi tên loại văn bản và số bản (ít nhất 1)", p.kind.label()));
        }
        Ok(Self {
            version: raw.version,
            period_warning_days: raw.period_warning_days,
            regrade_notice_days: raw.regrade_notice_days,
            yearly_report: raw.yearly_report,
            levels: raw.level,
            summary: raw.summary,
            registers: raw.register,
            authorities: raw.copy_authority,
            papers: raw.paper,
        })
    }

    pub fn level(&self, level: SecretLevel, on: NaiveDate) -> &LevelRule {
        in_force(self.levels.iter().filter(|l| l.level == level), on, |l| l.effective_from)
            .expect("parse requires every level")
    }

    /// The end of the protection period of an item classified on `on` for `years`.
    pub fn period_end(on: NaiveDate, years: u32) -> NaiveDate {
        on.checked_add_months(chrono::Months::new(years * 12)).unwrap_or(NaiveDate::MAX)
    }

    pub fn summary_rule(&self, on: NaiveDate) -> &SummaryRow {
        in_force(self.summary.iter(), on, |r| r.effective_from).expect("parse requires a summary rule")
    }

    /// The summary rows, oldest first, as the store keeps them to enforce the rule itself.
    pub fn summary_rows(&self) -> Vec<(NaiveDate, SummaryRule)> {
        let mut rows: Vec<_> = self.summary.iter().map(|r| (r.effective_from, r.tuyet_mat)).collect();
        rows.sort();
        rows
    }

    pub fn register(&self, kind: RegisterKind, on: NaiveDate) -> &RegisterForm {
        in_force(self.registers.iter().filter(|r| r.kind == kind), on, |r| r.effective_from)
            .expect("parse requires every book")
    }

    /// The rule for papers of `kind` dated `on` (before the first row, the first row).
    pub fn paper(&self, kind: PaperKind, on: NaiveDate) -> &PaperRule {
        in_force(self.papers.iter().filter(|p| p.kind == kind), on, |p| p.effective_from)
            .expect("parse requires every paper kind")
    }

    /// The level of a paper of `kind` dated `on`; `None`: not secret.
    pub fn paper_level(&self, kind: PaperKind, on: NaiveDate) -> Option<SecretLevel> {
        self.paper(kind, on).level
    }

    /// The titles at an organisation of `kind` that may approve copying `level` on `on`, under
    /// the table in force then (a table is replaced as a whole by a newer date).
    pub fn copy_approvers(&self, kind: OrgKind, level: SecretLevel, on: NaiveDate) -> Vec<&CopyAuthority> {
        let of_kind = || self.authorities.iter().filter(move |a| a.org_kind == kind);
        // No fallback to the oldest table here: before a level was given the authority, it had none.
        let Some(from) = of_kind().map(|a| a.effective_from).filter(|f| *f <= on).max() else {
            return Vec::new();
        };
        of_kind().filter(|a| a.effective_from == from && a.levels.contains(&level)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../../../rules/secrets.toml");

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn shipped_rules_parse_and_date_the_summary_rule() {
        let r = SecretRules::parse("secrets.toml", SHIPPED).unwrap();
        assert_eq!(r.summary_rule(d("2026-02-28")).tuyet_mat, SummaryRule::WithConsent);
        assert_eq!(r.summary_rule(d("2026-03-01")).tuyet_mat, SummaryRule::Never);
        assert_eq!(r.level(SecretLevel::TuyetMat, d("2026-06-01")).period_years, 30);
        assert_eq!(r.level(SecretLevel::ToiMat, d("2026-06-01")).period_years, 20);
        assert_eq!(r.level(SecretLevel::Mat, d("2026-06-01")).envelope, "C");
        assert_eq!(r.level(SecretLevel::TuyetMat, d("2026-06-01")).envelopes, 2);
        for kind in RegisterKind::ALL {
            assert!(!r.register(*kind, d("2026-06-01")).columns.is_empty());
        }
    }

    #[test]
    fn commune_leaders_approve_copies_under_luat_117_only() {
        let r = SecretRules::parse("secrets.toml", SHIPPED).unwrap();
        let commune = OrgKind::GrassrootsCommittee;
        assert!(r.copy_approvers(commune, SecretLevel::ToiMat, d("2026-02-28")).is_empty());
        let titles: Vec<_> =
            r.copy_approvers(commune, SecretLevel::ToiMat, d("2026-03-01")).iter().map(|a| a.title.clone()).collect();
        assert!(titles.iter().any(|t| t.contains("Bí thư")), "{titles:?}");
        assert!(r.copy_approvers(commune, SecretLevel::TuyetMat, d("2026-03-01")).is_empty());
    }

    #[test]
    fn papers_take_their_level_from_the_row_of_their_date() {
        let r = SecretRules::parse("secrets.toml", SHIPPED).unwrap();
        assert_eq!(r.paper_level(PaperKind::VerificationLetter, d("2026-06-01")), Some(SecretLevel::Mat));
        assert_eq!(r.paper_level(PaperKind::ConclusionNotice, d("2026-06-01")), None);
        assert_eq!(r.paper(PaperKind::VerificationLetter, d("2026-06-01")).copies, 2);
        let later = format!(
            "{SHIPPED}\n[[paper]]\nkind = \"conclusion_notice\"\neffective_from = \"2027-01-01\"\nlevel = \"toi_mat\"\ndoc_type = \"Thông báo\"\n"
        );
        let r = SecretRules::parse("secrets.toml", &later).unwrap();
        assert_eq!(r.paper_level(PaperKind::ConclusionNotice, d("2026-12-31")), None);
        assert_eq!(r.paper_level(PaperKind::ConclusionNotice, d("2027-01-01")), Some(SecretLevel::ToiMat));
        let missing = SHIPPED.replace("kind = \"trip_listing\"", "kind = \"conclusion\"");
        let err = SecretRules::parse("secrets.toml", &missing).unwrap_err();
        assert!(err.contains("Danh sách, báo cáo về đi nước ngoài"), "{err}");
    }

    #[test]
    fn the_yearly_report_counts_from_15_12_to_14_12() {
        let r = SecretRules::parse("secrets.toml", SHIPPED).unwrap();
        let (from, to, due) = r.yearly_report.period(2026).unwrap();
        assert_eq!((from, to, due), (d("2025-12-15"), d("2026-12-14"), d("2026-12-20")));
    }

    #[test]
    fn period_end_counts_whole_years() {
        assert_eq!(SecretRules::period_end(d("2026-03-15"), 10), d("2036-03-15"));
        assert_eq!(SecretRules::period_end(d("2024-02-29"), 1), d("2025-02-28"));
    }

    #[test]
    fn a_book_without_a_serial_column_is_refused() {
        let bad = SHIPPED.replacen("[\"serial\", \"Số thứ tự\", 1], ", "", 1);
        assert!(SecretRules::parse("secrets.toml", &bad).unwrap_err().contains("số thứ tự"));
    }
}
