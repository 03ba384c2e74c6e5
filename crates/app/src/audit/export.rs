//! The audit entries an inspector filtered, as an Excel workbook: times as dates in Vietnam's
//! time, numbers as numbers, the action by its Vietnamese name (its code beside it), a frozen
//! header and a filter on every column.

use super::{AuditEntry, Outcome, action_label};
use chrono::{DateTime, FixedOffset};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};

/// The workbook of `entries`, under the lines saying whose scope and which filter it is.
/// `cut` says the list was cut at its length, so the sheet says so instead of looking whole.
pub fn audit_xlsx(entries: &[AuditEntry], heading: &[String], cut: bool) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Nhật ký")?;
    let bold = Format::new().set_bold();
    let head = Format::new().set_bold().set_border(FormatBorder::Thin).set_text_wrap();
    let when = Format::new().set_num_format("dd/mm/yyyy hh:mm:ss");
    ws.write_string_with_format(0, 0, "NHẬT KÝ TRUY CẬP", &bold)?;
    for (i, line) in heading.iter().enumerate() {
        ws.write_string(1 + i as u32, 0, line)?;
    }
    let top = 2 + heading.len() as u32;
    let columns = [
        ("Số", 9.0),
        ("Lúc (giờ Việt Nam)", 20.0),
        ("Người dùng", 16.0),
        ("Việc", 34.0),
        ("Mã việc", 22.0),
        ("Đối tượng", 18.0),
        ("Mã hồ sơ", 10.0),
        ("Từ địa chỉ", 16.0),
        ("Kết quả", 16.0),
        ("Chi tiết", 60.0),
    ];
    for (c, (name, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(top, c as u16, *name, &head)?;
        ws.set_column_width(c as u16, *width)?;
    }
    let vn = FixedOffset::east_opt(7 * 3600).expect("UTC+7");
    for (i, e) in entries.iter().enumerate() {
        let r = top + 1 + i as u32;
        let ev = &e.event;
        ws.write_number(r, 0, e.seq as f64)?;
        match DateTime::parse_from_rfc3339(&ev.at) {
            Ok(t) => {
                use chrono::{Datelike, Timelike};
                let l = t.with_timezone(&vn).naive_local();
                let d = ExcelDateTime::from_ymd(l.year() as u16, l.month() as u8, l.day() as u8)?.and_hms(
                    l.hour() as u16,
                    l.minute() as u8,
                    l.second(),
                )?;
                ws.write_datetime_with_format(r, 1, &d, &when)?;
            }
            Err(_) => {
                ws.write_string(r, 1, &ev.at)?;
            }
        }
        ws.write_string(r, 2, &ev.actor)?;
        ws.write_string(r, 3, action_label(&ev.action))?;
        ws.write_string(r, 4, &ev.action)?;
        ws.write_string(r, 5, format!("{} {}", ev.target_kind, ev.target_id))?;
        if let Some(p) = ev.person_id {
            ws.write_number(r, 6, p.0 as f64)?;
        }
        ws.write_string(r, 7, &ev.ip)?;
        ws.write_string(r, 8, outcome_label(ev.outcome))?;
        ws.write_string(r, 9, &ev.detail)?;
    }
    let last = top + entries.len() as u32;
    ws.set_freeze_panes(top + 1, 0)?;
    ws.autofilter(top, 0, last, columns.len() as u16 - 1)?;
    if cut {
        ws.write_string(last + 2, 0, "Danh sách bị cắt bớt: thu hẹp bộ lọc (người, việc, ngày) để có đủ các mục.")?;
    }
    wb.save_to_buffer()
}

pub fn outcome_label(o: Outcome) -> &'static str {
    match o {
        Outcome::Ok => "Thành công",
        Outcome::Denied => "Bị từ chối",
        Outcome::Failed => "Không thành công",
    }
}
