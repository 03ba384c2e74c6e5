//! A secret register book printed as the paper book is kept: a cover (parent body, body, the
//! book's title, year and number, first and last dates and serials), then the lines in a table
//! under the columns of the form in force, landscape. The highest level the printout holds is
//! stamped at the top and the bottom of every page.

use crate::PrintError;
use crate::text::nfc;
use serde_json::json;

const TEMPLATE: &str = include_str!("../templates/register.typ");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterBook {
    pub parent_body: String,
    pub body: String,
    pub title: String,
    pub year: i32,
    pub book_number: i64,
    pub first_date: String,
    pub last_date: String,
    pub first_serial: String,
    pub last_serial: String,
    /// "Khoá sổ ngày …", empty while the book is open.
    pub closed: String,
    /// Headings and relative widths.
    pub columns: Vec<(String, u16)>,
    pub rows: Vec<RegisterRow>,
    /// The highest level of the lines printed ("TỐI MẬT"); empty when none is classified.
    pub banner: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    pub cells: Vec<String>,
    pub cancelled: bool,
}

/// Renders the book to PDF.
pub fn register_pdf(b: &RegisterBook) -> Result<Vec<u8>, PrintError> {
    if b.columns.is_empty() {
        return Err(PrintError::Missing("columns"));
    }
    let n = b.columns.len();
    let rows: Vec<serde_json::Value> = b
        .rows
        .iter()
        .map(|r| {
            let mut cells: Vec<String> = r.cells.iter().map(|c| nfc(c)).collect();
            cells.resize(n, String::new());
            json!({ "cells": cells, "cancelled": r.cancelled })
        })
        .collect();
    let view = json!({
        "parent_body": nfc(&b.parent_body),
        "body": nfc(&b.body),
        "title": nfc(&b.title),
        "year": b.year.to_string(),
        "book_number": b.book_number.to_string(),
        "first_date": nfc(&b.first_date),
        "last_date": nfc(&b.last_date),
        "first_serial": nfc(&b.first_serial),
        "last_serial": nfc(&b.last_serial),
        "closed": nfc(&b.closed),
        "headings": b.columns.iter().map(|c| nfc(&c.0)).collect::<Vec<_>>(),
        "widths": b.columns.iter().map(|c| c.1.max(1)).collect::<Vec<_>>(),
        "rows": rows,
        "banner": nfc(&b.banner),
    });
    crate::world::render_pdf(TEMPLATE, &view, &format!("{} năm {}", b.title, b.year))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_renders_with_its_cover_and_lines() {
        let b = RegisterBook {
            parent_body: "ĐẢNG BỘ TỈNH HÀ TĨNH".into(),
            body: "BAN TỔ CHỨC TỈNH ỦY".into(),
            title: "SỔ ĐĂNG KÝ VĂN BẢN, TÀI LIỆU BÍ MẬT NHÀ NƯỚC ĐI".into(),
            year: 2026,
            book_number: 1,
            first_date: "02/03/2026".into(),
            last_date: "01/12/2026".into(),
            first_serial: "01".into(),
            last_serial: "02".into(),
            closed: String::new(),
            columns: vec![("Số thứ tự".into(), 1), ("Trích yếu".into(), 5), ("#panic()".into(), 2)],
            rows: vec![
                RegisterRow { cells: vec!["01".into(), "Về thẩm tra".into(), "x".into()], cancelled: false },
                RegisterRow { cells: vec!["02".into()], cancelled: true },
            ],
            banner: "TỐI MẬT".into(),
        };
        let pdf = register_pdf(&b).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }
}
