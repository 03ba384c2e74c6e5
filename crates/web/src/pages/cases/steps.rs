//! The forms of a case: each step and each request operation, authorized by the part the
//! caller plays (officer, cell, committee), done by the case service, audited either way. A
//! refused form comes back on the case page with the reason and what was typed.

use crate::error::WebError;
use crate::pages::cases::view::{actor, case_page, case_target, load_case};
use crate::pages::fields::{Fields, confirmed, date, date_into, get, read_multipart};
use crate::pages::outcome::{Labels, Post};
use crate::pages::{PageResult, User};
use crate::state::AppState;
use axum::Form;
use axum::extract::{Multipart, Path, State};

use bvctnb_app::Error as AppError;
use bvctnb_app::cases::{
    AnswerInput, ConclusionInput, DecisionInput, NewRequestInput, PointAnswer, ReviewInput, SendInput, split_points,
};
use bvctnb_app::rules::PersonRef;
use bvctnb_authz::Action;
use bvctnb_core::case::verify::{Carrier, CarrierMode, PointResult};
use bvctnb_core::error::{FieldError, FieldErrors};
use bvctnb_core::ids::{CaseId, PersonId, RequestId};

/// The labels of the case steps' fields.
pub(crate) const LABELS: Labels = Labels(&[
    ("text", "Nội dung"),
    ("reason", "Lý do"),
    ("body", "Nơi nhận"),
    ("sent_on", "Ngày gửi"),
    ("carrier_name", "Người mang công văn"),
    ("answered_on", "Ngày trả lời"),
    ("answer_ref", "Số văn bản trả lời"),
    ("answers", "Kết quả từng nội dung"),
    ("files", "Tệp đính kèm"),
    ("category", "Loại kết luận"),
    ("ceiling", "Giới hạn bố trí"),
    ("grounds", "Căn cứ"),
    ("signed_on", "Ngày ký"),
    ("signer_position", "Chức vụ người ký"),
    ("signer", "Người ký"),
    ("number", "Số"),
    ("decided_on", "Ngày quyết định"),
    ("cited", "Phát hiện được viện dẫn"),
    ("number", "Số văn bản"),
    ("decided_on", "Ngày quyết định"),
    ("outcome", "Nội dung quyết định"),
    ("purpose", "Chức vụ, vị trí"),
    ("person", "Người được thẩm tra"),
    ("channel", "Kênh"),
    ("points", "Nội dung đề nghị"),
    ("countries", "Nước đến"),
    ("depart_on", "Ngày xuất cảnh"),
    ("return_on", "Ngày nhập cảnh dự kiến"),
    ("funding", "Kinh phí"),
    ("visits", "Thăm ai"),
    ("opinion", "Ý kiến của chi bộ"),
    ("reentry_on", "Ngày nhập cảnh"),
    ("report", "Báo cáo"),
    ("source", "Nguồn thông tin"),
    ("confirm", "Xác nhận"),
]);

/// Audits the outcome and answers: back to the case on success, the case page with the
/// refusal at `form` otherwise.
async fn done<T>(
    st: &AppState,
    u: &User,
    case: &bvctnb_app::cases::CaseRow,
    form: &str,
    audit_as: &str,
    typed: Fields,
    write: impl Future<Output = Result<T, AppError>>,
) -> PageResult {
    let id = case.id;
    let post = Post { st, access: &u.access, target: case_target(audit_as, case), labels: &LABELS, echo: false, form };
    post.finish(
        typed,
        form,
        write,
        |_| format!("/cases/{id}#{form}"),
        async |r| {
            // The page shows the case as it is after the refusal.
            let case = st.app.case_or_404(id).await.map_err(WebError::from)?;
            let rec = st.app.person(case.person_id).await?.ok_or_else(|| WebError::not_found("hồ sơ"))?;
            Ok(case_page(st, u, &case, &rec, r).await?)
        },
    )
    .await
}

macro_rules! step_handler {
    ($name:ident, $action:expr, $audit:literal, $form:literal, |$st:ident, $a:ident, $case:ident, $f:ident| $body:expr) => {
        pub async fn $name(
            State($st): State<AppState>,
            u: User,
            Path(id): Path<CaseId>,
            Form($f): Form<Fields>,
        ) -> PageResult {
            let $a = actor(&u.access);
            let ($case, _) = load_case(&$st, &u.access, id, $action, $audit).await?;
            let typed = $f.clone();
            done(&$st, &u, &$case, $form, $audit, typed, async { $body }).await
        }
    };
}

