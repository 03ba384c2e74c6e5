//! Review campaigns end to end on every backend: work lists against the last conclusion's
//! findings (new, changed, cleared, unchanged), a run killed mid-way that resumes to the same
//! result as an uninterrupted one, and the Excel export.

use bvctnb_app::rescreen::{self, RescreenError};
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_rules::LoadedPack;
use bvctnb_store::Store;
use bvctnb_store::campaigns::{CampaignStatus, Change};
use bvctnb_testkit::data::{dong_nai_tree, fixture, put_orgs};
use bvctnb_testkit::on_every_backend;
use futures::FutureExt;
use std::collections::BTreeMap;
use std::sync::Arc;

fn pack() -> Arc<LoadedPack> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    Arc::new(bvctnb_rules::find(&root, "qd-58-2022").unwrap())
}

/// Two grassroots units; every third person's father served the former regime (a finding
/// under QĐ 58 for a review), the others have nothing to find. Every fifth person has nothing
/// a rule could look at at all (the fixture's sibling abroad removed): not a candidate.
async fn seed(s: &dyn Store) -> Vec<(PersonId, bool)> {
    put_orgs(s, &dong_nai_tree()).await;
    let base = fixture();
    let mut out = Vec::new();
    for i in 0..47i64 {
        let mut d = base.clone();
        d.identity.cccd = None;
        d.identity.full_name =
            format!("Nguyễn Văn {}", ["An", "Bình", "Cường", "Dũng", "Đức", "Giang"][(i % 6) as usize]);
        let flagged = i % 3 == 0;
        if !flagged {
            for r in &mut d.family {
                r.facts.clear();
                if i % 5 == 1 {
                    r.abroad = None;
                }
            }
        }
        let org = OrgId(if i % 2 == 0 { 5 } else { 6 });
        out.push((s.create_person(org, &d, "test").await.unwrap().id, flagged));
    }
    out
}

async fn results(s: &dyn Store, id: bvctnb_core::ids::CampaignId) -> BTreeMap<i64, (Change, String)> {
    let rows = s.campaign_results(id, None, 1000, 0).await.unwrap();
    rows.into_iter().map(|r| (r.result.person_id.0, (r.result.change, r.result.fingerprint))).collect()
}

