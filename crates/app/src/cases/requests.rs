//! Verification requests: added or dropped by the officer, sent with a number and a carrier who
//! is neither the person verified nor a relative, routed abroad through the body for
//! organisations abroad, and answered point by point (item 24).

use super::*;
use crate::secrets::{Paper, PaperOf};
use bvctnb_core::case::docnum::default_body_symbol;
use bvctnb_core::case::verify::{Carrier, CarrierMode, carrier_refusal};
use bvctnb_core::secret::PaperKind;
use bvctnb_store::cases::{CaseWrite, LetterNumber, NewAttachment, NewEvent, Written};
use bvctnb_store::secrets::PaperLine;

pub struct NewRequestInput {
    pub person: PersonRef,
    pub place: String,
    pub body: String,
    /// `grassroots`, `abroad` or `security`.
    pub channel: String,
    pub points: String,
    pub reason: String,
}

pub struct SendInput {
    pub sent_on: NaiveDate,
    /// Given when the letter was numbered on paper; taken from the register otherwise.
    pub number: Option<String>,
    pub body: String,
    pub carrier: Carrier,
}

pub struct AnswerInput {
    pub answered_on: NaiveDate,
    pub answer_ref: String,
    pub signer: String,
    pub answers: Vec<PointAnswer>,
    pub attachments: Vec<NewAttachment>,
}

const CHANNELS: [&str; 3] = ["grassroots", "abroad", "security"];

/// Whether the person of a request lives abroad, by the declaration.
fn abroad(d: &Declaration, p: &PersonRef) -> bool {
    match p {
        PersonRef::Subject => d.identity.foreign_address.is_some(),
        other => d.family.iter().any(|r| PersonRef::of(r) == *other && r.abroad.is_some()),
    }
}

fn routing_refusal(d: &Declaration, p: &PersonRef, channel: &str) -> Option<String> {
    (abroad(d, p) && channel != "abroad").then(|| {
        format!(
            "{} đang ở nước ngoài: đề nghị thẩm tra phải gửi cấp trên hoặc cơ quan đại diện Việt Nam ở nước ngoài \
             thông qua Đảng ủy Ngoài nước (chọn kênh «Ngoài nước»)",
            p.label()
        )
    })
}

fn event(env: &CaseEnv<'_>, actor: &Actor, step: &str, detail: String) -> NewEvent {
    NewEvent {
        on_date: env.today.to_string(),
        actor: actor.username.clone(),
        step: step.into(),
        from_stage: None,
        to_stage: None,
        stage_days: None,
        detail,
    }
}

impl App {
    async fn editable_request(&self, case: &CaseRow, id: RequestId) -> Result<RequestRow> {
        let reqs = self.store.case_requests(case.id).await?;
        reqs.into_iter().find(|r| r.id == id).ok_or(Error::NotFound("đề nghị thẩm tra"))
    }

    fn require_stage(case: &CaseRow, allowed: &[Stage], what: &str) -> Result<()> {
        if allowed.contains(&case.stage) {
            return Ok(());
        }
        Err(Error::Forbidden(format!(
            "Chưa thể {what}: hồ sơ đang ở bước «{}»; việc cần làm trước: {}",
            case.stage.label(),
            case.stage.awaited()
        )))
    }

