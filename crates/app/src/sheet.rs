//! A list as an Excel sheet the way an officer goes on working with it: the lines saying whose
//! scope and which filter above, a frozen header row with a filter on every column, and each
//! cell typed from what the page shows — dd/mm/yyyy as a date, a whole number as a number, the
//! rest as text — so the sheet sorts, filters and counts like one typed by hand.

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// One sheet: `columns` are `(header, width)`; every row has one cell per column.
pub struct Sheet<'a> {
    /// The sheet tab's name (at most 31 characters, no `[]:*?/\`).
    pub name: &'a str,
    /// The bold first line.
    pub title: String,
    /// Lines under the title: scope, filter, order.
    pub heading: Vec<String>,
    pub columns: Vec<(&'a str, f64)>,
    pub rows: Vec<Vec<String>>,
    /// Written under the table when the list was cut at its length.
    pub cut: Option<&'a str>,
    /// The highest secret level the sheet holds ("TỐI MẬT"): written above the title and under
    /// the table, and printed at the top and bottom of every page.
    pub banner: Option<String>,
}

/// What a shown cell is, read back from its text.
#[derive(Debug, PartialEq)]
enum Cell {
    Date(u16, u8, u8),
    Number(f64),
    Text,
}

fn typed(s: &str) -> Cell {
    let b = s.as_bytes();
    if b.len() == 10 && b[2] == b'/' && b[5] == b'/' {
        let num = |r: std::ops::Range<usize>| s.get(r).filter(|p| p.bytes().all(|c| c.is_ascii_digit()))?.parse().ok();
        if let (Some(d), Some(m), Some(y)) = (num(0..2), num(3..5), num(6..10))
            && chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some()
            && y >= 1900
        {
            return Cell::Date(y as u16, m as u8, d as u8);
        }
    }
    // A leading zero is a code (a phone, a register number), not a quantity.
    let number = !b.is_empty() && b.len() <= 15 && b.iter().all(u8::is_ascii_digit) && (b[0] != b'0' || b.len() == 1);
    if number { s.parse().map(Cell::Number).unwrap_or(Cell::Text) } else { Cell::Text }
}

/// The workbook with the one sheet.
pub fn sheet_xlsx(s: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(s.name)?;
    let bold = Format::new().set_bold();
    let head = Format::new().set_bold().set_border(FormatBorder::Thin).set_align(FormatAlign::Center).set_text_wrap();
    let text = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::Top);
    let number = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
    let date = number.clone().set_num_format("dd/mm/yyyy");
    let first = match &s.banner {
        Some(b) => {
            ws.write_string_with_format(0, 0, b, &bold)?;
            let stamp = format!("&C&\"-,Bold\"{}", b.replace('&', "&&"));
            ws.set_header(&stamp);
            ws.set_footer(&stamp);
            1
        }
        None => 0,
    };
    ws.write_string_with_format(first, 0, &s.title, &bold)?;
    for (i, line) in s.heading.iter().enumerate() {
        ws.write_string(first + 1 + i as u32, 0, line)?;
    }
    let top = first + 2 + s.heading.len() as u32;
    for (c, (name, width)) in s.columns.iter().enumerate() {
        ws.write_string_with_format(top, c as u16, *name, &head)?;
        ws.set_column_width(c as u16, *width)?;
    }
    for (i, cells) in s.rows.iter().enumerate() {
        let r = top + 1 + i as u32;
        for (c, v) in cells.iter().enumerate() {
            let c = c as u16;
            match typed(v) {
                Cell::Date(y, m, d) => {
                    ws.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(y, m, d)?, &date)?;
                }
                Cell::Number(n) => {
                    ws.write_number_with_format(r, c, n, &number)?;
                }
                Cell::Text => {
                    ws.write_string_with_format(r, c, v, &text)?;
                }
            }
        }
    }
    let last = top + s.rows.len() as u32;
    ws.set_freeze_panes(top + 1, 0)?;
    if !s.columns.is_empty() {
        ws.autofilter(top, 0, last, s.columns.len() as u16 - 1)?;
    }
    if let Some(note) = s.cut {
        ws.write_string(last + 2, 0, note)?;
    }
    if let Some(b) = &s.banner {
        ws.write_string_with_format(last + 3, 0, b, &bold)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_typed_from_their_text() {
        assert_eq!(typed("03/12/2026"), Cell::Date(2026, 12, 3));
        assert_eq!(typed("1985"), Cell::Number(1985.0));
        assert_eq!(typed("0"), Cell::Number(0.0));
        // Not a date: no such day, or not the shown form.
        assert_eq!(typed("31/02/2026"), Cell::Text);
        assert_eq!(typed("2026-12-03"), Cell::Text);
        assert_eq!(typed("03/12/2026 (dự kiến)"), Cell::Text);
        // Codes stay text.
        assert_eq!(typed("0912345678"), Cell::Text);
        assert_eq!(typed("12/CV-BTC"), Cell::Text);
        assert_eq!(typed("#12"), Cell::Text);
        assert_eq!(typed(""), Cell::Text);
        assert_eq!(typed("１２"), Cell::Text);
    }

    #[test]
    fn the_sheet_has_typed_cells_a_frozen_header_and_a_filter() {
        let s = Sheet {
            name: "Hồ sơ",
            title: "DANH SÁCH".into(),
            heading: vec!["Phạm vi: Tỉnh".into(), "Bộ lọc: tất cả".into()],
            columns: vec![("Số", 8.0), ("Họ và tên", 24.0), ("Mở ngày", 12.0)],
            rows: vec![vec!["12".into(), "Nguyễn Văn An".into(), "03/12/2026".into()]],
            cut: Some("Danh sách bị cắt bớt."),
            banner: None,
        };
        let bytes = sheet_xlsx(&s).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
        // The header is row 5: the title, the two heading lines and a blank row above it.
        assert!(xml.contains(r#"<autoFilter ref="A5:C6"/>"#), "{xml}");
        assert!(xml.contains(r#"ySplit="5""#), "frozen under the header: {xml}");
        let serial = (chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
            - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap())
        .num_days();
        assert!(xml.contains(&format!("<v>{serial}</v>")), "the date is a date: {xml}");
        assert!(xml.contains("<v>12</v>"), "the number is a number: {xml}");
        let mut strings = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/sharedStrings.xml").unwrap(), &mut strings).unwrap();
        assert!(strings.contains("Nguyễn Văn An") && strings.contains("Danh sách bị cắt bớt."), "{strings}");
        assert!(!strings.contains("03/12/2026"), "not the date as text: {strings}");
    }
}
