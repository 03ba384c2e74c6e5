//! The Mẫu 2-KNĐ declaration as JSON (the API's PUT body, the import's person line, the stored
//! versions), and every shipped regulation pack evaluated on whatever validates.

use bvctnb_core::Declaration;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_rules::Input;

/// Refused with explained fields, or valid; a valid declaration stays valid and equal when
/// written back and read again, and every pack evaluates it for every kind of case.
pub fn declaration_json(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let d = match Declaration::from_json(s) {
        Err(e) => return crate::assert_explained(&e),
        Ok(d) => d,
    };
    let out = serde_json::to_string(&d).expect("a declaration serialises");
    let back = Declaration::from_json(&out).unwrap_or_else(|e| panic!("a written-back declaration is refused: {e:?}"));
    assert_eq!(back, d, "declaration changed on a round trip");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    for p in crate::builtin_packs() {
        for &kind in CaseKind::ALL.iter() {
            let e =
                bvctnb_rules::evaluate(&p.pack, &Input { declaration: &d, answers: &[], kind, as_of, with_plan: true });
            for f in &e.findings {
                assert!(!f.citation.to_string().trim().is_empty(), "a finding of {} without its clause", p.pack.id);
            }
        }
    }
}
