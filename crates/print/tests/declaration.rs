//! The printable Mẫu 2-KNĐ: every section of a full declaration reaches the PDF text layer.

mod common;

use bvctnb_print::{FormHeader, declaration_pdf};
use common::{assert_has, flat, full_declaration, page_count, pdf_text, squash};

fn header() -> FormHeader {
    FormHeader {
        history_number: "HT-2026/0042".into(),
        org_line: "Chi bộ Trường THPT Quốc Học".into(),
        ..Default::default()
    }
}

#[test]
fn full_declaration_prints_every_section() {
    let d = full_declaration();
    let pdf = declaration_pdf(&d, &header()).expect("render");
    let text = flat(&pdf_text(&pdf, None));
    for needle in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Mẫu 2-KNĐ",
        "LÝ LỊCH",
        "NGUYỄN THỊ ÁNH TUYẾT",
        "Số lý lịch: HT-2026/0042",
        "Chi bộ Trường THPT Quốc Học",
        "12/03/1985",
        "046185012345",
        "Thừa Thiên Huế",
        // Items in order are checked below; here, one value per kind of part.
        "Huynh trưởng Gia đình Phật tử",
        "Thạc sĩ Ngữ văn",
        "Chi đoàn lớp 10A1",
        "Lê Văn Hưởng",
        "Năm 2003 vào học Trường Đại học Sư phạm Huế.",
        "09/2003 – 06/2007",
        "Giáo viên Trường THPT Quốc Học",
        "07/2007 – nay",
        "Gián đoạn sinh hoạt Đảng",
        "Chức sắc tôn giáo: Huynh trưởng (Phật giáo); từ 2001 [đã thẩm tra, xác nhận:",
        "Thực tập giảng dạy",
        "Bằng khen của Chủ tịch UBND tỉnh",
        // A table cell: long labels wrap, so only its start is matched.
        "Xem xét nhưng",
        // One relative per tier, with a field of that tier.
        "Ông nội: Nguyễn Hữu Đức",
        "Làm việc trong chế độ cũ (quân đội)",
        "Cha đẻ: Nguyễn Văn Thắng",
        "Bần nông (trước 1975)",
        "Vợ/chồng: Đặng Văn Ưng",
        "Anh chị em ruột: Nguyễn Thị Hằng",
        "Con đẻ: Đặng Ngọc Khuê",
        "Nhật Bản, từ 2019",
        "Có lập trường tư tưởng vững vàng",
        "Tôi cam đoan đã khai đầy đủ",
        "không (hoặc có) vấn đề về lịch sử chính trị và chính trị hiện nay",
    ] {
        assert_has(&text, needle);
    }
    assert!(page_count(&pdf) >= 3);
}

#[test]
fn items_1_to_26_appear_in_order() {
    let text = squash(&pdf_text(&declaration_pdf(&full_declaration(), &header()).unwrap(), None));
    let mut at = 0;
    for n in 1..=26 {
        let label = format!("({n}) ");
        let found = text[at..].find(&label).unwrap_or_else(|| panic!("item {label} missing or out of order"));
        at += found + label.len();
    }
}

#[test]
fn the_cover_is_page_one_and_unnumbered() {
    let pdf = declaration_pdf(&full_declaration(), &header()).unwrap();
    let cover = squash(&pdf_text(&pdf, Some((1, 1))));
    assert_has(&cover, "Họ và tên đang dùng: Ánh Tuyết");
    assert_has(&cover, "Họ và tên khai sinh: NGUYỄN THỊ ÁNH TUYẾT");
    assert!(!cover.contains("(1) "), "items start on page 2");
    let second = pdf_text(&pdf, Some((2, 2)));
    assert_eq!(second.lines().map(str::trim).find(|l| !l.is_empty()), Some("2"));
}

#[test]
fn a_minimal_declaration_says_khong_for_empty_items() {
    let json = r#"{"identity": {"full_name": "Đặng Văn Ưng", "birth_date": "1990", "sex": "male",
        "birth_place": {"name": "Thừa Thiên Huế"}, "hometown": {"name": "Thừa Thiên Huế"},
        "permanent_residence": "Huế", "ethnicity": "Kinh"}}"#;
    let d = bvctnb_core::Declaration::from_json(json).unwrap();
    let text = squash(&pdf_text(&declaration_pdf(&d, &FormHeader::default()).unwrap(), None));
    assert_has(&text, "ĐẶNG VĂN ƯNG");
    assert_has(&text, "Họ và tên đang dùng: Đặng Văn Ưng");
    assert_has(&text, "(15) Những công tác và chức vụ đã qua:");
    assert_has(&text, "(2) Họ và tên khác: Không");
    assert_has(&text, "Số lý lịch: ……………");
}

#[test]
fn hostile_declaration_text_prints_literally() {
    let mut d = full_declaration();
    d.childhood = r#"#panic("x") *bold* $x$ ] \ <script> @ref"#.into();
    d.identity.full_name = "Lê *[ #Panic() Văn".into();
    d.family[2].occupation = "#set page(width: 1cm)".into();
    let text = squash(&pdf_text(&declaration_pdf(&d, &header()).expect("must not break"), None));
    assert_has(&text, r#"#panic("x") *bold* $x$ ] \ <script> @ref"#);
    assert_has(&text, "LÊ *[ #PANIC() VĂN");
    assert_has(&text, "#set page(width: 1cm)");
}

#[test]
fn recorded_items_24_to_26_print_instead_of_blank_lines() {
    use bvctnb_print::{Recorded, Signed};
    let signed = |lines: &[&str], dated: &str, name: &str| Signed {
        lines: lines.iter().map(|l| l.to_string()).collect(),
        dated: dated.into(),
        heading: String::new(),
        name: name.into(),
    };
    let recorded = Recorded {
        verification: vec![signed(
            &["Đảng ủy xã Hương Thọ (9-CV/ĐU) — về Cha đẻ:", "– Quá trình công tác: Đúng như lý lịch đã khai."],
            "Ngày 20 tháng 11 năm 2026",
            "Lê Văn Ba",
        )],
        cell_comment: Some(signed(&["Quần chúng ưu tú, đủ điều kiện"], "Ngày 25 tháng 11 năm 2026", "Trần Thị Bí")),
        certification: Some(signed(
            &["Không có vấn đề về lịch sử chính trị và chính trị hiện nay"],
            "Ngày 28 tháng 11 năm 2026",
            "Phạm Văn Cử",
        )),
    };
    let form = FormHeader { recorded, ..header() };
    let text = flat(&pdf_text(&declaration_pdf(&full_declaration(), &form).unwrap(), None));
    for needle in [
        "Đảng ủy xã Hương Thọ (9-CV/ĐU)",
        "Quá trình công tác: Đúng như lý lịch đã khai",
        "Ngày 20 tháng 11 năm 2026",
        "Lê Văn Ba",
        "Quần chúng ưu tú, đủ điều kiện",
        "Trần Thị Bí",
        "Không có vấn đề về lịch sử chính trị và chính trị hiện nay",
        "Phạm Văn Cử",
    ] {
        assert_has(&text, &flat(needle));
    }
    assert!(!text.contains(&flat("không (hoặc có) vấn đề")), "the recorded certification replaces the form's wording");
    let blank = flat(&pdf_text(&declaration_pdf(&full_declaration(), &header()).unwrap(), None));
    assert!(blank.contains(&flat("không (hoặc có) vấn đề")), "unrecorded, the form's wording stays");
}