async fn story(s: Arc<dyn Store>) {
    let persons = seed(s.as_ref()).await;
    let pack = pack();
    let root = OrgId(1);

    // An uninterrupted run: every flagged person is new (no conclusion yet), nobody else listed.
    let (c, resumed) =
        rescreen::start_or_resume(s.as_ref(), &pack, CaseKind::Review, root, "cb.tinh", false).await.unwrap();
    assert!(!resumed);
    // 47 persons; 7 of them (i % 5 == 1 and not flagged) have nothing to evaluate.
    assert_eq!((c.scope_persons, c.total), (47, 40));
    let done = rescreen::run_batched(s.clone(), pack.clone(), &c, 5, |_, _| {}).await.unwrap();
    assert_eq!((done.status, done.processed, done.flagged), (CampaignStatus::Done, 40, 16));
    let clean_run = results(s.as_ref(), c.id).await;
    let flagged: Vec<i64> = persons.iter().filter(|p| p.1).map(|p| p.0.0).collect();
    assert_eq!(clean_run.keys().copied().collect::<Vec<_>>(), flagged);
    assert!(clean_run.values().all(|(ch, fp)| *ch == Change::New && !fp.is_empty()));
    let tally = s.campaign_tally(c.id, None, &[]).await.unwrap();
    assert_eq!(tally.iter().map(|t| t.new).sum::<i64>(), 16);
    assert_eq!(s.campaign_tally(c.id, Some(OrgId(3)), &[]).await.unwrap().len(), 1, "a subtree sees only its own");

    // A run killed after its third batch: the committed part stays, the rest resumes.
    let (k, _) = rescreen::start_or_resume(s.as_ref(), &pack, CaseKind::Review, root, "cb.tinh", true).await.unwrap();
    let killed = std::panic::AssertUnwindSafe(rescreen::run_batched(s.clone(), pack.clone(), &k, 5, |n, _| {
        assert!(n < 15, "killed");
    }))
    .catch_unwind()
    .await;
    assert!(killed.is_err());
    let half = s.campaign(k.id).await.unwrap().unwrap();
    assert_eq!((half.status, half.processed), (CampaignStatus::Running, 15));
    let candidates: Vec<PersonId> =
        persons.iter().enumerate().filter(|(i, p)| p.1 || i % 5 != 1).map(|(_, p)| p.0).collect();
    assert_eq!(half.cursor, candidates[14].0);
    let (again, resumed) =
        rescreen::start_or_resume(s.as_ref(), &pack, CaseKind::Review, root, "cb.tinh", false).await.unwrap();
    assert!(resumed);
    assert_eq!(again.id, k.id);
    let done = rescreen::run_batched(s.clone(), pack.clone(), &again, 5, |_, _| {}).await.unwrap();
    assert_eq!((done.status, done.processed, done.flagged), (CampaignStatus::Done, 40, 16));
    assert_eq!(results(s.as_ref(), k.id).await, clean_run);
    assert!(matches!(rescreen::run(s.clone(), pack.clone(), &done, |_, _| {}).await, Err(RescreenError::Finished(_))));

    // Against the last conclusions: unchanged drops out, a different one is changed, a
    // person whose conclusion had findings and now has none is cleared.
    let same = flagged[0];
    s.set_baseline(PersonId(same), &clean_run[&same].1, "qd-58-2022@1", "Kết luận số 01-KL/ĐU").await.unwrap();
    s.set_baseline(PersonId(flagged[1]), "0000000000000000", "qd-126-2018@1", "Kết luận số 02-KL/ĐU").await.unwrap();
    // A person with nothing to evaluate at all, whose last conclusion had findings: cleared.
    let unflagged = persons[1].0;
    s.set_baseline(unflagged, "1111111111111111", "qd-126-2018@1", "Kết luận số 03-KL/ĐU").await.unwrap();
    let (n, _) = rescreen::start_or_resume(s.as_ref(), &pack, CaseKind::Review, root, "cb.tinh", true).await.unwrap();
    rescreen::run_batched(s.clone(), pack.clone(), &n, 7, |_, _| {}).await.unwrap();
    let r = results(s.as_ref(), n.id).await;
    assert!(!r.contains_key(&same));
    assert_eq!(r[&flagged[1]].0, Change::Changed);
    assert_eq!(r[&unflagged.0].0, Change::Cleared);
    assert_eq!(r.len(), 16);

    // A pack edited since an unfinished campaign started is not resumed silently.
    let (u, _) =
        rescreen::start_or_resume(s.as_ref(), &pack, CaseKind::Admission, root, "cb.tinh", true).await.unwrap();
    let mut edited = (*pack).clone();
    edited.digest = "ffffffffffff".into();
    let e =
        rescreen::start_or_resume(s.as_ref(), &edited, CaseKind::Admission, root, "cb.tinh", false).await.unwrap_err();
    assert!(e.to_string().contains(&format!("Đợt rà soát số {}", u.id)), "{e}");

    // The work lists as Excel: a real xlsx (a zip) with the persons' names in it.
    let done = s.campaign(c.id).await.unwrap().unwrap();
    let bytes = bvctnb_app::workbook::campaign_xlsx(s.as_ref(), &done, None, &[], "Trung ương", "Quy định số 58-QĐ/TW")
        .await
        .unwrap();
    assert_eq!(&bytes[..2], b"PK");
    assert!(bytes.len() > 4000);
    // The reader's own or a relative's row keeps only the name.
    let sheet = |b: &[u8]| {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(b.to_vec())).unwrap();
        let mut text = String::new();
        for name in ["xl/sharedStrings.xml", "xl/worksheets/sheet2.xml"] {
            if let Ok(mut f) = z.by_name(name) {
                std::io::Read::read_to_string(&mut f, &mut text).unwrap();
            }
        }
        text
    };
    assert!(sheet(&bytes).contains("than-nhan-lam-viec-che-do-cu") || sheet(&bytes).contains("chế độ cũ"));
    let recused: Vec<PersonId> = flagged.iter().map(|p| PersonId(*p)).collect();
    let hidden =
        bvctnb_app::workbook::campaign_xlsx(s.as_ref(), &done, None, &recused, "Trung ương", "QĐ 58").await.unwrap();
    let text = sheet(&hidden);
    assert!(text.contains("Tự tránh: không hiển thị"), "{text}");
    assert!(!text.contains("chế độ cũ"), "a recused row shows no findings");
    let listed = s.list_campaigns(Some(OrgId(3)), 10).await.unwrap();
    assert!(listed.is_empty(), "campaigns over the whole tree are not listed for a commune");
    assert_eq!(s.list_campaigns(None, 10).await.unwrap().len(), 4);
}

/// A database that held persons before the screening projection existed builds it once, and
/// campaigns refuse to run on it until then.
async fn backfill(s: Arc<dyn Store>, url: &str) {
    seed(s.as_ref()).await;
    let pack = pack();
    let (c, _) = rescreen::start_or_resume(s.as_ref(), &pack, CaseKind::Review, OrgId(1), "x", true).await.unwrap();
    rescreen::run(s.clone(), pack.clone(), &c, |_, _| {}).await.unwrap();
    let before = results(s.as_ref(), c.id).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    sqlx::query("DELETE FROM screen_facts").execute(&pool).await.unwrap();
    sqlx::query("UPDATE counters SET value = 0 WHERE name = 'screen_facts_ready'").execute(&pool).await.unwrap();
    pool.close().await;
    let e = rescreen::start_or_resume(s.as_ref(), &pack, CaseKind::Review, OrgId(1), "x", true).await.unwrap_err();
    assert!(matches!(e, RescreenError::NotReady), "{e}");
    assert!(e.to_string().contains("bvctnb migrate"));
    let mut calls = 0;
    assert!(rescreen::ensure_screen_facts(s.as_ref(), |_| calls += 1).await.unwrap());
    assert!(calls >= 1);
    assert!(!rescreen::ensure_screen_facts(s.as_ref(), |_| {}).await.unwrap(), "built once");
    let (c, _) = rescreen::start_or_resume(s.as_ref(), &pack, CaseKind::Review, OrgId(1), "x", true).await.unwrap();
    rescreen::run(s.clone(), pack, &c, |_, _| {}).await.unwrap();
    assert_eq!(results(s.as_ref(), c.id).await, before);
}

on_every_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    backfill_on_sqlite,
    backfill_on_postgres,
    |db| backfill(db.store.clone(), &db.url)
);

on_every_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    campaign_on_sqlite,
    campaign_on_postgres,
    |db| story(db.store.clone())
);
