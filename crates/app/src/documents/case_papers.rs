//! The wording of the papers a case produces: the verification letter (công văn đề nghị thẩm
//! tra), the conclusion (kết luận) and the notice of it to the subject (thông báo), under the
//! letterhead of the committee that issues them. Layout is the print crate's.

use super::{Block, OfficialDoc, Signer};
use crate::cases::{dmy, person_ref, split_points, stored_json};
use crate::{App, Result};
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::OrgId;
use bvctnb_core::org::{OrgKind, OrgTree};
use bvctnb_core::text::upper_name;
use bvctnb_rules::facts::PersonRef;
use bvctnb_store::PersonRecord;
use bvctnb_store::cases::{CaseRow, ConclusionRow, RequestRow};
use chrono::NaiveDate;

/// "Đảng bộ xã Cẩm Bình" → "Đảng ủy xã Cẩm Bình", "Đảng bộ tỉnh Đồng Nai" → "Tỉnh ủy Đồng Nai":
/// the committee speaks for its organisation.
fn committee_name(tree: &OrgTree, org: OrgId) -> String {
    let Some(n) = tree.get(org) else { return String::new() };
    if n.kind == OrgKind::DirectlyUnderCentral {
        for (prefix, committee) in [("Đảng bộ tỉnh ", "Tỉnh ủy "), ("Đảng bộ thành phố ", "Thành ủy ")]
        {
            if let Some(rest) = n.name.strip_prefix(prefix) {
                return format!("{committee}{rest}");
            }
        }
    }
    n.name.replacen("Đảng bộ", "Đảng ủy", 1)
}

/// The two header lines and the place name of documents issued by `org`'s committee: the
/// organisation above and the committee ("ĐẢNG BỘ TỈNH ĐỒNG NAI" over "TỈNH ỦY" for a province).
fn letterhead(tree: &OrgTree, org: OrgId) -> (String, String, String) {
    let chain = tree.ancestors(org);
    let node = tree.get(org);
    let (parent, issuing) = match node {
        Some(n) if n.kind == OrgKind::DirectlyUnderCentral => {
            let committee = committee_name(tree, org);
            let short = committee.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
            (upper_name(&n.name), upper_name(&short))
        }
        _ => (
            chain.get(1).and_then(|p| tree.get(*p)).map(|n| upper_name(&n.name)).unwrap_or_default(),
            upper_name(&committee_name(tree, org)),
        ),
    };
    // The province (the level under the Central Committee) gives the place name.
    let province = chain.iter().rev().nth(1).and_then(|p| tree.get(*p)).map(|n| n.name.clone()).unwrap_or_default();
    let place = ["Đảng bộ tỉnh ", "Đảng bộ thành phố ", "Đảng bộ "]
        .iter()
        .find_map(|p| province.strip_prefix(p))
        .unwrap_or(&province)
        .to_string();
    (parent, issuing, place)
}

fn date(iso: Option<&str>, fallback: NaiveDate) -> NaiveDate {
    iso.and_then(|d| d.parse().ok()).unwrap_or(fallback)
}

fn subject_line(rec: &PersonRecord) -> String {
    let id = &rec.declaration.identity;
    format!(
        "{}, sinh ngày {}, quê quán: {}, nơi thường trú: {}, nghề nghiệp: {}",
        id.full_name, id.birth_date, id.hometown.name, id.permanent_residence, id.occupation
    )
}

/// The regulation a pack encodes, as a paper cites it: its number, date and title
/// ("Quy định số 58-QĐ/TW năm 2022 về một số vấn đề bảo vệ chính trị nội bộ Đảng"). The pack's
/// edition and digest belong to the case record and the audit trail, not to the paper.
fn regulation_cited(pack: &bvctnb_rules::Pack) -> String {
    let when = match &pack.issued_on {
        Some(d) if d.day().is_some() => format!(" ngày {d}"),
        Some(d) if d.month().is_some() => format!(" tháng {d}"),
        Some(d) => format!(" năm {d}"),
        None => String::new(),
    };
    let about = pack.title.strip_prefix("Quy định ").unwrap_or(&pack.title);
    format!("{}{when} {about}", pack.document)
}

