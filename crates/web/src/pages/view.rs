//! The dossier as sections of the 2-KNĐ form, built from the declaration's JSON so that every
//! field the form holds is shown (nothing is silently left out when the form grows).

use bvctnb_core::Declaration;
use bvctnb_core::family::RelationKind;
use serde_json::Value;

pub struct Section {
    pub title: String,
    pub anchor: String,
    pub rows: Vec<(String, String)>,
    pub tables: Vec<Table>,
    pub text: String,
}

pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

pub fn label(key: &str) -> &str {
    match key {
        "full_name" => "Họ và tên",
        "other_names" => "Tên gọi khác",
        "birth_date" => "Ngày sinh",
        "cccd" => "Số CCCD",
        "sex" => "Giới tính",
        "birth_place" => "Nơi sinh",
        "hometown" => "Quê quán",
        "permanent_residence" => "Nơi thường trú",
        "temporary_residence" => "Nơi tạm trú",
        "foreign_address" => "Địa chỉ ở nước ngoài",
        "ethnicity" => "Dân tộc",
        "nationality" => "Quốc tịch",
        "religion" => "Tôn giáo",
        "religious_rank" => "Chức sắc tôn giáo",
        "occupation" => "Nghề nghiệp",
        "education" => "Trình độ",
        "general" => "Giáo dục phổ thông",
        "vocational" => "Giáo dục nghề nghiệp",
        "highest_degree" => "Học hàm, học vị cao nhất",
        "academic_title" => "Học hàm",
        "political_theory" => "Lý luận chính trị",
        "foreign_language" => "Ngoại ngữ",
        "minority_language" => "Tiếng dân tộc thiểu số",
        "it" => "Tin học",
        "youth_union" => "Vào Đoàn",
        "readmission" => "Kết nạp lại",
        "history_no" => "Số lý lịch",
        "name" => "Tên",
        "old_name" => "Tên cũ",
        "province_code" => "Mã tỉnh",
        "date" => "Ngày",
        "place" => "Nơi",
        "status" => "Tình trạng",
        "card_no" => "Số thẻ đảng viên",
        "admitted_on" => "Ngày vào Đảng",
        "full_member_on" => "Ngày chính thức",
        "first_admitted" => "Vào Đảng lần đầu",
        "first_full_member" => "Chính thức lần đầu",
        "first_referees" => "Người giới thiệu lần đầu",
        "from" => "Từ",
        "to" => "Đến",
        "unit" => "Đơn vị",
        "position" => "Chức vụ",
        "kind" => "Loại",
        "reason" => "Lý do",
        "by_whom" => "Bị ai bắt",
        "when" => "Khi nào",
        "released" => "Ra tù",
        "conduct" => "Biểu hiện",
        "organisation" => "Tổ chức",
        "country" => "Nước",
        "nature" => "Tính chất",
        "role" => "Vai trò",
        "post" => "Chức vụ",
        "branch" => "Ngành",
        "provenance" => "Nguồn",
        "source" => "Nguồn tin",
        "school" => "Trường",
        "field" => "Ngành học",
        "mode" => "Hình thức",
        "qualification" => "Văn bằng",
        "purpose" => "Mục đích",
        "sent_by" => "Cơ quan cử",
        "title" => "Danh hiệu",
        "year" => "Năm",
        "granted_by" => "Cấp quyết định",
        "level" => "Hình thức",
        "cause" => "Lý do",
        "decided_by" => "Cấp quyết định",
        "relation" => "Quan hệ",
        "birth_year" => "Năm sinh",
        "residence" => "Nơi ở",
        "political_issues" => "Vấn đề chính trị",
        "social_class" => "Thành phần",
        "revolutionary_activity" => "Hoạt động cách mạng",
        "deceased" => "Đã mất",
        "law_compliance" => "Chấp hành pháp luật",
        "economic_situation" => "Kinh tế",
        "criminal_record" => "Tiền án, tiền sự",
        "full_civil_capacity" => "Năng lực hành vi dân sự đầy đủ",
        "abroad" => "Ở nước ngoài",
        "party_member" => "Đảng viên",
        "record_complete" => "Lý lịch đầy đủ",
        "facts" => "Đặc điểm lịch sử",
        "since" => "Từ năm",
        "period" => "Thời gian",
        "activity" => "Hoạt động",
        "class" => "Lớp",
        "person_id" => "Mã hồ sơ",
        other => other,
    }
}

