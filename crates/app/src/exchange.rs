//! The exchange format: JSON Lines, one organisation or one person per line.
//!
//! `{"type":"org","id":2,"parent":1,"kind":"directly_under_central","name":"…","code":"…"}`
//! `{"type":"person","id":17,"org_id":5,"declaration":{…Mẫu 2-KNĐ…}}`
//!
//! Organisations come before the persons and child organisations that refer to them.

use bvctnb_core::Declaration;
use bvctnb_core::error::{FieldError, FieldErrors};
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_core::org::{OrgKind, OrgNode};
use bvctnb_store::NewPerson;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LineOut<'a> {
    Org(&'a OrgNode),
    Person { id: i64, org_id: i64, declaration: &'a Declaration },
}

pub enum Line {
    Org(OrgNode),
    Person(Box<NewPerson>),
}

#[derive(Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Org,
    Person,
}

/// Every field either kind of line may carry; deserialised in one pass (no buffering of a
/// tagged enum), then checked per kind.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    #[serde(rename = "type")]
    kind: Kind,
    id: i64,
    #[serde(default)]
    parent: Option<i64>,
    #[serde(default, rename = "kind")]
    org_kind: Option<OrgKind>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    dissolved_on: Option<chrono::NaiveDate>,
    #[serde(default)]
    merged_into: Option<i64>,
    #[serde(default)]
    org_id: Option<i64>,
    #[serde(default)]
    declaration: Option<Declaration>,
}

fn missing(field: &str) -> FieldErrors {
    FieldError::new(field, "Thiếu mục bắt buộc").into()
}

pub fn parse_line(s: &str) -> Result<Line, FieldErrors> {
    let de = &mut serde_json::Deserializer::from_str(s);
    let raw: RawLine = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let msg = if inner.is_syntax() || inner.is_eof() {
            format!("dòng không phải JSON hợp lệ: bị cắt cụt hoặc sai cú pháp ở cột {}", inner.column())
        } else {
            bvctnb_core::declaration::translate_serde(&inner.to_string())
        };
        FieldErrors::from(FieldError::new(if path == "." { String::new() } else { path }, msg))
    })?;
    if raw.id <= 0 {
        return Err(FieldError::new("id", "Mã phải là số nguyên dương").into());
    }
    match raw.kind {
        Kind::Org => Ok(Line::Org(OrgNode {
            id: OrgId(raw.id),
            parent: raw.parent.map(OrgId),
            kind: raw.org_kind.ok_or_else(|| missing("kind"))?,
            name: raw.name.filter(|n| !n.trim().is_empty()).ok_or_else(|| missing("name"))?,
            code: raw.code.unwrap_or_default(),
            dissolved_on: raw.dissolved_on,
            merged_into: raw.merged_into.map(OrgId),
        })),
        Kind::Person => {
            let declaration = raw.declaration.ok_or_else(|| missing("declaration"))?;
            let org_id = raw.org_id.ok_or_else(|| missing("org_id"))?;
            let mut errs = FieldErrors::default();
            if let Err(e) = declaration.validate() {
                errs.extend_within("declaration", e);
            }
            errs.into_result()?;
            Ok(Line::Person(Box::new(NewPerson { id: PersonId(raw.id), org_id: OrgId(org_id), declaration })))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../../core/tests/fixtures/declaration.json");

    fn person_line(decl: &str) -> String {
        format!(r#"{{"type":"person","id":7,"org_id":5,"declaration":{}}}"#, decl.replace('\n', ""))
    }

    #[test]
    fn round_trips_both_kinds() {
        let d = Declaration::from_json(FIXTURE).unwrap();
        let s = serde_json::to_string(&LineOut::Person { id: 7, org_id: 5, declaration: &d }).unwrap();
        match parse_line(&s).unwrap() {
            Line::Person(p) => assert_eq!(p.declaration, d),
            Line::Org(_) => panic!("expected a person"),
        }
        let o = OrgNode {
            id: OrgId(2),
            parent: Some(OrgId(1)),
            kind: OrgKind::DirectlyUnderCentral,
            name: "Đảng bộ tỉnh Đồng Nai".into(),
            code: "DN".into(),
            dissolved_on: None,
            merged_into: None,
        };
        let s = serde_json::to_string(&LineOut::Org(&o)).unwrap();
        assert!(matches!(parse_line(&s).unwrap(), Line::Org(x) if x == o));
    }

    #[test]
    fn errors_name_the_field() {
        let bad = FIXTURE.replace("\"075195012345\"", "\"075095012345\"");
        let e = parse_line(&person_line(&bad)).err().unwrap();
        assert_eq!(e.0[0].field, "declaration.identity.cccd");
        let bad = FIXTURE.replace("\"12/03/1995\"", "\"31/02/1995\"");
        let e = parse_line(&person_line(&bad)).err().unwrap();
        assert_eq!(e.0[0].field, "declaration.identity.birth_date");
        let e = parse_line(r#"{"type":"org","id":3,"kind":"cell"}"#).err().unwrap();
        assert_eq!(e.0[0].field, "name");
        let e = parse_line(r#"{"type":"org","id":3,"kind":"xa","name":"x"}"#).err().unwrap();
        assert_eq!(e.0[0].field, "kind");
        let e = parse_line(r#"{"type":"org","id":3,"kind":"cell","name":"x""#).err().unwrap();
        assert!(e.0[0].message.contains("JSON"));
        let e = parse_line(r#"{"type":"person","id":0}"#).err().unwrap();
        assert_eq!(e.0[0].field, "id");
    }
}
