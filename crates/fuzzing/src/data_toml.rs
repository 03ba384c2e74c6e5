//! The rules kept as data files an administrator edits: a regulation pack, the deadline
//! table, a year's calendar override and the travel periods. The first byte picks the kind.

use bvctnb_core::calendar::Calendar;
use bvctnb_core::case::{Deadlines, Stage};
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::travel::TravelRules;
use chrono::NaiveDate;
use std::path::Path;

/// A file is refused with a message, or loaded; what loads is then used the way the server
/// uses it (every rule evaluated, every deadline counted) without a panic or a hang.
pub fn data_toml(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let start = NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    let cal = Calendar::default();
    match kind % 4 {
        0 => pack(text, start),
        1 => {
            let Ok(d) = Deadlines::parse("fuzz/deadlines.toml", text) else { return };
            for &k in CaseKind::ALL.iter() {
                for &s in Stage::ALL {
                    if let Some(due) = d.due(&cal, k, s, start) {
                        assert!(due >= start, "a deadline before its start");
                    }
                }
            }
            assert!(d.request_due(&cal, start) >= start);
        }
        2 => match Calendar::from_override_files([("2026.toml", text)]) {
            Err(e) => assert!(!e.to_string().trim().is_empty(), "a calendar refused without a message"),
            Ok(c) => {
                let end = c.add_working_days(NaiveDate::from_ymd_opt(2025, 12, 31).expect("a date"), 30);
                assert!(c.is_working_day(end), "a deadline lands on a day off");
                for d in c.days_off(2026) {
                    assert!(!d.kind.label().trim().is_empty(), "a day off without its name");
                }
            }
        },
        _ => {
            let Ok(r) = TravelRules::parse("fuzz/travel.toml", text) else { return };
            assert!(r.report_due(&cal, start, &[3, 2, 1]) >= start);
            assert!(r.passport_due(&cal, start) >= start);
        }
    }
}

fn pack(text: &str, as_of: NaiveDate) {
    let file = Path::new("fuzz/pack.toml");
    let pack = match bvctnb_rules::load::parse(text, file) {
        Err(problems) => {
            assert!(problems.iter().all(|p| !p.message.trim().is_empty()), "a pack refused without a message");
            return;
        }
        Ok(p) => p,
    };
    if !bvctnb_rules::load::check(&pack, text, file).is_empty() {
        return;
    }
    let declaration = fixture();
    for &kind in CaseKind::ALL.iter() {
        let input = bvctnb_rules::Input { declaration: &declaration, answers: &[], kind, as_of, with_plan: true };
        let _ = bvctnb_rules::evaluate(&pack, &input);
    }
    for shipped in crate::builtin_packs() {
        let _ = bvctnb_rules::diff(&shipped.pack, &pack);
    }
}

fn fixture() -> bvctnb_core::Declaration {
    bvctnb_core::Declaration::from_json(include_str!("../../core/tests/fixtures/declaration.json"))
        .expect("the fixture declaration is valid")
}
