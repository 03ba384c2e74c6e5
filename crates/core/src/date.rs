//! Dates as old records give them: a year only, a month and year, or a full date.
//!
//! A record that says "1968" must not be treated as 01/01/1968. Comparisons therefore answer
//! with [`Tri`]: yes, no, or "cannot tell at this precision", and callers decide what an
//! uncertain answer means for them (a rule may flag it for a human to check).

use crate::error::FieldError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

pub const MIN_YEAR: i32 = 1800;
pub const MAX_YEAR: i32 = 2100;

/// Three-valued answer for comparisons made at limited precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tri {
    Yes,
    No,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Precision {
    Year,
    Month,
    Day,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

fn err(msg: impl Into<String>) -> FieldError {
    FieldError::new("", msg)
}

fn parse_num(s: &str, what: &str) -> Result<u32, FieldError> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err(format!("{what} không hợp lệ: \"{s}\"")));
    }
    s.parse().map_err(|_| err(format!("{what} không hợp lệ: \"{s}\"")))
}

impl PartialDate {
    pub fn year_only(year: i32) -> Result<Self, FieldError> {
        Self::check_year(year)?;
        Ok(Self { year, month: None, day: None })
    }

    pub fn month_year(year: i32, month: u32) -> Result<Self, FieldError> {
        Self::check_year(year)?;
        if !(1..=12).contains(&month) {
            return Err(err(format!("Tháng phải từ 1 đến 12, nhận được {month}")));
        }
        Ok(Self { year, month: Some(month as u8), day: None })
    }

    pub fn full(year: i32, month: u32, day: u32) -> Result<Self, FieldError> {
        Self::check_year(year)?;
        if NaiveDate::from_ymd_opt(year, month, day).is_none() {
            return Err(err(format!("Ngày {day:02}/{month:02}/{year} không tồn tại")));
        }
        Ok(Self { year, month: Some(month as u8), day: Some(day as u8) })
    }

    pub fn from_date(d: NaiveDate) -> Self {
        Self { year: d.year(), month: Some(d.month() as u8), day: Some(d.day() as u8) }
    }

    fn check_year(year: i32) -> Result<(), FieldError> {
        if (MIN_YEAR..=MAX_YEAR).contains(&year) {
            Ok(())
        } else {
            Err(err(format!("Năm phải trong khoảng {MIN_YEAR}–{MAX_YEAR}, nhận được {year}")))
        }
    }

    /// Accepts the forms officers write: `1968`, `03/1968`, `12/03/1968` (dd/mm/yyyy, `-` or `.`
    /// also accepted as separators) and ISO `1968-03`, `1968-03-12`.
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(err("Ngày tháng không được để trống"));
        }
        let iso = s.len() >= 7 && s.as_bytes()[4] == b'-';
        let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
        match (iso, parts.as_slice()) {
            (_, [y]) => Self::year_only(parse_num(y, "Năm")? as i32),
            (true, [y, m]) => Self::month_year(parse_num(y, "Năm")? as i32, parse_num(m, "Tháng")?),
            (true, [y, m, d]) => Self::full(parse_num(y, "Năm")? as i32, parse_num(m, "Tháng")?, parse_num(d, "Ngày")?),
            (false, [m, y]) => Self::month_year(parse_num(y, "Năm")? as i32, parse_num(m, "Tháng")?),
            (false, [d, m, y]) => {
                Self::full(parse_num(y, "Năm")? as i32, parse_num(m, "Tháng")?, parse_num(d, "Ngày")?)
            }
            _ => Err(err(format!("Ngày tháng \"{s}\" không đúng dạng: dùng yyyy, mm/yyyy hoặc dd/mm/yyyy"))),
        }
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn month(&self) -> Option<u32> {
        self.month.map(u32::from)
    }

    pub fn day(&self) -> Option<u32> {
        self.day.map(u32::from)
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        }
    }

    /// The exact date, when the record gives one.
    pub fn exact(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month()?, self.day()?)
    }

    /// First day the value can mean.
    pub fn earliest(&self) -> NaiveDate {
        let m = self.month().unwrap_or(1);
        let d = self.day().unwrap_or(1);
        NaiveDate::from_ymd_opt(self.year, m, d).expect("validated on construction")
    }

    /// Last day the value can mean.
    pub fn latest(&self) -> NaiveDate {
        match (self.month(), self.day()) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(self.year, m, d).expect("validated"),
            (Some(m), None) => last_day_of_month(self.year, m),
            _ => NaiveDate::from_ymd_opt(self.year, 12, 31).expect("valid"),
        }
    }

    /// Is this strictly before `d`? `Unknown` when the precision straddles `d`.
    pub fn before(&self, d: NaiveDate) -> Tri {
        if self.latest() < d {
            Tri::Yes
        } else if self.earliest() >= d {
            Tri::No
        } else {
            Tri::Unknown
        }
    }

    /// Ordering when the two values cannot overlap; `None` when precision hides it
    /// (`1968` against `03/1968`). Two equal exact dates are `Equal`.
    pub fn cmp_honest(&self, other: &Self) -> Option<Ordering> {
        if self.latest() < other.earliest() {
            Some(Ordering::Less)
        } else if self.earliest() > other.latest() {
            Some(Ordering::Greater)
        } else if self.precision() == Precision::Day && other.precision() == Precision::Day {
            Some(Ordering::Equal)
        } else {
            None
        }
    }

    /// Age, on this (exact) date, of someone born `birth`, when precision allows.
    pub fn age_on_date_of(&self, birth: &PartialDate) -> Option<i32> {
        birth.age_on(self.exact()?)
    }

    /// Age in whole years on `on`, if the precision allows saying it.
    pub fn age_on(&self, on: NaiveDate) -> Option<i32> {
        let low = years_between(self.latest(), on);
        let high = years_between(self.earliest(), on);
        (low == high).then_some(low)
    }
}

