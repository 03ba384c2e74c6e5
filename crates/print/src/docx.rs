//! Official documents as editable DOCX, laid out like the PDF, for offices that finish a draft
//! in a word processor. docx-rs escapes every text run, so user text cannot become markup.

use crate::PrintError;
use crate::official::{Block, OfficialDoc};
use crate::text::nfc;
use docx_rs::{
    AlignmentType, Docx, Footer, Header, LineSpacing, PageMargin, PageNum, PageOrientationType, Paragraph, Run,
    RunFonts, SpecialIndentType, Table, TableCell, TableRow, TextBorder, WidthType,
};

/// Twips per millimetre: Word measures the page in twentieths of a point.
const MM: f64 = 56.7;
/// A4 in millimetres, and its side margins (30 mm left, 15 mm right).
const A4_MM: (f64, f64) = (210.0, 297.0);
const SIDE_MARGINS_MM: f64 = 30.0 + 15.0;

/// The width of the text area: what is left of the page between the side margins.
fn text_width_mm(doc: &OfficialDoc) -> f64 {
    (if doc.landscape { A4_MM.1 } else { A4_MM.0 }) - SIDE_MARGINS_MM
}

fn twips(mm: f64) -> i32 {
    (mm * MM).round() as i32
}

/// Run sizes are in half-points.
fn run(text: &str, half_points: usize) -> Run {
    Run::new().add_text(nfc(text)).size(half_points)
}

fn centred(r: Run) -> Paragraph {
    Paragraph::new().add_run(r).align(AlignmentType::Center)
}

fn cell(paragraphs: Vec<Paragraph>, width_mm: f64) -> TableCell {
    let c = TableCell::new().width(twips(width_mm) as usize, WidthType::Dxa);
    paragraphs.into_iter().fold(c, TableCell::add_paragraph)
}

/// Two borderless columns: how both the header and the signature area are laid out.
fn two_columns(left: Vec<Paragraph>, right: Vec<Paragraph>, left_share: f64, width: f64) -> Table {
    let (lw, rw) = (width * left_share, width * (1.0 - left_share));
    Table::without_borders(vec![TableRow::new(vec![cell(left, lw), cell(right, rw)])])
        .set_grid(vec![twips(lw) as usize, twips(rw) as usize])
}

fn header_table(doc: &OfficialDoc) -> Table {
    let mut left = vec![
        centred(run(&doc.parent_body, 28)),
        centred(run(&doc.issuing_body, 28).bold()),
        centred(run("*", 28)),
        centred(run(&doc.number_line(), 28)),
    ];
    if doc.title.is_none() && !doc.subject.trim().is_empty() {
        left.push(centred(run(&doc.subject, 24).italic()));
    }
    if let Some(c) = doc.classification.as_deref().filter(|c| !c.trim().is_empty()) {
        left.push(centred(run(c, 28).bold().text_border(TextBorder::new().size(8).space(2))));
    }
    if let Some(line) = doc.register_line.as_deref().filter(|c| !c.trim().is_empty()) {
        left.push(centred(run(line, 22)));
    }
    let right = vec![
        centred(run("ĐẢNG CỘNG SẢN VIỆT NAM", 28).bold().underline("single")),
        Paragraph::new(),
        Paragraph::new().add_run(run(&doc.date_line(), 28).italic()).align(AlignmentType::Right),
    ];
    two_columns(left, right, 0.46, text_width_mm(doc))
}

fn body_paragraph(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, 28))
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(twips(10.0))), None, None)
        .line_spacing(LineSpacing::new().after(120))
}

fn data_table(headers: &[String], rows: &[Vec<String>], text_width: f64) -> Table {
    let width = text_width / headers.len().max(1) as f64;
    let row = |cells: &[String], bold: bool| {
        TableRow::new(
            (0..headers.len())
                .map(|i| {
                    let text = cells.get(i).map_or("", String::as_str);
                    let r = if bold { run(text, 24).bold() } else { run(text, 24) };
                    cell(vec![Paragraph::new().add_run(r)], width)
                })
                .collect(),
        )
    };
    let mut all = vec![row(headers, true)];
    all.extend(rows.iter().map(|r| row(r, false)));
    Table::new(all).set_grid(vec![twips(width) as usize; headers.len()])
}

