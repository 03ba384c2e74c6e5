//! Dossiers for the pack tests: the core fixture without any particulars, and a synthesiser
//! that builds, from a rule's own condition, a fact that satisfies it (or breaks one filter).
#![allow(dead_code)]

use bvctnb_core::Declaration;
use bvctnb_core::PartialDate;
use bvctnb_core::dossier::{
    Discipline, DisciplineLevel, FactStatus, FormerRegimeBranch, HistoricalFact, OrgNature, Provenance,
};
use bvctnb_core::family::{Abroad, RelationKind, Relative, Tier};
use bvctnb_core::travel::{FlagKind, TravelFlag};
use bvctnb_rules::model::{Condition, FactKind, Who};
use bvctnb_rules::{Answer, LoadedPack, PersonRef};
use chrono::NaiveDate;
use std::path::PathBuf;

pub const FIXTURE: &str = include_str!("../../../core/tests/fixtures/declaration.json");

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

pub fn packs() -> Vec<LoadedPack> {
    bvctnb_rules::load_all(&root()).expect("the shipped packs load and pass the checks")
}

pub fn pack(id: &str) -> LoadedPack {
    bvctnb_rules::find(&root(), id).expect("pack")
}

pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// The fixture (born 1995) with every particular removed: no rule may fire on it.
pub fn clean() -> Declaration {
    let mut d = Declaration::from_json(FIXTURE).unwrap();
    d.historical_facts.clear();
    d.discipline.clear();
    d.identity.foreign_address = None;
    for r in &mut d.family {
        r.facts.clear();
        r.political_issues.clear();
        r.abroad = None;
        r.criminal_record = None;
    }
    d
}

pub fn year(y: i32) -> PartialDate {
    PartialDate::year_only(y).unwrap()
}

pub fn prov(status: FactStatus) -> Provenance {
    Provenance { status, source: Some("Công văn số 15-CV/ĐU ngày 02/03/2024".into()) }
}

/// A plausible relative of `kind` for a subject born in 1995.
pub fn relative(kind: RelationKind, name: &str) -> Relative {
    let mut r = Relative::new(kind, name);
    r.birth_year = Some(match kind.tier() {
        Tier::One => 1930,
        Tier::Two if kind == RelationKind::Spouse => 1994,
        Tier::Two => 1960,
        Tier::Three if kind.is_child() => 2000,
        Tier::Three => 1993,
    });
    r.residence = "xã Tân Phú, tỉnh Đồng Nai".into();
    r.hometown = "xã Đức Thọ, tỉnh Hà Tĩnh".into();
    r
}

/// What a condition needs, placed on one person.
#[derive(Clone, Debug)]
pub enum Fixture {
    Fact(HistoricalFact),
    Issues(String),
    Abroad,
    Criminal(String),
    Mismatch {
        matches: bool,
        point: String,
    },
    Discipline(DisciplineLevel, String),
    /// A lapse in the trip register: never in the dossier, see [`flags`].
    Flag(FlagKind, String),
}

/// Which single filter a variant breaks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Break {
    Nothing,
    Before,
    After,
    Branch,
    Nature,
    Status,
    Words,
    Level,
    Answer,
}

pub fn breakable(c: &Condition) -> Vec<Break> {
    let mut v = Vec::new();
    if c.before.is_some() {
        v.push(Break::Before);
    }
    if c.after.is_some() {
        v.push(Break::After);
    }
    if !c.branch.is_empty() {
        v.push(Break::Branch);
    }
    if !c.nature.is_empty() {
        v.push(Break::Nature);
    }
    if !c.status.is_empty() {
        v.push(Break::Status);
    }
    if !c.words.is_empty() {
        v.push(Break::Words);
    }
    if c.min_level.is_some_and(|l| l > DisciplineLevel::ConsideredNotDisciplined) {
        v.push(Break::Level);
    }
    if c.fact == FactKind::VerificationMismatch {
        v.push(Break::Answer);
    }
    v
}

