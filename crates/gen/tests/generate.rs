//! Properties of the generated data: determinism, validity, sizes and shares.

use bvctnb_core::identity::Sex;
use bvctnb_core::org::{OrgKind, OrgTree};
use bvctnb_core::person::MemberStatus;
use bvctnb_gen::{Generator, Scale};
use std::collections::{HashMap, HashSet};

fn count(g: &Generator, kinds: &[OrgKind]) -> usize {
    g.org_nodes().iter().filter(|n| kinds.contains(&n.kind)).count()
}

fn within(value: f64, target: f64, tolerance: f64) -> bool {
    (value - target).abs() <= target * tolerance
}

#[test]
fn same_scale_and_seed_give_identical_bytes() {
    let a = Generator::new(Scale::Persons(3_000), 42);
    let b = Generator::new(Scale::Persons(3_000), 42);
    assert_eq!(serde_json::to_string(&a.orgs()).unwrap(), serde_json::to_string(&b.orgs()).unwrap());
    let pa: Vec<_> = a.persons().step_by(7).collect();
    let pb: Vec<_> = b.persons().step_by(7).collect();
    assert_eq!(serde_json::to_string(&pa).unwrap(), serde_json::to_string(&pb).unwrap());
    // A person regenerated alone equals the same person from the full run.
    assert_eq!(a.person(1_234), a.persons().nth(1_234).unwrap());
    let c = Generator::new(Scale::Persons(3_000), 43);
    assert_ne!(serde_json::to_string(&c.person(0)).unwrap(), serde_json::to_string(&a.person(0)).unwrap());
}

#[test]
fn every_generated_person_validates() {
    for (scale, seed, step) in [(Scale::Persons(4_000), 1, 1), (Scale::Province, 2, 37), (Scale::Persons(57), 3, 1)] {
        let g = Generator::new(scale, seed);
        for i in (0..g.person_count()).step_by(step) {
            let p = g.person(i);
            if let Err(e) = p.declaration.validate() {
                panic!("{scale} seed {seed} person {i}: {e:?}\n{}", serde_json::to_string_pretty(&p).unwrap());
            }
        }
    }
}

#[test]
fn generated_json_round_trips_through_the_importer() {
    let g = Generator::new(Scale::Persons(300), 9);
    for p in g.persons() {
        let json = serde_json::to_string(&p.declaration).unwrap();
        let back = bvctnb_core::Declaration::from_json(&json).unwrap();
        assert_eq!(back, p.declaration);
    }
}

#[test]
fn trees_are_valid_and_persons_sit_in_member_holding_nodes() {
    for scale in [Scale::Persons(0), Scale::Persons(1), Scale::Persons(50), Scale::Persons(5_000), Scale::Province] {
        let g = Generator::new(scale, 5);
        let nodes = g.orgs();
        for (i, n) in nodes.iter().enumerate() {
            assert_eq!(n.id.0, i as i64 + 1, "ids from 1 in order");
            assert!(n.parent.is_none_or(|p| p < n.id), "parents before children");
        }
        let tree = OrgTree::from_nodes(nodes).unwrap();
        assert!(count(&g, &[OrgKind::Cell, OrgKind::GrassrootsCell]) >= 1, "{scale}");
        for i in 0..g.person_count() {
            let org = g.org_of(i);
            assert!(tree.get(org).unwrap().kind.holds_members(), "{scale}: person {i} in {org}");
        }
        if g.person_count() > 0 {
            let last = g.person(g.person_count() - 1);
            assert_eq!(last.org_id, g.org_of(g.person_count() - 1));
        }
    }
}

#[test]
fn province_scale_matches_dong_nai() {
    let g = Generator::new(Scale::Province, 1);
    assert_eq!(g.person_count(), 90_000);
    let grassroots = count(&g, &[OrgKind::GrassrootsCommittee, OrgKind::GrassrootsCell]);
    let cells = count(&g, &[OrgKind::Cell]);
    assert!(within(grassroots as f64, 950.0, 0.1), "{grassroots} grassroots");
    assert!(within(cells as f64, 3_000.0, 0.1), "{cells} cells");
    assert_eq!(count(&g, &[OrgKind::DirectlyUnderCentral]), 1);
    assert!(g.org_nodes().iter().any(|n| n.name == "Đảng bộ tỉnh Đồng Nai"));
    for kind in [OrgKind::Intermediate, OrgKind::SubCommittee, OrgKind::Group] {
        assert!(count(&g, &[kind]) > 0, "{kind:?}");
    }
}