fn bottom_table(doc: &OfficialDoc) -> Table {
    let mut left = Vec::new();
    if !doc.recipients.is_empty() {
        left.push(Paragraph::new().add_run(run("Nơi nhận", 28).underline("single")).add_run(run(":", 28)));
        left.extend(doc.recipients.iter().map(|r| Paragraph::new().add_run(run(&format!("- {r}"), 24))));
    }
    let mut right = Vec::new();
    if !doc.signer.on_behalf.trim().is_empty() {
        right.push(centred(run(&doc.signer.on_behalf, 28).bold()));
    }
    right.push(centred(run(&doc.signer.position, 28).bold()));
    // Room for the handwritten signature and the seal.
    right.extend((0..4).map(|_| Paragraph::new()));
    right.push(centred(run(&doc.signer.name, 28).bold()));
    two_columns(left, right, 0.5, text_width_mm(doc))
}

/// Renders the document as DOCX, for editing before signature.
pub fn official_docx(doc: &OfficialDoc) -> Result<Vec<u8>, PrintError> {
    doc.check()?;
    let page_number = Header::new()
        .add_paragraph(Paragraph::new().add_page_num(PageNum::new()).align(AlignmentType::Center).size(24));
    // A4 in twips, as Word writes it.
    let (w, h, orientation) = if doc.landscape {
        (16838, 11906, PageOrientationType::Landscape)
    } else {
        (11906, 16838, PageOrientationType::Portrait)
    };
    let mut d = Docx::new()
        .page_size(w, h)
        .page_orient(orientation)
        .page_margin(PageMargin {
            top: twips(20.0),
            left: twips(30.0),
            bottom: twips(20.0),
            right: twips(15.0),
            header: twips(8.0),
            footer: twips(8.0),
            gutter: 0,
        })
        .default_fonts(RunFonts::new().ascii("Times New Roman").hi_ansi("Times New Roman").cs("Times New Roman"))
        .default_size(28)
        // Number every page but the first, as on paper.
        .header(page_number)
        .first_header(Header::new())
        .footer(Footer::new())
        .title_pg()
        .add_table(header_table(doc));
    if let Some(title) = &doc.title {
        d = d.add_paragraph(Paragraph::new()).add_paragraph(centred(run(title, 30).bold()));
        if !doc.subject.trim().is_empty() {
            d = d.add_paragraph(centred(run(&doc.subject, 28).bold()));
        }
        d = d.add_paragraph(centred(run("-----", 28)));
    }
    for (i, a) in doc.addressees.iter().enumerate() {
        let lead = if i == 0 { "Kính gửi: " } else { "" };
        let text = if doc.addressees.len() > 1 { format!("- {a}") } else { a.clone() };
        let p = Paragraph::new().add_run(run(lead, 28)).add_run(run(&text, 28));
        // Later lines line up under the first addressee, after "Kính gửi: ".
        let p = if i == 0 {
            p.indent(Some(twips(35.0)), None, None, None)
        } else {
            p.indent(Some(twips(56.0)), None, None, None)
        };
        d = d.add_paragraph(p);
    }
    d = d.add_paragraph(Paragraph::new());
    for b in &doc.blocks {
        match b {
            Block::Heading(t) => {
                d = d.add_paragraph(
                    Paragraph::new()
                        .add_run(run(t, 28).bold())
                        .indent(None, Some(SpecialIndentType::FirstLine(twips(10.0))), None, None)
                        .keep_next(true),
                );
            }
            Block::Paragraph(t) => d = d.add_paragraph(body_paragraph(t)),
            Block::Bullets(items) => {
                for it in items {
                    d = d.add_paragraph(body_paragraph(&format!("- {it}")));
                }
            }
            Block::Table { headers, rows } => {
                d = d.add_table(data_table(headers, rows, text_width_mm(doc))).add_paragraph(Paragraph::new())
            }
        }
    }
    d = d.add_paragraph(Paragraph::new()).add_table(bottom_table(doc));
    let mut out = std::io::Cursor::new(Vec::new());
    d.pack(&mut out).map_err(|e| PrintError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}
