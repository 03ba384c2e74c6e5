//! What changed between two versions of a declaration, in terms an officer reads: which
//! section, which item (a relative by relation and name, a work line by its start month),
//! which field, before and after.

use crate::declaration::Declaration;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// Machine path in the newer version (`family[3].residence`), or the older for removals.
    pub path: String,
    /// What a person reads: `(21) Gia đình › Cha đẻ: Nguyễn Văn Ba › residence`.
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

pub fn section_label(key: &str) -> &str {
    match key {
        "identity" => "(1)–(13) Sơ lược lý lịch",
        "party" => "Thông tin đảng viên",
        "childhood" => "(14) Lịch sử bản thân",
        "work_history" => "(15) Quá trình công tác",
        "historical_facts" => "(16) Đặc điểm lịch sử",
        "training" => "(17) Đào tạo, bồi dưỡng",
        "stays_abroad" => "(18) Đi nước ngoài",
        "awards" => "(19) Khen thưởng",
        "discipline" => "(20) Kỷ luật",
        "family" => "(21) Hoàn cảnh gia đình",
        "self_assessment" => "(22) Tự nhận xét",
        other => other,
    }
}

pub fn diff_declarations(old: &Declaration, new: &Declaration) -> Vec<Change> {
    let a = serde_json::to_value(old).expect("declarations serialise");
    let b = serde_json::to_value(new).expect("declarations serialise");
    let mut out = Vec::new();
    diff_value("", "", &a, &b, &mut out);
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

fn join_label(label: &str, part: &str) -> String {
    if label.is_empty() { part.to_string() } else { format!("{label} › {part}") }
}

fn render(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A stable identity for an element of a list, so that inserting a relative does not show
/// every later relative as changed.
fn item_key(v: &Value) -> (String, String) {
    if let Value::Object(m) = v {
        if let (Some(Value::String(rel)), Some(Value::String(name))) = (m.get("relation"), m.get("full_name")) {
            let label = crate::family::RelationKind::ALL
                .iter()
                .find(|k| serde_json::to_value(k).ok().as_ref() == m.get("relation"))
                .map(|k| k.label())
                .unwrap_or(rel);
            return (format!("{rel}|{}", crate::text::fold(name)), format!("{label}: {name}"));
        }
        let kind = m.get("kind").map(render).unwrap_or_default();
        for f in ["from", "date", "when"] {
            if let Some(d) = m.get(f) {
                let d = render(d);
                return (format!("{kind}|{d}"), if kind.is_empty() { d } else { format!("{kind} {d}") });
            }
        }
    }
    (v.to_string(), render(v))
}

fn diff_value(path: &str, label: &str, a: &Value, b: &Value, out: &mut Vec<Change>) {
    match (a, b) {
        _ if a == b => {}
        (Value::Object(x), Value::Object(y)) => {
            let keys = x.keys().chain(y.keys().filter(|k| !x.contains_key(*k)));
            for k in keys {
                let part = if path.is_empty() { section_label(k) } else { k.as_str() };
                let (p, l) = (join(path, k), join_label(label, part));
                match (x.get(k), y.get(k)) {
                    (Some(va), Some(vb)) => diff_value(&p, &l, va, vb, out),
                    (Some(va), None) => push(out, ChangeKind::Removed, p, l, Some(va), None),
                    (None, Some(vb)) => push(out, ChangeKind::Added, p, l, None, Some(vb)),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            let kx: Vec<_> = x.iter().map(item_key).collect();
            let ky: Vec<_> = y.iter().map(item_key).collect();
            let mut used = vec![false; x.len()];
            for (j, vb) in y.iter().enumerate() {
                let p = format!("{path}[{j}]");
                let found = (0..x.len()).find(|&i| !used[i] && kx[i].0 == ky[j].0);
                match found {
                    Some(i) => {
                        used[i] = true;
                        diff_value(&p, &join_label(label, &ky[j].1), &x[i], vb, out);
                    }
                    None => push(out, ChangeKind::Added, p, join_label(label, &ky[j].1), None, Some(vb)),
                }
            }
            for (i, va) in x.iter().enumerate().filter(|(i, _)| !used[*i]) {
                push(out, ChangeKind::Removed, format!("{path}[{i}]"), join_label(label, &kx[i].1), Some(va), None);
            }
        }
        _ => push(out, ChangeKind::Modified, path.to_string(), label.to_string(), Some(a), Some(b)),
    }
}

fn push(out: &mut Vec<Change>, kind: ChangeKind, path: String, label: String, a: Option<&Value>, b: Option<&Value>) {
    out.push(Change { kind, path, label, before: a.map(render), after: b.map(render) });
}
