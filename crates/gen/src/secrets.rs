//! Synthetic secret register lines for benchmarks: for one organisation and year, the lines of
//! its outgoing or incoming book numbered from 1, each with the item it registers. Levels are
//! weighted as a board's books run (mostly Mật, some Tối mật, a few Tuyệt mật, whose summary is
//! never written); everything is drawn from the seed, the organisation and the line number.

use crate::rng::{key, mix64, stream};
use bvctnb_core::secret::{ItemOrigin, SecretLevel};
use chrono::{Days, NaiveDate};
use rand::RngExt;

const DOMAIN_SECRETS: u64 = 0x7365_6372;

const TYPES: [&str; 6] = ["Công văn", "Kết luận", "Báo cáo", "Thông báo", "Kế hoạch", "Danh sách"];
const TOPICS: [&str; 6] = [
    "về thẩm tra, xác minh lý lịch",
    "về tiêu chuẩn chính trị",
    "về kết quả thẩm định",
    "về nhân sự đại hội",
    "về bảo vệ chính trị nội bộ",
    "về đi nước ngoài",
];

/// One line of a book and the item it registers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretLine {
    pub org: i64,
    pub origin: ItemOrigin,
    pub year: i32,
    pub serial: i64,
    pub number_symbol: String,
    pub doc_date: NaiveDate,
    pub entered_on: NaiveDate,
    pub issuer: String,
    pub doc_type: &'static str,
    pub summary: Option<String>,
    pub level: SecretLevel,
    pub period_years: u32,
    pub counterpart: String,
    pub copies: u32,
}

/// Line `serial` (from 1) of `org`'s book of `origin` for `year`, of `n` lines in all (so
/// the dates run through the year in serial order).
pub fn secret_line(seed: u64, org: i64, origin: ItemOrigin, year: i32, serial: i64, n: i64) -> SecretLine {
    let k = key(seed, DOMAIN_SECRETS ^ mix64(org as u64) ^ (origin as u64));
    let mut r = stream(&k, serial as u64);
    let level = match r.random_range(0..100) {
        0..3 => SecretLevel::TuyetMat,
        3..25 => SecretLevel::ToiMat,
        _ => SecretLevel::Mat,
    };
    let start = NaiveDate::from_ymd_opt(year, 1, 2).unwrap_or(NaiveDate::MIN);
    let day = ((serial - 1) * 360 / n.max(1)).clamp(0, 360) as u64;
    let entered_on = start + Days::new(day);
    let doc_date = entered_on - Days::new(r.random_range(0..3u64).min(day));
    let doc_type = TYPES[r.random_range(0..TYPES.len())];
    let topic = TOPICS[r.random_range(0..TOPICS.len())];
    let summary = (level != SecretLevel::TuyetMat).then(|| format!("{topic} (số {serial})"));
    let period_years = match level {
        SecretLevel::TuyetMat => 30,
        SecretLevel::ToiMat => 20,
        SecretLevel::Mat => 10,
    };
    SecretLine {
        org,
        origin,
        year,
        serial,
        number_symbol: format!("{serial}-CV/BTC"),
        doc_date,
        entered_on,
        issuer: if origin == ItemOrigin::Issued {
            "Ban Tổ chức".into()
        } else {
            "Ban Tổ chức cấp trên".into()
        },
        doc_type,
        summary,
        level,
        period_years,
        counterpart: format!("Đảng ủy cơ sở số {}", r.random_range(1..200)),
        copies: r.random_range(1..6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_reproducible_and_keep_the_tuyet_mat_rule() {
        let a = secret_line(1, 35, ItemOrigin::Issued, 2026, 7, 1000);
        assert_eq!(a, secret_line(1, 35, ItemOrigin::Issued, 2026, 7, 1000));
        let lines: Vec<_> = (1..=2000).map(|s| secret_line(1, 35, ItemOrigin::Issued, 2026, s, 2000)).collect();
        assert!(lines.iter().any(|l| l.level == SecretLevel::TuyetMat));
        assert!(lines.iter().filter(|l| l.level == SecretLevel::TuyetMat).all(|l| l.summary.is_none()));
        assert!(lines.windows(2).all(|w| w[0].entered_on <= w[1].entered_on), "dates run with the serials");
        assert!(lines.iter().all(|l| l.doc_date <= l.entered_on && chrono::Datelike::year(&l.entered_on) == 2026));
    }
}
