//! Going abroad (DOMAIN §5.4): the trip request's state machine, the deadlines after re-entry
//! (the trip report, the official passport's return) as configurable working days, the custody
//! rule for official and diplomatic passports, and the arrangement for party life abroad.

use crate::calendar::Calendar;
use crate::case::{Refusal, coded_enum};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

mod dates;
pub use dates::{Stay, loan_overdue, passport_expired, report_filed_late};

coded_enum! {
    /// Việc riêng or việc công.
    TripKind {
        Private = "private" => "Đi nước ngoài việc riêng",
        Official = "official" => "Đi nước ngoài việc công",
    }
}

coded_enum! {
    /// Where a trip request stands.
    TripStage {
        Draft = "draft" => "Đang lập đơn (Phụ lục I)",
        CellOpinion = "cell_opinion" => "Chờ ý kiến chi bộ",
        Decision = "decision" => "Chờ cấp có thẩm quyền quyết định",
        Approved = "approved" => "Đã được đồng ý",
        Refused = "refused" => "Không đồng ý",
        Returned = "returned" => "Đã về nước, chờ báo cáo (Phụ lục III)",
        Reported = "reported" => "Đã báo cáo",
        Cancelled = "cancelled" => "Đã huỷ",
    }
}

impl TripStage {
    /// The trips that were allowed to go (about to leave, abroad or back): what listing PL1
    /// counts unless asked for another stage. Drafts, pending, refused and cancelled
    /// requests are not trips taken.
    pub const ALLOWED: [TripStage; 3] = [TripStage::Approved, TripStage::Returned, TripStage::Reported];
}

coded_enum! {
    /// What a named person does to a trip request.
    TripStep {
        Submit = "submit" => "Nộp đơn",
        CellOpinion = "cell_opinion" => "Ghi ý kiến chi bộ",
        Approve = "approve" => "Đồng ý",
        Refuse = "refuse" => "Không đồng ý",
        Return = "return" => "Ghi ngày nhập cảnh",
        Report = "report" => "Nộp báo cáo (Phụ lục III)",
        Cancel = "cancel" => "Huỷ đơn",
    }
}

/// What the guards of a trip look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TripFacts {
    /// The trip includes visiting relatives abroad.
    pub visits_relatives: bool,
    /// The commitment about those relatives (Phụ lục II) is filed.
    pub commitment_filed: bool,
    pub refusal_reason_given: bool,
}

/// The stage after `step`, or why it cannot be taken now. Official trips come from a
/// delegation's decision: they start approved and go straight to the return and the report.
pub fn advance_trip(kind: TripKind, stage: TripStage, step: TripStep, f: &TripFacts) -> Result<TripStage, Refusal> {
    use TripStage as S;
    use TripStep as T;
    let refuse = |reason: &str| Err(Refusal { step: step.label(), reason: reason.into() });
    match (stage, step) {
        (S::Draft, T::Submit) if kind == TripKind::Private => {
            if f.visits_relatives && !f.commitment_filed {
                return refuse("chuyến đi có thăm thân nhân ở nước ngoài: phải nộp bản cam kết (Phụ lục II) trước");
            }
            Ok(S::CellOpinion)
        }
        (S::CellOpinion, T::CellOpinion) => Ok(S::Decision),
        (S::Decision, T::Approve) => Ok(S::Approved),
        (S::Decision, T::Refuse) => {
            if !f.refusal_reason_given {
                return refuse("phải ghi lý do không đồng ý");
            }
            Ok(S::Refused)
        }
        (S::Approved, T::Return) => Ok(S::Returned),
        (S::Returned, T::Report) => Ok(S::Reported),
        (S::Draft | S::CellOpinion | S::Decision | S::Approved, T::Cancel) => Ok(S::Cancelled),
        (S::Draft, T::Submit) => refuse("chuyến đi việc công đi theo quyết định cử đoàn, không nộp đơn"),
        (S::Draft | S::CellOpinion, T::Approve | T::Refuse) => {
            refuse("chi bộ phải có ý kiến trước khi cấp ủy quyết định")
        }
        (S::Draft | S::CellOpinion | S::Decision, T::Return) => refuse("chuyến đi chưa được đồng ý"),
        (S::Approved, T::Report) => refuse("phải ghi ngày nhập cảnh trước khi nộp báo cáo"),
        _ => refuse(&format!("đơn đang ở trạng thái «{}»", stage.label())),
    }
}

