//! The wording of the papers a case produces: the verification letter (công văn đề nghị thẩm
//! tra), the conclusion (kết luận) and the notice of it to the subject (thông báo), under the
//! letterhead of the committee that issues them. Layout is the print crate's.

use super::{Block, OfficialDoc, Signer};
use crate::cases::{answers_of, dmy, person_ref, split_points, stored_json};
use crate::secrets::PaperSource;
use crate::{App, Result};
use bvctnb_core::case::NoteKind;
use bvctnb_core::case::verify::RequestStatus;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::OrgId;
use bvctnb_core::org::OrgTree;
use bvctnb_core::papers::{HeaderLine, LevelForm, PaperForms};
use bvctnb_core::secret::PaperKind;
use bvctnb_core::text::upper_name;
use bvctnb_print::{Recorded, Signed};
use bvctnb_rules::facts::PersonRef;
use bvctnb_store::PersonRecord;
use bvctnb_store::cases::{CaseRow, ConclusionRow, RequestRow};
use chrono::NaiveDate;

/// The form of the papers `org` issues on `on`, by its level.
fn form_of<'a>(forms: &'a PaperForms, tree: &OrgTree, org: OrgId, on: NaiveDate) -> Option<&'a LevelForm> {
    tree.get(org).map(|n| forms.for_level(n.kind, on))
}

/// "Đảng bộ xã Cẩm Bình" → "Đảng ủy xã Cẩm Bình", "Đảng bộ tỉnh Đồng Nai" → "Tỉnh ủy Đồng Nai":
/// the committee speaks for its organisation, under the name its level's form gives it.
fn committee_name(forms: &PaperForms, tree: &OrgTree, org: OrgId, on: NaiveDate) -> String {
    match (tree.get(org), form_of(forms, tree, org, on)) {
        (Some(n), Some(f)) => f.committee_name(&n.name),
        _ => String::new(),
    }
}

