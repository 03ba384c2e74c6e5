//! One person: identity (items 1–13), party standing, and the assembly of the declaration.

use crate::ident::{self, Core};
use crate::names::{self, Style};
use crate::orgs::{Commune, HolderCtx, Sector};
use crate::places::{self, PROVINCES, Province};
use crate::rng::{PRng, Weighted, pm, stream};
use crate::toponyms::{self, capitalise};
use crate::{AS_OF, GenPerson, Generator, career, ethnic, family};
use bvctnb_core::date::PartialDate;
use bvctnb_core::identity::{Cccd, HistoryNo, PartyCardNo, Sex};
use bvctnb_core::person::{Identity, MemberStatus, PartyInfo, Place};
use bvctnb_core::reference::RELIGIONS;
use bvctnb_core::{Declaration, PersonId};
use chrono::{Datelike, Days, Months, NaiveDate};
use rand::RngExt;

const RELIGION: Weighted<&str> = Weighted::new(RELIGIONS);

/// What the section builders need to know about the person being generated.
pub(crate) struct Subject<'a> {
    pub ctx: HolderCtx,
    pub prov: &'static Province,
    pub commune: &'a Commune,
    /// The unit worked in, or the hamlet for residential cells.
    pub place: &'a str,
    pub sex: Sex,
    pub birth_year: i32,
    pub birth_code: usize,
    pub home_code: usize,
    pub ethnicity: &'static str,
    pub style: Style,
    pub surname: &'static str,
    pub religion: Option<&'static str>,
    pub status: MemberStatus,
    pub admitted: Option<NaiveDate>,
    /// Age on [`AS_OF`].
    pub age: i32,
    pub residence: String,
    pub hometown: String,
    zone: usize,
}

impl Subject<'_> {
    /// Surname zone of the hometown (north, centre, south).
    pub(crate) fn zone(&self) -> usize {
        self.zone
    }
}

/// `d` plus `years`, clamped to the 28th of February when the birthday is the 29th.
pub(crate) fn add_years(d: NaiveDate, years: i32) -> NaiveDate {
    d.checked_add_months(Months::new(years.max(0) as u32 * 12)).unwrap_or(d)
}

/// A uniformly random day in `lo..=hi`.
pub(crate) fn day_between(rng: &mut PRng, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
    let span = (hi - lo).num_days().max(0) as u64;
    lo + Days::new(rng.random_range(0..=span))
}

fn birth_date(rng: &mut PRng, year: i32) -> PartialDate {
    // Old records often give only the year, or the month and year.
    let (year_only, month_only) = if year < 1965 { (60, 40) } else { (3, 10) };
    let roll = rng.random_range(0..1000u32);
    let month = rng.random_range(1..=12u32);
    if roll < year_only {
        return PartialDate::year_only(year).expect("year in range");
    }
    if roll < year_only + month_only {
        return PartialDate::month_year(year, month).expect("valid");
    }
    let last = bvctnb_core::date::last_day_of_month(year, month).day();
    PartialDate::full(year, month, rng.random_range(1..=last)).expect("valid")
}

/// Status, admission date and full-membership date. Admission is at 18 or older and full
/// membership follows 12 months of probation.
fn party(rng: &mut PRng, birth: &PartialDate, age: i32) -> (MemberStatus, Option<NaiveDate>, Option<NaiveDate>) {
    let (app, prob) = match age {
        ..=30 => (110, 160),
        31..=40 => (30, 40),
        41..=50 => (8, 10),
        _ => (2, 2),
    };
    // The latest day the recorded birth date can mean, so the 18-year rule holds whatever
    // the true day was.
    let adult = add_years(birth.latest(), 18) + Days::new(1);
    let roll = rng.random_range(0..1000u32);
    let last_full = AS_OF - Months::new(13);
    let probation_start = AS_OF - Months::new(12) + Days::new(1);
    if roll < app || adult > AS_OF - Days::new(1) {
        return (MemberStatus::Applicant, None, None);
    }
    if roll < app + prob || adult > last_full {
        let lo = adult.max(probation_start);
        return (MemberStatus::Probationary, Some(day_between(rng, lo, AS_OF - Days::new(1))), None);
    }
    const AGE_AT_ADMISSION: Weighted<(i32, i32)> =
        Weighted::new(&[((0, 4), 20), ((5, 9), 32), ((10, 14), 22), ((15, 22), 18), ((23, 37), 8)]);
    let (lo, hi) = *AGE_AT_ADMISSION.pick(rng);
    let target = add_years(adult, rng.random_range(lo..=hi)) + Days::new(rng.random_range(0..365));
    let floor = adult.max(NaiveDate::from_ymd_opt(1956, 1, 1).expect("valid"));
    let admitted = target.clamp(floor, last_full.max(floor));
    let mut full = admitted + Months::new(12);
    if pm(rng, 40) {
        // A probation review held late.
        full = (full + Months::new(rng.random_range(1..=3))).min(AS_OF - Days::new(1));
    }
    (MemberStatus::Full, Some(admitted), Some(full))
}

