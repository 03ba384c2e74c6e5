//! A whole register book as the paper it replaces: the PDF in the layout of the book (cover,
//! then the lines) and the xlsx an officer works on. Both read the book through the same
//! withholding as the page, so a reader below a line's level gets its number, date and level
//! and nothing more, and both carry the highest level they hold at the top and the bottom.

use super::{BookRow, EntryView, cell, view};
use crate::{App, Error, Result};
use bvctnb_core::access::Clearance;
use bvctnb_core::secret::SecretLevel;
use bvctnb_print::{RegisterBook, RegisterRow};
use chrono::NaiveDate;

/// The whole book as its reader may see it, and the texts of its columns.
pub struct Printout {
    pub book: BookRow,
    pub headings: Vec<(String, u16)>,
    pub title: String,
    pub rows: Vec<(Vec<String>, bool)>,
    pub highest: Option<SecretLevel>,
}

impl App {
    /// Every line of `book`, content withheld where `clearance` does not reach its level.
    pub async fn secret_book_printout(&self, book: BookRow, clearance: Clearance) -> Result<Printout> {
        let mut lines: Vec<EntryView> = Vec::new();
        let mut from = 1;
        loop {
            let rows = self.store.book_entries(book.id, from, 1000).await?;
            let Some(last) = rows.last().map(|r| r.serial) else { break };
            lines.extend(rows.into_iter().map(|r| view(r, clearance)));
            from = last + 1;
        }
        let rules = self.secret_rules();
        let on = NaiveDate::from_ymd_opt(book.year, 12, 31).unwrap_or(self.today()).min(self.today());
        let form = rules.register(book.kind, on);
        let highest = lines.iter().filter_map(|e| e.row.item.as_ref().map(|i| i.level)).max();
        let rows = lines
            .iter()
            .map(|e| (form.columns.iter().map(|c| cell(e, c.0, rules)).collect(), e.row.cancelled_on.is_some()))
            .collect();
        Ok(Printout {
            headings: form.columns.iter().map(|c| (c.1.clone(), c.2)).collect(),
            title: form.title.clone(),
            rows,
            highest,
            book,
        })
    }

    /// The book as PDF: its cover with the names of the keeping unit and the one above it.
    pub async fn secret_book_pdf(&self, p: Printout) -> Result<Vec<u8>> {
        let (parent_body, body, _) = self.letterhead(p.book.org_id);
        let dmy = |d: &Option<String>| d.as_deref().map(crate::cases::dmy).unwrap_or_default();
        let serial = |n: i64| if p.book.last_serial > 0 { format!("{n:02}") } else { String::new() };
        let b = RegisterBook {
            parent_body,
            body,
            title: p.title,
            year: p.book.year,
            book_number: p.book.book_number,
            first_date: dmy(&p.book.first_date),
            last_date: dmy(&p.book.last_date),
            first_serial: serial(1),
            last_serial: serial(p.book.last_serial),
            closed: p
                .book
                .closed_on
                .as_deref()
                .map(|d| format!("Khoá sổ ngày {}", crate::cases::dmy(d)))
                .unwrap_or_default(),
            columns: p.headings,
            rows: p.rows.into_iter().map(|(cells, cancelled)| RegisterRow { cells, cancelled }).collect(),
            banner: p.highest.map(|l| l.mark()).unwrap_or_default(),
        };
        tokio::task::spawn_blocking(move || bvctnb_print::register_pdf(&b)).await?.map_err(Error::internal)
    }

    /// The book as an xlsx sheet, typed cells, the level above and below.
    pub async fn secret_book_xlsx(&self, p: Printout) -> Result<Vec<u8>> {
        let org = self.tree().get(p.book.org_id).map(|n| n.name.clone()).unwrap_or_default();
        tokio::task::spawn_blocking(move || {
            crate::sheet::sheet_xlsx(&crate::sheet::Sheet {
                name: "Sổ",
                title: format!("{} — NĂM {} — QUYỂN SỐ {}", p.title, p.book.year, p.book.book_number),
                heading: vec![org],
                columns: p.headings.iter().map(|(h, w)| (h.as_str(), 6.0 * f64::from(*w) + 4.0)).collect(),
                rows: p.rows.into_iter().map(|(c, _)| c).collect(),
                cut: None,
                banner: p.highest.map(|l| l.mark()),
            })
        })
        .await?
        .map_err(Error::internal)
    }
}
