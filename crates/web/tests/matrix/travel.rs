//! Trips abroad × every role: one private trip per person, waiting for the cell's opinion;
//! every trip page and form, the task list, the PL1–PL3 listings and their exports, and the
//! member's own trips. The POSTs are refused by validation (422) or state (409) where the
//! role may act, so the matrix changes nothing.

use super::*;
use bvctnb_app::travel::TripInput;

pub(super) async fn travel(t: &TestApp) {
    let ids = ids(t);
    let st = &t.state;
    let mut trip_of = HashMap::new();
    let today = st.today();
    for p in PERSONS {
        let rec = t.store.person(ids.persons[&p]).await.unwrap().unwrap();
        let member = bvctnb_app::cases::Actor {
            username: "matrix".into(),
            display_name: "Matrix".into(),
            role: bvctnb_core::access::Role::Subject,
            scope: None,
            person: Some(rec.id),
        };
        let input = TripInput {
            countries: "Nhật Bản".into(),
            depart_on: Some(today + chrono::Duration::days(30)),
            return_on: Some(today + chrono::Duration::days(37)),
            purpose: "Du lịch".into(),
            funding: "Tự túc".into(),
            ..TripInput::default()
        };
        let trip = st.app.file_trip(&member, &rec, input, true).await.unwrap();
        trip_of.insert(p, trip.id);
    }
    let mut failures = Vec::new();
    for user in ROLES {
        let web = t.login(user).await;
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
            let id = trip_of[&p];
            let got = web.get(t.url(&format!("/trips/{id}"))).send().await.unwrap().status();
            check(
                format!("{user} GET /trips/{id} ({p:?})"),
                got,
                expect_on(user, p, may_read(user).contains(&p), StatusCode::OK),
            );
            let comment = may_edit(user).contains(&p);
            let got = post(format!("/trips/{id}/cell-opinion"), vec![("opinion", "")]).await.unwrap().status();
            check(
                format!("{user} POST cell-opinion ({p:?})"),
                got,
                expect_on(user, p, comment, StatusCode::UNPROCESSABLE_ENTITY),
            );
            let decide = may_decide_case(user).contains(&p);
            let got = post(format!("/trips/{id}/approve"), vec![]).await.unwrap().status();
            check(format!("{user} POST approve ({p:?})"), got, expect_on(user, p, decide, StatusCode::CONFLICT));
            let handle = may_handle_case(user).contains(&p);
            let got = post(format!("/trips/{id}/return"), vec![("reentry_on", "")]).await.unwrap().status();
            check(
                format!("{user} POST return ({p:?})"),
                got,
                expect_on(user, p, handle, StatusCode::UNPROCESSABLE_ENTITY),
            );
            let path = format!("/persons/{}/trips/unapproved", ids.persons[&p]);
            let got = web.get(t.url(&path)).send().await.unwrap().status();
            check(format!("{user} GET {path}"), got, expect_on(user, p, handle, StatusCode::OK));
            let own = own_person(user) == Some(p);
            let got = web.get(t.url(&format!("/me/trips/{id}"))).send().await.unwrap().status();
            check(format!("{user} GET /me/trips/{id} ({p:?})"), got, expect_on(user, p, own, StatusCode::OK));
        }
        let got = web.get(t.url("/me/trips")).send().await.unwrap().status();
        check(format!("{user} GET /me/trips"), got, expect(own_person(user).is_some(), StatusCode::OK));
        // Lists and listings: inside the scope only, never one's own or a relative's trip.
        let lists = !may_list(user).is_empty();
        // PL1 lists only trips decided by default; the matrix's trips stand at every stage.
        for path in [
            "/trips",
            "/listings/pl1?status=all",
            "/listings/pl1/export?format=xlsx",
            "/listings/pl1/export?format=pdf",
        ] {
            let res = web.get(t.url(path)).send().await.unwrap();
            // Exports follow the export policy of the other lists (no exports for the cell).
            let allowed = if path.contains("export") { lists && !may_export(user).is_empty() } else { lists };
            check(format!("{user} GET {path}"), res.status(), expect(allowed, StatusCode::OK));
            if !lists || path.contains("export") {
                continue;
            }
            let html = res.text().await.unwrap();
            let mut leaks = Vec::new();
            for p in PERSONS {
                let needle = if path == "/trips" {
                    format!("href=\"/trips/{}\"", trip_of[&p])
                } else {
                    format!("href=\"/persons/{}\"", ids.persons[&p])
                };
                let listed = html.contains(&needle);
                let in_scope = match p {
                    P::A | P::Cell | P::Rel => {
                        may_list(user).contains(&O::UnitA) || (p == P::Cell && may_list(user).contains(&O::CellA))
                    }
                    P::B | P::Off => may_list(user).contains(&O::UnitB),
                };
                let recused = user == "canbo.tinh" && matches!(p, P::Off | P::Rel);
                if listed && (recused || !in_scope) {
                    leaks.push(format!("{user} GET {path} lists the trip of {p:?} (recused {recused})"));
                }
                if in_scope && !recused && !listed {
                    leaks.push(format!("{user} GET {path} does not list the trip of {p:?}, inside the scope"));
                }
            }
            leaks.into_iter().for_each(|l| check(l, StatusCode::OK, StatusCode::FORBIDDEN));
        }
        for path in ["/listings/pl2", "/listings/pl3", "/passports", "/delegations"] {
            let got = web.get(t.url(path)).send().await.unwrap().status();
            check(format!("{user} GET {path}"), got, expect(lists, StatusCode::OK));
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
