//! The secret registers' rules are data: the Tuyệt mật summary rule read from `secrets.toml`
//! reaches the store, which then holds every writer to it.

mod common;

use bvctnb_core::ids::OrgId;
use bvctnb_core::org::{OrgKind, OrgNode};
use bvctnb_core::secret::{ItemOrigin, SecretLevel, SecretRules};
use bvctnb_store::StoreError;
use bvctnb_store::secrets::{NewEntry, NewSecretItem};
use chrono::NaiveDate;

const SHIPPED: &str = include_str!("../../../rules/secrets.toml");

fn tuyet_mat_with_summary(on: NaiveDate) -> NewSecretItem {
    NewSecretItem {
        org_id: OrgId(2),
        origin: ItemOrigin::Issued,
        number_symbol: "01-KH/TU".into(),
        doc_date: on,
        issuer: "Tỉnh ủy".into(),
        doc_type: "Kế hoạch".into(),
        summary: Some("Kế hoạch bảo vệ".into()),
        summary_consent: true,
        level: SecretLevel::TuyetMat,
        classifier: "Bí thư".into(),
        signer: "Bí thư".into(),
        period_years: 30,
        period_end: SecretRules::period_end(on, 30),
        period_reason: None,
        copies_issued: 1,
        named_to: None,
        created_by: "test".into(),
    }
}

#[tokio::test]
async fn the_summary_rule_of_the_rules_file_is_what_the_store_enforces() {
    let (db, app) = common::app_with(&[
        OrgNode::new(1, None, OrgKind::Central, "Trung ương"),
        OrgNode::new(2, Some(1), OrgKind::DirectlyUnderCentral, "Đảng bộ tỉnh Hà Tĩnh"),
    ])
    .await;
    let on: NaiveDate = "2025-06-02".parse().unwrap();
    let entry = NewEntry { created_by: "test".into(), ..Default::default() };
    // A province whose own rules never allowed the summary, from 2020 on.
    let strict = SHIPPED.replacen("tuyet_mat = \"with_consent\"", "tuyet_mat = \"never\"", 1);
    let mut rules = bvctnb_app::Rules::builtin().unwrap();
    rules.secrets = SecretRules::parse("secrets.toml", &strict).unwrap();
    let app = app.with_rules(rules);
    app.sync_rules_to_store().await.unwrap();
    let refused = db.store.register_item(&tuyet_mat_with_summary(on), &entry).await.unwrap_err();
    assert!(matches!(&refused, StoreError::Invalid(f) if f.0[0].field == "summary"), "{refused}");
    // The shipped rules allow it, with the classifier's consent, before 1/3/2026.
    let app = app.with_rules(bvctnb_app::Rules::builtin().unwrap());
    app.sync_rules_to_store().await.unwrap();
    assert_eq!(db.store.register_item(&tuyet_mat_with_summary(on), &entry).await.unwrap().serial, 1);
    db.close().await;
}

fn actor(username: &str, role: bvctnb_core::access::Role, scope: i64) -> bvctnb_app::cases::Actor {
    bvctnb_app::cases::Actor {
        username: username.into(),
        display_name: username.into(),
        role,
        scope: Some(OrgId(scope)),
        person: None,
    }
}

/// The authority table decides who may allow a copy: a commune's leaders allow Tối mật copies
/// from 1/3/2026 (Luật 117/2025), nobody at the commune allows a Tuyệt mật one, and a leader
/// signs only for an organisation in their own scope.
#[tokio::test]
async fn copies_are_allowed_by_the_titles_of_the_table() {
    use bvctnb_app::secrets::{CopyInput, DecisionInput, ItemInput, MakeInput};
    use bvctnb_core::access::Role;
    use bvctnb_core::secret::CopyForm;
    let (db, app) = common::app_with(&[
        OrgNode::new(1, None, OrgKind::Central, "Trung ương"),
        OrgNode::new(2, Some(1), OrgKind::DirectlyUnderCentral, "Đảng bộ tỉnh Hà Tĩnh"),
        OrgNode::new(3, Some(2), OrgKind::GrassrootsCommittee, "Đảng bộ xã Kỳ Anh"),
        OrgNode::new(4, Some(2), OrgKind::GrassrootsCommittee, "Đảng bộ xã Cẩm Xuyên"),
    ])
    .await;
    let app = app.on("2026-06-01".parse().unwrap());
    let officer = actor("canbo", Role::Officer, 3);
    let item = |level| ItemInput {
        origin: Some(ItemOrigin::Received),
        number_symbol: "15-CV/BTCTU".into(),
        doc_date: Some("2026-05-20".parse().unwrap()),
        issuer: "Ban Tổ chức Tỉnh ủy".into(),
        doc_type: "Công văn".into(),
        summary: if level == SecretLevel::TuyetMat { String::new() } else { "Về thẩm tra".into() },
        level: Some(level),
        classifier: "Trưởng ban".into(),
        ..Default::default()
    };
    let toi_mat = app.register_secret_item(&officer, OrgId(3), item(SecretLevel::ToiMat)).await.unwrap().item;
    let titles: Vec<String> = app.copy_approvers(toi_mat).await.unwrap().iter().map(|a| a.title.clone()).collect();
    assert!(titles.iter().any(|t| t.contains("Bí thư đảng ủy xã")), "{titles:?}");
    assert!(titles.iter().any(|t| t.contains("Bí thư Tỉnh ủy")), "the province above too: {titles:?}");

    let ask = |n| CopyInput {
        form: Some(CopyForm::Verbatim),
        count: Some(n),
        purpose: "Thẩm tra".into(),
        ..Default::default()
    };
    let id = app.request_secret_copy(&officer, toi_mat, ask(3)).await.unwrap();
    let commune_key = app.copy_approvers(toi_mat).await.unwrap().into_iter().find(|a| a.org == OrgId(3)).unwrap().key();
    let decision = |key: &str, n| DecisionInput {
        approve: Some(true),
        count: Some(n),
        authority: key.to_string(),
        approver_name: "Lê Văn Tâm".into(),
        note: String::new(),
    };
    // The secretary of the other commune cannot sign for this one.
    let other = actor("bithu2", Role::Committee, 4);
    let err = app.decide_secret_copy(&other, id, 1, decision(&commune_key, 2)).await.unwrap_err();
    assert!(format!("{err:?}").contains("authority"), "{err:?}");
    // A title not in the table is refused by name.
    let err = app.decide_secret_copy(&actor("bithu", Role::Committee, 3), id, 1, decision("3|Phó Bí thư", 2)).await;
    assert!(format!("{:?}", err.unwrap_err()).contains("authority"));
    app.decide_secret_copy(&actor("bithu", Role::Committee, 3), id, 1, decision(&commune_key, 2)).await.unwrap();
    let make = |n| MakeInput { count: Some(n), ..Default::default() };
    let made = app.make_secret_copies(&officer, id, 2, make(2)).await.unwrap();
    assert_eq!((made.first, made.last), (1, 2));
    let err = app.make_secret_copies(&officer, id, 3, make(1)).await.unwrap_err();
    assert!(format!("{err:?}").contains("Made") || format!("{err}").contains("duyệt"), "{err}");

    // Before Luật 117, no commune title could allow it; the province still could.
    let before = app.on("2026-02-20".parse().unwrap());
    let early = ItemInput { doc_date: Some("2026-02-10".parse().unwrap()), ..item(SecretLevel::ToiMat) };
    let early = before.register_secret_item(&officer, OrgId(3), early).await.unwrap().item;
    let orgs: Vec<OrgId> = before.copy_approvers(early).await.unwrap().iter().map(|a| a.org).collect();
    assert!(!orgs.contains(&OrgId(3)) && orgs.contains(&OrgId(2)), "{orgs:?}");
    db.close().await;
}

