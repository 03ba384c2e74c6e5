//! Properties of the evaluator over arbitrary dossiers: relatives outside every rule's and the
//! verification scope's reach (grandparents, siblings: the "uncle" of DOMAIN §5.1) change
//! nothing; the order of the family table changes nothing; a pack and its serialised form
//! evaluate the same.

mod common;

use bvctnb_core::Declaration;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::dossier::{FactStatus, FormerRegimeBranch, HistoricalFact, OrgNature};
use bvctnb_core::family::{Abroad, RelationKind, Relative};
use bvctnb_rules::model::{Pack, covers};
use bvctnb_rules::{Answer, Input, PersonRef, evaluate};
use common::*;
use proptest::prelude::*;

fn facts() -> Vec<HistoricalFact> {
    let p = |s| prov(s);
    vec![
        HistoricalFact::FormerRegimePost {
            post: "Nhân viên".into(),
            unit: "Phủ Đặc ủy Trung ương Tình báo".into(),
            branch: FormerRegimeBranch::SecurityIntelligence,
            from: year(1968),
            to: Some(year(1974)),
            provenance: p(FactStatus::Verified),
        },
        HistoricalFact::FormerRegimePost {
            post: "Hạ sĩ".into(),
            unit: "Sư đoàn 25".into(),
            branch: FormerRegimeBranch::Military,
            from: year(1970),
            to: Some(year(1975)),
            provenance: p(FactStatus::Declared),
        },
        HistoricalFact::FormerRegimePost {
            post: "Chủ tịch chi bộ".into(),
            unit: "Đảng Đại Việt".into(),
            branch: FormerRegimeBranch::ReactionaryParty,
            from: year(1965),
            to: Some(year(1970)),
            provenance: p(FactStatus::Reported),
        },
        HistoricalFact::Arrest {
            by_whom: "Chính quyền Sài Gòn".into(),
            when: year(1969),
            place: "Côn Đảo".into(),
            released: Some(year(1973)),
            conduct: "Đầu hàng, khai báo gây thiệt hại".into(),
            provenance: p(FactStatus::Mismatch),
        },
        HistoricalFact::Arrest {
            by_whom: "Thực dân Pháp".into(),
            when: year(1950),
            place: "Hỏa Lò".into(),
            released: Some(year(1954)),
            conduct: "Giữ vững khí tiết".into(),
            provenance: p(FactStatus::Declared),
        },
        HistoricalFact::ForeignOrganisation {
            organisation: "Cơ quan tình báo nước ngoài".into(),
            country: "Nước ngoài".into(),
            nature: OrgNature::Political,
            role: "Cộng tác viên".into(),
            from: year(2015),
            to: None,
            provenance: p(FactStatus::Reported),
        },
        HistoricalFact::ForeignOrganisation {
            organisation: "Samsung Electronics".into(),
            country: "Hàn Quốc".into(),
            nature: OrgNature::Economic,
            role: "Nhân viên".into(),
            from: year(2018),
            to: Some(year(2020)),
            provenance: p(FactStatus::Declared),
        },
        HistoricalFact::ReligiousPost {
            religion: "Công giáo".into(),
            post: "Hội đồng mục vụ".into(),
            from: year(2010),
            to: None,
            provenance: p(FactStatus::Declared),
        },
    ]
}

/// One relative (or the subject, when `kind` is None) and what is known about them.
#[derive(Debug, Clone)]
struct Spec {
    kind: Option<RelationKind>,
    facts: Vec<usize>,
    issues: bool,
    abroad: bool,
    member_complete: bool,
    mismatch: bool,
}

fn spec(kinds: Vec<RelationKind>) -> impl Strategy<Value = Spec> {
    (
        proptest::option::weighted(0.85, proptest::sample::select(kinds)),
        proptest::collection::vec(0..facts().len(), 0..3),
        any::<bool>(),
        proptest::bool::weighted(0.2),
        proptest::bool::weighted(0.2),
        proptest::bool::weighted(0.15),
    )
        .prop_map(|(kind, facts, issues, abroad, member_complete, mismatch)| Spec {
            kind,
            facts,
            issues,
            abroad,
            member_complete,
            mismatch,
        })
}

fn apply(d: &mut Declaration, answers: &mut Vec<Answer>, specs: &[Spec], tag: &str) {
    let all = facts();
    for (i, s) in specs.iter().enumerate() {
        let chosen: Vec<HistoricalFact> = s.facts.iter().map(|&f| all[f].clone()).collect();
        let person = match s.kind {
            None => {
                d.historical_facts.extend(chosen);
                PersonRef::Subject
            }
            Some(kind) => {
                let mut r: Relative = relative(kind, &format!("Nguyễn Văn {tag}{i}"));
                r.facts = chosen;
                if s.issues && kind.tier() != bvctnb_core::family::Tier::Three {
                    r.political_issues = "Có thời gian làm việc trong chế độ cũ".into();
                }
                if s.abroad {
                    r.abroad = Some(Abroad { country: "Úc".into(), since: None, occupation: String::new() });
                }
                if s.member_complete {
                    r.party_member =
                        Some(bvctnb_core::family::RelativeMembership { card_no: None, record_complete: true });
                }
                let p = PersonRef::of(&r);
                d.family.push(r);
                p
            }
        };
        if s.mismatch {
            answers.push(Answer {
                person,
                point: "Lịch sử chính trị".into(),
                matches: false,
                detail: "Khác lời khai".into(),
                source: "Công văn số 3-CV/ĐU".into(),
            });
        }
    }
}

