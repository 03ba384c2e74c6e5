//! The later steps of a classified item through the API, with the pages' checks: copy marks
//! printed one sheet per copy; a take-out allowed, handed over and returned; a hold that stops
//! a destruction; the destruction's path; the period extended, re-graded, told and declassified;
//! a loss reported and seen by the head. A reader cleared below the item is refused each write
//! and reads no content.

mod common;

use bvctnb_core::access::Clearance;
use bvctnb_store::accounts::AccountUpdate;
use common::{TestApp, get};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn clear(t: &TestApp, username: &str, clearance: Clearance) {
    let a = t.store.account_by_username(username).await.unwrap().unwrap();
    let u = AccountUpdate {
        display_name: a.display_name.clone(),
        role: a.role,
        scope_org: a.scope_org,
        clearance,
        person_id: a.person_id,
        disabled: false,
        awaiting_approval: None,
    };
    t.store.update_account(a.id, &u).await.unwrap();
    t.store.set_totp_secret(a.id, Some(&bvctnb_app::accounts::totp::new_secret())).await.unwrap();
}

struct Api<'a> {
    t: &'a TestApp,
    c: reqwest::Client,
}

impl Api<'_> {
    async fn send(&self, token: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let url = self.t.url(&format!("/api/v1{path}"));
        let req = match body {
            Some(b) => self.c.post(url).json(&b),
            None => self.c.get(url),
        };
        let res = req.bearer_auth(token).send().await.unwrap();
        let s = res.status();
        let text = res.text().await.unwrap();
        (s, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) })
    }

    async fn ok(&self, token: &str, path: &str, body: Value) -> Value {
        let (s, v) = self.send(token, path, Some(body)).await;
        assert_eq!(s, StatusCode::OK, "{path}: {v}");
        v
    }

    async fn version(&self, token: &str, item: i64) -> i64 {
        self.send(token, &format!("/secret-items/{item}"), None).await.1["item"]["version"].as_i64().unwrap()
    }
}

