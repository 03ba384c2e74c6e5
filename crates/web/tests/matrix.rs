//! Every endpoint × every role × in scope / out of scope / recused, through real HTTP: pages
//! with a logged-in browser session, the API with a personal access token. Expectations are
//! written out per role, not derived from the policies under test.

#[path = "matrix/cases.rs"]
mod cases;
mod common;
use cases::{may_decide_case, may_handle_case, own_person};
#[path = "matrix/secrets.rs"]
mod secrets;
#[path = "matrix/travel.rs"]
mod travel;

use bvctnb_core::ids::{OrgId, PersonId};
use common::TestApp;
use reqwest::StatusCode;
use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum P {
    /// In unit A, outside cell A.
    A,
    /// In cell A (the subject's own person).
    Cell,
    /// In unit B.
    B,
    /// The provincial officer's own person (unit B).
    Off,
    /// Declares the provincial officer as a sibling (unit A, outside cell A).
    Rel,
}
const PERSONS: [P; 5] = [P::A, P::Cell, P::B, P::Off, P::Rel];

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum O {
    Province,
    UnitA,
    UnitB,
    CellA,
}
const ORGS: [O; 4] = [O::Province, O::UnitA, O::UnitB, O::CellA];

const ROLES: [&str; 8] = ["quantri", "canbo.tinh", "canbo.coso", "capuy", "bithu", "kiemtra", "phoihop", "dangvien"];

/// Whose dossier each account may read (and see the history of).
fn may_read(user: &str) -> &'static [P] {
    match user {
        "canbo.tinh" => &[P::A, P::Cell, P::B],
        "canbo.coso" => &[P::B, P::Off],
        "capuy" => &[P::A, P::Cell, P::Rel],
        "bithu" => &[P::Cell],
        "kiemtra" => &[P::A, P::Cell, P::B, P::Off, P::Rel],
        _ => &[],
    }
}

fn may_edit(user: &str) -> &'static [P] {
    match user {
        "canbo.tinh" => &[P::A, P::Cell, P::B],
        "canbo.coso" => &[P::B, P::Off],
        "bithu" => &[P::Cell],
        _ => &[],
    }
}

fn may_browse(user: &str) -> &'static [O] {
    match user {
        "quantri" | "canbo.tinh" | "kiemtra" => &ORGS,
        "canbo.coso" => &[O::UnitB],
        "capuy" => &[O::UnitA, O::CellA],
        "bithu" => &[O::CellA],
        _ => &[],
    }
}

fn may_list(user: &str) -> &'static [O] {
    if user == "quantri" { &[] } else { may_browse(user) }
}

fn may_export(user: &str) -> &'static [O] {
    if matches!(user, "bithu" | "quantri") { &[] } else { may_browse(user) }
}

struct Ids {
    persons: HashMap<P, PersonId>,
    orgs: HashMap<O, OrgId>,
}

fn ids(t: &TestApp) -> Ids {
    let w = &t.world;
    Ids {
        persons: [
            (P::A, w.plain_in_a),
            (P::Cell, w.subject_person),
            (P::B, w.plain_in_b),
            (P::Off, w.officer_person),
            (P::Rel, w.officer_relative),
        ]
        .into(),
        orgs: [(O::Province, w.province), (O::UnitA, w.unit_a), (O::UnitB, w.unit_b), (O::CellA, w.cell_a)].into(),
    }
}

fn expect(ok: bool, allowed: StatusCode) -> StatusCode {
    if ok { allowed } else { StatusCode::FORBIDDEN }
}

/// Whose record an account may see anything of: what it may read, and its own person.
fn may_see(user: &str, p: P) -> bool {
    may_read(user).contains(&p) || cases::own_person(user) == Some(p)
}

