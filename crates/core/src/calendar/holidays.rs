//! Public holidays of the Labour Code 2019 (Art. 112), compensatory days (Art. 111(3)), and the
//! per-year table of days off that the working-day queries read.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::lunar::{LunarDate, lunar_new_year, lunar_to_solar, solar_to_lunar};
use super::overrides::{OverrideDayOffKind, YearOverride};

/// A public holiday named in Labour Code 2019, Art. 112(1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Holiday {
    /// 1 January.
    NewYear,
    /// Five days around lunar 1/1; the span is decided each year.
    LunarNewYear,
    /// 10/3 lunar.
    HungKings,
    /// 30 April.
    ReunificationDay,
    /// 1 May.
    LabourDay,
    /// 2 September and one adjacent day.
    NationalDay,
}

impl Holiday {
    /// The name the Labour Code and the yearly notices use.
    pub fn label(self) -> &'static str {
        match self {
            Holiday::NewYear => "Tết Dương lịch",
            Holiday::LunarNewYear => "Tết Nguyên đán",
            Holiday::HungKings => "Giỗ Tổ Hùng Vương",
            Holiday::ReunificationDay => "Ngày Chiến thắng",
            Holiday::LabourDay => "Ngày Quốc tế lao động",
            Holiday::NationalDay => "Quốc khánh",
        }
    }
}

/// Why a day is not a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DayOffKind {
    /// One of the Art. 112 public holidays (even when it falls on a weekly rest day).
    Holiday { holiday: Holiday },
    /// Nghỉ bù: a holiday fell on a weekly rest day (Art. 111(3)). `for_date` is that holiday,
    /// when known (a compensatory day declared in an override file may not say).
    Compensatory { for_date: Option<NaiveDate> },
    /// Hoán đổi: a working day moved; `working_day` is the rest day worked instead.
    Swapped { working_day: Option<NaiveDate> },
    /// Any other day off the government declared.
    Extra,
    /// An ordinary weekly rest day. Never listed by `Calendar::days_off`.
    WeeklyRest,
}

impl DayOffKind {
    /// Short Vietnamese label, e.g. "Tết Nguyên đán", "Nghỉ bù".
    pub fn label(&self) -> &'static str {
        match self {
            DayOffKind::Holiday { holiday } => holiday.label(),
            DayOffKind::Compensatory { .. } => "Nghỉ bù",
            DayOffKind::Swapped { .. } => "Hoán đổi ngày làm việc",
            DayOffKind::Extra => "Ngày nghỉ thêm",
            DayOffKind::WeeklyRest => "Nghỉ hằng tuần",
        }
    }
}

/// One day off, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayOff {
    pub date: NaiveDate,
    pub kind: DayOffKind,
    /// The Vietnamese label of `kind` ("Tết Nguyên đán", "Nghỉ bù", "Quốc khánh", ...).
    pub reason: String,
    /// Further detail for a reader: which holiday a compensatory day makes up for, or the
    /// reason given in the override file.
    pub note: Option<String>,
    /// The lunar date, for the lunar holidays (Tết Nguyên đán, Giỗ Tổ Hùng Vương).
    pub lunar: Option<LunarDate>,
}

impl DayOff {
    pub(crate) fn new(date: NaiveDate, kind: DayOffKind, note: Option<String>) -> Self {
        Self { date, kind, reason: kind.label().to_string(), note, lunar: None }
    }
}

/// A rest day the government turned into a working day (ngày làm bù).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeUpDay {
    pub date: NaiveDate,
    pub note: String,
}

/// A statutory holiday on a given date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StatutoryDay {
    pub date: NaiveDate,
    pub holiday: Holiday,
    pub lunar: Option<LunarDate>,
}

/// The default Tết span: the last day of the old lunar year and lunar 1–4 of the new one.
/// The Labour Code only says "5 days"; this is the split the notices have used most often
/// when they did not move the span (e.g. 2021, 2026).
pub fn default_tet_span(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    let tet = lunar_new_year(year)?;
    Some((tet.checked_sub_days(Days::new(1))?, tet.checked_add_days(Days::new(3))?))
}

/// The default day that accompanies 2 September. Art. 112(1)(e) allows the day before or after
/// and leaves the choice to the government; the day after is used unless a year's override file
/// names the day chosen.
pub fn default_national_day_adjacent(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 9, 3)
}

