//! Items (14)–(20) and (22) of Mẫu 2-KNĐ: history, particulars, training, awards, discipline.
//! Historical particulars are typed facts, because the regulation packs reason over them.

use crate::date::{PartialDate, YearMonth};
use crate::error::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

/// How a fact reached the dossier; rules treat a declared fact differently from one that only
/// a report mentions, and a verification that contradicts the declaration is itself a finding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactStatus {
    /// Declared by the person.
    #[default]
    Declared,
    /// Declared and confirmed by a verification answer.
    Verified,
    /// Known from a report with a named source, not declared by the person.
    Reported,
    /// A verification answer differs from the declaration.
    Mismatch,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    #[serde(default)]
    pub status: FactStatus,
    /// The declared channel it came from: "tự khai", a verification letter number, a report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Item (15): one line of the work history, by month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkEntry {
    pub from: YearMonth,
    /// `None` while the position is current.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<YearMonth>,
    /// What the person did and where.
    pub activity: String,
    #[serde(default)]
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WorkIssue {
    /// Months not covered by any entry.
    Gap { from: YearMonth, to: YearMonth },
    /// Two entries cover the same months (may be a legitimate concurrent post).
    Overlap { first: usize, second: usize, from: YearMonth, to: YearMonth },
}

/// Finds gaps and overlaps in the work history as of `today`. These are for an officer to
/// ask about, not validation errors: concurrent posts (kiêm nhiệm) overlap legitimately.
pub fn work_history_issues(entries: &[WorkEntry], today: YearMonth) -> Vec<WorkIssue> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| (entries[i].from, i));
    let end = |i: usize| entries[i].to.unwrap_or(today);
    let mut out = Vec::new();
    // The entry reaching furthest so far: a gap is only a gap if nothing earlier covers it.
    let mut reach: Option<usize> = None;
    for &i in &order {
        if let Some(r) = reach {
            let (r_end, from) = (end(r), entries[i].from);
            if from.index() > r_end.index() + 1 {
                out.push(WorkIssue::Gap { from: r_end.succ(), to: from.pred() });
            } else if from <= r_end {
                let to = end(i).min(r_end);
                out.push(WorkIssue::Overlap { first: r.min(i), second: r.max(i), from, to });
            }
            if end(i) > r_end {
                reach = Some(i);
            }
        } else {
            reach = Some(i);
        }
    }
    out
}

/// Item (16): historical particulars, one variant per kind of fact the form asks about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HistoricalFact {
    /// Interruption of party activity.
    PartyInterruption {
        from: PartialDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<PartialDate>,
        reason: String,
        #[serde(default)]
        provenance: Provenance,
    },
    /// Arrest or imprisonment: by whom, when, where, and how the person behaved.
    Arrest {
        by_whom: String,
        when: PartialDate,
        place: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        released: Option<PartialDate>,
        #[serde(default)]
        conduct: String,
        #[serde(default)]
        provenance: Provenance,
    },
    /// Membership of, or relations with, a foreign political, economic or social organisation.
    ForeignOrganisation {
        organisation: String,
        country: String,
        nature: OrgNature,
        #[serde(default)]
        role: String,
        from: PartialDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<PartialDate>,
        #[serde(default)]
        provenance: Provenance,
    },
    /// A post in a religious organisation.
    ReligiousPost {
        religion: String,
        post: String,
        from: PartialDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<PartialDate>,
        #[serde(default)]
        provenance: Provenance,
    },
    /// A post in the administration or forces of the former regime (before 30/4/1975).
    FormerRegimePost {
        post: String,
        unit: String,
        #[serde(default)]
        branch: FormerRegimeBranch,
        from: PartialDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<PartialDate>,
        #[serde(default)]
        provenance: Provenance,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgNature {
    Political,
    Economic,
    Social,
}

/// Which part of the former regime: the regulations treat security and intelligence posts apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormerRegimeBranch {
    #[default]
    Administration,
    Military,
    Police,
    SecurityIntelligence,
    ReactionaryParty,
}

