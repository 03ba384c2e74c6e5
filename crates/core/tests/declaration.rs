use bvctnb_core::Declaration;
use bvctnb_core::diff::{ChangeKind, diff_declarations};
use bvctnb_core::family::{RelationKind, Tier};

const FIXTURE: &str = include_str!("fixtures/declaration.json");

fn fixture() -> Declaration {
    Declaration::from_json(FIXTURE).expect("fixture is valid")
}

#[test]
fn fixture_parses_with_every_section() {
    let d = fixture();
    assert_eq!(d.identity.cccd.as_ref().unwrap().province(), "Đồng Nai");
    assert_eq!(d.family.len(), 4);
    assert_eq!(d.family[1].relation.tier(), Tier::Two);
    assert_eq!(d.family[1].facts.len(), 1);
    assert_eq!(d.relatives(RelationKind::Sibling).count(), 1);
    let back = serde_json::to_string(&d).unwrap();
    assert_eq!(Declaration::from_json(&back).unwrap(), d);
}

fn with(edit: impl FnOnce(&mut serde_json::Value)) -> Result<Declaration, bvctnb_core::FieldErrors> {
    let mut v: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    edit(&mut v);
    Declaration::from_value(v)
}

fn fields(e: &bvctnb_core::FieldErrors) -> Vec<String> {
    e.0.iter().map(|e| e.field.clone()).collect()
}

#[test]
fn inconsistent_cccd_names_the_field() {
    let e = with(|v| v["identity"]["sex"] = "male".into()).unwrap_err();
    assert_eq!(fields(&e), vec!["identity.cccd"]);
    assert!(e.0[0].message.contains("Chữ số thứ 4"), "{e}");
}

#[test]
fn cccd_province_must_match_birth_registration() {
    let e = with(|v| v["identity"]["birth_place"]["province_code"] = "001".into()).unwrap_err();
    assert_eq!(fields(&e), vec!["identity.cccd"]);
}

#[test]
fn malformed_values_name_the_path() {
    let e = with(|v| v["identity"]["birth_date"] = "31/02/1995".into()).unwrap_err();
    assert_eq!(fields(&e), vec!["identity.birth_date"]);
    assert!(e.0[0].message.contains("không tồn tại"));
    let e = with(|v| v["identity"]["cccd"] = "12345".into()).unwrap_err();
    assert_eq!(fields(&e), vec!["identity.cccd"]);
    let e = with(|v| v["family"][2]["relation"] = "uncle".into()).unwrap_err();
    assert_eq!(fields(&e), vec!["family[2].relation"]);
    assert!(e.0[0].message.contains("không hợp lệ"), "{e}");
    let e = with(|v| {
        v["identity"].as_object_mut().unwrap().remove("full_name");
    })
    .unwrap_err();
    assert!(e.0[0].message.contains("full_name"), "{e}");
}

#[test]
fn family_rules_are_checked() {
    let e = with(|v| v["family"][1]["birth_year"] = 1990.into()).unwrap_err();
    assert_eq!(fields(&e), vec!["family[1].birth_year"]);
    let e = with(|v| v["family"][2]["relation"] = "father".into()).unwrap_err();
    assert!(fields(&e).contains(&"family[2].relation".to_string()), "{e}");
    let e = with(|v| v["family"][0]["criminal_record"] = "Không".into()).unwrap_err();
    assert_eq!(fields(&e), vec!["family[0].criminal_record"]);
    let e = with(|v| v["family"][0]["relation"] = "father_in_law".into()).unwrap_err();
    assert!(e.to_string().contains("vợ/chồng"), "{e}");
    let e = with(|v| v["identity"]["ethnicity"] = "Klingon".into()).unwrap_err();
    assert_eq!(fields(&e), vec!["identity.ethnicity"]);
}

#[test]
fn diff_names_what_changed() {
    let a = fixture();
    let mut b = a.clone();
    b.identity.permanent_residence = "Phường Trấn Biên, tỉnh Đồng Nai".into();
    b.family[2].residence = "TP. Hồ Chí Minh".into();
    b.family.remove(0);
    let mut spouse = bvctnb_core::family::Relative::new(RelationKind::Spouse, "Lê Văn Tâm");
    spouse.birth_year = Some(1993);
    b.family.push(spouse);
    let changes = diff_declarations(&a, &b);
    let kinds: Vec<(ChangeKind, &str)> = changes.iter().map(|c| (c.kind, c.path.as_str())).collect();
    assert_eq!(
        kinds,
        vec![
            (ChangeKind::Modified, "identity.permanent_residence"),
            (ChangeKind::Modified, "family[1].residence"),
            (ChangeKind::Added, "family[3]"),
            (ChangeKind::Removed, "family[0]"),
        ]
    );
    assert_eq!(changes[1].label, "(21) Hoàn cảnh gia đình › Mẹ đẻ: Trần Thị Lan › residence");
    assert_eq!(changes[1].before.as_deref(), Some("Đồng Nai"));
    assert!(diff_declarations(&a, &a).is_empty());
}

#[test]
fn a_name_or_a_text_longer_than_the_form_holds_is_refused_where_it_is() {
    let e = with(|v| v["identity"]["full_name"] = "Nguyễn ".repeat(200_000).into()).unwrap_err();
    assert_eq!(fields(&e), vec!["identity.full_name"]);
    assert!(e.0[0].message.contains("Dài quá 100 ký tự"), "{}", e.0[0].message);
    let e = with(|v| v["family"][1]["full_name"] = "a".repeat(101).into()).unwrap_err();
    assert_eq!(fields(&e), vec!["family[1].full_name"]);
    // Other texts may run to a few paragraphs, not to megabytes.
    assert!(with(|v| v["family"][1]["residence"] = "b".repeat(4000).into()).is_ok());
    let e = with(|v| v["family"][1]["residence"] = "b".repeat(4001).into()).unwrap_err();
    assert_eq!(fields(&e), vec!["family[1].residence"]);
}

/// The numbers are checked as they are read, not only by `validate`: a CCCD with a blank before
/// it passed validation and then panicked where its province was looked up (the declaration
/// fuzz target found it); a history number of any length or character was kept as sent.
#[test]
fn numbers_are_checked_and_trimmed_as_they_are_read() {
    let d = Declaration::from_json(&FIXTURE.replace("\"075195012345\"", "\" 075195012345 \"")).unwrap();
    assert_eq!(d.identity.cccd.as_ref().unwrap().as_str(), "075195012345");
    let bad = FIXTURE.replace("\"075195012345\"", "\"07519501234x\"");
    let e = Declaration::from_json(&bad).unwrap_err();
    assert_eq!((e.0[0].field.as_str(), e.0[0].message.as_str()), ("identity.cccd", "Số CCCD phải gồm đúng 12 chữ số"));
    let e = Declaration::from_json(&FIXTURE.replace("LL-075-2024/015", &"L".repeat(40))).unwrap_err();
    assert_eq!(e.0[0].field, "identity.history_no");
    assert!(e.0[0].message.contains("từ 1 đến 32"), "{}", e.0[0].message);
    let moved = FIXTURE
        .replace("\"075195012345\"", "\" 075195012345\"")
        .replace("\"province_code\": \"075\"", "\"province_code\": \"037\"");
    let e = Declaration::from_json(&moved).unwrap_err();
    assert!(e.0[0].message.contains("Đồng Nai"), "{}", e.0[0].message);
}
