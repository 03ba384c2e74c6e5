//! The forms of a case: each step and each request operation, authorized by the part the
//! caller plays (officer, cell, committee), done by the case service, audited either way. A
//! refused form comes back on the case page with the reason and what was typed.

use super::case_view::{actor, case_page, case_target, load_case};
use super::{PageResult, User};
use crate::error::WebError;
use crate::format::parse_date_vn;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect};
use bvctnb_app::Error as AppError;
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::NewAttachment;
use bvctnb_app::cases::{
    AnswerInput, ConclusionInput, DecisionInput, NewRequestInput, PointAnswer, ReviewInput, SendInput, split_points,
};
use bvctnb_app::rules::PersonRef;
use bvctnb_authz::Action;
use bvctnb_core::case::verify::{Carrier, CarrierMode, PointResult};
use bvctnb_core::ids::{PersonId, RequestId};
use chrono::NaiveDate;
use std::collections::HashMap;

pub type Fields = HashMap<String, String>;

pub fn get(f: &Fields, k: &str) -> String {
    f.get(k).map(|v| v.trim().to_string()).unwrap_or_default()
}

pub fn date(f: &Fields, k: &'static str, label: &str) -> Result<NaiveDate, AppError> {
    let v = get(f, k);
    parse_date_vn(&v).ok_or_else(|| AppError::invalid(k, format!("{label}: ghi ngày dạng dd/mm/yyyy")))
}

pub(crate) fn error_text(e: &WebError) -> String {
    match e {
        WebError::Invalid(f) => {
            f.0.iter().map(|x| format!("{}: {}", field_label(&x.field), x.message)).collect::<Vec<_>>().join("; ")
        }
        other => other.to_string(),
    }
}

/// The label of a form field, so a message names what the user sees.
fn field_label(f: &str) -> &str {
    match f {
        "text" => "Nội dung",
        "reason" => "Lý do",
        "body" => "Nơi nhận",
        "sent_on" => "Ngày gửi",
        "carrier_name" => "Người mang công văn",
        "answered_on" => "Ngày trả lời",
        "answer_ref" => "Số văn bản trả lời",
        "answers" => "Kết quả từng nội dung",
        "category" => "Loại kết luận",
        "ceiling" => "Giới hạn bố trí",
        "grounds" => "Căn cứ",
        "signed_on" => "Ngày ký",
        "signer_position" => "Chức vụ người ký",
        "cited" => "Phát hiện được viện dẫn",
        "number" => "Số văn bản",
        "decided_on" => "Ngày quyết định",
        "outcome" => "Nội dung quyết định",
        "purpose" => "Chức vụ, vị trí",
        "person" => "Người được thẩm tra",
        "channel" => "Kênh",
        "points" => "Nội dung đề nghị",
        "countries" => "Nước đến",
        "depart_on" => "Ngày xuất cảnh",
        "return_on" => "Ngày nhập cảnh dự kiến",
        "funding" => "Kinh phí",
        "visits" => "Thăm ai",
        "opinion" => "Ý kiến của chi bộ",
        "reentry_on" => "Ngày nhập cảnh",
        "report" => "Báo cáo",
        "source" => "Nguồn thông tin",
        other => other,
    }
}

/// Audits the outcome and answers: back to the case on success, the case page with the
/// refusal at `form` otherwise.
async fn done<T>(
    st: &AppState,
    u: &User,
    id: i64,
    form: &str,
    audit_as: &str,
    typed: Fields,
    r: Result<T, AppError>,
) -> PageResult {
    let a = &u.access;
    let case = st.app.case_or_404(bvctnb_core::ids::CaseId(id)).await.map_err(WebError::from)?;
    match r {
        Ok(_) => {
            a.record(st, &case_target(audit_as, &case), Outcome::Ok, form).await?;
            Ok(Redirect::to(&format!("/cases/{id}#{form}")).into_response())
        }
        Err(e) => {
            let e = WebError::from(e);
            let message = error_text(&e);
            a.record(st, &case_target(audit_as, &case), Outcome::Failed, &message).await?;
            let rec = st.app.person(case.person_id).await?.ok_or_else(|| WebError::not_found("hồ sơ"))?;
            let mut resp = case_page(st, u, &case, &rec, Some((form, message, typed))).await?;
            *resp.status_mut() = e.status();
            Ok(resp)
        }
    }
}

