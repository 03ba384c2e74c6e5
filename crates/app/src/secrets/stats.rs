//! The yearly statistics of state secrets (the period and the due day are data: 15/12 of the
//! year before to 14/12, due 20/12): for each organisation of a subtree, the items entered in
//! each book, copied, destroyed and declassified, by level, and the incidents — each line the
//! organisation's own with everything below it summed in, the subtree's total first.

use crate::{App, Error, Result};
use bvctnb_core::ids::OrgId;
use bvctnb_core::secret::{IncidentKind, RegisterKind, SecretLevel};
use bvctnb_print::{Block, OfficialDoc, Signer};
use bvctnb_store::secret_stats::Measure;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The measures in the order of the report, with their headings.
pub const MEASURES: [(Measure, &str); 6] = [
    (Measure::Book(RegisterKind::Incoming), "Tài liệu đến"),
    (Measure::Book(RegisterKind::Outgoing), "Tài liệu đi"),
    (Measure::Book(RegisterKind::Handover), "Chuyển giao"),
    (Measure::Book(RegisterKind::Copies), "Bản sao, chụp"),
    (Measure::Destroyed, "Tiêu huỷ"),
    (Measure::Declassified, "Giải mật"),
];

/// Levels in the order of the report's columns, highest first.
pub const LEVELS: [SecretLevel; 3] = [SecretLevel::TuyetMat, SecretLevel::ToiMat, SecretLevel::Mat];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgStats {
    pub org: OrgId,
    pub name: String,
    /// Below the subtree's root (0 for the root).
    pub depth: usize,
    /// Per measure (as [`MEASURES`]), per level (as [`LEVELS`]).
    pub cells: [[i64; 3]; 6],
    /// Per incident kind (as `IncidentKind::ALL`).
    pub incidents: [i64; 3],
}

impl OrgStats {
    fn new(org: OrgId) -> Self {
        Self { org, name: String::new(), depth: 0, cells: [[0; 3]; 6], incidents: [0; 3] }
    }

    pub fn total(&self, m: usize) -> i64 {
        self.cells[m].iter().sum()
    }
    fn is_empty(&self) -> bool {
        self.cells.iter().flatten().all(|n| *n == 0) && self.incidents.iter().all(|n| *n == 0)
    }
}

#[derive(Debug, Clone)]
pub struct YearlyStats {
    pub org: OrgId,
    pub year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub due: NaiveDate,
    /// The root first, then every organisation with something to count, in tree order.
    pub rows: Vec<OrgStats>,
}

impl App {
    /// The report year whose counted period holds today (after its last day, the next one's).
    pub fn secret_report_year(&self) -> i32 {
        use chrono::Datelike;
        let today = self.today();
        let year = today.year();
        match self.secret_rules().yearly_report.period(year) {
            Some((_, to, _)) if today > to => year + 1,
            _ => year,
        }
    }

    pub async fn secret_yearly_stats(&self, org: OrgId, year: i32) -> Result<YearlyStats> {
        let (from, to, due) = self
            .secret_rules()
            .yearly_report
            .period(year)
            .ok_or_else(|| Error::invalid("year", "năm báo cáo không hợp lệ"))?;
        let counts = self.store.secret_counts(org, from, to).await?;
        let incidents = self.store.incident_counts(org, from, to).await?;
        let tree = self.tree();
        let mut by: HashMap<OrgId, OrgStats> = HashMap::new();
        // Each count goes to its organisation and every one above it up to the root asked for.
        let mut up = |at: OrgId, f: &mut dyn FnMut(&mut OrgStats)| {
            for a in tree.ancestors(at) {
                f(by.entry(a).or_insert_with(|| OrgStats::new(a)));
                if a == org {
                    break;
                }
            }
        };
        for c in &counts {
            let m = MEASURES.iter().position(|(m, _)| *m == c.measure).unwrap_or(0);
            let l = LEVELS.iter().position(|l| *l == c.level).unwrap_or(0);
            up(c.org, &mut |s| s.cells[m][l] += c.n);
        }
        for (o, kind, n) in &incidents {
            let k = IncidentKind::ALL.iter().position(|x| x == kind).unwrap_or(0);
            up(*o, &mut |s| s.incidents[k] += n);
        }
        let mut rows = Vec::new();
        let root_depth = tree.ancestors(org).len();
        for id in tree.subtree(org) {
            let Some(mut s) = by.remove(&id) else {
                if id == org {
                    let mut empty = OrgStats::new(org);
                    empty.name = tree.get(org).map(|n| n.name.clone()).unwrap_or_default();
                    rows.push(empty);
                }
                continue;
            };
            if s.is_empty() && id != org {
                continue;
            }
            s.org = id;
            s.name = tree.get(id).map(|n| n.name.clone()).unwrap_or_default();
            s.depth = tree.ancestors(id).len().saturating_sub(root_depth);
            rows.push(s);
        }
        Ok(YearlyStats { org, year, from, to, due, rows })
    }