/// Who a request asks about, as the letter's sentence goes on: the subject with their role in
/// the case, or the relative by name first and their relation to the subject after.
fn about_whom(p: &PersonRef, case: &CaseRow, rec: &PersonRecord) -> String {
    let role =
        if case.kind == CaseKind::Admission { "người xin vào Đảng" } else { "người được thẩm tra" };
    match p {
        PersonRef::Subject => format!("{role}: {}", subject_line(rec)),
        PersonRef::Relative { relation, name, birth_year } => format!(
            "{name}{}, {} của {role} {}",
            birth_year.map(|y| format!(" (sinh năm {y})")).unwrap_or_default(),
            relation.label().to_lowercase(),
            subject_line(rec)
        ),
    }
}

/// The units under `issuer` down to the case's own, nearest first ("Chi bộ Ấp 3, Đảng bộ xã
/// Cẩm Bình"): where the paper goes, without the levels above that every reader knows.
fn unit_path(tree: &OrgTree, org: OrgId, issuer: OrgId) -> String {
    let chain = tree.ancestors(org);
    let stop = chain.iter().position(|o| *o == issuer).unwrap_or(chain.len().saturating_sub(2)).max(1);
    chain[..stop.min(chain.len())]
        .iter()
        .filter_map(|o| tree.get(*o))
        .map(|n| n.name.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

impl App {
    /// The two header lines and the place name of papers issued by `org`'s committee.
    pub fn letterhead(&self, org: OrgId) -> (String, String, String) {
        letterhead(&self.tree(), org)
    }

    /// The letter of a sent request, issued by the committee of `issuer`.
    pub fn request_letter(
        &self,
        case: &CaseRow,
        rec: &PersonRecord,
        r: &RequestRow,
        issuer: OrgId,
    ) -> Result<OfficialDoc> {
        let tree = self.tree();
        let (parent_body, issuing_body, place) = letterhead(&tree, issuer);
        let who = about_whom(&person_ref(r)?, case, rec);
        let mut blocks = vec![
        Block::Paragraph(format!(
            "Thực hiện quy định về thẩm tra lý lịch {}, {} đề nghị {} thẩm tra, xác minh lý lịch của {}{}.",
            if case.kind == CaseKind::Admission { "người vào Đảng" } else { "phục vụ thẩm định tiêu chuẩn chính trị" },
            committee_name(&tree, issuer),
            r.body,
            who,
            if r.place.is_empty() { String::new() } else { format!(" (nơi thẩm tra: {})", r.place) }
        )),
        Block::Paragraph("Nội dung đề nghị thẩm tra, xác minh:".into()),
        Block::Bullets(split_points(&r.points)),
        Block::Paragraph(
            "Đề nghị quý cơ quan ghi rõ từng nội dung có đúng như lý lịch đã khai hay không (mục 24), ký tên, đóng dấu và gửi lại."
                .into(),
        ),
    ];
        if let Some(due) = &r.due_on {
            blocks.push(Block::Paragraph(format!("Thời hạn trả lời: trước ngày {}.", dmy(due))));
        }
        if let (Some(bvctnb_core::case::verify::CarrierMode::InPerson), Some(n)) = (r.carrier_mode, &r.carrier_name) {
            blocks.push(Block::Paragraph(format!(
                "Đồng chí {n} trực tiếp mang công văn này và báo cáo bằng văn bản kết quả."
            )));
        }
        blocks.push(Block::Paragraph("Kèm theo: bản sao lý lịch.".into()));
        Ok(OfficialDoc {
            parent_body,
            issuing_body,
            number: r.number.clone().unwrap_or_default(),
            place,
            date: date(r.sent_on.as_deref(), self.today()),
            title: None,
            subject: if case.kind == CaseKind::Admission {
                "V/v đề nghị thẩm tra lý lịch người vào Đảng".into()
            } else {
                "V/v đề nghị thẩm tra, xác minh lý lịch".into()
            },
            addressees: vec![r.body.clone()],
            blocks,
            recipients: vec!["Như trên,".into(), "Lưu hồ sơ.".into()],
            // Printed to be signed and sealed by hand by the committee's leader.
            signer: Signer {
                on_behalf: "T/M ĐẢNG ỦY".into(),
                position: "BÍ THƯ".into(),
                name: "(Ký, ghi rõ họ tên, đóng dấu)".into(),
            },
            classification: Some("MẬT".into()),
            landscape: false,
        })
    }

    /// The conclusion as signed; one amended by the level above says so at its head.
    pub fn conclusion_paper(
        &self,
        case: &CaseRow,
        rec: &PersonRecord,
        c: &ConclusionRow,
        replaced_by: Option<&str>,
    ) -> Result<OfficialDoc> {
        let (parent_body, issuing_body, place) = letterhead(&self.tree(), c.issuer_org);
        let cited: Vec<String> = stored_json::<Vec<serde_json::Value>>(
            &format!("phát hiện được viện dẫn của kết luận {}", c.id),
            &c.findings,
        )?
        .iter()
        .filter_map(|f| f["title"].as_str().map(String::from))
        .collect();
        let mut blocks = Vec::new();
        if let Some(n) = replaced_by {
            blocks.push(Block::Heading(format!(
                "KẾT LUẬN NÀY ĐÃ ĐƯỢC THAY THẾ BỞI KẾT LUẬN SỐ {n} CỦA CẤP TRÊN, KHÔNG CÒN GIÁ TRỊ"
            )));
        }
        blocks.extend([
            Block::Paragraph(format!("Xét hồ sơ {} của {}.", case.kind.label().to_lowercase(), subject_line(rec))),
            Block::Paragraph(match self.packs().iter().find(|p| p.version_tag() == c.pack_version) {
                Some(p) => format!("Căn cứ {}.", regulation_cited(&p.pack)),
                None => "Căn cứ các quy định của Đảng về bảo vệ chính trị nội bộ.".into(),
            }),
            Block::Heading("Căn cứ kết luận".into()),
            Block::Paragraph(c.grounds.clone()),
        ]);
        if !cited.is_empty() {
            blocks.push(Block::Bullets(cited));
        }
        blocks.push(Block::Heading("Kết luận".into()));
        let mut verdict = format!("{}: {}.", rec.declaration.identity.full_name, c.category_title);
        if let Some(ceiling) = &c.ceiling_title {
            verdict.push_str(&format!(" Giới hạn bố trí: {ceiling}."));
        }
        if let Some(v) = &c.valid_until {
            verdict.push_str(&format!(" Kết luận có giá trị đến ngày {}.", dmy(v)));
        }
        blocks.push(Block::Paragraph(verdict));
        Ok(OfficialDoc {
            parent_body,
            issuing_body,
            number: c.number.clone(),
            place,
            date: date(Some(&c.signed_on), self.today()),
            title: Some("KẾT LUẬN".into()),
            subject: format!("về tiêu chuẩn chính trị của {}", rec.declaration.identity.full_name),
            addressees: Vec::new(),
            blocks,
            recipients: vec![
                "Cấp ủy nơi quản lý hồ sơ,".into(),
                "Người được kết luận (để biết),".into(),
                "Lưu hồ sơ.".into(),
            ],
            signer: Signer {
                on_behalf: "T/M BAN THƯỜNG VỤ".into(),
                position: upper_name(&c.signer_position),
                name: c.signer_name.clone(),
            },
            classification: Some("MẬT".into()),
            landscape: false,
        })
    }

    /// The notice of a conclusion to the person concluded on, with their right to ask for a review.
    pub fn conclusion_notice(&self, case: &CaseRow, rec: &PersonRecord, c: &ConclusionRow) -> OfficialDoc {
        let tree = self.tree();
        let (parent_body, issuing_body, place) = letterhead(&tree, c.issuer_org);
        let name = &rec.declaration.identity.full_name;
        OfficialDoc {
            parent_body,
            issuing_body,
            number: c.number.replacen("-KL/", "-TB/", 1),
            place,
            date: date(Some(&c.signed_on), self.today()),
            title: Some("THÔNG BÁO".into()),
            subject: "kết luận về tiêu chuẩn chính trị".into(),
            addressees: vec![format!("Đồng chí {name}"), unit_path(&tree, case.org_id, c.issuer_org)],
            blocks: vec![
                Block::Paragraph(format!(
                    "Ngày {}, cấp có thẩm quyền đã ban hành Kết luận số {} về tiêu chuẩn chính trị của đồng chí {name} ({}).",
                    dmy(&c.signed_on),
                    c.number,
                    case.kind.label().to_lowercase()
                )),
                Block::Paragraph(format!("Nội dung kết luận: {}.", c.category_title)),
                Block::Paragraph(
                    "Đồng chí có quyền đề nghị cấp ủy cấp trên trực tiếp xem xét lại kết luận theo quy định.".into(),
                ),
            ],
            recipients: vec!["Như trên,".into(), "Lưu hồ sơ.".into()],
            signer: Signer {
                on_behalf: "T/M BAN THƯỜNG VỤ".into(),
                position: upper_name(&c.signer_position),
                name: c.signer_name.clone(),
            },
            classification: None,
            landscape: false,
        }
    }
}
