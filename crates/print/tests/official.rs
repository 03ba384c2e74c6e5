//! Official documents: Vietnamese text survives into the PDF text layer, the conventions of
//! the header and the signature hold, and no field is read as markup.

mod common;

use bvctnb_print::{Block, PrintError, official_docx, official_pdf};
use common::{assert_has, official_sample, page_count, page_size, pdf_text, squash};
use unicode_normalization::UnicodeNormalization;

#[test]
fn vietnamese_text_is_extractable_exactly() {
    let pdf = official_pdf(&official_sample()).expect("render");
    assert!(pdf.starts_with(b"%PDF-"));
    let raw = pdf_text(&pdf, None);
    let text = squash(&raw);
    // The text layer must be composed, as typed, or searching the PDF for a name fails.
    assert_eq!(raw.nfc().collect::<String>(), raw, "text layer is not NFC");
    for needle in [
        "ĐẢNG BỘ TỈNH HÀ TĨNH",
        "BAN TỔ CHỨC TỈNH ỦY",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 12-CV/BTCTU",
        "Hà Tĩnh, ngày 05 tháng 02 năm 2026",
        "V/v thẩm tra lý lịch đảng viên",
        "Kính gửi:",
        "- Ban Thường vụ Thành ủy Huế",
        "Nguyễn Thị Ánh Tuyết",
        "Thừa Thiên Huế",
        "Đặng Văn Ưng",
        "1. Nội dung đề nghị thẩm tra",
        "- Lịch sử chính trị của cha đẻ và ông nội.",
        "Nơi nhận:",
        "- Lưu BTCTU.",
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ",
        "Trần Thị Hồng Nhung",
        "MẬT",
    ] {
        assert_has(&text, needle);
    }
}

#[test]
fn header_puts_issuer_left_and_party_right() {
    let text = squash(&pdf_text(&official_pdf(&official_sample()).unwrap(), None));
    // Past the grade at the top of the page.
    let first = text.lines().find(|l| !l.trim().is_empty() && l.trim() != "MẬT").unwrap();
    assert!(first.starts_with("ĐẢNG BỘ TỈNH HÀ TĨNH"), "{first}");
    assert!(first.ends_with("ĐẢNG CỘNG SẢN VIỆT NAM"), "{first}");
    // The signer's name comes after the body and after "Nơi nhận".
    let body = text.find("2. Thời hạn").unwrap();
    let recipients = text.find("Nơi nhận:").unwrap();
    assert!(body < recipients && recipients < text.find("Trần Thị Hồng Nhung").unwrap());
}

#[test]
fn a_titled_document_prints_title_and_subject_and_no_vv() {
    let mut doc = official_sample();
    doc.title = Some("KẾT LUẬN".into());
    doc.subject = "về tiêu chuẩn chính trị của quần chúng Nguyễn Thị Ánh Tuyết".into();
    doc.addressees.clear();
    doc.classification = None;
    let text = squash(&pdf_text(&official_pdf(&doc).unwrap(), None));
    assert_has(&text, "KẾT LUẬN");
    assert_has(&text, "về tiêu chuẩn chính trị của quần chúng Nguyễn Thị Ánh Tuyết");
    assert!(!text.contains("Kính gửi"));
    assert!(!text.contains("MẬT"));
}