/// Days allowed after re-entry, per organisation (rules are data: `rules/travel.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TravelRules {
    pub report_days: u32,
    pub passport_days: u32,
    /// Organisations (by id, with their subtree) that use another report period, e.g. 15.
    pub report_days_by_org: BTreeMap<i64, u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    report_days: u32,
    passport_days: u32,
    #[serde(default)]
    report_days_by_org: BTreeMap<String, u32>,
}

impl TravelRules {
    pub fn parse(file: &str, text: &str) -> Result<Self, String> {
        let raw: RawRules = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
        let bounded = |what: &str, n| crate::case::deadline::bounded_days(file, what, n).map_err(|e| e.to_string());
        bounded("report_days", raw.report_days)?;
        bounded("passport_days", raw.passport_days)?;
        let mut by_org = BTreeMap::new();
        for (k, v) in raw.report_days_by_org {
            let id = k.parse().map_err(|_| format!("{file}: mã tổ chức «{k}» không phải số"))?;
            by_org.insert(id, bounded(&format!("report_days_by_org.{k}"), v)?);
        }
        Ok(Self { report_days: raw.report_days, passport_days: raw.passport_days, report_days_by_org: by_org })
    }

    /// The report period of a member of the organisation whose chain (the org, then its
    /// ancestors) is `chain`: the nearest organisation with its own period, else the default.
    pub fn report_days_for(&self, chain: &[i64]) -> u32 {
        chain.iter().find_map(|o| self.report_days_by_org.get(o).copied()).unwrap_or(self.report_days)
    }

    pub fn report_due(&self, cal: &Calendar, reentry: NaiveDate, chain: &[i64]) -> NaiveDate {
        cal.add_working_days(reentry, self.report_days_for(chain))
    }

    pub fn passport_due(&self, cal: &Calendar, reentry: NaiveDate) -> NaiveDate {
        cal.add_working_days(reentry, self.passport_days)
    }
}

coded_enum! {
    /// A lapse in the obligations of going abroad, surfaced for an officer to handle: the
    /// regulation pack says which rule it falls under, a person concludes.
    FlagKind {
        Unapproved = "trip_unapproved" => "Đi nước ngoài khi chưa được cấp có thẩm quyền đồng ý",
        ReportMissing = "trip_report_missing" => "Quá hạn chưa nộp báo cáo sau chuyến đi (Phụ lục III)",
        PassportNotReturned = "passport_not_returned" => "Quá hạn chưa nộp lại hộ chiếu công vụ, ngoại giao",
    }
}

/// One lapse of one person: which trip, what happened (with dates), and where it is recorded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TravelFlag {
    pub kind: FlagKind,
    pub trip: crate::ids::TripId,
    pub text: String,
    /// The record it comes from, e.g. "Sổ theo dõi đi nước ngoài, đơn số 12".
    pub source: String,
}

coded_enum! {
    /// Official passports kept by the managing agency.
    PassportKind {
        Official = "official" => "Hộ chiếu công vụ",
        Diplomatic = "diplomatic" => "Hộ chiếu ngoại giao",
    }
}

/// Why a passport of `kind` may not be handed out for a trip of `trip`, if it may not.
pub fn passport_refusal(kind: PassportKind, trip: TripKind) -> Option<String> {
    (trip == TripKind::Private).then(|| format!("{} không được dùng cho chuyến đi việc riêng", kind.label()))
}

coded_enum! {
    /// What a declaration of foreign relations is about (DOMAIN §5.4, obligations).
    ForeignTie {
        RelativeAbroad = "relative_abroad" => "Thân nhân ở nước ngoài",
        Contact = "contact" => "Quan hệ với người, tổ chức nước ngoài",
        Award = "award" => "Nhận huân chương, huy chương, giải thưởng của nước ngoài",
        Title = "title" => "Nhận danh hiệu, chức danh danh dự của nước ngoài",
        Membership = "membership" => "Tham gia tổ chức của nước ngoài",
        Marriage = "marriage" => "Kết hôn với người nước ngoài",
    }
}

coded_enum! {
    /// The named person's answer to a declaration that needs approval.
    RelationDecision {
        Approved = "approved" => "Được đồng ý",
        Refused = "refused" => "Không đồng ý",
    }
}

impl ForeignTie {
    /// Awards, titles and memberships are accepted only with the committee's consent; the
    /// others are declared (reported) and kept.
    pub fn needs_approval(self) -> bool {
        matches!(self, ForeignTie::Award | ForeignTie::Title | ForeignTie::Membership)
    }
}

