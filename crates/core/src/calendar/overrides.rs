//! Per-year override files (`rules/calendar/<year>.toml`): the government's yearly decisions on
//! the Tết span, swapped days, make-up Saturdays and extra days off.
//!
//! The file is read into a plain TOML table and walked by hand rather than through serde, so
//! every problem can name its field path (`swap[1].working_day`) in Vietnamese, and all problems
//! of a file are reported together.
//!
//! Schema (every date is `"YYYY-MM-DD"` or a bare TOML date, and must lie in `year`):
//!
//! ```toml
//! year = 2025                      # required
//! source = "Công văn ..."          # required: the decision this file transcribes
//! auto_compensatory = true         # optional, default true: derive nghỉ bù (Art. 111(3));
//!                                  # false when the file lists compensatory days itself
//!
//! [tet]                            # optional: replaces the default Tết span
//! from = "2025-01-27"              # (last day of the lunar year + lunar 1–4)
//! to = "2025-01-31"                # inclusive; must contain lunar 1/1
//!
//! [national_day]                   # optional: the day chosen to accompany 2 September
//! adjacent = "2025-09-01"          # 1 or 3 September; default 3 September
//!
//! [[swap]]                         # hoán đổi: day_off becomes a day off, working_day is worked
//! day_off = "2025-05-02"
//! working_day = "2025-04-26"
//! reason = "..."
//!
//! [[day_off]]                      # another day off
//! date = "..."
//! reason = "..."
//! kind = "extra"                   # optional: "extra" (default) or "compensatory"
//!
//! [[working_day]]                  # a rest day that becomes a working day (làm bù)
//! date = "..."
//! reason = "..."
//! ```
//!
//! A file augments the defaults of its year: the Art. 112 holidays stay, `[tet]` and
//! `[national_day]` replace only their default dates, and the listed days are added. A day off
//! or working day may not fall on a statutory holiday; a date may be listed only once.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use toml::{Table, Value};

use super::CalendarError;
use super::holidays::statutory_days;
use super::lunar::{CHECKED_YEARS, lunar_new_year};
use crate::error::FieldError;

/// The longest Tết span accepted; longer is taken for a typo, not a decision.
const MAX_TET_DAYS: i64 = 10;

/// One year's decisions, parsed and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearOverride {
    pub year: i32,
    pub source: String,
    /// Inclusive Tết span replacing the default.
    pub tet: Option<(NaiveDate, NaiveDate)>,
    pub national_day_adjacent: Option<NaiveDate>,
    pub auto_compensatory: bool,
    /// Days off from `[[day_off]]` and the day-off side of `[[swap]]`, in file order.
    pub days_off: Vec<OverrideDayOff>,
    /// Working days from `[[working_day]]` and the working side of `[[swap]]`, in file order.
    pub working_days: Vec<OverrideWorkingDay>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideDayOff {
    pub date: NaiveDate,
    pub kind: OverrideDayOffKind,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverrideDayOffKind {
    Extra,
    Compensatory,
    Swapped { working_day: NaiveDate },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideWorkingDay {
    pub date: NaiveDate,
    pub note: String,
}

impl YearOverride {
    /// Parses one override file. `file` is only used to name the file in errors and, when its
    /// stem is a number (`2025.toml`), to check that it matches `year`.
    pub fn parse(file: &str, text: &str) -> Result<Self, CalendarError> {
        let invalid = |problems| CalendarError::InvalidOverride { file: file.to_string(), problems };
        let table: Table = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            let at = line.map(|l| format!(" ở dòng {l}")).unwrap_or_default();
            let message = format!("lỗi cú pháp TOML{at}: {}", e.message().trim());
            invalid(vec![FieldError::new("", message)])
        })?;
        let mut p = Problems::default();
        let ov = p.year_override(&table, file);
        match ov {
            Some(ov) if p.0.is_empty() => Ok(ov),
            _ => Err(invalid(p.0)),
        }
    }
}

/// Collects problems while walking the file, so one pass reports them all.
#[derive(Default)]
struct Problems(Vec<FieldError>);

fn path(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "chuỗi",
        Value::Integer(_) => "số nguyên",
        Value::Float(_) => "số thực",
        Value::Boolean(_) => "true/false",
        Value::Datetime(_) => "ngày giờ",
        Value::Array(_) => "mảng",
        Value::Table(_) => "bảng",
    }
}

impl Problems {
    fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    fn only_keys(&mut self, table: &Table, parent: &str, allowed: &[&str]) {
        for key in table.keys().filter(|k| !allowed.contains(&k.as_str())) {
            let message = format!("trường không được hỗ trợ; các trường hợp lệ: {}", allowed.join(", "));
            self.push(path(parent, key), message);
        }
    }