/// Text fields and files of a multipart form.
pub async fn read_multipart(mut mp: Multipart, owner: &str) -> Result<(Fields, Vec<NewAttachment>), WebError> {
    let mut fields = Fields::new();
    let mut files = Vec::new();
    while let Some(part) =
        mp.next_field().await.map_err(|e| WebError::BadRequest(format!("Biểu mẫu không đọc được: {e}")))?
    {
        let name = part.name().unwrap_or_default().to_string();
        match part.file_name().map(str::to_string) {
            Some(file_name) => {
                let mime = part.content_type().unwrap_or("application/octet-stream").to_string();
                let content =
                    part.bytes().await.map_err(|e| WebError::BadRequest(format!("Tệp không đọc được: {e}")))?;
                if !file_name.is_empty() && !content.is_empty() {
                    files.push(NewAttachment { owner: owner.into(), file_name, mime, content: content.to_vec() });
                }
            }
            None => {
                let text =
                    part.text().await.map_err(|e| WebError::BadRequest(format!("Biểu mẫu không đọc được: {e}")))?;
                fields.insert(name, text);
            }
        }
    }
    Ok((fields, files))
}

macro_rules! step_handler {
    ($name:ident, $action:expr, $audit:literal, $form:literal, |$st:ident, $a:ident, $case:ident, $f:ident| $body:expr) => {
        pub async fn $name(
            State($st): State<AppState>,
            u: User,
            Path(id): Path<i64>,
            Form($f): Form<Fields>,
        ) -> PageResult {
            let $a = actor(&u.access);
            let ($case, _) = load_case(&$st, &u.access, id, $action, $audit).await?;
            let r = $body;
            done(&$st, &u, id, $form, $audit, $f, r).await
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
    st.app.withdraw(&a, &case, &get(&f, "reason")).await
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
step_handler!(decide, Action::DecideCase, "case.decide", "decide", |st, a, case, f| {
    match date(&f, "decided_on", "Ngày quyết định") {
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
        signed_on: date(f, "signed_on", "Ngày ký")?,
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
        signed_on: date(f, "signed_on", "Ngày ký")?,
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
    Path((id, rid)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> PageResult {
    let (case, _) = load_case(&st, &u.access, id, Action::HandleCase, "case.request_drop").await?;
    let r = st.app.drop_request(&actor(&u.access), &case, RequestId(rid), &get(&f, "reason")).await;
    done(&st, &u, id, &format!("r{rid}"), "case.request_drop", f, r).await
}

pub async fn send_request(
    State(st): State<AppState>,
    u: User,
    Path((id, rid)): Path<(i64, i64)>,
    Form(f): Form<Fields>,
) -> PageResult {
    let (case, _) = load_case(&st, &u.access, id, Action::HandleCase, "case.request_send").await?;
    let input = date(&f, "sent_on", "Ngày gửi").map(|sent_on| SendInput {
        sent_on,
        number: Some(get(&f, "number")).filter(|n| !n.is_empty()),
        body: get(&f, "body"),
        carrier: Carrier {
            mode: if get(&f, "carrier_mode") == "in_person" { CarrierMode::InPerson } else { CarrierMode::Post },
            name: get(&f, "carrier_name"),
            person: get(&f, "carrier_person").parse().ok().map(PersonId),
        },
    });
    let r = match input {
        Ok(s) => st.app.send_request(&actor(&u.access), &case, RequestId(rid), s).await,
        Err(e) => Err(e),
    };
    done(&st, &u, id, &format!("r{rid}"), "case.request_send", f, r).await
}

pub async fn answer_request(
    State(st): State<AppState>,
    u: User,
    Path((id, rid)): Path<(i64, i64)>,
    mp: Multipart,
) -> PageResult {
    let (case, _) = load_case(&st, &u.access, id, Action::HandleCase, "case.request_answer").await?;
    let (f, files) = read_multipart(mp, &format!("request:{rid}")).await?;
    let req = st.app.case_requests(case.id).await?.into_iter().find(|r| r.id.0 == rid);
    let points = req.map(|r| split_points(&r.points)).unwrap_or_default();
    let answers = points
        .iter()
        .enumerate()
        .map(|(i, p)| PointAnswer {
            point: p.clone(),
            result: PointResult::from_code(&get(&f, &format!("result_{i}"))).unwrap_or(PointResult::Matches),
            detail: get(&f, &format!("detail_{i}")),
        })
        .collect();
    let input = date(&f, "answered_on", "Ngày trả lời").map(|answered_on| AnswerInput {
        answered_on,
        answer_ref: get(&f, "answer_ref"),
        signer: get(&f, "signer"),
        answers,
        attachments: files,
    });
    let r = match input {
        Ok(a) => st.app.answer_request(&actor(&u.access), &case, RequestId(rid), a).await,
        Err(e) => Err(e),
    };
    done(&st, &u, id, &format!("r{rid}"), "case.request_answer", f, r).await
}