fn years_between(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut y = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        y -= 1;
    }
    y
}

pub fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    let (ny, nm) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).expect("valid") - chrono::Days::new(1)
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{d:02}/{m:02}/{:04}", self.year),
            (Some(m), None) => write!(f, "{m:02}/{:04}", self.year),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PartialDate::parse(&s).map_err(|e| serde::de::Error::custom(e.message))
    }
}

/// A month, for the work history that item (15) asks for "continuously by month".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u8,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Result<Self, FieldError> {
        let p = PartialDate::month_year(year, month)?;
        Ok(Self { year: p.year, month: month as u8 })
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        let p = PartialDate::parse(s)?;
        match p.month() {
            Some(m) if p.day().is_none() => Self::new(p.year(), m),
            _ => Err(err(format!("\"{s}\" phải có dạng mm/yyyy"))),
        }
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn month(&self) -> u32 {
        u32::from(self.month)
    }

    /// Months since year 0, to do arithmetic without calendar edge cases.
    pub fn index(&self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    pub fn from_index(i: i64) -> Self {
        Self { year: i.div_euclid(12) as i32, month: (i.rem_euclid(12) + 1) as u8 }
    }

    pub fn succ(&self) -> Self {
        Self::from_index(self.index() + 1)
    }

    pub fn pred(&self) -> Self {
        Self::from_index(self.index() - 1)
    }

    pub fn of(d: NaiveDate) -> Self {
        Self { year: d.year(), month: d.month() as u8 }
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:04}", self.month, self.year)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        YearMonth::parse(&s).map_err(|e| serde::de::Error::custom(e.message))
    }
}

/// The row of `rows` in force on `on`: the latest not after it, else the earliest (a day
/// before every row is read by the oldest text we hold, as an old paper reprinted).
pub(crate) fn in_force<T>(
    rows: impl Iterator<Item = T> + Clone,
    on: NaiveDate,
    from: impl Fn(&T) -> NaiveDate,
) -> Option<T> {
    rows.clone().filter(|r| from(r) <= on).max_by_key(|r| from(r)).or_else(|| rows.min_by_key(|r| from(r)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn parses_the_three_precisions() {
        assert_eq!(PartialDate::parse("1968").unwrap().precision(), Precision::Year);
        assert_eq!(PartialDate::parse("3/1968").unwrap().to_string(), "03/1968");
        assert_eq!(PartialDate::parse("12/03/1968").unwrap().to_string(), "12/03/1968");
        assert_eq!(PartialDate::parse("1968-03-12").unwrap().to_string(), "12/03/1968");
        assert_eq!(PartialDate::parse("1968-03").unwrap().to_string(), "03/1968");
    }

    #[test]
    fn rejects_impossible_dates_with_a_reason() {
        assert!(PartialDate::parse("30/02/1990").unwrap_err().message.contains("không tồn tại"));
        assert!(PartialDate::parse("13/1990").unwrap_err().message.contains("Tháng"));
        assert!(PartialDate::parse("1700").unwrap_err().message.contains("Năm"));
        assert!(PartialDate::parse("abc").is_err());
        assert!(PartialDate::parse("").is_err());
        assert!(PartialDate::parse("1/2/3/4").is_err());
    }

    #[test]
    fn comparisons_are_honest_about_precision() {
        let y = PartialDate::parse("1975").unwrap();
        let liberation = d(1975, 4, 30);
        assert_eq!(y.before(liberation), Tri::Unknown);
        assert_eq!(PartialDate::parse("03/1975").unwrap().before(liberation), Tri::Yes);
        assert_eq!(PartialDate::parse("05/1975").unwrap().before(liberation), Tri::No);
        assert_eq!(PartialDate::parse("1974").unwrap().before(liberation), Tri::Yes);
        let m = PartialDate::parse("03/1975").unwrap();
        assert_eq!(y.cmp_honest(&m), None);
        assert_eq!(PartialDate::parse("1974").unwrap().cmp_honest(&m), Some(Ordering::Less));
        assert_eq!(y.age_on(d(2000, 6, 1)), None);
        assert_eq!(PartialDate::parse("01/01/1975").unwrap().age_on(d(2000, 6, 1)), Some(25));
    }

    #[test]
    fn year_month_arithmetic() {
        let ym = YearMonth::parse("12/1999").unwrap();
        assert_eq!(ym.succ().to_string(), "01/2000");
        assert_eq!(ym.succ().pred(), ym);
        assert!(YearMonth::parse("1999").is_err());
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(y in MIN_YEAR..=MAX_YEAR, m in 1u32..=12, dd in 1u32..=28, p in 0..3) {
            let v = match p {
                0 => PartialDate::year_only(y).unwrap(),
                1 => PartialDate::month_year(y, m).unwrap(),
                _ => PartialDate::full(y, m, dd).unwrap(),
            };
            prop_assert_eq!(PartialDate::parse(&v.to_string()).unwrap(), v);
            prop_assert!(v.earliest() <= v.latest());
        }

        #[test]
        fn honest_order_is_antisymmetric(a in 1900i32..2000, b in 1900i32..2000, ma in 1u32..=12) {
            let x = PartialDate::month_year(a, ma).unwrap();
            let y = PartialDate::year_only(b).unwrap();
            if let (Some(o1), Some(o2)) = (x.cmp_honest(&y), y.cmp_honest(&x)) {
                prop_assert_eq!(o1, o2.reverse());
            }
        }
    }
}
