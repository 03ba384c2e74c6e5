//! How many working days each step of a case may take (rules are data: `rules/deadlines.toml`,
//! overridable per case kind), and the due dates they give on the working-day calendar.

use super::flow::Stage;
use crate::calendar::Calendar;
use crate::case_kind::CaseKind;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct DeadlineError {
    pub file: String,
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    version: String,
    #[serde(default)]
    note: String,
    stages: BTreeMap<String, u32>,
    requests: RawRequests,
    #[serde(default)]
    kinds: BTreeMap<String, RawKind>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequests {
    answer: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    #[serde(default)]
    stages: BTreeMap<String, u32>,
}

/// Working days allowed per stage (from the day the stage begins) and for a receiving
/// committee to answer a verification request (from the day it is sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadlines {
    pub version: String,
    pub note: String,
    stages: BTreeMap<Stage, u32>,
    by_kind: BTreeMap<(CaseKind, Stage), u32>,
    pub request_answer: u32,
}

/// The longest period a table may give, in working days (about four years): a longer one is a
/// typing slip, and counting it would run the calendar past any date it knows.
pub const MAX_WORKING_DAYS: u32 = 1_000;

/// `days` for the entry `what` of `file`, refused beyond [`MAX_WORKING_DAYS`].
pub fn bounded_days(file: &str, what: &str, days: u32) -> Result<u32, DeadlineError> {
    if days > MAX_WORKING_DAYS {
        return Err(DeadlineError {
            file: file.into(),
            message: format!("{what}: {days} ngày làm việc là quá dài (tối đa {MAX_WORKING_DAYS})"),
        });
    }
    Ok(days)
}

fn stage_map(file: &str, raw: BTreeMap<String, u32>) -> Result<BTreeMap<Stage, u32>, DeadlineError> {
    raw.into_iter()
        .map(|(k, v)| {
            let s = Stage::from_code(&k).filter(|s| s.is_open()).ok_or_else(|| DeadlineError {
                file: file.into(),
                message: format!("bước «{k}» không có; dùng một trong: {}", open_codes()),
            })?;
            Ok((s, bounded_days(file, &format!("bước «{k}»"), v)?))
        })
        .collect()
}

fn open_codes() -> String {
    Stage::ALL.iter().filter(|s| s.is_open()).map(|s| s.code()).collect::<Vec<_>>().join(", ")
}

impl Deadlines {
    pub fn parse(file: &str, text: &str) -> Result<Self, DeadlineError> {
        let raw: Raw = toml::from_str(text).map_err(|e| DeadlineError { file: file.into(), message: e.to_string() })?;
        let stages = stage_map(file, raw.stages)?;
        let mut by_kind = BTreeMap::new();
        for (k, v) in raw.kinds {
            let kind = CaseKind::from_code(&k)
                .ok_or_else(|| DeadlineError {
                    file: file.into(), message: format!("loại hồ sơ «{k}» không có")
                })?;
            for (s, n) in stage_map(file, v.stages)? {
                by_kind.insert((kind, s), n);
            }
        }
        let request_answer = bounded_days(file, "requests.answer", raw.requests.answer)?;
        Ok(Self { version: raw.version, note: raw.note, stages, by_kind, request_answer })
    }

    /// Working days allowed for `stage` of a `kind` case, if the stage has a limit.
    pub fn days(&self, kind: CaseKind, stage: Stage) -> Option<u32> {
        self.by_kind.get(&(kind, stage)).or_else(|| self.stages.get(&stage)).copied()
    }

    /// The day by which `stage`, begun on `start`, should be done.
    pub fn due(&self, cal: &Calendar, kind: CaseKind, stage: Stage, start: NaiveDate) -> Option<NaiveDate> {
        self.days(kind, stage).map(|n| cal.add_working_days(start, n))
    }

    pub fn request_due(&self, cal: &Calendar, sent: NaiveDate) -> NaiveDate {
        cal.add_working_days(sent, self.request_answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"
version = "t1"
[stages]
intake = 10
explanation = 10
[requests]
answer = 20
[kinds.committee.stages]
intake = 5
"#;

    /// A slip such as a year typed into a day count was accepted, and every due date it gave
    /// counted the calendar for billions of days (a hang, then a panic past chrono's last date).
    #[test]
    fn a_period_too_long_to_count_is_refused_with_its_entry() {
        let e = Deadlines::parse("t.toml", &TEXT.replace("answer = 20", "answer = 4000000000")).unwrap_err();
        assert!(e.message.contains("requests.answer") && e.message.contains("tối đa 1000"), "{e}");
        let e = Deadlines::parse("t.toml", &TEXT.replace("intake = 5", "intake = 2026")).unwrap_err();
        assert!(e.message.contains("bước «intake»"), "{e}");
        let e = crate::travel::TravelRules::parse("t.toml", "report_days = 15\npassport_days = 99999\n").unwrap_err();
        assert!(e.contains("passport_days"), "{e}");
        assert!(Deadlines::parse("t.toml", &TEXT.replace("answer = 20", "answer = 1000")).is_ok());
    }

    #[test]
    fn per_kind_overrides_and_due_dates_skip_tet() {
        let d = Deadlines::parse("t.toml", TEXT).unwrap();
        assert_eq!(d.days(CaseKind::Admission, Stage::Intake), Some(10));
        assert_eq!(d.days(CaseKind::Committee, Stage::Intake), Some(5));
        assert_eq!(d.days(CaseKind::Committee, Stage::Conclusion), None);
        let cal = Calendar::default();
        // Thursday 12/02/2026, Tết 2026 falls on 17/02: the span of days off is skipped.
        let start = NaiveDate::from_ymd_opt(2026, 2, 12).unwrap();
        let due = d.due(&cal, CaseKind::Admission, Stage::Explanation, start).unwrap();
        assert_eq!(cal.working_days_between(start, due), 10);
        assert!(due > NaiveDate::from_ymd_opt(2026, 2, 26).unwrap(), "{due}");
    }

    #[test]
    fn unknown_names_are_errors() {
        let e = Deadlines::parse("x.toml", &TEXT.replace("intake = 10", "intak = 10")).unwrap_err();
        assert!(e.message.contains("intak"), "{e}");
        assert!(Deadlines::parse("x.toml", &TEXT.replace("committee", "nope")).is_err());
        assert!(Deadlines::parse("x.toml", &TEXT.replace("[stages]", "[stages]\nclosed = 1")).is_err());
    }
}