step_handler!(accept, Action::CommentCase, "case.accept", "accept", |st, a, case, f| {
    st.app.accept_case(&a, &case, &get(&f, "text")).await
});
step_handler!(finish_verification, Action::HandleCase, "case.finish_verification", "finish", |st, a, case, f| {
    st.app.finish_verification(&a, &case).await
});
step_handler!(comment, Action::CommentCase, "case.comment", "comment", |st, a, case, f| {
    st.app.comment(&a, &case, &get(&f, "text"), f.contains_key("raise_issue")).await
});
step_handler!(appraise, Action::HandleCase, "case.appraise", "appraise", |st, a, case, f| {
    st.app.appraise(&a, &case, &get(&f, "text"), f.contains_key("raise_issue")).await
});
step_handler!(ask_explanation, Action::HandleCase, "case.ask_explanation", "ask", |st, a, case, f| {
    st.app.ask_explanation(&a, &case, &get(&f, "text")).await
});
step_handler!(proceed, Action::HandleCase, "case.proceed", "proceed", |st, a, case, f| {
    st.app.proceed_without_explanation(&a, &case, &get(&f, "text")).await
});
step_handler!(withdraw, Action::HandleCase, "case.withdraw", "withdraw", |st, a, case, f| {
    match confirmed(&f, "dừng hồ sơ") {
        Ok(()) => st.app.withdraw(&a, &case, &get(&f, "reason")).await,
        Err(e) => Err(e),
    }
});
step_handler!(certify, Action::DecideCase, "case.certify", "certify", |st, a, case, f| {
    st.app.certify(&a, &case, &get(&f, "text")).await
});
step_handler!(conclude, Action::DecideCase, "case.conclude", "conclude", |st, a, case, f| {
    match conclusion_input(&f) {
        Ok(c) => st.app.conclude(&a, &case, c).await,
        Err(e) => Err(e),
    }
});
step_handler!(return_case, Action::DecideCase, "case.return", "return", |st, a, case, f| {
    st.app.return_case(&a, &case, &get(&f, "reason")).await
});
step_handler!(refuse, Action::DecideCase, "case.refuse", "refuse", |st, a, case, f| {
    match confirmed(&f, "không chấp thuận") {
        Ok(()) => st.app.refuse_case(&a, &case, &get(&f, "reason")).await,
        Err(e) => Err(e),
    }
});
step_handler!(decide, Action::DecideCase, "case.decide", "decide", |st, a, case, f| {
    match date(&f, "decided_on") {
        Ok(on) => {
            let d = DecisionInput {
                number: get(&f, "number"),
                decided_on: on,
                outcome: get(&f, "outcome"),
                text: get(&f, "text"),
            };
            st.app.decide(&a, &case, d).await
        }
        Err(e) => Err(e),
    }
});
step_handler!(review, Action::DecideCase, "case.review", "review", |st, a, case, f| {
    match review_input(&f) {
        Ok(r) => st.app.review_conclusion(&a, &case, r).await,
        Err(e) => Err(e),
    }
});
step_handler!(add_request, Action::HandleCase, "case.request_add", "add-request", |st, a, case, f| {
    match add_input(&st, &case, &f).await {
        Ok(r) => st.app.add_request(&a, &case, r).await,
        Err(e) => Err(e),
    }
});

fn conclusion_input(f: &Fields) -> Result<ConclusionInput, AppError> {
    Ok(ConclusionInput {
        category: get(f, "category"),
        ceiling: Some(get(f, "ceiling")).filter(|c| !c.is_empty()),
        grounds: get(f, "grounds"),
        cited: f.iter().filter(|(k, _)| k.starts_with("cite_")).map(|(k, _)| k["cite_".len()..].to_string()).collect(),
        signed_on: date(f, "signed_on")?,
        signer_position: get(f, "signer_position"),
        number: Some(get(f, "number")).filter(|n| !n.is_empty()),
    })
}

fn review_input(f: &Fields) -> Result<ReviewInput, AppError> {
    let amend = get(f, "outcome") == "amend";
    Ok(ReviewInput {
        conclusion: get(f, "conclusion").parse().map_err(|_| AppError::NotFound("kết luận"))?,
        amend: if amend { Some(conclusion_input(f)?) } else { None },
        grounds: get(f, "grounds"),
        signed_on: date(f, "signed_on")?,
        signer_position: get(f, "signer_position"),
    })
}

