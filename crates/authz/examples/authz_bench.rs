//! Cost of one authorization: `cargo run --release -p bvctnb-authz --example authz_bench`.
//! (Speed is measured here, never asserted in tests.)

use bvctnb_authz::{Action, Authz, Principal, Resource};
use bvctnb_core::access::{Clearance, Role};
use bvctnb_core::ids::{AccountId, OrgId, PersonId};
use std::time::Instant;

fn main() {
    let authz = Authz::new().expect("policies validate");
    let chain = vec![OrgId(5), OrgId(3), OrgId(2), OrgId(1)];
    let p = Principal {
        account: AccountId(1),
        role: Role::Officer,
        clearance: Clearance::Mat,
        scope_chain: vec![OrgId(2), OrgId(1)],
        person: None,
        recused: vec![PersonId(99)],
        can_write: true,
    };
    let person = |id| Resource::Person { id: PersonId(id), org_chain: chain.clone(), classification: Clearance::Mat };
    let r = person(7);
    let n = 20_000u32;
    let start = Instant::now();
    for _ in 0..n {
        assert!(authz.check(&p, Action::ReadDossier, &r).allowed);
    }
    let single = start.elapsed() / n;
    let resources: Vec<Resource> = (0..50).map(|i| person(10_000 + i)).collect();
    let batch: Vec<(Action, &Resource)> = resources.iter().map(|r| (Action::ReadDossier, r)).collect();
    let rounds = 400u32;
    let start = Instant::now();
    for _ in 0..rounds {
        assert!(authz.check_many(&p, &batch).iter().all(|d| d.allowed));
    }
    let per_check = start.elapsed() / (rounds * batch.len() as u32);
    println!("check: {single:?} per call; check_many (50 persons): {per_check:?} per check");
}
