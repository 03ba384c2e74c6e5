//! The secret registers × every role: the registers page, the destructions, the incident
//! reports and the yearly statistics of each organisation, and one item's page. Listing needs
//! an officer, the committee or an inspector, in scope and cleared; the item's page, also a
//! clearance at its level: the Tối mật item only for the province's clerk and secretary, the
//! two demo accounts cleared Tối mật (with a second factor); every other account is cleared Mật.

use super::*;
use bvctnb_app::secrets::ItemInput;
use bvctnb_core::secret::{ItemOrigin, SecretLevel};

/// The demo accounts cleared Tối mật (the others are cleared Mật).
const TOI_MAT: [&str; 2] = ["vanthu.tinh", "bithu.tinh"];

/// Who keeps the registers (officers in scope): registers, asks for copies and take-outs,
/// proposes destruction, reports an incident.
fn may_keep_secrets(user: &str) -> &'static [O] {
    match user {
        "canbo.tinh" | "vanthu.tinh" => &ORGS,
        "canbo.coso" => &[O::UnitB],
        _ => &[],
    }
}

/// Who may allow a copy or a take-out of an item kept at `o` (the committee in scope).
fn may_authorize(user: &str) -> &'static [O] {
    match user {
        "bithu.tinh" => &ORGS,
        "capuy" => &[O::UnitA, O::CellA],
        _ => &[],
    }
}

fn may_list_secrets(user: &str) -> &'static [O] {
    match user {
        "canbo.tinh" | "kiemtra" | "vanthu.tinh" | "bithu.tinh" => &ORGS,
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
    let mut copies = HashMap::new();
    for (o, id) in &items {
        let ask = bvctnb_app::secrets::CopyInput {
            form: Some(bvctnb_core::secret::CopyForm::Verbatim),
            count: Some(1),
            purpose: "Ma trận".into(),
            ..Default::default()
        };
        copies.insert(*o, st.app.request_secret_copy(&officer, *id, ask).await.unwrap());
    }
    let mut failures = Vec::new();
    for user in ROLES.iter().chain(&TOI_MAT) {
        let web = t.login(user).await;
        let html = web.get(t.url("/account")).send().await.unwrap().text().await.unwrap();
        let csrf = common::csrf_of(&html);
        // Every write with its fields left empty: an account allowed to make it reaches the
        // form's checks (422); one that is not is refused before them (403).
        for o in ORGS {
            let org = ids.orgs[&o].to_string();
            let keep = may_keep_secrets(user).contains(&o);
            for path in ["/secrets/items", "/secrets/destructions", "/secrets/incidents"] {
                let form = [("_csrf", csrf.as_str()), ("org", org.as_str())];
                let got = web.post(t.url(path)).form(&form).send().await.unwrap().status();
                let want = expect(keep, StatusCode::UNPROCESSABLE_ENTITY);
                if got != want {
                    failures.push(format!("{user} POST {path} org={org}: got {got}, want {want}"));
                }
            }
        }
        for (o, cleared) in [(O::UnitA, true), (O::UnitB, TOI_MAT.contains(user))] {
            let read = cleared && may_list_secrets(user).contains(&o) && *user != "bithu";
            let keep = read && may_keep_secrets(user).contains(&o);
            let allow = read && may_authorize(user).contains(&o);
            let item = items[&o];
            for (path, ok) in [
                (format!("/secrets/items/{item}/copies"), keep),
                (format!("/secrets/items/{item}/takeouts"), keep),
                (format!("/secrets/items/{item}/holds"), keep),
                (format!("/secrets/items/{item}/period/extend"), keep),
                (format!("/secrets/copies/{}/decide", copies[&o]), allow),
            ] {
                let got = web.post(t.url(&path)).form(&[("_csrf", csrf.as_str())]).send().await.unwrap().status();
                let want = expect(ok, StatusCode::UNPROCESSABLE_ENTITY);
                if got != want {
                    failures.push(format!("{user} POST {path}: got {got}, want {want}"));
                }
            }
        }
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
        // The Mật item of unit A: readers who list unit A; the Tối mật one of unit B: those of
        // them cleared Tối mật.
        for (o, readable) in [(O::UnitA, true), (O::UnitB, TOI_MAT.contains(user))] {
            let path = format!("/secrets/items/{}", items[&o]);
            let got = web.get(t.url(&path)).send().await.unwrap().status();
            let ok = readable && may_list_secrets(user).contains(&o) && *user != "bithu";
            let want = expect(ok, StatusCode::OK);
            if got != want {
                failures.push(format!("{user} GET {path}: got {got}, want {want}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
