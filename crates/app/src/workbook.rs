//! A review campaign as an Excel workbook, the way organisation boards keep work lists today:
//! a summary sheet per organisation and the list of persons with each finding's clause.

use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_rules::Finding;
use bvctnb_store::Store;
use bvctnb_store::campaigns::Campaign;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    #[error(transparent)]
    Store(#[from] bvctnb_store::StoreError),
    #[error("không tạo được tệp Excel: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("kết quả rà soát không đọc được: {0}")]
    Findings(#[from] serde_json::Error),
}

const PAGE: i64 = 5_000;

/// What a finding says, one line: severity, title and clause.
pub fn finding_line(f: &Finding) -> String {
    format!("[{}] {} ({})", f.severity.label(), f.title, f.citation)
}

/// Who and what triggered it, with the declared channel it came from.
pub fn trigger_lines(f: &Finding) -> Vec<String> {
    f.triggers
        .iter()
        .map(|t| {
            let src = if t.hit.source.is_empty() { String::new() } else { format!(" — nguồn: {}", t.hit.source) };
            let unsure = if t.hit.uncertain { " (thời điểm chưa rõ, cần đối chiếu)" } else { "" };
            format!("{}: {}{unsure}{src}", t.person.label(), t.hit.text)
        })
        .collect()
}

/// The workbook for `campaign`, limited to the subtree `within` when given. Persons in
/// `recused` (the reader's own dossier and their relatives') are listed by name only, marked
/// "tự tránh", as on the campaign page.
pub async fn campaign_xlsx(
    store: &dyn Store,
    campaign: &Campaign,
    within: Option<OrgId>,
    recused: &[PersonId],
    scope_name: &str,
    pack_title: &str,
) -> Result<Vec<u8>, WorkbookError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let head = Format::new().set_bold().set_border(FormatBorder::Thin).set_align(FormatAlign::Center).set_text_wrap();
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::Top);

    let tally = store.campaign_tally(campaign.id, within, recused).await?;
    let sum = wb.add_worksheet().set_name("Tổng hợp")?;
    sum.write_with_format(0, 0, format!("KẾT QUẢ ĐỢT RÀ SOÁT SỐ {}", campaign.id), &bold)?;
    let meta = [
        ("Gói quy định", format!("{pack_title} — {}", campaign.pack_version)),
        ("Loại việc", campaign.case_kind.label().to_string()),
        ("Phạm vi", scope_name.to_string()),
        ("Người khởi động", campaign.started_by.clone()),
        ("Bắt đầu", campaign.started_at.clone()),
        ("Kết thúc", campaign.finished_at.clone().unwrap_or_else(|| "chưa xong".into())),
        ("Số hồ sơ đã rà soát", format!("{} / {}", campaign.processed, campaign.total)),
        ("Số người có thay đổi", campaign.flagged.to_string()),
    ];
    for (i, (k, v)) in meta.iter().enumerate() {
        sum.write(2 + i as u32, 0, *k)?;
        sum.write(2 + i as u32, 1, v.as_str())?;
    }
    let top = 3 + meta.len() as u32;
    for (c, h) in ["STT", "Tổ chức", "Phát hiện mới", "Thay đổi", "Không còn phát hiện"].iter().enumerate()
    {
        sum.write_with_format(top, c as u16, *h, &head)?;
    }
    for (i, t) in tally.iter().enumerate() {
        let r = top + 1 + i as u32;
        sum.write_with_format(r, 0, (i + 1) as u32, &cell)?;
        sum.write_with_format(r, 1, t.org_name.as_str(), &cell)?;
        sum.write_with_format(r, 2, t.new as f64, &cell)?;
        sum.write_with_format(r, 3, t.changed as f64, &cell)?;
        sum.write_with_format(r, 4, t.cleared as f64, &cell)?;
    }
    sum.set_column_width(0, 22)?;
    sum.set_column_width(1, 48)?;
    sum.set_column_width(2, 14)?;
    sum.set_column_width(3, 14)?;
    sum.set_column_width(4, 18)?;

    // Rows are written in order, so the list keeps constant memory however long it is.
    let list = wb.add_worksheet_with_constant_memory().set_name("Danh sách")?;
    let widths = [6.0, 36.0, 28.0, 9.0, 22.0, 16.0, 60.0, 70.0];
    for (c, w) in widths.iter().enumerate() {
        list.set_column_width(c as u16, *w)?;
    }
    let heads = ["STT", "Tổ chức", "Họ và tên", "Năm sinh", "Thay đổi", "Mức độ cao nhất", "Căn cứ", "Chi tiết"];
    for (c, h) in heads.iter().enumerate() {
        list.write_with_format(0, c as u16, *h, &head)?;
    }
    let mut row = 1u32;
    let mut offset = 0;
    loop {
        let page = store.campaign_results(campaign.id, within, PAGE, offset).await?;
        for r in &page {
            if recused.contains(&r.result.person_id) {
                list.write_with_format(row, 0, row, &cell)?;
                list.write_with_format(row, 1, r.org_name.as_str(), &cell)?;
                list.write_with_format(row, 2, r.full_name.as_str(), &cell)?;
                list.write_with_format(row, 3, r.birth_year, &cell)?;
                for c in 4..8 {
                    list.write_with_format(row, c, "Tự tránh: không hiển thị", &cell)?;
                }
                row += 1;
                continue;
            }
            let findings: Vec<Finding> = serde_json::from_str(&r.result.findings)?;
            let severity = findings.iter().map(|f| f.severity).max().map_or("—", |s| s.label());
            let grounds: Vec<String> = findings.iter().map(finding_line).collect();
            let detail: Vec<String> = findings.iter().flat_map(trigger_lines).collect();
            list.write_with_format(row, 0, row, &cell)?;
            list.write_with_format(row, 1, r.org_name.as_str(), &cell)?;
            list.write_with_format(row, 2, r.full_name.as_str(), &cell)?;
            list.write_with_format(row, 3, r.birth_year, &cell)?;
            list.write_with_format(row, 4, r.result.change.label(), &cell)?;
            list.write_with_format(row, 5, severity, &cell)?;
            list.write_with_format(row, 6, grounds.join("\n"), &cell)?;
            list.write_with_format(row, 7, detail.join("\n"), &cell)?;
            row += 1;
        }
        if (page.len() as i64) < PAGE {
            break;
        }
        offset += PAGE;
    }
    Ok(wb.save_to_buffer()?)
}