/// The text of each page of a PDF, whitespace squashed.
fn pdf_pages(t: &TestApp, bytes: &[u8]) -> Vec<String> {
    assert!(bytes.starts_with(b"%PDF"), "a real PDF");
    let path = t.dir().join("marks.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext is required");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[tokio::test]
async fn the_later_steps_through_the_api() {
    let t = common::start().await;
    clear(&t, "canbo.tinh", Clearance::ToiMat).await;
    clear(&t, "capuy.tinh", Clearance::ToiMat).await;
    let p = t.world.province;
    let api = Api { t: &t, c: reqwest::Client::new() };
    let officer = t.token("canbo.tinh", true).await;
    let leader = t.token("capuy.tinh", true).await;
    let inspector = t.token("kiemtra", true).await;
    let today = t.state.today();
    let iso = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let register = |number: &str, level: &str| {
        json!({
            "origin": "received", "number_symbol": number, "doc_date": "2026-11-02", "issuer": "Ban Tổ chức Trung ương",
            "doc_type": "Công văn", "summary": "Về thẩm tra ông C", "level": level, "classifier": "Trưởng ban",
            "entered_on": iso(today)
        })
    };
    let item = api.ok(&officer, &format!("/orgs/{p}/secret-items"), register("17-CV", "toi_mat")).await["item"]
        .as_i64()
        .unwrap();
    let other =
        api.ok(&officer, &format!("/orgs/{p}/secret-items"), register("18-CV", "mat")).await["item"].as_i64().unwrap();

    // Copies made on an approval: the marks print one sheet per copy, for the keeper only.
    let copy = api
        .ok(&officer, &format!("/secret-items/{item}/copies"), json!({"form": "sao_y", "count": 2, "purpose": "Họp"}))
        .await
        .as_i64()
        .unwrap();
    let authority = format!("{p}|Bí thư Tỉnh ủy, Thành ủy");
    let decision =
        json!({"version": 1, "approve": true, "count": 2, "authority": authority, "approver_name": "Nguyễn Văn Tỉnh"});
    api.ok(&leader, &format!("/secret-copies/{copy}/decision"), decision).await;
    let made = api.ok(&officer, &format!("/secret-copies/{copy}/made"), json!({"version": 2, "count": 2})).await;
    assert_eq!((made["first"].as_i64(), made["last"].as_i64()), (Some(1), Some(2)), "{made}");
    let keeper = t.login("canbo.tinh").await;
    let (_, page) = get(&keeper, &t, &format!("/secrets/items/{item}")).await;
    assert!(page.contains(&format!("/secrets/copies/{copy}/marks.pdf")), "the marks are linked from the item");
    let res = keeper.get(t.url(&format!("/secrets/copies/{copy}/marks.pdf"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let pages = pdf_pages(&t, &res.bytes().await.unwrap());
    assert_eq!(pages.len(), 2, "one sheet per copy: {pages:?}");
    for (n, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("Bản sao số: {}", n + 1)), "{page}");
        assert!(page.starts_with("TỐI MẬT") && page.ends_with("TỐI MẬT"), "level top and bottom: {page}");
        assert!(page.contains("17-CV") && page.contains("Nguyễn Văn Tỉnh"), "{page}");
        assert!(page.contains("Vào sổ quản lý sao, chụp số"), "{page}");
    }
    let reader = t.login("kiemtra").await;
    let res = reader.get(t.url(&format!("/secrets/copies/{copy}/marks.pdf"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(!res.text().await.unwrap().contains("17-CV"));

    // A take-out: asked, allowed by the head, handed over, returned; none of it by the reader.
    let due = iso(today + chrono::Duration::days(3));
    let ask = json!({"purpose": "Họp thẩm định", "destination": "Ban Tổ chức Trung ương", "due_back": due});
    let takeout = api.ok(&officer, &format!("/secret-items/{item}/takeouts"), ask).await.as_i64().unwrap();
    let (s, _) = api
        .send(
            &officer,
            &format!("/secret-takeouts/{takeout}/decision"),
            Some(json!({"version": 1, "approve": true, "approver_name": "A", "approver_title": "Trưởng ban"})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the keeper does not allow it");
    let allow =
        json!({"version": 1, "approve": true, "approver_name": "Nguyễn Văn Tỉnh", "approver_title": "Bí thư Tỉnh ủy"});
    api.ok(&leader, &format!("/secret-takeouts/{takeout}/decision"), allow).await;
    let (s, _) = api.send(&inspector, &format!("/secret-takeouts/{takeout}/out"), Some(json!({"version": 2}))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    api.ok(&officer, &format!("/secret-takeouts/{takeout}/out"), json!({"version": 2})).await;
    let (s, v) = api.send(&officer, &format!("/secret-takeouts/{takeout}/out"), Some(json!({"version": 2}))).await;
    assert_eq!(s, StatusCode::CONFLICT, "a stale version: {v}");
    api.ok(
        &officer,
        &format!("/secret-takeouts/{takeout}/back"),
        json!({"version": 3, "note": "Đủ, nguyên niêm phong"}),
    )
    .await;
    let (s, _) = api.send(&officer, &format!("/secret-takeouts/{takeout}/lost"), Some(json!({"version": 4}))).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "no such step");

    // A hold stops a destruction by name; released, the council's path runs to the end.
    let hold =
        api.ok(&officer, &format!("/secret-items/{item}/holds"), json!({"reason": "Đoàn kiểm tra cần đến"})).await;
    let hold = hold.as_i64().unwrap();
    let propose = json!({
        "items": [item], "reason": "Hết giá trị", "council_decision": "Quyết định 12-QĐ/TU",
        "council_members": "Nguyễn Văn A\nTrần Thị B"
    });
    let (s, v) = api.send(&officer, &format!("/orgs/{p}/secret-destructions"), Some(propose.clone())).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v.to_string().contains("Đoàn kiểm tra cần đến"), "the hold is named: {v}");
    let (s, _) = api.send(&inspector, &format!("/secret-items/{item}/holds/{hold}/release"), Some(json!({}))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    api.ok(&officer, &format!("/secret-items/{item}/holds/{hold}/release"), json!({})).await;
    let (s, _) = api.send(&inspector, &format!("/orgs/{p}/secret-destructions"), Some(propose.clone())).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let d = api.ok(&officer, &format!("/orgs/{p}/secret-destructions"), propose).await.as_i64().unwrap();
    let one = api.send(&officer, &format!("/secret-destructions/{d}"), None).await.1;
    assert_eq!(one["next"], "minuted", "{one}");
    assert!(one["items"][0]["text"].as_str().unwrap().contains("17-CV"), "{one}");
    let seen = api.send(&inspector, &format!("/secret-destructions/{d}"), None).await;
    assert_eq!(seen.0, StatusCode::OK);
    assert!(seen.1["items"][0]["text"].is_null() && !seen.1.to_string().contains("17-CV"), "withheld: {}", seen.1);
    let on = iso(today);
    let steps = [
        json!({"version": 1, "on": on, "text": "Hội đồng thống nhất tiêu huỷ"}),
        json!({"version": 2, "on": on, "number": "15-QĐ/TU", "signer": "Nguyễn Văn Tỉnh"}),
        json!({"version": 3, "on": on, "method": "Nghiền", "text": "Đã tiêu huỷ đủ"}),
    ];
    let (s, _) = api.send(&inspector, &format!("/secret-destructions/{d}/step"), Some(steps[0].clone())).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    for step in steps {
        api.ok(&officer, &format!("/secret-destructions/{d}/step"), step).await;
    }
    let done = api.send(&officer, &format!("/secret-destructions/{d}"), None).await.1;
    assert!(done["next"].is_null(), "the path is over: {done}");

    // The period: extended, re-graded (and told), declassified.
    let v = api.version(&officer, other).await;
    let path = |what: &str| format!("/secret-items/{other}/period/{what}");
    let (s, e) = api.send(&officer, &path("extend"), Some(json!({"version": v, "basis": ""}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let end = iso(today + chrono::Duration::days(365 * 40));
    let (s, _) =
        api.send(&inspector, &path("extend"), Some(json!({"version": v, "period_end": end, "basis": "QĐ 1"}))).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    api.ok(&officer, &path("extend"), json!({"version": v, "period_end": end, "basis": "Quyết định 1-QĐ/TU"})).await;
    let v = api.version(&officer, other).await;
    api.ok(&officer, &path("regrade"), json!({"version": v, "level": "toi_mat", "basis": "Quyết định 2-QĐ/TU"})).await;
    let after = api.send(&officer, &format!("/secret-items/{other}"), None).await.1;
    assert_eq!(after["item"]["level"], "toi_mat", "{after}");
    let (s, _) = api.send(&inspector, &format!("/secret-items/{other}"), None).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "re-graded above the reader's clearance");
    let v = api.version(&officer, other).await;
    api.ok(&officer, &path("notified"), json!({"version": v, "basis": "Công văn 3-CV/TU gửi nơi nhận"})).await;
    let v = api.version(&officer, other).await;
    api.ok(&officer, &path("declassify"), json!({"version": v, "basis": "Quyết định 4-QĐ/TU"})).await;
    let v2 = api.version(&officer, other).await;
    assert!(v2 > v, "each change moves the version");
    let (s, _) = api.send(&officer, &path("shred"), Some(json!({"version": v2, "basis": "x"}))).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // A loss: reported, listed for the head, seen once.
    let report = json!({
        "kind": "lost", "occurred_on": iso(today), "items": [other],
        "circumstances": "Mất khi đi công tác", "measures": "Đã báo công an"
    });
    let (s, _) = api.send(&inspector, &format!("/orgs/{p}/secret-incidents"), Some(report.clone())).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, e) = api
        .send(
            &officer,
            &format!("/orgs/{p}/secret-incidents"),
            Some(json!({"kind": "lost", "occurred_on": iso(today), "circumstances": "", "measures": ""})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let inc = api.ok(&officer, &format!("/orgs/{p}/secret-incidents"), report).await.as_i64().unwrap();
    let list = api.send(&leader, &format!("/orgs/{p}/secret-incidents"), None).await.1;
    assert!(list.as_array().unwrap().iter().any(|i| i["id"] == inc), "{list}");
    let (s, _) = api.send(&officer, &format!("/secret-incidents/{inc}/seen"), Some(json!({}))).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the keeper is not the head");
    api.ok(&leader, &format!("/secret-incidents/{inc}/seen"), json!({})).await;
    let (s, _) = api.send(&leader, &format!("/secret-incidents/{inc}/seen"), Some(json!({}))).await;
    assert_eq!(s, StatusCode::CONFLICT, "once per level");
    let one = api.send(&leader, &format!("/secret-incidents/{inc}"), None).await.1;
    assert!(one["items"][0]["text"].as_str().unwrap().contains("18-CV"), "{one}");

    // Every write and read above is in the trail, named.
    let all = bvctnb_store::audit::AuditFilter { limit: 1_000_000, ..Default::default() };
    let entries = t.store.audit_entries(&all).await.unwrap();
    for done in [
        "secret.copy.marks",
        "secret.takeout.decide",
        "secret.takeout.out",
        "secret.takeout.back",
        "secret.hold.place",
        "secret.hold.release",
        "secret.destruction.propose",
        "secret.destruction.step",
        "secret.destruction.read",
        "secret.period.extend",
        "secret.level.regrade",
        "secret.regrade.notified",
        "secret.declassify",
        "secret.incident.report",
        "secret.incident.seen",
        "secret.incident.read",
    ] {
        assert!(entries.iter().any(|e| e.event.action == done), "{done} audited");
        assert!(bvctnb_app::audit::action_name(done).is_some(), "{done} named");
    }
    let refused = entries
        .iter()
        .filter(|e| e.event.action == "secret.copy.marks" && e.event.outcome == bvctnb_store::audit::Outcome::Denied);
    assert!(refused.count() >= 1, "the refused print is audited");
    t.db.close().await;
}
