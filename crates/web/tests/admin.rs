//! Account administration as an administrator does it: the scope picked from the tree by name
//! (suggested as typed, refused with the choices when a name is shared), the dossier by its
//! CCCD or code, the form read back as it shows; a password set anew and a lock lifted.

mod common;

use bvctnb_core::identity::{Cccd, Sex};
use common::{get, post};
use reqwest::StatusCode;

fn fields(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn as_ref<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scope_and_dossier_are_picked_by_name_and_number_and_passwords_and_locks_are_reset() {
    let t = common::start().await;
    let w = t.world.clone();
    let app = &t.state.app;
    let tree = app.tree();
    let admin = t.login("quantri").await;
    let unit_a = tree.get(w.unit_a).unwrap().name.clone();
    let unit_a_path = format!("{} (mã {})", tree.path_label(w.unit_a), w.unit_a);

    // Suggestions as the name is typed without its marks.
    let typed = bvctnb_core::text::fold(&unit_a);
    let (s, html) = get(&admin, &t, &format!("/admin/orgs/suggest?scope_org={typed}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(&format!("<option value=\"{unit_a_path}\">")), "{html}");
    let (s, _) = get(&t.login("canbo.tinh").await, &t, "/admin/orgs/suggest?scope_org=x").await;
    assert_eq!(s, StatusCode::FORBIDDEN, "the tree's suggestions are the administrator's");

    // The member to link, found by the CCCD on the card (typed with its blanks).
    let mut d = bvctnb_testkit::data::named("Lương Thị Hoà");
    d.identity.birth_date = bvctnb_core::PartialDate::full(1995, 3, 4).unwrap();
    let sex = if d.identity.sex == Sex::Male { 0 } else { 1 };
    let number = format!("075{sex}95012345");
    d.identity.cccd = Some(Cccd::parse(&number, &d.identity.birth_date, d.identity.sex).unwrap());
    let linked = app.create_person(w.cell_a, &d, "test").await.unwrap().id;
    let year = 1995;
    let spaced = format!("{} {} {}", &number[..3], &number[3..6], &number[6..]);

    // A name no organisation has is refused, the input kept (a shared name: pick.rs's tests).
    let form = |scope: &str, person: &str| {
        vec![
            ("username".to_string(), "canbo.xa".to_string()),
            ("display_name".into(), "Cán bộ xã".into()),
            ("role".into(), "officer".into()),
            ("scope_org".into(), scope.to_string()),
            ("clearance".into(), "mat".into()),
            ("person_id".into(), person.to_string()),
            ("password".into(), "Mật-khẩu-đủ-dài-2026".into()),
        ]
    };
    let new = "/admin/accounts/new";
    let f = form("Đảng bộ xã Không Có", &spaced);
    let (s, _, html) = post(&admin, &t, new, new, &fields(&f)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Phạm vi: không có tổ chức nào tên «Đảng bộ xã Không Có»"), "{html}");
    assert!(html.contains("value=\"Đảng bộ xã Không Có\"") && html.contains(&format!("value=\"{spaced}\"")));
    let f = form(&unit_a, "12 34");
    let (s, _, html) = post(&admin, &t, new, new, &fields(&f)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Gắn với hồ sơ: ghi số CCCD, số thẻ đảng viên hoặc mã hồ sơ"), "{html}");

    // By a name only one has and by the card number: saved, and shown in words.
    let f = form(&unit_a, &spaced);
    let (s, landed, html) = post(&admin, &t, new, new, &fields(&f)).await;
    assert_eq!((s, landed.as_str()), (StatusCode::OK, "/admin/accounts"), "{html}");
    let acc = t.store.account_by_username("canbo.xa").await.unwrap().unwrap();
    assert_eq!((acc.scope_org, acc.person_id), (Some(w.unit_a), Some(linked)));
    let name = &d.identity.full_name;
    assert!(html.contains(&tree.path_label(w.unit_a)) && html.contains(&format!("{name}, {year} (hồ sơ")), "{html}");
    let page = format!("/admin/accounts/{}", acc.id);
    let (_, html) = get(&admin, &t, &page).await;
    let person_text = format!("{name}, {year} (hồ sơ {})", linked);
    assert!(html.contains(&format!("value=\"{unit_a_path}\"")) && html.contains(&person_text), "{html}");

    // The form posted back as shown changes nothing; a short new password is refused at its field.
    let edit = |extra: &[(&'static str, &'static str)]| {
        let mut f = vec![
            ("display_name", "Cán bộ xã".to_string()),
            ("role", "officer".into()),
            ("scope_org", unit_a_path.clone()),
            ("clearance", "mat".into()),
            ("person_id", person_text.clone()),
        ];
        f.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        f
    };
    let (s, _, html) = post(&admin, &t, &page, &page, &as_ref(&edit(&[("new_password", "ngan")]))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Đặt lại mật khẩu: ") && !html.contains("value=\"ngan\""), "{html}");
    let (s, landed, _) = post(&admin, &t, &page, &page, &as_ref(&edit(&[]))).await;
    assert_eq!((s, landed.as_str()), (StatusCode::OK, "/admin/accounts"));
    let same = t.store.account(acc.id).await.unwrap().unwrap();
    assert_eq!((same.scope_org, same.person_id), (Some(w.unit_a), Some(linked)));

    // A lock after failed logins is shown and lifted; a new password replaces the old one.
    let until = bvctnb_web::security::now_secs() + 3600;
    app.login_failed(acc.id, 1, until).await.unwrap();
    let (_, html) = get(&admin, &t, &page).await;
    assert!(html.contains("Mở khoá đăng nhập (đang khoá đến"), "{html}");
    let fresh = "Mật-khẩu-mới-đủ-dài-2027";
    let (s, _, _) = post(&admin, &t, &page, &page, &as_ref(&edit(&[("unlock", "1"), ("new_password", fresh)]))).await;
    assert_eq!(s, StatusCode::OK);
    let after = t.store.account(acc.id).await.unwrap().unwrap();
    assert_eq!((after.locked_until, after.failed_logins), (None, 0));
    let res = t.login_with(&common::client(), "canbo.xa", "Mật-khẩu-đủ-dài-2026").await;
    assert_eq!(res.url().path(), "/login", "the old password no longer opens");
    let res = t.login_with(&common::client(), "canbo.xa", fresh).await;
    assert_ne!(res.url().path(), "/login", "the new one does");
    let log = t.store.audit_entries(&Default::default()).await.unwrap();
    assert!(
        log.iter().any(
            |e| e.event.action == "account.update" && e.event.detail.contains("đặt lại mật khẩu=true mở khoá=true")
        ),
        "the reset is in the trail"
    );
}
