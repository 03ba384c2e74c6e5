use bvctnb_gen::{Generator, Scale};
use std::collections::HashSet;
fn main() {
    for (scale, step) in [(Scale::Province, 1u64), (Scale::National, 7), (Scale::Persons(777), 1)] {
        for seed in [1u64, 2] {
            let g = Generator::new(scale, seed);
            let mut bad = 0;
            let mut cccd = HashSet::new();
            let mut dup = 0;
            let mut n = 0;
            for i in (0..g.person_count()).step_by(step as usize) {
                let p = g.person(i);
                n += 1;
                if let Err(e) = p.declaration.validate() {
                    bad += 1;
                    if bad < 3 { println!("{scale} {i}: {e:?}"); }
                }
                if let Some(c) = &p.declaration.identity.cccd { if !cccd.insert(c.as_str().to_string()) { dup += 1; } }
            }
            println!("{scale} seed {seed}: {n} checked, {bad} invalid, {dup} duplicate CCCD");
        }
    }
}
