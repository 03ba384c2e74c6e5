//! Accounts, sessions and API tokens; relative links for recusal; queries bounded by an
//! organisation subtree. Every test runs on SQLite, and on PostgreSQL when
//! `BVCTNB_TEST_PG_URL` is set.

use bvctnb_core::Declaration;
use bvctnb_core::access::{Clearance, Role};
use bvctnb_core::ids::{AccountId, OrgId, PersonId};
use bvctnb_core::org::{OrgKind, OrgNode};
use bvctnb_store::accounts::{AccountUpdate, NewAccount, NewApiToken, Session, SessionStage};
use bvctnb_store::{NewPerson, Store, StoreError};
use bvctnb_testkit::data::variant;
use bvctnb_testkit::on_every_backend;
use futures::TryStreamExt;

on_every_backend!(accounts_on_sqlite, accounts_on_postgres, |db| accounts(&*db.store));
on_every_backend!(sessions_on_sqlite, sessions_on_postgres, |db| sessions(&*db.store));
on_every_backend!(api_tokens_on_sqlite, api_tokens_on_postgres, |db| api_tokens(&*db.store));
on_every_backend!(relative_links_on_sqlite, relative_links_on_postgres, |db| relative_links(&*db.store));
on_every_backend!(scope_queries_on_sqlite, scope_queries_on_postgres, |db| scope_queries(&*db.store));

/// Two sibling branches under the centre. Province 20's path `/1/20/` shares the text
/// `/1/2` with province 2's `/1/2/`, so a sloppy prefix would leak across.
fn tree() -> Vec<OrgNode> {
    use OrgKind::*;
    vec![
        OrgNode::new(1, None, Central, "Trung ương"),
        OrgNode::new(2, Some(1), DirectlyUnderCentral, "Tỉnh A"),
        OrgNode::new(4, Some(2), GrassrootsCommittee, "Xã A1"),
        OrgNode::new(5, Some(4), Cell, "Chi bộ ấp A1-1"),
        OrgNode::new(6, Some(2), GrassrootsCell, "Chi bộ trường A"),
        OrgNode::new(20, Some(1), DirectlyUnderCentral, "Tỉnh B"),
        OrgNode::new(21, Some(20), GrassrootsCell, "Chi bộ trường B"),
    ]
}

async fn put_tree(s: &dyn Store) {
    for o in tree() {
        s.put_org(&o).await.unwrap();
    }
}

fn new_account(username: &str, role: Role) -> NewAccount {
    NewAccount {
        username: username.into(),
        display_name: format!("Người dùng {username}"),
        role,
        scope_org: Some(OrgId(2)),
        clearance: Clearance::Mat,
        person_id: None,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        awaiting_approval: None,
    }
}

