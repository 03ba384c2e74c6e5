//! The lapses of going abroad (DOMAIN §5.4) as findings. They come from the trip register, not
//! from the dossier, so the evaluator never sees them: a caller that has the person's flags adds
//! them here. Each becomes a finding cited to the pack's rule for an officer to handle; whether
//! it is a disciplinary offence is for the competent committee, never concluded here.

use crate::eval::{Evaluation, Finding, Trigger, finding, settle_triggers};
use crate::facts::{Hit, PersonRef, words_ok};
use crate::model::{FactKind, Pack, Who};
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::travel::{FlagKind, TravelFlag};

/// The fact kind a pack rule names for a flag; the codes are the same. The way back is
/// [`FactKind::flag`].
impl From<FlagKind> for FactKind {
    fn from(k: FlagKind) -> Self {
        match k {
            FlagKind::Unapproved => FactKind::TripUnapproved,
            FlagKind::ReportMissing => FactKind::TripReportMissing,
            FlagKind::PassportNotReturned => FactKind::PassportNotReturned,
        }
    }
}

/// The findings the pack's travel rules for `kind` make of one person's flags, in the pack's
/// rule order.
pub fn travel_findings(pack: &Pack, kind: CaseKind, flags: &[TravelFlag]) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in pack.rules.iter().filter(|r| r.cases.contains(&kind) && r.who.contains(&Who::Subject)) {
        let Some(flag_kind) = rule.when.fact.flag() else { continue };
        let mut triggers: Vec<Trigger> = flags
            .iter()
            .filter(|f| f.kind == flag_kind && words_ok(&rule.when, &f.text))
            .map(|f| Trigger {
                person: PersonRef::Subject,
                hit: Hit { text: f.text.clone(), status: None, source: f.source.clone(), uncertain: false },
            })
            .collect();
        if !triggers.is_empty() {
            settle_triggers(&mut triggers);
            out.push(finding(pack, rule, kind, triggers));
        }
    }
    out
}

