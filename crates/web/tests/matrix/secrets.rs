//! The secret registers × every role: the registers page, the destructions, the incident
//! reports and the yearly statistics of each organisation, and one item's page. Listing needs
//! an officer, the committee or an inspector, in scope and cleared; the item's page, also a
//! clearance at its level (every demo account is cleared Mật, so a Tối mật item is refused to all).

use super::*;
use bvctnb_app::secrets::ItemInput;
use bvctnb_core::secret::{ItemOrigin, SecretLevel};

fn may_list_secrets(user: &str) -> &'static [O] {
    match user {
        "canbo.tinh" | "kiemtra" => &ORGS,
        "canbo.coso" => &[O::UnitB],
        "capuy" => &[O::UnitA, O::CellA],
        _ => &[],
    }
}

pub(super) async fn secrets(t: &TestApp) {
    let ids = ids(t);
    let st = &t.state;
    let officer = bvctnb_app::cases::Actor {
        username: "matrix".into(),
        display_name: "Matrix".into(),
        role: bvctnb_core::access::Role::Officer,
        scope: Some(ids.orgs[&O::Province]),
        person: None,
    };
    let item = |level| ItemInput {
        origin: Some(ItemOrigin::Received),
        number_symbol: "1-CV/MATRIX".into(),
        doc_date: Some(st.today()),
        issuer: "Ban Tổ chức".into(),
        doc_type: "Công văn".into(),
        summary: "Ma trận".into(),
        level: Some(level),
        classifier: "Trưởng ban".into(),
        ..Default::default()
    };
    let mut items = HashMap::new();
    for (o, level) in [(O::UnitA, SecretLevel::Mat), (O::UnitB, SecretLevel::ToiMat)] {
        let r = st.app.register_secret_item(&officer, ids.orgs[&o], item(level)).await.unwrap();
        items.insert(o, r.item);
    }
    let mut failures = Vec::new();
    for user in ROLES {
        let web = t.login(user).await;
        for o in ORGS {
            let org = ids.orgs[&o];
            let ok = may_list_secrets(user).contains(&o);
            for path in [
                format!("/secrets?org={org}"),
                format!("/secrets/destructions?org={org}"),
                format!("/secrets/incidents?org={org}"),
                format!("/secrets/stats?org={org}&year=2026"),
            ] {
                let got = web.get(t.url(&path)).send().await.unwrap().status();
                let want = expect(ok, StatusCode::OK);
                if got != want {
                    failures.push(format!("{user} GET {path}: got {got}, want {want}"));
                }
            }
        }
        // The Mật item of unit A: readers who list unit A; the Tối mật one of unit B: nobody.
        for (o, readable) in [(O::UnitA, true), (O::UnitB, false)] {
            let path = format!("/secrets/items/{}", items[&o]);
            let got = web.get(t.url(&path)).send().await.unwrap().status();
            let ok = readable && may_list_secrets(user).contains(&o) && user != "bithu";
            let want = expect(ok, StatusCode::OK);
            if got != want {
                failures.push(format!("{user} GET {path}: got {got}, want {want}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