async fn accounts(s: &dyn Store) {
    put_tree(s).await;
    let p = s.create_person(OrgId(5), &variant(0), "officer1").await.unwrap();
    assert_eq!(s.count_accounts().await.unwrap(), 0);

    let mut nb = new_account("bich", Role::Officer);
    nb.person_id = Some(p.id);
    let bich = s.create_account(&nb).await.unwrap();
    let an = s.create_account(&new_account("an", Role::Admin)).await.unwrap();
    assert_ne!(an.id, bich.id);
    assert_eq!(
        (bich.username.as_str(), bich.role, bich.scope_org, bich.clearance, bich.person_id),
        ("bich", Role::Officer, Some(OrgId(2)), Clearance::Mat, Some(p.id))
    );
    assert_eq!(
        (bich.failed_logins, bich.locked_until, bich.disabled, bich.totp_secret.as_deref()),
        (0, None, false, None)
    );
    assert_eq!(bich.password_hash, nb.password_hash);
    assert!(!bich.created_at.is_empty());

    assert_eq!(s.account(bich.id).await.unwrap().as_ref(), Some(&bich));
    assert_eq!(s.account_by_username("bich").await.unwrap().as_ref(), Some(&bich));
    assert_eq!(s.account(AccountId(9999)).await.unwrap(), None);
    assert_eq!(s.account_by_username("nobody").await.unwrap(), None);
    let names: Vec<String> = s.list_accounts().await.unwrap().into_iter().map(|a| a.username).collect();
    assert_eq!(names, ["an", "bich"], "ordered by username");
    assert_eq!(s.count_accounts().await.unwrap(), 2);

    let dup = s.create_account(&new_account("bich", Role::Subject)).await.unwrap_err();
    assert!(matches!(&dup, StoreError::Conflict(m) if m.contains("bich")), "{dup}");
    assert_eq!(s.count_accounts().await.unwrap(), 2);

    // The administrator's page.
    let u = AccountUpdate {
        display_name: "Trần Thị Bích".into(),
        role: Role::Inspector,
        scope_org: Some(OrgId(20)),
        clearance: Clearance::ToiMat,
        person_id: None,
        disabled: true,
        awaiting_approval: None,
    };
    let after = s.update_account(bich.id, &u).await.unwrap();
    assert_eq!(
        (after.display_name.as_str(), after.role, after.scope_org, after.clearance, after.person_id, after.disabled),
        ("Trần Thị Bích", Role::Inspector, Some(OrgId(20)), Clearance::ToiMat, None, true)
    );
    assert_eq!(s.account(bich.id).await.unwrap().unwrap(), after);
    let u2 = AccountUpdate { scope_org: None, disabled: false, ..u.clone() };
    assert_eq!(s.update_account(bich.id, &u2).await.unwrap().scope_org, None);
    let missing = s.update_account(AccountId(9999), &u).await.unwrap_err();
    assert!(matches!(missing, StoreError::NotFound { id: 9999, .. }), "{missing}");

    s.set_password(bich.id, "$argon2id$new").await.unwrap();
    assert_eq!(s.account(bich.id).await.unwrap().unwrap().password_hash, "$argon2id$new");
    s.set_totp_secret(bich.id, Some("JBSWY3DPEHPK3PXP")).await.unwrap();
    assert_eq!(s.account(bich.id).await.unwrap().unwrap().totp_secret.as_deref(), Some("JBSWY3DPEHPK3PXP"));
    s.set_totp_secret(bich.id, None).await.unwrap();
    assert_eq!(s.account(bich.id).await.unwrap().unwrap().totp_secret, None);
    for e in [
        s.set_password(AccountId(9999), "x").await.unwrap_err(),
        s.set_totp_secret(AccountId(9999), None).await.unwrap_err(),
        s.login_failed(AccountId(9999), 3, 1).await.unwrap_err(),
        s.login_succeeded(AccountId(9999)).await.unwrap_err(),
    ] {
        assert!(matches!(e, StoreError::NotFound { what: "tài khoản", id: 9999 }), "{e}");
    }

    // Lockout: the third failure locks and starts the count again; a success clears.
    let a = s.login_failed(an.id, 3, 5_000).await.unwrap();
    assert_eq!((a.failed_logins, a.locked_until), (1, None));
    let a = s.login_failed(an.id, 3, 5_000).await.unwrap();
    assert_eq!((a.failed_logins, a.locked_until), (2, None));
    let a = s.login_failed(an.id, 3, 5_000).await.unwrap();
    assert_eq!((a.failed_logins, a.locked_until), (0, Some(5_000)));
    let a = s.login_failed(an.id, 3, 9_000).await.unwrap();
    assert_eq!((a.failed_logins, a.locked_until), (1, Some(5_000)), "the lock stands until the next lock");
    s.login_succeeded(an.id).await.unwrap();
    let a = s.account(an.id).await.unwrap().unwrap();
    assert_eq!((a.failed_logins, a.locked_until), (0, None));
    // The other account was not touched.
    assert_eq!(s.account(bich.id).await.unwrap().unwrap().failed_logins, 0);
}

fn session(hash: &str, account: AccountId, created_at: i64, last_seen_at: i64) -> Session {
    Session {
        token_hash: hash.into(),
        account_id: account,
        stage: SessionStage::NeedsSecondFactor,
        csrf_token: format!("csrf-{hash}"),
        created_at,
        last_seen_at,
        ip: "10.0.0.7".into(),
    }
}

