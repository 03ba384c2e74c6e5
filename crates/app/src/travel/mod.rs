//! Going abroad (DOMAIN §5.4): private trips from the member's request to the report after
//! re-entry, official trips from a delegation's decision, the passport custody register,
//! declarations of foreign relations, the PL1–PL3 listings, and the lapses (no approval, no
//! report, passport not returned) surfaced as flags for an officer. The state machine and
//! the deadlines are in `bvctnb_core::travel`; who may act is cedar's business (web layer).

mod official;
mod reads;
mod relations;
mod trips;

pub mod listings;

pub use official::{DelegationInput, PassportInput};
pub use reads::*;
pub use relations::RelationInput;
pub use trips::TripInput;

pub use crate::cases::Actor;
pub use crate::{Error, Result};
use bvctnb_core::calendar::Calendar;
use bvctnb_core::due::parse_stored;
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_core::org::OrgTree;
use bvctnb_core::travel::{FlagKind, TravelFlag, TravelRules, loan_overdue};
use bvctnb_store::travel::{TripEventIn, TripWrite};
use chrono::NaiveDate;
use std::sync::Arc;

pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Error {
    Error::invalid(field, message)
}

/// What travel operations need besides the store: the calendar, the per-organisation
/// periods, the tree (for a unit's own period) and the day it is.
pub(crate) struct TravelEnv<'a> {
    pub calendar: &'a Calendar,
    pub rules: &'a TravelRules,
    pub tree: Arc<OrgTree>,
    pub today: NaiveDate,
}

impl TravelEnv<'_> {
    fn today_s(&self) -> String {
        self.today.to_string()
    }

    /// The org and its ancestors, nearest first, for the per-unit report period.
    fn chain(&self, org: OrgId) -> Vec<i64> {
        self.tree.ancestors(org).into_iter().map(|o| o.0).collect()
    }

    pub fn report_due(&self, org: OrgId, reentry: NaiveDate) -> NaiveDate {
        self.rules.report_due(self.calendar, reentry, &self.chain(org))
    }

    pub fn passport_due(&self, reentry: NaiveDate) -> NaiveDate {
        self.rules.passport_due(self.calendar, reentry)
    }
}

/// A required text field, trimmed.
pub(crate) fn required(v: &str, field: &'static str, what: &str) -> Result<String> {
    let v = v.trim();
    if v.is_empty() {
        return Err(invalid(field, format!("phải ghi {what}")));
    }
    Ok(v.to_string())
}

/// The write that moves `t` to `row` with one history line.
pub(crate) fn write(t: &TripRow, row: TripRow, actor: &Actor, step: &str, on: String, detail: String) -> TripWrite {
    TripWrite {
        expected_version: t.version,
        event: TripEventIn {
            on_date: on,
            actor: actor.username.clone(),
            step: step.into(),
            from_stage: Some(t.stage),
            to_stage: (row.stage != t.stage).then_some(row.stage),
            stage_days: None,
            detail,
        },
        row,
        files: Vec::new(),
        notice: None,
        passport_due: None,
    }
}

use crate::cases::dmy;

