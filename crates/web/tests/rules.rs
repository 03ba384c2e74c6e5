//! Regulation packs through real HTTP: the pack pages, the diff between editions, findings on
//! a dossier with their reasons and the verification plan, and a review campaign started from
//! the browser, run to the end, listed and exported; refusals outside the scope are audited.

mod common;

use bvctnb_core::PartialDate;
use bvctnb_core::dossier::{FormerRegimeBranch, HistoricalFact, Provenance};
use bvctnb_core::family::{RelationKind, Relative};
use bvctnb_core::ids::PersonId;
use bvctnb_store::audit::{AuditFilter, Outcome};
use bvctnb_store::campaigns::{Campaign, CampaignStatus};
use common::TestApp;
use reqwest::StatusCode;
use std::time::{Duration, Instant};

const FATHER: &str = "Trần Văn Cựu";
const RULE_TITLE: &str =
    "Thân nhân làm việc trong bộ máy chính quyền, quân đội, cảnh sát chế độ cũ hoặc tham gia đảng phái phản động";

async fn get(c: &reqwest::Client, t: &TestApp, path: &str) -> (StatusCode, String) {
    let res = c.get(t.url(path)).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// Gives `id` a father who served in the former regime's army before 30/04/1975.
async fn with_former_regime_father(t: &TestApp, id: PersonId) -> Relative {
    let rec = t.store.person(id).await.unwrap().unwrap();
    let mut d = rec.declaration.clone();
    d.family.retain(|r| r.relation != RelationKind::Father);
    let born = d.identity.birth_date.year();
    let mut father = Relative::new(RelationKind::Father, FATHER);
    father.birth_year = Some((born - 25).min(1945));
    father.residence = "xã Hòa Phú, huyện Củ Chi, TP Hồ Chí Minh".into();
    father.hometown = "xã Tân Thông Hội, huyện Củ Chi, TP Hồ Chí Minh".into();
    father.facts.push(HistoricalFact::FormerRegimePost {
        post: "Trung sĩ".into(),
        unit: "Sư đoàn 5".into(),
        branch: FormerRegimeBranch::Military,
        from: PartialDate::year_only(1968).unwrap(),
        to: Some(PartialDate::year_only(1972).unwrap()),
        provenance: Provenance::default(),
    });
    d.family.push(father.clone());
    d.validate().unwrap_or_else(|e| panic!("test declaration invalid: {e:?}"));
    t.state.app.submit_declaration(id, &d, "test", rec.version).await.unwrap();
    father
}

async fn wait_done(t: &TestApp, id: bvctnb_core::ids::CampaignId) -> Campaign {
    let started = Instant::now();
    loop {
        let c = t.store.campaign(id).await.unwrap().unwrap();
        if c.status != CampaignStatus::Running && !bvctnb_web::pages::campaigns::is_running(&t.state, id) {
            return c;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "campaign {id} still running: {c:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn audit(t: &TestApp, actor: &str) -> Vec<bvctnb_store::audit::AuditEntry> {
    let f = AuditFilter { actor: Some(actor.into()), limit: 1000, ..Default::default() };
    t.store.audit_entries(&f).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pack_pages_list_the_packs_spell_out_rules_and_show_the_diff() {
    let t = common::start().await;
    let c = t.login("capuy").await;
    let (s, html) = get(&c, &t, "/rules").await;
    assert_eq!(s, StatusCode::OK);
    for id in ["qd-57-2007", "qd-126-2018", "qd-58-2022"] {
        assert!(html.contains(&format!("href=\"/rules/{id}\"")), "{id} listed");
    }
    assert!(html.contains("Đang áp dụng"));
    assert!(html.contains("href=\"/rules\""), "menu links the packs");

    let (s, html) = get(&c, &t, "/rules/qd-58-2022").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(RULE_TITLE));
    assert!(html.contains("id=\"rule-than-nhan-lam-viec-che-do-cu\""));
    assert!(html.contains("Quy định số 58-QĐ/TW (chưa xác minh điều, khoản)"), "blank article and clause are named");
    assert!(html.contains("mục 3.4, Hướng dẫn số 06-HD/TW (2025)"), "verification scope citation");
    assert!(html.contains("thuộc bộ máy chính quyền, quân đội, cảnh sát hoặc đảng phái phản động"));
    assert!(html.contains("bắt đầu trước 30/04/1975"));
    assert!(html.contains("Theo nguồn thứ cấp, cần đối chiếu văn bản"));
    assert!(html.contains("Đến ủy viên ban thường vụ tỉnh ủy, thành ủy và tương đương"));

    let (s, html) = get(&c, &t, "/rules/diff?from=qd-126-2018&to=qd-58-2022").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("uv-btv-tinh"), "the ceiling added by QĐ 58 is shown");
    let row = &html[html.find("kết quả › giới hạn bố trí › Tham gia cấp ủy").expect("a changed field, in words")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("(không có)")
            && row.contains("Đến ủy viên ban thường vụ tỉnh ủy, thành ủy và tương đương (uv-btv-tinh)"),
        "{row}"
    );
    assert!(html.contains("Thêm mới ở gói qd-58-2022"));
    assert_eq!(get(&c, &t, "/rules/diff?from=qd-126-2018&to=khong-co").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&c, &t, "/rules/khong-co").await.0, StatusCode::NOT_FOUND);

    // Coordinators do not read packs here; the refusal is audited.
    let c = t.login("phoihop").await;
    assert_eq!(get(&c, &t, "/rules").await.0, StatusCode::FORBIDDEN);
    assert!(
        audit(&t, "phoihop").await.iter().any(|e| e.event.action == "rules.read" && e.event.outcome == Outcome::Denied)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dossier_shows_which_rules_fired_why_and_the_verification_plan() {
    let t = common::start().await;
    let id = t.world.plain_in_a;
    let father = with_former_regime_father(&t, id).await;
    let c = t.login("canbo.tinh").await;

    let (s, html) = get(&c, &t, &format!("/persons/{id}?kind=admission")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Đối chiếu quy định"));
    assert!(html.contains("Phát hiện chỉ để tham khảo; kết luận do cấp ủy có thẩm quyền quyết định"));
    assert!(html.contains(RULE_TITLE), "the fired rule is named");
    assert!(html.contains("href=\"/rules/qd-58-2022#rule-than-nhan-lam-viec-che-do-cu\""));
    let who = format!("Cha đẻ {FATHER} ({})", father.birth_year.unwrap());
    assert!(html.contains(&format!("<strong>{who}</strong>: Trung sĩ, Sư đoàn 5 (1968–1972)")), "the trigger");
    let plan = &html[html.find("id=\"plan\"").expect("a plan table")..];
    let plan = &plan[..plan.find("</table>").unwrap()];
    assert!(plan.contains(&who) && plan.contains("xã Hòa Phú"), "the father is verified where he lives");

    // Another pack and kind on request; the default follows the party standing.
    let (_, html) = get(&c, &t, &format!("/persons/{id}?pack=qd-57-2007&kind=review")).await;
    assert!(html.contains("/rules/qd-57-2007") && html.contains("xét để: Rà soát chính trị nội bộ"));
    let rec = t.store.person(id).await.unwrap().unwrap();
    let kind = bvctnb_app::rules::default_kind(&rec.declaration);
    let (_, html) = get(&c, &t, &format!("/persons/{id}")).await;
    assert!(html.contains(&format!("xét để: {}", kind.label())));
    assert!(html.contains(RULE_TITLE), "the rule also applies to {kind:?}");

    // Where the dossier may not be read, neither may its findings.
    let c = t.login("canbo.coso").await;
    let (s, html) = get(&c, &t, &format!("/persons/{id}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "a dossier out of scope answers as one that does not exist");
    assert!(!html.contains(RULE_TITLE));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_started_from_the_browser_runs_lists_and_exports() {
    campaign_round_trip(&common::start().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_started_from_the_browser_runs_lists_and_exports_on_postgres() {
    if let Some(t) = common::start_pg().await {
        campaign_round_trip(&t).await;
    }
}

async fn campaign_round_trip(t: &TestApp) {
    let person = t.world.plain_in_a;
    with_former_regime_father(t, person).await;
    let unit_a = t.world.unit_a;
    let c = t.login("canbo.tinh").await;
    let (s, html) = get(&c, t, "/campaigns").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("action=\"/campaigns\""), "officers get the start form");
    let csrf = common::csrf_of(&html);
    let org = unit_a.to_string();
    let form = [("_csrf", csrf.as_str()), ("org", org.as_str()), ("pack", "qd-58-2022"), ("kind", "review")];
    let res = c.post(t.url("/campaigns")).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let path = res.url().path().to_string();
    let id: bvctnb_core::ids::CampaignId =
        path.strip_prefix("/campaigns/").expect("redirected to the campaign").parse().unwrap();
    let done = wait_done(t, id).await;
    assert_eq!(done.status, CampaignStatus::Done, "{done:?}");
    assert_eq!(done.processed, done.total);
    assert_eq!(done.scope_org, unit_a);
    assert!(done.flagged >= 1);
    assert!(
        audit(t, "canbo.tinh")
            .await
            .iter()
            .any(|e| e.event.action == "campaign.start" && e.event.outcome == Outcome::Ok)
    );

    // Once done, htmx is told to reload the page, which then stops polling.
    let res = c.get(t.url(&format!("/campaigns/{id}/progress"))).header("hx-request", "true").send().await.unwrap();
    assert_eq!(res.headers().get("hx-refresh").map(|v| v.to_str().unwrap()), Some("true"));
    let (s, html) = get(&c, t, &format!("/campaigns/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Đã xong") && !html.contains("hx-trigger=\"every 2s\""));

    // The person is in the work list of their organisation, with the rule and its citation.
    let org_of = t.store.person(person).await.unwrap().unwrap().org_id;
    let mut found = None;
    for page in 1..=20 {
        let (s, html) = get(&c, t, &format!("/campaigns/{id}?org={org_of}&page={page}")).await;
        assert_eq!(s, StatusCode::OK);
        if let Some(i) = html.find(&format!("href=\"/persons/{person}\"")) {
            found = Some(html[i..].to_string());
            break;
        }
        if !html.contains("Trang sau") {
            break;
        }
    }
    let row = found.expect("the person is listed");
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains(RULE_TITLE) && row.contains("Quy định số 58-QĐ/TW"), "{row}");
    assert!(row.contains("Phát hiện mới"));

    let res = c.get(t.url(&format!("/campaigns/{id}/export.xlsx"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[reqwest::header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        res.headers()[reqwest::header::CONTENT_DISPOSITION].to_str().unwrap().contains(&format!("ra-soat-{id}.xlsx"))
    );
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx file is a ZIP archive");
    assert!(audit(t, "canbo.tinh").await.iter().any(|e| e.event.action == "campaign.export"));

    // An officer of another unit: refused, and the refusals are audited.
    let other = t.login("canbo.coso").await;
    assert_eq!(get(&other, t, &format!("/campaigns/{id}")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(get(&other, t, &format!("/campaigns/{id}/export.xlsx")).await.0, StatusCode::FORBIDDEN);
    let html = other.get(t.url("/campaigns")).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains(&format!("href=\"/campaigns/{id}\"")), "not listed outside the scope");
    let csrf = common::csrf_of(&html);
    let form = [("_csrf", csrf.as_str()), ("org", org.as_str()), ("kind", "review")];
    assert_eq!(other.post(t.url("/campaigns")).form(&form).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let log = audit(t, "canbo.coso").await;
    let denied = |action: &str| log.iter().any(|e| e.event.action == action && e.event.outcome == Outcome::Denied);
    assert!(denied("campaign.read") && denied("campaign.export") && denied("campaign.start"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_left_running_by_a_stopped_server_can_be_resumed() {
    let t = common::start().await;
    let pack = t.state.app.current_pack().unwrap().clone();
    let kind = bvctnb_core::case_kind::CaseKind::Review;
    let (c, _) =
        bvctnb_app::rescreen::start_or_resume(t.store.as_ref(), &pack, kind, t.world.unit_b, "x", true).await.unwrap();
    let web = t.login("canbo.coso").await;
    let (s, html) = get(&web, &t, &format!("/campaigns/{}", c.id)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Bị dừng giữa chừng") && html.contains("Tiếp tục rà soát"));
    let csrf = common::csrf_of(&html);
    let path = format!("/campaigns/{}/resume", c.id);
    let res = web.post(t.url(&path)).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let done = wait_done(&t, c.id).await;
    assert_eq!((done.status, done.processed), (CampaignStatus::Done, done.total));
    let res = web.post(t.url(&path)).form(&[("_csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT, "a finished campaign is not resumed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_narrower_scope_sees_only_its_own_part_of_a_wider_campaign() {
    let t = common::start().await;
    let (store, tree) = (t.store.clone(), t.state.app.tree());
    let pack = std::sync::Arc::new(t.state.app.current_pack().unwrap().clone());
    let kind = bvctnb_core::case_kind::CaseKind::Review;
    let (c, _) =
        bvctnb_app::rescreen::start_or_resume(store.as_ref(), &pack, kind, t.world.province, "x", true).await.unwrap();
    bvctnb_app::rescreen::run(store.clone(), pack, &c, |_, _| {}).await.unwrap();
    let all = store.campaign_results(c.id, None, 10_000, 0).await.unwrap();
    let inside: Vec<_> = all.iter().filter(|r| tree.is_within(r.result.org_id, t.world.unit_a)).collect();
    assert!(!inside.is_empty() && inside.len() < all.len(), "the data has results on both sides");

    let web = t.login("capuy").await;
    let (_, html) = get(&web, &t, "/campaigns").await;
    assert!(html.contains(&format!("href=\"/campaigns/{}\"", c.id)), "a wider campaign is listed");
    let (s, html) = get(&web, &t, &format!("/campaigns/{}", c.id)).await;
    assert_eq!(s, StatusCode::OK);
    for r in &all {
        let link = format!("href=\"/persons/{}\"", r.result.person_id);
        let within = tree.is_within(r.result.org_id, t.world.unit_a);
        assert_eq!(
            html.contains(&link),
            within,
            "{} (org {}) shown iff inside the scope",
            r.full_name,
            r.result.org_id
        );
    }
    // Filtering by an organisation outside the viewer's part is refused.
    let other = format!("/campaigns/{}?org={}", c.id, t.world.unit_b);
    assert_eq!(get(&web, &t, &other).await.0, StatusCode::BAD_REQUEST);

    // The menu offers the campaigns and the packs to those who may use them.
    assert!(get(&web, &t, "/").await.1.contains("href=\"/campaigns\""));
    let (_, home) = get(&t.login("bithu").await, &t, "/").await;
    assert!(!home.contains("href=\"/campaigns\"") && home.contains("href=\"/rules\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_page_shows_nothing_of_a_row_its_reader_must_recuse_from() {
    let t = common::start().await;
    // The provincial officer's sibling is flagged by the campaign.
    let sibling = t.world.officer_relative;
    with_former_regime_father(&t, sibling).await;
    let pack = std::sync::Arc::new(t.state.app.current_pack().unwrap().clone());
    let kind = bvctnb_core::case_kind::CaseKind::Review;
    let (c, _) =
        bvctnb_app::rescreen::start_or_resume(t.store.as_ref(), &pack, kind, t.world.unit_a, "x", true).await.unwrap();
    bvctnb_app::rescreen::run(t.store.clone(), pack, &c, |_, _| {}).await.unwrap();
    let all = t.store.campaign_results(c.id, None, 10_000, 0).await.unwrap();
    let flagged = all.iter().find(|r| r.result.person_id == sibling).expect("the sibling is flagged");
    assert!(flagged.result.severity.is_some(), "{flagged:?}");

    let web = t.login("canbo.tinh").await;
    let name = format!("{} <span class=\"badge\">tự tránh</span>", flagged.full_name);
    let mut row = None;
    for page in 1..=20 {
        let path = format!("/campaigns/{}?org={}&page={page}", c.id, flagged.result.org_id);
        let (s, html) = get(&web, &t, &path).await;
        assert_eq!(s, StatusCode::OK);
        if let Some(i) = html.find(&name) {
            row = Some(html[i..i + html[i..].find("</tr>").unwrap()].to_string());
            break;
        }
        assert!(!html.contains(&format!("href=\"/persons/{sibling}\"")), "a recused row is never a link");
        if !html.contains("Trang sau") {
            break;
        }
    }
    let row = row.expect("the recused row is named");
    // Nor is it counted in the tally by organisation, where a count of one would tell.
    let all = t.store.campaign_tally(c.id, None, &[]).await.unwrap();
    let org = all.iter().find(|x| x.org_id == flagged.result.org_id).unwrap();
    let (_, html) = get(&web, &t, &format!("/campaigns/{}", c.id)).await;
    let link = format!("?org={}\">{}</a></td><td>", org.org_id, org.org_name);
    match org.new - 1 {
        0 => assert!(!html.contains(&link), "an organisation with only the recused row is not listed"),
        n => assert!(html.contains(&format!("{link}{n}</td>")), "{n} new without the recused row"),
    }
    // Neither the change nor the severity nor any finding of that row is shown.
    assert!(row.contains("<td>—</td><td>—</td>"), "{row}");
    assert!(!row.contains("Phát hiện mới") && !row.contains(RULE_TITLE), "{row}");
    assert_eq!(row.matches("class=\"badge").count(), 1, "only the recusal badge: {row}");
}
