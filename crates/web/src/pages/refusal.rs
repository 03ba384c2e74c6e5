//! A refused form as the page shows it again: every field exactly as typed, each error beside
//! the field it is about, and a summary at the top that takes focus and links to them. Pages
//! keep one `Refusal` (empty when nothing was refused) and their templates ask it, form by form,
//! for a field's value, its error and whether an option was the one chosen.

use super::fields::Fields;
use super::outcome::{Labels, error_text};
use crate::error::WebError;

/// What a refused post brings back to its page.
#[derive(Default)]
pub struct Refusal {
    /// The id of the refused form on its page; empty when nothing was refused.
    form: String,
    /// Each problem as the summary lists it: the id of the form it links to, and the text
    /// naming the field by its label.
    pub summary: Vec<(String, String)>,
    /// Problems by field: the field's name and what is wrong with its value.
    errors: Vec<(String, String)>,
    /// The whole refusal in one line, for pages that show it at one place.
    pub message: String,
    pub typed: Fields,
}

impl Refusal {
    /// The refusal of `form` for `e`, naming fields by `labels` (the one-line message repeats
    /// what was typed when `echo`).
    pub fn new(form: &str, e: &WebError, labels: &Labels, typed: Fields, echo: bool) -> Self {
        let message = error_text(e, labels, echo.then_some(&typed));
        let (errors, summary) = match e {
            WebError::Invalid(f) => {
                f.0.iter()
                    .map(|x| {
                        let text = match labels.get(&x.field) {
                            Some(l) => format!("{l}: {}", x.message),
                            None => x.message.clone(),
                        };
                        ((x.field.clone(), x.message.clone()), (form.to_string(), text))
                    })
                    .unzip()
            }
            other => (Vec::new(), vec![(form.to_string(), other.to_string())]),
        };
        Refusal { form: form.to_string(), summary, errors, message, typed }
    }

    pub fn any(&self) -> bool {
        !self.form.is_empty()
    }

    /// Whether `form` is the one refused.
    pub fn at(&self, form: &str) -> bool {
        self.any() && self.form == form
    }

    /// The value of `field` in `form`: as typed when that form was refused, else `default`.
    pub fn val<'a>(&'a self, form: &str, field: &str, default: &'a str) -> &'a str {
        if self.at(form) { self.typed.get(field).map_or("", String::as_str) } else { default }
    }

    /// Whether `value` is the one to show chosen for `field` in `form`: the typed one when that
    /// form was refused, else the one chosen by `default`.
    pub fn picked(&self, form: &str, field: &str, value: &str, default: bool) -> bool {
        if self.at(form) { self.typed.get(field).is_some_and(|v| v == value) } else { default }
    }

    /// Whether a checkbox `field` of `form` is to show ticked.
    pub fn ticked(&self, form: &str, field: &str, default: bool) -> bool {
        if self.at(form) { self.typed.contains_key(field) } else { default }
    }

    /// What is wrong with `field` of `form`, empty when nothing is.
    pub fn err(&self, form: &str, field: &str) -> String {
        if !self.at(form) {
            return String::new();
        }
        self.errors.iter().filter(|(f, _)| f == field).map(|(_, m)| m.as_str()).collect::<Vec<_>>().join("; ")
    }

    /// The error beside `field` of `form` (an element the summary links to and the field is
    /// described by), or nothing.
    pub fn note(&self, form: &str, field: &str) -> askama::filters::Safe<String> {
        let m = self.err(form, field);
        askama::filters::Safe(if m.is_empty() {
            String::new()
        } else {
            format!(r#"<p class="error" id="{}">{}</p>"#, anchor(form, field), escape(&m))
        })
    }

    /// The attributes that mark `field` of `form` as refused for assistive technology.
    pub fn aria(&self, form: &str, field: &str) -> askama::filters::Safe<String> {
        askama::filters::Safe(if self.err(form, field).is_empty() {
            String::new()
        } else {
            format!(r#" aria-invalid="true" aria-describedby="{}""#, anchor(form, field))
        })
    }
}

/// The id of the error beside `field` of `form`.
fn anchor(form: &str, field: &str) -> String {
    let clean =
        |s: &str| s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect::<String>();
    format!("err-{}-{}", clean(form), clean(field))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Labels = Labels(&[("answered_on", "Ngày trả lời")]);

    fn refused() -> Refusal {
        let typed: Fields =
            [("answered_on".to_string(), "31/02/2025".to_string()), ("result_0".to_string(), "differs".to_string())]
                .into();
        let e: WebError = bvctnb_app::Error::invalid("answered_on", "không có ngày 31/02/2025 <b>").into();
        Refusal::new("r7", &e, &L, typed, false)
    }

    #[test]
    fn the_refused_form_gets_back_what_was_typed_and_others_their_defaults() {
        let r = refused();
        assert_eq!(r.val("r7", "answered_on", "01/12/2026"), "31/02/2025");
        assert_eq!(r.val("r8", "answered_on", "01/12/2026"), "01/12/2026");
        // A field left empty comes back empty, not with the default.
        assert_eq!(r.val("r7", "answer_ref", "x"), "");
        assert!(r.picked("r7", "result_0", "differs", false));
        assert!(!r.picked("r7", "result_0", "matches", true));
        assert!(r.picked("r8", "result_0", "matches", true));
        assert!(!r.ticked("r7", "raise_issue", true));
    }

    #[test]
    fn the_error_sits_by_its_field_escaped_and_the_summary_names_the_label_once() {
        let r = refused();
        assert_eq!(r.summary, vec![("r7".into(), "Ngày trả lời: không có ngày 31/02/2025 <b>".into())]);
        assert_eq!(
            r.note("r7", "answered_on").0,
            r#"<p class="error" id="err-r7-answered-on">không có ngày 31/02/2025 &lt;b&gt;</p>"#
        );
        assert_eq!(r.aria("r7", "answered_on").0, r#" aria-invalid="true" aria-describedby="err-r7-answered-on""#);
        assert_eq!(r.note("r8", "answered_on").0, "");
        assert_eq!(r.note("r7", "answer_ref").0, "");
    }

    #[test]
    fn a_field_without_a_label_is_never_named_by_its_code() {
        let e: WebError = bvctnb_app::Error::invalid("identity.youth_union.date", "phải ghi").into();
        let r = Refusal::new("f", &e, &L, Fields::new(), false);
        assert_eq!(r.summary[0].1, "phải ghi");
    }
}
