//! The date rules of going abroad, once: when a report is overdue or was filed late, when a
//! request is still undecided on its departure day, how long a stay is and the party life that
//! length proposes, when a passport is expired or overdue. Each takes dates, not stored text
//! ([`crate::due::parse_stored`]), and the due day itself is always still in time.

use super::{Arrangement, TripStage, party_life};
use crate::due::{done_late, is_overdue, is_past};
use chrono::NaiveDate;

impl TripStage {
    /// Back in the country, the report not filed, and its due day passed (a
    /// `FlagKind::ReportMissing`). Only a returned trip has a report outstanding: a reported one is
    /// done, and an approved one is not back yet.
    pub fn report_overdue(self, report_due: Option<NaiveDate>, today: NaiveDate) -> bool {
        self == TripStage::Returned && is_overdue(report_due, today)
    }

    /// Still before the cell or the deciding committee once the departure day is over (a
    /// `FlagKind::Unapproved` lapse unless the person did not go). The departure day itself is
    /// not yet a lapse: the decision may come that day.
    pub fn undecided(self, depart_on: NaiveDate, today: NaiveDate) -> bool {
        matches!(self, TripStage::CellOpinion | TripStage::Decision) && is_past(depart_on, today)
    }
}

/// Whether the report after a trip was filed after its due day (filed on the due day is in time).
/// The report is kept either way; this only marks it.
pub fn report_filed_late(report_on: Option<NaiveDate>, report_due: Option<NaiveDate>) -> bool {
    done_late(report_on, report_due)
}

/// A stay abroad from the departure day to the return day, both counted: leaving and coming
/// back on the same day is a stay of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stay {
    pub depart_on: NaiveDate,
    pub return_on: NaiveDate,
}

impl Stay {
    pub fn new(depart_on: NaiveDate, return_on: NaiveDate) -> Self {
        Self { depart_on, return_on }
    }

    /// The stay of a stored trip or delegation (`YYYY-MM-DD` text); `None` if a date is not one.
    pub fn from_stored(depart_on: &str, return_on: &str) -> Option<Self> {
        Some(Self::new(crate::due::parse_stored(depart_on)?, crate::due::parse_stored(return_on)?))
    }

    /// Days abroad, departure and return days included. Not positive only for a return before
    /// the departure, which the forms refuse.
    pub fn days(self) -> i64 {
        (self.return_on - self.depart_on).num_days() + 1
    }

    /// The party-life arrangement the table proposes for this stay with `members` party members
    /// travelling together ([`party_life`]); an officer records the one chosen.
    pub fn proposed_party_life(self, members: usize) -> Option<Arrangement> {
        party_life(self.days(), members)
    }
}

/// An official or diplomatic passport has expired once the day after its expiry date has come:
/// it is still valid, and may still be handed out, on the expiry date.
pub fn passport_expired(expires_on: NaiveDate, today: NaiveDate) -> bool {
    is_past(expires_on, today)
}

