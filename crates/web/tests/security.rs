//! Accounts and request security through real HTTP: lockout, second factor, CSRF, sessions,
//! headers, tokens, and that each of them leaves an audit entry.

mod common;

use bvctnb_store::audit::{AuditFilter, Outcome};
use reqwest::StatusCode;

async fn entries(t: &common::TestApp, actor: &str) -> Vec<bvctnb_store::audit::AuditEntry> {
    let f = AuditFilter { actor: Some(actor.into()), limit: 1000, ..Default::default() };
    t.store.audit_entries(&f).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_bad_passwords_lock_the_account_and_are_audited() {
    let t = common::start().await;
    let c = common::client();
    for i in 1..=5 {
        let res = t.login_with(&c, "canbo.coso", "sai-mat-khau").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    // Now even the right password is refused, with the lock named.
    let res = t.login_with(&c, "canbo.coso", bvctnb_web::demo::DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.text().await.unwrap().contains("tạm khoá"));
    let log = entries(&t, "canbo.coso").await;
    assert!(log.iter().any(|e| e.event.action == "account.lock"), "lock audited");
    assert_eq!(log.iter().filter(|e| e.event.action == "login" && e.event.outcome == Outcome::Failed).count(), 5);
    assert!(log.iter().any(|e| e.event.action == "login" && e.event.outcome == Outcome::Denied));
    // An unknown username is refused the same way and audited, without what was typed (it may
    // be a password typed into the wrong field).
    let res = t.login_with(&c, "khong.co.ai", "x").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let anon = entries(&t, "-").await;
    assert!(anon.iter().any(|e| e.event.action == "login" && e.event.detail == "tên đăng nhập không tồn tại"));
    assert!(anon.iter().all(|e| !e.event.detail.contains("khong.co.ai")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_link_never_sends_the_user_to_another_site() {
    let t = common::start().await;
    let c = t.login("canbo.coso").await;
    let res = c.get(t.url("/login?next=/inbox")).send().await.unwrap();
    assert_eq!(res.url().path(), "/inbox", "a local path is followed");
    // A tab or a line break inside the path: browsers drop them, and "/\t/evil.example"
    // would become "//evil.example". CR/LF would also have broken the header (a 500).
    for next in
        ["/%09/evil.example", "/%0a/evil.example", "/%0d%0aSet-Cookie:%20x=1", "/%5c/evil.example", "//evil.example"]
    {
        let res = c.get(t.url(&format!("/login?next={next}"))).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{next}");
        assert_eq!(res.url().host_str(), Some("127.0.0.1"), "{next}");
        assert_eq!(res.url().path(), "/", "{next} lands on the home page");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_must_pass_the_second_factor() {
    let t = common::start().await;
    let c = common::client();
    let page = c.get(t.url("/login")).send().await.unwrap().text().await.unwrap();
    let csrf = common::csrf_of(&page);
    let res = c
        .post(t.url("/login"))
        .form(&[("_csrf", csrf.as_str()), ("username", "quantri"), ("password", bvctnb_web::demo::DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.url().path(), "/login/totp");
    // Without the code nothing else is reachable.
    let res = c.get(t.url("/admin/accounts")).send().await.unwrap();
    assert_eq!(res.url().path(), "/login/totp");
    let html = c.get(t.url("/login/totp")).send().await.unwrap().text().await.unwrap();
    let res = c
        .post(t.url("/login/totp"))
        .form(&[("_csrf", common::csrf_of(&html).as_str()), ("code", "000000")])
        .send()
        .await
        .unwrap();
    // 000000 could be right once in a million; the real code below must work either way.
    if res.status() == StatusCode::UNAUTHORIZED {
        let ok = t.login("quantri").await;
        let res = ok.get(t.url("/admin/accounts")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.text().await.unwrap().contains("canbo.tinh"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_factor_is_enrolled_when_clearance_requires_it() {
    let t = common::start().await;
    // An officer raised to Tối mật must enrol a second factor at next login.
    let store = &t.store;
    let a = store.account_by_username("canbo.coso").await.unwrap().unwrap();
    let upd = bvctnb_store::accounts::AccountUpdate {
        display_name: a.display_name.clone(),
        role: a.role,
        scope_org: a.scope_org,
        clearance: bvctnb_core::access::Clearance::ToiMat,
        person_id: a.person_id,
        disabled: false,
        awaiting_approval: None,
    };
    store.update_account(a.id, &upd).await.unwrap();
    let c = common::client();
    let res = t.login_with(&c, "canbo.coso", bvctnb_web::demo::DEMO_PASSWORD).await;
    assert_eq!(res.url().path(), "/account/totp");
    let html = res.text().await.unwrap();
    let i = html.find("id=\"totp-secret\">").unwrap() + "id=\"totp-secret\">".len();
    let secret: String = html[i..].chars().take_while(|c| *c != '<').collect();
    let res = c.get(t.url("/search?q=an")).send().await.unwrap();
    assert_eq!(res.url().path(), "/account/totp", "nothing else before enrolment");
    let code = bvctnb_web::security::totp::current(&secret).unwrap();
    let res = c
        .post(t.url("/account/totp"))
        .form(&[("_csrf", common::csrf_of(&html).as_str()), ("secret", secret.as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.url().path(), "/");
    assert!(store.account(a.id).await.unwrap().unwrap().totp_secret.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changes_need_the_csrf_token_and_pages_carry_a_nonce_csp() {
    let t = common::start().await;
    let c = t.login("canbo.tinh").await;
    let id = t.world.plain_in_a;
    let res = c.post(t.url(&format!("/persons/{id}/edit"))).form(&[("identity.full_name", "X")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = c
        .post(t.url(&format!("/persons/{id}/edit")))
        .form(&[("_csrf", "deadbeef"), ("identity.full_name", "X")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(
        entries(&t, "canbo.tinh").await.iter().any(|e| e.event.action == "csrf" && e.event.outcome == Outcome::Denied)
    );
    let res = c.get(t.url(&format!("/persons/{id}"))).send().await.unwrap();
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("script-src 'nonce-"), "{csp}");
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(res.headers()["cache-control"], "no-store");
    let html = res.text().await.unwrap();
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the page's scripts carry this response's nonce");
    // The login form itself is protected by a double-submit token.
    let anon = common::client();
    let res = anon.post(t.url("/login")).form(&[("username", "canbo.tinh"), ("password", "x")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_end_on_logout_and_when_idle() {
    let t = common::start_with(|c| c.session_idle_secs = 2).await;
    let c = t.login("canbo.tinh").await;
    let cookie_check = c.get(t.url("/")).send().await.unwrap();
    assert_eq!(cookie_check.url().path(), "/");
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    let res = c.get(t.url("/")).send().await.unwrap();
    assert_eq!(res.url().path(), "/login", "idle session ended");
    let c = t.login("canbo.tinh").await;
    let html = c.get(t.url("/account")).send().await.unwrap().text().await.unwrap();
    c.post(t.url("/logout")).form(&[("_csrf", common::csrf_of(&html))]).send().await.unwrap();
    let res = c.get(t.url("/")).send().await.unwrap();
    assert_eq!(res.url().path(), "/login", "logged out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_tokens_are_required_valid_and_revocable() {
    let t = common::start().await;
    let api = reqwest::Client::new();
    let id = t.world.plain_in_a;
    let res = api.get(t.url(&format!("/api/v1/persons/{id}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthenticated");
    let res = api.get(t.url(&format!("/api/v1/persons/{id}"))).bearer_auth("bvt_nope").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let tok = t.token("canbo.tinh", false).await;
    let res = api.get(t.url(&format!("/api/v1/persons/{id}"))).bearer_auth(&tok).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let store = &t.store;
    let a = store.account_by_username("canbo.tinh").await.unwrap().unwrap();
    let tokens = store.api_tokens_of(a.id).await.unwrap();
    assert!(tokens[0].last_used_at.is_some());
    store.revoke_api_token(a.id, tokens[0].id).await.unwrap();
    let res = api.get(t.url(&format!("/api/v1/persons/{id}"))).bearer_auth(&tok).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("thu hồi"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_names_the_field_keeps_the_input_and_is_audited() {
    let t = common::start().await;
    let c = t.login("canbo.tinh").await;
    let id = t.world.plain_in_a;
    let html = c.get(t.url(&format!("/persons/{id}/edit"))).send().await.unwrap().text().await.unwrap();
    let csrf = common::csrf_of(&html);
    let rec = t.store.person(id).await.unwrap().unwrap();
    let mut form = edit_form(&rec.declaration);
    form.retain(|(k, _)| k != "identity.cccd");
    form.push(("identity.cccd".into(), "12345".into()));
    form.push(("_csrf".into(), csrf.clone()));
    form.push(("expected_version".into(), rec.version.to_string()));
    let res = c.post(t.url(&format!("/persons/{id}/edit"))).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("value=\"12345\""), "typed value kept");
    assert!(html.contains("id=\"e-identity.cccd\""), "error shown on the CCCD field");
    let mut form = edit_form(&rec.declaration);
    form.retain(|(k, _)| k != "identity.occupation");
    form.push(("identity.occupation".into(), "Kỹ sư phần mềm".into()));
    form.push(("_csrf".into(), csrf));
    form.push(("expected_version".into(), rec.version.to_string()));
    let res = c.post(t.url(&format!("/persons/{id}/edit"))).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Kỹ sư phần mềm"));
    let after = t.store.person(id).await.unwrap().unwrap();
    assert_eq!(after.version, rec.version + 1);
    assert_eq!(after.declaration.identity.occupation, "Kỹ sư phần mềm");
    let f = AuditFilter { person_id: Some(id), limit: 100, ..Default::default() };
    let log = t.store.audit_entries(&f).await.unwrap();
    assert!(log.iter().any(|e| e.event.action == "dossier.update"
        && e.event.outcome == Outcome::Failed
        && e.event.detail.contains("cccd")));
    assert!(log.iter().any(|e| e.event.action == "dossier.update" && e.event.outcome == Outcome::Ok));
    assert!(log.iter().any(|e| e.event.action == "dossier.read"));
    // The version history shows the change.
    let html =
        c.get(t.url(&format!("/persons/{id}/history/{}", after.version))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Kỹ sư phần mềm"));
}

fn edit_form(d: &bvctnb_core::Declaration) -> Vec<(String, String)> {
    let i = &d.identity;
    vec![
        ("identity.full_name".into(), i.full_name.clone()),
        ("identity.other_names".into(), i.other_names.join("; ")),
        ("identity.birth_date".into(), i.birth_date.to_string()),
        ("identity.sex".into(), i.sex.code().to_string()),
        ("identity.cccd".into(), i.cccd.as_ref().map(|c| c.as_str().to_string()).unwrap_or_default()),
        ("identity.birth_place.name".into(), i.birth_place.name.clone()),
        ("identity.hometown.name".into(), i.hometown.name.clone()),
        ("identity.permanent_residence".into(), i.permanent_residence.clone()),
        ("identity.temporary_residence".into(), i.temporary_residence.clone().unwrap_or_default()),
        ("identity.ethnicity".into(), i.ethnicity.clone()),
        ("identity.religion".into(), i.religion.clone().unwrap_or_default()),
        ("identity.occupation".into(), i.occupation.clone()),
        ("identity.education.general".into(), i.education.general.clone()),
        ("identity.education.highest_degree".into(), i.education.highest_degree.clone()),
        ("identity.education.political_theory".into(), i.education.political_theory.clone()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_tokens_live_no_longer_than_the_configured_maximum() {
    let t = common::start_with(|c| c.api_token_max_days = 30).await;
    let web = t.login("canbo.tinh").await;
    let html = web.get(t.url("/account")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("từ 1 đến 30 ngày") && html.contains("value=\"30\""), "the form offers the maximum");
    let csrf = common::csrf_of(&html);
    // A longer life is refused beside its field, the form keeps what was typed, no token is made.
    let form = [("_csrf", csrf.as_str()), ("name", "Báo cáo tháng"), ("days", "400")];
    let res = web.post(t.url("/account/tokens")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("«400» không dùng được: ghi số ngày từ 1 đến 30"), "{html}");
    assert!(html.contains("value=\"Báo cáo tháng\"") && html.contains("value=\"400\""));
    let a = t.store.account_by_username("canbo.tinh").await.unwrap().unwrap();
    assert!(t.store.api_tokens_of(a.id).await.unwrap().is_empty());
    let form = [("_csrf", csrf.as_str()), ("name", "Báo cáo tháng"), ("days", "30")];
    assert_eq!(web.post(t.url("/account/tokens")).form(&form).send().await.unwrap().status(), StatusCode::OK);
    let made = t.store.api_tokens_of(a.id).await.unwrap();
    let life = made[0].expires_at.unwrap() - chrono::Utc::now().timestamp();
    assert!((29 * 86_400..=30 * 86_400).contains(&life), "{life}");

    // A token made with no end is still bounded by the limit (counted from its creation).
    let tok = t.token("canbo.tinh", false).await;
    let api = reqwest::Client::new();
    let res = api.get(t.url(&format!("/api/v1/persons/{}", t.world.plain_in_a))).bearer_auth(&tok).send();
    assert_eq!(res.await.unwrap().status(), StatusCode::OK, "within the limit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_nothing_answers_gets_a_vietnamese_page_or_the_api_envelope() {
    let t = common::start().await;
    let c = t.login("canbo.coso").await;
    let res = c.get(t.url("/khong-co-trang-nay")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"vi\">") && html.contains("Không tìm thấy trang"), "{html}");
    assert!(html.contains("Về trang chính"), "{html}");
    let res = c.get(t.url("/api/v1/khong-co")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found", "{body}");
}
