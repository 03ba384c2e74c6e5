//! The copy marks: one sheet per copy, each with its number, the level at the top and the
//! bottom, the register line of its making; "GIẢI MẬT" stands beside the level once declassified.

mod common;

use bvctnb_print::{CopyBatch, CopyMarks, PrintError, copy_marks_pdf};
use common::{assert_has, page_count, pdf_text, squash};

fn sample() -> CopyMarks {
    CopyMarks {
        parent_body: "ĐẢNG BỘ TỈNH HÀ TĨNH".into(),
        body: "BAN TỔ CHỨC TỈNH ỦY".into(),
        form: "SAO Y".into(),
        item: "Công văn số 12-CV/BTCTU, ngày 02/03/2026 của Ban Tổ chức Tỉnh ủy".into(),
        banner: "TỐI MẬT".into(),
        period: "Thời hạn bảo vệ: 20 năm, đến ngày 02/03/2046".into(),
        envelope: "Đóng bì: dấu chữ «B»".into(),
        approved_by: "Trần Thị Hồng Nhung, Trưởng ban".into(),
        of_total: "(được phép sao 3 bản)".into(),
        batches: vec![
            CopyBatch {
                register_line: "Vào sổ quản lý sao, chụp số 04/2026, ngày 01/12/2026".into(),
                recipient: "Văn phòng Tỉnh ủy".into(),
                made_by: "Lê Văn Đức".into(),
                place_date: "Hà Tĩnh, ngày 01 tháng 12 năm 2026".into(),
                numbers: vec![1, 2],
            },
            CopyBatch {
                register_line: "Vào sổ quản lý sao, chụp số 05/2026, ngày 02/12/2026".into(),
                recipient: String::new(),
                made_by: "Lê Văn Đức".into(),
                place_date: "Hà Tĩnh, ngày 02 tháng 12 năm 2026".into(),
                numbers: vec![3],
            },
        ],
    }
}

#[test]
fn one_sheet_per_copy_with_its_number_level_and_register_line() {
    let pdf = copy_marks_pdf(&sample()).expect("render");
    assert_eq!(page_count(&pdf), 3);
    for (page, n, line) in [(1, 1, "số 04/2026"), (2, 2, "số 04/2026"), (3, 3, "số 05/2026")] {
        let text = squash(&pdf_text(&pdf, Some((page, page))));
        assert_has(&text, &format!("Bản sao số: {n}"));
        assert_has(&text, "SAO Y");
        assert_has(&text, "Công văn số 12-CV/BTCTU");
        assert_has(&text, "đến ngày 02/03/2046");
        assert_has(&text, "Trần Thị Hồng Nhung, Trưởng ban");
        assert_has(&text, line);
        assert_has(&text, "NGƯỜI SAO, CHỤP");
        // The grade at the top and at the bottom of every sheet.
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.first(), Some(&"TỐI MẬT"), "page {page}: {text}");
        assert_eq!(lines.last(), Some(&"TỐI MẬT"), "page {page}: {text}");
    }
    let first = squash(&pdf_text(&pdf, Some((1, 1))));
    assert_has(&first, "Nơi nhận: Văn phòng Tỉnh ủy");
    assert!(!squash(&pdf_text(&pdf, Some((3, 3)))).contains("Nơi nhận"));
}

#[test]
fn declassified_copies_say_so_beside_the_level() {
    let mut m = sample();
    m.banner = "TỐI MẬT — GIẢI MẬT".into();
    m.period = "Đã giải mật từ ngày 01/12/2026 (Quyết định số 5-QĐ/TU)".into();
    let text = squash(&pdf_text(&copy_marks_pdf(&m).unwrap(), Some((1, 1))));
    assert_has(&text, "TỐI MẬT — GIẢI MẬT");
    assert_has(&text, "Đã giải mật từ ngày 01/12/2026");
}

#[test]
fn user_text_is_not_markup_and_no_copy_is_refused() {
    let mut m = sample();
    m.item = "#panic(\"x\") *đậm* $x$".into();
    let text = squash(&pdf_text(&copy_marks_pdf(&m).unwrap(), Some((1, 1))));
    assert_has(&text, "#panic(\"x\") *đậm* $x$");
    m.batches.iter_mut().for_each(|b| b.numbers.clear());
    assert!(matches!(copy_marks_pdf(&m), Err(PrintError::Missing(_))));
}
