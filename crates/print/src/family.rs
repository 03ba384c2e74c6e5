//! Item (21), family circumstances grouped by tier, and the wording of historical
//! particulars (item (16) and relatives' facts).

use crate::declaration::{Part, field, or_none, period};
use bvctnb_core::dossier::{FactStatus, FormerRegimeBranch, HistoricalFact, OrgNature};
use bvctnb_core::family::{Relative, Tier};

const TIERS: [(Tier, &str); 3] = [
    (Tier::One, "a) Ông, bà nội và ngoại của bản thân và của vợ (chồng)"),
    (Tier::Two, "b) Cha, mẹ đẻ (người trực tiếp nuôi dưỡng); cha, mẹ vợ (chồng); vợ (chồng)"),
    (Tier::Three, "c) Anh chị em ruột của bản thân và của vợ (chồng); các con (đẻ, nuôi hợp pháp)"),
];

/// Relatives in the form's order: by tier, then by relation as the core lists them, then as
/// declared (siblings keep the order the person gave, usually by age).
pub(crate) fn family_parts(family: &[Relative]) -> Vec<Part> {
    let mut sorted: Vec<(usize, &Relative)> = family.iter().enumerate().collect();
    sorted.sort_by_key(|(i, r)| (r.relation, *i));
    let mut parts = Vec::new();
    for (tier, heading) in TIERS {
        parts.push(Part::Subheading { text: heading.to_string() });
        let before = parts.len();
        parts.extend(sorted.iter().filter(|(_, r)| r.tier() == tier).map(|(_, r)| relative_entry(r)));
        if parts.len() == before {
            parts.push(Part::Text { text: "Không".into() });
        }
    }
    parts
}

fn relative_entry(r: &Relative) -> Part {
    let mut f = Vec::new();
    let mut opt = |label: &str, v: Option<&str>| {
        if let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) {
            f.push(field(label, v));
        }
    };
    opt("Năm sinh", r.birth_year.map(|y| y.to_string()).as_deref());
    opt("Giới tính", r.sex.map(|s| s.label()));
    opt("Nơi sinh", r.birth_place.as_deref());
    opt("Quê quán", Some(&r.hometown));
    opt("Nơi cư trú", Some(&r.residence));
    opt("Nghề nghiệp", Some(&r.occupation));
    opt("Dân tộc", r.ethnicity.as_deref());
    opt("Tôn giáo", r.religion.as_deref());
    opt("Quốc tịch", Some(&r.nationality));
    if let Some(c) = &r.social_class {
        let text =
            if c.period.trim().is_empty() { c.class.clone() } else { format!("{} ({})", c.class, c.period.trim()) };
        opt("Thành phần giai cấp", Some(&text));
    }
    opt("Lịch sử chính trị, hoạt động cách mạng", Some(&r.revolutionary_activity));
    opt("Vấn đề liên quan đến tiêu chuẩn chính trị", Some(&r.political_issues));
    opt("Chấp hành pháp luật", Some(&r.law_compliance));
    opt("Hoàn cảnh kinh tế", Some(&r.economic_situation));
    if let Some(c) = &r.criminal_record {
        opt("Tiền án, tiền sự", Some(&or_none(c)));
    }
    if !r.full_civil_capacity {
        opt("Năng lực hành vi dân sự", Some("Không có năng lực hành vi dân sự đầy đủ"));
    }
    if let Some(d) = &r.deceased {
        let mut text = match d.year {
            Some(y) => format!("năm {y}"),
            None => "không rõ năm".to_string(),
        };
        if !d.cause.trim().is_empty() {
            text.push_str(&format!(", lý do: {}", d.cause.trim()));
        }
        if !d.place.trim().is_empty() {
            text.push_str(&format!(", tại {}", d.place.trim()));
        }
        opt("Đã mất", Some(&text));
    }
    if let Some(a) = &r.abroad {
        let mut text = a.country.trim().to_string();
        if let Some(s) = &a.since {
            text.push_str(&format!(", từ {s}"));
        }
        if !a.occupation.trim().is_empty() {
            text.push_str(&format!(", làm {}", a.occupation.trim()));
        }
        opt("Đang ở nước ngoài", Some(&text));
    }
    if let Some(m) = &r.party_member {
        let mut text = "Đảng viên".to_string();
        if let Some(c) = &m.card_no {
            text.push_str(&format!(", số thẻ {}", c.as_str()));
        }
        text.push_str(if m.record_complete { ", hồ sơ đầy đủ" } else { ", hồ sơ chưa đầy đủ" });
        opt("Đảng viên", Some(&text));
    }
    for fact in &r.facts {
        f.push(field("Đặc điểm lịch sử", fact_text(fact)));
    }
    Part::Entry { title: format!("{}: {}", r.relation.label(), r.full_name.trim()), fields: f }
}

