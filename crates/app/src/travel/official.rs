//! Official trips: a delegation decided by a competent body, each member's trip following from
//! it, the leader's report covering all of them; and the custody register of official and
//! diplomatic passports, which never serve a private trip.

use super::{Actor, Error, Result, dmy, invalid, required};
use bvctnb_core::ids::{OrgId, PassportId, PersonId, TripId};
use bvctnb_core::travel::{Arrangement, PassportKind, Stay, TripKind, TripStage, TripStep, passport_refusal};
use bvctnb_store::travel::{DelegationRow, DelegationWrite, NewDelegation, NewPassport, NewTrip};
use chrono::NaiveDate;

#[derive(Debug, Clone, Default)]
pub struct DelegationInput {
    pub decision_number: String,
    pub decided_on: Option<NaiveDate>,
    pub decided_by: String,
    pub leader: Option<PersonId>,
    /// The other members (the leader is added if missing).
    pub members: Vec<PersonId>,
    pub countries: String,
    pub depart_on: Option<NaiveDate>,
    pub return_on: Option<NaiveDate>,
    pub purpose: String,
    pub funding: String,
    /// The arrangement chosen; `None` takes the one the table proposes.
    pub arrangement: Option<Arrangement>,
}

#[derive(Debug, Clone, Default)]
pub struct PassportInput {
    pub person: Option<PersonId>,
    pub kind: Option<PassportKind>,
    pub number: String,
    pub issued_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
}

impl crate::App {
    /// Creates the delegation and its members' official trips, approved by the decision.
    pub async fn create_delegation(&self, actor: &Actor, org: OrgId, i: DelegationInput) -> Result<DelegationRow> {
        let store = self.store.as_ref();
        let env = &self.travel_env();
        let decision_number = required(&i.decision_number, "decision_number", "số quyết định cử đoàn")?;
        let decided_on = i.decided_on.ok_or_else(|| invalid("decided_on", "phải ghi ngày quyết định (dd/mm/yyyy)"))?;
        let decided_by = required(&i.decided_by, "decided_by", "cơ quan quyết định")?;
        let leader = i.leader.ok_or_else(|| invalid("leader", "phải chọn trưởng đoàn"))?;
        let countries = required(&i.countries, "countries", "nước đến")?;
        let depart = i.depart_on.ok_or_else(|| invalid("depart_on", "phải ghi ngày đi (dd/mm/yyyy)"))?;
        let back = i.return_on.ok_or_else(|| invalid("return_on", "phải ghi ngày về (dd/mm/yyyy)"))?;
        if back < depart {
            return Err(invalid("return_on", "ngày về không được trước ngày đi"));
        }
        let purpose = required(&i.purpose, "purpose", "mục đích chuyến công tác")?;
        let funding = required(&i.funding, "funding", "nguồn kinh phí")?;
        let mut members = vec![leader];
        for m in i.members {
            if !members.contains(&m) {
                members.push(m);
            }
        }
        let mut trips = Vec::new();
        for m in &members {
            let p = store.person(*m).await?.ok_or(Error::NotFound("thành viên đoàn"))?;
            trips.push(NewTrip {
                kind: TripKind::Official,
                person_id: p.id,
                org_id: p.org_id,
                countries: countries.clone(),
                depart_on: depart.to_string(),
                return_on: back.to_string(),
                purpose: purpose.clone(),
                funding: funding.clone(),
                visits: String::new(),
                visits_relatives: false,
                commitment: None,
                stage: TripStage::Approved,
                unapproved: false,
                filed_on: env.today_s(),
                created_by: actor.username.clone(),
            });
        }
        let arrangement = i.arrangement.or_else(|| Stay::new(depart, back).proposed_party_life(members.len()));
        let d = NewDelegation {
            org_id: org,
            decision_number,
            decided_on: decided_on.to_string(),
            decided_by,
            leader_id: leader,
            countries,
            depart_on: depart.to_string(),
            return_on: back.to_string(),
            purpose,
            funding,
            arrangement: arrangement.map(|a| a.code().to_string()),
            created_by: actor.username.clone(),
        };
        Ok(store.create_delegation(&d, trips).await?)
    }

    /// The delegation is back: every member's trip records the re-entry (reports and passports
    /// fall due from it).
    pub async fn delegation_return(
        &self,
        actor: &Actor,
        d: &DelegationRow,
        reentry: Option<NaiveDate>,
    ) -> Result<DelegationRow> {
        let store = self.store.as_ref();
        let env = &self.travel_env();
        let mut writes = Vec::new();
        for m in store.delegation_trips(d.id).await? {
            if m.trip.stage == TripStage::Approved {
                writes.push(super::trips::return_write(env, actor, &m.trip, reentry)?);
            }
        }
        if writes.is_empty() {
            return Err(Error::Refused(bvctnb_core::case::Refusal {
                step: TripStep::Return.label(),
                reason: "đoàn đã ghi ngày nhập cảnh".into(),
            }));
        }
        let mut row = d.clone();
        row.reentry_on = reentry.map(|r| r.to_string());
        store.write_delegation(DelegationWrite { expected_version: d.version, row, trips: writes }).await?;
        store.delegation(d.id).await?.ok_or(Error::NotFound("đoàn ra"))
    }

