//! A private trip: the member's request (Phụ lục I) with the commitment (Phụ lục II) when
//! relatives abroad are visited, the cell's opinion, the committee's decision, the re-entry
//! and the report (Phụ lục III) within the unit's period.

use super::{Actor, Error, Result, TravelEnv, dmy, invalid, required, write};
use bvctnb_core::due::parse_stored;
use bvctnb_core::travel::{Arrangement, TripFacts, TripKind, TripStage, TripStep, advance_trip};
use bvctnb_store::PersonRecord;
use bvctnb_store::travel::{NewTrip, NewTripFile, TripRow};
use chrono::NaiveDate;

/// The request as the member fills it in.
#[derive(Debug, Clone, Default)]
pub struct TripInput {
    pub countries: String,
    pub depart_on: Option<NaiveDate>,
    pub return_on: Option<NaiveDate>,
    pub purpose: String,
    pub funding: String,
    pub visits: String,
    pub visits_relatives: bool,
    /// The commitment's text (Phụ lục II), when relatives abroad are visited.
    pub commitment: String,
    pub files: Vec<NewTripFile>,
}

fn facts(t: &TripRow, reason_given: bool) -> TripFacts {
    TripFacts {
        visits_relatives: t.visits_relatives,
        commitment_filed: t.commitment.as_deref().is_some_and(|c| !c.trim().is_empty()),
        refusal_reason_given: reason_given,
    }
}

fn step(t: &TripRow, s: TripStep, f: &TripFacts) -> Result<TripStage> {
    Ok(advance_trip(t.kind, t.stage, s, f)?)
}

fn checked(i: &TripInput) -> Result<(NaiveDate, NaiveDate, NewTrip)> {
    let countries = required(&i.countries, "countries", "nước đến")?;
    let depart = i.depart_on.ok_or_else(|| invalid("depart_on", "phải ghi ngày xuất cảnh (dd/mm/yyyy)"))?;
    let back = i.return_on.ok_or_else(|| invalid("return_on", "phải ghi ngày dự kiến nhập cảnh (dd/mm/yyyy)"))?;
    if back < depart {
        return Err(invalid("return_on", "ngày về không được trước ngày đi"));
    }
    let purpose = required(&i.purpose, "purpose", "mục đích chuyến đi")?;
    let funding = required(&i.funding, "funding", "nguồn kinh phí")?;
    if i.visits_relatives && i.visits.trim().is_empty() {
        return Err(invalid("visits", "thăm thân nhân: phải ghi thăm ai (họ tên, quan hệ, nơi ở)"));
    }
    let commitment = Some(i.commitment.trim().to_string()).filter(|c| !c.is_empty());
    let t = NewTrip {
        kind: TripKind::Private,
        person_id: bvctnb_core::ids::PersonId(0),
        org_id: bvctnb_core::ids::OrgId(0),
        countries,
        depart_on: depart.to_string(),
        return_on: back.to_string(),
        purpose,
        funding,
        visits: i.visits.trim().to_string(),
        visits_relatives: i.visits_relatives,
        commitment,
        stage: TripStage::Draft,
        unapproved: false,
        filed_on: String::new(),
        created_by: String::new(),
    };
    Ok((depart, back, t))
}

pub(super) fn return_write(
    env: &TravelEnv<'_>,
    actor: &Actor,
    t: &TripRow,
    reentry: Option<NaiveDate>,
) -> Result<bvctnb_store::travel::TripWrite> {
    let back = reentry.ok_or_else(|| invalid("reentry_on", "phải ghi ngày nhập cảnh (dd/mm/yyyy)"))?;
    if back.to_string() < t.depart_on {
        return Err(invalid("reentry_on", "ngày nhập cảnh không được trước ngày xuất cảnh"));
    }
    if back > env.today {
        return Err(invalid("reentry_on", "ngày nhập cảnh không được sau hôm nay"));
    }
    let mut row = t.clone();
    row.stage = step(t, TripStep::Return, &facts(t, false))?;
    row.stage_since = back.to_string();
    let due = env.report_due(t.org_id, back);
    row.reentry_on = Some(back.to_string());
    row.report_due = Some(due.to_string());
    let detail = format!("nhập cảnh {}, hạn báo cáo {}", dmy(&back.to_string()), dmy(&due.to_string()));
    let mut w = write(t, row, actor, TripStep::Return.code(), env.today_s(), detail);
    w.notice = Some(format!(
        "Đã ghi ngày nhập cảnh {}: nộp báo cáo chuyến đi (Phụ lục III) trước hết ngày {}.",
        dmy(&back.to_string()),
        dmy(&due.to_string())
    ));
    w.passport_due = Some(env.passport_due(back).to_string());
    Ok(w)
}