#[test]
fn national_scale_has_the_34_provinces_and_the_blocs() {
    let g = Generator::new(Scale::National, 1);
    assert_eq!(g.person_count(), 5_600_000);
    let grassroots = count(&g, &[OrgKind::GrassrootsCommittee, OrgKind::GrassrootsCell]);
    assert!(within(grassroots as f64, 52_000.0, 0.1), "{grassroots} grassroots");
    let top: Vec<&str> =
        g.org_nodes().iter().filter(|n| n.kind == OrgKind::DirectlyUnderCentral).map(|n| n.name.as_str()).collect();
    assert_eq!(top.iter().filter(|n| n.starts_with("Đảng bộ tỉnh")).count(), 28);
    assert_eq!(top.iter().filter(|n| n.starts_with("Đảng bộ thành phố") || n.contains("Thành phố")).count(), 6);
    for bloc in ["Đảng bộ Chính phủ", "Đảng bộ Quân đội", "Đảng bộ Công an Trung ương", "Đảng bộ ngoài nước"]
    {
        assert!(top.contains(&bloc), "{bloc}");
    }
    OrgTree::from_nodes(g.orgs()).unwrap();
    // Persons whose indices share a CCCD serial (i mod 10⁶) still get distinct CCCDs, and
    // persons spread over the country validate.
    let mut seen = HashSet::new();
    for r in (0..1_000_000).step_by(4_999) {
        for i in (0..6).map(|k| r + k * 1_000_000).filter(|&i| i < g.person_count()) {
            let p = g.person(i);
            p.declaration.validate().unwrap();
            assert!(g.org_nodes()[p.org_id.0 as usize - 1].kind.holds_members());
            if let Some(c) = &p.declaration.identity.cccd {
                assert!(seen.insert(c.as_str().to_string()), "duplicate CCCD {c}");
            }
        }
    }
}

#[test]
fn shares_look_real() {
    let g = Generator::new(Scale::Persons(20_000), 11);
    let (mut nguyen, mut male, mut relatives, mut abroad, mut disciplined) = (0, 0, 0, 0, 0);
    let mut status: HashMap<MemberStatus, u32> = HashMap::new();
    let mut cccds = HashSet::new();
    let mut cards = HashSet::new();
    for p in g.persons() {
        let d = &p.declaration;
        nguyen += u32::from(d.identity.full_name.starts_with("Nguyễn "));
        male += u32::from(d.identity.sex == Sex::Male);
        relatives += d.family.len();
        abroad += u32::from(d.family.iter().any(|r| r.abroad.is_some()));
        disciplined += u32::from(!d.discipline.is_empty());
        *status.entry(d.party.as_ref().unwrap().status).or_default() += 1;
        if let Some(c) = &d.identity.cccd {
            assert!(cccds.insert(c.clone()), "duplicate CCCD {c}");
        }
        if let Some(c) = d.party.as_ref().and_then(|p| p.card_no.clone()) {
            assert!(cards.insert(c.as_str().to_string()), "duplicate card {}", c.as_str());
        }
    }
    let n = f64::from(20_000);
    let share = |x: u32| f64::from(x) / n;
    assert!((0.35..=0.41).contains(&share(nguyen)), "Nguyễn {}", share(nguyen));
    assert!((0.55..=0.65).contains(&share(male)), "male {}", share(male));
    let per_person = relatives as f64 / n;
    assert!((5.0..=8.0).contains(&per_person), "relatives per person {per_person}");
    assert!((0.015..=0.035).contains(&share(abroad)), "abroad {}", share(abroad));
    assert!((0.005..=0.025).contains(&share(disciplined)), "discipline {}", share(disciplined));
    assert!(share(status[&MemberStatus::Full]) > 0.9);
    assert!(status[&MemberStatus::Probationary] > 0 && status[&MemberStatus::Applicant] > 0);
    let estimate = g.relative_count_estimate() as f64;
    assert!(within(estimate, relatives as f64, 0.1), "estimate {estimate} vs {relatives}");
}

#[test]
fn scale_parses_and_explains_errors_in_vietnamese() {
    assert_eq!("province".parse::<Scale>().unwrap(), Scale::Province);
    assert_eq!(" National ".parse::<Scale>().unwrap(), Scale::National);
    assert_eq!("1_000".parse::<Scale>().unwrap(), Scale::Persons(1_000));
    let e = "tỉnh".parse::<Scale>().unwrap_err().to_string();
    assert!(e.contains("không hợp lệ") && e.contains("tỉnh"), "{e}");
    assert!("-5".parse::<Scale>().is_err());
}

#[test]
fn large_custom_scales_build_without_running_out_of_names() {
    let g = Generator::new(Scale::Persons(3_000_000), 1);
    let names: HashSet<&str> = g
        .org_nodes()
        .iter()
        .filter(|n| n.kind == OrgKind::GrassrootsCommittee && n.name.starts_with("Đảng bộ xã"))
        .map(|n| n.name.as_str())
        .collect();
    assert!(names.len() > 1_000);
    let p = g.person(g.person_count() - 1);
    p.declaration.validate().unwrap();
}
