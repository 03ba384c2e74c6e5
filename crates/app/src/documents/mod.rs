//! Printed documents: official papers (letters, conclusions, notices, listings) as PDF and
//! DOCX, and the Mẫu 2-KNĐ form as PDF. Rendering is CPU work, so it runs on a blocking
//! thread and never holds up the runtime.

mod case_papers;

use crate::{Error, Result};
use bvctnb_core::Declaration;

pub use bvctnb_print::{Block, FormHeader, OfficialDoc, Signer};

/// The file formats a document prints to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, bvctnb_print::PrintError> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f).await?.map_err(Error::internal)
}

pub async fn official(doc: OfficialDoc, format: Format) -> Result<Vec<u8>> {
    blocking(move || match format {
        Format::Pdf => bvctnb_print::official_pdf(&doc),
        Format::Docx => bvctnb_print::official_docx(&doc),
    })
    .await
}

/// Several papers in one PDF, each from its own page.
pub async fn officials_pdf(docs: Vec<OfficialDoc>) -> Result<Vec<u8>> {
    blocking(move || bvctnb_print::officials_pdf(&docs)).await
}

pub async fn declaration_pdf(d: Declaration, header: FormHeader) -> Result<Vec<u8>> {
    blocking(move || bvctnb_print::declaration_pdf(&d, &header)).await
}
