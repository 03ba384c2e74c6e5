//! The verification plan of DOMAIN §5.1: whom to verify, at which place, through which body.
//! One line per person × place × body, in a fixed order.

use crate::eval::{Finding, Input, PlanLine, Skipped};
use crate::facts::PersonRef;
use crate::model::{Channel, Pack, VerificationScope};
use bvctnb_core::family::Relative;
use bvctnb_core::text::fold;
use chrono::Datelike;
use std::collections::BTreeMap;

type Key = (PersonRef, String, String);

struct Lines<'a> {
    scope: &'a VerificationScope,
    lines: BTreeMap<Key, (String, String, Vec<String>, Channel)>,
}

impl Lines<'_> {
    fn add(&mut self, person: &PersonRef, place: &str, channel: Channel, points: &str, reason: &str) {
        let place = place.trim();
        if place.is_empty() && channel != Channel::Security {
            return;
        }
        let body = self.scope.bodies.name(channel).to_string();
        let key = (person.clone(), fold(place), body.clone());
        let e = self.lines.entry(key).or_insert_with(|| (place.to_string(), points.to_string(), Vec::new(), channel));
        if !e.1.contains(points) {
            e.1 = format!("{}; {points}", e.1);
        }
        if !e.2.iter().any(|r| r == reason) {
            e.2.push(reason.to_string());
        }
    }
}

/// Places of a relative: abroad → the country through the body for organisations abroad;
/// otherwise where they live (if alive) and where they are from.
fn relative_places(r: &Relative) -> Vec<(String, Channel)> {
    if let Some(a) = &r.abroad {
        return vec![(a.country.clone(), Channel::Abroad)];
    }
    let mut v = Vec::new();
    if r.deceased.is_none() && !r.residence.trim().is_empty() {
        v.push((r.residence.clone(), Channel::Grassroots));
    }
    if !r.hometown.trim().is_empty() {
        v.push((r.hometown.clone(), Channel::Grassroots));
    }
    v
}

pub(crate) fn plan(pack: &Pack, input: &Input, findings: &[Finding]) -> (Vec<PlanLine>, Vec<Skipped>) {
    let Some(scope) = pack.scope_for(input.kind) else {
        return (Vec::new(), Vec::new());
    };
    let d = input.declaration;
    let mut lines = Lines { scope, lines: BTreeMap::new() };
    let mut skipped = Vec::new();
    let id = &d.identity;
    for place in [&id.permanent_residence, &id.hometown.name] {
        lines.add(&PersonRef::Subject, place, Channel::Grassroots, &scope.subject_points, &scope.id);
    }
    if let Some(addr) = &id.foreign_address {
        lines.add(&PersonRef::Subject, addr, Channel::Abroad, &scope.subject_points, &scope.id);
    }
    for r in &d.family {
        if !crate::model::covers(&scope.persons, r.relation) {
            continue;
        }
        let who = PersonRef::of(r);
        if r.relation.is_child() && scope.adult_children_only {
            let adult = r.birth_year.is_none_or(|y| input.as_of.year() - y >= 18);
            if !adult || !r.full_civil_capacity {
                let reason = if adult {
                    "Không có năng lực hành vi dân sự đầy đủ"
                } else {
                    "Chưa đủ 18 tuổi"
                };
                skipped.push(Skipped { person: who, reason: reason.into() });
                continue;
            }
        }
        if scope.skip_members_with_complete_record
            && r.deceased.is_none()
            && r.party_member.as_ref().is_some_and(|m| m.record_complete)
        {
            skipped
                .push(Skipped { person: who, reason: "Đảng viên đang sinh hoạt, hồ sơ đầy đủ".into() });
            continue;
        }
        for (place, channel) in relative_places(r) {
            lines.add(&who, &place, channel, &scope.relative_points, &scope.id);
        }
    }
    for f in findings {
        let Some(channel) = pack.rule(&f.rule_id).and_then(|r| r.then.verify_through) else { continue };
        for t in &f.triggers {
            let place = match &t.person {
                PersonRef::Subject => id.permanent_residence.clone(),
                p => d
                    .family
                    .iter()
                    .find(|r| PersonRef::of(r) == *p)
                    .and_then(|r| relative_places(r).into_iter().next().map(|x| x.0))
                    .unwrap_or_default(),
            };
            lines.add(&t.person, &place, channel, &f.title, &f.rule_id);
        }
    }
    skipped.sort_by(|a, b| a.person.cmp(&b.person).then(a.reason.cmp(&b.reason)));
    let out = lines
        .lines
        .into_iter()
        .map(|((person, _, body), (place, points, reasons, channel))| PlanLine {
            person,
            place,
            body,
            channel,
            points,
            reasons,
        })
        .collect();
    (out, skipped)
}
