//! A real server on port 0 over a fresh SQLite database with generated data and the demo
//! accounts, and real HTTP clients logged in as each of them.
#![allow(dead_code)]

use bvctnb_app::App;
use bvctnb_gen::{Generator, Scale};
use bvctnb_store::NewPerson;
use bvctnb_testkit::TestDb;
use bvctnb_web::demo::{DEMO_PASSWORD, DemoWorld};
use bvctnb_web::{AppState, WebConfig};
use std::sync::Arc;

pub struct TestApp {
    pub base: String,
    /// The store under the app, for setting up and checking what the pages wrote.
    pub store: Arc<dyn bvctnb_store::Store>,
    pub world: DemoWorld,
    pub state: AppState,
    /// The database (removed when the app is dropped) and its scratch directory.
    pub db: TestDb,
}

pub async fn start() -> TestApp {
    start_with(|_| {}).await
}

pub async fn start_with(tweak: impl FnOnce(&mut WebConfig)) -> TestApp {
    start_on(TestDb::sqlite().await, tweak).await
}

/// The same app over a fresh PostgreSQL database, when `BVCTNB_TEST_PG_URL` is set (and a
/// failure, not a skip, when `BVCTNB_REQUIRE_PG` is set without it; see the test kit).
pub async fn start_pg() -> Option<TestApp> {
    Some(start_on(TestDb::postgres().await?, |_| {}).await)
}

async fn start_on(db: TestDb, tweak: impl FnOnce(&mut WebConfig)) -> TestApp {
    let store = db.store.clone();
    let dir = db.dir().to_path_buf();
    let g = Generator::new(Scale::Persons(600), 11);
    let mut w = store.bulk_writer().await.unwrap();
    w.write_orgs(g.orgs()).await.unwrap();
    let persons: Vec<NewPerson> = g
        .persons_in(0..g.person_count())
        .map(|p| NewPerson { id: p.id, org_id: p.org_id, declaration: p.declaration })
        .collect();
    w.write_persons(persons).await.unwrap();
    w.commit("test", "test").await.unwrap();
    let rules_dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let rules = bvctnb_app::Rules::load(&rules_dir, Default::default()).unwrap();
    let app = App::open(store.clone(), &dir.join("index")).await.unwrap().with_rules(rules);
    let world = bvctnb_web::demo::seed(&app).await.unwrap();
    // Plain HTTP on loopback, every role logged in by its password (as in the demo); the
    // defaults that need TLS or a second factor per scope are tested on their own.
    let mut cfg = WebConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        audit_key_file: dir.join("audit.key"),
        secure_cookies: false,
        second_factor_above_grassroots: false,
        ..WebConfig::default()
    };
    tweak(&mut cfg);
    let state = AppState::new(Arc::new(app), cfg).unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let s2 = state.clone();
    tokio::spawn(async move {
        bvctnb_web::serve(s2, "127.0.0.1:0".parse().unwrap(), move |a| {
            let _ = tx.send(a);
        })
        .await
        .unwrap();
    });
    let addr = rx.await.unwrap();
    TestApp { base: format!("http://{addr}"), store, world, state, db }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::limited(5)).build().unwrap()
}

