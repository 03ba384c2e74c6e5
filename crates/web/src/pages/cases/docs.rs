//! The papers of a case as PDF or DOCX: the 2-KNĐ declaration, the verification letters, the
//! conclusions and their notices. Their wording is `app::documents::case_papers`.

use crate::error::WebError;
use crate::pages::cases::view::{case_target, load_case};
use crate::pages::{PageResult, User};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use bvctnb_app::audit::Outcome;
use bvctnb_app::documents::{self, FormHeader};
use bvctnb_authz::Action;

/// `/cases/{id}/documents/{doc}`: `declaration.pdf`, `letter-{request}.pdf`,
/// `conclusion-{id}.pdf`, `notice-{id}.pdf`; `.docx` for an editable copy of the last three;
/// `letters.pdf`, every sent letter of the case in one file.
pub async fn document(
    State(st): State<AppState>,
    u: User,
    Path((id, doc)): Path<(bvctnb_core::ids::CaseId, String)>,
) -> PageResult {
    let a = &u.access;
    let (case, rec) = load_case(&st, a, id, Action::ViewCase, "case.print").await?;
    let (stem, ext) = doc.rsplit_once('.').ok_or_else(|| WebError::not_found("văn bản"))?;
    let (kind, num) = stem.split_once('-').map_or((stem, 0), |(k, n)| (k, n.parse().unwrap_or(-1)));
    if stem == "letters" && ext == "pdf" {
        let issuer = a.scope().unwrap_or(case.org_id);
        let mut letters = Vec::new();
        for r in st.app.case_requests(case.id).await?.iter().filter(|r| r.number.is_some()) {
            letters.push(st.app.request_letter(&case, &rec, r, issuer).await?);
        }
        if letters.is_empty() {
            return Err(WebError::not_found("công văn đã gửi").into());
        }
        let bytes = documents::officials_pdf(letters).await?;
        a.record(&st, &case_target("case.print", &case), Outcome::Ok, &doc).await?;
        let disposition = format!("inline; filename=\"ho-so-{id}-cong-van.pdf\"");
        return Ok((
            [(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, disposition)],
            bytes,
        )
            .into_response());
    }
    let official = match kind {
        "declaration" => None,
        "letter" => {
            let r = st.app.case_requests(case.id).await?.into_iter().find(|r| r.id.0 == num && r.number.is_some());
            let r = r.ok_or_else(|| WebError::not_found("công văn đã gửi"))?;
            Some(st.app.request_letter(&case, &rec, &r, a.scope().unwrap_or(case.org_id)).await?)
        }
        "conclusion" | "notice" => {
            let c = st.app.conclusion(bvctnb_core::ids::ConclusionId(num)).await?.filter(|c| c.case_id == case.id);
            let c = c.ok_or_else(|| WebError::not_found("kết luận"))?;
            Some(if kind == "notice" {
                st.app.conclusion_notice(&case, &rec, &c).await?
            } else {
                let all = st.app.case_conclusions(case.id).await?;
                let replaced_by = all
                    .iter()
                    .find(|x| x.reviews == Some(c.id) && x.review_outcome.as_deref() == Some("amend"))
                    .map(|x| x.number.clone());
                st.app.conclusion_paper(&case, &rec, &c, replaced_by.as_deref()).await?
            })
        }
        _ => return Err(WebError::not_found("văn bản").into()),
    };
    // Empty: the form prints the declaration's own number.
    let history_number = String::new();
    // The organisation chain below the Central Committee, as the form's header names it.
    let full = st.app.tree().path_label(rec.org_id);
    let org_line = full.split_once(" › ").map_or(full.clone(), |(_, rest)| rest.to_string());
    let bytes = match (official, ext) {
        (None, "pdf") => {
            let recorded = st.app.recorded_items(&case).await?;
            documents::declaration_pdf(rec.declaration.clone(), FormHeader { history_number, org_line, recorded })
                .await?
        }
        (Some(d), "pdf") => documents::official(d, documents::Format::Pdf).await?,
        (Some(d), "docx") => documents::official(d, documents::Format::Docx).await?,
        _ => return Err(WebError::not_found("văn bản").into()),
    };
    a.record(&st, &case_target("case.print", &case), Outcome::Ok, &doc).await?;
    let mime = if ext == "pdf" {
        "application/pdf"
    } else {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    };
    let disposition = format!("inline; filename=\"ho-so-{id}-{stem}.{ext}\"");
    Ok(([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}
