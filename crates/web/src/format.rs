//! Vietnamese presentation: dates as dd/mm/yyyy, times in UTC+7, numbers with dot separators.

use chrono::{DateTime, FixedOffset, Utc};

pub fn now_rfc3339() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn vn() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7")
}

/// `2026-11-22T03:04:05Z` → `22/11/2026 10:04`; anything unparsable is shown as given.
/// A date as the UI writes it: dd/mm/yyyy.
pub fn dmy_date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub fn datetime(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.with_timezone(&vn()).format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
}

/// When a step happened: the time it was recorded, or only the day the step is dated when it
/// was recorded on a later day (entered after the fact, or the demo's walk through past days):
/// the clock time of the recording would say something false about the step.
pub fn step_time(on_date: &str, at: &str) -> String {
    let recorded = datetime(at);
    let day = chrono::NaiveDate::parse_from_str(on_date, "%Y-%m-%d").map(|d| d.format("%d/%m/%Y").to_string());
    match day {
        Ok(d) if !recorded.starts_with(&d) => d,
        _ => recorded,
    }
}

pub fn datetime_secs(unix: i64) -> String {
    DateTime::from_timestamp(unix, 0)
        .map_or_else(String::new, |t| t.with_timezone(&vn()).format("%d/%m/%Y %H:%M").to_string())
}

/// `1234567` → `1.234.567`.
pub fn thousands(n: i64) -> String {
    let s = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// `dd/mm/yyyy` → `yyyy-mm-dd` (for filters typed by people); also accepts ISO as is.
pub fn parse_date_vn(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim();
    chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y").or_else(|_| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")).ok()
}

/// A date typed as dd/mm/yyyy (or yyyy-mm-dd), or what is wrong with it in words the user can
/// act on: a day that does not exist is not a wrong format.
pub fn read_date_vn(s: &str) -> Result<chrono::NaiveDate, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("chưa ghi ngày".into());
    }
    if let Some(d) = parse_date_vn(s) {
        return Ok(d);
    }
    let parts: Vec<&str> = s.split('/').collect();
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    match (parts.len(), nums.as_deref()) {
        (3, Some(&[d, m, y])) if parts[2].len() == 4 => {
            if !(1..=12).contains(&m) {
                Err(format!("không có tháng {m}: tháng ghi từ 01 đến 12"))
            } else {
                let days = crate::format::days_in_month(y as i32, m);
                Err(format!("không có ngày {d:02}/{m:02}/{y}: tháng {m} năm {y} có {days} ngày"))
            }
        }
        _ => Err(format!("«{s}» không phải là ngày: ghi ngày dạng dd/mm/yyyy, ví dụ 05/09/2026")),
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    chrono::NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|d| d.pred_opt()).map_or(31, |d| chrono::Datelike::day(&d))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_wrong_date_says_what_is_wrong() {
        use super::read_date_vn;
        assert_eq!(read_date_vn("31/02/2025").unwrap_err(), "không có ngày 31/02/2025: tháng 2 năm 2025 có 28 ngày");
        assert_eq!(read_date_vn("29/02/2024").unwrap().to_string(), "2024-02-29");
        assert_eq!(read_date_vn("01/13/2025").unwrap_err(), "không có tháng 13: tháng ghi từ 01 đến 12");
        assert_eq!(
            read_date_vn("hôm qua").unwrap_err(),
            "«hôm qua» không phải là ngày: ghi ngày dạng dd/mm/yyyy, ví dụ 05/09/2026"
        );
        assert_eq!(read_date_vn(" ").unwrap_err(), "chưa ghi ngày");
    }

    #[test]
    fn vietnamese_formats() {
        assert_eq!(super::datetime("2026-11-22T03:04:05Z"), "22/11/2026 10:04");
        assert_eq!(super::step_time("2026-11-22", "2026-11-22T03:04:05Z"), "22/11/2026 10:04");
        assert_eq!(super::step_time("2026-05-04", "2026-11-22T03:04:05Z"), "04/05/2026");
        assert_eq!(super::thousands(1234567), "1.234.567");
        assert_eq!(super::thousands(12), "12");
        assert_eq!(super::parse_date_vn("02/09/1945").unwrap().to_string(), "1945-09-02");
    }
}
