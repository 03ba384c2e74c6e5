//! The text of one column of a book line, for the page, the PDF and the spreadsheet alike: the
//! columns are data (`secrets.toml`), so every output asks here what a field shows.

use super::EntryView;
use crate::cases::dmy;
use bvctnb_core::secret::{Field, SecretRules, WITHHELD};

/// What `field` shows for the line `e`. A Tuyệt mật item whose summary was not written shows
/// that it was not, so an empty cell is never mistaken for a forgotten one.
pub fn cell(e: &EntryView, field: Field, rules: &SecretRules) -> String {
    let r = &e.row;
    let item = r.item.as_ref();
    let of_item = |f: fn(&bvctnb_store::secrets::SecretItemRow) -> String| item.map(f).unwrap_or_default();
    match field {
        Field::Serial => format!("{:02}", r.serial),
        Field::EnteredOn => dmy(&r.entered_on),
        Field::ArrivalNumber => r.arrival_number.clone(),
        Field::NumberSymbol => of_item(|i| i.number_symbol.clone()),
        Field::DocDate => of_item(|i| dmy(&i.doc_date)),
        Field::Issuer => of_item(|i| i.issuer.clone()),
        Field::Summary => match item {
            None => String::new(),
            Some(_) if e.withheld => WITHHELD.to_string(),
            Some(i) => match &i.summary {
                Some(s) => format!("{} {}", i.doc_type, s).trim().to_string(),
                None => format!("{} (không ghi trích yếu)", i.doc_type),
            },
        },
        Field::Level => of_item(|i| i.level.label().to_string()),
        Field::Envelope => item
            .and_then(|i| i.doc_date.parse().ok().map(|d| rules.level(i.level, d).envelope.clone()))
            .unwrap_or_default(),
        Field::Signer => of_item(|i| i.signer.clone()),
        Field::Counterpart => r.counterpart.clone(),
        Field::Receipt => r.receipt.clone(),
        Field::Unit => r.unit.clone(),
        Field::Copies => r.copies.map(|c| c.to_string()).unwrap_or_default(),
        Field::CopyForm => r.copy_form.map(|f| f.label().to_string()).unwrap_or_default(),
        Field::CopyNumbers => r.copy_numbers.clone(),
        Field::ApprovedBy => r.approved_by.clone(),
        Field::Note => match &r.cancelled_reason {
            Some(why) => {
                format!("Đã huỷ: {why}{}", if r.note.is_empty() { String::new() } else { format!("; {}", r.note) })
            }
            None => r.note.clone(),
        },
    }
}