    pub async fn add_request(&self, actor: &Actor, case: &CaseRow, r: NewRequestInput) -> Result<Written> {
        let env = &self.case_env();
        Self::require_stage(case, &[Stage::Intake, Stage::Verification], "thêm đề nghị thẩm tra")?;
        let person = self.store.person(case.person_id).await?.ok_or(Error::NotFound("hồ sơ"))?;
        let d = &person.declaration;
        if let PersonRef::Relative { name, .. } = &r.person
            && !d.family.iter().any(|x| PersonRef::of(x) == r.person)
        {
            return Err(invalid("person", format!("«{name}» không có trong bảng gia đình đã khai")));
        }
        if !CHANNELS.contains(&r.channel.as_str()) {
            return Err(invalid("channel", "Chọn kênh: cơ sở, ngoài nước hoặc cơ quan an ninh"));
        }
        if r.body.trim().is_empty() {
            return Err(invalid("body", "Phải ghi nơi nhận đề nghị thẩm tra"));
        }
        if r.points.trim().is_empty() {
            return Err(invalid("points", "Phải ghi nội dung đề nghị thẩm tra"));
        }
        if r.reason.trim().is_empty() {
            return Err(invalid("reason", "Phải ghi lý do thêm đề nghị"));
        }
        if let Some(why) = routing_refusal(d, &r.person, &r.channel) {
            return Err(Error::Forbidden(why));
        }
        let existing = self.store.case_requests(case.id).await?;
        let mut skipped = None;
        for x in existing.iter().filter(|x| x.status == RequestStatus::NotRequired) {
            if person_ref(x)? == r.person {
                skipped = Some(x);
                break;
            }
        }
        if let Some(skip) = skipped {
            return Err(Error::Forbidden(format!(
                "{} không phải thẩm tra: {} (theo phạm vi thẩm tra của gói quy định)",
                r.person.label(),
                skip.reason
            )));
        }
        let mut row = blank_row(&actor.username);
        row.person_ref = serde_json::to_string(&r.person).unwrap_or_default();
        row.person_label = r.person.label();
        row.place = r.place.trim().into();
        row.body = r.body.trim().into();
        row.channel = r.channel;
        row.points = r.points.trim().into();
        row.status = RequestStatus::Planned;
        row.reason = r.reason.trim().into();
        let mut w =
            CaseWrite::new(case, event(env, actor, "request_add", format!("{} — {}", row.person_label, row.body)));
        w.new_requests.push(row);
        Ok(self.store.write_case(w).await?)
    }

    pub async fn drop_request(&self, actor: &Actor, case: &CaseRow, id: RequestId, reason: &str) -> Result<Written> {
        let env = &self.case_env();
        Self::require_stage(case, &[Stage::Intake, Stage::Verification], "bỏ đề nghị thẩm tra")?;
        let mut r = self.editable_request(case, id).await?;
        if !r.status.is_open() {
            return Err(Error::Forbidden(format!(
                "Đề nghị này đang ở trạng thái «{}», không bỏ được",
                r.status.label()
            )));
        }
        if reason.trim().is_empty() {
            return Err(invalid("reason", "Phải ghi lý do bỏ đề nghị thẩm tra"));
        }
        r.status = RequestStatus::Dropped;
        r.reason = reason.trim().into();
        let mut w =
            CaseWrite::new(case, event(env, actor, "request_drop", format!("{}: {}", r.person_label, r.reason)));
        w.request_updates.push((r, None));
        Ok(self.store.write_case(w).await?)
    }

    pub async fn send_request(&self, actor: &Actor, case: &CaseRow, id: RequestId, s: SendInput) -> Result<Written> {
        let env = &self.case_env();
        Self::require_stage(case, &[Stage::Verification], "gửi đề nghị thẩm tra")?;
        let r = self.editable_request(case, id).await?;
        let person = self.store.person(case.person_id).await?.ok_or(Error::NotFound("hồ sơ"))?;
        let related = self.store.related_persons(case.person_id).await?;
        let sent = self.prepared_send(env, actor, case, (&person.declaration, &related), r, &s)?;
        let detail = format!("{} → {}", sent.0.person_label, sent.0.body);
        let mut w = CaseWrite::new(case, event(env, actor, "request_send", detail));
        let name = &person.declaration.identity.full_name;
        w.papers.extend(self.letter_line(actor, case, name, &sent.0, s.sent_on));
        w.request_updates.push(sent);
        Ok(self.store.write_case(w).await?)
    }

