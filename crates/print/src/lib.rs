//! Printing for BVCTNB: official party documents and the Mẫu 2-KNĐ declaration as PDF (typst
//! used as a library, fonts embedded) and official documents as editable DOCX.
//!
//! Templates live in `templates/` and receive their data as JSON (`/data.json`); user text is
//! never spliced into typst markup, so a name such as `#panic()` prints as written.

mod copy_mark;
mod declaration;
mod docx;
mod family;
mod official;
mod register;
pub mod text;
mod world;

pub use copy_mark::{CopyBatch, CopyMarks, copy_marks_pdf};
pub use declaration::{FormHeader, Recorded, Signed, declaration_pdf};
pub use docx::official_docx;
pub use official::{Block, OfficialDoc, Signer, official_pdf, officials_pdf};
pub use register::{RegisterBook, RegisterRow, register_pdf};

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("Văn bản thiếu mục bắt buộc: {0}")]
    Missing(&'static str),
    #[error("Không chuẩn bị được dữ liệu in: {0}")]
    Data(#[source] serde_json::Error),
    #[error("Lỗi dàn trang tài liệu: {0}")]
    Layout(String),
    #[error("Lỗi xuất tệp PDF: {0}")]
    Pdf(String),
    #[error("Lỗi xuất tệp DOCX: {0}")]
    Docx(String),
}
