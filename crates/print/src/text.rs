//! Small Vietnamese formatting rules shared by the documents.

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

/// Decomposed input (base letter + combining marks) would be drawn with the font's generic mark
/// positioning and extracted from the PDF as separate code points; NFC gives the precomposed
/// glyphs the font was designed with and text that searches and copies as typed.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// "Hà Tĩnh, ngày 05 tháng 02 năm 2026". Days below 10 and months below 3 take a leading zero
/// (the rule of Hướng dẫn 36-HD/VPTW and Nghị định 30/2020), so "tháng 02" but "tháng 3":
/// the zero stops a "1" or "2" being extended into "11" or "12" by hand.
pub fn date_line(place: &str, date: NaiveDate) -> String {
    let place = place.trim();
    let body = vn_date(date);
    if place.is_empty() { body } else { format!("{place}, {body}") }
}

/// "ngày 05 tháng 02 năm 2026", as in [`date_line`].
pub fn vn_date(date: NaiveDate) -> String {
    let (d, m) = (date.day(), date.month());
    let month = if m < 3 { format!("{m:02}") } else { m.to_string() };
    format!("ngày {d:02} tháng {month} năm {}", date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn leading_zeros_follow_the_convention() {
        assert_eq!(date_line("Hà Tĩnh", d(2026, 2, 5)), "Hà Tĩnh, ngày 05 tháng 02 năm 2026");
        assert_eq!(vn_date(d(2026, 11, 22)), "ngày 22 tháng 11 năm 2026");
        assert_eq!(vn_date(d(2026, 3, 7)), "ngày 07 tháng 3 năm 2026");
        assert_eq!(vn_date(d(2026, 1, 10)), "ngày 10 tháng 01 năm 2026");
    }

    #[test]
    fn nfc_composes() {
        assert_eq!(nfc("Nguye\u{302}\u{303}n"), "Nguyễn");
    }
}
