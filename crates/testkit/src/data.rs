//! Test data the suites kept writing out by hand: the reference declaration and its variants,
//! a small organisation tree, and a store filled by the generator.

use bvctnb_core::Declaration;
use bvctnb_core::identity::Sex;
use bvctnb_core::org::{OrgKind, OrgNode};
use bvctnb_gen::{Generator, Scale};
use bvctnb_store::{ImportCounts, NewPerson, Store};

/// The reference declaration (`crates/core/tests/fixtures/declaration.json`): a valid Mẫu
/// 2-KNĐ with a CCCD and four relatives, one of them abroad.
pub const FIXTURE_JSON: &str = include_str!("../../core/tests/fixtures/declaration.json");

pub fn fixture() -> Declaration {
    Declaration::from_json(FIXTURE_JSON).expect("the fixture is a valid declaration")
}

/// The fixture's applicant made a full member (admitted 19/05/2015, full member a year on): the
/// kinds of case other than admission, and trips abroad, are about members.
pub fn full_member(d: &mut Declaration) {
    use bvctnb_core::PartialDate;
    use bvctnb_core::person::{MemberStatus, PartyInfo};
    d.party = Some(PartyInfo {
        status: MemberStatus::Full,
        card_no: None,
        admitted_on: Some(PartialDate::full(2015, 5, 19).expect("a real day")),
        full_member_on: Some(PartialDate::full(2016, 5, 19).expect("a real day")),
    });
}

/// The fixture under another name and without a CCCD, so any number of them can coexist
/// (the CCCD is unique).
pub fn named(full_name: &str) -> Declaration {
    let mut d = fixture();
    d.identity.full_name = full_name.into();
    d.identity.cccd = None;
    d
}

/// A valid declaration unlike the fixture in name, sex and CCCD: "Lê Văn An", "… Bình", … by
/// `i` modulo 5, male, no CCCD; the family of the fixture.
pub fn variant(i: i64) -> Declaration {
    let mut d = named(&format!("Lê Văn {}", ["An", "Bình", "Cường", "Dũng", "Đức"][i.rem_euclid(5) as usize]));
    d.identity.sex = Sex::Male;
    d
}

/// The centre (1), the province of Đồng Nai (2), two grassroots committees (3 Tân Phú,
/// 4 Phú Lập) with a cell each (5 under 3, 6 under 4): the least tree in which a scope can
/// include one person and leave out another.
pub fn dong_nai_tree() -> Vec<OrgNode> {
    use OrgKind::*;
    vec![
        OrgNode::new(1, None, Central, "Trung ương"),
        OrgNode::new(2, Some(1), DirectlyUnderCentral, "Đảng bộ tỉnh Đồng Nai"),
        OrgNode::new(3, Some(2), GrassrootsCommittee, "Đảng bộ xã Tân Phú"),
        OrgNode::new(4, Some(2), GrassrootsCommittee, "Đảng bộ xã Phú Lập"),
        OrgNode::new(5, Some(3), Cell, "Chi bộ ấp 1"),
        OrgNode::new(6, Some(4), Cell, "Chi bộ ấp 2"),
    ]
}

/// Writes `orgs` one by one, parents first as given.
pub async fn put_orgs(s: &dyn Store, orgs: &[OrgNode]) {
    for o in orgs {
        s.put_org(o).await.unwrap();
    }
}

/// Fills an empty store with the generator's province shape scaled to `persons`, through the
/// bulk writer in one import (recorded as `"test"`). Same `persons` and `seed`, same data.
pub async fn generated(s: &dyn Store, persons: u64, seed: u64) -> (Generator, ImportCounts) {
    let g = Generator::new(Scale::Persons(persons), seed);
    let mut w = s.bulk_writer().await.unwrap();
    w.write_orgs(g.orgs()).await.unwrap();
    let people: Vec<NewPerson> = g
        .persons_in(0..g.person_count())
        .map(|p| NewPerson { id: p.id, org_id: p.org_id, declaration: p.declaration })
        .collect();
    w.write_persons(people).await.unwrap();
    let counts = w.commit("test", "test").await.unwrap();
    (g, counts)
}
