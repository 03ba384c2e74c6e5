//! Official party documents (công văn, kết luận, thông báo) laid out after Hướng dẫn
//! 36-HD/VPTW: the two-column header, the body, then recipients and the signature block.

use crate::PrintError;
use crate::text::{date_line, nfc};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

const TEMPLATE: &str = include_str!("../templates/official.typ");

/// One official document. Every field is plain text: nothing in it is interpreted as markup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialDoc {
    /// Upper-left line 1, e.g. "ĐẢNG BỘ TỈNH HÀ TĨNH".
    pub parent_body: String,
    /// Upper-left line 2 (bold), e.g. "BAN TỔ CHỨC TỈNH ỦY".
    pub issuing_body: String,
    /// Number and symbol, e.g. "12-CV/BTCTU"; printed as "Số 12-CV/BTCTU".
    pub number: String,
    /// e.g. "Hà Tĩnh"; printed as "Hà Tĩnh, ngày 22 tháng 11 năm 2026".
    pub place: String,
    pub date: NaiveDate,
    /// Centred bold title of a kết luận or thông báo; `None` for a công văn.
    pub title: Option<String>,
    /// Công văn: the "V/v ..." line under the number. With a title: the line under the title.
    pub subject: String,
    /// "Kính gửi:" lines; empty prints none.
    pub addressees: Vec<String>,
    pub blocks: Vec<Block>,
    /// "Nơi nhận:" list, bottom left.
    pub recipients: Vec<String>,
    pub signer: Signer,
    /// Security grade ("MẬT", "TỐI MẬT"), stamped in a box under the number and set at the
    /// top and bottom of every page.
    pub classification: Option<String>,
    /// Where the paper is entered in the secret register ("Vào sổ BMNN đi số 12/2026"), printed
    /// under the grade.
    #[serde(default)]
    pub register_line: Option<String>,
    /// A4 turned sideways, for listings whose tables have too many columns for a portrait
    /// page (the trip listing PL1 has 13). Margins stay those of HD 36.
    #[serde(default)]
    pub landscape: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    /// e.g. "T/M BAN THƯỜNG VỤ"; empty when the signer signs in their own name.
    pub on_behalf: String,
    /// e.g. "PHÓ BÍ THƯ".
    pub position: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Block {
    Heading(String),
    Paragraph(String),
    Bullets(Vec<String>),
    Table { headers: Vec<String>, rows: Vec<Vec<String>> },
}

impl OfficialDoc {
    /// The fields without which the paper is not a valid document.
    pub(crate) fn check(&self) -> Result<(), PrintError> {
        let required = [
            ("issuing_body", &self.issuing_body),
            ("number", &self.number),
            ("place", &self.place),
            ("signer.name", &self.signer.name),
        ];
        for (field, value) in required {
            if value.trim().is_empty() {
                return Err(PrintError::Missing(field));
            }
        }
        if self.blocks.iter().any(|b| matches!(b, Block::Table { headers, .. } if headers.is_empty())) {
            return Err(PrintError::Missing("blocks[].headers"));
        }
        Ok(())
    }

    /// "Số 12-CV/BTCTU": the prefix is part of the convention, not of the number.
    pub fn number_line(&self) -> String {
        format!("Số {}", self.number.trim())
    }

    pub fn date_line(&self) -> String {
        date_line(&self.place, self.date)
    }

    /// The data the template reads: already formatted, already NFC, so the template does no
    /// text processing of its own.
    pub(crate) fn view(&self) -> serde_json::Value {
        let blocks: Vec<serde_json::Value> = self
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading(t) => json!({ "kind": "heading", "text": nfc(t) }),
                Block::Paragraph(t) => json!({ "kind": "paragraph", "text": nfc(t) }),
                Block::Bullets(items) => json!({ "kind": "bullets", "items": nfc_all(items) }),
                Block::Table { headers, rows } => {
                    // A short row would shift cells into the wrong columns; pad it instead.
                    let rows: Vec<Vec<String>> = rows
                        .iter()
                        .map(|r| {
                            let mut r = nfc_all(r);
                            r.resize(headers.len().max(r.len()), String::new());
                            r.truncate(headers.len());
                            r
                        })
                        .collect();
                    json!({ "kind": "table", "headers": nfc_all(headers), "rows": rows })
                }
            })
            .collect();
        json!({
            "parent_body": nfc(&self.parent_body),
            "issuing_body": nfc(&self.issuing_body),
            "number_line": nfc(&self.number_line()),
            "date_line": nfc(&self.date_line()),
            "title": self.title.as_deref().map(nfc),
            "subject": nfc(&self.subject),
            "addressees": nfc_all(&self.addressees),
            "blocks": blocks,
            "recipients": nfc_all(&self.recipients),
            "signer": {
                "on_behalf": nfc(&self.signer.on_behalf),
                "position": nfc(&self.signer.position),
                "name": nfc(&self.signer.name),
            },
            "classification": self.classification.as_deref().map(nfc).filter(|c| !c.trim().is_empty()),
            "register_line": self.register_line.as_deref().map(nfc).filter(|c| !c.trim().is_empty()),
            "landscape": self.landscape,
        })
    }
}

fn nfc_all(items: &[String]) -> Vec<String> {
    items.iter().map(|s| nfc(s)).collect()
}

/// Renders the document to PDF.
pub fn official_pdf(doc: &OfficialDoc) -> Result<Vec<u8>, PrintError> {
    doc.check()?;
    crate::world::render_pdf(TEMPLATE, &doc.view(), &doc.number_line())
}

/// Renders several documents into one PDF, each starting on its own page (the letters of a
/// case, printed to be signed in one go).
pub fn officials_pdf(docs: &[OfficialDoc]) -> Result<Vec<u8>, PrintError> {
    let first = docs.first().ok_or(PrintError::Missing("văn bản"))?;
    for d in docs {
        d.check()?;
    }
    let view = serde_json::Value::Array(docs.iter().map(OfficialDoc::view).collect());
    crate::world::render_pdf(TEMPLATE, &view, &first.number_line())
}
