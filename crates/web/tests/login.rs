//! Logging in under attack: one address trying many passwords is made to wait (before any
//! password is hashed), a name typed by mistake is not kept, a second-factor code is good
//! once, the session id changes once the second factor is passed, and behind a trusted proxy
//! the audit names the client, not the proxy.

mod common;

use bvctnb_store::audit::{AuditFilter, Outcome};
use bvctnb_web::demo::DEMO_PASSWORD;
use reqwest::StatusCode;

async fn post_login(t: &common::TestApp, c: &reqwest::Client, user: &str, pw: &str) -> reqwest::Response {
    let page = c.get(t.url("/login")).send().await.unwrap().text().await.unwrap();
    let csrf = common::csrf_of(&page);
    let form = [("_csrf", csrf.as_str()), ("username", user), ("password", pw), ("next", "")];
    c.post(t.url("/login")).form(&form).send().await.unwrap()
}

async fn audit(t: &common::TestApp, action: &str) -> Vec<bvctnb_store::audit::AuditEntry> {
    let f = AuditFilter { limit: 1000, ..Default::default() };
    t.store.audit_entries(&f).await.unwrap().into_iter().filter(|e| e.event.action == action).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_that_keeps_failing_waits_and_what_it_typed_is_not_kept() {
    let t = common::start_with(|c| {
        c.login_failures_per_address = 3;
        c.login_wait_secs = 120;
    })
    .await;
    let c = common::client();
    // People type their password into the name field.
    const TYPED: &str = "MatKhau-Bi-Mat-2026";
    for _ in 0..3 {
        assert_eq!(post_login(&t, &c, TYPED, "x").await.status(), StatusCode::UNAUTHORIZED);
    }
    // Now even the right password is refused, and told when to come back.
    let res = post_login(&t, &c, "canbo.tinh", DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = res.headers()[reqwest::header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=120).contains(&wait), "{wait}");
    assert!(res.text().await.unwrap().contains("Đăng nhập sai quá nhiều lần từ máy này"));
    // The wait is audited once, the refusals during it are not each a failed login.
    let throttled = audit(&t, "login.throttle").await;
    assert_eq!(throttled.len(), 1, "{throttled:?}");
    assert_eq!(throttled[0].event.outcome, Outcome::Denied);
    let logins = audit(&t, "login").await;
    assert_eq!(logins.iter().filter(|e| e.event.outcome == Outcome::Failed).count(), 3);
    assert!(logins.iter().all(|e| !e.event.detail.contains(TYPED) && e.event.actor != TYPED), "{logins:?}");
    let acct = t.store.account_by_username("canbo.tinh").await.unwrap().unwrap();
    assert_eq!(acct.failed_logins, 0, "the account itself was never tried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_factor_code_is_good_once_and_the_session_id_changes_after_it() {
    let t = common::start().await;
    let secret = t.world.logins.iter().find(|l| l.username == "quantri").unwrap().totp_secret.clone().unwrap();
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let c = reqwest::Client::builder().cookie_provider(jar.clone()).build().unwrap();
    let res = post_login(&t, &c, "quantri", DEMO_PASSWORD).await;
    assert_eq!(res.url().path(), "/login/totp");
    let html = res.text().await.unwrap();
    let base: reqwest::Url = t.base.parse().unwrap();
    let session = |jar: &reqwest::cookie::Jar| {
        use reqwest::cookie::CookieStore;
        let all = jar.cookies(&base).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        all.split("; ").find(|c| c.starts_with("bvctnb_session=")).map(str::to_string).unwrap()
    };
    let before = session(&jar);
    let code = bvctnb_web::security::totp::current(&secret).unwrap();
    let form = [("_csrf", common::csrf_of(&html)), ("code", code.clone())];
    let res = c.post(t.url("/login/totp")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.url().path(), "/admin/accounts");
    let after = session(&jar);
    assert_ne!(before, after, "a new session id once the second factor is passed");
    // The id from before the second factor opens nothing.
    let old = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let res = old.get(t.url("/admin/accounts")).header("cookie", &before).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert!(res.headers()["location"].to_str().unwrap().starts_with("/login"), "{:?}", res.headers()["location"]);

    // The same code, replayed in another login, is refused.
    let other = common::client();
    let res = post_login(&t, &other, "quantri", DEMO_PASSWORD).await;
    let html = res.text().await.unwrap();
    let form = [("_csrf", common::csrf_of(&html)), ("code", code)];
    let res = other.post(t.url("/login/totp")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.text().await.unwrap().contains("đã được dùng"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_the_audit_names_the_client() {
    let t = common::start_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(
            [("x-forwarded-for".parse().unwrap(), "198.51.100.9, 203.0.113.7".parse().unwrap())].into_iter().collect(),
        )
        .build()
        .unwrap();
    post_login(&t, &c, "canbo.tinh", DEMO_PASSWORD).await;
    let ok: Vec<_> = audit(&t, "login").await.into_iter().filter(|e| e.event.outcome == Outcome::Ok).collect();
    assert_eq!(ok.last().unwrap().event.ip, "203.0.113.7");

    // Without the proxy trusted, the header is anyone's word and is ignored.
    let plain = common::start().await;
    post_login(&plain, &c, "canbo.tinh", DEMO_PASSWORD).await;
    let ok: Vec<_> = audit(&plain, "login").await.into_iter().filter(|e| e.event.outcome == Outcome::Ok).collect();
    assert_eq!(ok.last().unwrap().event.ip, "127.0.0.1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn by_default_wide_scopes_need_a_second_factor_and_cookies_need_tls() {
    let d = bvctnb_web::WebConfig::default();
    assert!(d.second_factor_above_grassroots && d.secure_cookies, "the defaults outside the demo");
    let t = common::start_with(|c| c.second_factor_above_grassroots = true).await;
    // The provincial officer (clearance Mật, no factor yet) must enrol one before anything else.
    let res = post_login(&t, &common::client(), "canbo.tinh", DEMO_PASSWORD).await;
    assert_eq!(res.url().path(), "/account/totp");
    // The secretary of a cell, same clearance, is let in.
    let res = post_login(&t, &common::client(), "bithu", DEMO_PASSWORD).await;
    assert_eq!(res.url().path(), "/");

    let tls = common::start_with(|c| c.secure_cookies = true).await;
    let res = reqwest::get(tls.url("/login")).await.unwrap();
    assert_eq!(res.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    let cookie = res.headers()[reqwest::header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
    let plain = reqwest::get(t.url("/login")).await.unwrap();
    assert!(plain.headers().get("strict-transport-security").is_none(), "not over plain HTTP");
}

/// Four eyes: wide rights given by one administrator wait, unable to log in, until another
/// one approves; the one who asked cannot approve; each step is audited.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wide_rights_wait_for_a_second_administrator() {
    let t = common::start().await;
    let province = t.store.account_by_username("canbo.tinh").await.unwrap().unwrap().scope_org;
    let admin = t.login("quantri").await;
    let pw = "Mật-khẩu-đủ-dài-2026";
    let fields = [
        ("username", "canbo.moi"),
        ("display_name", "Cán bộ mới"),
        ("role", "officer"),
        ("scope_org", &province.unwrap().to_string()),
        ("clearance", "mat"),
        ("person_id", ""),
        ("password", pw),
    ];
    let (status, landed, body) = common::post(&admin, &t, "/admin/accounts/new", "/admin/accounts/new", &fields).await;
    assert_eq!((status, landed.as_str()), (StatusCode::OK, "/admin/accounts"), "{body}");
    let new = t.store.account_by_username("canbo.moi").await.unwrap().unwrap();
    assert_eq!(new.awaiting_approval.as_deref(), Some("quantri"));
    assert!(body.contains("Chờ quản trị viên thứ hai duyệt quyền"));

    // Until approved, the right password opens nothing.
    let c = common::client();
    let res = t.login_with(&c, "canbo.moi", pw).await;
    assert_eq!(res.url().path(), "/login", "an account waiting for approval cannot log in");

    // The administrator who asked cannot approve.
    let approve = format!("/admin/accounts/{}/approve", new.id);
    let (status, _, _) = common::post(&admin, &t, "/admin/accounts", &approve, &[]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(t.store.account(new.id).await.unwrap().unwrap().awaiting_approval.is_some());

    // A second administrator (the demo has one) can.
    let other = t.login("quantri2").await;
    let (_, html) = common::get(&other, &t, "/admin/accounts").await;
    assert!(html.contains(&approve), "the second administrator is offered the approval");
    let (status, landed, _) = common::post(&other, &t, "/admin/accounts", &approve, &[]).await;
    assert_eq!((status, landed.as_str()), (StatusCode::OK, "/admin/accounts"));
    let approved = t.store.account(new.id).await.unwrap().unwrap();
    assert_eq!((approved.awaiting_approval, approved.approved_by.as_deref()), (None, Some("quantri2")));
    let res = t.login_with(&common::client(), "canbo.moi", pw).await;
    assert_ne!(res.url().path(), "/login", "approved, the account logs in");

    let log = t.store.audit_entries(&Default::default()).await.unwrap();
    let of = |action: &str| {
        log.iter()
            .filter(|e| e.event.action == action)
            .map(|e| (e.event.actor.clone(), e.event.outcome))
            .collect::<Vec<_>>()
    };
    use bvctnb_store::audit::Outcome;
    assert_eq!(of("account.create"), vec![("quantri".to_string(), Outcome::Ok)]);
    assert_eq!(
        of("account.approve"),
        vec![("quantri2".to_string(), Outcome::Ok), ("quantri".to_string(), Outcome::Failed)]
    );
}
