//! Vetting cases × every role: the case pages, steps and documents, and the subject's own view.

use super::*;

pub(super) fn may_handle_case(user: &str) -> &'static [P] {
    if user == "bithu" { &[] } else { may_edit(user) }
}

pub(super) fn may_decide_case(user: &str) -> &'static [P] {
    if user == "capuy" { may_read(user) } else { &[] }
}

pub(super) fn own_person(user: &str) -> Option<P> {
    match user {
        "dangvien" => Some(P::Cell),
        "canbo.tinh" => Some(P::Off),
        _ => None,
    }
}

/// Vetting cases: one admission case per person, opened in the store; every case page, form
/// and print × every role. The POSTs are refused by validation (422) or state (409) where the
/// role may act, so the matrix changes nothing.
pub(super) async fn cases(t: &TestApp) {
    let ids = ids(t);
    let st = &t.state;
    let officer = bvctnb_app::cases::Actor {
        username: "matrix".into(),
        display_name: "Matrix".into(),
        role: bvctnb_core::access::Role::Officer,
        scope: Some(ids.orgs[&O::Province]),
        person: None,
    };
    let mut case_of = HashMap::new();
    let mut names = HashMap::new();
    for p in PERSONS {
        // Admission is for applicants only.
        bvctnb_app::demo::make_applicant(&st.app, ids.persons[&p]).await.unwrap();
        let rec = t.store.person(ids.persons[&p]).await.unwrap().unwrap();
        let case = st.app.open_case(&officer, &rec, bvctnb_core::case_kind::CaseKind::Admission, "").await.unwrap();
        case_of.insert(p, case.id);
        names.insert(p, rec.declaration.identity.full_name.clone());
    }
    let mut failures = Vec::new();
    for user in ROLES {
        let web = t.login(user).await;
        let token = t.token(user, false).await;
        let api = reqwest::Client::new();
        let html = web.get(t.url("/account")).send().await.unwrap().text().await.unwrap();
        let csrf = common::csrf_of(&html);
        let post = |path: String, fields: Vec<(&'static str, &'static str)>| {
            let mut form = vec![("_csrf", csrf.clone())];
            form.extend(fields.into_iter().map(|(k, v)| (k, v.to_string())));
            web.post(t.url(&path)).form(&form).send()
        };
        let mut check = |what: String, got: StatusCode, want: StatusCode| {
            if got != want {
                failures.push(format!("{what}: got {got}, want {want}"));
            }
        };
        for p in PERSONS {
            let (id, person) = (case_of[&p], ids.persons[&p]);
            let view = may_read(user).contains(&p);
            for path in [format!("/cases/{id}"), format!("/cases/{id}/documents/declaration.pdf")] {
                let got = web.get(t.url(&path)).send().await.unwrap().status();
                check(format!("{user} GET {path}"), got, expect_on(user, p, view, StatusCode::OK));
            }
            let path = format!("/api/v1/cases/{id}");
            let got = api.get(t.url(&path)).bearer_auth(&token).send().await.unwrap().status();
            check(format!("{user} API GET {path}"), got, expect_on(user, p, view, StatusCode::OK));
            let handle = may_handle_case(user).contains(&p);
            let path = format!("/persons/{person}/cases/new");
            let got = web.get(t.url(&path)).send().await.unwrap().status();
            check(format!("{user} GET {path}"), got, expect_on(user, p, handle, StatusCode::OK));
            let got = post(format!("/cases/{id}/finish-verification"), vec![]).await.unwrap().status();
            check(
                format!("{user} POST /cases/{id}/finish-verification"),
                got,
                expect_on(user, p, handle, StatusCode::CONFLICT),
            );
            let comment = may_edit(user).contains(&p);
            let got = post(format!("/cases/{id}/comment"), vec![("text", "")]).await.unwrap().status();
            check(
                format!("{user} POST /cases/{id}/comment"),
                got,
                expect_on(user, p, comment, StatusCode::UNPROCESSABLE_ENTITY),
            );
            let decide = may_decide_case(user).contains(&p);
            let fields = vec![("category", ""), ("grounds", ""), ("signed_on", "01/01/2026"), ("signer_position", "")];
            let got = post(format!("/cases/{id}/conclude"), fields).await.unwrap().status();
            check(
                format!("{user} POST /cases/{id}/conclude"),
                got,
                expect_on(user, p, decide, StatusCode::UNPROCESSABLE_ENTITY),
            );
            let own = own_person(user) == Some(p);
            let got = web.get(t.url(&format!("/me/cases/{id}"))).send().await.unwrap().status();
            check(format!("{user} GET /me/cases/{id}"), got, expect_on(user, p, own, StatusCode::OK));
        }
        // The subject's own cases through the API: only accounts linked to a person.
        let got = api.get(t.url("/api/v1/me/cases")).bearer_auth(&token).send().await.unwrap().status();
        let want = if own_person(user).is_some() { StatusCode::OK } else { StatusCode::NOT_FOUND };
        check(format!("{user} API GET /api/v1/me/cases"), got, want);
        for o in ORGS {
            let path = format!("/api/v1/orgs/{}/cases", ids.orgs[&o]);
            let res = api.get(t.url(&path)).bearer_auth(&token).send().await.unwrap();
            let allowed = may_list(user).contains(&o);
            check(format!("{user} API GET {path}"), res.status(), expect(allowed, StatusCode::OK));
            if allowed {
                let listed: Vec<serde_json::Value> = res.json().await.unwrap();
                let mut leaks = Vec::new();
                for c in &listed {
                    let p = PERSONS.iter().find(|p| case_of[p].0 == c["id"].as_i64().unwrap_or(-1));
                    if user == "canbo.tinh" && matches!(p, Some(P::Off | P::Rel)) {
                        leaks.push(format!(
                            "{user} API GET {path} lists the case of {p:?}, whom the account is recused from"
                        ));
                    }
                }
                leaks.into_iter().for_each(|l| check(l, StatusCode::OK, StatusCode::FORBIDDEN));
            }
        }
        // The case list: inside the scope only, and never one's own or a relative's case.
        let res = web.get(t.url("/cases")).send().await.unwrap();
        let lists = !may_list(user).is_empty();
        check(format!("{user} GET /cases"), res.status(), expect(lists, StatusCode::OK));
        let html = res.text().await.unwrap();
        for p in PERSONS {
            let listed = html.contains(&format!("href=\"/cases/{}\"", case_of[&p]));
            let in_scope = match p {
                P::A | P::Cell | P::Rel => {
                    may_list(user).contains(&O::UnitA) || (p == P::Cell && may_list(user).contains(&O::CellA))
                }
                P::B | P::Off => may_list(user).contains(&O::UnitB),
            };
            let recused = user == "canbo.tinh" && matches!(p, P::Off | P::Rel);
            if listed && recused {
                failures.push(format!("{user} GET /cases lists the case of {p:?}, whom the account is recused from"));
            }
            if lists && in_scope && !recused && !listed {
                failures.push(format!("{user} GET /cases does not list the case of {p:?}, inside the scope"));
            }
            if listed && !in_scope {
                failures.push(format!("{user} GET /cases lists the case of {p:?} ({}), outside the scope", names[&p]));
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