async fn sessions(s: &dyn Store) {
    put_tree(s).await;
    let a = s.create_account(&new_account("an", Role::Officer)).await.unwrap().id;
    let b = s.create_account(&new_account("binh", Role::Officer)).await.unwrap().id;

    let s1 = session("h1", a, 1_000, 1_000);
    s.create_session(&s1).await.unwrap();
    s.create_session(&session("h2", a, 1_000, 1_000)).await.unwrap();
    s.create_session(&session("h3", b, 1_000, 1_000)).await.unwrap();
    assert_eq!(s.session("h1").await.unwrap().as_ref(), Some(&s1));
    assert_eq!(s.session("nope").await.unwrap(), None);

    s.touch_session("h1", 1_060).await.unwrap();
    s.set_session_stage("h1", SessionStage::Full).await.unwrap();
    let got = s.session("h1").await.unwrap().unwrap();
    assert_eq!((got.last_seen_at, got.stage, got.created_at), (1_060, SessionStage::Full, 1_000));
    s.set_session_stage("h2", SessionStage::NeedsEnrolment).await.unwrap();
    assert_eq!(s.session("h2").await.unwrap().unwrap().stage, SessionStage::NeedsEnrolment);
    // Updates to an ended session are no error.
    s.touch_session("gone", 1).await.unwrap();
    s.set_session_stage("gone", SessionStage::Full).await.unwrap();

    s.delete_session("h1").await.unwrap();
    assert_eq!(s.session("h1").await.unwrap(), None);
    assert!(s.session("h2").await.unwrap().is_some());
    s.delete_sessions_of(a).await.unwrap();
    assert_eq!(s.session("h2").await.unwrap(), None);
    assert!(s.session("h3").await.unwrap().is_some(), "other accounts keep their sessions");

    // Purge: idle too long (h5) or too old (h4); h3 and h6 stay.
    s.create_session(&session("h4", a, 100, 2_000)).await.unwrap();
    s.create_session(&session("h5", a, 900, 200)).await.unwrap();
    s.create_session(&session("h6", b, 900, 2_000)).await.unwrap();
    assert_eq!(s.purge_sessions(500, 500).await.unwrap(), 2);
    for (h, kept) in [("h3", true), ("h4", false), ("h5", false), ("h6", true)] {
        assert_eq!(s.session(h).await.unwrap().is_some(), kept, "{h}");
    }
    assert_eq!(s.purge_sessions(500, 500).await.unwrap(), 0);
}

async fn api_tokens(s: &dyn Store) {
    put_tree(s).await;
    let a = s.create_account(&new_account("an", Role::Officer)).await.unwrap().id;
    let b = s.create_account(&new_account("binh", Role::Officer)).await.unwrap().id;
    let t1 = s
        .create_api_token(&NewApiToken {
            account_id: a,
            name: "báo cáo".into(),
            token_hash: "th1".into(),
            can_write: true,
            expires_at: Some(2_000_000_000),
        })
        .await
        .unwrap();
    assert_eq!(
        (t1.account_id, t1.name.as_str(), t1.token_hash.as_str(), t1.can_write, t1.expires_at, t1.revoked),
        (a, "báo cáo", "th1", true, Some(2_000_000_000), false)
    );
    assert_eq!(t1.last_used_at, None);
    let t2 = s
        .create_api_token(&NewApiToken {
            account_id: a,
            name: "chỉ đọc".into(),
            token_hash: "th2".into(),
            can_write: false,
            expires_at: None,
        })
        .await
        .unwrap();
    let t3 = s
        .create_api_token(&NewApiToken {
            account_id: b,
            name: "x".into(),
            token_hash: "th3".into(),
            can_write: false,
            expires_at: None,
        })
        .await
        .unwrap();
    assert!(!t2.can_write && t2.expires_at.is_none());
    let dup = s
        .create_api_token(&NewApiToken {
            account_id: b,
            name: "y".into(),
            token_hash: "th1".into(),
            can_write: false,
            expires_at: None,
        })
        .await
        .unwrap_err();
    assert!(matches!(dup, StoreError::Conflict(_)), "{dup}");

    assert_eq!(s.api_token_by_hash("th1").await.unwrap().as_ref(), Some(&t1));
    assert_eq!(s.api_token_by_hash("none").await.unwrap(), None);
    let mine: Vec<i64> = s.api_tokens_of(a).await.unwrap().iter().map(|t| t.id).collect();
    assert_eq!(mine, [t1.id, t2.id]);
    assert_eq!(s.api_tokens_of(b).await.unwrap(), std::slice::from_ref(&t3));

    s.api_token_used(t1.id, "2026-03-01T08:00:00Z").await.unwrap();
    assert_eq!(
        s.api_token_by_hash("th1").await.unwrap().unwrap().last_used_at.as_deref(),
        Some("2026-03-01T08:00:00Z")
    );

    // No one revokes another account's token.
    let e = s.revoke_api_token(b, t1.id).await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }), "{e}");
    assert!(!s.api_token_by_hash("th1").await.unwrap().unwrap().revoked);
    s.revoke_api_token(a, t1.id).await.unwrap();
    assert!(s.api_token_by_hash("th1").await.unwrap().unwrap().revoked);
    assert!(!s.api_token_by_hash("th2").await.unwrap().unwrap().revoked);
    let e = s.revoke_api_token(a, 9999).await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }), "{e}");

    // A new password (changed by the user or reset by an administrator) ends the account's
    // tokens and sessions, and no one else's.
    s.create_session(&session("sa", a, 100, 100)).await.unwrap();
    s.create_session(&session("sb", b, 100, 100)).await.unwrap();
    assert!(s.session("sa").await.unwrap().is_some(), "read once, so a cached copy must go too");
    s.set_password(a, "$argon2id$reset").await.unwrap();
    assert!(s.api_token_by_hash("th2").await.unwrap().unwrap().revoked);
    assert!(s.session("sa").await.unwrap().is_none());
    assert!(!s.api_token_by_hash("th3").await.unwrap().unwrap().revoked);
    assert!(s.session("sb").await.unwrap().is_some());
}