/// The yearly statistics count from 15/12 of the year before to 14/12, by level, each
/// organisation with everything below it summed in.
#[tokio::test]
async fn the_yearly_statistics_sum_up_the_tree_within_the_period() {
    use bvctnb_app::secrets::{IncidentInput, ItemInput, MEASURES};
    use bvctnb_core::access::Role;
    use bvctnb_core::secret::IncidentKind;
    let (db, app) = common::app_with(&[
        OrgNode::new(1, None, OrgKind::Central, "Trung ương"),
        OrgNode::new(2, Some(1), OrgKind::DirectlyUnderCentral, "Đảng bộ tỉnh Hà Tĩnh"),
        OrgNode::new(3, Some(2), OrgKind::GrassrootsCommittee, "Đảng bộ xã Kỳ Anh"),
        OrgNode::new(4, Some(2), OrgKind::GrassrootsCommittee, "Đảng bộ xã Cẩm Xuyên"),
    ])
    .await;
    let app = app.on("2026-12-20".parse().unwrap());
    let officer = actor("canbo", Role::Officer, 2);
    let reg = async |org: i64, level, entered: &str| {
        let i = ItemInput {
            origin: Some(ItemOrigin::Received),
            number_symbol: "1-CV".into(),
            doc_date: Some("2026-01-05".parse().unwrap()),
            entered_on: Some(entered.parse().unwrap()),
            issuer: "Tỉnh ủy".into(),
            doc_type: "Công văn".into(),
            summary: "Về việc".into(),
            level: Some(level),
            classifier: "Bí thư".into(),
            ..Default::default()
        };
        app.register_secret_item(&officer, OrgId(org), i).await.unwrap().item
    };
    reg(3, SecretLevel::ToiMat, "2026-03-02").await;
    reg(3, SecretLevel::Mat, "2026-12-14").await; // the last day counted
    reg(4, SecretLevel::Mat, "2026-12-15").await; // the next year's
    let lost = reg(4, SecretLevel::ToiMat, "2026-02-01").await;
    let input = IncidentInput {
        kind: Some(IncidentKind::Lost),
        occurred_on: Some("2026-06-01".parse().unwrap()),
        items: vec![lost],
        circumstances: "Mất".into(),
        measures: "Báo cáo".into(),
    };
    app.report_secret_incident(&officer, OrgId(4), input).await.unwrap();
    assert_eq!(app.secret_report_year(), 2027, "after 14/12 the next year is being counted");
    let s = app.secret_yearly_stats(OrgId(2), 2026).await.unwrap();
    let incoming = MEASURES
        .iter()
        .position(|(m, _)| *m == bvctnb_store::secret_stats::Measure::Book(bvctnb_core::secret::RegisterKind::Incoming))
        .unwrap();
    let root = &s.rows[0];
    assert_eq!(root.org, OrgId(2));
    assert_eq!(root.cells[incoming], [0, 2, 1], "Tuyệt mật, Tối mật, Mật");
    assert_eq!(root.incidents, [1, 0, 0]);
    let by_org: Vec<(OrgId, i64)> = s.rows.iter().map(|o| (o.org, o.total(incoming))).collect();
    assert_eq!(by_org, [(OrgId(2), 3), (OrgId(3), 2), (OrgId(4), 1)]);
    let next = app.secret_yearly_stats(OrgId(2), 2027).await.unwrap();
    assert_eq!(next.rows[0].total(incoming), 1);
    // The report prints and exports.
    assert!(app.secret_stats_pdf(&s).await.unwrap().starts_with(b"%PDF"));
    assert!(app.secret_stats_xlsx(&s).await.unwrap().starts_with(b"PK"));
    db.close().await;
}
