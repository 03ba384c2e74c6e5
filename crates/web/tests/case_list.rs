//! The case list of a scope: paged, ordered by any column in Vietnamese order, filtered with the
//! order kept, and exported as the same selection to Excel with the cells typed.

mod common;

use bvctnb_app::cases::{Actor, CaseFilter};
use bvctnb_core::access::Role;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::text::name_sort_key_order;
use common::{TestApp, get, xlsx_text};
use reqwest::StatusCode;

/// `(case id, subject's name)` of each row of the list, in page order.
fn rows(html: &str) -> Vec<(i64, String)> {
    let table = &html[html.find("<table id=\"cases\"").expect("the list's table")..];
    let table = &table[..table.find("</table>").unwrap()];
    table
        .split("<tr><td><a href=\"/cases/")
        .skip(1)
        .map(|r| {
            let id: i64 = r[..r.find('"').unwrap()].parse().unwrap();
            let after = &r[r.find("</a></td><td><a href=\"/cases/").unwrap()..];
            let name = &after[after.find("\">").unwrap() + 2..after.find("</a> <span").unwrap()];
            (id, name.to_string())
        })
        .collect()
}

/// The rows of pages 1 to `pages` of `/cases?{query}`.
async fn every_page(c: &reqwest::Client, t: &TestApp, query: &str, pages: i64) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    for page in 1..=pages {
        out.extend(rows(&get(c, t, &format!("/cases?{query}&page={page}")).await.1));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_pages_sorts_filters_and_exports_the_same_selection() {
    let t = common::start().await;
    let w = t.world.clone();
    let app = &t.state.app;
    let officer = Actor {
        username: "canbo.tinh".into(),
        display_name: "Cán bộ tỉnh".into(),
        role: Role::Officer,
        scope: Some(w.province),
        person: None,
    };
    // Enough key-cadre appraisals in unit A to need two pages.
    let mut opened = 0;
    // The officer's own dossier and their relative's are hidden from them (recusal).
    let hidden = vec![w.officer_person, w.officer_relative];
    for p in app.persons_in_org(w.unit_a, 500).await.unwrap() {
        if hidden.contains(&p.id) {
            continue;
        }
        if opened == 60 {
            break;
        }
        let rec = app.person(p.id).await.unwrap().unwrap();
        let purpose = format!("Ủy viên Ban Chấp hành khóa {opened}");
        if app.open_case(&officer, &rec, CaseKind::KeyCadre, &purpose).await.is_ok() {
            opened += 1;
        }
    }
    assert_eq!(opened, 60, "unit A has members enough");
    let seen = CaseFilter { exclude: hidden.clone(), ..Default::default() };
    let total = app.count_cases(w.province, &seen).await.unwrap();
    assert!(total > 50, "{total}");
    let web = t.login("canbo.tinh").await;

    // Newest first, 50 to a page, the rest on the next ones; no row on two pages.
    let pages = (total + 49) / 50;
    let (s, html) = get(&web, &t, "/cases").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(&format!("<strong>{total}</strong> hồ sơ")), "{html}");
    assert!(html.contains(&format!("trang 1/{pages}")), "{html}");
    assert_eq!(rows(&html).len(), 50);
    assert!(html.contains("aria-sort=\"descending\""), "the order in force is marked");
    assert!(html.contains("href=\"/cases?sort=id&#38;dir=desc&#38;page=2\" rel=\"next\""), "{html}");
    let all = every_page(&web, &t, "sort=id&dir=desc", pages).await;
    assert_eq!(all.len(), total as usize);
    assert!(all.windows(2).all(|p| p[0].0 > p[1].0), "newest first, each case once: {all:?}");
    // A page past the end shows the last one, not an empty list.
    let (_, last) = get(&web, &t, &format!("/cases?sort=id&dir=desc&page={pages}")).await;
    let (_, html) = get(&web, &t, "/cases?page=99").await;
    assert_eq!(rows(&html), rows(&last));
    let (s, _) = get(&web, &t, "/cases?page=abc&sort=nonsense&dir=up").await;
    assert_eq!(s, StatusCode::OK, "a mangled link falls back to the default order");

    // By name in Vietnamese order (given name first), both ways, over both pages.
    let by_name = every_page(&web, &t, "sort=name&dir=asc", pages).await;
    assert_eq!(by_name.len(), total as usize);
    assert!(by_name.windows(2).all(|p| name_sort_key_order(&p[0].1, &p[1].1).is_le()), "{by_name:?}");
    let down = rows(&get(&web, &t, "/cases?sort=name&dir=desc").await.1);
    assert_eq!(down[0].1, by_name.last().unwrap().1, "descending starts where ascending ends");
    // The header of the column in force turns it around; the others start their own way.
    let (_, html) = get(&web, &t, "/cases?sort=name&dir=asc").await;
    assert!(html.contains("href=\"/cases?sort=name&#38;dir=desc\""), "{html}");
    assert!(html.contains("href=\"/cases?sort=opened&#38;dir=desc\""), "dates start newest first");

    // A filter keeps the order, in its hidden fields and in the column links.
    let (_, html) = get(&web, &t, "/cases?kind=key_cadre&sort=name&dir=asc").await;
    let filtered = rows(&html);
    assert!(!filtered.is_empty() && filtered.len() <= 50);
    assert!(html.contains("name=\"sort\" value=\"name\"") && html.contains("name=\"dir\" value=\"asc\""));
    assert!(html.contains("href=\"/cases?kind=key_cadre&#38;sort=kind&#38;dir=asc\""), "{html}");

    // The export is the selection in its order, every page of it, the cells typed.
    let export = "/cases/export.xlsx?kind=key_cadre&sort=name&dir=asc";
    assert!(html.contains(&export.replace('&', "&#38;")), "the page links its own selection");
    let res = web.get(t.url(export)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains(".xlsx"));
    let text = xlsx_text(&t, &res.bytes().await.unwrap());
    let keyed_filter = CaseFilter { kind: Some(CaseKind::KeyCadre), ..seen };
    let keyed = app.count_cases(w.province, &keyed_filter).await.unwrap();
    assert!(text.contains(&format!("{keyed} hồ sơ, theo «Người được thẩm tra» tăng dần")), "{text}");
    assert!(text.contains("<autoFilter ref=\"A6:I") && text.contains("ySplit=\"6\""), "header frozen, filtered");
    assert!(text.contains("Ủy viên Ban Chấp hành khóa 59") && text.contains(&filtered[0].1));
    let (p0, p1) = (text.find(&by_name[0].1).unwrap(), text.find(&by_name[1].1).unwrap());
    assert!(by_name[0].1 == by_name[1].1 || p0 < p1, "the sheet keeps the order");
    assert!(text.contains("formatCode=\"dd/mm/yyyy\""), "the dates are dates");

    // Scope and rights: the neighbouring unit's officer exports only their own; a member none.
    let outsider = t.login("canbo.coso").await;
    let res = outsider.get(t.url("/cases/export.xlsx")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text = xlsx_text(&t, &res.bytes().await.unwrap());
    assert!(!text.contains("Ủy viên Ban Chấp hành khóa"), "unit A's cases stay out of unit B's sheet");
    let member = t.login("dangvien").await;
    let res = member.get(t.url("/cases/export.xlsx")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let f = bvctnb_store::audit::AuditFilter { limit: 2000, ..Default::default() };
    let trail = t.store.audit_entries(&f).await.unwrap();
    assert!(trail.iter().any(|e| e.event.action == "case.export" && e.event.detail.contains("dòng")));
}
