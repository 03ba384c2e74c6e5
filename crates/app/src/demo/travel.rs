//! Trips abroad of the demo province, walked through the travel service on past dates, so the
//! task lists, the dashboard and the PL1 listing have something in every state: requests
//! waiting for the cell and the committee, reports late and on time, a trip made without
//! approval, and a delegation whose leader has not handed the official passport back.

use super::DemoWorld;
use crate::App;
use crate::travel::{Actor, DelegationInput, PassportInput, TripInput};
use anyhow::{Context, Result};
use bvctnb_core::access::Role;
use bvctnb_core::ids::OrgId;
use bvctnb_core::travel::PassportKind;
use chrono::{Duration, NaiveDate};

const COUNTRIES: [&str; 6] = ["Nhật Bản", "Hàn Quốc", "Thái Lan", "Singapore", "Lào", "Trung Quốc"];

pub async fn seed_travel(app: &App, world: &DemoWorld, today: NaiveDate) -> Result<usize> {
    let _real_date = super::RealDateAfter(app);
    let skip = [world.subject_person, world.officer_person, world.officer_relative, world.plain_in_a, world.plain_in_b];
    // The first persons of the unit carry the demo cases; trips go to the next ones.
    let people: Vec<_> = app
        .persons_in_org(world.unit_b, 200)
        .await?
        .into_iter()
        .filter(|p| !skip.contains(&p.id))
        .skip(10)
        .take(10)
        .collect();
    let actor = |username: &str, role: Role| Actor {
        username: username.into(),
        display_name: format!("Demo {username}"),
        role,
        scope: Some(world.province),
        person: None,
    };
    let (officer, cell, committee) =
        (actor("canbo.tinh", Role::Officer), actor("bithu", Role::CellSecretary), actor("capuy.tinh", Role::Committee));
    let ago = |n: i64| today - Duration::days(n);
    let mut made = 0;
    // (days before today the request was filed, trip starts after, trip length, how far it goes)
    let plan = [(3, 20, 7, 1), (5, 25, 10, 1), (8, 15, 5, 2), (20, 10, 6, 3), (60, 10, 8, 4), (90, 12, 6, 5)];
    for (i, (filed, lead, len, reach)) in plan.into_iter().enumerate() {
        let Some(p) = people.get(i) else { break };
        let rec = app.person(p.id).await?.context("hồ sơ")?;
        let member = Actor { person: Some(rec.id), ..actor("dangvien", Role::Subject) };
        let depart = ago(filed) + Duration::days(lead);
        let input = TripInput {
            countries: COUNTRIES[i % COUNTRIES.len()].into(),
            depart_on: Some(depart),
            return_on: Some(depart + Duration::days(len)),
            purpose: "Du lịch cùng gia đình".into(),
            funding: "Tự túc".into(),
            ..TripInput::default()
        };
        let mut t = app.on(ago(filed)).file_trip(&member, &rec, input, true).await?;
        made += 1;
        if reach >= 2 {
            t = app.on(ago(filed - 1)).cell_opinion(&cell, &t, "Chi bộ đồng ý").await?;
        }
        if reach >= 3 {
            t = app.on(ago(filed - 2)).decide_trip(&committee, &t, true, "", "").await?;
        }
        if reach >= 4 {
            let back = depart + Duration::days(len);
            t = app.on(back).record_return(&officer, &t, Some(back)).await?;
        }
        if reach >= 5 {
            let on = depart + Duration::days(len + 3);
            app.on(on).file_report(&member, &t, "Chuyến đi an toàn, không có vấn đề cần báo cáo", vec![]).await?;
        }
    }
    if let Some(p) = people.get(6) {
        let rec = app.person(p.id).await?.context("hồ sơ")?;
        let input = TripInput {
            countries: "Campuchia".into(),
            depart_on: Some(ago(40)),
            return_on: Some(ago(36)),
            purpose: "Thăm người quen".into(),
            funding: "Tự túc".into(),
            ..TripInput::default()
        };
        let source = "Báo cáo của chi bộ ngày hôm trước";
        app.on(ago(30)).record_unapproved(&officer, &rec, input, Some(ago(36)), source).await?;
        made += 1;
    }
    if people.len() >= 10 {
        let input = DelegationInput {
            decision_number: "245-QĐ/TU".into(),
            decided_on: Some(ago(45)),
            decided_by: "Ban Thường vụ Tỉnh ủy".into(),
            leader: Some(people[7].id),
            members: vec![people[8].id, people[9].id],
            countries: "Nhật Bản".into(),
            depart_on: Some(ago(35)),
            return_on: Some(ago(28)),
            purpose: "Học tập kinh nghiệm chuyển đổi số".into(),
            funding: "Ngân sách tỉnh".into(),
            arrangement: None,
        };
        let d = app.on(ago(45)).create_delegation(&officer, OrgId(world.province.0), input).await?;
        let passport = PassportInput {
            person: Some(people[7].id),
            kind: Some(PassportKind::Official),
            number: format!("C{:07}", 1_000_000 + people[7].id.0 % 9_000_000),
            issued_on: Some(ago(700)),
            expires_on: Some(ago(700) + Duration::days(5 * 365)),
        };
        let pid = app.register_passport(&officer, passport).await?;
        let trip = app.delegation_trips(d.id).await?.into_iter().find(|m| m.trip.person_id == people[7].id);
        if let Some(m) = trip {
            app.on(ago(38)).hand_out_passport(&officer, pid, m.trip.id).await?;
        }
        app.on(ago(28)).delegation_return(&officer, &d, Some(ago(28))).await?;
        made += 3;
    }
    Ok(made)
}
