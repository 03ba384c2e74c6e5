//! Regulation packs in plain Vietnamese: the codes of a pack (branches, statuses, channels, case
//! kinds, JSON paths of the diff) turned into words an organisation-board officer reads without
//! knowing the file format.

use bvctnb_app::rules::model::{Channel, Condition, Effect, FactKind, Pack, Who};
use bvctnb_app::rules::{Basis, Citation, Severity};
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::dossier::{DisciplineLevel, FactStatus, FormerRegimeBranch, OrgNature};
use serde::de::DeserializeOwned;

pub fn branch_label(b: FormerRegimeBranch) -> &'static str {
    match b {
        FormerRegimeBranch::Administration => "bộ máy chính quyền",
        FormerRegimeBranch::Military => "quân đội",
        FormerRegimeBranch::Police => "cảnh sát",
        FormerRegimeBranch::SecurityIntelligence => "an ninh, tình báo",
        FormerRegimeBranch::ReactionaryParty => "đảng phái phản động",
    }
}

pub fn nature_label(n: OrgNature) -> &'static str {
    match n {
        OrgNature::Political => "chính trị",
        OrgNature::Economic => "kinh tế",
        OrgNature::Social => "xã hội",
    }
}

pub fn status_label(s: FactStatus) -> &'static str {
    match s {
        FactStatus::Declared => "tự khai",
        FactStatus::Verified => "đã thẩm tra, đúng lời khai",
        FactStatus::Reported => "do báo cáo, không tự khai",
        FactStatus::Mismatch => "kết quả thẩm tra khác lời khai",
    }
}

/// The body a channel means in this pack (its verification scopes name them), else a generic name.
pub fn channel_label(pack: &Pack, c: Channel) -> String {
    if let Some(v) = pack.verification.first() {
        return v.bodies.name(c).to_string();
    }
    match c {
        Channel::Grassroots => "Cấp ủy cơ sở nơi cư trú hoặc quê quán",
        Channel::Abroad => "Đảng ủy Ngoài nước",
        Channel::Security => "Cơ quan an ninh",
    }
    .to_string()
}

pub fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Review => "failed",
        Severity::Violation => "denied",
    }
}

pub fn severity_from_code(code: &str) -> Option<Severity> {
    [Severity::Info, Severity::Review, Severity::Violation].into_iter().find(|s| s.code() == code)
}

pub fn basis_class(b: Basis) -> &'static str {
    match b {
        Basis::Read => "ok",
        Basis::Secondary => "failed",
        Basis::Unknown => "denied",
    }
}

/// The citation, saying so when the article and clause are not known (never invented).
pub fn citation_text(c: &Citation) -> String {
    if c.article.is_empty() && c.clause.is_empty() {
        format!("{c} (chưa xác minh điều, khoản)")
    } else {
        c.to_string()
    }
}

/// "a, b hoặc c".
pub fn or_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            format!("{} hoặc {}", rest.iter().map(|s| s.as_ref()).collect::<Vec<_>>().join(", "), last.as_ref())
        }
    }
}

pub fn who_text(who: &[Who]) -> String {
    who.iter().map(|w| w.label()).collect::<Vec<_>>().join(", ")
}

pub fn kinds_text(kinds: &[CaseKind]) -> String {
    kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join(", ")
}