/// On a person's routes: refused where the account sees the person, and otherwise answered as
/// if the person did not exist, so that trying ids tells nobody who exists.
fn expect_on(user: &str, p: P, ok: bool, allowed: StatusCode) -> StatusCode {
    match (ok, may_see(user, p)) {
        (true, _) => allowed,
        (false, true) => StatusCode::FORBIDDEN,
        (false, false) => StatusCode::NOT_FOUND,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_and_api_endpoint_for_every_role_and_scope() {
    let t = common::start().await;
    matrix(&t).await;
    rules_and_campaigns(&t).await;
    cases::cases(&t).await;
    travel::travel(&t).await;
    secrets::secrets(&t).await;
    every_action_in_the_trail_is_named(&t).await;
}

/// After every page and endpoint for every role, each action the trail holds has its
/// Vietnamese name for the inspector (a new action without one fails here).
async fn every_action_in_the_trail_is_named(t: &TestApp) {
    let all = bvctnb_store::audit::AuditFilter { limit: 10_000_000, ..Default::default() };
    let mut unnamed: Vec<String> = t
        .store
        .audit_entries(&all)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event.action)
        .filter(|a| bvctnb_app::audit::action_name(a).is_none())
        .collect();
    unnamed.sort();
    unnamed.dedup();
    assert!(unnamed.is_empty(), "actions without a Vietnamese name: {unnamed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_and_api_endpoint_for_every_role_and_scope_on_postgres() {
    if let Some(t) = common::start_pg().await {
        matrix(&t).await;
        rules_and_campaigns(&t).await;
        cases::cases(&t).await;
        travel::travel(&t).await;
        scoped_lists(&t).await;
    }
}

/// Whose campaigns each account may see: those inside its scope, and those over a wider scope
/// (then only the results inside its own scope).
fn may_view_campaign(user: &str) -> &'static [O] {
    match user {
        "canbo.tinh" | "kiemtra" => &ORGS,
        "canbo.coso" => &[O::Province, O::UnitB],
        "capuy" => &[O::Province, O::UnitA, O::CellA],
        _ => &[],
    }
}

fn may_run_campaign(user: &str) -> &'static [O] {
    match user {
        "canbo.tinh" => &ORGS,
        "canbo.coso" => &[O::UnitB],
        _ => &[],
    }
}

