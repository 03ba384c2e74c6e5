//! What changes from one pack to another: rules added, removed and changed (field by field),
//! and changes to the verification scopes, ceilings, authorities and conclusion categories.
//! Rules pair up by id, which stays the same for the same ground across editions.

use crate::model::Pack;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    pub section: &'static str,
    pub id: String,
    pub title: String,
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PackDiff {
    pub from: String,
    pub to: String,
    pub added: Vec<(&'static str, String, String)>,
    pub removed: Vec<(&'static str, String, String)>,
    pub changed: Vec<ItemChange>,
}

impl PackDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

fn section_label(s: &str) -> &'static str {
    match s {
        "rules" => "Quy tắc",
        "verification" => "Phạm vi thẩm tra",
        "ceilings" => "Mức giới hạn",
        "authorities" => "Cấp thẩm quyền",
        "conclusions" => "Loại kết luận",
        _ => "Thông tin gói",
    }
}

/// Items of one section as id → (title, JSON value).
fn items(pack: &Pack, section: &str) -> BTreeMap<String, (String, Value)> {
    let v = serde_json::to_value(pack).expect("packs serialise");
    let mut out = BTreeMap::new();
    if let Some(Value::Array(a)) = v.get(section) {
        for item in a {
            let id = item.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
            let title = item.get("title").and_then(Value::as_str).unwrap_or_default().to_string();
            out.insert(id, (title, item.clone()));
        }
    }
    out
}

fn flatten(prefix: &str, v: &Value, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&p, x, out);
            }
        }
        Value::Array(a) if a.iter().any(|x| x.is_object()) => {
            for (i, x) in a.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), x, out);
            }
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

fn field_changes(a: &Value, b: &Value, skip: &[&str]) -> Vec<FieldChange> {
    let (mut fa, mut fb) = (BTreeMap::new(), BTreeMap::new());
    flatten("", a, &mut fa);
    flatten("", b, &mut fb);
    let mut keys: Vec<&String> = fa.keys().chain(fb.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| {
            !skip.iter().any(|s| k.as_str() == *s || k.starts_with(&format!("{s}.")) || k.starts_with(&format!("{s}[")))
        })
        .filter_map(|k| {
            let (x, y) = (fa.get(k).cloned().unwrap_or_default(), fb.get(k).cloned().unwrap_or_default());
            (x != y).then(|| FieldChange { field: k.clone(), before: x, after: y })
        })
        .collect()
}

const SECTIONS: [&str; 5] = ["rules", "verification", "ceilings", "authorities", "conclusions"];

pub fn diff(a: &Pack, b: &Pack) -> PackDiff {
    let mut d = PackDiff { from: a.id.clone(), to: b.id.clone(), ..Default::default() };
    let meta = field_changes(
        &serde_json::to_value(a).expect("serialise"),
        &serde_json::to_value(b).expect("serialise"),
        &["id", "rules", "verification", "ceilings", "authorities", "conclusions"],
    );
    if !meta.is_empty() {
        d.changed.push(ItemChange { section: "pack", id: b.id.clone(), title: b.title.clone(), fields: meta });
    }
    for s in SECTIONS {
        let (ia, ib) = (items(a, s), items(b, s));
        let section: &'static str = SECTIONS.into_iter().find(|x| *x == s).expect("known");
        for (id, (title, va)) in &ia {
            match ib.get(id) {
                None => d.removed.push((section, id.clone(), title.clone())),
                Some((tb, vb)) => {
                    let fields = field_changes(va, vb, &[]);
                    if !fields.is_empty() {
                        d.changed.push(ItemChange { section, id: id.clone(), title: tb.clone(), fields });
                    }
                }
            }
        }
        for (id, (title, _)) in &ib {
            if !ia.contains_key(id) {
                d.added.push((section, id.clone(), title.clone()));
            }
        }
    }
    d
}

/// The diff as text for the terminal, in Vietnamese.
pub fn render(d: &PackDiff) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "So sánh {} → {}", d.from, d.to);
    if d.is_empty() {
        let _ = writeln!(s, "Không có khác biệt.");
        return s;
    }
    for (sec, id, title) in &d.added {
        let _ = writeln!(s, "+ {} {id}: {title}", section_label(sec));
    }
    for (sec, id, title) in &d.removed {
        let _ = writeln!(s, "- {} {id}: {title}", section_label(sec));
    }
    for c in &d.changed {
        let _ = writeln!(s, "~ {} {}: {}", section_label(c.section), c.id, c.title);
        for f in &c.fields {
            let show = |v: &str| if v.is_empty() { "(trống)".to_string() } else { v.to_string() };
            let _ = writeln!(s, "    {}: {} → {}", f.field, show(&f.before), show(&f.after));
        }
    }
    let _ = writeln!(s, "Tổng: thêm {}, bỏ {}, thay đổi {}.", d.added.len(), d.removed.len(), d.changed.len());
    s
}