/// The same from the person's trips and passports, for a page that has already read them.
pub fn flags_from(trips: &[TripRow], passports: &[PassportRow], today: NaiveDate) -> Vec<TravelFlag> {
    let day = |s: Option<&str>| s.and_then(parse_stored);
    let mut out = Vec::new();
    for t in trips {
        let source = format!("Sổ theo dõi đi nước ngoài, chuyến đi số {}", t.id);
        let undecided = parse_stored(&t.depart_on).is_some_and(|d| t.stage.undecided(d, today));
        if t.unapproved || undecided {
            let text = if t.unapproved {
                format!("Đi {} từ {} khi chưa được cấp có thẩm quyền đồng ý", t.countries, dmy(&t.depart_on))
            } else {
                format!(
                    "Đơn đi {} từ {} chưa được quyết định khi đã đến ngày xuất cảnh",
                    t.countries,
                    dmy(&t.depart_on)
                )
            };
            out.push(TravelFlag { kind: FlagKind::Unapproved, trip: t.id, text, source: source.clone() });
        }
        if let Some(due) = t.report_due.as_deref().filter(|d| t.stage.report_overdue(parse_stored(d), today)) {
            let back = t.reentry_on.as_deref().map(dmy).unwrap_or_default();
            let text = format!("Về nước ngày {back} (chuyến đi {}), hạn báo cáo {} chưa nộp", t.countries, dmy(due));
            out.push(TravelFlag { kind: FlagKind::ReportMissing, trip: t.id, text, source: source.clone() });
        }
    }
    for p in passports {
        if let Some(l) = &p.out
            && loan_overdue(day(l.due_on.as_deref()), day(l.returned_on.as_deref()), today)
            && let Some(due) = l.due_on.as_deref()
        {
            let text = format!("{} số {}: hạn nộp lại {} chưa nộp", p.kind.label(), p.number, dmy(due));
            let source = format!("Sổ quản lý hộ chiếu, lần giao ngày {}", dmy(&l.handed_on));
            out.push(TravelFlag { kind: FlagKind::PassportNotReturned, trip: l.trip_id, text, source });
        }
    }
    out
}

impl crate::App {
    pub(crate) fn travel_env(&self) -> TravelEnv<'_> {
        let r = &self.rules;
        TravelEnv { calendar: &r.calendar, rules: &r.travel, tree: self.tree(), today: self.today() }
    }

    pub async fn trip_or_404(&self, id: bvctnb_core::ids::TripId) -> Result<TripRow> {
        let store = self.store.as_ref();
        store.trip(id).await?.ok_or(Error::NotFound("chuyến đi"))
    }

    /// The lapses of one person's trips today, for the officer (never a conclusion).
    pub async fn flags_of_person(&self, person: PersonId) -> Result<Vec<TravelFlag>> {
        let today = self.today();
        let store = self.store.as_ref();
        let trips = store.trips_of_person(person).await?;
        let passports = store.passports_of_person(person).await?;
        Ok(flags_from(&trips, &passports, today))
    }
}

/// A trip to visit relatives whose "visiting whom" names none of the relatives declared in the
/// person's 2-KNĐ: a finding for the cell and the committee to put to the person (declared
/// relatives are compared by name, diacritics and case aside), never a refusal of the request.
pub fn undeclared_visit(t: &TripRow, d: &bvctnb_core::Declaration) -> Option<String> {
    visit_finding(t.visits_relatives, &t.visits, &d.family)
}

fn visit_finding(visits_relatives: bool, visits: &str, family: &[bvctnb_core::family::Relative]) -> Option<String> {
    use bvctnb_core::text::fold;
    if !visits_relatives || visits.trim().is_empty() {
        return None;
    }
    let folded = fold(visits);
    let named = family.iter().map(|r| fold(&r.full_name)).any(|n| !n.trim().is_empty() && folded.contains(n.trim()));
    (!named).then(|| {
        format!(
            "Người được thăm («{}») không có tên trong phần quan hệ gia đình của lý lịch đã khai: đối chiếu với đảng viên trước khi cho ý kiến, quyết định",
            visits.trim()
        )
    })
}

#[cfg(test)]
mod visit_tests {
    use super::*;

    #[test]
    fn a_visit_to_someone_not_declared_is_a_finding() {
        let mut d = bvctnb_testkit::data::fixture();
        d.family.truncate(1);
        d.family[0].full_name = "Trần Văn Cựu".into();
        let f = &d.family;
        assert!(visit_finding(true, "Con trai ở Boston", f).unwrap().contains("«Con trai ở Boston»"));
        assert_eq!(visit_finding(true, "Cha đẻ TRAN VAN CUU ở Pháp", f), None);
        assert_eq!(visit_finding(false, "Con trai ở Boston", f), None);
    }
}
