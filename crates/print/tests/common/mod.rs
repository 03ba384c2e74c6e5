//! Shared by the tests and the `samples` example: sample documents and the text layer of a PDF.
#![allow(dead_code)]

use bvctnb_core::Declaration;
use bvctnb_print::{Block, OfficialDoc, Signer};
use chrono::NaiveDate;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const FULL_DECLARATION: &str = include_str!("../fixtures/full_declaration.json");

pub fn full_declaration() -> Declaration {
    Declaration::from_json(FULL_DECLARATION).unwrap_or_else(|e| panic!("fixture does not validate: {e:?}"))
}

/// A công văn as a provincial organisation board would send it.
pub fn official_sample() -> OfficialDoc {
    OfficialDoc {
        parent_body: "ĐẢNG BỘ TỈNH HÀ TĨNH".into(),
        issuing_body: "BAN TỔ CHỨC TỈNH ỦY".into(),
        number: "12-CV/BTCTU".into(),
        place: "Hà Tĩnh".into(),
        date: NaiveDate::from_ymd_opt(2026, 2, 5).unwrap(),
        title: None,
        subject: "V/v thẩm tra lý lịch đảng viên".into(),
        addressees: vec!["Ban Thường vụ Thành ủy Huế".into(), "Đảng ủy phường Thuận Hóa".into()],
        blocks: vec![
            Block::Paragraph(
                "Thực hiện Quy định số 58-QĐ/TW ngày 08/02/2022 của Bộ Chính trị về một số vấn đề bảo vệ \
                 chính trị nội bộ Đảng, Ban Tổ chức Tỉnh ủy đề nghị các đồng chí thẩm tra, xác minh lý lịch \
                 của quần chúng Nguyễn Thị Ánh Tuyết, quê quán Thừa Thiên Huế, có chồng là Đặng Văn Ưng."
                    .into(),
            ),
            Block::Heading("1. Nội dung đề nghị thẩm tra".into()),
            Block::Bullets(vec![
                "Quá trình công tác từ tháng 09/2003 đến nay.".into(),
                "Lịch sử chính trị của cha đẻ và ông nội.".into(),
            ]),
            Block::Table {
                headers: vec!["TT".into(), "Họ và tên".into(), "Quan hệ".into(), "Nơi cư trú".into()],
                rows: vec![
                    vec!["1".into(), "Đặng Văn Ưng".into(), "Chồng".into(), "Thừa Thiên Huế".into()],
                    vec!["2".into(), "Nguyễn Văn Thắng".into(), "Cha đẻ".into(), "Phong Hiền".into()],
                ],
            },
            Block::Heading("2. Thời hạn".into()),
            Block::Paragraph("Đề nghị gửi kết quả về Ban Tổ chức Tỉnh ủy trước ngày 15/3/2026.".into()),
        ],
        recipients: vec!["Như trên,".into(), "Lưu BTCTU.".into()],
        signer: Signer {
            on_behalf: "T/M BAN THƯỜNG VỤ".into(),
            position: "PHÓ BÍ THƯ".into(),
            name: "Trần Thị Hồng Nhung".into(),
        },
        classification: Some("MẬT".into()),
        register_line: None,
        landscape: false,
    }
}

/// The text layer of `pdf` as `pdftotext -layout` extracts it (pages `first..=last` when
/// given). Fails, never skips, when poppler-utils is missing: a skipped check would hide a
/// broken text layer.
pub fn pdf_text(pdf: &[u8], pages: Option<(u32, u32)>) -> String {
    let mut args = vec!["-layout".to_string()];
    if let Some((first, last)) = pages {
        args.extend(["-f".into(), first.to_string(), "-l".into(), last.to_string()]);
    }
    poppler("pdftotext", &args, pdf, &["-"])
}

/// The first page's width and height in points, as `pdfinfo` reports them.
pub fn page_size(pdf: &[u8]) -> (f64, f64) {
    let info = poppler("pdfinfo", &[], pdf, &[]);
    let line = info.lines().find_map(|l| l.strip_prefix("Page size:")).expect("pdfinfo prints the page size");
    let mut numbers = line.split_whitespace().filter_map(|w| w.parse::<f64>().ok());
    (numbers.next().expect("width"), numbers.next().expect("height"))
}

/// Runs a poppler-utils tool on `pdf` written to a temporary file. Fails, never skips, when
/// the tool is missing.
fn poppler(tool: &str, before: &[String], pdf: &[u8], after: &[&str]) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "bvctnb-print-test-{}-{}.pdf",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, pdf).expect("write temporary PDF");
    let out = Command::new(tool).args(before).arg(&path).args(after).output();
    let _ = std::fs::remove_file(&path);
    let out = out
        .unwrap_or_else(|e| panic!("cannot run {tool} ({e}); install poppler-utils (apt-get install poppler-utils)"));
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap_or_else(|_| panic!("{tool} prints UTF-8"))
}

/// Justified lines come out of `-layout` with runs of spaces; words and line breaks stay.
pub fn squash(text: &str) -> String {
    text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n")
}

#[track_caller]
pub fn assert_has(text: &str, needle: &str) {
    assert!(text.contains(needle), "{needle:?} missing from the PDF text:\n{text}");
}

/// The page count, by splitting the text layer on form feeds (pdftotext ends every page with one).
pub fn page_count(pdf: &[u8]) -> usize {
    pdf_text(pdf, None).matches('\u{c}').count()
}

/// All whitespace, line breaks included, as single spaces: for prose that wraps. Table cells
/// that wrap interleave with their neighbours and need `squash` and short needles instead.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
