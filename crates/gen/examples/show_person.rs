//! Prints persons as JSON: `cargo run -p bvctnb-gen --example show_person -- province 1 0 17 4242`.

use bvctnb_gen::{Generator, Scale};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let scale: Scale = args.get(1).map_or("province", String::as_str).parse().expect("scale");
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let g = Generator::new(scale, seed);
    for a in args.iter().skip(3) {
        let i: u64 = a.parse().expect("index");
        let p = g.person(i);
        let nodes = g.org_nodes();
        let mut path = Vec::new();
        let mut cur = Some(p.org_id);
        while let Some(id) = cur {
            let n = &nodes[id.0 as usize - 1];
            path.push(n.name.as_str());
            cur = n.parent;
        }
        path.reverse();
        println!("# {}", path.join(" › "));
        println!("{}", serde_json::to_string_pretty(&p).expect("json"));
    }
}
