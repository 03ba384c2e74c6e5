//! The copy marks of a copy request: every making of copies on it, one sheet per copy
//! ("Bản sao số …"), with the item's level, protection period or declassification, the approval
//! and the copy register line of that making. Printed from what the store recorded when the
//! copies were made, so a reprint gives the same numbers.

use super::{CopyRow, SecretItemRow, declassification};
use crate::cases::dmy;
use crate::{App, Error, Result};
use bvctnb_core::ids::CopyRequestId;
use bvctnb_core::secret::CopyForm;
use bvctnb_print::{CopyBatch, CopyMarks};
use bvctnb_store::secrets::EntryRow;

/// The numbers a copy register line gives ("3", "3–5"), as the store writes them.
fn numbers(text: &str) -> Vec<i64> {
    let mut it = text.split('–').map(|p| p.trim().parse::<i64>());
    match (it.next(), it.next(), it.next()) {
        (Some(Ok(a)), None, _) => vec![a],
        (Some(Ok(a)), Some(Ok(b)), None) if a <= b => (a..=b).collect(),
        _ => Vec::new(),
    }
}

fn form_title(f: CopyForm) -> &'static str {
    match f {
        CopyForm::Verbatim => "SAO Y",
        CopyForm::Transcript => "SAO LỤC",
        CopyForm::Extract => "TRÍCH SAO",
        CopyForm::Photo => "CHỤP",
    }
}

impl App {
    /// The sheets of every copy made on `id`; refused while none is made.
    pub async fn secret_copy_marks(&self, id: CopyRequestId) -> Result<Vec<u8>> {
        let req = self.secret_copy(id).await?;
        let item = self.secret_item(req.item_id).await?;
        let lines = self.store.copy_lines(id).await?;
        if lines.iter().all(|l| l.cancelled_on.is_some()) {
            return Err(Error::Conflict("chưa sao, chụp bản nào theo đề nghị này".into()));
        }
        let marks = self.copy_marks(&req, &item, &lines);
        tokio::task::spawn_blocking(move || bvctnb_print::copy_marks_pdf(&marks)).await?.map_err(Error::internal)
    }

    fn copy_marks(&self, req: &CopyRow, item: &SecretItemRow, lines: &[EntryRow]) -> CopyMarks {
        let (parent_body, body, place) = self.letterhead(item.org_id);
        let today = self.today();
        let declassified = declassification(item, today);
        let banner = match &declassified {
            Some(_) => format!("{} — GIẢI MẬT", item.level.mark()),
            None => item.level.mark(),
        };
        let period = match &declassified {
            Some((on, why)) => format!("Đã giải mật từ ngày {} ({why})", on.format("%d/%m/%Y")),
            None => format!("Thời hạn bảo vệ: {} năm, đến ngày {}", item.period_years, dmy(&item.period_end)),
        };
        let level = self.secret_rules().level(item.level, today);
        let envelope = match level.envelopes {
            1 => format!("Đóng bì: dấu chữ «{}»", level.envelope),
            n => format!("Đóng bì: dấu chữ «{}», {n} lớp bì", level.envelope),
        };
        let approved_by = [req.approver_name.as_deref(), req.approver_title.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let batches = lines
            .iter()
            .filter(|l| l.cancelled_on.is_none())
            .map(|l| CopyBatch {
                register_line: format!(
                    "Vào sổ quản lý sao, chụp số {:02}/{}, ngày {}",
                    l.serial,
                    &l.entered_on[..4.min(l.entered_on.len())],
                    dmy(&l.entered_on)
                ),
                recipient: l.counterpart.clone(),
                made_by: l.created_by.clone(),
                place_date: match l.entered_on.parse::<chrono::NaiveDate>() {
                    Ok(d) => format!("{place}, {}", d.format("ngày %d tháng %m năm %Y")),
                    Err(_) => place.clone(),
                },
                numbers: numbers(&l.copy_numbers),
            })
            .collect();
        CopyMarks {
            parent_body,
            body,
            form: form_title(req.form).to_string(),
            item: format!(
                "{} số {}, ngày {} của {}",
                item.doc_type,
                item.number_symbol,
                dmy(&item.doc_date),
                item.issuer
            ),
            banner,
            period,
            envelope,
            approved_by,
            of_total: req.approved_count.map(|n| format!("(được phép sao {n} bản)")).unwrap_or_default(),
            batches,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::numbers;

    #[test]
    fn copy_numbers_read_back_as_written() {
        assert_eq!(numbers("3"), vec![3]);
        assert_eq!(numbers("3–5"), vec![3, 4, 5]);
        assert!(numbers("").is_empty());
        assert!(numbers("5–3").is_empty());
    }
}