    fn required<'t>(&mut self, table: &'t Table, parent: &str, key: &str) -> Option<&'t Value> {
        let v = table.get(key);
        if v.is_none() {
            self.push(path(parent, key), "thiếu trường bắt buộc");
        }
        v
    }

    fn wrong_type(&mut self, field: String, expected: &str, v: &Value) {
        self.push(field, format!("phải là {expected}, không phải {}", type_name(v)));
    }

    fn text(&mut self, table: &Table, parent: &str, key: &str) -> Option<String> {
        match self.required(table, parent, key)? {
            Value::String(s) if s.trim().is_empty() => {
                self.push(path(parent, key), "không được để trống");
                None
            }
            Value::String(s) => Some(s.trim().to_string()),
            v => {
                self.wrong_type(path(parent, key), "chuỗi", v);
                None
            }
        }
    }

    fn date(&mut self, table: &Table, parent: &str, key: &str) -> Option<NaiveDate> {
        let field = path(parent, key);
        let parsed = match self.required(table, parent, key)? {
            Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                dt.date.and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
            }
            v => {
                self.wrong_type(field, "ngày dạng YYYY-MM-DD", v);
                return None;
            }
        };
        if parsed.is_none() {
            let shown = table.get(key).map(|v| v.to_string()).unwrap_or_default();
            self.push(field, format!("{shown} không phải ngày hợp lệ dạng YYYY-MM-DD"));
        }
        parsed
    }

    fn sub_table<'t>(&mut self, table: &'t Table, key: &str) -> Option<&'t Table> {
        match table.get(key)? {
            Value::Table(t) => Some(t),
            v => {
                self.wrong_type(key.to_string(), "bảng [...]", v);
                None
            }
        }
    }

    fn entries<'t>(&mut self, table: &'t Table, key: &str) -> Vec<(String, &'t Table)> {
        let Some(v) = table.get(key) else {
            return Vec::new();
        };
        let Value::Array(items) = v else {
            self.wrong_type(key.to_string(), &format!("mảng bảng [[{key}]]"), v);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let field = format!("{key}[{i}]");
            match item {
                Value::Table(t) => out.push((field, t)),
                v => self.wrong_type(field, "bảng", v),
            }
        }
        out
    }

    fn year_override(&mut self, table: &Table, file: &str) -> Option<YearOverride> {
        const TOP: [&str; 8] =
            ["year", "source", "auto_compensatory", "tet", "national_day", "swap", "day_off", "working_day"];
        self.only_keys(table, "", &TOP);
        let year = self.year(table, file);
        let source = self.text(table, "", "source").unwrap_or_default();
        let auto_compensatory = match table.get("auto_compensatory") {
            None => true,
            Some(Value::Boolean(b)) => *b,
            Some(v) => {
                self.wrong_type("auto_compensatory".into(), "true/false", v);
                true
            }
        };

        let tet = self.sub_table(table, "tet").and_then(|t| {
            self.only_keys(t, "tet", &["from", "to"]);
            Some((self.date(t, "tet", "from")?, self.date(t, "tet", "to")?))
        });
        let national_day_adjacent = self.sub_table(table, "national_day").and_then(|t| {
            self.only_keys(t, "national_day", &["adjacent"]);
            self.date(t, "national_day", "adjacent")
        });

        let mut days_off = Vec::new();
        let mut working_days = Vec::new();
        // Field path of each listed date, to name both places when a date repeats.
        let mut off_fields = Vec::new();
        let mut work_fields = Vec::new();
        for (field, t) in self.entries(table, "swap") {
            self.only_keys(t, &field, &["day_off", "working_day", "reason"]);
            let off = self.date(t, &field, "day_off");
            let work = self.date(t, &field, "working_day");
            let note = self.text(t, &field, "reason");
            if let (Some(off), Some(work), Some(note)) = (off, work, note) {
                let kind = OverrideDayOffKind::Swapped { working_day: work };
                days_off.push(OverrideDayOff { date: off, kind, note: note.clone() });
                working_days.push(OverrideWorkingDay { date: work, note });
                off_fields.push(path(&field, "day_off"));
                work_fields.push(path(&field, "working_day"));
            }
        }
        for (field, t) in self.entries(table, "day_off") {
            self.only_keys(t, &field, &["date", "reason", "kind"]);
            let date = self.date(t, &field, "date");
            let note = self.text(t, &field, "reason");
            let kind = match t.get("kind") {
                None => Some(OverrideDayOffKind::Extra),
                Some(Value::String(s)) if s == "extra" => Some(OverrideDayOffKind::Extra),
                Some(Value::String(s)) if s == "compensatory" => Some(OverrideDayOffKind::Compensatory),
                Some(_) => {
                    self.push(path(&field, "kind"), "phải là \"extra\" hoặc \"compensatory\"");
                    None
                }
            };
            if let (Some(date), Some(note), Some(kind)) = (date, note, kind) {
                days_off.push(OverrideDayOff { date, kind, note });
                off_fields.push(path(&field, "date"));
            }
        }
        for (field, t) in self.entries(table, "working_day") {
            self.only_keys(t, &field, &["date", "reason"]);
            let date = self.date(t, &field, "date");
            let note = self.text(t, &field, "reason");
            if let (Some(date), Some(note)) = (date, note) {
                working_days.push(OverrideWorkingDay { date, note });
                work_fields.push(path(&field, "date"));
            }
        }

        let ov =
            YearOverride { year: year?, source, tet, national_day_adjacent, auto_compensatory, days_off, working_days };
        self.check(&ov, &off_fields, &work_fields);
        Some(ov)
    }

    fn year(&mut self, table: &Table, file: &str) -> Option<i32> {
        let year = match self.required(table, "", "year")? {
            Value::Integer(y) => i32::try_from(*y).ok().filter(|y| CHECKED_YEARS.contains(y)),
            v => {
                self.wrong_type("year".into(), "số nguyên", v);
                return None;
            }
        };
        let Some(year) = year else {
            let (lo, hi) = (CHECKED_YEARS.start(), CHECKED_YEARS.end());
            self.push("year", format!("năm phải trong khoảng {lo}–{hi}"));
            return None;
        };
        let stem = file.rsplit(['/', '\\']).next().unwrap_or(file);
        let stem = stem.strip_suffix(".toml").unwrap_or(stem);
        if let Ok(named) = stem.parse::<i32>()
            && named != year
        {
            self.push("year", format!("năm {year} không khớp với tên tệp ({stem})"));
        }
        Some(year)
    }

    /// Checks that need the whole file: dates in the year, spans, repeats, clashes with holidays.
    fn check(&mut self, ov: &YearOverride, off_fields: &[String], work_fields: &[String]) {
        let year = ov.year;
        let mut in_year = |field: &str, d: NaiveDate| {
            if d.year() != year {
                self.push(field, format!("ngày {} không thuộc năm {year}", show(d)));
            }
        };
        if let Some((from, to)) = ov.tet {
            in_year("tet.from", from);
            in_year("tet.to", to);
        }
        if let Some(d) = ov.national_day_adjacent {
            in_year("national_day.adjacent", d);
        }
        for (d, f) in ov.days_off.iter().map(|d| d.date).zip(off_fields) {
            in_year(f, d);
        }
        for (d, f) in ov.working_days.iter().map(|w| w.date).zip(work_fields) {
            in_year(f, d);
        }

        if let Some((from, to)) = ov.tet {
            if from > to {
                self.push("tet.to", format!("ngày kết thúc {} trước ngày bắt đầu", show(to)));
            } else if (to - from).num_days() >= MAX_TET_DAYS {
                self.push("tet.to", format!("kỳ nghỉ Tết dài quá {MAX_TET_DAYS} ngày"));
            } else if let Some(tet) = lunar_new_year(year)
                && !(from..=to).contains(&tet)
            {
                let message = format!("kỳ nghỉ Tết phải chứa mùng 1 Tết ({})", show(tet));
                self.push("tet", message);
            }
        }
        if let Some(d) = ov.national_day_adjacent
            && !(d.month() == 9 && (d.day() == 1 || d.day() == 3))
        {
            self.push("national_day.adjacent", "ngày liền kề Quốc khánh phải là 01/09 hoặc 03/09");
        }

        let mut seen: BTreeMap<NaiveDate, &str> = BTreeMap::new();
        let listed = ov.days_off.iter().map(|d| d.date).zip(off_fields);
        let listed = listed.chain(ov.working_days.iter().map(|w| w.date).zip(work_fields));
        for (d, f) in listed {
            if let Some(first) = seen.insert(d, f) {
                self.push(f.as_str(), format!("ngày {} đã được khai báo ở {first}", show(d)));
            }
        }

        let holidays = statutory_days(year, ov.tet, ov.national_day_adjacent);
        for (d, f) in ov.days_off.iter().map(|d| d.date).zip(off_fields) {
            if let Some(h) = holidays.iter().find(|h| h.date == d) {
                let label = h.holiday.label();
                self.push(f.as_str(), format!("ngày {} đã là ngày nghỉ lễ {label}", show(d)));
            }
        }
        for (d, f) in ov.working_days.iter().map(|w| w.date).zip(work_fields) {
            if let Some(h) = holidays.iter().find(|h| h.date == d) {
                let label = h.holiday.label();
                let message = format!("ngày {} là ngày nghỉ lễ {label}, không thể là ngày làm việc", show(d));
                self.push(f.as_str(), message);
            }
        }
    }
}

fn show(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}
