//! The whole personal-history declaration (Mẫu 2-KNĐ) as one versioned value.

use crate::dossier::{Award, Discipline, HistoricalFact, StayAbroad, Training, WorkEntry};
use crate::error::{FieldError, FieldErrors};
use crate::family::{RelationKind, Relative};
use crate::person::{Identity, PartyInfo};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declaration {
    /// Items (1)–(13).
    pub identity: Identity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<PartyInfo>,
    /// (14)
    #[serde(default)]
    pub childhood: String,
    /// (15)
    #[serde(default)]
    pub work_history: Vec<WorkEntry>,
    /// (16)
    #[serde(default)]
    pub historical_facts: Vec<HistoricalFact>,
    /// (17)
    #[serde(default)]
    pub training: Vec<Training>,
    /// (18)
    #[serde(default)]
    pub stays_abroad: Vec<StayAbroad>,
    /// (19)
    #[serde(default)]
    pub awards: Vec<Award>,
    /// (20)
    #[serde(default)]
    pub discipline: Vec<Discipline>,
    /// (21)
    #[serde(default)]
    pub family: Vec<Relative>,
    /// (22)
    #[serde(default)]
    pub self_assessment: String,
}

impl Declaration {
    /// Parses and validates one declaration from JSON. Every error names its field path, so an
    /// import can report `file:line: identity.cccd: …`.
    pub fn from_json(s: &str) -> Result<Self, FieldErrors> {
        let de = &mut serde_json::Deserializer::from_str(s);
        let d: Declaration = serde_path_to_error::deserialize(de).map_err(path_error)?;
        d.validate()?;
        Ok(d)
    }

    /// Same as [`Declaration::from_json`] for an already-parsed JSON value.
    pub fn from_value(v: serde_json::Value) -> Result<Self, FieldErrors> {
        let d: Declaration = serde_path_to_error::deserialize(v).map_err(path_error)?;
        d.validate()?;
        Ok(d)
    }

    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errs = FieldErrors::default();
        errs.extend_within("identity", self.identity.validate());
        if let Some(p) = &self.party {
            errs.extend_within("party", p.validate(&self.identity.birth_date));
        }
        for (i, w) in self.work_history.iter().enumerate() {
            if let Some(to) = w.to
                && to < w.from
            {
                errs.push(FieldError::new(
                    format!("work_history[{i}].to"),
                    "Tháng kết thúc phải sau hoặc bằng tháng bắt đầu",
                ));
            }
            if w.activity.trim().is_empty() {
                errs.push(FieldError::new(format!("work_history[{i}].activity"), "Không được để trống"));
            }
        }
        for (i, f) in self.historical_facts.iter().enumerate() {
            errs.extend_within(&format!("historical_facts[{i}]"), f.validate());
        }
        let by = self.identity.birth_date.year();
        let mut seen: Vec<RelationKind> = Vec::new();
        for (i, r) in self.family.iter().enumerate() {
            let path = format!("family[{i}]");
            errs.extend_within(&path, r.validate(by));
            if r.relation.is_unique() {
                if seen.contains(&r.relation) {
                    errs.push(FieldError::new(
                        format!("{path}.relation"),
                        format!("\"{}\" chỉ được khai một lần", r.relation.label()),
                    ));
                }
                seen.push(r.relation);
            }
        }
        let has_spouse = seen.contains(&RelationKind::Spouse);
        for (i, r) in self.family.iter().enumerate() {
            if r.relation.is_spouse_side() && !has_spouse {
                errs.push(FieldError::new(
                    format!("family[{i}].relation"),
                    "Khai thân nhân bên vợ/chồng thì phải khai vợ/chồng",
                ));
            }
        }
        if let Ok(v) = serde_json::to_value(self) {
            check_lengths(&v, String::new(), &mut errs);
        }
        errs.into_result()
    }

    pub fn relatives(&self, kind: RelationKind) -> impl Iterator<Item = &Relative> {
        self.family.iter().filter(move |r| r.relation == kind)
    }
}

/// Longest name (the person's, another name of theirs, a relative's) and longest other text a
/// declaration keeps, in characters: the paper form has a line or a few lines for each.
pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_TEXT_CHARS: usize = 4000;

/// Every text of the declaration within its length, each refusal at its own path.
fn check_lengths(v: &serde_json::Value, path: String, errs: &mut FieldErrors) {
    use serde_json::Value;
    match v {
        Value::String(s) => {
            let leaf = path.rsplit('.').next().unwrap_or(&path);
            let is_name = leaf.split('[').next().is_some_and(|k| matches!(k, "full_name" | "other_names"));
            let max = if is_name { MAX_NAME_CHARS } else { MAX_TEXT_CHARS };
            let n = s.chars().count();
            if n > max {
                errs.push(FieldError::new(path, format!("Dài quá {max} ký tự ({n} ký tự): ghi gọn lại")));
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                check_lengths(x, format!("{path}[{i}]"), errs);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                check_lengths(x, if path.is_empty() { k.clone() } else { format!("{path}.{k}") }, errs);
            }
        }
        _ => {}
    }
}

fn path_error(e: serde_path_to_error::Error<serde_json::Error>) -> FieldErrors {
    let path = e.path().to_string();
    let inner = e.into_inner();
    let msg = translate_serde(&inner.to_string());
    FieldError::new(if path == "." { String::new() } else { path }, msg).into()
}

/// serde's messages are English and mention Rust types; officers need Vietnamese.
pub fn translate_serde(m: &str) -> String {
    let m = m.split(" at line ").next().unwrap_or(m);
    if let Some(rest) = m.strip_prefix("missing field `") {
        let f = rest.split('`').next().unwrap_or(rest);
        return format!("Thiếu mục bắt buộc \"{f}\"");
    }
    if let Some(rest) = m.strip_prefix("unknown variant `") {
        let v = rest.split('`').next().unwrap_or(rest);
        let expected = rest.split("expected ").nth(1).unwrap_or("");
        return format!("Giá trị \"{v}\" không hợp lệ; chọn một trong: {expected}");
    }
    if let Some(rest) = m.strip_prefix("unknown field `") {
        let f = rest.split('`').next().unwrap_or(rest);
        return format!("Mục \"{f}\" không có trong mẫu khai");
    }
    if m.starts_with("invalid type") {
        return format!("Sai kiểu dữ liệu ({m})");
    }
    m.to_string()
}
