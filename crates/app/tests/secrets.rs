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
