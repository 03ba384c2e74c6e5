//! Every rule of every shipped pack, with a dossier that fires it and dossiers that must not;
//! the verification plan of DOMAIN §5.1; ceilings, authorities and the exception path; the
//! checker's `file:line` messages; the diff between editions; and the going-abroad lapses, which
//! reach the rules from the trip register rather than the dossier.

mod common;

use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::family::{RelationKind, RelativeMembership};
use bvctnb_core::travel::{FlagKind, TravelFlag};
use bvctnb_rules::model::Who;
use bvctnb_rules::{Evaluation, Input, PersonRef, Severity, evaluate, with_travel};
use common::*;

fn eval(
    p: &bvctnb_rules::Pack,
    d: &bvctnb_core::Declaration,
    answers: &[bvctnb_rules::Answer],
    kind: CaseKind,
) -> Evaluation {
    evaluate(p, &Input { declaration: d, answers, kind, as_of: as_of(), with_plan: true })
}

/// [`eval`] with the trip-register flags the fixture stands for, as a caller with both would.
fn eval_fx(
    p: &bvctnb_rules::Pack,
    d: &bvctnb_core::Declaration,
    answers: &[bvctnb_rules::Answer],
    fx: &Fixture,
    kind: CaseKind,
) -> Evaluation {
    with_travel(eval(p, d, answers, kind), p, &flags(fx))
}

fn fired(e: &Evaluation, id: &str) -> bool {
    e.findings.iter().any(|f| f.rule_id == id)
}

#[test]
fn shipped_packs_load_and_pass_the_checks() {
    let packs = packs();
    let ids: Vec<&str> = packs.iter().map(|p| p.pack.id.as_str()).collect();
    assert_eq!(ids, ["qd-126-2018", "qd-57-2007", "qd-58-2022"]);
    for p in &packs {
        assert!(p.pack.rules.len() >= 15, "{} has {} rules", p.pack.id, p.pack.rules.len());
        assert!(p.pack.scope_for(CaseKind::Admission).is_some());
        assert_eq!(p.digest.len(), 12);
    }
    assert_eq!(pack("qd-58-2022").pack.supersedes.as_deref(), Some("qd-126-2018"));
    assert_eq!(pack("qd-126-2018").pack.supersedes.as_deref(), Some("qd-57-2007"));
}

#[test]
fn a_clean_dossier_fires_nothing_in_any_pack_or_case_kind() {
    let d = clean();
    for p in packs() {
        for kind in CaseKind::ALL {
            let e = eval(&p.pack, &d, &[], kind);
            assert!(e.findings.is_empty(), "{} / {kind:?}: {:?}", p.pack.id, e.findings);
            assert!(e.ceiling.is_none() && e.authority.is_none());
        }
    }
}

#[test]
fn every_rule_fires_on_its_own_condition_and_not_otherwise() {
    let mut checked = 0;
    for p in packs() {
        let pack = &p.pack;
        for rule in &pack.rules {
            let kind = rule.cases[0];
            let who =
                concrete(&rule.who).into_iter().find(|w| fits(rule.when.fact, *w)).expect("a person the fact fits");
            // Fires, on the right person, with the rule's own citation.
            let mut d = clean();
            let fx = fixture_for(&rule.when, Break::Nothing);
            let answers = place(&mut d, who, &fx);
            let e = eval_fx(pack, &d, &answers, &fx, kind);
            let f = e.findings.iter().find(|f| f.rule_id == rule.id);
            let f = f.unwrap_or_else(|| panic!("{}: {} did not fire: {:?}", pack.id, rule.id, e.findings));
            assert_eq!(f.citation, rule.citation);
            assert_eq!(f.severity, rule.then.severity);
            let on_who = f.triggers.iter().any(|t| match (&t.person, who) {
                (PersonRef::Subject, Who::Subject) => true,
                (PersonRef::Relative { relation, .. }, Who::Relative(k)) => *relation == k,
                _ => false,
            });
            assert!(on_who, "{}: {} fired on the wrong person", pack.id, rule.id);
            assert!(!f.triggers[0].hit.text.is_empty());
            // Not for a case kind the rule does not apply to.
            if let Some(other) = CaseKind::ALL.into_iter().find(|k| !rule.cases.contains(k)) {
                assert!(
                    !fired(&eval_fx(pack, &d, &answers, &fx, other), &rule.id),
                    "{}: {} fired for {other:?}",
                    pack.id,
                    rule.id
                );
            }
            // Not when the same fact sits on someone the rule does not look at.
            let outsider = std::iter::once(Who::Subject)
                .chain(RelationKind::ALL.into_iter().map(Who::Relative))
                .find(|w| !concrete(&rule.who).contains(w) && fits(rule.when.fact, *w));
            if let Some(o) = outsider {
                let mut d = clean();
                let fx = fixture_for(&rule.when, Break::Nothing);
                let answers = place(&mut d, o, &fx);
                let e = eval_fx(pack, &d, &answers, &fx, kind);
                assert!(!fired(&e, &rule.id), "{}: {} fired on {o:?}", pack.id, rule.id);
            }
            // Not when any one filter of the condition is broken.
            for brk in breakable(&rule.when) {
                let mut d = clean();
                let fx = fixture_for(&rule.when, brk);
                let answers = place(&mut d, who, &fx);
                let e = eval_fx(pack, &d, &answers, &fx, kind);
                assert!(!fired(&e, &rule.id), "{}: {} fired with {brk:?} broken: {:?}", pack.id, rule.id, e.findings);
            }
            checked += 1;
        }
    }
    assert!(checked >= 60, "only {checked} rules checked");
}

