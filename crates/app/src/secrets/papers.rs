//! The board's own papers in its secret registers (DOMAIN §6): a verification letter when it is
//! sent, a conclusion (and its notice) when it is signed, go in the issuing committee's outgoing
//! book; a verification answer, when it is recorded, in the receiving committee's incoming book.
//! Which kinds are secret, at which level, is data ([`bvctnb_core::secret::PaperRule`]); the
//! line is written by the same case write that issues or records the paper, so a paper is never
//! issued without its line nor a line left without its paper. The printed paper carries its
//! grade and register number.

use crate::cases::Actor;
use crate::documents::OfficialDoc;
use crate::{App, Result};
use bvctnb_core::ids::OrgId;
use bvctnb_core::secret::{ItemOrigin, PaperKind, RegisterKind, SecretRules};
use bvctnb_store::secrets::{NewEntry, NewSecretItem, PaperLine};
pub use bvctnb_store::secrets::{PaperOf, PaperRegistered, PaperSource};
use chrono::NaiveDate;

/// A paper about to be issued or recorded, as its register line will describe it.
pub(crate) struct Paper {
    pub kind: PaperKind,
    pub of: PaperOf,
    /// The committee whose book it goes in.
    pub org: OrgId,
    /// The paper's own date.
    pub on: NaiveDate,
    /// The day it is entered: the day issued, or for a paper received, the day recorded.
    pub entered_on: NaiveDate,
    /// Its number when known before the write (typed, or an answer's); the store writes the
    /// number it takes itself.
    pub number: String,
    /// Who issued it: the committee, or for an answer the body that answered.
    pub issuer: String,
    pub summary: String,
    /// Outgoing: where it goes. Incoming: the unit that receives it.
    pub counterpart: String,
    pub signer: String,
}

impl App {
    /// The register line of `p`, or `None` when the rules in force on its date make its kind
    /// not secret.
    pub(crate) fn paper_line(&self, actor: &Actor, p: Paper) -> Option<PaperLine> {
        let rules = self.secret_rules();
        let rule = rules.paper(p.kind, p.on);
        let level = rule.level?;
        let years = rules.level(level, p.on).period_years;
        let origin = p.kind.origin();
        let item = NewSecretItem {
            org_id: p.org,
            origin,
            number_symbol: p.number,
            doc_date: p.on,
            issuer: p.issuer,
            doc_type: rule.doc_type.clone(),
            summary: Some(p.summary),
            summary_consent: false,
            level,
            classifier: actor.display_name.clone(),
            signer: p.signer,
            period_years: years,
            period_end: SecretRules::period_end(p.on, years),
            period_reason: None,
            copies_issued: rule.copies,
            named_to: None,
            created_by: actor.username.clone(),
        };
        let (counterpart, unit) = match origin {
            ItemOrigin::Issued => (p.counterpart, "Lưu hồ sơ".to_string()),
            ItemOrigin::Received => (String::new(), p.counterpart),
        };
        let entry = NewEntry {
            entered_on: Some(p.entered_on),
            counterpart,
            unit,
            copies: Some(rule.copies),
            note: format!("Lập trong hệ thống ({})", p.kind.label()),
            created_by: actor.username.clone(),
            ..Default::default()
        };
        Some(PaperLine { of: p.of, item, entry })
    }

    /// Where one of the board's own papers stands in the registers, if it was entered.
    pub async fn paper_registered(&self, source: PaperSource) -> Result<Option<PaperRegistered>> {
        Ok(self.store.paper_registered(source).await?)
    }

    /// The grade a paper of `kind` dated `on` is printed with ("MẬT"), if its kind is secret.
    pub fn paper_grade(&self, kind: PaperKind, on: NaiveDate) -> Option<String> {
        self.secret_rules().paper_level(kind, on).map(|l| l.mark())
    }

    /// Sets the grade and the register number on a printed paper: the grade its line was
    /// entered with, or for a paper issued before lines were written, its kind's on its date.
    pub(crate) async fn mark_paper(
        &self,
        doc: &mut OfficialDoc,
        kind: PaperKind,
        source: PaperSource,
        on: NaiveDate,
    ) -> Result<()> {
        let line = self.paper_registered(source).await?;
        let level = line.as_ref().map(|l| l.level).or_else(|| self.secret_rules().paper_level(kind, on));
        doc.classification = level.map(|l| l.mark());
        doc.register_line = line.map(|l| register_line(&l));
        Ok(())
    }
}

/// "Vào sổ BMNN đi số 12/2026" (with the book's number after the first book of a year).
pub fn register_line(l: &PaperRegistered) -> String {
    let book = match l.kind {
        RegisterKind::Incoming => "đến",
        _ => "đi",
    };
    let volume = if l.book_number > 1 { format!(", quyển {}", l.book_number) } else { String::new() };
    format!("Vào sổ BMNN {book} số {}/{}{volume}", l.serial, l.year)
}
