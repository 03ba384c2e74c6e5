//! Working-day queries. Loops walk a year at a time so each year's table is fetched once, even
//! for years outside the cache.

use chrono::{Datelike, NaiveDate};

use super::Calendar;
use super::holidays::{DayOff, DayOffKind, MakeUpDay};

fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().expect("date beyond the range chrono can represent")
}

impl Calendar {
    /// Whether officials work on `date`: not a weekly rest day (unless made a working day by an
    /// override), not a holiday, compensatory, swapped or extra day off.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.with_table(date.year(), |t| t.is_working_day(date, &self.week_rest))
    }

    /// Why `date` is not a working day, or `None` when it is one. Plain weekly rest days give
    /// [`DayOffKind::WeeklyRest`], so `day_off_reason(d).is_none() == is_working_day(d)`.
    pub fn day_off_reason(&self, date: NaiveDate) -> Option<DayOff> {
        self.with_table(date.year(), |t| {
            if t.is_working_day(date, &self.week_rest) {
                None
            } else {
                let weekly = || DayOff::new(date, DayOffKind::WeeklyRest, None);
                Some(t.days_off.get(&date).cloned().unwrap_or_else(weekly))
            }
        })
    }

    /// The days off of `year` in date order: every statutory holiday (also those falling on a
    /// weekend, so an officer sees the whole Tết span with its lunar dates), compensatory,
    /// swapped and extra days. Ordinary weekends are left out.
    pub fn days_off(&self, year: i32) -> Vec<DayOff> {
        self.with_table(year, |t| t.days_off.values().cloned().collect())
    }

    /// The rest days of `year` that an override made working days (làm bù), in date order.
    pub fn make_up_days(&self, year: i32) -> Vec<MakeUpDay> {
        self.with_table(year, |t| {
            let days = t.working.iter();
            days.map(|(date, note)| MakeUpDay { date: *date, note: note.clone() }).collect()
        })
    }

    /// The n-th working day after `start`. `start` itself is not counted, whether or not it is a
    /// working day, and `n = 0` returns `start`. A deadline of "5 working days from receipt" is
    /// `add_working_days(receipt, 5)`.
    ///
    /// # Panics
    /// If the result lies beyond the dates chrono can represent.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut remaining = n;
        let mut date = start;
        while remaining > 0 {
            let year = next_day(date).year();
            date = self.with_table(year, |t| {
                let mut d = date;
                while remaining > 0 {
                    let next = next_day(d);
                    if next.year() != year {
                        break;
                    }
                    d = next;
                    if t.is_working_day(d, &self.week_rest) {
                        remaining -= 1;
                    }
                }
                d
            });
        }
        date
    }

    /// Working days in `(a, b]`: `a` excluded, `b` included. When `b < a` the result is
    /// `-working_days_between(b, a)`, so the function is antisymmetric and inverts
    /// [`Calendar::add_working_days`].
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        if b < a {
            return -self.working_days_between(b, a);
        }
        let mut total = 0;
        let mut from = a;
        while from < b {
            // Count (from, end] where end is b or the last day of from's successor's year.
            let year = next_day(from).year();
            let end = NaiveDate::from_ymd_opt(year, 12, 31).map_or(b, |dec31| dec31.min(b));
            total += self.with_table(year, |t| {
                let days = next_day(from).iter_days().take_while(|d| *d <= end);
                days.filter(|d| t.is_working_day(*d, &self.week_rest)).count() as i64
            });
            from = end;
        }
        total
    }
}