impl crate::App {
    /// Files the member's request; `submit` sends it to the cell at once (refused without the
    /// commitment when relatives abroad are visited), otherwise it stays a draft.
    pub async fn file_trip(
        &self,
        actor: &Actor,
        person: &PersonRecord,
        input: TripInput,
        submit: bool,
    ) -> Result<TripRow> {
        let store = self.store.as_ref();
        let env = &self.travel_env();
        let (depart, back, mut t) = checked(&input)?;
        if depart < env.today {
            return Err(invalid(
                "depart_on",
                format!(
                    "ngày {} đã qua: đơn xin ra nước ngoài nộp trước chuyến đi (chuyến đã đi mà chưa xin phép do cán bộ ghi nhận)",
                    depart.format("%d/%m/%Y")
                ),
            ));
        }
        // A person is on one trip at a time: a request over the days of another that still
        // stands is a duplicate or a mistake in the dates.
        let dead = [TripStage::Cancelled, TripStage::Refused];
        if let Some(o) = store.trips_of_person(person.id).await?.into_iter().find(|o| {
            let (a, b) = (parse_stored(&o.depart_on), parse_stored(&o.return_on));
            !dead.contains(&o.stage) && matches!((a, b), (Some(a), Some(b)) if a <= back && depart <= b)
        }) {
            return Err(invalid(
                "depart_on",
                format!(
                    "trùng thời gian với đơn #{} ({} – {}, {}): sửa ngày hoặc huỷ đơn kia",
                    o.id,
                    dmy(&o.depart_on),
                    dmy(&o.return_on),
                    o.stage.label().to_lowercase()
                ),
            ));
        }
        t.person_id = person.id;
        t.org_id = person.org_id;
        t.filed_on = env.today_s();
        t.created_by = actor.username.clone();
        if submit {
            let f = TripFacts {
                visits_relatives: t.visits_relatives,
                commitment_filed: t.commitment.is_some(),
                refusal_reason_given: false,
            };
            t.stage = advance_trip(TripKind::Private, TripStage::Draft, TripStep::Submit, &f)?;
        }
        let files = self.accept_files(person.id, input.files).await?;
        Ok(store.create_trip(&t, files).await?)
    }

    /// Sends a draft to the cell, with the commitment if it was added since.
    pub async fn submit_trip(
        &self,
        actor: &Actor,
        t: &TripRow,
        commitment: &str,
        files: Vec<NewTripFile>,
    ) -> Result<TripRow> {
        let store = self.store.as_ref();
        let env = &self.travel_env();
        let mut row = t.clone();
        if !commitment.trim().is_empty() {
            row.commitment = Some(commitment.trim().to_string());
        }
        row.stage = step(&row, TripStep::Submit, &facts(&row, false))?;
        row.stage_since = env.today_s();
        let mut w = write(t, row, actor, TripStep::Submit.code(), env.today_s(), String::new());
        w.files = self.accept_files(t.person_id, files).await?;
        store.write_trip(w).await?;
        self.trip_or_404(t.id).await
    }

    pub async fn cell_opinion(&self, actor: &Actor, t: &TripRow, opinion: &str) -> Result<TripRow> {
        let store = self.store.as_ref();
        let env = &self.travel_env();
        let opinion = required(opinion, "opinion", "ý kiến của chi bộ")?;
        let mut row = t.clone();
        row.stage = step(t, TripStep::CellOpinion, &facts(t, false))?;
        row.stage_since = env.today_s();
        row.cell_opinion = Some(opinion.clone());
        row.cell_by = Some(actor.display_name.clone());
        row.cell_on = Some(env.today_s());
        store.write_trip(write(t, row, actor, TripStep::CellOpinion.code(), env.today_s(), opinion)).await?;
        self.trip_or_404(t.id).await
    }

    /// The competent committee's decision, by a named person; a refusal says why. The member is
    /// told either way.
    pub async fn decide_trip(
        &self,
        actor: &Actor,
        t: &TripRow,
        approve: bool,
        number: &str,
        reason: &str,
    ) -> Result<TripRow> {
        let store = self.store.as_ref();
        let env = &self.travel_env();
        let s = if approve { TripStep::Approve } else { TripStep::Refuse };
        let mut row = t.clone();
        row.stage = step(t, s, &facts(t, !reason.trim().is_empty()))?;
        row.stage_since = env.today_s();
        row.decision_number = Some(number.trim().to_string()).filter(|n| !n.is_empty());
        row.decided_by = Some(actor.username.clone());
        row.decider_name = Some(actor.display_name.clone());
        row.decided_on = Some(env.today_s());
        row.refusal_reason = (!approve).then(|| reason.trim().to_string());
        let notice = if approve {
            format!(
                "Đơn đi {} từ {} đến {} đã được đồng ý. Khi về nước, nộp báo cáo chuyến đi (Phụ lục III) đúng hạn.",
                t.countries,
                dmy(&t.depart_on),
                dmy(&t.return_on)
            )
        } else {
            format!("Đơn đi {} từ {} không được đồng ý: {}", t.countries, dmy(&t.depart_on), reason.trim())
        };
        let mut w = write(t, row, actor, s.code(), env.today_s(), reason.trim().to_string());
        w.notice = Some(notice);
        store.write_trip(w).await?;
        self.trip_or_404(t.id).await
    }