    /// The leader's report, which covers every member of the delegation.
    pub async fn delegation_report(&self, actor: &Actor, d: &DelegationRow, text: &str) -> Result<DelegationRow> {
        let store = self.store.as_ref();
        let env = &self.travel_env();
        let text = required(text, "report", "nội dung báo cáo của trưởng đoàn")?;
        let mut writes = Vec::new();
        for m in store.delegation_trips(d.id).await? {
            let t = &m.trip;
            let mut row = t.clone();
            row.stage = bvctnb_core::travel::advance_trip(t.kind, t.stage, TripStep::Report, &Default::default())?;
            row.stage_since = env.today_s();
            row.report_on = Some(env.today_s());
            row.report_text = Some(format!("Báo cáo của trưởng đoàn {}", d.leader_name));
            writes.push(super::write(
                t,
                row,
                actor,
                TripStep::Report.code(),
                env.today_s(),
                "báo cáo chung của đoàn".into(),
            ));
        }
        let mut row = d.clone();
        row.report_on = Some(env.today_s());
        row.report_text = Some(text);
        store.write_delegation(DelegationWrite { expected_version: d.version, row, trips: writes }).await?;
        store.delegation(d.id).await?.ok_or(Error::NotFound("đoàn ra"))
    }

    pub async fn register_passport(&self, actor: &Actor, i: PassportInput) -> Result<PassportId> {
        let store = self.store.as_ref();
        let person = i.person.ok_or_else(|| invalid("person", "phải chọn người được cấp hộ chiếu"))?;
        let kind = i.kind.ok_or_else(|| invalid("kind", "phải chọn loại hộ chiếu"))?;
        let number = required(&i.number, "number", "số hộ chiếu")?.to_uppercase();
        if !number.chars().all(|c| c.is_ascii_alphanumeric()) || number.len() < 6 {
            return Err(invalid("number", "số hộ chiếu gồm chữ cái và chữ số, ít nhất 6 ký tự"));
        }
        let issued = i.issued_on.ok_or_else(|| invalid("issued_on", "phải ghi ngày cấp (dd/mm/yyyy)"))?;
        let expires = i.expires_on.ok_or_else(|| invalid("expires_on", "phải ghi ngày hết hạn (dd/mm/yyyy)"))?;
        if expires <= issued {
            return Err(invalid("expires_on", "ngày hết hạn phải sau ngày cấp"));
        }
        let p = store.person(person).await?.ok_or(Error::NotFound("người được cấp hộ chiếu"))?;
        let new = NewPassport {
            person_id: p.id,
            org_id: p.org_id,
            kind,
            number,
            issued_on: issued.to_string(),
            expires_on: expires.to_string(),
            created_by: actor.username.clone(),
        };
        store.add_passport(&new).await.map_err(|e| match e {
            bvctnb_store::StoreError::Conflict(m) => invalid("number", m),
            e => e.into(),
        })
    }

    /// Hands the passport out for one of its holder's trips: never for a private trip, never
    /// twice, never past its expiry.
    pub async fn hand_out_passport(&self, actor: &Actor, passport: PassportId, trip: TripId) -> Result<i64> {
        let store = self.store.as_ref();
        let env = &self.travel_env();
        let p = store.passport(passport).await?.ok_or(Error::NotFound("hộ chiếu"))?;
        let t = self.trip_or_404(trip).await?;
        if t.person_id != p.person_id {
            return Err(invalid("trip", "chuyến đi không phải của người được cấp hộ chiếu này"));
        }
        if let Some(why) = passport_refusal(p.kind, t.kind) {
            return Err(Error::Forbidden(why));
        }
        if t.stage != TripStage::Approved {
            return Err(Error::Forbidden(format!("chuyến đi đang ở trạng thái «{}»", t.stage.label())));
        }
        if p.expires_on < env.today_s() {
            return Err(Error::Forbidden(format!("hộ chiếu đã hết hạn ngày {}", dmy(&p.expires_on))));
        }
        if let Some(l) = &p.out {
            return Err(Error::Forbidden(format!("hộ chiếu đang được giao từ ngày {}", dmy(&l.handed_on))));
        }
        Ok(store.hand_out_passport(passport, trip, &env.today_s(), &actor.username).await?)
    }

    pub async fn take_back_passport(&self, actor: &Actor, passport: PassportId, on: Option<NaiveDate>) -> Result<()> {
        let store = self.store.as_ref();
        let env = &self.travel_env();
        let on = on.unwrap_or(env.today);
        if on > env.today {
            return Err(invalid("returned_on", "ngày nộp lại không được sau hôm nay"));
        }
        store.take_back_passport(passport, &on.to_string(), &actor.username).await.map_err(|e| match e {
            bvctnb_store::StoreError::Conflict(m) => Error::Forbidden(m),
            e => e.into(),
        })
    }
}
