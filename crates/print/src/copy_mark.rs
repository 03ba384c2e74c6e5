//! The copy marks (dấu sao, chụp) of one making of copies: a sheet for each copy, carrying
//! "Bản sao số …", the form of the copy, the item copied, its protection period (or that it is
//! declassified), who allowed the copies, the copy register line, the recipient and who made
//! it. The level (with "GIẢI MẬT" when declassified) stands at the top and bottom of each sheet.

use crate::PrintError;
use crate::text::nfc;
use serde_json::json;

const TEMPLATE: &str = include_str!("../templates/copy_mark.typ");

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CopyMarks {
    pub parent_body: String,
    pub body: String,
    /// "SAO Y", "SAO LỤC", "TRÍCH SAO", "CHỤP".
    pub form: String,
    /// The item copied: "Công văn số 12/CV-BTC, ngày 02/03/2026 của …".
    pub item: String,
    /// The level mark, and " — GIẢI MẬT" after it when declassified.
    pub banner: String,
    /// "Thời hạn bảo vệ: đến ngày …" or "Đã giải mật ngày …".
    pub period: String,
    /// "Đóng bì dấu chữ B".
    pub envelope: String,
    pub approved_by: String,
    /// "(trong số 5 bản được phép sao)".
    pub of_total: String,
    /// Each making of copies on the approval, in order.
    pub batches: Vec<CopyBatch>,
}

/// One making of copies: its line in the copy register and the copies' numbers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CopyBatch {
    /// "Vào sổ quản lý sao, chụp số 03/2026 ngày …".
    pub register_line: String,
    pub recipient: String,
    pub made_by: String,
    /// "Hà Tĩnh, ngày 04 tháng 12 năm 2026".
    pub place_date: String,
    /// One sheet each.
    pub numbers: Vec<i64>,
}

/// Renders one sheet per copy number.
pub fn copy_marks_pdf(m: &CopyMarks) -> Result<Vec<u8>, PrintError> {
    if m.batches.iter().all(|b| b.numbers.is_empty()) {
        return Err(PrintError::Missing("numbers"));
    }
    let batches: Vec<serde_json::Value> = m
        .batches
        .iter()
        .map(|b| {
            json!({
                "register_line": nfc(&b.register_line),
                "recipient": nfc(&b.recipient),
                "made_by": nfc(&b.made_by),
                "place_date": nfc(&b.place_date),
                "numbers": b.numbers.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let view = json!({
        "parent_body": nfc(&m.parent_body),
        "body": nfc(&m.body),
        "form": nfc(&m.form),
        "item": nfc(&m.item),
        "banner": nfc(&m.banner),
        "period": nfc(&m.period),
        "envelope": nfc(&m.envelope),
        "approved_by": nfc(&m.approved_by),
        "of_total": nfc(&m.of_total),
        "batches": batches,
    });
    crate::world::render_pdf(TEMPLATE, &view, &format!("Dấu sao, chụp — {}", m.item))
}
