//! The secret registers through real HTTP: an officer cleared for Tối mật registers an incoming
//! Tối mật item and a Mật one; a reader cleared for Mật lists the book and sees the Tối mật
//! line's number and level but none of its content, and is refused its page; a leader allows
//! two of three copies under a title of the authority table; the copy register shows both with
//! their numbers, and a third is refused; a held item cannot be destroyed, a free one goes
//! through the council's path and leaves the holding.

mod common;

use bvctnb_core::access::Clearance;
use bvctnb_core::secret::WITHHELD;
use bvctnb_store::accounts::AccountUpdate;
use common::{TestApp, get, post};
use reqwest::StatusCode;

async fn clear(t: &TestApp, username: &str, clearance: Clearance) {
    let a = t.store.account_by_username(username).await.unwrap().unwrap();
    let u = AccountUpdate {
        display_name: a.display_name.clone(),
        role: a.role,
        scope_org: a.scope_org,
        clearance,
        person_id: a.person_id,
        disabled: false,
        awaiting_approval: None,
    };
    t.store.update_account(a.id, &u).await.unwrap();
    // Tối mật and above sign in with a second factor.
    t.store.set_totp_secret(a.id, Some(&bvctnb_app::accounts::totp::new_secret())).await.unwrap();
}

/// The text of each page of a PDF.
fn pdf_pages(t: &TestApp, bytes: &[u8]) -> Vec<String> {
    assert!(bytes.starts_with(b"%PDF"), "a real PDF");
    let path = t.dir().join("book.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext is required");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// The number after `marker` in `html` (an id in a link).
fn id_after(html: &str, marker: &str) -> i64 {
    let i = html.find(marker).unwrap_or_else(|| panic!("{marker} in page")) + marker.len();
    html[i..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap()
}

fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let i = html.find(from).unwrap_or_else(|| panic!("{from} in page"));
    let j = html[i..].find(to).map_or(html.len(), |j| i + j);
    &html[i..j]
}

#[tokio::test]
async fn registers_copies_and_destruction_over_http() {
    let t = common::start().await;
    let p = t.world.province.to_string();
    clear(&t, "canbo.tinh", Clearance::ToiMat).await;
    clear(&t, "capuy.tinh", Clearance::ToiMat).await;
    let officer = t.login("canbo.tinh").await;
    let index = format!("/secrets?org={p}");
    let item = |level: &'static str, number: &'static str, summary: &'static str| {
        vec![
            ("org", p.clone()),
            ("origin", "received".to_string()),
            ("level", level.to_string()),
            ("number_symbol", number.to_string()),
            ("doc_date", "02/11/2026".to_string()),
            ("issuer", "Ban Tổ chức Trung ương".to_string()),
            ("doc_type", "Công văn".to_string()),
            ("summary", summary.to_string()),
            ("classifier", "Trưởng ban".to_string()),
            ("entered_on", "03/11/2026".to_string()),
            ("arrival_number", "41".to_string()),
        ]
    };
    let as_refs = |v: &Vec<(&'static str, String)>| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let send = async |fields: Vec<(&'static str, String)>| {
        let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        post(&officer, &t, &index, "/secrets/items", &f).await
    };
    // A missing level comes back with what was typed and the field named by its label.
    let mut no_level = as_refs(&item("toi_mat", "88-CV/BTCTW", "Về thẩm tra lý lịch"));
    no_level.retain(|(k, _)| *k != "level");
    let (s, landed, html) = send(no_level).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{landed}");
    assert!(html.contains("Độ mật") && html.contains("88-CV/BTCTW"), "form back as typed");

    let (s, landed, book) = send(as_refs(&item("toi_mat", "88-CV/BTCTW", "Về thẩm tra lý lịch ông A"))).await;
    assert_eq!(s, StatusCode::OK, "{landed}");
    assert!(landed.starts_with("/secrets/books/"), "{landed}");
    let book_path = landed.clone();
    assert!(book.contains("Về thẩm tra lý lịch ông A"));
    assert_eq!(between(&book, "id=\"banner-top\"", "</div>"), "id=\"banner-top\">TỐI MẬT");
    assert!(book.contains("id=\"banner-bottom\">TỐI MẬT"));
    let (s, _, _) = send(as_refs(&item("mat", "89-CV/BTCTW", "Về danh sách đảng viên"))).await;
    assert_eq!(s, StatusCode::OK);
    let (_, book) = get(&officer, &t, &book_path).await;
    let toi_mat = id_after(&book, "/secrets/items/");

    // A named-only envelope: registered by its outside, no summary, forwarded unopened.
    let mut named = item("toi_mat", "91-CV/BTCTW", "");
    named.retain(|(k, _)| *k != "doc_type");
    named.push(("named_to", "Đồng chí Bí thư Tỉnh ủy".into()));
    let (s, _, html) = send(named).await;
    assert_eq!(s, StatusCode::OK);
    let row = html.split("<tr id=").find(|r| r.contains("91-CV/BTCTW")).expect("the envelope's line");
    assert!(row.contains("Chỉ người có tên mới được bóc bì"), "{row}");
    let (_, page) = get(&officer, &t, &format!("/secrets/items/{}", id_after(row, "/secrets/items/"))).await;
    assert!(between(&page, "id=\"named-only\"", "</dd>").contains("Đồng chí Bí thư Tỉnh ủy"));

    // A reader cleared for Mật: the Tối mật line's existence, never its content.
    let inspector = t.login("kiemtra").await;
    let (s, seen) = get(&inspector, &t, &book_path).await;
    assert_eq!(s, StatusCode::OK);
    assert!(seen.contains(WITHHELD) && !seen.contains("ông A") && !seen.contains("88-CV/BTCTW"), "withheld");
    assert!(seen.contains("Về danh sách đảng viên"), "the Mật line is readable");
    let (s, page) = get(&inspector, &t, &format!("/secrets/items/{toi_mat}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(!page.contains("ông A"));
    // Printed and exported, the reader gets no more than the page showed.
    let file = |c: &reqwest::Client, ext: &'static str| {
        let url = t.url(&format!("{book_path}/file/{ext}"));
        let c = c.clone();
        async move { c.get(url).send().await.unwrap().bytes().await.unwrap().to_vec() }
    };
    let pdf = file(&inspector, "pdf").await;
    let pages = pdf_pages(&t, &pdf);
    assert!(pages.iter().all(|p| !p.contains("ông A") && !p.contains("88-CV")), "withheld in print");
    let sheet = common::xlsx_text(&t, &file(&inspector, "xlsx").await);
    assert!(sheet.contains("Về danh sách đảng viên") && !sheet.contains("ông A"), "withheld in the export");
    // The keeper's print: the level at the top and the bottom of every page, the cover first.
    let pages = pdf_pages(&t, &file(&officer, "pdf").await);
    assert!(pages.len() >= 2, "a cover and the lines");
    for (i, p) in pages.iter().enumerate() {
        assert!(p.matches("TỐI MẬT").count() >= 2, "page {} carries the level twice: {p}", i + 1);
    }
    assert!(pages[0].contains("NĂM 2026") || pages[0].contains("Năm 2026"), "{}", pages[0]);
    assert!(pages[1..].iter().any(|p| p.contains("ông A")), "the keeper reads the line");
    // Out of scope: nothing of the province's books.
    let outsider = t.login("canbo.coso").await;
    let (s, page) = get(&outsider, &t, &book_path).await;
    assert!(s == StatusCode::FORBIDDEN || s == StatusCode::NOT_FOUND, "{s}");
    assert!(!page.contains("danh sách đảng viên"));

    // Copies: asked for three, allowed two by the provincial secretary's title.
    let item_page = format!("/secrets/items/{toi_mat}");
    let ask = [("form", "sao_y"), ("count", "3"), ("purpose", "Gửi các đảng bộ xã"), ("counterpart", "Đảng bộ xã")];
    let (s, _, html) = post(&officer, &t, &item_page, &format!("{item_page}/copies"), &ask).await;
    assert_eq!(s, StatusCode::OK);
    let copy = id_after(&html, "<tr id=\"copy-");
    assert!(html.contains("Chờ duyệt"));
    assert!(!html.contains("Ghi quyết định"), "the officer does not approve");
    let leader = t.login("capuy.tinh").await;
    let (_, page) = get(&leader, &t, &item_page).await;
    assert!(page.contains("Ghi quyết định") && page.contains("Bí thư Tỉnh ủy, Thành ủy"), "the authority's form");
    let key = format!("{p}|Bí thư Tỉnh ủy, Thành ủy");
    let decide = format!("/secrets/copies/{copy}/decide");
    let c = copy.to_string();
    let mut f =
        vec![("copy", c.as_str()), ("version", "1"), ("approve", "yes"), ("authority", key.as_str()), ("count", "2")];
    let (s, _, html) = post(&leader, &t, &item_page, &decide, &f).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "the approver's name is required");
    assert!(html.contains("Họ tên người cho phép"));
    f.push(("approver_name", "Nguyễn Văn Tỉnh"));
    let (s, _, html) = post(&leader, &t, &item_page, &decide, &f).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("cho phép 2 bản"), "decision shown");
    // The officer makes one, then one more; a third is beyond the approval.
    let make = format!("/secrets/copies/{copy}/make");
    for version in ["2", "3"] {
        let (s, _, _) =
            post(&officer, &t, &item_page, &make, &[("copy", c.as_str()), ("version", version), ("count", "1")]).await;
        assert_eq!(s, StatusCode::OK);
    }
    let (s, _, _) =
        post(&officer, &t, &item_page, &make, &[("copy", c.as_str()), ("version", "4"), ("count", "1")]).await;
    assert!(s.is_client_error(), "no third copy: {s}");
    let (_, index_html) = get(&officer, &t, &index).await;
    let copies_book = between(&index_html, "book-list", "</table>")
        .split("<tr>")
        .find(|r| r.contains("sao, chụp"))
        .map(|r| id_after(r, "/secrets/books/"))
        .expect("a copy register");
    let (_, copies) = get(&officer, &t, &format!("/secrets/books/{copies_book}")).await;
    assert!(copies.contains("Nguyễn Văn Tỉnh") && copies.contains("Sao y"), "approver and form in the copy register");
    assert!(copies.contains(">1<") && copies.contains(">2<"), "both copy numbers");

    // Taking it out: asked by the keeper, allowed by the head, handed over, late, returned.
    let today = t.state.today();
    let due = (today + chrono::Duration::days(3)).format("%d/%m/%Y").to_string();
    let out = format!("{item_page}/takeouts");
    let abroad = [("destination", "Bắc Kinh"), ("purpose", "Hội thảo"), ("due_back", due.as_str()), ("abroad", "on")];
    let (s, _, html) = post(&officer, &t, &item_page, &out, &abroad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Mã chuyến đi nước ngoài") && html.contains("Bắc Kinh"), "the trip is named, the form kept");
    let ask = [("destination", "Ban Tổ chức Trung ương"), ("purpose", "Họp thẩm định"), ("due_back", due.as_str())];
    let (s, _, html) = post(&officer, &t, &item_page, &out, &ask).await;
    assert_eq!(s, StatusCode::OK);
    let takeout = id_after(&html, "<tr id=\"takeout-").to_string();
    let decide = [
        ("takeout", takeout.as_str()),
        ("version", "1"),
        ("approve", "yes"),
        ("approver_name", "Nguyễn Văn Tỉnh"),
        ("approver_title", "Bí thư Tỉnh ủy"),
    ];
    let (s, _, _) = post(&leader, &t, &item_page, &format!("/secrets/takeouts/{takeout}/decide"), &decide).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _, _) = post(
        &officer,
        &t,
        &item_page,
        &format!("/secrets/takeouts/{takeout}/out"),
        &[("takeout", &takeout), ("version", "2")],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    t.state.app.set_today(Some(today + chrono::Duration::days(4)));
    let (_, dash) = get(&officer, &t, "/").await;
    assert!(
        between(&dash, "id=\"stat-secrets\"", "</p>").contains("1 tài liệu mang ra ngoài quá hạn"),
        "on the dashboard"
    );
    let (_, idx) = get(&inspector, &t, &index).await;
    let late = between(&idx, "id=\"takeouts-overdue\"", "</section>");
    assert!(late.contains(WITHHELD) && !late.contains("88-CV"), "listed, but not its content to a Mật reader");
    let back = [("takeout", takeout.as_str()), ("version", "3"), ("note", "Đủ, nguyên niêm phong")];
    let (s, _, html) = post(&officer, &t, &item_page, &format!("/secrets/takeouts/{takeout}/back"), &back).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Đã trả lại nơi lưu giữ"));
    t.state.app.set_today(None);

    // A one-year period: listed as ending three months before, declassified the day after it ends.
    let mut short = item("mat", "90-CV/BTCTW", "Về lịch họp");
    short.push(("period_years", "1".into()));
    let (s, _, html) = send(short.clone()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "a shorter period needs its reason");
    assert!(html.contains("Lý do thời hạn ngắn hơn"));
    short.push(("period_reason", "Chỉ dùng cho kỳ họp năm 2027".into()));
    let (s, _, book) = send(short).await;
    assert_eq!(s, StatusCode::OK);
    let row = book.split("<tr id=").find(|r| r.contains("90-CV/BTCTW")).expect("the new line");
    let short_item = id_after(row, "/secrets/items/");
    t.state.app.set_today(Some("2027-10-15".parse().unwrap()));
    let (_, idx) = get(&officer, &t, &index).await;
    assert!(between(&idx, "id=\"periods-ending\"", "</section>").contains("90-CV/BTCTW"), "listed before its end");
    t.state.app.set_today(Some("2027-11-05".parse().unwrap()));
    let (_, page) = get(&officer, &t, &format!("/secrets/items/{short_item}")).await;
    assert!(
        page.contains("Giải mật từ ngày 03/11/2027") && page.contains("MẬT — GIẢI MẬT"),
        "declassified, dated, shown"
    );
    t.state.app.set_today(None);

    // A loss: reported at once, shown to the head of the keeping unit until seen.
    let lost = format!("item_{toi_mat}");
    let today_s = t.state.today().format("%d/%m/%Y").to_string();
    let mut report =
        vec![("org", p.as_str()), ("kind", "lost"), ("occurred_on", today_s.as_str()), (lost.as_str(), "on")];
    report.push(("circumstances", "Mất khi đi công tác"));
    let incidents = format!("/secrets/incidents?org={p}");
    let (s, _, html) = post(&officer, &t, &incidents, "/secrets/incidents", &report).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Biện pháp đã áp dụng") && html.contains("Mất khi đi công tác"), "named, kept");
    report.push(("measures", "Đã báo công an, rà soát nơi lưu giữ"));
    let (s, landed, _) = post(&officer, &t, &incidents, "/secrets/incidents", &report).await;
    assert_eq!(s, StatusCode::OK);
    let (_, dash) = get(&leader, &t, "/").await;
    assert!(between(&dash, "id=\"stat-secrets\"", "</p>").contains("1 báo cáo mất, lộ chờ xem"), "reaches the head");
    let (_, page) = get(&leader, &t, &landed).await;
    assert!(page.contains("Ghi đã xem báo cáo") && page.contains("TỐI MẬT"));
    let (s, _, page) = post(&leader, &t, &landed, &format!("{landed}/seen"), &[]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!between(&page, "id=\"head-seen\"", "</dd>").contains("Chưa"), "the head saw it");
    let (s, _, _) = post(&leader, &t, &landed, &format!("{landed}/seen"), &[]).await;
    assert_eq!(s, StatusCode::CONFLICT, "once per level");
    let (_, page) = get(&inspector, &t, &landed).await;
    assert!(!page.contains("88-CV") && page.contains(WITHHELD), "the report names no content above clearance");

    // The yearly statistics: the province's own lines, counted by level, and the report files.
    let (s, page) = get(&officer, &t, &format!("/secrets/stats?org={p}&year=2026")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(between(&page, "id=\"by-level\"", "</table>").contains("Tài liệu đến"));
    let pdf = officer.get(t.url(&format!("/secrets/stats/file/pdf?org={p}&year=2026"))).send().await.unwrap();
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    let (s, _) = get(&outsider, &t, &format!("/secrets/stats?org={p}")).await;
    assert!(s == StatusCode::FORBIDDEN || s == StatusCode::NOT_FOUND, "not outside the scope: {s}");

    // Destruction: a held item is refused; released, it goes through the council's path.
    let (_, book) = get(&officer, &t, &book_path).await;
    let mat =
        book.match_indices("/secrets/items/").map(|(i, _)| id_after(&book[i..], "/secrets/items/")).max().unwrap();
    let mat_page = format!("/secrets/items/{mat}");
    let (s, _, _) =
        post(&officer, &t, &mat_page, &format!("{mat_page}/holds"), &[("reason", "Đoàn kiểm tra cần đến")]).await;
    assert_eq!(s, StatusCode::OK);
    let list = format!("/secrets/destructions?org={p}");
    let item_key = format!("item_{mat}");
    let propose = [
        ("org", p.as_str()),
        (item_key.as_str(), "on"),
        ("urgent", "no"),
        ("reason", "Hết giá trị"),
        ("council_decision", "Quyết định 12-QĐ/TU ngày 01/11/2026"),
        ("council_members", "Nguyễn Văn A\nTrần Thị B"),
    ];
    let (s, _, html) = post(&officer, &t, &list, "/secrets/destructions", &propose).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("đang được giữ lại") && html.contains("Đoàn kiểm tra cần đến"), "the hold is named");
    let (_, page) = get(&officer, &t, &mat_page).await;
    let hold = id_after(&page, "/holds/");
    let (s, _, _) = post(&officer, &t, &mat_page, &format!("{mat_page}/holds/{hold}/release"), &[]).await;
    assert_eq!(s, StatusCode::OK);
    let (s, landed, _) = post(&officer, &t, &list, "/secrets/destructions", &propose).await;
    assert_eq!(s, StatusCode::OK);
    let one = landed.clone();
    let today = t.state.today().format("%d/%m/%Y").to_string();
    let steps: [&[(&str, &str)]; 3] = [
        &[("version", "1"), ("on", &today), ("text", "Hội đồng thống nhất tiêu huỷ")],
        &[("version", "2"), ("on", &today), ("number", "15-QĐ/TU"), ("signer", "Nguyễn Văn Tỉnh")],
        &[("version", "3"), ("on", &today), ("method", "Nghiền"), ("text", "Đã tiêu huỷ đủ")],
    ];
    for f in steps {
        let (s, _, html) = post(&officer, &t, &one, &format!("{one}/step"), f).await;
        assert_eq!(s, StatusCode::OK, "{}", between(&html, "<main", "</h1>"));
    }
    let (_, html) = get(&officer, &t, &one).await;
    assert!(html.contains("id=\"stage\">Đã tiêu huỷ"));
    let (_, page) = get(&officer, &t, &mat_page).await;
    assert!(page.contains("id=\"destroyed\""), "the item shows it left the holding");
    // Every step above is in the trail under a Vietnamese name.
    let all = bvctnb_store::audit::AuditFilter { limit: 1_000_000, ..Default::default() };
    let entries = t.store.audit_entries(&all).await.unwrap();
    let unnamed: Vec<String> = entries
        .iter()
        .map(|e| e.event.action.clone())
        .filter(|a| a.starts_with("secret.") && bvctnb_app::audit::action_name(a).is_none())
        .collect();
    assert!(unnamed.is_empty(), "{unnamed:?}");
    for done in ["secret.copy.decide", "secret.takeout.back", "secret.destruction.step", "secret.book.print"] {
        assert!(entries.iter().any(|e| e.event.action == done), "{done} audited");
    }
    t.db.close().await;
}