pub(crate) fn generate(g: &Generator, index: u64) -> GenPerson {
    let h = g.tree.holder_of(index);
    let ctx = g.tree.holder_ctx[h];
    let org_id = g.tree.holder_org[h];
    let (core, serial): (Core, u32) = ident::core(g, index);
    let mut rng = stream(&g.person_key, index);
    let prov = &PROVINCES[ctx.province as usize];
    let commune = &g.tree.communes[ctx.commune as usize];
    let place = g.tree.texts[ctx.place as usize].as_str();

    let birth = birth_date(&mut rng, core.birth_year);
    let age = birth.age_on(AS_OF).unwrap_or(AS_OF.year() - core.birth_year - 1);
    let (status, admitted, full_on) = party(&mut rng, &birth, age);

    // Hometown first: ethnicity and surname follow where the family comes from.
    let home_code =
        if pm(&mut rng, 780) { core.birth_code } else { places::code_index(places::MIGRANT_SOURCES.pick(&mut rng)) };
    let home_region = places::region_of_code(home_code);
    let zone = home_region.surname_zone();
    let ethnicity = ethnic::pick(&mut rng, home_region);
    let style = names::style_for(&mut rng, ethnicity);
    let religion = Some(*RELIGION.pick(&mut rng)).filter(|r| *r != "Không");
    let surname = names::surname(&mut rng, style, zone);
    let full_name = names::full_name(&mut rng, style, surname, core.sex, core.birth_year);

    let born_here = places::province_of_code(core.birth_code) == ctx.province as usize;
    let birth_place = if born_here && pm(&mut rng, 500) {
        let mut p = toponyms::place_in(&mut rng, core.birth_code);
        p.name = commune.label.clone();
        p
    } else {
        toponyms::place_in(&mut rng, core.birth_code)
    };
    let hometown: Place = if home_code == core.birth_code && pm(&mut rng, 700) {
        Place { old_name: None, ..birth_place.clone() }
    } else {
        toponyms::place_in(&mut rng, home_code)
    };
    let residence = if ctx.sector == Sector::Residential {
        capitalise(format!("{place}, {}", commune.label))
    } else {
        toponyms::home_address(&mut rng, prov.region, commune.kind, &commune.label)
    };

    let s = Subject {
        ctx,
        prov,
        commune,
        place,
        sex: core.sex,
        birth_year: core.birth_year,
        birth_code: core.birth_code,
        home_code,
        ethnicity,
        style,
        surname,
        religion,
        status,
        admitted,
        age,
        residence,
        hometown: hometown.name.clone(),
        zone,
    };

    let cccd_pm = if birth.month().is_none() { 600 } else { 995 };
    let cccd = pm(&mut rng, cccd_pm)
        .then(|| Cccd::parse(&ident::cccd(&core, serial), &birth, core.sex).expect("CCCD built from its own fields"));
    let card_no = (status == MemberStatus::Full && pm(&mut rng, 970))
        .then(|| PartyCardNo::parse(&ident::party_card(g, prov.codes[0], index)).expect("12 digits"));
    let seq = index - g.tree.starts[h] + 1;
    let year = admitted.map_or(AS_OF.year() - 1, |d| d.year());
    let history_no = HistoryNo::parse(&format!("LL-{}-{year}/{seq:03}", prov.codes[0])).expect("ascii");

    let career = career::build(&mut rng, &s);
    let family = family::build(&mut rng, &s);

    let other_names = if pm(&mut rng, 40) {
        vec![names::other_name(&mut rng, &full_name, prov.region.is_south())]
    } else {
        Vec::new()
    };
    let (temporary_residence, foreign_address) = match ctx.sector {
        Sector::Abroad => {
            let country = place.rsplit(" tại ").next().unwrap_or(place);
            (None, Some(format!("Khu nhà ở cán bộ, {place}, {country}")))
        }
        Sector::Residential => (None, None),
        _ => {
            let t = pm(&mut rng, 50).then(|| {
                let c = &g.tree.communes
                    [rng.random_range(g.tree.province_communes[ctx.province as usize].clone()) as usize];
                toponyms::home_address(&mut rng, prov.region, c.kind, &c.label)
            });
            (t, None)
        }
    };
    let religious_rank = None;
    let childhood = career::childhood(&mut rng, &s);
    let self_assessment = career::self_assessment(&mut rng, &s);
    let identity = Identity {
        full_name,
        other_names,
        birth_date: birth,
        cccd,
        sex: core.sex,
        birth_place,
        hometown,
        permanent_residence: s.residence.clone(),
        temporary_residence,
        foreign_address,
        ethnicity: ethnicity.to_string(),
        nationality: "Việt Nam".to_string(),
        religion: religion.map(str::to_string),
        religious_rank,
        occupation: career.occupation,
        education: career.education,
        youth_union: career.youth_union,
        readmission: None,
        history_no: Some(history_no),
    };
    let party = PartyInfo {
        status,
        card_no,
        admitted_on: admitted.map(PartialDate::from_date),
        full_member_on: full_on.map(PartialDate::from_date),
    };
    GenPerson {
        id: PersonId(index as i64 + 1),
        org_id,
        declaration: Declaration {
            identity,
            party: Some(party),
            childhood,
            work_history: career.work,
            historical_facts: career.facts,
            training: career.training,
            stays_abroad: career.stays,
            awards: career.awards,
            discipline: career.discipline,
            family,
            self_assessment,
        },
    }
}