/// The person of a new request: the subject, or a relative by their index in the family table.
async fn add_input(st: &AppState, case: &bvctnb_app::cases::CaseRow, f: &Fields) -> Result<NewRequestInput, AppError> {
    let rec = st.app.person(case.person_id).await?.ok_or(AppError::NotFound("hồ sơ"))?;
    let who = get(f, "person");
    let person = if who == "subject" {
        PersonRef::Subject
    } else {
        let i: usize = who.parse().map_err(|_| AppError::invalid("person", "Chọn người được thẩm tra"))?;
        let r = rec.declaration.family.get(i).ok_or(AppError::invalid("person", "Chọn người được thẩm tra"))?;
        PersonRef::of(r)
    };
    Ok(NewRequestInput {
        person,
        place: get(f, "place"),
        body: get(f, "body"),
        channel: get(f, "channel"),
        points: get(f, "points"),
        reason: get(f, "reason"),
    })
}

pub async fn drop_request(
    State(st): State<AppState>,
    u: User,
    Path((id, rid)): Path<(CaseId, RequestId)>,
    Form(f): Form<Fields>,
) -> PageResult {
    let (case, _) = load_case(&st, &u.access, id, Action::HandleCase, "case.request_drop").await?;
    let (who, reason) = (actor(&u.access), get(&f, "reason"));
    let r = st.app.drop_request(&who, &case, rid, &reason);
    done(&st, &u, &case, &format!("r{rid}"), "case.request_drop", f.clone(), r).await
}

pub async fn send_all(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<CaseId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let (case, _) = load_case(&st, &u.access, id, Action::HandleCase, "case.request_send").await?;
    let r = async {
        match date(&f, "sent_on") {
            Ok(on) => st.app.send_all_requests(&actor(&u.access), &case, on).await,
            Err(e) => Err(e),
        }
    };
    done(&st, &u, &case, "send-all", "case.request_send", f.clone(), r).await
}

pub async fn send_request(
    State(st): State<AppState>,
    u: User,
    Path((id, rid)): Path<(CaseId, RequestId)>,
    Form(f): Form<Fields>,
) -> PageResult {
    let (case, _) = load_case(&st, &u.access, id, Action::HandleCase, "case.request_send").await?;
    let input = date(&f, "sent_on").map(|sent_on| SendInput {
        sent_on,
        number: Some(get(&f, "number")).filter(|n| !n.is_empty()),
        body: get(&f, "body"),
        carrier: Carrier {
            mode: if get(&f, "carrier_mode") == "in_person" { CarrierMode::InPerson } else { CarrierMode::Post },
            name: get(&f, "carrier_name"),
            person: get(&f, "carrier_person").parse().ok().map(PersonId),
        },
    });
    let r = async {
        match input {
            Ok(s) => st.app.send_request(&actor(&u.access), &case, rid, s).await,
            Err(e) => Err(e),
        }
    };
    done(&st, &u, &case, &format!("r{rid}"), "case.request_send", f.clone(), r).await
}

pub async fn answer_request(
    State(st): State<AppState>,
    u: User,
    Path((id, rid)): Path<(CaseId, RequestId)>,
    mp: Multipart,
) -> PageResult {
    let (case, _) = load_case(&st, &u.access, id, Action::HandleCase, "case.request_answer").await?;
    let (f, files) = read_multipart(mp, &format!("request:{rid}")).await?;
    let req = st.app.case_requests(case.id).await?.into_iter().find(|r| r.id == rid);
    let points = req.map(|r| split_points(&r.points)).unwrap_or_default();
    // A result that does not read as one of the three is refused, never taken as "matches":
    // that would record a false "no discrepancy". Every problem of the form is told at once.
    let mut errs = FieldErrors::default();
    let mut answers = Vec::new();
    for (i, p) in points.iter().enumerate() {
        match PointResult::from_code(&get(&f, &format!("result_{i}"))) {
            Some(result) => {
                answers.push(PointAnswer { point: p.clone(), result, detail: get(&f, &format!("detail_{i}")) })
            }
            None => errs.push(FieldError::new(
                format!("result_{i}"),
                format!("chọn kết quả của nội dung «{p}»: đúng, khác với lý lịch, hoặc không xác minh được"),
            )),
        }
    }
    let answered_on = date_into(&f, "answered_on", &mut errs);
    let input = match answered_on {
        Some(answered_on) if errs.is_empty() => Ok(AnswerInput {
            answered_on,
            answer_ref: get(&f, "answer_ref"),
            signer: get(&f, "signer"),
            answers,
            attachments: files,
        }),
        _ => Err(AppError::Invalid(errs)),
    };
    let r = async {
        match input {
            Ok(a) => st.app.answer_request(&actor(&u.access), &case, rid, a).await,
            Err(e) => Err(e),
        }
    };
    done(&st, &u, &case, &format!("r{rid}"), "case.request_answer", f.clone(), r).await
}