fn nature(n: OrgNature) -> &'static str {
    match n {
        OrgNature::Political => "chính trị",
        OrgNature::Economic => "kinh tế",
        OrgNature::Social => "xã hội",
    }
}

fn branch(b: FormerRegimeBranch) -> &'static str {
    match b {
        FormerRegimeBranch::Administration => "chính quyền",
        FormerRegimeBranch::Military => "quân đội",
        FormerRegimeBranch::Police => "cảnh sát",
        FormerRegimeBranch::SecurityIntelligence => "an ninh, tình báo",
        FormerRegimeBranch::ReactionaryParty => "đảng phái phản động",
    }
}

/// One sentence per fact. A fact that the person did not declare themselves is marked with
/// where it came from: the printed form must not pass a report off as the person's own words.
pub(crate) fn fact_text(f: &HistoricalFact) -> String {
    let mut text = match f {
        HistoricalFact::PartyInterruption { from, to, reason, .. } => {
            format!("{}: {}; lý do: {}", f.label(), period(from, to.as_ref(), ""), reason.trim())
        }
        HistoricalFact::Arrest { by_whom, when, place, released, conduct, .. } => {
            let mut t = format!("{}: bị {} bắt {when} tại {}", f.label(), by_whom.trim(), place.trim());
            if let Some(r) = released {
                t.push_str(&format!("; ra tù {r}"));
            }
            if !conduct.trim().is_empty() {
                t.push_str(&format!("; biểu hiện: {}", conduct.trim()));
            }
            t
        }
        HistoricalFact::ForeignOrganisation { organisation, country, nature: n, role, from, to, .. } => {
            let mut t = format!("{}: {} ({}, tổ chức {})", f.label(), organisation.trim(), country.trim(), nature(*n));
            if !role.trim().is_empty() {
                t.push_str(&format!(", vai trò: {}", role.trim()));
            }
            t.push_str(&format!("; {}", period(from, to.as_ref(), "")));
            t
        }
        HistoricalFact::ReligiousPost { religion, post, from, to, .. } => {
            format!("{}: {} ({}); {}", f.label(), post.trim(), religion.trim(), period(from, to.as_ref(), ""))
        }
        HistoricalFact::FormerRegimePost { post, unit, branch: b, from, to, .. } => format!(
            "{} ({}): {}, {}; {}",
            f.label(),
            branch(*b),
            post.trim(),
            unit.trim(),
            period(from, to.as_ref(), "")
        ),
    };
    let p = f.provenance();
    let source = p.source.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let note = match p.status {
        FactStatus::Declared => None,
        FactStatus::Verified => Some("đã thẩm tra, xác nhận"),
        FactStatus::Reported => Some("không tự khai, theo báo cáo"),
        FactStatus::Mismatch => Some("kết quả thẩm tra khác với lời khai"),
    };
    match (note, source) {
        (Some(n), Some(s)) => text.push_str(&format!(" [{n}: {s}]")),
        (Some(n), None) => text.push_str(&format!(" [{n}]")),
        (None, _) => {}
    }
    text
}