fn family_for_plan() -> bvctnb_core::Declaration {
    let mut d = clean();
    d.family.push(relative(RelationKind::Spouse, "Lê Văn Chồng"));
    let mut fil = relative(RelationKind::FatherInLaw, "Lê Văn Bố");
    fil.party_member = Some(RelativeMembership { card_no: None, record_complete: true });
    d.family.push(fil);
    let mut mil = relative(RelationKind::MotherInLaw, "Phạm Thị Mẹ");
    mil.party_member = Some(RelativeMembership { card_no: None, record_complete: false });
    d.family.push(mil);
    let mut minor = relative(RelationKind::Child, "Lê Văn Bé");
    minor.birth_year = Some(2020);
    d.family.push(minor);
    let mut adult = relative(RelationKind::Child, "Lê Thị Lớn");
    adult.birth_year = Some(2006);
    d.family.push(adult);
    let mut incapable = relative(RelationKind::AdoptedChild, "Lê Văn Nuôi");
    incapable.birth_year = Some(2004);
    incapable.full_civil_capacity = false;
    d.family.push(incapable);
    d
}

#[test]
fn the_plan_verifies_exactly_the_persons_of_the_scope() {
    let p = pack("qd-58-2022");
    let mut d = family_for_plan();
    d.family.iter_mut().find(|r| r.relation == RelationKind::Mother).unwrap().abroad =
        Some(bvctnb_core::family::Abroad {
            country: "Cộng hòa Pháp".into(), since: None, occupation: String::new()
        });
    let e = eval(&p.pack, &d, &[], CaseKind::Admission);
    let scope = p.pack.scope_for(CaseKind::Admission).unwrap();
    let who: Vec<String> = e.plan.iter().map(|l| l.person.label()).collect();
    let mut persons: Vec<&str> = e
        .plan
        .iter()
        .map(|l| match &l.person {
            PersonRef::Subject => "subject",
            PersonRef::Relative { relation, .. } => relation.code(),
        })
        .collect();
    persons.dedup();
    // Father, mother (abroad), mother-in-law (member, record incomplete), spouse, the adult child.
    assert_eq!(persons, ["subject", "father", "mother", "mother_in_law", "spouse", "child"], "{who:?}");
    // Not verified, with the reason: the member with a complete record, the minor, the incapable.
    let skipped: Vec<(&str, &str)> = e
        .not_verified
        .iter()
        .map(|s| match &s.person {
            PersonRef::Relative { name, .. } => (name.as_str(), s.reason.as_str()),
            PersonRef::Subject => ("subject", s.reason.as_str()),
        })
        .collect();
    assert_eq!(
        skipped,
        [
            ("Lê Văn Bố", "Đảng viên đang sinh hoạt, hồ sơ đầy đủ"),
            ("Lê Văn Bé", "Chưa đủ 18 tuổi"),
            ("Lê Văn Nuôi", "Không có năng lực hành vi dân sự đầy đủ"),
        ]
    );
    // The sibling abroad and the grandfather are not verification targets at all.
    assert!(!e.plan.iter().any(|l| matches!(&l.person, PersonRef::Relative { relation, .. }
        if matches!(relation, RelationKind::Sibling | RelationKind::PaternalGrandfather))));
    // One line per person × place × body; abroad goes through the body for organisations abroad.
    let mother: Vec<_> = e
        .plan
        .iter()
        .filter(|l| matches!(&l.person, PersonRef::Relative { relation: RelationKind::Mother, .. }))
        .collect();
    assert_eq!(mother.len(), 1);
    assert_eq!(mother[0].place, "Cộng hòa Pháp");
    assert_eq!(mother[0].body, scope.bodies.abroad);
    let subject: Vec<_> = e.plan.iter().filter(|l| l.person == PersonRef::Subject).collect();
    assert_eq!(subject.len(), 2, "residence and hometown");
    assert!(subject.iter().all(|l| l.body == scope.bodies.grassroots && l.points == scope.subject_points));
    let mut keys: Vec<_> = e.plan.iter().map(|l| (l.person.clone(), l.place.clone(), l.body.clone())).collect();
    keys.dedup();
    assert_eq!(keys.len(), e.plan.len());
}

