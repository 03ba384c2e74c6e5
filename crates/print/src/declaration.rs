//! The printable Mẫu 2-KNĐ: a cover, items (1)–(23) from the declaration, and items (24)–(26)
//! as the case recorded them, or blank for the committees to fill in by hand.
//!
//! Rust decides what each item says (labels, dates, "Không" for an empty item); the template
//! only lays out a list of items made of a few kinds of parts.

use crate::PrintError;
use crate::family::{fact_text, family_parts};
use crate::text::nfc;
use bvctnb_core::Declaration;
use bvctnb_core::date::PartialDate;
use bvctnb_core::person::{Joined, MemberStatus};
use serde::Serialize;

const TEMPLATE: &str = include_str!("../templates/declaration.typ");

/// What the keeping organisation adds to the form, beyond what the person declared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormHeader {
    /// Số lý lịch; when empty, the number recorded in the declaration is printed.
    pub history_number: String,
    /// The organisation keeping the dossier, e.g. "Chi bộ Phòng Tổ chức – Đảng bộ Sở Nội vụ".
    pub org_line: String,
    /// Items (24)–(26) as recorded in the case; what is not recorded prints blank.
    pub recorded: Recorded,
}

/// What the committees wrote in items (24)–(26), once the case recorded it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    /// (24): one entry per verifying body that answered.
    pub verification: Vec<Signed>,
    /// (25): the cell secretary's comment.
    pub cell_comment: Option<Signed>,
    /// (26): the grassroots committee's certification.
    pub certification: Option<Signed>,
}

