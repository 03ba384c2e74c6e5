//! What a member may attach: the file's name is kept without its path or the characters that
//! disguise it, its type comes from its bytes (an HTML page sent as a PDF is served as text),
//! too many files are refused naming the field, and a form too large to read is a 413, not a
//! CSRF refusal.

mod common;

use bvctnb_core::ids::TripId;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

fn trip_form(csrf: &str, files: Vec<(&str, &[u8])>) -> Form {
    let mut form = Form::new()
        .text("_csrf", csrf.to_string())
        .text("countries", "Lào")
        .text("depart_on", "10/01/2027")
        .text("return_on", "15/01/2027")
        .text("purpose", "Thăm quan")
        .text("funding", "Tự túc")
        .text("submit", "draft");
    for (name, bytes) in files {
        // Whatever the browser says the type is.
        form = form.part(
            "files",
            Part::bytes(bytes.to_vec()).file_name(name.to_string()).mime_str("application/pdf").unwrap(),
        );
    }
    form
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_is_kept_under_a_clean_name_and_served_as_what_its_bytes_are() {
    let t = common::start().await;
    let member = t.login("dangvien").await;
    let html = member.get(t.url("/me/trips")).send().await.unwrap().text().await.unwrap();
    let csrf = common::csrf_of(&html);
    let page = b"<html><script>alert(document.cookie)</script></html>";
    let form = trip_form(&csrf, vec![("../../etc/passwd\u{202E}fdp.exe", page), ("Giấy mời.pdf", b"%PDF-1.4\n%...")]);
    let res = member.post(t.url("/me/trips")).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let id: TripId = res.url().path().strip_prefix("/me/trips/").expect("the new trip's page").parse().unwrap();
    let files = t.store.trip_files(id).await.unwrap();
    let kept: Vec<(&str, &str)> = files.iter().map(|f| (f.file_name.as_str(), f.mime.as_str())).collect();
    assert_eq!(kept, vec![("passwdfdp.exe", "text/plain; charset=utf-8"), ("Giấy mời.pdf", "application/pdf")]);
    let res = member.get(t.url(&format!("/trips/{id}/files/{}", files[0].id))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[reqwest::header::CONTENT_TYPE], "text/plain; charset=utf-8");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(res.headers()[reqwest::header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment;"));

    // Cancelling is never one click: without the confirmation box ticked nothing happens.
    let cancel = t.url(&format!("/me/trips/{id}/cancel"));
    let res = member.post(cancel.clone()).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Xác nhận: đánh dấu ô xác nhận để huỷ đơn"));
    assert_eq!(t.store.trip(id).await.unwrap().unwrap().stage, bvctnb_core::travel::TripStage::Draft);
    let res = member.post(cancel).form(&[("_csrf", csrf.as_str()), ("confirm", "1")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(t.store.trip(id).await.unwrap().unwrap().stage, bvctnb_core::travel::TripStage::Cancelled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_files_are_refused_by_name_and_an_oversized_form_is_413() {
    let t = common::start().await;
    let member = t.login("dangvien").await;
    let html = member.get(t.url("/me/trips")).send().await.unwrap().text().await.unwrap();
    let csrf = common::csrf_of(&html);
    let max = t.state.app.upload_limits().max_files;
    let many: Vec<(&str, &[u8])> = (0..=max).map(|_| ("a.txt", &b"x"[..])).collect();
    let res = member.post(t.url("/me/trips")).multipart(trip_form(&csrf, many)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains(&format!("Tệp đính kèm: gửi tối đa {max} tệp một lần, đã chọn {}", max + 1)), "{html}");
    assert!(html.contains("value=\"Lào\""), "the form keeps what was typed");
    let a = t.store.account_by_username("dangvien").await.unwrap().unwrap();
    assert!(t.store.trips_of_person(a.person_id.unwrap()).await.unwrap().is_empty(), "nothing was filed");

    // A 3 MB form without files: too large to read, said so, not "the form expired".
    let big = "x".repeat(3 * 1024 * 1024);
    let res = member.post(t.url("/me/relations")).form(&[("_csrf", csrf.as_str()), ("note", big.as_str())]).send();
    let res = res.await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.text().await.unwrap().contains("Biểu mẫu gửi lên quá lớn"));
}