#[test]
fn political_doubt_goes_to_the_security_body() {
    let p = pack("qd-58-2022");
    let rule = p.pack.rule("than-nhan-tay-sai-dich").unwrap();
    let mut d = clean();
    place(&mut d, Who::Relative(RelationKind::Father), &fixture_for(&rule.when, Break::Nothing));
    let e = eval(&p.pack, &d, &[], CaseKind::Admission);
    let scope = p.pack.scope_for(CaseKind::Admission).unwrap();
    let security: Vec<_> = e.plan.iter().filter(|l| l.body == scope.bodies.security).collect();
    assert_eq!(security.len(), 1);
    assert!(matches!(security[0].person, PersonRef::Relative { relation: RelationKind::Father, .. }));
    assert_eq!(security[0].reasons, ["than-nhan-tay-sai-dich"]);
    let f = e.findings.iter().find(|f| f.rule_id == "than-nhan-tay-sai-dich").unwrap();
    assert_eq!(f.severity, Severity::Violation);
    let ex = f.exception.as_ref().expect("the exception path is offered, not decided");
    assert_eq!(ex.authority, "btv-truc-thuoc-tw");
    assert_eq!(ex.citation.article, "Điều 10");
    assert_eq!(e.authority.as_ref().unwrap().id, "btv-cap-tren-co-so");
}

#[test]
fn qd_58_sets_a_ceiling_for_committee_cases_and_qd_126_does_not() {
    let mut d = clean();
    let p58 = pack("qd-58-2022");
    let rule = p58.pack.rule("than-nhan-lam-viec-che-do-cu").unwrap();
    place(&mut d, Who::Relative(RelationKind::Father), &fixture_for(&rule.when, Break::Nothing));
    let e = eval(&p58.pack, &d, &[], CaseKind::Committee);
    assert_eq!(e.ceiling.as_ref().map(|c| c.id.as_str()), Some("uv-btv-tinh"));
    // Admission has no ceiling: the position ceilings are for placement.
    assert!(eval(&p58.pack, &d, &[], CaseKind::Admission).ceiling.is_none());
    let e126 = eval(&pack("qd-126-2018").pack, &d, &[], CaseKind::Committee);
    assert!(fired(&e126, "than-nhan-lam-viec-che-do-cu"));
    assert!(e126.ceiling.is_none());
}

#[test]
fn dates_too_coarse_to_tell_are_flagged_not_dropped() {
    let p = pack("qd-58-2022");
    let mut d = clean();
    d.historical_facts.push(bvctnb_core::dossier::HistoricalFact::FormerRegimePost {
        post: "Thư ký".into(),
        unit: "Hội đồng xã".into(),
        branch: bvctnb_core::dossier::FormerRegimeBranch::Administration,
        from: year(1975),
        to: None,
        provenance: prov(bvctnb_core::dossier::FactStatus::Declared),
    });
    let e = eval(&p.pack, &d, &[], CaseKind::Admission);
    let f = e.findings.iter().find(|f| f.rule_id == "ban-than-lam-viec-che-do-cu").unwrap();
    assert!(f.triggers[0].hit.uncertain, "1975 alone cannot tell before or after 30/04/1975");
}

