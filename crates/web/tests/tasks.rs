//! "Việc cần làm" is a task list: a trip request reaches the cell secretary, then the
//! committee, and leaves each list (and the count in the menu) once that person has acted; the
//! member's own draft waits for the member. Nothing is kept of items already done.

mod common;

use bvctnb_app::cases::Actor;
use bvctnb_app::travel::TripInput;
use bvctnb_core::access::Role;
use chrono::Duration;
use common::{TestApp, get};

/// The figure beside "Việc cần làm" in the menu (0 when none is shown).
fn menu_count(html: &str) -> i64 {
    let Some(at) = html.find("href=\"/inbox\"") else { panic!("no task entry in the menu: {html}") };
    let entry = &html[at..at + html[at..].find("</a>").unwrap()];
    entry.split("class=\"count\"").nth(1).map_or(0, |s| {
        let s = &s[s.find('>').unwrap() + 1..];
        s[..s.find('<').unwrap()].parse().unwrap()
    })
}

/// The task table only (the notices below it may name the same record).
fn tasks_table(html: &str) -> &str {
    match html.find("id=\"tasks\"") {
        Some(at) => &html[at..at + html[at..].find("</table>").unwrap()],
        None => "",
    }
}

async fn walk(t: TestApp) {
    let w = t.world.clone();
    let app = &t.state.app;
    let today = app.today();
    let secretary = t.login("bithu").await;
    let committee = t.login("capuy.tinh").await;
    let member = t.login("dangvien").await;
    let (_, before_cell) = get(&secretary, &t, "/inbox").await;
    let (_, before_committee) = get(&committee, &t, "/").await;
    let (cell0, committee0) = (menu_count(&before_cell), menu_count(&before_committee));

    let me = Actor {
        username: "dangvien".into(),
        display_name: "Đảng viên".into(),
        role: Role::Subject,
        scope: None,
        person: Some(w.subject_person),
    };
    let rec = t.store.person(w.subject_person).await.unwrap().unwrap();
    let trip = |from: i64, countries: &str| TripInput {
        countries: countries.into(),
        depart_on: Some(today + Duration::days(from)),
        return_on: Some(today + Duration::days(from + 7)),
        purpose: "Du lịch cùng gia đình".into(),
        funding: "Tự túc".into(),
        ..Default::default()
    };
    let draft = app.file_trip(&me, &rec, trip(60, "Lào"), false).await.unwrap();
    let filed = app.file_trip(&me, &rec, trip(20, "Nhật Bản"), true).await.unwrap();
    let link = format!("href=\"/trips/{}\"", filed.id);

    // The member's own draft waits for the member, on their self-service page.
    let (_, html) = get(&member, &t, "/inbox").await;
    let own = tasks_table(&html);
    assert!(own.contains(&format!("/me/trips/{}", draft.id)) && own.contains("nộp đơn"), "{html}");
    assert!(!own.contains(&format!("/me/trips/{}", filed.id)), "a filed request is not the member's task: {own}");

    // The filed request waits for the cell secretary, with its departure as the due day.
    let (_, html) = get(&secretary, &t, "/inbox").await;
    assert!(tasks_table(&html).contains(&link), "the request reaches the cell: {html}");
    assert!(tasks_table(&html).contains(&(today + Duration::days(20)).format("%d/%m/%Y").to_string()));
    assert_eq!(menu_count(&html), cell0 + 1, "the menu counts it");
    let (_, html) = get(&committee, &t, "/inbox").await;
    assert!(!tasks_table(&html).contains(&link), "not yet the committee's: {html}");

    // The cell's opinion moves it to the committee; the secretary's list no longer has it.
    let cell = Actor {
        username: "bithu".into(),
        role: Role::CellSecretary,
        scope: Some(w.cell_a),
        person: None,
        ..me.clone()
    };
    let filed = app.cell_opinion(&cell, &filed, "Chi bộ đồng ý").await.unwrap();
    let (_, html) = get(&secretary, &t, "/inbox").await;
    assert!(!tasks_table(&html).contains(&link), "done items leave: {html}");
    assert_eq!(menu_count(&html), cell0);
    let (_, html) = get(&committee, &t, "/inbox").await;
    assert!(tasks_table(&html).contains(&link) && html.contains("Quyết định đơn đi nước ngoài"), "{html}");
    assert_eq!(menu_count(&html), committee0 + 1);

    // Decided: it leaves the committee's list; the member is told in the notices below.
    let signer = Actor {
        username: "capuy.tinh".into(),
        role: Role::Committee,
        scope: Some(w.province),
        person: None,
        ..me.clone()
    };
    app.decide_trip(&signer, &filed, true, "7-QĐ/TU", "").await.unwrap();
    let (_, html) = get(&committee, &t, "/inbox").await;
    assert!(!tasks_table(&html).contains(&link), "{html}");
    assert_eq!(menu_count(&html), committee0);
    let (_, html) = get(&member, &t, "/inbox").await;
    assert!(html.contains("Thông báo cho bạn") && html.contains("đã được đồng ý"), "{html}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_follow_the_records_on_sqlite() {
    walk(common::start().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_follow_the_records_on_postgres() {
    let Some(t) = common::start_pg().await else { return };
    walk(t).await;
}
