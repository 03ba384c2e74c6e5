//! The Vietnamese lunisolar calendar, after Hồ Ngọc Đức's algorithm
//! (<https://www.informatik.uni-leipzig.de/~duc/amlich/>), evaluated for UTC+7.
//!
//! The time zone matters: new moons close to midnight fall on different days in Hanoi and
//! Beijing, which is why Tết 1985 was on 21 January in Vietnam but 20 February in China, and
//! Tết 2007 on 17 February rather than 18 February. The astronomy is the low-precision series
//! the algorithm specifies, so results are exact for the years the project cares about
//! (checked for 1900–2199) but drift far outside them.

use std::f64::consts::PI;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Vietnam's civil time zone, in hours east of UTC; the algorithm is defined for it.
const TIME_ZONE: f64 = 7.0;

/// Julian day number of 0001-01-01 (proleptic Gregorian) minus one, so that chrono's day count
/// maps onto the Julian day numbers the algorithm works in.
const JD_CE_OFFSET: i64 = 1_721_425;

/// Mean synodic month in days, as the algorithm uses it.
const SYNODIC_MONTH: f64 = 29.530588853;

/// Julian date of the reference new moon (1900-01-01 13:52 UTC) the algorithm counts from.
const NEW_MOON_EPOCH: f64 = 2415021.076998695;

/// The first and last solar years the lunar calendar here is checked against.
pub const CHECKED_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// A date in the Vietnamese lunar calendar (âm lịch).
///
/// `year` is the lunar year in the Gregorian numbering of the solar year in which it starts:
/// Tết Ất Tỵ is `LunarDate { year: 2025, month: 1, day: 1, leap: false }`. `leap` marks the
/// intercalary month (tháng nhuận), which repeats the number of the month before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LunarDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub leap: bool,
}

impl LunarDate {
    pub const fn new(year: i32, month: u8, day: u8) -> Self {
        Self { year, month, day, leap: false }
    }

    /// The sexagenary name of the lunar year, e.g. "Ất Tỵ" for 2025, as printed on calendars.
    pub fn year_name(&self) -> String {
        const STEMS: [&str; 10] = ["Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"];
        const BRANCHES: [&str; 12] =
            ["Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"];
        let stem = (self.year + 6).rem_euclid(10) as usize;
        let branch = (self.year + 8).rem_euclid(12) as usize;
        format!("{} {}", STEMS[stem], BRANCHES[branch])
    }
}

impl fmt::Display for LunarDate {
    /// `10/3 Ất Tỵ (2025)`, with `nhuận` after a leap month, the way officers write it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let leap = if self.leap { " nhuận" } else { "" };
        write!(f, "{}/{}{} {} ({})", self.day, self.month, leap, self.year_name(), self.year)
    }
}

fn jd_from_date(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) + JD_CE_OFFSET
}

fn jd_to_date(jd: i64) -> Option<NaiveDate> {
    let days = i32::try_from(jd - JD_CE_OFFSET).ok()?;
    NaiveDate::from_num_days_from_ce_opt(days)
}

/// Day (Julian day number, local time) of the k-th new moon after the 1900 epoch.
fn new_moon_day(k: i64) -> i64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
    jd1 += 0.00033 * ((166.56 + 132.87 * t - 0.009173 * t2) * dr).sin();
    let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
    let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
    let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
    let mut c1 = (0.1734 - 0.000393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    } else {
        -0.000278 + 0.000265 * t + 0.000262 * t2
    };
    let jd_new = jd1 + c1 - delta_t;
    (jd_new + 0.5 + TIME_ZONE / 24.0).floor() as i64
}

/// Sector (0..12, 30° each) of the sun's longitude at local midnight starting day `jdn`.
/// Major solar terms (trung khí) begin each sector; a lunar month without one is the leap month.
fn sun_longitude_sector(jdn: i64) -> i64 {
    let t = (jdn as f64 - 2451545.5 - TIME_ZONE / 24.0) / 36525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    let mut dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * (dr * m).sin();
    dl += (0.019993 - 0.000101 * t) * (dr * 2.0 * m).sin() + 0.000290 * (dr * 3.0 * m).sin();
    let mut l = (l0 + dl) * dr;
    l -= 2.0 * PI * (l / (2.0 * PI)).floor();
    (l / PI * 6.0).floor() as i64
}

/// Start of lunar month 11 (the month containing the winter solstice) before the end of `year`.
fn lunar_month_11(year: i32) -> i64 {
    let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).map_or_else(
        // Far outside chrono's range the caller gets nonsense anyway; avoid a panic.
        || i64::from(year) * 365,
        jd_from_date,
    );
    let off = dec31 - 2415021;
    let k = (off as f64 / SYNODIC_MONTH).floor() as i64;
    let nm = new_moon_day(k);
    if sun_longitude_sector(nm) >= 9 { new_moon_day(k - 1) } else { nm }
}

/// In a 13-month year starting at month 11 `a11`, how many months after it the leap month is.
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_longitude_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_longitude_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

