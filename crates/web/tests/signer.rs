//! The signer at the conclusion step: offered only the categories their level may sign, and
//! able to return the case for more verification or refuse it, each with a reason on record.

mod common;

use bvctnb_store::audit::{AuditFilter, Outcome};
use bvctnb_store::cases::Inbox;
use common::{get, post, stage_of};
use reqwest::StatusCode;

/// The part of `html` from the form `id` to its end.
fn form<'a>(html: &'a str, id: &str) -> &'a str {
    let i = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("form {id} on the page"));
    &html[i..i + html[i..].find("</form>").unwrap()]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_signer_concludes_within_level_returns_or_refuses() {
    let t = common::start().await;
    let person = t.world.plain_in_a;
    let officer = t.login("canbo.tinh").await;
    let committee = t.login("capuy").await;
    let (case, page) = common::key_cadre_at_conclusion(&t, &officer, person).await;

    // The commune committee (level 1) is offered only what level 1 signs.
    let (_, html) = get(&committee, &t, &page).await;
    let offered = form(&html, "conclude");
    assert!(offered.contains("value=\"khong-co-van-de\""), "{offered}");
    for above in ["co-van-de-khong-vi-pham", "phuc-tap", "vi-pham"] {
        assert!(!offered.contains(&format!("value=\"{above}\"")), "{above} is above the commune: {offered}");
    }
    assert!(html.contains("id=\"return\"") && html.contains("id=\"refuse\""));
    let (_, html) = get(&officer, &t, &page).await;
    assert!(!html.contains("id=\"return\"") && !html.contains("id=\"refuse\""), "the officer does not sign");
    let (s, _, _) = post(&officer, &t, &page, &format!("{page}/return"), &[("reason", "x")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Return needs its reason; the refusal names the field and keeps the page.
    let (s, _, html) = post(&committee, &t, &page, &format!("{page}/return"), &[("reason", "  ")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Lý do") && html.contains("những điểm cần thẩm tra thêm"), "{html}");
    assert!(stage_of(&html).contains("Kết luận"));
    let why = "Xác minh thêm thời gian công tác 2015–2017 tại Công ty Sông Đà";
    let (s, _, html) = post(&committee, &t, &page, &format!("{page}/return"), &[("reason", why)]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(stage_of(&html).contains("Thẩm tra"), "{}", stage_of(&html));
    assert!(html.contains("Cấp có thẩm quyền trả lại để thẩm tra thêm") && html.contains(why), "on record");
    let inbox = Inbox { account: 0, role: "member".into(), scope: None, person: Some(person) };
    let notices = t.store.notices(&inbox, 100).await.unwrap();
    assert!(notices.iter().any(|n| n.text.contains("thẩm tra thêm")), "the subject is told");

    // Verified again, it comes back to the signer, who refuses with a reason and confirmation.
    common::finish_verification(&t, &officer, &page, case.id).await;
    let (s, _, html) = post(&officer, &t, &page, &format!("{page}/appraise"), &[("text", "Đã xác minh thêm")]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(stage_of(&html).contains("Kết luận"));
    let no = "Chưa đủ thời gian công tác theo quy định";
    let (s, _, html) = post(&committee, &t, &page, &format!("{page}/refuse"), &[("reason", no)]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "confirmation required");
    assert!(html.contains("Xác nhận") && html.contains(no), "typed reason kept: {html}");
    let (s, _, html) =
        post(&committee, &t, &page, &format!("{page}/refuse"), &[("reason", no), ("confirm", "1")]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(stage_of(&html).contains("Đã kết thúc"));
    let closed = t.store.case(case.id).await.unwrap().unwrap();
    assert_eq!(closed.outcome.as_deref(), Some(format!("Không chấp thuận: {no}").as_str()));
    assert!(t.store.case_conclusions(case.id).await.unwrap().is_empty(), "a refusal is not a conclusion");

    let f = AuditFilter { person_id: Some(person), limit: 1000, ..Default::default() };
    let trail = t.store.audit_entries(&f).await.unwrap();
    for action in ["case.return", "case.refuse"] {
        assert!(trail.iter().any(|e| e.event.action == action && e.event.outcome == Outcome::Ok), "{action}");
    }
    assert!(trail.iter().any(|e| e.event.action == "case.return" && e.event.outcome == Outcome::Denied));
}

/// A conclusion that finds a political issue puts the person in PL3 even when the dossier
/// records no historical particular, with the conclusion cited and the unit named by its path.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concluded_political_issue_is_listed_in_pl3() {
    let t = common::start().await;
    let person = t.world.plain_in_b;
    let officer = t.login("canbo.tinh").await;
    let province = t.login("capuy.tinh").await;
    let (_, page) = common::key_cadre_at_conclusion(&t, &officer, person).await;
    let name = t.store.person(person).await.unwrap().unwrap().declaration.identity.full_name;
    let (_, html) = get(&officer, &t, "/listings/pl3").await;
    assert!(!html.contains(&name), "a clean dossier is not in PL3 before the conclusion");

    let today = chrono::Utc::now().date_naive().format("%d/%m/%Y").to_string();
    let concl = [
        ("category", "co-van-de-khong-vi-pham"),
        ("grounds", "Có quan hệ với tổ chức phản động ở nước ngoài, đã chấm dứt"),
        ("signed_on", today.as_str()),
        ("signer_position", "Phó Bí thư Thường trực"),
    ];
    let (s, _, html) = post(&province, &t, &page, &format!("{page}/conclude"), &concl).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let (s, html) = get(&officer, &t, "/listings/pl3").await;
    assert_eq!(s, StatusCode::OK);
    let i = html.find(&name).unwrap_or_else(|| panic!("{name} in PL3"));
    let row = &html[html[..i].rfind("<tr").unwrap()..i + html[i..].find("</tr>").unwrap()];
    assert!(row.contains("Có vấn đề chính trị nhưng không vi phạm"), "{row}");
    let rec = t.store.person(person).await.unwrap().unwrap();
    let tree = t.state.app.tree();
    let unit = tree.path_below(rec.org_id, t.world.province);
    assert!(unit.contains(&tree.get(t.world.unit_b).unwrap().name), "{unit}");
    assert!(row.contains(&unit), "the unit by its path below the scope ({unit}): {row}");
}
