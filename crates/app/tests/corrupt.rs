//! Stored data that no longer reads as what was written (a JSON column cut short, a stage code
//! no release knows) is reported as corrupt, never read as an empty default: an evaluation
//! read as "no findings" or an answer read as "no discrepancy" would be a false record.

mod common;

use bvctnb_app::Error;
use bvctnb_app::cases::{answers_of, evaluation_of, person_ref};
use bvctnb_core::access::Role;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::OrgId;
use bvctnb_testkit::data::fixture;
use common::actor;

async fn tamper(url: &str, sql: &str) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string())).execute(&pool).await.unwrap();
    pool.close().await;
}

fn corrupt<T: std::fmt::Debug>(r: Result<T, Error>, what: &str) {
    match r {
        Err(Error::Corrupt(m)) => assert!(m.contains(what), "expected «{what}» in: {m}"),
        other => panic!("expected corrupt data about «{what}», got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_case_is_an_error_not_an_empty_record() {
    let (db, app) = common::app_with(&common::commune()).await;
    let p = app.create_person(OrgId(5), &fixture(), "canbo").await.unwrap();
    let officer = actor("canbo", Role::Officer, 3);
    let case = app.open_case(&officer, &p, CaseKind::Admission, "").await.unwrap();
    let requests = app.case_requests(case.id).await.unwrap();
    assert!(!requests.is_empty(), "the fixture's family needs verification");
    // Intact, everything reads.
    evaluation_of(&case).unwrap();
    person_ref(&requests[0]).unwrap();
    assert!(answers_of(&requests[0]).unwrap().is_empty());

    let id = case.id.0;
    tamper(&db.url, &format!("UPDATE cases SET evaluation = '{{\"findings\": [' WHERE id = {id}")).await;
    tamper(
        &db.url,
        &format!("UPDATE case_requests SET answers = '[{{\"point\"', person_ref = 'x' WHERE case_id = {id}"),
    )
    .await;
    let case = app.case(case.id).await.unwrap().unwrap();
    corrupt(evaluation_of(&case), "kết quả đối chiếu quy định");
    let requests = app.case_requests(case.id).await.unwrap();
    corrupt(answers_of(&requests[0]), "kết quả trả lời");
    corrupt(person_ref(&requests[0]), "người được thẩm tra");

    // A history line with a stage this release does not know.
    tamper(&db.url, &format!("UPDATE case_events SET to_stage = 'no_such_stage' WHERE case_id = {id}")).await;
    match app.case_events(case.id).await {
        Err(Error::Corrupt(m)) => assert!(m.contains("no_such_stage"), "{m}"),
        other => panic!("expected corrupt data, got {other:?}"),
    }
}