/// The value of the first hidden `_csrf` field of a page.
pub fn csrf_of(html: &str) -> String {
    let i = html.find("name=\"_csrf\" value=\"").expect("page has a CSRF field");
    let rest = &html[i + "name=\"_csrf\" value=\"".len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

impl TestApp {
    /// A scratch directory that lives as long as the app.
    pub fn dir(&self) -> &std::path::Path {
        self.db.dir()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Logs in through the real forms, second factor included.
    pub async fn login(&self, username: &str) -> reqwest::Client {
        let c = client();
        self.login_with(&c, username, DEMO_PASSWORD).await;
        c
    }

    pub async fn login_with(&self, c: &reqwest::Client, username: &str, password: &str) -> reqwest::Response {
        let page = c.get(self.url("/login")).send().await.unwrap().text().await.unwrap();
        let csrf = csrf_of(&page);
        let res = c
            .post(self.url("/login"))
            .form(&[("_csrf", csrf.as_str()), ("username", username), ("password", password), ("next", "")])
            .send()
            .await
            .unwrap();
        if res.url().path() == "/login/totp" {
            let account = self.store.account_by_username(username).await.unwrap();
            let secret = account.and_then(|a| a.totp_secret).expect("totp secret");
            let mut html = res.text().await.unwrap();
            // A code is good once: a second login within the same 30 s step takes the next
            // step's code (accepted a step early), a third waits for the step after.
            for attempt in 0..4u64 {
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
                let code = bvctnb_web::security::totp::code_at(&secret, now + (attempt % 2) * 30).unwrap();
                let res = c
                    .post(self.url("/login/totp"))
                    .form(&[("_csrf", csrf_of(&html).as_str()), ("code", code.as_str())])
                    .send()
                    .await
                    .unwrap();
                if res.status() != reqwest::StatusCode::UNAUTHORIZED {
                    return res;
                }
                html = res.text().await.unwrap();
                if attempt == 1 {
                    tokio::time::sleep(std::time::Duration::from_secs(30 - now % 30 + 1)).await;
                }
            }
            panic!("no second-factor code accepted for {username}");
        }
        res
    }

    /// A personal access token for `username` (read-only unless `write`).
    pub async fn token(&self, username: &str, write: bool) -> String {
        let store = &self.store;
        let a = store.account_by_username(username).await.unwrap().unwrap();
        let token = format!("bvt_{}", bvctnb_web::security::random_token());
        store
            .create_api_token(&bvctnb_store::accounts::NewApiToken {
                account_id: a.id,
                name: "test".into(),
                token_hash: bvctnb_web::security::token_hash(&token),
                can_write: write,
                expires_at: None,
            })
            .await
            .unwrap();
        token
    }
}

/// A page: its status and body.
pub async fn get(c: &reqwest::Client, t: &TestApp, path: &str) -> (reqwest::StatusCode, String) {
    let res = c.get(t.url(path)).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// Posts a form with the CSRF token of `page`: the status, the path landed on, the page.
pub async fn post(
    c: &reqwest::Client,
    t: &TestApp,
    page: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> (reqwest::StatusCode, String, String) {
    let (_, html) = get(c, t, page).await;
    let csrf = csrf_of(&html);
    let mut form: Vec<(&str, &str)> = vec![("_csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    let res = c.post(t.url(path)).form(&form).send().await.unwrap();
    let landed = res.url().path().to_string();
    (res.status(), landed, res.text().await.unwrap())
}

/// Posts a multipart form (fields, and a PDF as `files` when given) with the CSRF token of
/// `page`: the status and the page.
pub async fn post_multipart(
    c: &reqwest::Client,
    t: &TestApp,
    page: &str,
    path: &str,
    fields: &[(String, String)],
    file: Option<(&str, &[u8])>,
) -> (reqwest::StatusCode, String) {
    use reqwest::multipart::{Form, Part};
    let (_, html) = get(c, t, page).await;
    let mut form = Form::new().text("_csrf", csrf_of(&html));
    for (k, v) in fields {
        form = form.text(k.clone(), v.clone());
    }
    if let Some((name, bytes)) = file {
        form = form.part(
            "files",
            Part::bytes(bytes.to_vec()).file_name(name.to_string()).mime_str("application/pdf").unwrap(),
        );
    }
    let res = c.post(t.url(path)).multipart(form).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// The text of a PDF, words separated by single spaces (poppler's `pdftotext` is required, as
/// in `.ci/run`). `-raw` keeps the content-stream order, so a name wrapped inside its table
/// cell reads whole instead of interleaved with the next cells' lines.
pub fn pdf_text(t: &TestApp, bytes: &[u8]) -> Option<String> {
    assert!(bytes.starts_with(b"%PDF"), "a real PDF");
    let path = t.dir().join("paper.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is required (apt-get install poppler-utils)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The stage a case page shows.
pub fn stage_of(html: &str) -> String {
    let i = html.find("id=\"stage\">").expect("case page shows its stage") + "id=\"stage\">".len();
    html[i..i + html[i..].find('<').unwrap()].to_string()
}

/// Takes out of `person`'s declaration everything a rule could find, so a case on them goes
/// from appraisal straight to the conclusion.
pub async fn clear_findings(t: &TestApp, person: bvctnb_core::ids::PersonId) {
    let rec = t.store.person(person).await.unwrap().unwrap();
    let mut d = rec.declaration.clone();
    d.historical_facts.clear();
    d.discipline.clear();
    d.identity.foreign_address = None;
    d.stays_abroad.clear();
    d.family.retain(|r| {
        r.facts.is_empty() && r.political_issues.is_empty() && r.abroad.is_none() && r.criminal_record.is_none()
    });
    t.state.app.submit_declaration(person, &d, "test", rec.version).await.unwrap();
}

/// A key-cadre appraisal opened by `officer` on a clean record and walked to the conclusion
/// step: taken in, the planned requests dropped with a reason, appraised. The case and its page.
pub async fn key_cadre_at_conclusion(
    t: &TestApp,
    officer: &reqwest::Client,
    person: bvctnb_core::ids::PersonId,
) -> (bvctnb_store::cases::CaseRow, String) {
    use reqwest::StatusCode;
    clear_findings(t, person).await;
    let new_page = format!("/persons/{person}/cases/new");
    let fields = [("kind", "key_cadre"), ("purpose", "Phó Chủ tịch Ủy ban nhân dân xã")];
    let (s, _, _) = post(officer, t, &new_page, &new_page, &fields).await;
    assert_eq!(s, StatusCode::OK);
    let case = t.store.cases_of_person(person).await.unwrap()[0].clone();
    let page = format!("/cases/{}", case.id);
    let (s, _, html) = post(officer, t, &page, &format!("{page}/accept"), &[("text", "Đã nhận hồ sơ nhân sự")]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(stage_of(&html).contains("Thẩm tra"));
    finish_verification(t, officer, &page, case.id).await;
    let (s, _, html) =
        post(officer, t, &page, &format!("{page}/appraise"), &[("text", "Đủ tiêu chuẩn chính trị")]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(stage_of(&html).contains("Kết luận"), "a clean record goes straight to conclusion: {}", stage_of(&html));
    (case, page)
}

/// Drops every planned request of the case with a reason and ends verification.
pub async fn finish_verification(t: &TestApp, officer: &reqwest::Client, page: &str, case: bvctnb_core::ids::CaseId) {
    use reqwest::StatusCode;
    for r in t.store.case_requests(case).await.unwrap() {
        if r.status == bvctnb_core::case::verify::RequestStatus::Planned {
            let reason = [("reason", "Đã thẩm tra khi kết nạp, hồ sơ đầy đủ")];
            let (s, _, _) = post(officer, t, page, &format!("{page}/requests/{}/drop", r.id), &reason).await;
            assert_eq!(s, StatusCode::OK);
        }
    }
    let (s, _, html) = post(officer, t, page, &format!("{page}/finish-verification"), &[]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
}

/// The text of every part of an .xlsx (a zip), read back with `unzip`.
pub fn xlsx_text(t: &TestApp, bytes: &[u8]) -> String {
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
    let path = t.dir().join("download.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("unzip").arg("-p").arg(&path).output().expect("unzip is installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}