/// Relation kinds that no rule applying to `kind` and no verification scope looks at.
fn out_of_reach(p: &Pack, kind: CaseKind) -> Vec<RelationKind> {
    RelationKind::ALL
        .into_iter()
        .filter(|r| {
            !p.rules.iter().any(|rule| rule.cases.contains(&kind) && covers(&rule.who, *r))
                && !p.scope_for(kind).is_some_and(|s| covers(&s.persons, *r))
        })
        .collect()
}

fn run(p: &Pack, d: &Declaration, answers: &[Answer], kind: CaseKind) -> bvctnb_rules::Evaluation {
    evaluate(p, &Input { declaration: d, answers, kind, as_of: as_of(), with_plan: true })
}

fn kinds() -> impl Strategy<Value = CaseKind> {
    proptest::sample::select(CaseKind::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn relatives_out_of_reach_change_nothing(
        base in proptest::collection::vec(spec(RelationKind::ALL.to_vec()), 0..6),
        extra in proptest::collection::vec(spec(RelationKind::ALL.to_vec()), 1..4),
        kind in kinds(),
        pack_ix in 0..3usize,
    ) {
        let p = &packs()[pack_ix].pack;
        let reach = out_of_reach(p, kind);
        prop_assume!(!reach.is_empty());
        let mut d = clean();
        let mut answers = Vec::new();
        apply(&mut d, &mut answers, &base, "A");
        let before = run(p, &d, &answers, kind);
        // The same relatives, re-pointed at kinds no rule and no scope looks at.
        let extra: Vec<Spec> = extra
            .into_iter()
            .enumerate()
            .map(|(i, mut s)| { s.kind = Some(reach[i % reach.len()]); s })
            .collect();
        apply(&mut d, &mut answers, &extra, "B");
        prop_assert_eq!(run(p, &d, &answers, kind), before);
    }

    #[test]
    fn order_of_the_family_table_changes_nothing(
        specs in proptest::collection::vec(spec(RelationKind::ALL.to_vec()), 0..9),
        kind in kinds(),
        pack_ix in 0..3usize,
        seed in any::<u64>(),
    ) {
        let p = &packs()[pack_ix].pack;
        let mut d = clean();
        let mut answers = Vec::new();
        apply(&mut d, &mut answers, &specs, "A");
        let before = run(p, &d, &answers, kind);
        // A deterministic shuffle of relatives and answers.
        let n = d.family.len();
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            d.family.swap(i, (s >> 33) as usize % (i + 1));
        }
        answers.reverse();
        prop_assert_eq!(run(p, &d, &answers, kind), before);
    }

    #[test]
    fn a_pack_and_its_serialised_form_evaluate_the_same(
        specs in proptest::collection::vec(spec(RelationKind::ALL.to_vec()), 0..9),
        kind in kinds(),
        pack_ix in 0..3usize,
    ) {
        let p = &packs()[pack_ix].pack;
        let text = toml::to_string(p).unwrap();
        let again = bvctnb_rules::parse(&text, std::path::Path::new("serialised.toml")).unwrap();
        prop_assert_eq!(&again, p);
        prop_assert!(bvctnb_rules::check(&again, &text, std::path::Path::new("serialised.toml")).is_empty());
        let mut d = clean();
        let mut answers = Vec::new();
        apply(&mut d, &mut answers, &specs, "A");
        prop_assert_eq!(run(&again, &d, &answers, kind), run(p, &d, &answers, kind));
    }
}

#[test]
fn out_of_reach_under_58_for_admission_is_grandparents_and_siblings() {
    let p = &pack("qd-58-2022").pack;
    let codes: Vec<&str> = out_of_reach(p, CaseKind::Admission).iter().map(|r| r.code()).collect();
    assert_eq!(
        codes,
        [
            "paternal_grandfather",
            "paternal_grandmother",
            "maternal_grandfather",
            "maternal_grandmother",
            "spouse_paternal_grandfather",
            "spouse_paternal_grandmother",
            "spouse_maternal_grandfather",
            "spouse_maternal_grandmother",
            "sibling",
            "spouse_sibling"
        ]
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    /// The store's screening projection gives exactly the findings of the whole declaration, so a
    /// campaign that reads only the projection misses nothing.
    #[test]
    fn the_screening_projection_finds_what_the_declaration_finds(
        specs in proptest::collection::vec(spec(RelationKind::ALL.to_vec()), 0..9),
        kind in kinds(),
        pack_ix in 0..3usize,
    ) {
        let p = &packs()[pack_ix].pack;
        let mut d = clean();
        let mut unused = Vec::new();
        apply(&mut d, &mut unused, &specs, "A");
        let whole = run(p, &d, &[], kind);
        let facts = bvctnb_core::screening::ScreeningFacts::of(&d);
        let projected = bvctnb_rules::evaluate_facts(p, &facts, kind);
        prop_assert_eq!(&projected.findings, &whole.findings);
        prop_assert_eq!(projected.fingerprint(), whole.fingerprint());
        prop_assert_eq!(&projected.ceiling, &whole.ceiling);
        // Nothing in the projection means nothing for any rule of any pack.
        if facts.is_empty() {
            prop_assert!(whole.findings.is_empty());
        }
        // And it survives the store's JSON round trip.
        let stored = bvctnb_core::screening::ScreeningFacts::to_json(&d);
        let back: bvctnb_core::screening::ScreeningFacts =
            stored.as_deref().map_or_else(Default::default, |s| serde_json::from_str(s).unwrap());
        prop_assert_eq!(back, facts);
    }
}