#[test]
fn fingerprint_follows_the_findings_not_the_wording() {
    let p = pack("qd-58-2022");
    let rule = p.pack.rule("than-nhan-van-de-chinh-tri").unwrap();
    let mut d = clean();
    place(&mut d, Who::Relative(RelationKind::Father), &fixture_for(&rule.when, Break::Nothing));
    let a = eval(&p.pack, &d, &[], CaseKind::Review);
    let mut reworded = p.pack.clone();
    for r in &mut reworded.rules {
        r.title = format!("{} (sửa lời)", r.title);
    }
    let b = eval(&reworded, &d, &[], CaseKind::Review);
    assert_eq!(a.fingerprint(), b.fingerprint());
    assert!(!a.fingerprint().is_empty());
    d.family.iter_mut().find(|r| r.relation == RelationKind::Father).unwrap().political_issues = "Khác".into();
    assert_ne!(eval(&p.pack, &d, &[], CaseKind::Review).fingerprint(), a.fingerprint());
    assert_eq!(eval(&p.pack, &clean(), &[], CaseKind::Review).fingerprint(), "");
}

#[test]
fn diff_126_to_58_names_what_changed() {
    let d = bvctnb_rules::diff(&pack("qd-126-2018").pack, &pack("qd-58-2022").pack);
    assert!(d.added.iter().any(|(s, id, _)| *s == "ceilings" && id == "uv-btv-tinh"));
    assert!(d.added.iter().any(|(s, id, _)| *s == "conclusions" && id == "phuc-tap"));
    let rule = d.changed.iter().find(|c| c.section == "rules" && c.id == "than-nhan-tay-sai-dich").unwrap();
    let fields: Vec<&str> = rule.fields.iter().map(|f| f.field.as_str()).collect();
    assert!(fields.contains(&"citation.document"), "{fields:?}");
    assert!(fields.contains(&"then.ceiling.committee"), "{fields:?}");
    assert!(fields.contains(&"exception.citation.article"), "{fields:?}");
    let text = bvctnb_rules::diff::render(&d);
    assert!(text.contains("+ Mức giới hạn uv-btv-tinh"), "{text}");
    assert!(text.contains("citation.document: Quy định số 126-QĐ/TW → Quy định số 58-QĐ/TW"), "{text}");
    assert!(bvctnb_rules::diff(&pack("qd-58-2022").pack, &pack("qd-58-2022").pack).is_empty());
}

#[test]
fn check_reports_file_and_line() {
    let good = std::fs::read_to_string(root().join("qd-58-2022/pack.toml")).unwrap();
    let file = std::path::Path::new("rules/x/pack.toml");
    // A reference to a ceiling that does not exist, on the line that holds it.
    let bad = good.replacen("ceiling = { committee = \"uv-btv-tinh\"", "ceiling = { committee = \"khong-co\"", 1);
    let pack = bvctnb_rules::parse(&bad, file).unwrap();
    let problems = bvctnb_rules::check(&pack, &bad, file);
    let line = bad.lines().position(|l| l.contains("committee = \"khong-co\"")).unwrap() + 1;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, line);
    assert_eq!(
        problems[0].to_string(),
        format!("rules/x/pack.toml:{line}: không có mức giới hạn \"khong-co\" trong [[ceilings]]")
    );
    // An unknown relation in "who" is a parse error at its line.
    let bad = good.replacen("who = [\"subject\"]", "who = [\"uncle\"]", 1);
    let err = bvctnb_rules::parse(&bad, file).unwrap_err();
    let line = bad.lines().position(|l| l.contains("\"uncle\"")).unwrap() + 1;
    assert_eq!(err[0].line, line, "{err:?}");
    assert!(err[0].message.contains("uncle"));
    // A filter that makes no sense for the fact, and a duplicated rule id.
    let bad = good.replacen("fact = \"arrest\"", "fact = \"arrest\"\nbranch = [\"military\"]", 1).replacen(
        "id = \"ban-than-canh-sat-dac-biet\"",
        "id = \"ban-than-tay-sai-dich\"",
        1,
    );
    let pack = bvctnb_rules::parse(&bad, file).unwrap();
    let msgs: Vec<String> = bvctnb_rules::check(&pack, &bad, file).iter().map(|p| p.to_string()).collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("bị trùng")));
    assert!(msgs.iter().any(|m| m.contains("\"branch\" chỉ dùng với")));
}

