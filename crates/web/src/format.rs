//! Vietnamese presentation: dates as dd/mm/yyyy, times in UTC+7, numbers with dot separators.

use chrono::{DateTime, FixedOffset, Utc};

pub fn now_rfc3339() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn vn() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7")
}

/// `2026-11-22T03:04:05Z` → `22/11/2026 10:04`; anything unparsable is shown as given.
pub fn datetime(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.with_timezone(&vn()).format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
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

#[cfg(test)]
mod tests {
    #[test]
    fn vietnamese_formats() {
        assert_eq!(super::datetime("2026-11-22T03:04:05Z"), "22/11/2026 10:04");
        assert_eq!(super::thousands(1234567), "1.234.567");
        assert_eq!(super::thousands(12), "12");
        assert_eq!(super::parse_date_vn("02/09/1945").unwrap().to_string(), "1945-09-02");
    }
}