fn linked(i: i64, to: PersonId) -> Declaration {
    let mut d = variant(i);
    d.family[3].person_id = Some(to);
    d
}

async fn relative_links(s: &dyn Store) {
    put_tree(s).await;
    let b = s.create_person(OrgId(6), &variant(1), "officer1").await.unwrap().id;
    let a = s.create_person(OrgId(5), &linked(2, b), "officer1").await.unwrap().id;
    let c = s.create_person(OrgId(21), &variant(3), "officer1").await.unwrap().id;
    assert_eq!(s.related_persons(a).await.unwrap(), [b]);
    assert_eq!(s.related_persons(b).await.unwrap(), [a], "the link is seen from the other side too");
    assert_eq!(s.related_persons(c).await.unwrap(), []);
    assert_eq!(s.person(a).await.unwrap().unwrap().declaration.family[3].person_id, Some(b));

    // C also names A, and A names C: each pair once, in id order.
    let c2 = s.submit_declaration(c, &linked(3, a), "officer1", 1).await.unwrap();
    assert_eq!(c2.version, 2);
    let mut d = linked(2, b);
    d.family[2].person_id = Some(c);
    s.submit_declaration(a, &d, "officer1", 1).await.unwrap();
    assert_eq!(s.related_persons(a).await.unwrap(), [b, c]);
    assert_eq!(s.related_persons(c).await.unwrap(), [a]);

    // A new version without the links removes them.
    s.submit_declaration(a, &variant(2), "officer1", 2).await.unwrap();
    s.submit_declaration(c, &variant(3), "officer1", 2).await.unwrap();
    for p in [a, b, c] {
        assert_eq!(s.related_persons(p).await.unwrap(), [], "{p}");
    }

    // The bulk path keeps the links, including to a dossier later in the same load.
    let mut w = s.bulk_writer().await.unwrap();
    w.write_persons(vec![
        NewPerson { id: PersonId(9000), org_id: OrgId(5), declaration: linked(4, PersonId(9001)) },
        NewPerson { id: PersonId(9001), org_id: OrgId(21), declaration: linked(5, b) },
    ])
    .await
    .unwrap();
    w.commit("links.jsonl", "links").await.unwrap();
    assert_eq!(s.related_persons(PersonId(9000)).await.unwrap(), [PersonId(9001)]);
    assert_eq!(s.related_persons(PersonId(9001)).await.unwrap(), [b, PersonId(9000)]);
    assert_eq!(s.related_persons(b).await.unwrap(), [PersonId(9001)]);
    assert_eq!(s.person(PersonId(9000)).await.unwrap().unwrap().declaration, linked(4, PersonId(9001)));
}

