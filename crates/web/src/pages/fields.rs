//! What a posted form carries, read the same way by every page: the text fields as typed (kept
//! to fill the form again when it is refused) and the files, with the parsers of the values
//! that every area asks for (dates as dd/mm/yyyy, dossier numbers).

use crate::error::WebError;
use crate::format::read_date_vn;
use axum::extract::Multipart;
use bvctnb_app::Error as AppError;
use bvctnb_app::cases::NewAttachment;
use bvctnb_core::error::{FieldError, FieldErrors};
use bvctnb_core::ids::PersonId;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The text fields of a posted form, by name, exactly as typed.
pub type Fields = HashMap<String, String>;

/// The field's value without surrounding blanks; absent is empty.
pub fn get(f: &Fields, k: &str) -> String {
    f.get(k).map(|v| v.trim().to_string()).unwrap_or_default()
}

/// The longest a posted field may be, by its name: free text (grounds, comments, reports,
/// reasons) gets a page, every other field a line. Refused in the server, whatever the browser
/// let through: a value of thousands of characters in a one-line field breaks every page and
/// print that shows it.
pub fn max_chars(field: &str) -> usize {
    const LONG: &[&str] = &[
        "text",
        "grounds",
        "report",
        "reason",
        "commitment",
        "points",
        "opinion",
        "details",
        "detail",
        "childhood",
        "self_assessment",
        "note",
        "visits",
        "activity",
        "content",
        "outcome",
        "funding",
        "explanation",
    ];
    let last = field.rsplit(['.', ']']).next().unwrap_or(field);
    let base = last.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_');
    if LONG.contains(&base) || LONG.contains(&last) { 4000 } else { 300 }
}

/// The fields of `f` longer than they may be, each named with how long it is and may be.
pub fn too_long<'a>(f: impl IntoIterator<Item = (&'a String, &'a String)>) -> FieldErrors {
    let mut errs = FieldErrors::default();
    for (k, v) in f {
        let (n, max) = (v.chars().count(), max_chars(k));
        if n > max {
            errs.push(FieldError::new(k.as_str(), format!("dài {n} ký tự, tối đa {max} ký tự")));
        }
    }
    errs
}

/// An act that cannot be taken back (stopping a case, cancelling a request) is done only when
/// the form's confirmation box `confirm` was ticked: never on one click.
pub fn confirmed(f: &Fields, what: &str) -> Result<(), AppError> {
    if f.get("confirm").is_some_and(|v| !v.is_empty()) {
        Ok(())
    } else {
        Err(AppError::invalid("confirm", format!("đánh dấu ô xác nhận để {what}")))
    }
}

/// A required dd/mm/yyyy field.
pub fn date(f: &Fields, k: &'static str) -> Result<NaiveDate, AppError> {
    read_date_vn(&get(f, k)).map_err(|m| AppError::invalid(k, m))
}

/// A required dd/mm/yyyy field whose problem joins the others of the form in `errs`.
pub fn date_into(f: &Fields, k: &str, errs: &mut FieldErrors) -> Option<NaiveDate> {
    read_date_vn(&get(f, k)).map_err(|m| errs.push(FieldError::new(k, m))).ok()
}

/// An optional dd/mm/yyyy field: empty leaves the app to say whether it is required.
pub fn opt_date(f: &Fields, k: &'static str) -> Result<Option<NaiveDate>, AppError> {
    let v = get(f, k);
    if v.is_empty() {
        return Ok(None);
    }
    read_date_vn(&v).map(Some).map_err(|m| AppError::invalid(k, m))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_holds_300_characters_and_free_text_a_page() {
        assert_eq!(max_chars("answer_ref"), 300);
        assert_eq!(max_chars("grounds"), 4000);
        assert_eq!(max_chars("detail_3"), 4000);
        assert_eq!(max_chars("identity.full_name"), 300);
        assert_eq!(max_chars("childhood"), 4000);
        let f: Fields =
            [("answer_ref".to_string(), "x".repeat(5000)), ("grounds".to_string(), "y".repeat(4000))].into();
        let e = too_long(&f);
        assert_eq!(e.0.len(), 1);
        assert_eq!(e.0[0].field, "answer_ref");
        assert_eq!(e.0[0].message, "dài 5000 ký tự, tối đa 300 ký tự");
    }
}