/// The condition, one clause per line; every line must hold for a fact to count.
pub fn condition_lines(c: &Condition) -> Vec<String> {
    let mut v = vec![format!("Có sự kiện loại «{}»", c.fact.label())];
    if !c.branch.is_empty() {
        let b: Vec<&str> = c.branch.iter().map(|b| branch_label(*b)).collect();
        v.push(format!("thuộc {}", or_list(&b)));
    }
    if !c.nature.is_empty() {
        let n: Vec<&str> = c.nature.iter().map(|n| nature_label(*n)).collect();
        v.push(format!("tổ chức có tính chất {}", or_list(&n)));
    }
    if !c.status.is_empty() {
        let s: Vec<&str> = c.status.iter().map(|s| status_label(*s)).collect();
        v.push(format!("được biết qua: {}", or_list(&s)));
    }
    if let Some(b) = c.before {
        v.push(format!("bắt đầu trước {b}"));
    }
    if let Some(a) = c.after {
        v.push(format!("còn kéo dài đến hoặc sau {a}"));
    }
    if !c.words.is_empty() {
        let w: Vec<String> = c.words.iter().map(|w| format!("«{w}»")).collect();
        v.push(format!("nội dung có một trong các từ {} (không phân biệt dấu)", or_list(&w)));
    }
    if let Some(l) = c.min_level {
        v.push(format!("mức kỷ luật từ «{}» trở lên", l.label()));
    }
    v
}

/// What the rule produces besides its severity, one item per line.
pub fn effect_lines(pack: &Pack, e: &Effect) -> Vec<String> {
    let mut v = Vec::new();
    if !e.finding.is_empty() {
        v.push(format!("Nội dung phát hiện: {}", e.finding));
    }
    if let Some(c) = e.verify_through {
        v.push(format!("Thẩm tra thêm qua: {}", channel_label(pack, c)));
    }
    for (kind, id) in &e.ceiling {
        let title = pack.ceiling(id).map_or(id.as_str(), |c| c.title.as_str());
        v.push(format!("Giới hạn bố trí khi xét «{}»: {title}", kind.label()));
    }
    if let Some(a) = &e.authority {
        v.push(format!("Cấp có thẩm quyền xem xét: {}", authority_title(pack, a)));
    }
    v
}

pub fn authority_title<'a>(pack: &'a Pack, id: &'a str) -> &'a str {
    pack.authority(id).map_or(id, |a| a.title.as_str())
}

pub fn section_label(s: &str) -> &'static str {
    match s {
        "rules" => "Căn cứ",
        "verification" => "Phạm vi thẩm tra",
        "ceilings" => "Giới hạn bố trí",
        "authorities" => "Cấp có thẩm quyền",
        "conclusions" => "Loại kết luận",
        _ => "Thông tin gói",
    }
}

fn segment_label(s: &str) -> Option<&'static str> {
    Some(match s {
        "title" => "tên",
        "citation" => "căn cứ",
        "document" => "văn bản",
        "article" => "điều",
        "clause" => "khoản",
        "basis" => "độ tin cậy của căn cứ",
        "cases" => "áp dụng khi xét",
        "who" => "người được xét",
        "when" => "điều kiện",
        "then" => "kết quả",
        "fact" => "loại sự kiện",
        "branch" => "thuộc bộ máy",
        "nature" => "tính chất tổ chức",
        "status" => "cách biết",
        "before" => "trước ngày",
        "after" => "đến hoặc sau ngày",
        "words" => "từ khoá",
        "min_level" => "mức kỷ luật tối thiểu",
        "severity" => "mức độ",
        "finding" => "nội dung phát hiện",
        "verify_through" => "thẩm tra thêm qua",
        "ceiling" => "giới hạn bố trí",
        "authority" => "cấp có thẩm quyền",
        "exception" => "ngoại lệ",
        "persons" => "người phải thẩm tra",
        "subject_points" => "nội dung thẩm tra bản thân",
        "relative_points" => "nội dung thẩm tra thân nhân",
        "bodies" => "cơ quan thẩm tra",
        "grassroots" => "cấp ủy cơ sở",
        "abroad" => "ngoài nước",
        "security" => "an ninh",
        "adult_children_only" => "chỉ thẩm tra con đã thành niên",
        "skip_members_with_complete_record" => "bỏ qua thân nhân là đảng viên có hồ sơ đầy đủ",
        "rank" => "thứ bậc",
        "level" => "cấp",
        "needs_ceiling" => "phải nêu giới hạn bố trí",
        "validity_months" => "hiệu lực (tháng)",
        "version" => "phiên bản gói",
        "issued_on" => "ngày ban hành",
        "effective_from" => "hiệu lực từ",
        "supersedes" => "thay thế gói",
        "note" => "ghi chú",
        _ => return None,
    })
}

