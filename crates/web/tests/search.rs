//! Searching for a person as an officer does all day: namesakes told apart by birth date,
//! hometown and unit; the total and the pages; a CCCD or party card number typed from the
//! card; the name spelled as typed first.

mod common;

use bvctnb_core::identity::{Cccd, Sex};
use bvctnb_core::{PartialDate, person::Place};
use bvctnb_testkit::data::named;
use common::get;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namesakes_are_told_apart_counted_paged_and_found_by_number() {
    let t = common::start().await;
    let cell = t.world.cell_a;
    let app = &t.state.app;
    // 35 "Trịnh Văn Khải" (more than a page), each born on another day in another place, and
    // one "Trịnh Văn Khai" whose name only folds to the same letters.
    let mut number = String::new();
    for i in 0..35u32 {
        let mut d = named("Trịnh Văn Khải");
        d.identity.birth_date = PartialDate::full(1993 + i as i32 % 4, 1 + i % 12, 1 + i % 27).unwrap();
        d.identity.hometown = Place { name: format!("Xã Khải Thành {i}"), ..d.identity.hometown.clone() };
        if i == 7 {
            // The CCCD's sex-and-century digit and year agree with the declaration.
            d.identity.birth_date = PartialDate::full(1995, 3, 4).unwrap();
            let sex = if d.identity.sex == Sex::Male { 0 } else { 1 };
            number = format!("075{sex}95012345");
            d.identity.cccd = Some(Cccd::parse(&number, &d.identity.birth_date, d.identity.sex).unwrap());
        }
        app.create_person(cell, &d, "test").await.unwrap();
    }
    let plain = app.create_person(cell, &named("Trịnh Văn Khai"), "test").await.unwrap();
    let officer = t.login("canbo.tinh").await;

    let (s, html) = get(&officer, &t, "/search?q=Trịnh+Văn+Khải").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("<strong>36</strong> người trong phạm vi"), "the total: {html}");
    assert!(html.contains("trang 1/2"), "{html}");
    assert!(html.contains("Xã Khải Thành") && html.contains("Chi bộ"), "hometown and unit path shown");
    assert!(html.contains("<td>04/03/1995</td>"), "the whole birth date: {html}");
    // Every exact spelling comes before the folded one, which is on the second page.
    assert!(!html.contains(&format!("href=\"/persons/{}\"", plain.id)), "the folded name is not on page 1");
    let (_, second) = get(&officer, &t, "/search?q=Trịnh+Văn+Khải&page=2").await;
    assert!(second.contains(&format!("href=\"/persons/{}\"", plain.id)), "{second}");
    assert!(second.contains("trang 2/2") && second.contains("Trang trước"));

    // A CCCD typed with blanks, as on the card.
    let spaced = format!("{}+{}+{}+{}", &number[..3], &number[3..6], &number[6..9], &number[9..]);
    let (_, html) = get(&officer, &t, &format!("/search?q={spaced}")).await;
    assert!(html.contains("<strong>1</strong> người") && html.contains("Xã Khải Thành 7"), "{html}");
    // Outside the caller's scope a number finds nobody.
    let outsider = t.login("canbo.coso").await;
    let (_, html) = get(&outsider, &t, &format!("/search?q={number}")).await;
    assert!(html.contains("<strong>0</strong> người"), "{html}");
    // The number is not written into the trail.
    let trail = t.store.audit_entries(&Default::default()).await.unwrap();
    assert!(trail.iter().all(|e| !e.event.detail.contains(&number)));
}