/// The demo's registers: every list of the registers page has something in it.
#[tokio::test]
async fn the_demo_registers_fill_every_list() {
    let t = common::start().await;
    let n = bvctnb_app::demo::seed_secrets(&t.state.app, &t.world, t.state.today()).await.unwrap();
    assert!(n >= 7);
    let officer = t.login("canbo.tinh").await;
    let (s, page) = get(&officer, &t, &format!("/secrets?org={}", t.world.province)).await;
    assert_eq!(s, StatusCode::OK);
    for section in ["id=\"takeouts-overdue\"", "id=\"periods-ending\"", "id=\"book-list\""] {
        assert!(page.contains(section), "{section}");
    }
    let books = between(&page, "id=\"book-list\"", "</table>");
    assert!(books.contains("đến") && books.contains("đi") && books.contains("sao, chụp"), "{books}");
    t.db.close().await;
}

/// The registers through the API: the same checks, the same withholding, writes audited.
#[tokio::test]
async fn the_registers_through_the_api() {
    let t = common::start().await;
    clear(&t, "canbo.tinh", Clearance::ToiMat).await;
    let p = t.world.province;
    let api = reqwest::Client::new();
    let officer = t.token("canbo.tinh", true).await;
    let body = |level: &str, number: &str| {
        serde_json::json!({
            "origin": "received", "number_symbol": number, "doc_date": "2026-11-02", "issuer": "Ban Tổ chức Trung ương",
            "doc_type": "Công văn", "summary": "Về thẩm tra ông B", "level": level, "classifier": "Trưởng ban",
            "entered_on": "2026-11-03"
        })
    };
    let res = api
        .post(t.url(&format!("/api/v1/orgs/{p}/secret-items")))
        .bearer_auth(&officer)
        .json(&body("toi_mat", "7-CV"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let reg: serde_json::Value = res.json().await.unwrap();
    let (item, book) = (reg["item"].as_i64().unwrap(), reg["book"].as_i64().unwrap());
    // A Tuyệt mật summary is refused by name, whoever asks.
    let res = api
        .post(t.url(&format!("/api/v1/orgs/{p}/secret-items")))
        .bearer_auth(&officer)
        .json(&body("tuyet_mat", "8-CV"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: serde_json::Value = res.json().await.unwrap();
    assert!(err.to_string().contains("summary") || err.to_string().contains("trích yếu"), "{err}");
    // A read-only token does not write.
    let reader = t.token("canbo.tinh", false).await;
    let res = api
        .post(t.url(&format!("/api/v1/orgs/{p}/secret-items")))
        .bearer_auth(&reader)
        .json(&body("mat", "9-CV"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A Mật reader sees the line withheld and is refused the item.
    let inspector = t.token("kiemtra", false).await;
    let page: serde_json::Value = api
        .get(t.url(&format!("/api/v1/secret-books/{book}/lines")))
        .bearer_auth(&inspector)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["lines"][0]["withheld"], true);
    assert!(!page.to_string().contains("ông B") && !page.to_string().contains("7-CV"), "{page}");
    let res = api.get(t.url(&format!("/api/v1/secret-items/{item}"))).bearer_auth(&inspector).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let mine: serde_json::Value = api
        .get(t.url(&format!("/api/v1/secret-items/{item}")))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine["item"]["number_symbol"], "7-CV");
    // Copies: asked, and the officer may not decide them.
    let res = api
        .post(t.url(&format!("/api/v1/secret-items/{item}/copies")))
        .bearer_auth(&officer)
        .json(&serde_json::json!({"form": "sao_y", "count": 2, "purpose": "Thẩm tra"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let copy: i64 = res.json().await.unwrap();
    let decision = serde_json::json!({"version": 1, "approve": true, "count": 2, "authority": format!("{p}|Bí thư Tỉnh ủy, Thành ủy"), "approver_name": "A"});
    let res = api
        .post(t.url(&format!("/api/v1/secret-copies/{copy}/decision")))
        .bearer_auth(&officer)
        .json(&decision)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    t.db.close().await;
}