/// "then.ceiling.committee" → "kết quả › giới hạn bố trí › Tham gia cấp ủy".
pub fn field_label(path: &str) -> String {
    path.split('.')
        .map(|seg| {
            let (name, index) = match seg.split_once('[') {
                Some((n, i)) => (n, format!(" #{}", i.trim_end_matches(']').parse::<usize>().map_or(0, |i| i + 1))),
                None => (seg, String::new()),
            };
            let label = segment_label(name)
                .map(str::to_string)
                .or_else(|| CaseKind::from_code(name).map(|k| k.label().to_string()))
                .unwrap_or_else(|| name.to_string());
            format!("{label}{index}")
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

fn decode<T: DeserializeOwned>(code: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
}

/// A code's label, read by the field it sits in ("review" is a case kind in `cases` and a
/// severity in `severity`).
fn code_label(field: &str, code: &str) -> Option<String> {
    let last = field.rsplit('.').next().unwrap_or(field);
    let last = last.split('[').next().unwrap_or(last);
    let owned = |s: &str| s.to_string();
    match last {
        "cases" => CaseKind::from_code(code).map(|k| owned(k.label())),
        "who" | "persons" => decode::<Who>(code).map(|w| owned(w.label())),
        "severity" => severity_from_code(code).map(|s| owned(s.label())),
        "basis" => decode::<Basis>(code).map(|b| owned(b.label())),
        "branch" => decode::<FormerRegimeBranch>(code).map(|b| owned(branch_label(b))),
        "nature" => decode::<OrgNature>(code).map(|n| owned(nature_label(n))),
        "status" => decode::<FactStatus>(code).map(|s| owned(status_label(s))),
        "fact" => decode::<FactKind>(code).map(|f| owned(f.label())),
        "min_level" => decode::<DisciplineLevel>(code).map(|l| owned(l.label())),
        "verify_through" => decode::<Channel>(code).map(|c| {
            owned(match c {
                Channel::Grassroots => "cấp ủy cơ sở nơi cư trú hoặc quê quán",
                Channel::Abroad => "Đảng ủy Ngoài nước",
                Channel::Security => "cơ quan an ninh",
            })
        }),
        _ => None,
    }
}

/// A value of the diff for people: lists and codes in words, blanks named.
pub fn value_text(field: &str, v: &str) -> String {
    if v.is_empty() {
        return "(không có)".into();
    }
    match v {
        "true" => return "có".into(),
        "false" => return "không".into(),
        _ => {}
    }
    if let Ok(list) = serde_json::from_str::<Vec<String>>(v) {
        let words: Vec<String> = list.iter().map(|c| code_label(field, c).unwrap_or_else(|| c.clone())).collect();
        return words.join(", ");
    }
    code_label(field, v).unwrap_or_else(|| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_paths_read_as_words() {
        assert_eq!(field_label("then.ceiling.committee"), "kết quả › giới hạn bố trí › Tham gia cấp ủy");
        assert_eq!(field_label("when.words"), "điều kiện › từ khoá");
        assert_eq!(value_text("cases", r#"["admission","review"]"#), "Kết nạp đảng viên, Rà soát chính trị nội bộ");
        assert_eq!(value_text("then.severity", "review"), "Cần xem xét");
        assert_eq!(value_text("who", r#"["subject","father"]"#), "Người được thẩm tra, Cha đẻ");
        assert_eq!(value_text("note", ""), "(không có)");
        assert_eq!(or_list(&["a", "b", "c"]), "a, b hoặc c");
        let c = Citation { document: "Quy định số 58-QĐ/TW".into(), ..Default::default() };
        assert_eq!(citation_text(&c), "Quy định số 58-QĐ/TW (chưa xác minh điều, khoản)");
    }
}
