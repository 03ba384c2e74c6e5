//! Due dates against today, once for every register: a deadline is met on its due day itself
//! and missed from the day after; "today" is the date in Vietnam (UTC+7), whatever the
//! server's zone. The store keeps dates as ISO text (`YYYY-MM-DD`); [`parse_stored`] turns them
//! into dates for these functions.

use crate::case::Stage;
use crate::case::verify::RequestStatus;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The date in Vietnam at the instant `now`. Vietnam keeps UTC+7 all year (no summer time), so
/// a fixed offset is exact. Core reads no clock: callers pass `Utc::now()`.
pub fn vietnam_date(now: DateTime<Utc>) -> NaiveDate {
    (now + Duration::hours(7)).date_naive()
}

/// A date as the store writes it; `None` for anything else (a missing or malformed value is
/// never treated as a passed deadline).
pub fn parse_stored(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Whether `day` is before `today`: the one comparison every "overdue", "expired" and "late"
/// below is made of, so the due day itself never counts as missed.
pub fn is_past(day: NaiveDate, today: NaiveDate) -> bool {
    day < today
}

/// Whether a deadline has been missed by `today`. Without a due date nothing is overdue.
pub fn is_overdue(due: Option<NaiveDate>, today: NaiveDate) -> bool {
    due.is_some_and(|d| is_past(d, today))
}

/// Whether something done on `done_on` was done after its due day (on the due day is in time).
/// False when either date is missing: lateness is only ever claimed from two recorded dates.
pub fn done_late(done_on: Option<NaiveDate>, due: Option<NaiveDate>) -> bool {
    matches!((done_on, due), (Some(on), Some(d)) if on > d)
}

/// A case is overdue when its current stage is still open and the stage's due day has passed.
/// A closed or withdrawn case is never overdue, whatever date its last stage carried.
pub fn case_overdue(stage: Stage, stage_due: Option<NaiveDate>, today: NaiveDate) -> bool {
    stage.is_open() && is_overdue(stage_due, today)
}

/// A verification request is overdue when it was sent, no answer is recorded, and its answer
/// day has passed. A planned request has no clock yet; an answered or dropped one is done.
pub fn request_overdue(status: RequestStatus, due_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    status == RequestStatus::Sent && is_overdue(due_on, today)
}

/// The subject's explanation is overdue once its due day has passed: from then the case may
/// proceed to the conclusion without it (`Facts::explanation_overdue`).
pub fn explanation_overdue(explanation_due: Option<NaiveDate>, today: NaiveDate) -> bool {
    is_overdue(explanation_due, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;
    use crate::case::Deadlines;
    use crate::case_kind::CaseKind;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn deadlines() -> Deadlines {
        Deadlines::parse("rules/deadlines.toml", include_str!("../../../rules/deadlines.toml")).unwrap()
    }

    #[test]
    fn today_is_the_date_in_vietnam() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(vietnam_date(at("2026-02-16T16:59:59Z")), ymd(2026, 2, 16), "23:59:59 in Hà Nội");
        assert_eq!(vietnam_date(at("2026-02-16T17:00:00Z")), ymd(2026, 2, 17), "midnight in Hà Nội");
        assert_eq!(vietnam_date(at("2025-12-31T17:00:00Z")), ymd(2026, 1, 1));
    }

    #[test]
    fn the_due_day_itself_is_in_time() {
        let due = ymd(2026, 3, 3);
        assert!(!is_overdue(Some(due), ymd(2026, 3, 2)));
        assert!(!is_overdue(Some(due), due), "due today is not overdue");
        assert!(is_overdue(Some(due), ymd(2026, 3, 4)), "one day after is");
        assert!(!is_overdue(None, ymd(2099, 1, 1)), "no due date, nothing overdue");
        assert!(!done_late(Some(due), Some(due)));
        assert!(done_late(Some(ymd(2026, 3, 4)), Some(due)));
        assert!(!done_late(None, Some(due)));
        assert!(!done_late(Some(due), None));
    }

    #[test]
    fn stored_dates_parse_strictly() {
        assert_eq!(parse_stored("2026-02-17"), Some(ymd(2026, 2, 17)));
        for bad in ["", "17/02/2026", "2026-02-30", "2026-2-17x"] {
            assert_eq!(parse_stored(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_case_stage_begun_before_tet_is_due_after_it() {
        let (cal, d) = (Calendar::default(), deadlines());
        // Thursday 12/2/2026; Tết is 16–20/2: five working days are 13/2 and 23–26/2.
        let due = d.due(&cal, CaseKind::Admission, Stage::CellComment, ymd(2026, 2, 12)).unwrap();
        assert_eq!(due, ymd(2026, 2, 26));
        assert!(!case_overdue(Stage::CellComment, Some(due), ymd(2026, 2, 20)), "Tết does not count");
        assert!(!case_overdue(Stage::CellComment, Some(due), due));
        assert!(case_overdue(Stage::CellComment, Some(due), ymd(2026, 2, 27)));
        assert!(!case_overdue(Stage::Closed, Some(due), ymd(2026, 2, 27)), "a closed case is done");
        assert!(!case_overdue(Stage::Withdrawn, Some(due), ymd(2026, 2, 27)));
        assert!(!case_overdue(Stage::Verification, None, ymd(2026, 2, 27)), "a stage without a limit");
    }

    #[test]
    fn a_request_sent_before_tet_waits_for_its_twenty_working_days() {
        let (cal, d) = (Calendar::default(), deadlines());
        let due = d.request_due(&cal, ymd(2026, 2, 12));
        assert_eq!(due, ymd(2026, 3, 19));
        assert_eq!(cal.working_days_between(ymd(2026, 2, 12), due), 20);
        assert!(!request_overdue(RequestStatus::Sent, Some(due), due));
        assert!(request_overdue(RequestStatus::Sent, Some(due), ymd(2026, 3, 20)));
        for done in
            [RequestStatus::Planned, RequestStatus::Answered, RequestStatus::Dropped, RequestStatus::NotRequired]
        {
            assert!(!request_overdue(done, Some(due), ymd(2026, 3, 20)), "{done:?}");
        }
    }

    #[test]
    fn an_explanation_is_overdue_from_the_day_after() {
        let due = Calendar::default().add_working_days(ymd(2026, 2, 13), 7);
        assert_eq!(due, ymd(2026, 3, 3));
        assert!(!explanation_overdue(Some(due), due));
        assert!(explanation_overdue(Some(due), ymd(2026, 3, 4)));
        assert!(!explanation_overdue(None, ymd(2026, 3, 4)), "not asked");
    }
}