    /// Every planned request sent at once by post on `sent_on`, each to its planned body with
    /// the next number of the register: all of them or, if one cannot go, none (that one named).
    pub async fn send_all_requests(&self, actor: &Actor, case: &CaseRow, sent_on: NaiveDate) -> Result<Written> {
        let env = &self.case_env();
        Self::require_stage(case, &[Stage::Verification], "gửi đề nghị thẩm tra")?;
        if sent_on > env.today {
            return Err(invalid("sent_on", "Ngày gửi không được sau hôm nay"));
        }
        let planned: Vec<_> = self
            .store
            .case_requests(case.id)
            .await?
            .into_iter()
            .filter(|r| r.status == RequestStatus::Planned)
            .collect();
        if planned.is_empty() {
            return Err(Error::Forbidden("Không còn đề nghị thẩm tra nào chưa gửi".into()));
        }
        let person = self.store.person(case.person_id).await?.ok_or(Error::NotFound("hồ sơ"))?;
        let related = self.store.related_persons(case.person_id).await?;
        let n = planned.len();
        let mut w =
            CaseWrite::new(case, event(env, actor, "request_send", format!("Gửi cùng lúc {n} đề nghị thẩm tra")));
        for r in planned {
            let label = format!("{} — {}", r.person_label, r.body);
            if r.body.trim().is_empty() {
                return Err(Error::Forbidden(format!(
                    "Đề nghị về {} chưa có nơi nhận: gửi riêng đề nghị này",
                    r.person_label
                )));
            }
            let by_post = SendInput {
                sent_on,
                number: None,
                body: r.body.clone(),
                carrier: Carrier { mode: CarrierMode::Post, name: String::new(), person: None },
            };
            let sent = self
                .prepared_send(env, actor, case, (&person.declaration, &related), r, &by_post)
                .map_err(|e| Error::Forbidden(format!("Chưa gửi được đề nghị «{label}»: {e}")))?;
            let name = &person.declaration.identity.full_name;
            w.papers.extend(self.letter_line(actor, case, name, &sent.0, sent_on));
            w.request_updates.push(sent);
        }
        Ok(self.store.write_case(w).await?)
    }

    /// The outgoing register line of a request's letter, sent on `on` by the committee whose
    /// register numbers it (the sender's scope).
    fn letter_line(
        &self,
        actor: &Actor,
        case: &CaseRow,
        name: &str,
        r: &RequestRow,
        on: NaiveDate,
    ) -> Option<PaperLine> {
        let org = actor.scope.unwrap_or(case.org_id);
        let about = if r.person_label.is_empty() { String::new() } else { format!(" (về {})", r.person_label) };
        self.paper_line(
            actor,
            Paper {
                kind: PaperKind::VerificationLetter,
                of: PaperOf::Letter(r.id),
                org,
                on,
                entered_on: on,
                number: r.number.clone().unwrap_or_default(),
                issuer: self.committee_name(org, on),
                summary: format!("V/v đề nghị thẩm tra, xác minh lý lịch của {name}{about}"),
                counterpart: r.body.clone(),
                signer: self.letter_position(org, on),
            },
        )
    }

    /// One planned request checked against who carries it and how it is routed, and filled
    /// with the send; the register numbers its letter when no number was typed.
    fn prepared_send(
        &self,
        env: &CaseEnv<'_>,
        actor: &Actor,
        case: &CaseRow,
        (declaration, related): (&Declaration, &[PersonId]),
        mut r: RequestRow,
        s: &SendInput,
    ) -> Result<(RequestRow, Option<LetterNumber>)> {
        if r.status != RequestStatus::Planned {
            return Err(Error::Forbidden(format!(
                "Đề nghị này đang ở trạng thái «{}», không gửi được",
                r.status.label()
            )));
        }
        if let Some(why) = carrier_refusal(&s.carrier, case.person_id, declaration, related) {
            return Err(Error::Forbidden(why));
        }
        if let Some(why) = routing_refusal(declaration, &person_ref(&r)?, &r.channel) {
            return Err(Error::Forbidden(why));
        }
        if s.sent_on > env.today {
            return Err(invalid("sent_on", "Ngày gửi không được sau hôm nay"));
        }
        let body = s.body.trim();
        if body.is_empty() {
            return Err(invalid("body", "Phải ghi nơi nhận"));
        }
        r.body = body.into();
        r.status = RequestStatus::Sent;
        r.sent_on = Some(s.sent_on.to_string());
        r.due_on = Some(env.deadlines.request_due(env.calendar, s.sent_on).to_string());
        r.carrier_mode = Some(s.carrier.mode);
        r.carrier_name = Some(match s.carrier.mode {
            CarrierMode::Post if s.carrier.name.trim().is_empty() => "Bưu điện".into(),
            _ => s.carrier.name.trim().into(),
        });
        r.carrier_person = s.carrier.person;
        let number = s.number.as_ref().map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        let letter_number = match &number {
            Some(_) => None,
            None => {
                let org = actor.scope.unwrap_or(case.org_id);
                let kind = self.tree().get(org).map(|n| n.kind);
                Some(LetterNumber {
                    org,
                    body_symbol: kind.map_or("ĐU", default_body_symbol).to_string(),
                    request: r.id,
                })
            }
        };
        r.number = number;
        Ok((r, letter_number))
    }