/// A passport handed out for a trip is overdue when it has not come back and the day by which
/// it had to (set from the re-entry date) has passed.
pub fn loan_overdue(due_on: Option<NaiveDate>, returned_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    returned_on.is_none() && is_overdue(due_on, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;
    use crate::travel::TravelRules;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const RULES: &str = "report_days = 7\npassport_days = 5\n";

    #[test]
    fn a_report_due_after_tet_is_late_from_the_day_after() {
        let (r, cal) = (TravelRules::parse("travel.toml", RULES).unwrap(), Calendar::default());
        // Back on Thursday 12/2/2026; Tết is 16–20/2: seven working days are 13/2, 23–27/2, 2/3.
        let back = ymd(2026, 2, 12);
        let due = r.report_due(&cal, back, &[5, 1]);
        assert_eq!(due, ymd(2026, 3, 2));
        let returned = TripStage::Returned;
        assert!(!returned.report_overdue(Some(due), ymd(2026, 2, 20)), "Tết does not count");
        assert!(!returned.report_overdue(Some(due), due), "due today is not late");
        assert!(returned.report_overdue(Some(due), ymd(2026, 3, 3)), "one day after is");
        assert!(!TripStage::Reported.report_overdue(Some(due), ymd(2026, 3, 3)), "filed");
        assert!(!TripStage::Approved.report_overdue(Some(due), ymd(2026, 3, 3)), "not back yet");
        assert!(!returned.report_overdue(None, ymd(2026, 3, 3)));

        assert!(!report_filed_late(Some(due), Some(due)));
        assert!(report_filed_late(Some(ymd(2026, 3, 3)), Some(due)));
        assert!(!report_filed_late(Some(ymd(2026, 2, 13)), Some(due)));
        assert!(!report_filed_late(None, Some(due)), "not filed is overdue, not late");
    }

    #[test]
    fn undecided_from_the_day_after_departure() {
        let depart = ymd(2026, 2, 17);
        for stage in [TripStage::CellOpinion, TripStage::Decision] {
            assert!(!stage.undecided(depart, ymd(2026, 2, 16)));
            assert!(!stage.undecided(depart, depart), "the decision may come on the day");
            assert!(stage.undecided(depart, ymd(2026, 2, 18)));
        }
        for stage in [TripStage::Draft, TripStage::Approved, TripStage::Refused, TripStage::Cancelled] {
            assert!(!stage.undecided(depart, ymd(2026, 2, 18)), "{stage:?}");
        }
    }

    #[test]
    fn a_stay_counts_both_ends() {
        assert_eq!(Stay::new(ymd(2026, 2, 17), ymd(2026, 2, 17)).days(), 1);
        assert_eq!(Stay::new(ymd(2028, 2, 28), ymd(2028, 3, 1)).days(), 3, "29/2 of a leap year");
        assert_eq!(Stay::from_stored("2026-01-01", "2026-01-30").map(Stay::days), Some(30));
        assert_eq!(Stay::from_stored("2026-01-01", "30/01/2026"), None);
    }

    #[test]
    fn party_life_changes_on_the_thirtieth_ninetieth_and_three_hundred_sixtieth_day() {
        let from = ymd(2026, 1, 1);
        let stay = |days: u64| Stay::new(from, from + chrono::Days::new(days - 1));
        assert_eq!(stay(29).proposed_party_life(3), None);
        assert_eq!(stay(30).proposed_party_life(3), Some(Arrangement::TemporaryGroup));
        assert_eq!(stay(30).proposed_party_life(2), None, "a group needs three members");
        assert_eq!(stay(89).proposed_party_life(1), None);
        assert_eq!(stay(90).proposed_party_life(1), Some(Arrangement::TemporaryTransfer));
        assert_eq!(stay(359).proposed_party_life(5), Some(Arrangement::TemporaryTransfer));
        assert_eq!(stay(360).proposed_party_life(1), Some(Arrangement::ForeignMinistryLine));
    }

    #[test]
    fn passports_expire_and_fall_due_the_day_after() {
        let day = ymd(2026, 3, 2);
        assert!(!passport_expired(day, day), "valid on its expiry date");
        assert!(passport_expired(day, ymd(2026, 3, 3)));
        let cal = Calendar::default();
        let r = TravelRules::parse("travel.toml", RULES).unwrap();
        // Back on 12/2/2026: five working days are 13/2 and 23–26/2.
        let due = r.passport_due(&cal, ymd(2026, 2, 12));
        assert_eq!(due, ymd(2026, 2, 26));
        assert!(!loan_overdue(Some(due), None, due));
        assert!(loan_overdue(Some(due), None, ymd(2026, 2, 27)));
        assert!(!loan_overdue(Some(due), Some(ymd(2026, 2, 27)), ymd(2026, 3, 9)), "returned, even late");
        assert!(!loan_overdue(None, None, ymd(2026, 3, 9)), "no re-entry recorded yet");
    }
}
