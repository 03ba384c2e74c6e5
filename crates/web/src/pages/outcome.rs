//! How every form post ends: the outcome is audited either way; on success the user goes on to
//! where the step leads, on refusal the same page comes back with what was typed, the message
//! naming each field by its label on the form, and the refusal's status.

use super::PageResult;
use super::fields::{Fields, get};
use super::refusal::Refusal;
use crate::access::Target;
use crate::error::WebError;
use crate::state::AppState;
use axum::response::{IntoResponse, Redirect};
use bvctnb_app::audit::Outcome;

/// The labels of one area's form fields, so a message names what the user sees.
pub struct Labels(pub &'static [(&'static str, &'static str)]);

impl Labels {
    /// The label of `field` on the form, if the area has one.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, l)| *l)
    }
}

/// A refusal as the user reads it: each field as labelled on the form, with what was typed in
/// it when `typed` is given, and why it was refused.
pub fn error_text(e: &WebError, labels: &Labels, typed: Option<&Fields>) -> String {
    match e {
        WebError::Invalid(f) => {
            f.0.iter()
                .map(|x| {
                    // A field the area has no label for is never named by its code.
                    let label = labels.get(&x.field).unwrap_or("Thông tin nhập");
                    match typed.map(|t| get(t, &x.field)).filter(|v| !v.is_empty()) {
                        Some(v) => format!("{label} «{v}»: {}", x.message),
                        None => format!("{label}: {}", x.message),
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        other => other.to_string(),
    }
}

/// A form post's result, with what the page needs to answer it.
pub struct Post<'a> {
    pub st: &'a AppState,
    pub access: &'a crate::access::Access,
    /// What the outcome is audited as.
    pub target: Target<'a>,
    pub labels: &'a Labels,
    /// Whether the message repeats what was typed in the refused field.
    pub echo: bool,
    /// The id of the form on its page, where the refusal is shown.
    pub form: &'a str,
}

impl Post<'_> {
    /// Runs `write` with its audit entry (`detail`) committed in the write's transaction; on
    /// success goes to the url `to` gives, on refusal audits it and answers with the page
    /// `refused` renders from the refusal (its message and the fields as typed).
    pub async fn finish<T, E: Into<WebError>>(
        self,
        typed: Fields,
        detail: &str,
        write: impl Future<Output = Result<T, E>>,
        to: impl FnOnce(&T) -> String,
        refused: impl AsyncFnOnce(Refusal) -> PageResult,
    ) -> PageResult {
        let too_long = super::fields::too_long(&typed);
        let result = if too_long.is_empty() {
            self.access.write(self.st, &self.target, detail, write).await
        } else {
            Err(WebError::Invalid(too_long))
        };
        match result {
            Ok(v) => Ok(Redirect::to(&to(&v)).into_response()),
            Err(e) => {
                let r = Refusal::new(self.form, &e, self.labels, typed, self.echo);
                self.access.record(self.st, &self.target, Outcome::Failed, &r.message).await?;
                let mut resp = refused(r).await?;
                *resp.status_mut() = e.status();
                Ok(resp)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Labels = Labels(&[("sent_on", "Ngày gửi"), ("body", "Nơi nhận")]);

    fn invalid(field: &str, message: &str) -> WebError {
        bvctnb_app::Error::invalid(field, message).into()
    }

    #[test]
    fn a_refusal_names_the_field_by_its_label() {
        assert_eq!(
            error_text(&invalid("sent_on", "ghi ngày dạng dd/mm/yyyy"), &L, None),
            "Ngày gửi: ghi ngày dạng dd/mm/yyyy"
        );
        // A field the area has no label for is never named by its code.
        assert_eq!(error_text(&invalid("other", "sai"), &L, None), "Thông tin nhập: sai");
    }

    #[test]
    fn with_echo_the_message_repeats_what_was_typed() {
        let typed: Fields = [("sent_on".to_string(), " 31/02/2026 ".to_string())].into();
        let e = invalid("sent_on", "không có ngày này");
        assert_eq!(error_text(&e, &L, Some(&typed)), "Ngày gửi «31/02/2026»: không có ngày này");
        // An empty field has nothing to repeat.
        let e = invalid("body", "phải ghi");
        assert_eq!(error_text(&e, &L, Some(&typed)), "Nơi nhận: phải ghi");
    }
}