/// A recorded text with who signed it and when.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signed {
    /// Lines of the text, printed as paragraphs.
    pub lines: Vec<String>,
    /// The date line, e.g. "Ngày 02 tháng 12 năm 2026"; empty prints the form's blank one.
    pub dated: String,
    /// Who signs, e.g. "T/M ĐẢNG ỦY"; empty keeps the form's own.
    pub heading: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct Item {
    /// "" for an unnumbered item.
    pub no: &'static str,
    pub label: &'static str,
    /// Printed on the label's line.
    pub value: Option<String>,
    pub parts: Vec<Part>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Part {
    Text {
        text: String,
    },
    Fields {
        fields: Vec<(String, String)>,
    },
    Subheading {
        text: String,
    },
    /// One titled group of fields (a relative, a fact).
    Entry {
        title: String,
        fields: Vec<(String, String)>,
    },
    Table {
        headers: Vec<&'static str>,
        widths: Vec<u32>,
        rows: Vec<Vec<String>>,
    },
    /// Dotted lines left for handwriting.
    Blank {
        lines: u32,
    },
    /// A date line and a signature space, right; `name` is printed under it when known.
    Signature {
        heading: String,
        name: Option<String>,
    },
}

pub(crate) fn field(label: &str, value: impl Into<String>) -> (String, String) {
    (label.to_string(), value.into())
}

/// "Không" is what the paper form expects for an item that does not apply; a blank would
/// read as "not answered".
pub(crate) fn or_none(s: &str) -> String {
    if s.trim().is_empty() { "Không".to_string() } else { s.trim().to_string() }
}

pub(crate) fn period(from: &PartialDate, to: Option<&PartialDate>, open_end: &str) -> String {
    match to {
        Some(to) => format!("{from} – {to}"),
        None if open_end.is_empty() => format!("từ {from}"),
        None => format!("{from} – {open_end}"),
    }
}

fn joined(j: &Joined) -> String {
    if j.place.trim().is_empty() { j.date.to_string() } else { format!("{}, tại {}", j.date, j.place.trim()) }
}

fn table(headers: Vec<&'static str>, widths: Vec<u32>, rows: Vec<Vec<String>>) -> Vec<Part> {
    if rows.is_empty() {
        vec![Part::Text { text: "Không".into() }]
    } else {
        vec![Part::Table { headers, widths, rows }]
    }
}

fn item(no: &'static str, label: &'static str, value: impl Into<String>) -> Item {
    Item { no, label, value: Some(value.into()), parts: Vec::new() }
}

fn block(no: &'static str, label: &'static str, parts: Vec<Part>) -> Item {
    Item { no, label, value: None, parts }
}

fn identity_items(d: &Declaration) -> Vec<Item> {
    let id = &d.identity;
    let mut items = vec![
        item("1", "Họ và tên khai sinh", id.full_name.to_uppercase()),
        item("2", "Họ và tên khác", or_none(&id.other_names.join("; "))),
        item(
            "3",
            "Ngày, tháng, năm sinh",
            match &id.cccd {
                Some(c) => format!("{}; Số căn cước công dân: {c}", id.birth_date),
                None => format!("{}; Số căn cước công dân: Không", id.birth_date),
            },
        ),
        item("4", "Giới tính", id.sex.label()),
        item("5", "Nơi đăng ký khai sinh", id.birth_place.to_string()),
        item("6", "Quê quán", id.hometown.to_string()),
    ];
    let mut residence = vec![field("Nơi thường trú", id.permanent_residence.trim())];
    if let Some(t) = &id.temporary_residence {
        residence.push(field("Nơi tạm trú", t.trim()));
    }
    if let Some(f) = &id.foreign_address {
        residence.push(field("Địa chỉ ở nước ngoài", f.trim()));
    }
    items.push(block("7", "Nơi cư trú", vec![Part::Fields { fields: residence }]));
    items.push(item("8", "Dân tộc, quốc tịch", format!("Dân tộc {}; quốc tịch {}", id.ethnicity, id.nationality)));
    let religion = match (&id.religion, &id.religious_rank) {
        (Some(r), Some(rank)) => format!("{r}; chức sắc: {rank}"),
        (Some(r), None) => r.clone(),
        (None, Some(rank)) => format!("Không; chức sắc: {rank}"),
        (None, None) => "Không".into(),
    };
    items.push(item("9", "Tôn giáo", religion));
    items.push(item("10", "Nghề nghiệp hiện nay", or_none(&id.occupation)));
    let e = &id.education;
    let education = [
        ("Giáo dục phổ thông", &e.general),
        ("Giáo dục nghề nghiệp", &e.vocational),
        ("Học vị cao nhất", &e.highest_degree),
        ("Học hàm", &e.academic_title),
        ("Lý luận chính trị", &e.political_theory),
        ("Ngoại ngữ", &e.foreign_language),
        ("Tin học", &e.it),
        ("Tiếng dân tộc thiểu số", &e.minority_language),
    ];
    let fields = education.iter().map(|(l, v)| field(l, or_none(v))).collect();
    items.push(block("11", "Trình độ", vec![Part::Fields { fields }]));
    items.push(item(
        "12",
        "Ngày và nơi vào Đoàn TNCS Hồ Chí Minh",
        id.youth_union.as_ref().map_or_else(|| "Không".to_string(), joined),
    ));
    items.push(match &id.readmission {
        None => item("13", "Kết nạp lại: lần vào Đảng thứ nhất", "Không"),
        Some(r) => block(
            "13",
            "Kết nạp lại: lần vào Đảng thứ nhất",
            vec![Part::Fields {
                fields: vec![
                    field("Ngày và nơi vào Đảng lần thứ nhất", joined(&r.first_admitted)),
                    field(
                        "Ngày và nơi công nhận chính thức lần thứ nhất",
                        r.first_full_member.as_ref().map_or_else(|| "Không".to_string(), joined),
                    ),
                    field("Người giới thiệu lần thứ nhất", or_none(&r.first_referees.join("; "))),
                ],
            }],
        ),
    });
    if let Some(p) = &d.party
        && p.status != MemberStatus::Applicant
    {
        // Not an item of the form, but part of what the record holds; printed apart so the
        // numbering stays the form's.
        let mut fields = vec![field("Tình trạng", p.status.label())];
        if let Some(c) = &p.card_no {
            fields.push(field("Số thẻ đảng viên", c.as_str()));
        }
        if let Some(a) = &p.admitted_on {
            fields.push(field("Ngày vào Đảng", a.to_string()));
        }
        if let Some(f) = &p.full_member_on {
            fields.push(field("Ngày chính thức", f.to_string()));
        }
        items.push(block("", "Thông tin đảng viên", vec![Part::Fields { fields }]));
    }
    items
}

fn history_items(d: &Declaration) -> Vec<Item> {
    let work = d
        .work_history
        .iter()
        .map(|w| {
            let to = w.to.map_or_else(|| "nay".to_string(), |t| t.to_string());
            vec![format!("{} – {to}", w.from), w.activity.trim().to_string(), w.position.trim().to_string()]
        })
        .collect();
    let facts: Vec<Part> = d.historical_facts.iter().map(|f| Part::Text { text: fact_text(f) }).collect();
    let training = d
        .training
        .iter()
        .map(|t| {
            vec![
                t.school.clone(),
                t.field.clone(),
                t.mode.clone(),
                period(&t.from, t.to.as_ref(), ""),
                t.qualification.clone(),
            ]
        })
        .collect();
    let abroad = d
        .stays_abroad
        .iter()
        .map(|s| vec![period(&s.from, Some(&s.to), ""), s.country.clone(), s.purpose.clone(), s.sent_by.clone()])
        .collect();
    let awards = d.awards.iter().map(|a| vec![a.date.to_string(), a.title.clone(), a.granted_by.clone()]).collect();
    let discipline = d
        .discipline
        .iter()
        .map(|x| vec![x.date.to_string(), x.level.label().to_string(), x.reason.clone(), x.decided_by.clone()])
        .collect();
    vec![
        block("14", "Lịch sử bản thân (tóm tắt từ nhỏ đến nay)", vec![Part::Text { text: or_none(&d.childhood) }]),
        block(
            "15",
            "Những công tác và chức vụ đã qua",
            table(vec!["Từ tháng, năm đến tháng, năm", "Làm công việc gì, ở đâu", "Chức vụ"], vec![3, 6, 3], work),
        ),
        block(
            "16",
            "Đặc điểm lịch sử",
            if facts.is_empty() { vec![Part::Text { text: "Không".into() }] } else { facts },
        ),
        block(
            "17",
            "Những lớp đào tạo, bồi dưỡng đã qua",
            table(
                vec!["Tên trường", "Ngành học hoặc tên lớp", "Hình thức học", "Thời gian", "Văn bằng, chứng chỉ"],
                vec![4, 4, 3, 4, 3],
                training,
            ),
        ),
        block(
            "18",
            "Đi nước ngoài (từ 3 tháng trở lên)",
            table(vec!["Thời gian", "Nước nào", "Nội dung", "Cơ quan cử đi"], vec![4, 3, 5, 4], abroad),
        ),
        block(
            "19",
            "Khen thưởng (từ bằng khen trở lên; danh hiệu nhà nước)",
            table(vec!["Thời gian", "Hình thức khen thưởng", "Cấp quyết định"], vec![3, 6, 4], awards),
        ),
        block(
            "20",
            "Kỷ luật (từ khiển trách trở lên, kể cả xem xét nhưng không kỷ luật)",
            table(vec!["Thời gian", "Hình thức", "Lý do", "Cấp quyết định"], vec![3, 6, 5, 4], discipline),
        ),
    ]
}

fn closing_items(d: &Declaration, r: &Recorded) -> Vec<Item> {
    let blank_signature = "…………, ngày …… tháng …… năm ………";
    vec![
        block("21", "Hoàn cảnh gia đình", family_parts(&d.family)),
        block("22", "Tự nhận xét", vec![Part::Text { text: or_none(&d.self_assessment) }]),
        block(
            "23",
            "Cam đoan và ký tên",
            vec![
                Part::Text {
                    text: "Tôi cam đoan đã khai đầy đủ, rõ ràng và chịu trách nhiệm trước Đảng về những \
                           nội dung đã khai trong lý lịch."
                        .into(),
                },
                Part::Signature {
                    heading: format!("{blank_signature}\nNGƯỜI KHAI\n(Ký, ghi rõ họ và tên)"),
                    name: Some(d.identity.full_name.trim().to_string()),
                },
            ],
        ),
        recorded_block(
            ("24", "Kết quả thẩm tra của cấp ủy nơi đến thẩm tra (theo từng nội dung đề nghị)"),
            &r.verification,
            8,
            "T/M CẤP ỦY",
            vec![],
        ),
        recorded_block(("25", "Nhận xét của bí thư chi bộ"), r.cell_comment.as_slice(), 6, "BÍ THƯ CHI BỘ", vec![]),
        recorded_block(
            ("26", "Chứng nhận của cấp ủy cơ sở"),
            r.certification.as_slice(),
            3,
            "T/M ĐẢNG ỦY",
            vec![Part::Text {
                text: format!(
                    "Chứng nhận {} {} không (hoặc có) vấn đề về lịch sử chính trị và chính trị hiện nay.",
                    if d.identity.sex == bvctnb_core::identity::Sex::Female { "bà" } else { "ông" },
                    d.identity.full_name.trim()
                ),
            }],
        ),
    ]
}

/// An item the committees fill: what was recorded with its date and signer, or else the
/// form's own wording (`lead`), blank lines and an empty signature line.
fn recorded_block(
    (no, label): (&'static str, &'static str),
    recorded: &[Signed],
    blank_lines: u32,
    signs_as: &str,
    lead: Vec<Part>,
) -> Item {
    let blank_signature = "…………, ngày …… tháng …… năm ………";
    if recorded.is_empty() {
        let mut parts = lead;
        parts.push(Part::Blank { lines: blank_lines });
        parts.push(Part::Signature { heading: format!("{blank_signature}\n{signs_as}"), name: None });
        return block(no, label, parts);
    }
    let mut parts = Vec::new();
    for r in recorded {
        parts.extend(r.lines.iter().map(|l| Part::Text { text: l.clone() }));
        let heading = if r.heading.is_empty() { signs_as } else { r.heading.as_str() };
        let dated = if r.dated.is_empty() { blank_signature } else { r.dated.as_str() };
        parts.push(Part::Signature {
            heading: format!("{dated}\n{heading}"),
            name: Some(r.name.clone()).filter(|n| !n.is_empty()),
        });
    }
    block(no, label, parts)
}

fn view(d: &Declaration, form: &FormHeader) -> Result<serde_json::Value, PrintError> {
    let id = &d.identity;
    let history_number = if form.history_number.trim().is_empty() {
        id.history_no.as_ref().map(|h| h.as_str().to_string()).unwrap_or_default()
    } else {
        form.history_number.trim().to_string()
    };
    let usual = id.other_names.first().map_or(id.full_name.trim(), |n| n.trim());
    let items: Vec<Item> =
        identity_items(d).into_iter().chain(history_items(d)).chain(closing_items(d, &form.recorded)).collect();
    let items = serde_json::to_value(&items).map_err(PrintError::Data)?;
    let value = serde_json::json!({
        "org_line": form.org_line.trim(),
        "history_number": history_number,
        "cover": [
            ["Họ và tên đang dùng", usual],
            ["Họ và tên khai sinh", id.full_name.to_uppercase()],
            ["Ngày, tháng, năm sinh", id.birth_date.to_string()],
            ["Quê quán", id.hometown.to_string()],
            ["Số lý lịch", if history_number.is_empty() { "……………".to_string() } else { history_number.clone() }],
        ],
        "items": items,
    });
    Ok(nfc_value(value))
}

/// Every string the template will print, composed (see [`crate::text::nfc`]).
fn nfc_value(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) => Value::String(nfc(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(nfc_value).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, nfc_value(v))).collect()),
        other => other,
    }
}

/// Renders a declaration as the printable Mẫu 2-KNĐ.
pub fn declaration_pdf(d: &Declaration, form: &FormHeader) -> Result<Vec<u8>, PrintError> {
    let title = format!("Lý lịch của người xin vào Đảng – {}", d.identity.full_name.trim());
    crate::world::render_pdf(TEMPLATE, &view(d, form)?, &title)
}