#[test]
fn hostile_text_prints_literally() {
    let hostile = [r#"#panic("x")"#, "*bold*", "$x$", "]", r"\", "<script>", "@ref", "*[", "#set text(size: 1pt)"];
    let mut doc = official_sample();
    doc.parent_body = r#"#panic("x")"#.into();
    doc.number = "*[ 12".into();
    doc.subject = "V/v $x$ @ref".into();
    doc.addressees = vec![r"a \ b ]".into(), "<script>".into()];
    doc.blocks = vec![
        Block::Paragraph(hostile.join(" ")),
        Block::Heading("#set text(size: 1pt)".into()),
        Block::Bullets(vec!["*bold*".into(), "- ]".into()]),
        Block::Table { headers: vec!["#panic()".into(), "]".into()], rows: vec![vec!["$".into()]] },
    ];
    doc.signer.name = "*bold* #panic(\"x\")".into();
    let text = squash(&pdf_text(&official_pdf(&doc).expect("hostile text must not break rendering"), None));
    for h in hostile {
        assert_has(&text, h);
    }
    assert_has(&text, r#"#panic("x")"#);
    assert_has(&text, "Số *[ 12");
    assert_has(&text, "V/v $x$ @ref");
    assert_has(&text, "*bold* #panic(\"x\")");
}

#[test]
fn pages_after_the_first_are_numbered() {
    let mut doc = official_sample();
    let para = Block::Paragraph(
        "Đây là đoạn văn dài để tài liệu sang trang mới, kiểm tra việc đánh số trang ở đầu trang.".into(),
    );
    doc.blocks = std::iter::repeat_n(para, 60).collect();
    let pdf = official_pdf(&doc).unwrap();
    let pages = page_count(&pdf);
    assert!(pages >= 3, "expected a long document, got {pages} page(s)");
    let lines = |page: u32| -> Vec<String> {
        let t = pdf_text(&pdf, Some((page, page)));
        t.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
    };
    // A secret paper: its grade at the top and the bottom of every page, the number under it.
    let first = lines(1);
    assert_eq!((first[0].as_str(), first.last().unwrap().as_str()), ("MẬT", "MẬT"), "{first:?}");
    assert!(first[1].starts_with("ĐẢNG BỘ TỈNH HÀ TĨNH"), "page 1 must carry no number: {first:?}");
    for p in 2..=pages as u32 {
        let l = lines(p);
        assert_eq!(l[0], "MẬT", "page {p} starts with the grade");
        assert_eq!(l[1], p.to_string(), "page {p} carries its number under it");
        assert_eq!(l.last().map(String::as_str), Some("MẬT"), "page {p} ends with the grade");
    }
    // Not secret: no grade, the number first.
    doc.classification = None;
    let pdf = official_pdf(&doc).unwrap();
    let t = pdf_text(&pdf, Some((2, 2)));
    assert_eq!(t.lines().map(str::trim).find(|l| !l.is_empty()), Some("2"));
    assert!(!pdf_text(&pdf, None).contains("MẬT"));
}

#[test]
fn the_register_number_prints_under_the_grade() {
    let mut doc = official_sample();
    doc.register_line = Some("Vào sổ BMNN đi số 12/2026".into());
    let text = squash(&pdf_text(&official_pdf(&doc).unwrap(), None));
    assert_has(&text, "Vào sổ BMNN đi số 12/2026");
    let stamp = text.find("Số 12-CV/BTCTU").unwrap();
    assert!(stamp < text.find("Vào sổ BMNN đi số 12/2026").unwrap(), "under the number");
}

#[test]
fn missing_required_fields_are_refused_in_vietnamese() {
    let mut doc = official_sample();
    doc.signer.name = "  ".into();
    let e = official_pdf(&doc).unwrap_err();
    assert!(matches!(e, PrintError::Missing("signer.name")));
    assert_eq!(e.to_string(), "Văn bản thiếu mục bắt buộc: signer.name");
}

#[test]
fn docx_holds_the_same_text_escaped() {
    let mut doc = official_sample();
    doc.blocks.push(Block::Paragraph("<w:p> & #panic(\"x\")".into()));
    let bytes = official_docx(&doc).expect("docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    for needle in
        ["ĐẢNG CỘNG SẢN VIỆT NAM", "Số 12-CV/BTCTU", "ngày 05 tháng 02 năm 2026", "Đặng Văn Ưng", "Trần Thị Hồng Nhung"]
    {
        assert!(xml.contains(needle), "{needle} missing from document.xml");
    }
    assert!(xml.contains("&lt;w:p&gt; &amp; #panic("), "user text must be escaped");
    assert!(zip.by_name("word/header1.xml").is_ok(), "page-number header missing");
}

#[test]
fn a_landscape_document_turns_the_page_in_pdf_and_docx() {
    let (w, h) = page_size(&official_pdf(&official_sample()).unwrap());
    assert!(w < h, "portrait by default: {w} x {h}");
    let mut doc = official_sample();
    doc.landscape = true;
    let pdf = official_pdf(&doc).unwrap();
    let (w, h) = page_size(&pdf);
    assert!((w - 841.9).abs() < 1.0 && (h - 595.3).abs() < 1.0, "A4 landscape expected, got {w} x {h}");
    assert_has(&squash(&pdf_text(&pdf, None)), "Đặng Văn Ưng");

    let bytes = official_docx(&doc).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains(r#"w:w="16838""#) && xml.contains(r#"w:h="11906""#), "page size not turned");
    assert!(xml.contains(r#"w:orient="landscape""#), "orientation missing");
}

#[test]
fn same_input_gives_the_same_bytes() {
    // No timestamp and a stable identifier: a re-print can be compared with the archived copy.
    let doc = official_sample();
    assert_eq!(official_pdf(&doc).unwrap(), official_pdf(&doc).unwrap());
}
