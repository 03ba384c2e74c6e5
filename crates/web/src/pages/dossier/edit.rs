//! Editing items (1)–(13) of the declaration. The form's field names are the declaration's
//! JSON paths, so the validator's error paths land on the very field that broke the rule, and
//! a refused form comes back with everything the user typed.

use crate::access::Target;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::pages::dossier::forms::{Field, attach};
use crate::pages::dossier::{Header, header, load_person};
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use bvctnb_app::audit::Outcome;
use bvctnb_authz::Action;
use bvctnb_core::ids::PersonId;
use bvctnb_core::{Declaration, FieldError, FieldErrors};
use serde_json::Value;

/// `(path, label, kind)`; kind: "text", "required", "list" (separated by `;`), "optional"
/// (empty → none), "sex". Other rules are the validator's, which names the field itself.
const FIELDS: &[(&str, &str, &str)] = &[
    ("identity.full_name", "(1) Họ và tên khai sinh", "required"),
    ("identity.other_names", "(2) Tên gọi khác (cách nhau bởi dấu ;)", "list"),
    ("identity.birth_date", "(3) Ngày sinh (dd/mm/yyyy)", "required"),
    ("identity.sex", "Giới tính", "sex"),
    ("identity.cccd", "Số CCCD (12 chữ số)", "optional"),
    ("identity.birth_place.name", "(4) Nơi sinh", "text"),
    ("identity.hometown.name", "(5) Quê quán", "text"),
    ("identity.permanent_residence", "(6) Nơi thường trú", "text"),
    ("identity.temporary_residence", "Nơi tạm trú", "optional"),
    ("identity.ethnicity", "(7) Dân tộc", "text"),
    ("identity.religion", "(8) Tôn giáo", "optional"),
    ("identity.occupation", "(9) Nghề nghiệp", "text"),
    ("identity.education.general", "(10) Giáo dục phổ thông", "text"),
    ("identity.education.highest_degree", "(11) Học hàm, học vị cao nhất", "text"),
    ("identity.education.political_theory", "(12) Lý luận chính trị", "text"),
];

fn get_path<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |cur, k| cur.get(k))
}

fn set_path(v: &mut Value, path: &str, new: Value) {
    let mut cur = v;
    let keys: Vec<&str> = path.split('.').collect();
    for k in &keys[..keys.len() - 1] {
        if !cur.get(*k).is_some_and(Value::is_object) {
            cur[*k] = Value::Object(Default::default());
        }
        cur = &mut cur[*k];
    }
    cur[keys[keys.len() - 1]] = new;
}

fn shown(kind: &str, v: Option<&Value>) -> String {
    match (kind, v) {
        ("list", Some(Value::Array(a))) => a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("; "),
        (_, Some(Value::String(s))) => s.clone(),
        (_, Some(Value::Number(n))) => n.to_string(),
        _ => String::new(),
    }
}

fn fields_from(doc: &Value) -> Vec<Field> {
    FIELDS.iter().map(|(p, l, k)| make_field(p, l, k, shown(k, get_path(doc, p)))).collect()
}

fn make_field(path: &str, label: &str, kind: &str, value: String) -> Field {
    let f = Field::text(path, label, value);
    let f = if matches!(kind, "required" | "sex") { f.required() } else { f };
    if kind == "sex" {
        return f.select(vec![("male".into(), "Nam".into()), ("female".into(), "Nữ".into())]);
    }
    if path.ends_with("birth_date") { f.hint("vd. 02/09/1985") } else { f }
}

#[derive(Template)]
#[template(path = "dossier/edit.html")]
struct EditPage {
    c: Chrome,
    h: Header,
    fields: Vec<Field>,
    other_errors: Vec<String>,
    has_errors: bool,
    expected_version: i64,
}