#[test]
fn travel_lapses_under_58_are_findings_cited_to_their_rules() {
    let p = pack("qd-58-2022");
    let expected = [
        (FlagKind::Unapproved, "di-nuoc-ngoai-chua-duoc-dong-y", "Quy định số 69-QĐ/TW (2022)", "Điều 34"),
        (FlagKind::ReportMissing, "chua-bao-cao-sau-chuyen-di", "Hướng dẫn số 01-HD/BTCTW (05/8/2022)", ""),
        (FlagKind::PassportNotReturned, "chua-nop-lai-ho-chieu", "Hướng dẫn số 01-HD/BTCTW (05/8/2022)", ""),
    ];
    for (kind, id, document, clause) in expected {
        let flag = TravelFlag {
            kind,
            trip: bvctnb_core::ids::TripId(3),
            text: format!("{}: đi Hàn Quốc, về nước 02/03/2026", kind.label()),
            source: "Sổ theo dõi đi nước ngoài, đơn số 3".into(),
        };
        let e = with_travel(eval(&p.pack, &clean(), &[], CaseKind::Review), &p.pack, std::slice::from_ref(&flag));
        assert_eq!(e.findings.len(), 1, "{kind:?}: {:?}", e.findings);
        let f = &e.findings[0];
        assert_eq!(f.rule_id, id);
        assert_eq!((f.citation.document.as_str(), f.citation.clause.as_str()), (document, clause));
        assert_eq!(f.severity, Severity::Review, "surfaced for an officer, not concluded");
        assert_eq!(f.triggers.len(), 1);
        assert_eq!(f.triggers[0].person, PersonRef::Subject);
        assert_eq!(f.triggers[0].hit.source, flag.source);
        // Admission is for applicants, who are not yet bound by the rules on members' travel.
        assert!(bvctnb_rules::travel_findings(&p.pack, CaseKind::Admission, &[flag]).is_empty());
    }
    // The older packs have no travel rules: the lapse is surfaced only under the pack in force.
    let flag = TravelFlag {
        kind: FlagKind::Unapproved,
        trip: bvctnb_core::ids::TripId(1),
        text: "Đi Lào".into(),
        source: "Sổ".into(),
    };
    assert!(bvctnb_rules::travel_findings(&pack("qd-126-2018").pack, CaseKind::Review, &[flag]).is_empty());
    // And the rules diff shows the three as added in 58.
    let d = bvctnb_rules::diff(&pack("qd-126-2018").pack, &pack("qd-58-2022").pack);
    for (_, id, _, _) in expected {
        assert!(d.added.iter().any(|(s, i, _)| *s == "rules" && i == id), "{id} not added");
    }
}

#[test]
fn travel_facts_are_for_the_subject_only() {
    let good = std::fs::read_to_string(root().join("qd-58-2022/pack.toml")).unwrap();
    let file = std::path::Path::new("rules/x/pack.toml");
    let at = good.find("id = \"di-nuoc-ngoai-chua-duoc-dong-y\"").unwrap();
    let bad = format!("{}{}", &good[..at], good[at..].replacen("who = [\"subject\"]", "who = [\"father\"]", 1));
    let pack = bvctnb_rules::parse(&bad, file).unwrap();
    let problems = bvctnb_rules::check(&pack, &bad, file);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let line = bad.lines().position(|l| l.contains("who = [\"father\"]")).unwrap() + 1;
    assert_eq!(problems[0].line, line, "{problems:?}");
    let m = &problems[0].message;
    assert!(m.contains("who = [\"subject\"]") && m.contains("\"trip_unapproved\"") && m.contains("\"father\""), "{m}");
    // A date filter is refused too: the register has already counted the days.
    let bad =
        good.replacen("fact = \"passport_not_returned\"", "fact = \"passport_not_returned\"\nafter = \"2025\"", 1);
    let pack = bvctnb_rules::parse(&bad, file).unwrap();
    let msgs: Vec<String> = bvctnb_rules::check(&pack, &bad, file).iter().map(|p| p.to_string()).collect();
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert!(msgs[0].contains("\"before\"/\"after\" không dùng với fact = \"passport_not_returned\""), "{msgs:?}");
}
