//! One line of the JSONL exchange file, as `bvctnb import` reads it.

use bvctnb_app::exchange::{Line, LineOut, parse_line};

/// A line is refused with named, explained fields, or read; what was read writes back to a
/// line that reads to the same record.
pub fn jsonl_line(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else { return };
    match parse_line(s) {
        Err(e) => crate::assert_explained(&e),
        Ok(Line::Org(o)) => {
            let out = serde_json::to_string(&LineOut::Org(&o)).expect("an org serialises");
            match parse_line(&out) {
                Ok(Line::Org(back)) => assert_eq!(back, o, "org line changed on a round trip: {out}"),
                _ => panic!("an org line written back does not read: {out}"),
            }
        }
        Ok(Line::Person(p)) => {
            let out =
                serde_json::to_string(&LineOut::Person { id: p.id.0, org_id: p.org_id.0, declaration: &p.declaration })
                    .expect("a person serialises");
            match parse_line(&out) {
                Ok(Line::Person(back)) => {
                    assert_eq!((back.id, back.org_id), (p.id, p.org_id));
                    assert_eq!(back.declaration, p.declaration, "declaration changed on a round trip");
                }
                Ok(Line::Org(_)) => panic!("a person line written back reads as an org"),
                Err(e) => panic!("a person line written back is refused: {e:?}"),
            }
        }
    }
}
