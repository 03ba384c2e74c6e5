use super::*;

fn walk(kind: CaseKind, issue: bool) -> Vec<Stage> {
    let mut f = Facts { has_issue: issue, ..Facts::default() };
    let mut stage = Stage::Intake;
    let mut seen = vec![stage];
    for _ in 0..20 {
        if !stage.is_open() {
            break;
        }
        let step = match stage {
            Stage::Intake if kind == CaseKind::Admission => Step::Seal,
            Stage::Intake => Step::Accept,
            Stage::Verification => Step::FinishVerification,
            Stage::CellComment => Step::Comment,
            Stage::Appraisal => Step::Appraise,
            Stage::Explanation if !f.explanation_asked => {
                advance(kind, stage, Step::AskExplanation, &f).unwrap();
                f.explanation_asked = true;
                continue;
            }
            Stage::Explanation => Step::Explain,
            Stage::Conclusion => {
                f.conclusion_recorded = true;
                Step::Conclude
            }
            Stage::Certification => Step::Certify,
            Stage::Decision => Step::Decide,
            Stage::Closed | Stage::Withdrawn => unreachable!(),
        };
        stage = advance(kind, stage, step, &f).unwrap_or_else(|e| panic!("{kind:?} {stage:?}: {e}"));
        seen.push(stage);
    }
    seen
}

#[test]
fn every_kind_walks_its_stages_in_order() {
    for kind in CaseKind::ALL {
        let all = stages(kind);
        let with_issue = walk(kind, true);
        assert_eq!(with_issue, all, "{kind:?}");
        let plain = walk(kind, false);
        assert_eq!(plain.last(), Some(&Stage::Closed), "{kind:?}");
        // Without an issue an admission skips explanation and conclusion; the others skip
        // only the explanation: their conclusion is the appraisal's outcome.
        assert!(!plain.contains(&Stage::Explanation), "{kind:?}");
        assert_eq!(plain.contains(&Stage::Conclusion), kind != CaseKind::Admission, "{kind:?}");
        let mut it = all.iter();
        assert!(plain.iter().all(|s| it.any(|x| x == s)), "{kind:?}: {plain:?} out of order");
    }
}

#[test]
fn open_requests_block_the_end_of_verification_and_are_named() {
    let f =
        Facts { open_requests: vec!["Cha đẻ Nguyễn Văn Hùng — xã Cẩm Bình".into()], ..Facts::default() };
    let e = advance(CaseKind::Admission, Stage::Verification, Step::FinishVerification, &f).unwrap_err();
    assert!(e.to_string().contains("Nguyễn Văn Hùng"), "{e}");
    assert!(e.to_string().contains("còn 1 đề nghị"), "{e}");
}

#[test]
fn no_certification_or_decision_before_a_required_conclusion() {
    let f = Facts { has_issue: true, ..Facts::default() };
    let e = advance(CaseKind::Admission, Stage::Certification, Step::Certify, &f).unwrap_err();
    assert!(e.reason.contains("kết luận"), "{e}");
    let e = advance(CaseKind::Admission, Stage::Decision, Step::Decide, &f).unwrap_err();
    assert!(e.reason.contains("kết luận"), "{e}");
    // Asked early, from another stage, the answer names the missing conclusion too.
    let e = advance(CaseKind::Admission, Stage::CellComment, Step::Decide, &f).unwrap_err();
    assert!(e.reason.contains("kết luận"), "{e}");
    let e = advance(CaseKind::Committee, Stage::Decision, Step::Decide, &Facts::default()).unwrap_err();
    assert!(e.reason.contains("kết luận"), "{e}");
}

#[test]
fn wrong_stage_says_what_comes_first() {
    let e = advance(CaseKind::Admission, Stage::Intake, Step::Comment, &Facts::default()).unwrap_err();
    assert!(e.reason.contains("đóng dấu giáp lai"), "{e}");
    assert!(advance(CaseKind::Committee, Stage::Intake, Step::Seal, &Facts::default()).is_err());
    assert!(advance(CaseKind::Admission, Stage::Intake, Step::Accept, &Facts::default()).is_err());
    let e = advance(CaseKind::Admission, Stage::Closed, Step::Withdraw, &Facts::default()).unwrap_err();
    assert!(e.reason.contains("Đã kết thúc"), "{e}");
}

#[test]
fn explanation_is_asked_before_it_is_given_and_waited_for_until_due() {
    let k = CaseKind::Admission;
    let s = Stage::Explanation;
    assert!(advance(k, s, Step::Explain, &Facts::default()).is_err());
    let asked = Facts { explanation_asked: true, ..Facts::default() };
    assert!(advance(k, s, Step::AskExplanation, &asked).is_err());
    let e = advance(k, s, Step::ProceedWithoutExplanation, &asked).unwrap_err();
    assert!(e.reason.contains("chưa hết hạn"), "{e}");
    let overdue = Facts { explanation_overdue: true, ..asked };
    assert_eq!(advance(k, s, Step::ProceedWithoutExplanation, &overdue), Ok(Stage::Conclusion));
}

#[test]
fn steps_offered_are_steps_that_can_succeed() {
    assert_eq!(steps_at(CaseKind::Admission, Stage::Intake), vec![Step::Seal]);
    assert_eq!(steps_at(CaseKind::KeyCadre, Stage::Intake), vec![Step::Accept]);
    assert_eq!(
        steps_at(CaseKind::Admission, Stage::Explanation),
        vec![Step::AskExplanation, Step::Explain, Step::ProceedWithoutExplanation]
    );
    assert!(steps_at(CaseKind::Admission, Stage::Closed).is_empty());
}

#[test]
fn the_signer_may_return_or_refuse_instead_of_concluding() {
    for kind in CaseKind::ALL.iter().copied() {
        assert_eq!(steps_at(kind, Stage::Conclusion), vec![Step::Conclude, Step::Return, Step::Refuse], "{kind:?}");
        let f = Facts { has_issue: true, ..Facts::default() };
        assert_eq!(advance(kind, Stage::Conclusion, Step::Return, &f), Ok(Stage::Verification));
        assert_eq!(advance(kind, Stage::Conclusion, Step::Refuse, &f), Ok(Stage::Closed));
        let e = advance(kind, Stage::Verification, Step::Return, &f).unwrap_err();
        assert!(e.reason.contains("Thẩm tra, xác minh"), "{e}");
    }
}

#[test]
fn codes_round_trip() {
    for s in Stage::ALL {
        assert_eq!(Stage::from_code(s.code()), Some(*s));
        assert_eq!(serde_json::to_value(s).unwrap(), s.code());
    }
    for s in Step::ALL {
        assert_eq!(serde_json::from_value::<Step>(serde_json::json!(s.code())).unwrap(), *s);
    }
}