/// The two header lines and the place name of documents issued by `org`'s committee: the
/// organisation above and the committee, or the organisation itself over its committee's short
/// name ("ĐẢNG BỘ TỈNH ĐỒNG NAI" over "TỈNH ỦY") where the level's form says so.
fn letterhead(forms: &PaperForms, tree: &OrgTree, org: OrgId, on: NaiveDate) -> (String, String, String) {
    let chain = tree.ancestors(org);
    let committee = committee_name(forms, tree, org, on);
    let (parent, issuing) = match (tree.get(org), form_of(forms, tree, org, on).map(|f| f.header)) {
        (Some(n), Some(HeaderLine::Own)) => {
            let short = committee.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
            (upper_name(&n.name), upper_name(&short))
        }
        _ => (
            chain.get(1).and_then(|p| tree.get(*p)).map(|n| upper_name(&n.name)).unwrap_or_default(),
            upper_name(&committee),
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

/// The signing block of a paper `org` issues on `on`: its level's formula over the position.
fn signer(forms: &PaperForms, tree: &OrgTree, org: OrgId, on: NaiveDate, position: &str, name: &str) -> Signer {
    Signer {
        on_behalf: form_of(forms, tree, org, on).map(|f| f.on_behalf.clone()).unwrap_or_default(),
        position: upper_name(position),
        name: name.to_string(),
    }
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
        letterhead(&self.rules.papers, &self.tree(), org, self.today())
    }

    /// The name `org`'s committee issues papers under on `on` ("Đảng ủy xã Cẩm Bình").
    pub(crate) fn committee_name(&self, org: OrgId, on: NaiveDate) -> String {
        committee_name(&self.rules.papers, &self.tree(), org, on)
    }

    /// Who signs a verification letter of `org`'s committee, by position ("Bí thư").
    pub(crate) fn letter_position(&self, org: OrgId, on: NaiveDate) -> String {
        form_of(&self.rules.papers, &self.tree(), org, on).map(|f| f.letter_position.clone()).unwrap_or_default()
    }

    /// The letter of a sent request, issued by the committee of `issuer`, with its grade and
    /// register number.
    pub async fn request_letter(
        &self,
        case: &CaseRow,
        rec: &PersonRecord,
        r: &RequestRow,
        issuer: OrgId,
    ) -> Result<OfficialDoc> {
        let tree = self.tree();
        let forms = &self.rules.papers;
        let on = date(r.sent_on.as_deref(), self.today());
        let (parent_body, issuing_body, place) = letterhead(forms, &tree, issuer, on);
        let who = about_whom(&person_ref(r)?, case, rec);
        let mut blocks = vec![
        Block::Paragraph(format!(
            "Thực hiện quy định về thẩm tra lý lịch {}, {} đề nghị {} thẩm tra, xác minh lý lịch của {}{}.",
            if case.kind == CaseKind::Admission { "người vào Đảng" } else { "phục vụ thẩm định tiêu chuẩn chính trị" },
            committee_name(forms, &tree, issuer, on),
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
        let mut doc = OfficialDoc {
            parent_body,
            issuing_body,
            number: r.number.clone().unwrap_or_default(),
            place,
            date: on,
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
            signer: {
                let position = form_of(forms, &tree, issuer, on).map(|f| f.letter_position.clone()).unwrap_or_default();
                signer(forms, &tree, issuer, on, &position, "(Ký, ghi rõ họ tên, đóng dấu)")
            },
            classification: None,
            register_line: None,
            landscape: false,
        };
        self.mark_paper(&mut doc, PaperKind::VerificationLetter, PaperSource::Letter(r.id), on).await?;
        Ok(doc)
    }

    /// The conclusion as signed; one amended by the level above says so at its head.
    pub async fn conclusion_paper(
        &self,
        case: &CaseRow,
        rec: &PersonRecord,
        c: &ConclusionRow,
        replaced_by: Option<&str>,
    ) -> Result<OfficialDoc> {
        let (tree, forms) = (self.tree(), &self.rules.papers);
        let on = date(Some(&c.signed_on), self.today());
        let (parent_body, issuing_body, place) = letterhead(forms, &tree, c.issuer_org, on);
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
        let mut doc = OfficialDoc {
            parent_body,
            issuing_body,
            number: c.number.clone(),
            place,
            date: on,
            title: Some("KẾT LUẬN".into()),
            subject: format!("về tiêu chuẩn chính trị của {}", rec.declaration.identity.full_name),
            addressees: Vec::new(),
            blocks,
            recipients: vec![
                "Cấp ủy nơi quản lý hồ sơ,".into(),
                "Người được kết luận (để biết),".into(),
                "Lưu hồ sơ.".into(),
            ],
            signer: signer(forms, &tree, c.issuer_org, on, &c.signer_position, &c.signer_name),
            classification: None,
            register_line: None,
            landscape: false,
        };
        self.mark_paper(&mut doc, PaperKind::Conclusion, PaperSource::Conclusion(c.id), on).await?;
        Ok(doc)
    }

    /// The notice of a conclusion to the person concluded on, with their right to ask for a review.
    pub async fn conclusion_notice(
        &self,
        case: &CaseRow,
        rec: &PersonRecord,
        c: &ConclusionRow,
    ) -> Result<OfficialDoc> {
        let (tree, forms) = (self.tree(), &self.rules.papers);
        let on = date(Some(&c.signed_on), self.today());
        let (parent_body, issuing_body, place) = letterhead(forms, &tree, c.issuer_org, on);
        let name = &rec.declaration.identity.full_name;
        let mut doc = OfficialDoc {
            parent_body,
            issuing_body,
            number: bvctnb_core::case::docnum::notice_number(&c.number),
            place,
            date: on,
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
            signer: signer(forms, &tree, c.issuer_org, on, &c.signer_position, &c.signer_name),
            classification: None,
            register_line: None,
            landscape: false,
        };
        self.mark_paper(&mut doc, PaperKind::ConclusionNotice, PaperSource::Notice(c.id), on).await?;
        Ok(doc)
    }
}

/// "Ngày 02 tháng 12 năm 2026", the date line over a signature.
fn date_line(iso: &str) -> String {
    iso.parse::<NaiveDate>().map(|d| d.format("Ngày %d tháng %m năm %Y").to_string()).unwrap_or_default()
}

impl App {
    /// Items (24)–(26) of the 2-KNĐ as the case recorded them: each answered request with the
    /// result of each point, the cell's comment and the committee's certification (the latest
    /// of each), so the printed form carries what was recorded instead of blank lines.
    pub async fn recorded_items(&self, case: &CaseRow) -> Result<Recorded> {
        let mut verification = Vec::new();
        for r in self.store.case_requests(case.id).await? {
            if r.status != RequestStatus::Answered {
                continue;
            }
            let mut head = r.body.clone();
            if let Some(n) = r.answer_ref.as_deref().filter(|n| !n.is_empty()) {
                head.push_str(&format!(" ({n})"));
            }
            let mut lines = vec![format!("{head} — về {}:", r.person_label)];
            for a in answers_of(&r)? {
                let detail = if a.detail.trim().is_empty() { String::new() } else { format!(" ({})", a.detail.trim()) };
                lines.push(format!("– {}: {}{detail}.", a.point, a.result.label()));
            }
            verification.push(Signed {
                lines,
                dated: r.answered_on.as_deref().map(date_line).unwrap_or_default(),
                heading: String::new(),
                name: r.answer_signer.clone().unwrap_or_default(),
            });
        }
        let notes = self.store.case_notes(case.id).await?;
        let last = |kind: NoteKind| {
            notes.iter().rev().find(|n| n.kind == kind).map(|n| Signed {
                lines: vec![n.text.clone()],
                dated: date_line(&n.on_date),
                heading: String::new(),
                name: n.author_name.clone(),
            })
        };
        Ok(Recorded {
            verification,
            cell_comment: last(NoteKind::CellComment),
            certification: last(NoteKind::Certification),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bvctnb_core::org::{OrgKind, OrgNode};

    /// One organisation of every level, as the papers of each are headed and signed.
    #[test]
    fn every_level_heads_and_signs_its_papers_by_its_own_form() {
        use OrgKind::*;
        let tree = OrgTree::from_nodes([
            OrgNode::new(1, None, Central, "Trung ương"),
            OrgNode::new(2, Some(1), DirectlyUnderCentral, "Đảng bộ tỉnh Đồng Nai"),
            OrgNode::new(3, Some(2), Intermediate, "Đảng bộ Khối các cơ quan tỉnh"),
            OrgNode::new(4, Some(2), GrassrootsCommittee, "Đảng bộ xã Cẩm Bình"),
            OrgNode::new(5, Some(4), SubCommittee, "Đảng bộ bộ phận Khối trường học"),
            OrgNode::new(6, Some(5), Cell, "Chi bộ Trường Tiểu học Cẩm Bình"),
            OrgNode::new(7, Some(3), GrassrootsCell, "Chi bộ Sở Ngoại vụ"),
            OrgNode::new(8, Some(6), Group, "Tổ đảng khối 5"),
        ])
        .unwrap();
        let forms = PaperForms::parse("papers.toml", include_str!("../../../../rules/papers.toml")).unwrap();
        let on = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let cases = [
            (2, "ĐẢNG BỘ TỈNH ĐỒNG NAI", "TỈNH ỦY", "Tỉnh ủy Đồng Nai", "T/M BAN THƯỜNG VỤ"),
            (
                3,
                "ĐẢNG BỘ TỈNH ĐỒNG NAI",
                "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
                "Đảng ủy Khối các cơ quan tỉnh",
                "T/M BAN THƯỜNG VỤ",
            ),
            (4, "ĐẢNG BỘ TỈNH ĐỒNG NAI", "ĐẢNG ỦY XÃ CẨM BÌNH", "Đảng ủy xã Cẩm Bình", "T/M ĐẢNG ỦY"),
            (
                5,
                "ĐẢNG BỘ XÃ CẨM BÌNH",
                "ĐẢNG ỦY BỘ PHẬN KHỐI TRƯỜNG HỌC",
                "Đảng ủy bộ phận Khối trường học",
                "T/M ĐẢNG ỦY",
            ),
            (
                6,
                "ĐẢNG BỘ BỘ PHẬN KHỐI TRƯỜNG HỌC",
                "CHI BỘ TRƯỜNG TIỂU HỌC CẨM BÌNH",
                "Chi bộ Trường Tiểu học Cẩm Bình",
                "T/M CHI BỘ",
            ),
            (7, "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "CHI BỘ SỞ NGOẠI VỤ", "Chi bộ Sở Ngoại vụ", "T/M CHI BỘ"),
            (8, "CHI BỘ TRƯỜNG TIỂU HỌC CẨM BÌNH", "TỔ ĐẢNG KHỐI 5", "Tổ đảng khối 5", "T/M TỔ ĐẢNG"),
        ];
        for (id, parent, issuing, committee, formula) in cases {
            let org = OrgId(id);
            let (p, i, place) = letterhead(&forms, &tree, org, on);
            assert_eq!((p.as_str(), i.as_str(), place.as_str()), (parent, issuing, "Đồng Nai"), "org {id}");
            assert_eq!(committee_name(&forms, &tree, org, on), committee, "org {id}");
            let s = signer(&forms, &tree, org, on, "Phó Bí thư", "Nguyễn Văn A");
            assert_eq!((s.on_behalf.as_str(), s.position.as_str()), (formula, "PHÓ BÍ THƯ"), "org {id}");
        }
    }
}