/// The lunar date of a solar date, in Vietnam's time zone.
pub fn solar_to_lunar(date: NaiveDate) -> LunarDate {
    let day_number = jd_from_date(date);
    let mut k = ((day_number as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64 + 1;
    let mut month_start = new_moon_day(k);
    // The published code steps back once; a true new moon can run late enough against the
    // mean month that one step is not enough (7/5/2054 came out as lunar day 0), so step back
    // until the month has started, and forward while the next one has too.
    while month_start > day_number {
        k -= 1;
        month_start = new_moon_day(k);
    }
    loop {
        let next = new_moon_day(k + 1);
        if next > day_number {
            break;
        }
        k += 1;
        month_start = next;
    }
    let yy = date.year();
    let mut a11 = lunar_month_11(yy);
    let mut b11 = a11;
    let mut lunar_year;
    if a11 >= month_start {
        lunar_year = yy;
        a11 = lunar_month_11(yy - 1);
    } else {
        lunar_year = yy + 1;
        b11 = lunar_month_11(yy + 1);
    }
    let lunar_day = day_number - month_start + 1;
    let diff = (month_start - a11).div_euclid(29);
    let mut leap = false;
    let mut lunar_month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11);
        if diff >= leap_diff {
            lunar_month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if lunar_month > 12 {
        lunar_month -= 12;
    }
    if lunar_month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    LunarDate {
        year: lunar_year,
        // A lunar month has at most 30 days and the year 12 or 13 months, so these fit.
        month: lunar_month as u8,
        day: lunar_day as u8,
        leap,
    }
}

/// The solar date of a lunar date, or `None` when no such lunar date exists: day 30 of a
/// 29-day month, a leap flag on a month that is not leap that year, month or day out of range.
pub fn lunar_to_solar(lunar: LunarDate) -> Option<NaiveDate> {
    if !(1..=12).contains(&lunar.month) || !(1..=30).contains(&lunar.day) {
        return None;
    }
    let (a11, b11) = if lunar.month < 11 {
        (lunar_month_11(lunar.year - 1), lunar_month_11(lunar.year))
    } else {
        (lunar_month_11(lunar.year), lunar_month_11(lunar.year + 1))
    };
    let mut off = (i64::from(lunar.month) - 11).rem_euclid(12);
    if b11 - a11 > 365 {
        let leap_off = leap_month_offset(a11);
        // Same numbering as `solar_to_lunar`: the leap month repeats the previous number.
        let leap_month = (leap_off + 9).rem_euclid(12) + 1;
        if lunar.leap && i64::from(lunar.month) != leap_month {
            return None;
        }
        if lunar.leap || off >= leap_off {
            off += 1;
        }
    } else if lunar.leap {
        return None;
    }
    let k = (0.5 + (a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64;
    let month_start = new_moon_day(k + off);
    let candidate = jd_to_date(month_start + i64::from(lunar.day) - 1)?;
    // Day 30 of a short month lands on day 1 of the next; checking the round trip rejects it
    // and any other date the arithmetic above would silently move.
    (solar_to_lunar(candidate) == lunar).then_some(candidate)
}

/// The date of Tết (1/1) of the lunar year `year`.
pub fn lunar_new_year(year: i32) -> Option<NaiveDate> {
    lunar_to_solar(LunarDate::new(year, 1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Days;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn tet_dates_match_published_calendars() {
        let known = [
            (2020, ymd(2020, 1, 25)),
            (2021, ymd(2021, 2, 12)),
            (2022, ymd(2022, 2, 1)),
            (2023, ymd(2023, 1, 22)),
            (2024, ymd(2024, 2, 10)),
            (2025, ymd(2025, 1, 29)),
            (2026, ymd(2026, 2, 17)),
        ];
        for (year, date) in known {
            assert_eq!(lunar_new_year(year), Some(date), "Tết {year}");
            assert_eq!(solar_to_lunar(date), LunarDate::new(year, 1, 1));
        }
    }

    #[test]
    fn utc_plus_7_differs_from_the_chinese_calendar() {
        // Years where Vietnam's Tết is famously not China's.
        assert_eq!(lunar_new_year(1985), Some(ymd(1985, 1, 21)));
        assert_eq!(lunar_new_year(2007), Some(ymd(2007, 2, 17)));
        assert_eq!(lunar_new_year(1968), Some(ymd(1968, 1, 29)));
    }

    #[test]
    fn hung_kings_day() {
        assert_eq!(lunar_to_solar(LunarDate::new(2025, 3, 10)), Some(ymd(2025, 4, 7)));
        assert_eq!(lunar_to_solar(LunarDate::new(2024, 3, 10)), Some(ymd(2024, 4, 18)));
        assert_eq!(lunar_to_solar(LunarDate::new(2026, 3, 10)), Some(ymd(2026, 4, 26)));
    }

    #[test]
    fn leap_months() {
        // 2023 repeats month 2 (nhuận tháng 2), 2025 repeats month 6.
        let leap2 = LunarDate { year: 2023, month: 2, day: 1, leap: true };
        let start = lunar_to_solar(leap2).unwrap();
        assert_eq!(start, ymd(2023, 3, 22));
        assert_eq!(solar_to_lunar(start), leap2);
        assert_eq!(solar_to_lunar(ymd(2023, 3, 21)), LunarDate::new(2023, 2, 30));

        let leap6 = LunarDate { year: 2025, month: 6, day: 1, leap: true };
        assert_eq!(lunar_to_solar(leap6), Some(ymd(2025, 7, 25)));
        assert!(!solar_to_lunar(ymd(2025, 7, 24)).leap);

        assert_eq!(lunar_to_solar(LunarDate { year: 2025, month: 2, day: 1, leap: true }), None);
        assert_eq!(lunar_to_solar(LunarDate { year: 2024, month: 6, day: 1, leap: true }), None);
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert_eq!(lunar_to_solar(LunarDate::new(2025, 13, 1)), None);
        assert_eq!(lunar_to_solar(LunarDate::new(2025, 0, 1)), None);
        assert_eq!(lunar_to_solar(LunarDate::new(2025, 1, 0)), None);
        assert_eq!(lunar_to_solar(LunarDate::new(2025, 1, 31)), None);
        // Month 12 of Giáp Thìn (2024) has 29 days: Tết Ất Tỵ follows 29 Chạp.
        assert_eq!(solar_to_lunar(ymd(2025, 1, 28)), LunarDate::new(2024, 12, 29));
        assert_eq!(lunar_to_solar(LunarDate::new(2024, 12, 30)), None);
    }

    #[test]
    fn every_tet_falls_between_21_january_and_20_february() {
        for year in CHECKED_YEARS {
            let tet = lunar_new_year(year).unwrap_or_else(|| panic!("no Tết in {year}"));
            assert_eq!(tet.year(), year);
            let ordinal = tet.ordinal();
            assert!((21..=51).contains(&ordinal), "Tết {year} on {tet}");
        }
    }

    #[test]
    fn year_names_and_display() {
        assert_eq!(LunarDate::new(2025, 1, 1).year_name(), "Ất Tỵ");
        assert_eq!(LunarDate::new(2026, 1, 1).year_name(), "Bính Ngọ");
        assert_eq!(LunarDate::new(2023, 1, 1).year_name(), "Quý Mão");
        assert_eq!(LunarDate::new(2024, 1, 1).year_name(), "Giáp Thìn");
        let leap = LunarDate { year: 2025, month: 6, day: 1, leap: true };
        assert_eq!(leap.to_string(), "1/6 nhuận Ất Tỵ (2025)");
    }

    /// Exhaustive over the checked range: every date round-trips, and the lunar date moves on
    /// by one day or starts a month (the proptests below state the same on random samples).
    #[test]
    fn every_checked_date_round_trips() {
        let first = ymd(*CHECKED_YEARS.start(), 1, 1);
        let last = ymd(*CHECKED_YEARS.end(), 12, 31);
        let mut previous = solar_to_lunar(first);
        for date in first.iter_days().skip(1).take_while(|d| *d <= last) {
            let lunar = solar_to_lunar(date);
            assert_eq!(lunar_to_solar(lunar), Some(date), "{lunar:?}");
            assert!((1..=30).contains(&lunar.day) && (1..=12).contains(&lunar.month));
            let next = LunarDate { day: previous.day + 1, ..previous };
            assert!(lunar == next || lunar.day == 1, "{previous:?} -> {lunar:?}");
            previous = lunar;
        }
    }

    fn checked_date() -> impl Strategy<Value = NaiveDate> {
        let first = ymd(*CHECKED_YEARS.start(), 1, 1);
        let last = ymd(*CHECKED_YEARS.end(), 12, 31);
        let span = (last - first).num_days() as u64;
        (0..=span).prop_map(move |offset| first + Days::new(offset))
    }

    proptest! {
        #[test]
        fn solar_lunar_round_trip(date in checked_date()) {
            let lunar = solar_to_lunar(date);
            prop_assert!((1..=30).contains(&lunar.day));
            prop_assert!((1..=12).contains(&lunar.month));
            prop_assert_eq!(lunar_to_solar(lunar), Some(date));
        }

        #[test]
        fn consecutive_days_advance_by_one(date in checked_date()) {
            let today = solar_to_lunar(date);
            let tomorrow = solar_to_lunar(date + Days::new(1));
            if tomorrow.day == 1 {
                prop_assert!(today.day == 29 || today.day == 30, "{today:?} -> {tomorrow:?}");
                let next_month = tomorrow.month == today.month % 12 + 1 && !tomorrow.leap;
                let into_leap = tomorrow.month == today.month && tomorrow.leap && !today.leap;
                prop_assert!(next_month || into_leap, "{today:?} -> {tomorrow:?}");
                let expected_year = if tomorrow.month == 1 && !tomorrow.leap {
                    today.year + 1
                } else {
                    today.year
                };
                prop_assert_eq!(tomorrow.year, expected_year);
            } else {
                prop_assert_eq!(tomorrow, LunarDate { day: today.day + 1, ..today });
            }
        }
    }
}