async fn scope_queries(s: &dyn Store) {
    put_tree(s).await;
    // Persons interleaved between the branches, so a subtree is sparse in the id range and
    // its stream spans several batches.
    let orgs = [OrgId(5), OrgId(21), OrgId(6), OrgId(21)];
    let people: Vec<NewPerson> = (0..2600)
        .map(|i| NewPerson { id: PersonId(100 + i), org_id: orgs[(i % 4) as usize], declaration: variant(i) })
        .collect();
    let mut w = s.bulk_writer().await.unwrap();
    w.write_persons(people.clone()).await.unwrap();
    w.commit("scope.jsonl", "scope").await.unwrap();
    let mut d = variant(9);
    d.family.pop(); // no relative abroad
    let extra = s.create_person(OrgId(6), &d, "officer1").await.unwrap();
    let under = |org: OrgId| -> Vec<i64> {
        let mut ids: Vec<i64> = people
            .iter()
            .filter(|p| match org.0 {
                1 => true,
                2 => [5, 6].contains(&p.org_id.0),
                4 | 5 => p.org_id.0 == 5,
                6 => p.org_id.0 == 6,
                20 | 21 => p.org_id.0 == 21,
                _ => unreachable!(),
            })
            .map(|p| p.id.0)
            .collect();
        if [1, 2, 6].contains(&org.0) {
            ids.push(extra.id.0);
        }
        ids
    };
    assert_eq!(under(OrgId(2)).len(), 1301);
    assert_eq!(under(OrgId(20)).len(), 1300);

    // Streams: everything in the subtree, nothing outside, in id order, families intact.
    for org in [1, 2, 4, 6, 20] {
        let org = OrgId(org);
        let got: Vec<_> = s.stream_persons_under(org, PersonId(0)).try_collect().await.unwrap();
        assert_eq!(got.iter().map(|r| r.id.0).collect::<Vec<_>>(), under(org), "stream under {org}");
        for r in &got {
            let expected = if r.id == extra.id { 3 } else { 4 };
            assert_eq!(r.declaration.family.len(), expected, "{}", r.id);
        }
        assert_eq!(got.iter().find(|r| r.id == PersonId(101)).map(|r| &r.declaration), {
            let p101 = &people[1];
            under(org).contains(&101).then_some(&p101.declaration)
        });
    }
    let e = s.stream_persons_under(OrgId(999), PersonId(0)).try_collect::<Vec<_>>().await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound { what: "tổ chức", id: 999 }), "{e}");

    // persons_in_org stays inside too.
    for org in [2, 20, 4] {
        let org = OrgId(org);
        let mut got: Vec<i64> = s.persons_in_org(org, 10_000).await.unwrap().iter().map(|p| p.id.0).collect();
        got.sort();
        assert_eq!(got, under(org), "persons_in_org {org}");
    }

    // Counts per subtree.
    let c2 = s.scope_counts(OrgId(2)).await.unwrap();
    assert_eq!(c2.persons, 1301);
    assert_eq!(c2.by_child, [(OrgId(4), 650), (OrgId(6), 651)]);
    assert_eq!(c2.by_status.iter().map(|(_, n)| n).sum::<i64>(), 1301);
    assert_eq!(c2.relatives_abroad, 1300, "the extra person has no relative abroad");
    let c20 = s.scope_counts(OrgId(20)).await.unwrap();
    assert_eq!((c20.persons, c20.relatives_abroad), (1300, 1300));
    assert_eq!(c20.by_child, [(OrgId(21), 1300)]);
    let c1 = s.scope_counts(OrgId(1)).await.unwrap();
    assert_eq!(c1.persons, 2601);
    assert_eq!(c1.by_child, [(OrgId(2), 1301), (OrgId(20), 1300)]);
    let c21 = s.scope_counts(OrgId(21)).await.unwrap();
    assert_eq!((c21.persons, c21.by_child.len()), (1300, 0));
    let stats = s.stats().await.unwrap();
    assert_eq!(c1.by_status, stats.persons_by_status);
    let e = s.scope_counts(OrgId(999)).await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }), "{e}");

    // Recent changes: newest first, only inside.
    let pick = PersonId(102); // in org 6
    let before = s.person(pick).await.unwrap().unwrap();
    s.submit_declaration(pick, &variant(42), "officer2", before.version).await.unwrap();
    let recent = s.recent_changes(OrgId(2), 5).await.unwrap();
    assert_eq!(recent.len(), 5);
    assert_eq!((recent[0].person_id, recent[0].version, recent[0].submitted_by.as_str()), (pick, 2, "officer2"));
    assert_eq!(recent[0].full_name, variant(42).identity.full_name);
    assert!(recent.windows(2).all(|w| w[0].submitted_at >= w[1].submitted_at));
    let inside = under(OrgId(2));
    let all2 = s.recent_changes(OrgId(2), 10_000).await.unwrap();
    assert_eq!(all2.len(), inside.len());
    assert!(all2.iter().all(|r| inside.contains(&r.person_id.0)));
    let all20 = s.recent_changes(OrgId(20), 10_000).await.unwrap();
    let inside20 = under(OrgId(20));
    assert_eq!(all20.len(), inside20.len());
    assert!(all20.iter().all(|r| inside20.contains(&r.person_id.0)));
    assert!(all20.iter().all(|r| r.person_id != pick));
    let e = s.recent_changes(OrgId(999), 5).await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }), "{e}");
}