    /// The report as an official paper: the total by level, then the organisations.
    pub async fn secret_stats_pdf(&self, s: &YearlyStats) -> Result<Vec<u8>> {
        let (parent_body, issuing_body, place) = self.letterhead(s.org);
        let dmy = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        let root = s.rows.first().cloned().unwrap_or_else(|| OrgStats::new(s.org));
        let mut heads: Vec<String> = vec!["Số liệu".into()];
        heads.extend(LEVELS.iter().map(|l| l.label().to_string()));
        heads.push("Cộng".into());
        let by_level = MEASURES
            .iter()
            .enumerate()
            .map(|(m, (_, name))| {
                let mut r = vec![name.to_string()];
                r.extend(root.cells[m].iter().map(i64::to_string));
                r.push(root.total(m).to_string());
                r
            })
            .collect();
        let mut org_heads: Vec<String> = vec!["Đơn vị".into()];
        org_heads.extend(MEASURES.iter().map(|(_, n)| n.to_string()));
        org_heads.extend(IncidentKind::ALL.iter().map(|k| k.label().to_string()));
        let orgs = s
            .rows
            .iter()
            .filter(|o| o.depth <= 1)
            .map(|o| {
                let mut r = vec![format!("{}{}", "— ".repeat(o.depth), o.name)];
                r.extend((0..MEASURES.len()).map(|m| o.total(m).to_string()));
                r.extend(o.incidents.iter().map(i64::to_string));
                r
            })
            .collect();
        let incidents: i64 = root.incidents.iter().sum();
        let doc = OfficialDoc {
            parent_body,
            issuing_body,
            number: "……-BC".into(),
            place,
            date: self.today(),
            title: Some("BÁO CÁO".into()),
            subject: format!("thống kê công tác bảo vệ bí mật nhà nước năm {}", s.year),
            addressees: Vec::new(),
            blocks: vec![
                Block::Paragraph(format!(
                    "Số liệu từ ngày {} đến ngày {}; hạn gửi báo cáo ngày {}. Mỗi đơn vị gồm cả các đơn vị trực thuộc.",
                    dmy(s.from),
                    dmy(s.to),
                    dmy(s.due)
                )),
                Block::Heading("1. Tổng hợp theo độ mật".into()),
                Block::Table { headers: heads, rows: by_level },
                Block::Paragraph(format!("Số vụ mất, lộ bí mật nhà nước và bì bị bóc, mở: {incidents}.")),
                Block::Heading("2. Theo đơn vị trực thuộc".into()),
                Block::Table { headers: org_heads, rows: orgs },
            ],
            recipients: vec!["Cấp trên trực tiếp".into(), "Lưu".into()],
            signer: Signer {
                on_behalf: String::new(), position: "NGƯỜI ĐỨNG ĐẦU".into(), name: "………………………".into()
            },
            classification: None,
            register_line: None,
            landscape: true,
        };
        crate::documents::official(doc, crate::documents::Format::Pdf).await
    }

    /// The report as a sheet: one line per organisation and measure, by level.
    pub async fn secret_stats_xlsx(&self, s: &YearlyStats) -> Result<Vec<u8>> {
        let mut rows = Vec::new();
        // The organisations two levels down: a province's units, the nation's provinces and
        // their units; each report below is that organisation's own.
        for o in s.rows.iter().filter(|o| o.depth <= 2) {
            let name = format!("{}{}", "— ".repeat(o.depth), o.name);
            for (m, (_, what)) in MEASURES.iter().enumerate() {
                let mut r = vec![name.clone(), what.to_string()];
                r.extend(o.cells[m].iter().map(i64::to_string));
                r.push(o.total(m).to_string());
                rows.push(r);
            }
            for (k, kind) in IncidentKind::ALL.iter().enumerate() {
                rows.push(vec![
                    name.clone(),
                    format!("Sự việc: {}", kind.label()),
                    String::new(),
                    String::new(),
                    String::new(),
                    o.incidents[k].to_string(),
                ]);
            }
        }
        let dmy = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        let heading = vec![format!("Từ ngày {} đến ngày {}; hạn gửi {}", dmy(s.from), dmy(s.to), dmy(s.due))];
        let title = format!("THỐNG KÊ CÔNG TÁC BẢO VỆ BÍ MẬT NHÀ NƯỚC NĂM {}", s.year);
        tokio::task::spawn_blocking(move || {
            crate::sheet::sheet_xlsx(&crate::sheet::Sheet {
                name: "Thống kê",
                title,
                heading,
                columns: vec![
                    ("Đơn vị", 40.0),
                    ("Số liệu", 22.0),
                    ("Tuyệt mật", 11.0),
                    ("Tối mật", 11.0),
                    ("Mật", 11.0),
                    ("Cộng", 11.0),
                ],
                rows,
                cut: None,
                banner: None,
            })
        })
        .await?
        .map_err(Error::internal)
    }
}
