//! The working-day calendar (DOMAIN.md §8): Vietnamese lunar dates (UTC+7), the public holidays
//! of Labour Code 2019 Art. 112, compensatory days (Art. 111(3)), and the government's yearly
//! decisions loaded as data from `rules/calendar/<year>.toml`.
//!
//! Core does no I/O: callers read the override files and hand their text to
//! [`Calendar::from_override_files`].
//!
//! Conventions of the queries (see `workdays.rs`):
//! - [`Calendar::add_working_days`]`(start, n)` is the n-th working day *after* `start`; `start`
//!   itself is never counted (the usual reading of "within n working days from ..."), and
//!   `n = 0` returns `start` unchanged even when it is not a working day.
//! - [`Calendar::working_days_between`]`(a, b)` counts working days in the half-open interval
//!   `(a, b]`, and is negative (`-(count in (b, a])`) when `b < a`. So
//!   `working_days_between(s, add_working_days(s, n)) == n` for every `s`.

mod holidays;
mod lunar;
mod overrides;
mod workdays;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use chrono::Weekday;

pub use holidays::{DayOff, DayOffKind, Holiday, MakeUpDay, default_national_day_adjacent, default_tet_span};
pub use lunar::{CHECKED_YEARS, LunarDate, lunar_new_year, lunar_to_solar, solar_to_lunar};
pub use overrides::{OverrideDayOff, OverrideDayOffKind, OverrideWorkingDay, YearOverride};

use crate::error::FieldError;
use holidays::{YearTable, build_year};

/// A problem with the calendar's configuration. Messages are in Vietnamese and name the file
/// and the field, for the person who maintains `rules/calendar/`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// An override file that cannot be used; `problems` lists every problem found in it.
    #[error("tệp lịch {file}: {}", render_problems(.problems))]
    InvalidOverride { file: String, problems: Vec<FieldError> },
    /// Every day of the week was declared a rest day, so no deadline could ever end.
    #[error("tuần làm việc phải còn ít nhất một ngày làm việc")]
    NoWorkingDayInWeek,
}

fn render_problems(problems: &[FieldError]) -> String {
    let parts: Vec<String> = problems
        .iter()
        .map(|p| if p.field.is_empty() { p.message.clone() } else { format!("{}: {}", p.field, p.message) })
        .collect();
    parts.join("; ")
}

/// Years whose tables are computed once and kept; other years are computed on each use.
const CACHED_YEARS: std::ops::RangeInclusive<i32> = CHECKED_YEARS;

/// The working-day calendar: a weekly rest pattern, the statutory holidays, and per-year
/// overrides. Cheap to clone; clones share the table cache.
#[derive(Clone)]
pub struct Calendar {
    week_rest: Vec<Weekday>,
    overrides: BTreeMap<i32, (String, YearOverride)>,
    /// Lazily built tables, one slot per year of `CACHED_YEARS`; building a year costs dozens
    /// of lunar computations and deadline code asks about the same few years over and over.
    cache: Arc<[OnceLock<YearTable>]>,
}

impl Default for Calendar {
    /// Saturday and Sunday off (the civil-service week), statutory defaults, no overrides.
    fn default() -> Self {
        Self::build(vec![Weekday::Sat, Weekday::Sun], BTreeMap::new())
    }
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("week_rest", &self.week_rest)
            .field("override_years", &self.overrides.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Calendar {
    fn build(week_rest: Vec<Weekday>, overrides: BTreeMap<i32, (String, YearOverride)>) -> Self {
        let cache = CACHED_YEARS.map(|_| OnceLock::new()).collect();
        Self { week_rest, overrides, cache }
    }

    /// The default calendar plus the given override files, as `(file name, file text)` pairs.
    /// The name is used in error messages and, for `2025.toml`, checked against `year`.
    pub fn from_override_files<I, N, T>(files: I) -> Result<Self, CalendarError>
    where
        I: IntoIterator<Item = (N, T)>,
        N: AsRef<str>,
        T: AsRef<str>,
    {
        Self::default().with_override_files(files)
    }

    /// Adds override files to this calendar. Two files for one year are an error.
    pub fn with_override_files<I, N, T>(self, files: I) -> Result<Self, CalendarError>
    where
        I: IntoIterator<Item = (N, T)>,
        N: AsRef<str>,
        T: AsRef<str>,
    {
        let mut overrides = self.overrides;
        for (name, text) in files {
            let name = name.as_ref();
            let ov = YearOverride::parse(name, text.as_ref())?;
            if let Some((first, _)) = overrides.get(&ov.year) {
                let message = format!("năm {} đã được khai báo trong tệp {first}", ov.year);
                return Err(CalendarError::InvalidOverride {
                    file: name.to_string(),
                    problems: vec![FieldError::new("year", message)],
                });
            }
            overrides.insert(ov.year, (name.to_string(), ov));
        }
        Ok(Self::build(self.week_rest, overrides))
    }

    /// Replaces the weekly rest days, for a unit whose week is not Monday–Friday.
    pub fn with_week_rest(self, week_rest: Vec<Weekday>) -> Result<Self, CalendarError> {
        let mut week_rest = week_rest;
        week_rest.sort_by_key(|d| d.num_days_from_monday());
        week_rest.dedup();
        if week_rest.len() >= 7 {
            return Err(CalendarError::NoWorkingDayInWeek);
        }
        Ok(Self::build(week_rest, self.overrides))
    }

    /// The weekly rest days, Monday first.
    pub fn week_rest(&self) -> &[Weekday] {
        &self.week_rest
    }

    /// The override in force for `year` and the name of the file it came from.
    pub fn override_for(&self, year: i32) -> Option<(&str, &YearOverride)> {
        self.overrides.get(&year).map(|(name, ov)| (name.as_str(), ov))
    }

    /// Runs `f` on the table of `year`, from the cache when the year is in range.
    fn with_table<R>(&self, year: i32, f: impl FnOnce(&YearTable) -> R) -> R {
        let ov = self.overrides.get(&year).map(|(_, ov)| ov);
        let slot = usize::try_from(year - CACHED_YEARS.start()).ok().and_then(|i| self.cache.get(i));
        match slot {
            Some(slot) => f(slot.get_or_init(|| build_year(year, &self.week_rest, ov))),
            None => f(&build_year(year, &self.week_rest, ov)),
        }
    }
}
