//! A case's planned verification letters sent in one go and printed in one PDF: every one
//! numbered from the register, or none when one of them cannot go.

mod common;

use bvctnb_core::case::verify::RequestStatus;
use common::{get, pdf_text, post, stage_of};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn planned_letters_go_together_or_not_at_all_and_print_in_one_file() {
    let t = common::start().await;
    let subject = t.world.applicant_person;
    let officer = t.login("canbo.tinh").await;
    let cell = t.login("bithu").await;
    let new_page = format!("/persons/{subject}/cases/new");
    let (s, _, _) = post(&officer, &t, &new_page, &new_page, &[("kind", "admission"), ("purpose", "")]).await;
    assert_eq!(s, StatusCode::OK);
    let case = t.store.cases_of_person(subject).await.unwrap()[0].clone();
    let page = format!("/cases/{}", case.id);
    let (_, html) = get(&officer, &t, &page).await;
    assert!(!html.contains("id=\"send-all\""), "nothing is sent before the cell seals");
    let (s, _, html) = post(&cell, &t, &page, &format!("{page}/accept"), &[("text", "Đã đóng dấu 6 trang")]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(stage_of(&html).contains("Thẩm tra"));
    let planned = t.store.case_requests(case.id).await.unwrap();
    let n = planned.iter().filter(|r| r.status == RequestStatus::Planned).count();
    assert!(n >= 2, "the admission plan has several requests: {n}");
    let (_, html) = get(&officer, &t, &page).await;
    assert!(html.contains(&format!("Gửi cùng lúc {n} đề nghị chưa gửi")), "{html}");
    let (_, html) = get(&cell, &t, &page).await;
    assert!(!html.contains("id=\"send-all\""), "the cell does not send letters");

    // A date in the future is refused at its field, the typed date kept.
    let send_all = format!("{page}/requests/send-all");
    let (s, _, html) = post(&officer, &t, &page, &send_all, &[("sent_on", "01/01/2099")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Ngày gửi") && html.contains("value=\"01/01/2099\""), "{html}");

    // One that cannot go (the subject now lives abroad, the letter is for the commune) stops
    // them all, and says which.
    let rec = t.store.person(subject).await.unwrap().unwrap();
    assert!(planned.iter().any(|r| r.person_ref.contains("ubject")), "the applicant is verified too: {planned:?}");
    {
        let mut d = rec.declaration.clone();
        d.identity.foreign_address = Some("12 Rue de Rivoli, Paris, Pháp".into());
        t.state.app.submit_declaration(subject, &d, "test", rec.version).await.unwrap();
        let today = t.state.today().format("%d/%m/%Y").to_string();
        let (s, _, html) = post(&officer, &t, &page, &send_all, &[("sent_on", today.as_str())]).await;
        assert_eq!(s, StatusCode::CONFLICT, "a refusal of the procedure, like a single send's: {html}");
        assert!(html.contains("Chưa gửi được đề nghị") && html.contains("nước ngoài"), "{html}");
        let after = t.store.case_requests(case.id).await.unwrap();
        let statuses = |rs: &[bvctnb_store::cases::RequestRow]| rs.iter().map(|r| (r.id, r.status)).collect::<Vec<_>>();
        assert_eq!(statuses(&after), statuses(&planned), "none was sent");
        let back = t.store.person(subject).await.unwrap().unwrap();
        t.state.app.submit_declaration(subject, &rec.declaration, "test", back.version).await.unwrap();
    }

    let today = t.state.today().format("%d/%m/%Y").to_string();
    let (s, _, html) = post(&officer, &t, &page, &send_all, &[("sent_on", today.as_str())]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let was_planned = |id| planned.iter().any(|p| p.id == id && p.status == RequestStatus::Planned);
    let sent: Vec<_> =
        t.store.case_requests(case.id).await.unwrap().into_iter().filter(|r| was_planned(r.id)).collect();
    assert!(sent.len() == n && sent.iter().all(|r| r.status == RequestStatus::Sent), "all sent: {sent:?}");
    let mut numbers: Vec<String> = sent.iter().map(|r| r.number.clone().expect("numbered")).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), n, "each letter has its own number: {numbers:?}");
    assert!(sent.iter().all(|r| r.carrier_name.as_deref() == Some("Bưu điện") && r.due_on.is_some()));
    let (_, html) = get(&officer, &t, &page).await;
    assert!(!html.contains("id=\"send-all\""), "nothing left to send");
    assert!(html.contains(&format!("In tất cả {n} công văn đã gửi")), "{html}");

    // One PDF with every letter, each under its own number.
    let res = officer.get(t.url(&format!("{page}/documents/letters.pdf"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text = pdf_text(&t, &res.bytes().await.unwrap()).unwrap();
    for r in &sent {
        let number = r.number.as_deref().unwrap();
        assert!(text.contains(&format!("Số {number}")), "{number} in the file: {text}");
    }
    assert_eq!(text.matches("V/v đề nghị thẩm tra lý lịch người vào Đảng").count(), n, "{text}");
}