pub fn fixture_for(c: &Condition, brk: Break) -> Fixture {
    let word = if brk == Break::Words { None } else { c.words.first().cloned() };
    let text = |default: &str| word.clone().unwrap_or_else(|| default.to_string());
    let status = if brk == Break::Status {
        [FactStatus::Declared, FactStatus::Verified, FactStatus::Reported, FactStatus::Mismatch]
            .into_iter()
            .find(|s| !c.status.contains(s))
            .unwrap()
    } else {
        c.status.first().copied().unwrap_or(FactStatus::Declared)
    };
    // A period that meets `before`/`after` unless that filter is the one to break.
    let (from, to) = match (c.before, c.after, brk) {
        (Some(b), _, Break::Before) => (year(b.year() + 3), None),
        (Some(b), _, _) => (year(b.year() - 5), Some(year(b.year() - 2))),
        (None, Some(a), Break::After) => (year(a.year() - 10), Some(year(a.year() - 3))),
        (None, Some(a), _) => (year(a.year() + 20), None),
        (None, None, _) => (year(1970), Some(year(1973))),
    };
    let branch = if brk == Break::Branch {
        [
            FormerRegimeBranch::Administration,
            FormerRegimeBranch::Military,
            FormerRegimeBranch::Police,
            FormerRegimeBranch::SecurityIntelligence,
            FormerRegimeBranch::ReactionaryParty,
        ]
        .into_iter()
        .find(|b| !c.branch.contains(b))
        .unwrap()
    } else {
        c.branch.first().copied().unwrap_or(FormerRegimeBranch::Military)
    };
    let nature = if brk == Break::Nature {
        [OrgNature::Political, OrgNature::Economic, OrgNature::Social]
            .into_iter()
            .find(|n| !c.nature.contains(n))
            .unwrap()
    } else {
        c.nature.first().copied().unwrap_or(OrgNature::Economic)
    };
    let provenance = prov(status);
    match c.fact {
        FactKind::FormerRegimePost => Fixture::Fact(HistoricalFact::FormerRegimePost {
            post: text("Thư ký"),
            unit: "Hội đồng xã".into(),
            branch,
            from,
            to,
            provenance,
        }),
        FactKind::Arrest => Fixture::Fact(HistoricalFact::Arrest {
            by_whom: "Chính quyền Sài Gòn".into(),
            when: from,
            place: "Nhà tù Côn Đảo".into(),
            released: to,
            conduct: text("Giữ vững khí tiết"),
            provenance,
        }),
        FactKind::ForeignOrganisation | FactKind::AnyFact => Fixture::Fact(HistoricalFact::ForeignOrganisation {
            organisation: format!("Tổ chức {}", text("Hợp tác phát triển")),
            country: "Nước ngoài".into(),
            nature,
            role: "Cộng tác viên".into(),
            from,
            to,
            provenance,
        }),
        FactKind::ReligiousPost => Fixture::Fact(HistoricalFact::ReligiousPost {
            religion: "Phật giáo".into(),
            post: text("Thành viên Ban hộ tự"),
            from,
            to,
            provenance,
        }),
        FactKind::PartyInterruption => Fixture::Fact(HistoricalFact::PartyInterruption {
            from,
            to,
            reason: text("Chuyển công tác, chậm chuyển sinh hoạt"),
            provenance,
        }),
        FactKind::PoliticalIssues => Fixture::Issues(text("Có thời gian đi lính chế độ cũ")),
        FactKind::LivesAbroad => Fixture::Abroad,
        FactKind::CriminalRecord => Fixture::Criminal(text("Năm 2015 bị xử phạt tù về tội trộm cắp")),
        FactKind::VerificationMismatch => {
            Fixture::Mismatch { matches: brk == Break::Answer, point: text("Lịch sử chính trị") }
        }
        FactKind::Discipline => {
            let lvl = c.min_level.unwrap_or(DisciplineLevel::Reprimand);
            let lvl = if brk == Break::Level { DisciplineLevel::ConsideredNotDisciplined } else { lvl };
            Fixture::Discipline(lvl, text("Vi phạm quy chế làm việc"))
        }
        FactKind::TripUnapproved | FactKind::TripReportMissing | FactKind::PassportNotReturned => Fixture::Flag(
            c.fact.flag().unwrap(),
            format!("{}: đi Nhật Bản 02/03/2026–10/03/2026", text("Chuyến đi việc riêng")),
        ),
    }
}

