//! Writes one sample of each document to a directory and times the renders:
//! `cargo run --release --example samples -- /tmp/print-samples`.

#[path = "../tests/common/mod.rs"]
mod common;

use bvctnb_print::{FormHeader, declaration_pdf, official_docx, official_pdf};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "print-samples".into()));
    std::fs::create_dir_all(&dir)?;
    let doc = common::official_sample();

    // The first render also parses the fonts and builds typst's library; later ones do not.
    let t = Instant::now();
    let pdf = official_pdf(&doc)?;
    println!("official PDF, first render: {:?}", t.elapsed());
    // typst memoizes; a different number each time keeps the timing honest.
    let n = 20;
    let t = Instant::now();
    for i in 0..n {
        let mut d = doc.clone();
        d.number = format!("{i}-CV/BTCTU");
        official_pdf(&d)?;
    }
    println!("official PDF, warm: {:?} per document", t.elapsed() / n);
    std::fs::write(dir.join("cong-van.pdf"), &pdf)?;

    let mut titled = doc.clone();
    titled.title = Some("KẾT LUẬN".into());
    titled.subject = "về tiêu chuẩn chính trị của quần chúng Nguyễn Thị Ánh Tuyết".into();
    titled.addressees.clear();
    titled.classification = None;
    std::fs::write(dir.join("ket-luan.pdf"), official_pdf(&titled)?)?;

    let t = Instant::now();
    let docx = official_docx(&doc)?;
    println!("official DOCX: {:?}", t.elapsed());
    std::fs::write(dir.join("cong-van.docx"), docx)?;

    let form = FormHeader {
        history_number: "HT-2026/0042".into(),
        org_line: "Chi bộ Trường THPT Quốc Học".into(),
        ..Default::default()
    };
    let t = Instant::now();
    let pdf = declaration_pdf(&common::full_declaration(), &form)?;
    println!("Mẫu 2-KNĐ PDF: {:?}", t.elapsed());
    std::fs::write(dir.join("mau-2-knd.pdf"), pdf)?;
    println!("written to {}", dir.display());
    Ok(())
}