coded_enum! {
    /// Party life while abroad (DOMAIN §5.4).
    Arrangement {
        TemporaryGroup = "temporary_group" => "Lập tổ đảng, chi bộ tạm thời",
        TemporaryTransfer = "temporary_transfer" => "Chuyển sinh hoạt đảng tạm thời",
        ForeignMinistryLine = "foreign_ministry_line" => "Sinh hoạt theo hệ thống Đảng ủy Bộ Ngoại giao",
    }
}

/// The arrangement the table proposes for `days` abroad with a delegation of `members`
/// (an officer records the one chosen). Months are counted as 30 days.
pub fn party_life(days: i64, members: usize) -> Option<Arrangement> {
    match days {
        d if d >= 360 => Some(Arrangement::ForeignMinistryLine),
        d if d >= 90 => Some(Arrangement::TemporaryTransfer),
        d if d >= 30 && members >= 3 => Some(Arrangement::TemporaryGroup),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = "report_days = 7\npassport_days = 5\n[report_days_by_org]\n12 = 15\n";

    #[test]
    fn a_private_trip_walks_from_request_to_report() {
        let k = TripKind::Private;
        let f = TripFacts::default();
        let mut s = TripStage::Draft;
        for step in [TripStep::Submit, TripStep::CellOpinion, TripStep::Approve, TripStep::Return, TripStep::Report] {
            s = advance_trip(k, s, step, &f).unwrap();
        }
        assert_eq!(s, TripStage::Reported);
    }

    #[test]
    fn visiting_relatives_needs_the_commitment_first() {
        let f = TripFacts { visits_relatives: true, ..TripFacts::default() };
        let e = advance_trip(TripKind::Private, TripStage::Draft, TripStep::Submit, &f).unwrap_err();
        assert!(e.reason.contains("Phụ lục II"), "{e}");
        let f = TripFacts { commitment_filed: true, ..f };
        assert_eq!(advance_trip(TripKind::Private, TripStage::Draft, TripStep::Submit, &f), Ok(TripStage::CellOpinion));
    }

    #[test]
    fn refusals_say_what_comes_first() {
        let f = TripFacts::default();
        let e = advance_trip(TripKind::Private, TripStage::CellOpinion, TripStep::Approve, &f).unwrap_err();
        assert!(e.reason.contains("chi bộ"), "{e}");
        let e = advance_trip(TripKind::Private, TripStage::Decision, TripStep::Refuse, &f).unwrap_err();
        assert!(e.reason.contains("lý do"), "{e}");
        let e = advance_trip(TripKind::Private, TripStage::Approved, TripStep::Report, &f).unwrap_err();
        assert!(e.reason.contains("nhập cảnh"), "{e}");
        assert!(advance_trip(TripKind::Official, TripStage::Draft, TripStep::Submit, &f).is_err());
    }

    #[test]
    fn report_and_passport_deadlines_skip_the_april_holidays() {
        let r = TravelRules::parse("travel.toml", RULES).unwrap();
        let cal = Calendar::default();
        // Back on Tuesday 28/04/2026: 30/4 and 1/5 are holidays, 2–3/5 a weekend.
        let back = NaiveDate::from_ymd_opt(2026, 4, 28).unwrap();
        let due = r.report_due(&cal, back, &[40, 12, 1]);
        assert_eq!(cal.working_days_between(back, due), 15, "the unit's own period");
        let due = r.report_due(&cal, back, &[41, 2, 1]);
        assert_eq!(due, NaiveDate::from_ymd_opt(2026, 5, 11).unwrap(), "7 working days: 29/4, 4–8/5, 11/5");
        let p = r.passport_due(&cal, back);
        assert_eq!(p, NaiveDate::from_ymd_opt(2026, 5, 7).unwrap());
        assert!(TravelRules::parse("t.toml", "report_days = 7\npassport_days = 5\nextra = 1\n").is_err());
    }

    #[test]
    fn official_passports_never_serve_private_trips() {
        assert!(passport_refusal(PassportKind::Official, TripKind::Private).is_some());
        assert!(passport_refusal(PassportKind::Diplomatic, TripKind::Private).is_some());
        assert_eq!(passport_refusal(PassportKind::Official, TripKind::Official), None);
    }

    #[test]
    fn party_life_follows_the_length_of_the_stay() {
        assert_eq!(party_life(20, 5), None);
        assert_eq!(party_life(45, 2), None);
        assert_eq!(party_life(45, 3), Some(Arrangement::TemporaryGroup));
        assert_eq!(party_life(120, 1), Some(Arrangement::TemporaryTransfer));
        assert_eq!(party_life(400, 1), Some(Arrangement::ForeignMinistryLine));
    }
}
