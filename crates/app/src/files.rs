//! Files people attach (scanned answers, explanations, trip papers), as they are kept: the name
//! cleaned of paths and of characters that disguise it, the type read from the bytes (what the
//! browser claims is never stored or served), and the limits per request, per file and per
//! person checked before anything is written.

use crate::{App, Error, Result};
use bvctnb_core::ids::PersonId;
use bvctnb_store::workflow::NewFile;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// How much may be attached. Config section `[uploads]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UploadLimits {
    /// Files in one form.
    pub max_files: usize,
    /// One file, in MiB.
    pub max_file_mb: u64,
    /// Everything attached to one person's cases and trips, in MiB.
    pub max_person_mb: u64,
}

impl Default for UploadLimits {
    fn default() -> Self {
        Self { max_files: 10, max_file_mb: 10, max_person_mb: 200 }
    }
}

const MIB: u64 = 1024 * 1024;
/// Characters kept of a name (the extension survives a cut).
const MAX_NAME_CHARS: usize = 120;

/// The name a file is kept under: the last path segment only, NFC, without control, format
/// (bidi overrides such as U+202E, zero-width) or reserved characters, at most 120 characters.
pub fn clean_file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let kept: String = last
        .nfc()
        .filter(|c| !c.is_control() && !is_format(*c) && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
        .collect();
    // No leading dot however many blanks and dots come first: ". .x" would keep a hidden ".x".
    let kept = kept.trim_start_matches(|c: char| c == '.' || c.is_whitespace()).trim_end().to_string();
    let kept = if kept.chars().count() > MAX_NAME_CHARS {
        match kept.rsplit_once('.').filter(|(_, ext)| ext.chars().count() <= 10) {
            Some((stem, ext)) => {
                let stem: String = stem.chars().take(MAX_NAME_CHARS - ext.chars().count() - 1).collect();
                format!("{stem}.{ext}")
            }
            None => kept.chars().take(MAX_NAME_CHARS).collect(),
        }
    } else {
        kept
    };
    // A cut can end on a blank (found by the multipart fuzz target): cleaning a kept name again
    // must not change it.
    let kept = kept.trim_end().to_string();
    if kept.is_empty() { "tep-dinh-kem".to_string() } else { kept }
}

/// Unicode's format characters that change how a name reads without showing: the bidi
/// embeddings, overrides and isolates, zero-width joiners and marks, the BOM.
fn is_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

/// The kinds a file may be kept and served as; anything else is an opaque download, so no
/// upload (HTML, SVG, a script) is ever served as something a browser runs.
const KEPT_AS: &[&str] = &[
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/tiff",
    "image/bmp",
    "image/heif",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/rtf",
    "application/zip",
];

/// The type of `content`, read from its bytes: a known document or image kind, plain text
/// when it is UTF-8 without NUL (HTML included: it is shown as text, never run), otherwise an
/// opaque download.
pub fn sniff(content: &[u8]) -> &'static str {
    if let Some(t) = infer::get(content).map(|t| t.mime_type()).filter(|m| KEPT_AS.contains(m)) {
        return t;
    }
    if !content.contains(&0) && std::str::from_utf8(content).is_ok() {
        return "text/plain; charset=utf-8";
    }
    "application/octet-stream"
}

/// The type a kept file is served as: its stored type when it is one a file may be kept as
/// (a row from before types were read from the bytes may hold whatever a browser claimed).
pub fn served_as(stored: &str) -> &str {
    if KEPT_AS.contains(&stored) || stored == "text/plain; charset=utf-8" { stored } else { "application/octet-stream" }
}

impl App {
    pub fn with_upload_limits(mut self, l: UploadLimits) -> Self {
        self.uploads = l;
        self
    }

    pub fn upload_limits(&self) -> UploadLimits {
        self.uploads
    }

    /// The files of one form as they will be kept, for a record of `person`: refused as a
    /// whole (naming the form's files field) when there are too many, one is too large, or
    /// the person's files would pass their quota.
    pub(crate) async fn accept_files(&self, person: PersonId, files: Vec<NewFile>) -> Result<Vec<NewFile>> {
        if files.is_empty() {
            return Ok(files);
        }
        let l = self.uploads;
        if files.len() > l.max_files {
            return Err(Error::invalid(
                "files",
                format!("gửi tối đa {} tệp một lần, đã chọn {}", l.max_files, files.len()),
            ));
        }
        let mut added = 0u64;
        for f in &files {
            let size = f.content.len() as u64;
            if size > l.max_file_mb * MIB {
                let name = clean_file_name(&f.file_name);
                return Err(Error::invalid(
                    "files",
                    format!("tệp «{name}» quá {} MB, hãy chụp hoặc nén nhỏ lại", l.max_file_mb),
                ));
            }
            added += size;
        }
        let held = self.store.attachment_bytes_of_person(person).await?.max(0) as u64;
        if held + added > l.max_person_mb * MIB {
            return Err(Error::invalid(
                "files",
                format!(
                    "hồ sơ này đã có {} MB tệp đính kèm, thêm {} MB sẽ quá giới hạn {} MB: liên hệ cán bộ phụ trách",
                    held / MIB,
                    added.div_ceil(MIB),
                    l.max_person_mb
                ),
            ));
        }
        Ok(files
            .into_iter()
            .map(|f| NewFile { file_name: clean_file_name(&f.file_name), mime: sniff(&f.content).to_string(), ..f })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_keeps_no_path_no_hidden_characters_and_a_bounded_length() {
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("C:\\Users\\an\\Trả lời.pdf"), "Trả lời.pdf");
        // With U+202E kept, "hóa đơn<U+202E>fdp.exe" would show as "hóa đơnexe.pdf".
        assert_eq!(clean_file_name("hóa đơn\u{202E}fdp.exe"), "hóa đơnfdp.exe");
        assert_eq!(clean_file_name("a\u{0}b\r\nc\u{200B}.txt"), "abc.txt");
        assert_eq!(clean_file_name("..."), "tep-dinh-kem");
        assert_eq!(clean_file_name(".bashrc"), "bashrc");
        // Found by the multipart fuzz target: blanks between dots left a hidden name.
        assert_eq!(clean_file_name("../. .ban\u{202E}.pdf"), "ban.pdf");
        // Decomposed Vietnamese (as macOS sends it) is kept composed.
        assert_eq!(clean_file_name("Tra\u{0309} lo\u{031B}\u{0300}i.pdf"), "Trả lời.pdf");
        let long = format!("{}.pdf", "x".repeat(300));
        let cut = clean_file_name(&long);
        assert_eq!(cut.chars().count(), MAX_NAME_CHARS);
        assert!(cut.ends_with(".pdf"));
    }

    #[test]
    fn the_type_comes_from_the_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), "application/pdf");
        assert_eq!(sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]), "image/png");
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), "image/jpeg");
        assert_eq!(sniff("Giải trình".as_bytes()), "text/plain; charset=utf-8");
        // HTML, whatever the browser claimed, is kept as text and never served as a page.
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), "text/plain; charset=utf-8");
        assert_eq!(sniff(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), "application/octet-stream");
        assert_eq!(sniff(&[0, 1, 2, 3]), "application/octet-stream");
    }
}