    pub async fn answer_request(
        &self,
        actor: &Actor,
        case: &CaseRow,
        id: RequestId,
        a: AnswerInput,
    ) -> Result<Written> {
        let env = &self.case_env();
        Self::require_stage(case, &[Stage::Verification], "ghi kết quả thẩm tra")?;
        let mut r = self.editable_request(case, id).await?;
        if r.status != RequestStatus::Sent {
            return Err(Error::Forbidden(format!(
                "Chỉ ghi kết quả cho đề nghị đã gửi; đề nghị này đang ở trạng thái «{}»",
                r.status.label()
            )));
        }
        let asked = split_points(&r.points);
        for p in &asked {
            if !a.answers.iter().any(|x| &x.point == p) {
                return Err(invalid("answers", format!("Thiếu kết quả cho nội dung «{p}»")));
            }
        }
        if let Some(x) = a.answers.iter().find(|x| x.result != PointResult::Matches && x.detail.trim().is_empty()) {
            return Err(invalid(
                "answers",
                format!("Nội dung «{}»: phải ghi rõ điểm khác hoặc lý do không xác minh được", x.point),
            ));
        }
        if a.answer_ref.trim().is_empty() {
            return Err(invalid("answer_ref", "Phải ghi số, ngày văn bản trả lời"));
        }
        if a.answered_on > env.today || r.sent_on.as_deref().is_some_and(|s| a.answered_on.to_string().as_str() < s) {
            return Err(invalid("answered_on", "Ngày trả lời phải từ ngày gửi đến hôm nay"));
        }
        r.status = RequestStatus::Answered;
        r.answered_on = Some(a.answered_on.to_string());
        r.answer_ref = Some(a.answer_ref.trim().into());
        r.answer_signer = Some(a.signer.trim().into());
        r.answers = serde_json::to_string(&a.answers).unwrap_or_else(|_| "[]".into());
        let differs = a.answers.iter().filter(|x| x.result == PointResult::Differs).count();
        let mut w = CaseWrite::new(
            case,
            event(env, actor, "request_answer", format!("{}: {} điểm khác với lý lịch", r.person_label, differs)),
        );
        let files = self.accept_files(case.person_id, a.attachments).await?;
        w.attachments = files.into_iter().map(|x| NewAttachment { owner: format!("request:{}", r.id), ..x }).collect();
        // The answer may raise an issue: re-evaluate with it so the case page and the guards see it.
        let mut all = self.store.case_requests(case.id).await?;
        if let Some(slot) = all.iter_mut().find(|x| x.id == r.id) {
            *slot = r.clone();
        }
        if let Some(pack) = env.pack_for(&case.pack_version) {
            let person = self.store.person(case.person_id).await?.ok_or(Error::NotFound("hồ sơ"))?;
            let flags = self.flags_of_person(person.id).await?;
            let eval = evaluate_case(pack, &person.declaration, &all, &flags, case.kind, env.today)?;
            let issue = case.has_issue || has_issue(&eval, &all)?;
            w.state = Some(steps::same_state(
                case,
                issue,
                Some((pack.version_tag(), serde_json::to_string(&eval).unwrap_or_default())),
            ));
        }
        let org = actor.scope.unwrap_or(case.org_id);
        w.papers.extend(self.paper_line(
            actor,
            Paper {
                kind: PaperKind::VerificationAnswer,
                of: PaperOf::Answer(r.id),
                org,
                on: a.answered_on,
                entered_on: env.today,
                number: r.answer_ref.clone().unwrap_or_default(),
                issuer: r.body.clone(),
                summary: format!("Trả lời đề nghị thẩm tra, xác minh lý lịch (về {})", r.person_label),
                counterpart: self.committee_name(org, a.answered_on),
                signer: r.answer_signer.clone().unwrap_or_default(),
            },
        ));
        w.request_updates.push((r, None));
        Ok(self.store.write_case(w).await?)
    }
}