/// The trip-register flags a fixture stands for (none unless it is a travel lapse).
pub fn flags(fx: &Fixture) -> Vec<TravelFlag> {
    match fx {
        Fixture::Flag(kind, text) => vec![TravelFlag {
            kind: *kind,
            trip: bvctnb_core::ids::TripId(12),
            text: text.clone(),
            source: "Sổ theo dõi đi nước ngoài, đơn số 12".into(),
        }],
        _ => Vec::new(),
    }
}

/// Puts the fixture on `who` (adding the relative if the dossier has none of that kind) and
/// returns the verification answers it needs.
pub fn place(d: &mut Declaration, who: Who, fx: &Fixture) -> Vec<Answer> {
    let person = match who {
        Who::Subject => PersonRef::Subject,
        Who::Relative(kind) => {
            if !d.family.iter().any(|r| r.relation == kind) {
                d.family.push(relative(kind, "Trần Văn Xét"));
            }
            PersonRef::of(d.family.iter().find(|r| r.relation == kind).unwrap())
        }
        group => panic!("place needs one person, not {group:?}"),
    };
    let rel = match who {
        Who::Subject => None,
        Who::Relative(kind) => d.family.iter_mut().find(|r| r.relation == kind),
        _ => unreachable!(),
    };
    match (fx, rel) {
        (Fixture::Fact(f), None) => d.historical_facts.push(f.clone()),
        (Fixture::Fact(f), Some(r)) => r.facts.push(f.clone()),
        (Fixture::Issues(s), Some(r)) => r.political_issues = s.clone(),
        (Fixture::Abroad, Some(r)) => {
            r.abroad =
                Some(Abroad { country: "Hoa Kỳ".into(), since: Some(year(2010)), occupation: "Kỹ sư".into() })
        }
        (Fixture::Abroad, None) => d.identity.foreign_address = Some("12 Rue de Rivoli, Paris".into()),
        (Fixture::Criminal(s), Some(r)) => r.criminal_record = Some(s.clone()),
        (Fixture::Discipline(level, reason), None) => d.discipline.push(Discipline {
            date: PartialDate::parse("15/06/2020").unwrap(),
            level: *level,
            reason: reason.clone(),
            decided_by: "Ủy ban kiểm tra Đảng ủy".into(),
        }),
        (Fixture::Mismatch { matches, point }, _) => {
            return vec![Answer {
                person,
                point: point.clone(),
                matches: *matches,
                detail: "Lời khai và kết quả xác minh khác nhau".into(),
                source: "Công văn số 21-CV/ĐU ngày 10/10/2026".into(),
            }];
        }
        (Fixture::Flag(..), None) => {}
        (fx, _) => panic!("fixture {fx:?} cannot be placed on {who:?}"),
    }
    Vec::new()
}

/// Whether a fixture of this fact kind can sit on `who` at all (discipline only on the subject…).
pub fn fits(fact: FactKind, who: Who) -> bool {
    match (fact, who) {
        (FactKind::Discipline, Who::Relative(_)) => false,
        (FactKind::PoliticalIssues | FactKind::CriminalRecord, Who::Subject) => false,
        (FactKind::CriminalRecord, Who::Relative(r)) => r.tier() == Tier::Three,
        (f, Who::Relative(_)) if f.is_travel() => false,
        _ => true,
    }
}

/// The subject and relation kinds a `who` list covers, groups expanded.
pub fn concrete(who: &[Who]) -> Vec<Who> {
    let mut v: Vec<Who> = who
        .iter()
        .flat_map(|w| match w {
            Who::Subject | Who::Relative(_) => vec![*w],
            g => g.relations().into_iter().map(Who::Relative).collect(),
        })
        .collect();
    v.sort();
    v.dedup();
    v
}