    /// Records the day of re-entry: the report becomes due in the unit's working days, and any
    /// official passport handed out for the trip in its own.
    pub async fn record_return(&self, actor: &Actor, t: &TripRow, reentry: Option<NaiveDate>) -> Result<TripRow> {
        let store = self.store.as_ref();
        let env = &self.travel_env();
        let w = return_write(env, actor, t, reentry)?;
        store.write_trip(w).await?;
        self.trip_or_404(t.id).await
    }

    /// The report after the trip; filed late, it is kept and says so.
    pub async fn file_report(
        &self,
        actor: &Actor,
        t: &TripRow,
        text: &str,
        files: Vec<NewTripFile>,
    ) -> Result<TripRow> {
        let store = self.store.as_ref();
        let env = &self.travel_env();
        let text = required(text, "report", "nội dung báo cáo")?;
        let mut row = t.clone();
        row.stage = step(t, TripStep::Report, &facts(t, false))?;
        row.stage_since = env.today_s();
        row.report_on = Some(env.today_s());
        row.report_text = Some(text);
        let late = t.report_due.as_deref().is_some_and(|d| env.today_s().as_str() > d);
        let detail = if late { "nộp sau hạn".to_string() } else { "đúng hạn".to_string() };
        let mut w = write(t, row, actor, TripStep::Report.code(), env.today_s(), detail);
        w.files = self.accept_files(t.person_id, files).await?;
        store.write_trip(w).await?;
        self.trip_or_404(t.id).await
    }

    pub async fn cancel_trip(&self, actor: &Actor, t: &TripRow) -> Result<TripRow> {
        let store = self.store.as_ref();
        let env = &self.travel_env();
        let mut row = t.clone();
        row.stage = step(t, TripStep::Cancel, &facts(t, false))?;
        row.stage_since = env.today_s();
        store.write_trip(write(t, row, actor, TripStep::Cancel.code(), env.today_s(), String::new())).await?;
        self.trip_or_404(t.id).await
    }

    /// An officer records a trip made without an approval, from a declared channel (the member's
    /// own statement, a letter from another body), named in `source`. It is kept as a lapse for
    /// the committee to consider; the report is still owed.
    pub async fn record_unapproved(
        &self,
        actor: &Actor,
        person: &PersonRecord,
        input: TripInput,
        reentry: Option<NaiveDate>,
        source: &str,
    ) -> Result<TripRow> {
        let store = self.store.as_ref();
        let env = &self.travel_env();
        let source = required(source, "source", "nguồn thông tin (lời khai của đảng viên, công văn của cơ quan nào)")?;
        let (depart, _, mut t) = checked(&input)?;
        if depart > env.today {
            return Err(invalid("depart_on", "chuyến đi chưa diễn ra: đảng viên phải làm đơn"));
        }
        t.person_id = person.id;
        t.org_id = person.org_id;
        t.filed_on = env.today_s();
        t.created_by = actor.username.clone();
        t.unapproved = true;
        t.stage = TripStage::Approved;
        t.purpose = format!("{} (ghi nhận theo: {source})", t.purpose);
        let files = self.accept_files(person.id, input.files).await?;
        let trip = store.create_trip(&t, files).await?;
        match reentry {
            Some(_) => self.record_return(actor, &trip, reentry).await,
            None => Ok(trip),
        }
    }

    /// Records the party-life arrangement chosen for the stay (the table only proposes one).
    pub async fn set_arrangement(
        &self,
        actor: &Actor,
        t: &TripRow,
        arrangement: Option<Arrangement>,
    ) -> Result<TripRow> {
        let store = self.store.as_ref();
        let env = &self.travel_env();
        if t.delegation_id.is_some() {
            return Err(Error::Forbidden("chuyến đi theo đoàn: ghi hình thức sinh hoạt đảng ở trang của đoàn".into()));
        }
        let mut row = t.clone();
        row.arrangement = arrangement.map(|a| a.code().to_string());
        let detail = arrangement.map_or("không phải tổ chức sinh hoạt".to_string(), |a| a.label().to_string());
        store.write_trip(write(t, row, actor, "arrangement", env.today_s(), detail)).await?;
        self.trip_or_404(t.id).await
    }
}