pub async fn form(State(st): State<AppState>, u: User, Path(id): Path<PersonId>) -> PageResult {
    let a = &u.access;
    let rec = load_person(&st, a, id, Action::EditDossier, "dossier.edit").await?;
    a.record(&st, &Target::person("dossier.read", rec.id), Outcome::Ok, "mở biểu mẫu sửa").await?;
    let doc = serde_json::to_value(&rec.declaration).map_err(WebError::internal)?;
    Ok(render(&EditPage {
        c: u.chrome(&st, "Sửa hồ sơ", ""),
        h: header(&st, &rec),
        fields: fields_from(&doc),
        other_errors: Vec::new(),
        has_errors: false,
        expected_version: rec.version,
    }))
}

/// Applies the submitted fields to the current declaration and validates the result.
pub fn apply_form(current: &Declaration, form: &[(String, String)]) -> (Vec<Field>, Result<Declaration, FieldErrors>) {
    let mut doc = serde_json::to_value(current).unwrap_or(Value::Null);
    let mut fields = Vec::new();
    for (path, label, kind) in FIELDS {
        let typed = form.iter().find(|(k, _)| k == path).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
        let value = match *kind {
            "list" => Value::Array(
                typed.split(';').map(str::trim).filter(|s| !s.is_empty()).map(|s| Value::String(s.into())).collect(),
            ),
            "optional" if typed.is_empty() => Value::Null,
            _ => Value::String(typed.clone()),
        };
        set_path(&mut doc, path, value);
        fields.push(make_field(path, label, kind, typed));
    }
    let mut errs = FieldErrors::default();
    for f in fields.iter().filter(|f| f.required && f.value.is_empty()) {
        errs.push(FieldError { field: f.name.clone(), message: format!("{}: không được để trống", f.label) });
    }
    for f in &fields {
        let (n, max) = (f.value.chars().count(), crate::pages::fields::max_chars(&f.name));
        if n > max {
            errs.push(FieldError {
                field: f.name.clone(), message: format!("dài {n} ký tự, tối đa {max} ký tự")
            });
        }
    }
    if !errs.0.is_empty() {
        return (fields, Err(errs));
    }
    let result = Declaration::from_value(doc).and_then(|d| d.validate().map(|()| d));
    (fields, result)
}

pub async fn save(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<PersonId>,
    Form(form): Form<Vec<(String, String)>>,
) -> PageResult {
    let a = &u.access;
    let rec = load_person(&st, a, id, Action::EditDossier, "dossier.update").await?;
    let expected: i64 =
        form.iter().find(|(k, _)| k == "expected_version").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let (mut fields, result) = apply_form(&rec.declaration, &form);
    let target = Target::person("dossier.update", rec.id);
    let outcome = match result {
        Ok(d) => {
            let detail = format!("phiên bản {}", expected + 1);
            a.write(&st, &target, &detail, st.app.submit_declaration(rec.id, &d, a.username(), expected)).await
        }
        Err(e) => Err(WebError::Invalid(e)),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/persons/{id}?saved=1")).into_response()),
        Err(e) => {
            let (other_errors, status) = match &e {
                WebError::Invalid(errs) => (attach(&mut fields, errs), StatusCode::UNPROCESSABLE_ENTITY),
                WebError::Conflict(m) => (vec![m.clone()], StatusCode::CONFLICT),
                _ => return Err(e.into()),
            };
            let detail = fields
                .iter()
                .filter(|f| !f.error.is_empty())
                .map(|f| format!("{}: {}", f.name, f.error))
                .chain(other_errors.iter().cloned())
                .collect::<Vec<_>>()
                .join("; ");
            a.record(&st, &target, Outcome::Failed, &detail).await?;
            let page = EditPage {
                c: u.chrome(&st, "Sửa hồ sơ", ""),
                h: header(&st, &rec),
                has_errors: fields.iter().any(|f| !f.error.is_empty()),
                fields,
                other_errors,
                expected_version: expected,
            };
            Ok((status, render(&page)).into_response())
        }
    }
}