/// `e` with the travel findings of `flags` added after the dossier's, and the ceiling and the
/// authority recomputed over all of them. `pack` must be the one `e` was made with.
pub fn with_travel(mut e: Evaluation, pack: &Pack, flags: &[TravelFlag]) -> Evaluation {
    debug_assert_eq!(e.pack_id, pack.id, "travel findings from another pack than the evaluation's");
    let extra = travel_findings(pack, e.kind, flags);
    if !extra.is_empty() {
        e.findings.extend(extra);
        e.settle();
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    const PACK: &str = r#"
id = "t"
version = "1"
title = "Thử"
document = "Quy định thử"
effective_from = "2022"

[[authorities]]
id = "cap-uy"
title = "Cấp ủy"
level = 2

[[ceilings]]
id = "tran"
title = "Trần"
rank = 10

[[rules]]
id = "chua-dong-y"
title = "Đi nước ngoài chưa được đồng ý"
citation = { document = "Quy định số 69-QĐ/TW (2022)", clause = "Điều 34" }
basis = "read"
cases = ["review", "committee"]
who = ["subject"]
[rules.when]
fact = "trip_unapproved"
[rules.then]
severity = "review"
authority = "cap-uy"

[[rules]]
id = "chua-bao-cao"
title = "Chưa nộp báo cáo"
citation = { document = "Hướng dẫn số 01-HD/BTCTW (05/8/2022)" }
basis = "read"
cases = ["review"]
who = ["subject"]
[rules.when]
fact = "trip_report_missing"
[rules.then]
severity = "review"
ceiling = { review = "tran" }

[[rules]]
id = "ho-chieu-ngoai-giao"
title = "Chưa nộp lại hộ chiếu ngoại giao"
citation = { document = "Hướng dẫn số 01-HD/BTCTW (05/8/2022)" }
basis = "read"
cases = ["review"]
who = ["subject"]
[rules.when]
fact = "passport_not_returned"
words = ["ngoại giao"]
[rules.then]
severity = "info"
"#;

    #[test]
    fn travel_fact_codes_are_the_flag_codes() {
        for &k in FlagKind::ALL {
            let f = FactKind::from(k);
            assert_eq!(f.flag(), Some(k));
            assert_eq!(serde_json::to_value(f).unwrap(), k.code());
        }
        assert_eq!(FactKind::Discipline.flag(), None);
    }

    fn pack() -> Pack {
        let file = std::path::Path::new("t/pack.toml");
        let p = crate::load::parse(PACK, file).unwrap();
        assert_eq!(crate::load::check(&p, PACK, file), []);
        p
    }

    fn flag(kind: FlagKind, trip: i64, text: &str) -> TravelFlag {
        TravelFlag {
            kind,
            trip: bvctnb_core::ids::TripId(trip),
            text: text.into(),
            source: format!("Sổ theo dõi đi nước ngoài, đơn số {trip}"),
        }
    }

    #[test]
    fn each_flag_kind_cites_its_own_rule() {
        let p = pack();
        let cases = [
            (FlagKind::Unapproved, "chua-dong-y", "Điều 34"),
            (FlagKind::ReportMissing, "chua-bao-cao", ""),
            (FlagKind::PassportNotReturned, "ho-chieu-ngoai-giao", ""),
        ];
        for (kind, rule, clause) in cases {
            let f = travel_findings(&p, CaseKind::Review, &[flag(kind, 7, "Hộ chiếu ngoại giao, về nước 02/03/2026")]);
            assert_eq!(f.len(), 1, "{kind:?}: {f:?}");
            assert_eq!(f[0].rule_id, rule);
            assert_eq!(f[0].citation, p.rule(rule).unwrap().citation);
            assert_eq!(f[0].citation.clause, clause, "an unknown clause stays blank");
            let t = &f[0].triggers[0];
            assert_eq!(t.person, PersonRef::Subject);
            assert_eq!(t.hit.source, "Sổ theo dõi đi nước ngoài, đơn số 7");
            assert_eq!(t.hit.status, None);
        }
    }

    #[test]
    fn only_for_the_case_kinds_the_rule_lists() {
        let p = pack();
        let flags = [flag(FlagKind::Unapproved, 1, "Đi Lào 01/02/2026"), flag(FlagKind::ReportMissing, 2, "Đi Úc")];
        let ids = |k| travel_findings(&p, k, &flags).into_iter().map(|f| f.rule_id).collect::<Vec<_>>();
        assert_eq!(ids(CaseKind::Review), ["chua-dong-y", "chua-bao-cao"]);
        assert_eq!(ids(CaseKind::Committee), ["chua-dong-y"]);
        assert!(ids(CaseKind::Admission).is_empty());
    }

    #[test]
    fn words_filter_the_flags() {
        let p = pack();
        let official = flag(FlagKind::PassportNotReturned, 3, "Hộ chiếu công vụ, về nước 02/03/2026");
        assert!(travel_findings(&p, CaseKind::Review, std::slice::from_ref(&official)).is_empty());
        let diplomatic = flag(FlagKind::PassportNotReturned, 4, "Ho chieu NGOAI GIAO, về nước 02/03/2026");
        let f = travel_findings(&p, CaseKind::Review, &[official, diplomatic]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].triggers.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);
    }

    #[test]
    fn no_flags_no_findings_and_the_evaluation_is_unchanged() {
        let p = pack();
        assert!(travel_findings(&p, CaseKind::Review, &[]).is_empty());
        let e = crate::eval::evaluate_facts(&p, &Default::default(), CaseKind::Review);
        assert_eq!(with_travel(e.clone(), &p, &[]), e);
    }

    #[test]
    fn added_findings_set_the_ceiling_and_authority_in_any_order_of_flags() {
        let p = pack();
        let e = crate::eval::evaluate_facts(&p, &Default::default(), CaseKind::Review);
        assert!(e.ceiling.is_none() && e.authority.is_none());
        let mut flags = vec![
            flag(FlagKind::ReportMissing, 2, "Đi Úc, về nước 10/01/2026"),
            flag(FlagKind::Unapproved, 1, "Đi Lào 01/02/2026"),
            flag(FlagKind::ReportMissing, 5, "Đi Nhật, về nước 01/03/2026"),
        ];
        let a = with_travel(e.clone(), &p, &flags);
        assert_eq!(a.ceiling.as_ref().map(|c| c.id.as_str()), Some("tran"));
        assert_eq!(a.authority.as_ref().map(|c| c.id.as_str()), Some("cap-uy"));
        assert_eq!(a.findings.iter().map(|f| f.rule_id.as_str()).collect::<Vec<_>>(), ["chua-dong-y", "chua-bao-cao"]);
        flags.reverse();
        assert_eq!(with_travel(e, &p, &flags), a);
    }
}