/// The regulation pages and review campaigns. One finished campaign per org is made in the
/// store; the POSTs are refused by validation (400) or state (409) where allowed, so the
/// matrix starts no run.
async fn rules_and_campaigns(t: &TestApp) {
    let ids = ids(t);
    let store = &t.store;
    let pack = t.state.app.current_pack().unwrap();
    let mut campaigns = HashMap::new();
    for o in ORGS {
        let c = store
            .create_campaign(&bvctnb_store::campaigns::NewCampaign {
                pack_id: pack.pack.id.clone(),
                pack_version: pack.version_tag(),
                case_kind: bvctnb_core::case_kind::CaseKind::Review,
                scope_org: ids.orgs[&o],
                started_by: "test".into(),
                scope_persons: 0,
                total: 0,
            })
            .await
            .unwrap();
        store.finish_campaign(c.id, bvctnb_store::campaigns::CampaignStatus::Done, None).await.unwrap();
        campaigns.insert(o, c.id);
    }
    let mut failures = Vec::new();
    let mut check = |what: String, got: StatusCode, want: StatusCode| {
        if got != want {
            failures.push(format!("{what}: got {got}, want {want}"));
        }
    };
    for user in ROLES {
        let web = t.login(user).await;
        let rules = !matches!(user, "phoihop" | "dangvien");
        for path in ["/rules", "/rules/qd-58-2022", "/rules/diff?from=qd-126-2018&to=qd-58-2022"] {
            let got = web.get(t.url(path)).send().await.unwrap().status();
            check(format!("{user} GET {path}"), got, expect(rules, StatusCode::OK));
        }
        let lists = !may_view_campaign(user).is_empty();
        let got = web.get(t.url("/campaigns")).send().await.unwrap().status();
        check(format!("{user} GET /campaigns"), got, expect(lists, StatusCode::OK));
        let html = web.get(t.url("/account")).send().await.unwrap().text().await.unwrap();
        let csrf = common::csrf_of(&html);
        for o in ORGS {
            let (org, id) = (ids.orgs[&o], campaigns[&o]);
            let v = may_view_campaign(user).contains(&o);
            let r = may_run_campaign(user).contains(&o);
            for path in [format!("/campaigns/{id}"), format!("/campaigns/{id}/progress")] {
                let got = web.get(t.url(&path)).send().await.unwrap().status();
                check(format!("{user} GET {path} ({o:?})"), got, expect(v, StatusCode::OK));
            }
            let path = format!("/campaigns/{id}/export.xlsx");
            let got = web.get(t.url(&path)).send().await.unwrap().status();
            check(format!("{user} GET {path} ({o:?})"), got, expect(v, StatusCode::OK));
            let org_s = org.to_string();
            let form = [("_csrf", csrf.as_str()), ("org", org_s.as_str()), ("kind", "no-such-kind")];
            let got = web.post(t.url("/campaigns")).form(&form).send().await.unwrap().status();
            check(format!("{user} POST /campaigns org={o:?}"), got, expect(r, StatusCode::BAD_REQUEST));
            let path = format!("/campaigns/{id}/resume");
            let got = web.post(t.url(&path)).form(&[("_csrf", csrf.as_str())]).send().await.unwrap().status();
            check(format!("{user} POST {path} ({o:?})"), got, expect(r, StatusCode::CONFLICT));
        }
        // Findings show on the dossier exactly where the dossier may be read.
        for p in PERSONS {
            let id = ids.persons[&p];
            let res = web.get(t.url(&format!("/persons/{id}"))).send().await.unwrap();
            let ok = res.status() == StatusCode::OK;
            let shows = res.text().await.unwrap().contains("Đối chiếu quy định");
            check(
                format!("{user} findings on /persons/{id}"),
                expect(shows, StatusCode::OK),
                expect(ok, StatusCode::OK),
            );
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

async fn matrix(t: &TestApp) {
    let ids = ids(t);
    let mut failures = Vec::new();
    let mut check = |what: String, got: StatusCode, want: StatusCode| {
        if got != want {
            failures.push(format!("{what}: got {got}, want {want}"));
        }
    };
    for user in ROLES {
        let web = t.login(user).await;
        let read_tok = t.token(user, false).await;
        let write_tok = t.token(user, true).await;
        let api = reqwest::Client::new();
        let get_api = |path: String, tok: &str| api.get(t.url(&path)).bearer_auth(tok).send();

        for p in PERSONS {
            let id = ids.persons[&p];
            let r = may_read(user).contains(&p);
            let e = may_edit(user).contains(&p);
            for path in [format!("/persons/{id}"), format!("/persons/{id}/history"), format!("/persons/{id}/history/1")]
            {
                let got = web.get(t.url(&path)).send().await.unwrap().status();
                check(format!("{user} GET {path}"), got, expect_on(user, p, r, StatusCode::OK));
            }
            let path = format!("/persons/{id}/edit");
            let got = web.get(t.url(&path)).send().await.unwrap().status();
            check(format!("{user} GET {path}"), got, expect_on(user, p, e, StatusCode::OK));
            // An empty name is refused by validation (422) where editing is allowed, so the
            // matrix never changes data.
            let html = web.get(t.url("/account")).send().await.unwrap().text().await.unwrap();
            let csrf = common::csrf_of(&html);
            let got = web
                .post(t.url(&path))
                .form(&[("_csrf", csrf.as_str()), ("expected_version", "1"), ("identity.full_name", "")])
                .send()
                .await
                .unwrap()
                .status();
            check(format!("{user} POST {path}"), got, expect_on(user, p, e, StatusCode::UNPROCESSABLE_ENTITY));

            for path in [
                format!("/api/v1/persons/{id}"),
                format!("/api/v1/persons/{id}/versions"),
                format!("/api/v1/persons/{id}/versions/1/changes"),
            ] {
                let got = get_api(path.clone(), &read_tok).await.unwrap().status();
                check(format!("{user} API GET {path}"), got, expect_on(user, p, r, StatusCode::OK));
            }
            let path = format!("/api/v1/persons/{id}/declaration");
            let body = serde_json::json!({"expected_version": 1, "declaration": {"identity": {}}});
            let got = api.put(t.url(&path)).bearer_auth(&write_tok).json(&body).send().await.unwrap().status();
            check(format!("{user} API PUT {path}"), got, expect_on(user, p, e, StatusCode::UNPROCESSABLE_ENTITY));
            let got = api.put(t.url(&path)).bearer_auth(&read_tok).json(&body).send().await.unwrap().status();
            let want = expect_on(user, p, false, StatusCode::OK);
            check(format!("{user} API PUT {path} (read-only token)"), got, want);
        }

        for o in ORGS {
            let id = ids.orgs[&o];
            let b = may_browse(user).contains(&o);
            let l = may_list(user).contains(&o);
            let x = may_export(user).contains(&o);
            for path in [format!("/orgs/{id}"), format!("/orgs/{id}/children")] {
                let got = web.get(t.url(&path)).send().await.unwrap().status();
                check(format!("{user} GET {path}"), got, expect(b, StatusCode::OK));
            }
            let got = get_api(format!("/api/v1/orgs/{id}"), &read_tok).await.unwrap().status();
            check(format!("{user} API GET /api/v1/orgs/{id}"), got, expect(b, StatusCode::OK));
            let res = get_api(format!("/api/v1/orgs/{id}/persons?limit=1000"), &read_tok).await.unwrap();
            check(format!("{user} API GET /api/v1/orgs/{id}/persons"), res.status(), expect(l, StatusCode::OK));
            let res = get_api(format!("/api/v1/orgs/{id}/export"), &read_tok).await.unwrap();
            check(format!("{user} API GET /api/v1/orgs/{id}/export"), res.status(), expect(x, StatusCode::OK));
        }

        let searchable = !may_list(user).is_empty();
        let got = web.get(t.url("/search?q=nguyen")).send().await.unwrap().status();
        check(format!("{user} GET /search"), got, expect(searchable, StatusCode::OK));
        let got = get_api("/api/v1/search?q=nguyen".into(), &read_tok).await.unwrap().status();
        check(format!("{user} API GET /api/v1/search"), got, expect(searchable, StatusCode::OK));

        let audit = user == "kiemtra";
        let got = web.get(t.url("/audit")).send().await.unwrap().status();
        check(format!("{user} GET /audit"), got, expect(audit, StatusCode::OK));
        let got = web.get(t.url("/audit/export.xlsx?action=dossier.read")).send().await.unwrap().status();
        check(format!("{user} GET /audit/export.xlsx"), got, expect(audit, StatusCode::OK));
        let got = get_api("/api/v1/audit".into(), &read_tok).await.unwrap().status();
        check(format!("{user} API GET /api/v1/audit"), got, expect(audit, StatusCode::OK));

        let admin = user == "quantri";
        for path in ["/admin/accounts", "/admin/accounts/new", "/admin/accounts/1"] {
            let got = web.get(t.url(path)).send().await.unwrap().status();
            check(format!("{user} GET {path}"), got, expect(admin, StatusCode::OK));
        }
        let got = get_api("/api/v1/accounts".into(), &read_tok).await.unwrap().status();
        check(format!("{user} API GET /api/v1/accounts"), got, expect(admin, StatusCode::OK));

        let linked = matches!(user, "dangvien" | "canbo.tinh");
        let want_me = if linked { StatusCode::OK } else { StatusCode::NOT_FOUND };
        let got = web.get(t.url("/me")).send().await.unwrap().status();
        check(format!("{user} GET /me"), got, want_me);
        let got = get_api("/api/v1/me/dossier".into(), &read_tok).await.unwrap().status();
        check(format!("{user} API GET /api/v1/me/dossier"), got, want_me);

        for path in ["/", "/account"] {
            let got = web.get(t.url(path)).send().await.unwrap().status();
            check(format!("{user} GET {path}"), got, StatusCode::OK);
        }
        let got = get_api("/api/v1/me".into(), &read_tok).await.unwrap().status();
        check(format!("{user} API GET /api/v1/me"), got, StatusCode::OK);
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

/// Nothing outside the scope shows up in lists, search, exports or counts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_search_export_and_counts_stay_inside_the_scope() {
    scoped_lists(&common::start().await).await;
}

async fn scoped_lists(t: &TestApp) {
    let tree = t.state.app.tree();
    let store = t.store.clone();
    let api = reqwest::Client::new();
    let all: Vec<(PersonId, OrgId)> = {
        use futures::TryStreamExt;
        store.stream_persons().map_ok(|r| (r.id, r.org_id)).try_collect().await.unwrap()
    };
    for user in ["canbo.coso", "capuy", "bithu", "canbo.tinh"] {
        let a = store.account_by_username(user).await.unwrap().unwrap();
        let scope = a.scope_org.unwrap();
        let inside: Vec<PersonId> = all.iter().filter(|(_, o)| tree.is_within(*o, scope)).map(|(p, _)| *p).collect();
        let tok = t.token(user, false).await;
        // Search for common family names: every hit must be inside.
        for q in ["nguyen", "tran", "le van", "pham thi"] {
            let hits: Vec<serde_json::Value> = api
                .get(t.url(&format!("/api/v1/search?q={q}&limit=100")))
                .bearer_auth(&tok)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            for h in &hits {
                let id = PersonId(h["id"].as_i64().unwrap());
                assert!(inside.contains(&id), "{user}: search \"{q}\" returned {id} outside scope");
            }
            let web = t.login(user).await;
            let html = web.get(t.url(&format!("/search?q={q}"))).send().await.unwrap().text().await.unwrap();
            for (p, _) in all.iter().filter(|(p, _)| !inside.contains(p)) {
                assert!(!html.contains(&format!("/persons/{p}\"")), "{user}: search page links {p} outside scope");
            }
        }
        // The list of the scope root holds exactly the persons inside.
        let list: Vec<serde_json::Value> = api
            .get(t.url(&format!("/api/v1/orgs/{scope}/persons?limit=1000")))
            .bearer_auth(&tok)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut got: Vec<i64> = list.iter().map(|v| v["id"].as_i64().unwrap()).collect();
        let mut want: Vec<i64> = inside.iter().map(|p| p.0).collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{user}: list of the scope");
        // The export holds the persons inside, minus the caller's own and relatives'.
        if user != "bithu" {
            let text = api
                .get(t.url(&format!("/api/v1/orgs/{scope}/export")))
                .bearer_auth(&tok)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let mut exported: Vec<i64> = text
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_i64().unwrap())
                .collect();
            exported.sort();
            let recused = match a.person_id {
                Some(p) => {
                    let mut r = store.related_persons(p).await.unwrap();
                    r.push(p);
                    r
                }
                None => Vec::new(),
            };
            let want: Vec<i64> = want.iter().copied().filter(|p| !recused.contains(&PersonId(*p))).collect();
            assert_eq!(exported, want, "{user}: export of the scope");
        }
        // The dashboard's count is the count inside.
        let web = t.login(user).await;
        let html = web.get(t.url("/")).send().await.unwrap().text().await.unwrap();
        let i = html.find("id=\"stat-persons\">").unwrap() + "id=\"stat-persons\">".len();
        let shown: String = html[i..].chars().take_while(|c| *c != '<').filter(char::is_ascii_digit).collect();
        assert_eq!(shown.parse::<usize>().unwrap(), inside.len(), "{user}: dashboard count");
    }
}