fn value_label(key: &str, s: &str) -> String {
    match (key, s) {
        ("sex", "male") => "Nam".into(),
        ("sex", "female") => "Nữ".into(),
        ("status", "applicant") => "Quần chúng".into(),
        ("status", "probationary") => "Dự bị".into(),
        ("status", "full") => "Chính thức".into(),
        ("status", "declared") => "tự khai".into(),
        ("status", "verified") => "đã thẩm tra".into(),
        ("status", "reported") => "theo báo cáo".into(),
        ("status", "mismatch") => "thẩm tra khác lời khai".into(),
        ("kind", "party_interruption") => "Gián đoạn sinh hoạt Đảng".into(),
        ("kind", "arrest") => "Bị bắt, bị tù".into(),
        ("kind", "foreign_organisation") => "Quan hệ với tổ chức nước ngoài".into(),
        ("kind", "religious_post") => "Chức vụ tôn giáo".into(),
        ("kind", "former_regime_post") => "Làm việc trong chế độ cũ".into(),
        ("relation", code) => RelationKind::from_code(code).map_or_else(|| code.to_string(), |r| r.label().to_string()),
        _ => s.to_string(),
    }
}

/// One value as text: objects as "key: value" pairs, arrays joined.
pub fn text(key: &str, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(true) => "Có".into(),
        Value::Bool(false) => "Không".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => value_label(key, s),
        Value::Array(a) => a.iter().map(|x| text(key, x)).filter(|s| !s.is_empty()).collect::<Vec<_>>().join("; "),
        Value::Object(o) => o
            .iter()
            .map(|(k, x)| (k, text(k, x)))
            .filter(|(_, s)| !s.is_empty())
            .map(|(k, s)| format!("{}: {s}", label(k)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn rows(obj: &Value) -> Vec<(String, String)> {
    obj.as_object()
        .map(|o| o.iter().map(|(k, v)| (label(k).to_string(), text(k, v))).filter(|(_, v)| !v.is_empty()).collect())
        .unwrap_or_default()
}

fn table(caption: &str, items: &[Value]) -> Table {
    let mut head: Vec<String> = Vec::new();
    for it in items {
        if let Some(o) = it.as_object() {
            for k in o.keys() {
                if !head.contains(k) {
                    head.push(k.clone());
                }
            }
        }
    }
    let rows =
        items.iter().map(|it| head.iter().map(|k| text(k, it.get(k).unwrap_or(&Value::Null))).collect()).collect();
    Table { caption: caption.into(), head: head.iter().map(|k| label(k).to_string()).collect(), rows }
}

fn section(n: &str, title: &str) -> Section {
    Section { title: title.into(), anchor: n.into(), rows: Vec::new(), tables: Vec::new(), text: String::new() }
}

fn list_section(n: &str, title: &str, v: Value) -> Section {
    let mut s = section(n, title);
    if let Value::Array(items) = v
        && !items.is_empty()
    {
        s.tables.push(table("", &items));
    }
    s
}

fn into_text(v: Value) -> String {
    match v {
        Value::String(s) => s,
        _ => String::new(),
    }
}

pub fn sections(d: &Declaration) -> Vec<Section> {
    let mut v = match serde_json::to_value(d) {
        Ok(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    let mut get = |k: &str| v.remove(k).unwrap_or(Value::Null);
    let mut out = Vec::new();
    let mut s = section("s1", "(1)–(13) Sơ lược lý lịch");
    s.rows = rows(&get("identity"));
    out.push(s);
    let mut s = section("party", "Thông tin đảng viên");
    s.rows = rows(&get("party"));
    out.push(s);
    let mut s = section("s14", "(14) Hoàn cảnh gia đình và bản thân thời niên thiếu");
    s.text = into_text(get("childhood"));
    out.push(s);
    out.push(list_section("s15", "(15) Quá trình công tác", get("work_history")));
    out.push(list_section("s16", "(16) Đặc điểm lịch sử", get("historical_facts")));
    out.push(list_section("s17", "(17) Đào tạo, bồi dưỡng", get("training")));
    out.push(list_section("s18", "(18) Đi nước ngoài", get("stays_abroad")));
    out.push(list_section("s19", "(19) Khen thưởng", get("awards")));
    out.push(list_section("s20", "(20) Kỷ luật", get("discipline")));
    let mut s = section("s21", "(21) Hoàn cảnh gia đình");
    // The family as serialised above, one value per relative in the declaration's order.
    let family = match get("family") {
        Value::Array(a) => a,
        _ => Vec::new(),
    };
    let mut tiers: [Vec<Value>; 3] = Default::default();
    for (r, v) in d.family.iter().zip(family) {
        tiers[r.tier() as usize - 1].push(v);
    }
    for (tier, members) in (1..=3u8).zip(tiers) {
        if !members.is_empty() {
            let caption = match tier {
                1 => "Ông bà nội, ngoại (hai bên vợ/chồng)",
                2 => "Cha mẹ, người nuôi dưỡng, cha mẹ vợ/chồng, vợ/chồng",
                _ => "Anh chị em ruột (hai bên), con đẻ, con nuôi",
            };
            s.tables.push(table(caption, &members));
        }
    }
    out.push(s);
    let mut s = section("s22", "(22) Tự nhận xét");
    s.text = into_text(get("self_assessment"));
    out.push(s);
    out
}
