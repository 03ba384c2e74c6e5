//! Prints sizes, shares and generation speed: `cargo run --release -p bvctnb-gen --example gen_stats -- province 1`.

use bvctnb_core::family::RelationKind;
use bvctnb_core::org::OrgKind;
use bvctnb_core::person::MemberStatus;
use bvctnb_gen::{Generator, Scale};
use std::collections::HashMap;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let scale: Scale = args.get(1).map_or("province", String::as_str).parse().expect("scale");
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let sample: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(200_000);
    let t = Instant::now();
    let g = Generator::new(scale, seed);
    println!("tree built in {:?}", t.elapsed());
    let mut kinds: HashMap<OrgKind, usize> = HashMap::new();
    for n in g.org_nodes() {
        *kinds.entry(n.kind).or_default() += 1;
    }
    let grassroots =
        kinds.get(&OrgKind::GrassrootsCommittee).unwrap_or(&0) + kinds.get(&OrgKind::GrassrootsCell).unwrap_or(&0);
    println!("nodes {} grassroots {grassroots} kinds {kinds:?}", g.org_nodes().len());
    println!("persons {}", g.person_count());
    let n = g.person_count().min(sample);
    let t = Instant::now();
    let mut rel = 0usize;
    let mut nguyen = 0usize;
    let mut male = 0usize;
    let mut status: HashMap<MemberStatus, usize> = HashMap::new();
    let mut kinds_rel: HashMap<RelationKind, usize> = HashMap::new();
    let mut abroad = 0;
    let mut disc = 0;
    let mut facts = 0;
    let mut rel_facts = 0;
    let mut minority = 0;
    let step = (g.person_count() / n).max(1);
    for k in 0..n {
        let p = g.person(k * step);
        let d = &p.declaration;
        rel += d.family.len();
        for r in &d.family {
            *kinds_rel.entry(r.relation).or_default() += 1;
            rel_facts += r.facts.len();
        }
        if d.family.iter().any(|r| r.abroad.is_some()) {
            abroad += 1;
        }
        if d.identity.full_name.starts_with("Nguyễn ") {
            nguyen += 1;
        }
        if d.identity.sex == bvctnb_core::identity::Sex::Male {
            male += 1;
        }
        if d.identity.ethnicity != "Kinh" {
            minority += 1;
        }
        *status.entry(d.party.as_ref().unwrap().status).or_default() += 1;
        disc += usize::from(!d.discipline.is_empty());
        facts += usize::from(!d.historical_facts.is_empty());
    }
    let el = t.elapsed();
    let f = n as f64;
    println!("generated {n} in {el:?}: {:.0} persons/s", f / el.as_secs_f64());
    println!(
        "relatives/person {:.2}; Nguyễn {:.1}%; male {:.1}%; minority {:.1}%; abroad {:.2}%; discipline {:.2}%; facts {:.2}%; rel facts/person {:.3}",
        rel as f64 / f,
        100.0 * nguyen as f64 / f,
        100.0 * male as f64 / f,
        100.0 * minority as f64 / f,
        100.0 * abroad as f64 / f,
        100.0 * disc as f64 / f,
        100.0 * facts as f64 / f,
        rel_facts as f64 / f
    );
    println!("status {status:?}");
    let mut kr: Vec<_> = kinds_rel.into_iter().collect();
    kr.sort_by_key(|x| std::cmp::Reverse(x.1));
    for (k, c) in kr {
        print!("{k:?}={:.2} ", c as f64 / f);
    }
    println!();
    println!("estimate relatives {}", g.relative_count_estimate());
}
