//! Form fields as data: the value the user typed and the message of the rule it broke travel
//! back to the page together, so a refused form keeps what was typed and names the problem.

use bvctnb_core::FieldErrors;

pub struct Field {
    pub name: String,
    pub label: String,
    pub value: String,
    pub hint: String,
    pub error: String,
    pub required: bool,
    /// `(value, label)`; empty for a text input.
    pub options: Vec<(String, String)>,
}

impl Field {
    pub fn text(name: &str, label: &str, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            label: label.into(),
            value: value.into(),
            hint: String::new(),
            error: String::new(),
            required: false,
            options: Vec::new(),
        }
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn hint(mut self, h: &str) -> Self {
        self.hint = h.into();
        self
    }

    pub fn select(mut self, options: Vec<(String, String)>) -> Self {
        self.options = options;
        self
    }
}

/// Puts each error on the field whose name is the error's path or a prefix of it; errors
/// that match no field are returned for the top of the form.
pub fn attach(fields: &mut [Field], errors: &FieldErrors) -> Vec<String> {
    let mut rest = Vec::new();
    for e in &errors.0 {
        let target = fields.iter_mut().find(|f| e.field == f.name || e.field.starts_with(&format!("{}.", f.name)));
        match target {
            Some(f) if f.error.is_empty() => f.error = e.message.clone(),
            Some(f) => f.error = format!("{}; {}", f.error, e.message),
            None => rest.push(format!("{}: {}", e.field, e.message)),
        }
    }
    rest
}