impl HistoricalFact {
    pub fn label(&self) -> &'static str {
        match self {
            HistoricalFact::PartyInterruption { .. } => "Gián đoạn sinh hoạt Đảng",
            HistoricalFact::Arrest { .. } => "Bị bắt, bị tù",
            HistoricalFact::ForeignOrganisation { .. } => "Quan hệ với tổ chức nước ngoài",
            HistoricalFact::ReligiousPost { .. } => "Chức sắc tôn giáo",
            HistoricalFact::FormerRegimePost { .. } => "Làm việc trong chế độ cũ",
        }
    }

    pub fn provenance(&self) -> &Provenance {
        match self {
            HistoricalFact::PartyInterruption { provenance, .. }
            | HistoricalFact::Arrest { provenance, .. }
            | HistoricalFact::ForeignOrganisation { provenance, .. }
            | HistoricalFact::ReligiousPost { provenance, .. }
            | HistoricalFact::FormerRegimePost { provenance, .. } => provenance,
        }
    }

    /// The period the fact covers, start first.
    pub fn period(&self) -> (PartialDate, Option<PartialDate>) {
        match self {
            HistoricalFact::Arrest { when, released, .. } => (*when, *released),
            HistoricalFact::PartyInterruption { from, to, .. }
            | HistoricalFact::ForeignOrganisation { from, to, .. }
            | HistoricalFact::ReligiousPost { from, to, .. }
            | HistoricalFact::FormerRegimePost { from, to, .. } => (*from, *to),
        }
    }

    pub fn validate(&self) -> FieldErrors {
        let mut errs = FieldErrors::default();
        let (from, to) = self.period();
        if let Some(to) = to
            && to.cmp_honest(&from) == Some(std::cmp::Ordering::Less)
        {
            errs.push(FieldError::new("to", "Thời điểm kết thúc phải sau thời điểm bắt đầu"));
        }
        let required: &[(&str, &str)] = match self {
            HistoricalFact::Arrest { by_whom, place, .. } => &[("by_whom", by_whom), ("place", place)],
            HistoricalFact::PartyInterruption { reason, .. } => &[("reason", reason)],
            HistoricalFact::ForeignOrganisation { organisation, country, .. } => {
                &[("organisation", organisation), ("country", country)]
            }
            HistoricalFact::ReligiousPost { religion, post, .. } => &[("religion", religion), ("post", post)],
            HistoricalFact::FormerRegimePost { post, unit, .. } => &[("post", post), ("unit", unit)],
        };
        for (field, value) in required {
            if value.trim().is_empty() {
                errs.push(FieldError::new(*field, "Không được để trống"));
            }
        }
        errs
    }
}

/// Item (17).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Training {
    pub from: PartialDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<PartialDate>,
    pub school: String,
    #[serde(default)]
    pub field: String,
    /// Chính quy, tại chức, …
    #[serde(default)]
    pub mode: String,
    #[serde(default)]
    pub qualification: String,
}

/// Item (18): a stay abroad of three months or more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayAbroad {
    pub from: PartialDate,
    pub to: PartialDate,
    pub country: String,
    pub purpose: String,
    #[serde(default)]
    pub sent_by: String,
}

/// Item (19): bằng khen and above, state titles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Award {
    pub date: PartialDate,
    pub title: String,
    #[serde(default)]
    pub granted_by: String,
}

/// Item (20): discipline from khiển trách up, and cases considered but not disciplined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discipline {
    pub date: PartialDate,
    pub level: DisciplineLevel,
    pub reason: String,
    #[serde(default)]
    pub decided_by: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisciplineLevel {
    /// Considered but not disciplined.
    ConsideredNotDisciplined,
    Reprimand,
    Warning,
    Dismissal,
    Expulsion,
}

impl DisciplineLevel {
    pub fn label(&self) -> &'static str {
        match self {
            DisciplineLevel::ConsideredNotDisciplined => "Xem xét nhưng không kỷ luật",
            DisciplineLevel::Reprimand => "Khiển trách",
            DisciplineLevel::Warning => "Cảnh cáo",
            DisciplineLevel::Dismissal => "Cách chức",
            DisciplineLevel::Expulsion => "Khai trừ",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(s: &str) -> YearMonth {
        YearMonth::parse(s).unwrap()
    }

    fn w(from: &str, to: Option<&str>) -> WorkEntry {
        WorkEntry { from: ym(from), to: to.map(ym), activity: "x".into(), position: String::new() }
    }

    #[test]
    fn finds_gaps_and_overlaps() {
        let entries = vec![w("09/2000", Some("06/2004")), w("01/2005", Some("12/2010")), w("06/2010", None)];
        let issues = work_history_issues(&entries, ym("11/2026"));
        assert_eq!(
            issues,
            vec![
                WorkIssue::Gap { from: ym("07/2004"), to: ym("12/2004") },
                WorkIssue::Overlap { first: 1, second: 2, from: ym("06/2010"), to: ym("12/2010") },
            ]
        );
    }

    #[test]
    fn continuous_history_has_no_issue_in_any_order() {
        let entries = vec![w("01/2005", None), w("09/2000", Some("12/2004"))];
        assert!(work_history_issues(&entries, ym("11/2026")).is_empty());
    }

    #[test]
    fn nested_entry_does_not_hide_a_gap_or_invent_one() {
        let entries = vec![w("01/2000", Some("12/2010")), w("01/2003", Some("12/2003")), w("01/2011", None)];
        let issues = work_history_issues(&entries, ym("11/2026"));
        assert_eq!(issues.len(), 1);
        assert!(matches!(issues[0], WorkIssue::Overlap { .. }));
    }

    #[test]
    fn fact_validation_names_empty_fields() {
        let f = HistoricalFact::Arrest {
            by_whom: String::new(),
            when: PartialDate::parse("1972").unwrap(),
            place: "Côn Đảo".into(),
            released: Some(PartialDate::parse("1970").unwrap()),
            conduct: String::new(),
            provenance: Provenance::default(),
        };
        let errs = f.validate();
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["to", "by_whom"]);
    }
}