/// The Art. 112 holidays of `year`, sorted by date. `tet` and `national_day_adjacent` replace the
/// defaults when given.
pub(crate) fn statutory_days(
    year: i32,
    tet: Option<(NaiveDate, NaiveDate)>,
    national_day_adjacent: Option<NaiveDate>,
) -> Vec<StatutoryDay> {
    let mut out = Vec::new();
    let mut solar = |month, day, holiday| {
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            out.push(StatutoryDay { date, holiday, lunar: None });
        }
    };
    solar(1, 1, Holiday::NewYear);
    solar(4, 30, Holiday::ReunificationDay);
    solar(5, 1, Holiday::LabourDay);
    solar(9, 2, Holiday::NationalDay);
    if let Some(date) = national_day_adjacent.or_else(|| default_national_day_adjacent(year)) {
        out.push(StatutoryDay { date, holiday: Holiday::NationalDay, lunar: None });
    }
    if let Some((from, to)) = tet.or_else(|| default_tet_span(year)) {
        for date in from.iter_days().take_while(|d| *d <= to) {
            let lunar = Some(solar_to_lunar(date));
            out.push(StatutoryDay { date, holiday: Holiday::LunarNewYear, lunar });
        }
    }
    let hung_kings = LunarDate::new(year, 3, 10);
    if let Some(date) = lunar_to_solar(hung_kings) {
        out.push(StatutoryDay { date, holiday: Holiday::HungKings, lunar: Some(hung_kings) });
    }
    out.sort_by_key(|d| d.date);
    out
}

/// Everything about one solar year that differs from the plain weekly pattern.
#[derive(Debug, Clone, Default)]
pub(crate) struct YearTable {
    pub days_off: BTreeMap<NaiveDate, DayOff>,
    pub working: BTreeMap<NaiveDate, String>,
}

impl YearTable {
    pub fn is_working_day(&self, date: NaiveDate, week_rest: &[Weekday]) -> bool {
        if self.working.contains_key(&date) {
            return true;
        }
        !self.days_off.contains_key(&date) && !week_rest.contains(&date.weekday())
    }
}

/// How far ahead a compensatory day is looked for; a guard against a week with no working
/// days left in it, which `Calendar` already refuses.
const COMPENSATION_HORIZON: usize = 366;

pub(crate) fn build_year(year: i32, week_rest: &[Weekday], ov: Option<&YearOverride>) -> YearTable {
    let mut table = YearTable::default();
    let statutory = statutory_days(year, ov.and_then(|o| o.tet), ov.and_then(|o| o.national_day_adjacent));
    // For each statutory day, the holiday it shares its date with, if any (Giỗ Tổ on 30/4 in
    // 1947): only one of them can occupy the table.
    let mut clashes = Vec::with_capacity(statutory.len());
    for s in &statutory {
        if let Some(first) = table.days_off.get(&s.date) {
            clashes.push(Some(first.reason.clone()));
            continue;
        }
        clashes.push(None);
        let mut day = DayOff::new(s.date, DayOffKind::Holiday { holiday: s.holiday }, None);
        day.lunar = s.lunar;
        table.days_off.insert(s.date, day);
    }
    if let Some(ov) = ov {
        for w in &ov.working_days {
            table.working.insert(w.date, w.note.clone());
        }
        for d in &ov.days_off {
            let kind = match d.kind {
                OverrideDayOffKind::Extra => DayOffKind::Extra,
                OverrideDayOffKind::Compensatory => DayOffKind::Compensatory { for_date: None },
                OverrideDayOffKind::Swapped { working_day } => DayOffKind::Swapped { working_day: Some(working_day) },
            };
            table.days_off.insert(d.date, DayOff::new(d.date, kind, Some(d.note.clone())));
        }
    }
    if ov.is_none_or(|o| o.auto_compensatory) {
        // The Labour Code does not say what happens when two holidays coincide; giving the
        // lost day back like a weekend clash keeps the yearly count of days off intact.
        let owed: Vec<(StatutoryDay, String)> = statutory
            .iter()
            .zip(clashes)
            .filter_map(|(s, clash)| {
                let on_rest_day = week_rest.contains(&s.date.weekday()) && !table.working.contains_key(&s.date);
                let why = if on_rest_day { Some("ngày nghỉ hằng tuần".to_string()) } else { clash };
                why.map(|w| (*s, w))
            })
            .collect();
        add_compensatory_days(&mut table, &owed, week_rest);
    }
    table
}

/// Art. 111(3): a holiday on a weekly rest day is made up on the next working day. Holidays are
/// taken in date order so that two holidays on one weekend get two successive days.
fn add_compensatory_days(table: &mut YearTable, owed: &[(StatutoryDay, String)], week_rest: &[Weekday]) {
    for (s, clashed_with) in owed {
        let next = s
            .date
            .iter_days()
            .skip(1)
            .take(COMPENSATION_HORIZON)
            // The table only answers for its own year; no current holiday is late enough to
            // need compensation in the next one.
            .take_while(|d| d.year() == s.date.year())
            .find(|d| table.is_working_day(*d, week_rest));
        if let Some(date) = next {
            let note = format!("Bù cho {} ngày {} trùng {clashed_with}", s.holiday.label(), s.date.format("%d/%m/%Y"));
            let kind = DayOffKind::Compensatory { for_date: Some(s.date) };
            table.days_off.insert(date, DayOff::new(date, kind, Some(note)));
        }
    }
}
