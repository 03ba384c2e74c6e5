//! A write and the audit entry that records it commit together or not at all: the entry given
//! to `within` is chained in the write's own transaction (pooled writes and imports alike),
//! names the record the write created, and is gone with a write that fails.

use bvctnb_core::access::{Clearance, Role};
use bvctnb_core::ids::OrgId;
use bvctnb_store::Store;
use bvctnb_store::accounts::NewAccount;
use bvctnb_store::audit::ambient::within;
use bvctnb_store::audit::{AuditEvent, Outcome};
use bvctnb_testkit::data::{dong_nai_tree, put_orgs, variant};
use bvctnb_testkit::on_every_backend;

fn entry(action: &str, kind: &str) -> AuditEvent {
    AuditEvent {
        at: "2026-12-02T08:00:00.000Z".into(),
        actor: "canbo".into(),
        action: action.into(),
        target_kind: kind.into(),
        target_id: String::new(),
        person_id: None,
        ip: "127.0.0.1".into(),
        outcome: Outcome::Ok,
        detail: String::new(),
    }
}

fn account(username: &str) -> NewAccount {
    NewAccount {
        username: username.into(),
        display_name: "Cán bộ".into(),
        role: Role::Officer,
        scope_org: Some(OrgId(1)),
        clearance: Clearance::Mat,
        person_id: None,
        password_hash: "x".into(),
        awaiting_approval: None,
    }
}

async fn head(s: &dyn Store) -> i64 {
    s.audit_head().await.unwrap().0
}

async fn scenario(s: &dyn Store) {
    put_orgs(s, &dong_nai_tree()).await;
    let before = head(s).await;

    // The write and its entry, in one transaction; the entry names the new account.
    let (created, seq) = within(entry("account.create", "account"), s.create_account(&account("mot"))).await;
    let created = created.unwrap();
    let seq = seq.expect("committed with the write");
    assert_eq!(head(s).await, before + 1);
    let last = s.audit_entries(&Default::default()).await.unwrap().remove(0);
    assert_eq!((last.seq, last.event.target_id.as_str()), (seq, created.id.to_string().as_str()));

    // A write that fails takes its entry down with it: nothing is chained.
    let (dup, seq) = within(entry("account.create", "account"), s.create_account(&account("mot"))).await;
    assert!(dup.is_err());
    assert_eq!((seq, head(s).await), (None, before + 1), "a refused write leaves no entry");

    // Only the first write inside takes the entry; writes outside take none.
    let (r, seq) = within(entry("dossier.create", "person"), async {
        let a = s.create_person(OrgId(5), &variant(1), "canbo").await?;
        let b = s.create_person(OrgId(5), &variant(2), "canbo").await?;
        Ok::<_, bvctnb_store::StoreError>((a, b))
    })
    .await;
    let (a, _) = r.unwrap();
    assert_eq!(seq, Some(before + 2));
    s.create_person(OrgId(5), &variant(3), "canbo").await.unwrap();
    assert_eq!(head(s).await, before + 2, "one entry for the use case, none for a write outside one");
    let last = s.audit_entries(&Default::default()).await.unwrap().remove(0);
    assert_eq!(last.event.target_id, a.id.to_string());

    // An import commits its entry with its rows.
    let mut w = s.bulk_writer().await.unwrap();
    w.write_persons(vec![bvctnb_store::NewPerson {
        id: bvctnb_core::ids::PersonId(900),
        org_id: OrgId(5),
        declaration: variant(4),
    }])
    .await
    .unwrap();
    let (counts, seq) = within(entry("import", "file"), w.commit("ds.jsonl", "h-ds")).await;
    assert_eq!(counts.unwrap().persons, 1);
    assert_eq!(seq, Some(before + 3));
    let report = s.verify_audit(&[]).await.unwrap();
    assert!(report.first_problem.is_none(), "the chain holds across pooled and bulk appends: {report:?}");
    assert_eq!(report.entries, before + 3);
}

on_every_backend!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    audited_writes_on_sqlite,
    audited_writes_on_postgres,
    |db| scenario(db.store.as_ref())
);
