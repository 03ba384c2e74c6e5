//! What a posted form carries, read the same way by every page: the text fields as typed (kept
//! to fill the form again when it is refused) and the files, with the parsers of the values
//! that every area asks for (dates as dd/mm/yyyy, dossier numbers).

use crate::error::WebError;
use crate::format::parse_date_vn;
use axum::extract::Multipart;
use bvctnb_app::Error as AppError;
use bvctnb_app::cases::NewAttachment;
use bvctnb_core::ids::PersonId;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The text fields of a posted form, by name, exactly as typed.
pub type Fields = HashMap<String, String>;

/// The field's value without surrounding blanks; absent is empty.
pub fn get(f: &Fields, k: &str) -> String {
    f.get(k).map(|v| v.trim().to_string()).unwrap_or_default()
}

const DATE_FORMAT: &str = "ghi ngày dạng dd/mm/yyyy";

/// A required dd/mm/yyyy field.
pub fn date(f: &Fields, k: &'static str) -> Result<NaiveDate, AppError> {
    parse_date_vn(&get(f, k)).ok_or_else(|| AppError::invalid(k, DATE_FORMAT))
}

/// An optional dd/mm/yyyy field: empty leaves the app to say whether it is required.
pub fn opt_date(f: &Fields, k: &'static str) -> Result<Option<NaiveDate>, AppError> {
    let v = get(f, k);
    if v.is_empty() {
        return Ok(None);
    }
    parse_date_vn(&v).map(Some).ok_or_else(|| AppError::invalid(k, DATE_FORMAT))
}

/// A dossier number typed in a number field; empty is `None`.
pub fn opt_person(f: &Fields, k: &'static str) -> Result<Option<PersonId>, AppError> {
    let v = get(f, k);
    if v.is_empty() {
        return Ok(None);
    }
    v.parse().map(|n| Some(PersonId(n))).map_err(|_| AppError::invalid(k, "mã hồ sơ là một số"))
}

/// Text fields and files of a multipart form; the files belong to `owner` of the record.
pub async fn read_multipart(mut mp: Multipart, owner: &str) -> Result<(Fields, Vec<NewAttachment>), WebError> {
    let mut fields = Fields::new();
    let mut files = Vec::new();
    while let Some(part) =
        mp.next_field().await.map_err(|e| WebError::BadRequest(format!("Biểu mẫu không đọc được: {e}")))?
    {
        let name = part.name().unwrap_or_default().to_string();
        match part.file_name().map(str::to_string) {
            Some(file_name) => {
                let content =
                    part.bytes().await.map_err(|e| WebError::BadRequest(format!("Tệp không đọc được: {e}")))?;
                if !file_name.is_empty() && !content.is_empty() {
                    // The type the browser claims is not kept: the app reads it from the bytes.
                    let mime = String::new();
                    files.push(NewAttachment { owner: owner.into(), file_name, mime, content: content.to_vec() });
                }
            }
            None => {
                let text =
                    part.text().await.map_err(|e| WebError::BadRequest(format!("Biểu mẫu không đọc được: {e}")))?;
                fields.insert(name, text);
            }
        }
    }
    Ok((fields, files))
}
