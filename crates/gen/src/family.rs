//! Item (21): relatives in three tiers, with birth years that respect the validation rules,
//! deaths by age, relatives who are party members or live abroad, and the occasional
//! historical particular.
//!
//! Grandparents and the spouse's family (tier 1, spouse siblings) are asked for by the 2025
//! form; records of members admitted before 2021 were digitised from older forms that rarely
//! had them. This is what keeps the national total near 35 M relatives.

use crate::merits::{arrest, former_regime_post};
use crate::names::{self, Style};
use crate::person::Subject;
use crate::rng::{PRng, Weighted, one, pm};
use crate::{places, toponyms};
use bvctnb_core::family::{
    Abroad, Death, RelationKind, RelationKind as K, Relative, RelativeMembership, SocialClass, Tier,
};
use bvctnb_core::identity::{PartyCardNo, Sex};
use bvctnb_core::person::MemberStatus;
use chrono::Datelike;
use rand::RngExt;

const NOW: i32 = 2025;

struct Fam<'a, 'r> {
    rng: &'r mut PRng,
    s: &'a Subject<'a>,
    out: Vec<Relative>,
}

fn dead_pm(age: i32) -> u32 {
    match age {
        ..40 => 5,
        40..50 => 20,
        50..60 => 50,
        60..70 => 120,
        70..80 => 300,
        80..90 => 600,
        90..100 => 900,
        _ => 1000,
    }
}

const COUNTRIES: Weighted<(&str, &str)> = Weighted::new(&[
    (("Hoa Kỳ", "California"), 25),
    (("Australia", "Sydney"), 12),
    (("Nhật Bản", "Tokyo"), 18),
    (("Hàn Quốc", "Seoul"), 15),
    (("Đài Loan (Trung Quốc)", "Đài Trung"), 10),
    (("Đức", "Berlin"), 6),
    (("Pháp", "Paris"), 5),
    (("Canada", "Toronto"), 6),
    (("Vương quốc Anh", "London"), 3),
    (("Liên bang Nga", "Moskva"), 2),
    (("Séc", "Praha"), 1),
    (("Singapore", "Singapore"), 2),
]);

impl Fam<'_, '_> {
    /// A relative with the fields every tier shares; tier-specific ones are added after.
    fn add(
        &mut self,
        relation: RelationKind,
        style: Style,
        surname: &str,
        sex: Sex,
        by: Option<i32>,
        home: &str,
    ) -> usize {
        let year = by.unwrap_or(self.s.birth_year - 50);
        let mut r = Relative::new(relation, names::full_name(self.rng, style, surname, sex, year));
        r.birth_year = by;
        let age = NOW - year;
        let tier = relation.tier();
        if tier == Tier::Three {
            r.sex = Some(sex);
        }
        if tier != Tier::Three {
            r.hometown = home.to_string();
            r.religion = self.s.religion.filter(|_| pm(self.rng, 800)).map(str::to_string);
            r.ethnicity = Some(self.s.ethnicity.to_string());
        }
        let dead = pm(self.rng, dead_pm(age));
        if dead {
            // Nobody lives past about 100, so the long-dead died young enough.
            let mut lo = (year + 35).min(NOW);
            if matches!(relation, K::Father | K::Mother) {
                lo = lo.max(self.s.birth_year);
            }
            let died = self.rng.random_range(lo..=(year + 100).clamp(lo, NOW));
            let cause = if died - year > 75 {
                "Bệnh già"
            } else {
                one(self.rng, &["Bệnh", "Bệnh hiểm nghèo", "Tai nạn giao thông", "Bệnh"])
            };
            r.deceased = Some(Death { year: by.map(|_| died), cause: cause.to_string(), place: home.to_string() });
            r.occupation = one(self.rng, &["Làm ruộng", "Làm ruộng", "Công nhân viên chức", "Buôn bán"]).to_string();
        } else {
            let with_person = match relation {
                K::Spouse | K::Child | K::AdoptedChild => 950,
                _ => 500,
            };
            r.residence = if pm(self.rng, with_person) { self.s.residence.clone() } else { home.to_string() };
            r.occupation = occupation(self.rng, age, sex).to_string();
        }
        if tier != Tier::One {
            r.law_compliance = if dead {
                String::new()
            } else {
                "Chấp hành tốt chủ trương của Đảng, pháp luật của Nhà nước".to_string()
            };
        }
        if !dead && age >= 25 {
            let p = match relation {
                K::Father | K::FatherInLaw => 120,
                K::Spouse => 200,
                K::Mother | K::MotherInLaw | K::Sibling | K::Child => 70,
                _ => 40,
            };
            if pm(self.rng, p) {
                let card_no = pm(self.rng, 500).then(|| {
                    let n = self.rng.random_range(100_000_000..1_000_000_000u64);
                    PartyCardNo::parse(&format!("{}{n}", self.s.prov.codes[0])).expect("12 digits")
                });
                r.party_member = Some(RelativeMembership { card_no, record_complete: pm(self.rng, 600) });
            }
        }
        self.out.push(r);
        self.out.len() - 1
    }

    /// Tier 2 extras: place of birth, social class with its period, revolutionary activity.
    fn tier_two(&mut self, i: usize, parent_generation: bool) {
        let south = self.s.prov.region.is_south();
        let by = self.out[i].birth_year.unwrap_or(1950);
        let (class, period) = if parent_generation && by < 1960 {
            const OLD: Weighted<&str> = Weighted::new(&[
                ("Bần nông", 45),
                ("Trung nông", 30),
                ("Cố nông", 5),
                ("Công nhân", 5),
                ("Tiểu thương", 6),
                ("Viên chức", 6),
                ("Tiểu tư sản", 2),
                ("Phú nông", 1),
            ]);
            (*OLD.pick(self.rng), if south { "trước năm 1975" } else { "trước năm 1954" })
        } else {
            (one(self.rng, &["Nông dân", "Công nhân", "Viên chức", "Tiểu thương"]), "hiện nay")
        };
        let home = self.out[i].hometown.clone();
        let r = &mut self.out[i];
        r.birth_place = Some(home);
        r.social_class = Some(SocialClass { class: class.to_string(), period: period.to_string() });
    }

    /// Historical particulars of a male forebear, consistent with when he lived and where
    /// the family comes from.
    fn issues(&mut self, i: usize, birth_year: i32, grand: bool) {
        let southern = places::former_south(self.s.home_code);
        let s = self.s;
        let died = self.out[i].deceased.as_ref().map_or(Some(NOW), |d| d.year);
        let alive_in = |y: i32| died.is_none_or(|d| d >= y);
        if southern && birth_year <= 1957 && alive_in(1975) && pm(self.rng, if grand { 40 } else { 30 }) {
            if let Some(f) = former_regime_post(self.rng, s, birth_year) {
                self.out[i].political_issues =
                    "Có thời gian làm việc trong bộ máy chế độ cũ, đã học tập cải tạo".to_string();
                self.out[i].facts.push(f);
            }
        } else if grand && birth_year <= 1930 && alive_in(1954) && pm(self.rng, 20) {
            if let Some(f) = arrest(self.rng, s, birth_year, true) {
                self.out[i].facts.push(f);
            }
        } else if !grand && (1925..=1957).contains(&birth_year) && alive_in(1975) && pm(self.rng, 250) {
            let what = one(
                self.rng,
                &[
                    "Tham gia kháng chiến chống Mỹ, cứu nước",
                    "Thanh niên xung phong",
                    "Du kích xã",
                    "Cán bộ cơ sở cách mạng",
                ],
            );
            self.out[i].revolutionary_activity = what.to_string();
        }
    }
}

fn occupation(rng: &mut PRng, age: i32, sex: Sex) -> &'static str {
    match age {
        ..6 => "Còn nhỏ",
        6..18 => "Học sinh",
        18..23 if pm(rng, 600) => "Sinh viên",
        62.. => one(rng, &["Hưu trí", "Già yếu", "Nông dân"]),
        _ if sex == Sex::Female && pm(rng, 100) => "Nội trợ",
        _ => one(
            rng,
            &[
                "Nông dân",
                "Công nhân",
                "Kinh doanh",
                "Giáo viên",
                "Công chức",
                "Viên chức",
                "Lao động tự do",
                "Kỹ sư",
                "Nhân viên văn phòng",
                "Bộ đội",
                "Công an",
                "Bác sĩ",
            ],
        ),
    }
}

fn married_pm(age: i32) -> u32 {
    match age {
        ..25 => 150,
        25..30 => 500,
        30..35 => 780,
        35..45 => 880,
        _ => 930,
    }
}

pub(crate) fn build(rng: &mut PRng, s: &Subject) -> Vec<Relative> {
    let full_form = s.status != MemberStatus::Full || s.admitted.is_some_and(|a| a.year() >= 2021);
    let mut f = Fam { rng, s, out: Vec::with_capacity(12) };
    let by = s.birth_year;
    let zone = s.zone();
    let home = s.hometown.as_str();
    let mother_home = toponyms::short_place(f.rng, s.home_code);
    let father_by = by - f.rng.random_range(22..=38);
    let mother_by = (by - f.rng.random_range(19..=34)).max(father_by - 5);

    // Tier 1: the person's grandparents.
    let grand = if full_form { 920 } else { 15 };
    let gp_style = s.style;
    let grand_surname = s.surname;
    for (kind, sex, parent_by, surname_side) in [
        (K::PaternalGrandfather, Sex::Male, father_by, true),
        (K::PaternalGrandmother, Sex::Female, father_by, false),
        (K::MaternalGrandfather, Sex::Male, mother_by, false),
        (K::MaternalGrandmother, Sex::Female, mother_by, false),
    ] {
        if pm(f.rng, grand) {
            let y = parent_by - f.rng.random_range(20..=40);
            let known = pm(f.rng, 900).then_some(y);
            let sur = if surname_side { grand_surname } else { names::surname(f.rng, gp_style, zone) };
            let h = if matches!(kind, K::PaternalGrandfather | K::PaternalGrandmother) {
                home.to_string()
            } else {
                mother_home.clone()
            };
            let i = f.add(kind, gp_style, sur, sex, known, &h);
            if sex == Sex::Male {
                f.issues(i, y, true);
            }
        }
    }

    // Tier 2: parents, or the person who raised them.
    let caregiver = pm(f.rng, 15);
    if caregiver {
        let sur = names::surname(f.rng, s.style, zone);
        let y = by - f.rng.random_range(20..=50);
        let sex = one(f.rng, &[Sex::Male, Sex::Female]);
        let i = f.add(K::Caregiver, s.style, sur, sex, Some(y), home);
        f.tier_two(i, true);
    }
    if !caregiver || pm(f.rng, 500) {
        let i = f.add(K::Father, s.style, s.surname, Sex::Male, Some(father_by), home);
        f.tier_two(i, true);
        f.issues(i, father_by, false);
    }
    if !caregiver || pm(f.rng, 700) {
        let sur = names::surname(f.rng, s.style, zone);
        let i = f.add(K::Mother, s.style, sur, Sex::Female, Some(mother_by), &mother_home);
        f.tier_two(i, true);
    }

    // Spouse and the spouse's family.
    let married = pm(f.rng, married_pm(s.age));
    let spouse_sex = if s.sex == Sex::Male { Sex::Female } else { Sex::Male };
    let gap = f.rng.random_range(-2..=7);
    let spouse_by = if s.sex == Sex::Male { by + gap } else { by - gap }.min(NOW - 18);
    let mut spouse_surname = s.surname;
    if married {
        let spouse_home = toponyms::short_place(f.rng, s.birth_code);
        spouse_surname = names::surname(f.rng, s.style, zone);
        let i = f.add(K::Spouse, s.style, spouse_surname, spouse_sex, Some(spouse_by), &spouse_home);
        f.tier_two(i, false);
        if pm(f.rng, 1) {
            // Marriage to a foreigner: the rules single it out.
            let (country, name) = one(
                f.rng,
                &[
                    ("Hàn Quốc", "Kim Min Jun"),
                    ("Nhật Bản", "Tanaka Hiroshi"),
                    ("Trung Quốc", "Vương Lệ Hoa"),
                    ("Pháp", "Claire Dubois"),
                ],
            );
            f.out[i].nationality = country.to_string();
            f.out[i].full_name = name.to_string();
        }
        let fil_by = spouse_by - f.rng.random_range(22..=36);
        let mil_by = spouse_by - f.rng.random_range(19..=33);
        if pm(f.rng, if full_form { 880 } else { 250 }) {
            let i = f.add(K::FatherInLaw, s.style, spouse_surname, Sex::Male, Some(fil_by), &spouse_home);
            f.tier_two(i, true);
            f.issues(i, fil_by, false);
        }
        if pm(f.rng, if full_form { 920 } else { 280 }) {
            let sur = names::surname(f.rng, s.style, zone);
            let i = f.add(K::MotherInLaw, s.style, sur, Sex::Female, Some(mil_by), &spouse_home);
            f.tier_two(i, true);
        }
        if full_form && pm(f.rng, 500) {
            for (kind, sex, parent_by) in [
                (K::SpousePaternalGrandfather, Sex::Male, fil_by),
                (K::SpousePaternalGrandmother, Sex::Female, fil_by),
                (K::SpouseMaternalGrandfather, Sex::Male, mil_by),
                (K::SpouseMaternalGrandmother, Sex::Female, mil_by),
            ] {
                if pm(f.rng, 850) {
                    // At least 24 years before the person as well as before the spouse.
                    let y = (parent_by - f.rng.random_range(20..=38)).min(by - 24);
                    let sur = if kind == K::SpousePaternalGrandfather {
                        spouse_surname
                    } else {
                        names::surname(f.rng, s.style, zone)
                    };
                    f.add(kind, s.style, sur, sex, Some(y), &spouse_home);
                }
            }
        }
        if full_form {
            for _ in 0..f.rng.random_range(0..=2u32) {
                let y = (spouse_by + f.rng.random_range(-8..=8)).clamp(mil_by + 17, NOW);
                let sex = one(f.rng, &[Sex::Male, Sex::Female]);
                let sur = if s.style == Style::Viet { spouse_surname } else { names::surname(f.rng, s.style, zone) };
                let i = f.add(K::SpouseSibling, s.style, sur, sex, Some(y), &spouse_home);
                tier_three(&mut f, i);
            }
        }
    }

    // Tier 3: siblings and children.
    let siblings = match by {
        ..1960 => f.rng.random_range(1..=3),
        1960..1975 => f.rng.random_range(0..=3),
        1975..1990 => f.rng.random_range(0..=2),
        _ => f.rng.random_range(0..=1),
    };
    for _ in 0..siblings {
        // Older records often list only some of the siblings.
        if !full_form && !pm(f.rng, 400) {
            continue;
        }
        let y = (by + f.rng.random_range(-9..=9)).clamp(mother_by + 16, (mother_by + 45).min(NOW));
        let sex = one(f.rng, &[Sex::Male, Sex::Female]);
        let i = f.add(K::Sibling, s.style, s.surname, sex, Some(y), home);
        tier_three(&mut f, i);
    }
    if married {
        let children: u32 = match (s.age, by) {
            (..25, _) => f.rng.random_range(0..=1),
            (25..35, _) => f.rng.random_range(0..=1) + u32::from(pm(f.rng, 300)),
            (_, ..1960) => f.rng.random_range(1..=3),
            (_, ..1975) => f.rng.random_range(1..=2) + u32::from(pm(f.rng, 150)),
            _ => u32::from(pm(f.rng, 850)) + u32::from(pm(f.rng, 450)),
        };
        let child_surname = if s.sex == Sex::Male { s.surname } else { spouse_surname };
        let mut y = by + f.rng.random_range(22..=30);
        for _ in 0..children {
            if y > NOW {
                break;
            }
            let sex = one(f.rng, &[Sex::Male, Sex::Female]);
            let i = f.add(K::Child, s.style, child_surname, sex, Some(y), &s.residence);
            tier_three(&mut f, i);
            y += f.rng.random_range(2..=6);
        }
        if pm(f.rng, 10) {
            let y = (by + f.rng.random_range(25..=45)).min(NOW);
            let i = f.add(K::AdoptedChild, s.style, child_surname, Sex::Female, Some(y), &s.residence);
            tier_three(&mut f, i);
        }
    }
    abroad(&mut f);
    f.out
}

fn tier_three(f: &mut Fam, i: usize) {
    let age = NOW - f.out[i].birth_year.unwrap_or(NOW);
    let econ = one(f.rng, &["Ổn định", "Ổn định", "Khá", "Trung bình", "Khó khăn"]);
    let r = &mut f.out[i];
    r.economic_situation = econ.to_string();
    if r.relation.is_child() && age >= 18 && pm(f.rng, 5) {
        // An adult child without full civil capacity is not verified.
        f.out[i].full_civil_capacity = false;
    }
    if age >= 20 && f.out[i].deceased.is_none() && pm(f.rng, 3) {
        let y = f.rng.random_range((NOW - age + 18)..=NOW - 1);
        let crime = one(
            f.rng,
            &[
                "trộm cắp tài sản",
                "đánh bạc",
                "cố ý gây thương tích",
                "vi phạm quy định về tham gia giao thông đường bộ",
            ],
        );
        let r = &mut f.out[i];
        r.criminal_record = Some(format!("Năm {y} bị xử phạt tù về tội {crime}"));
        r.law_compliance = "Đã chấp hành xong bản án".to_string();
    }
}

/// About 2–3 % of persons have a relative abroad: a sibling, child or sibling-in-law.
fn abroad(f: &mut Fam) {
    if !pm(f.rng, 30) {
        return;
    }
    let eligible: Vec<usize> = (0..f.out.len())
        .filter(|&i| {
            let r = &f.out[i];
            let age = NOW - r.birth_year.unwrap_or(NOW);
            r.relation.tier() == Tier::Three && r.deceased.is_none() && (18..=70).contains(&age)
        })
        .collect();
    if eligible.is_empty() {
        return;
    }
    let i = eligible[f.rng.random_range(0..eligible.len())];
    let (country, city) = *COUNTRIES.pick(f.rng);
    let born = f.out[i].birth_year.unwrap_or(1980);
    let since = f.rng.random_range((born + 18).clamp(1990, 2024)..=2024);
    let male = f.out[i].sex == Some(Sex::Male);
    let occupation = if NOW - born < 28 && pm(f.rng, 500) {
        "Du học sinh"
    } else {
        let jobs = ["Kỹ sư", "Lao động theo hợp đồng", "Kinh doanh", "Công nhân", "Điều dưỡng", "Nội trợ"];
        one(f.rng, if male { &jobs[..5] } else { &jobs[..] })
    };
    let naturalised = matches!(country, "Hoa Kỳ" | "Australia" | "Canada" | "Đức" | "Pháp") && pm(f.rng, 250);
    let r = &mut f.out[i];
    r.residence = format!("{city}, {country}");
    r.occupation = occupation.to_string();
    r.abroad = Some(Abroad {
        country: country.to_string(),
        since: Some(bvctnb_core::PartialDate::year_only(since).expect("valid")),
        occupation: occupation.to_string(),
    });
    r.party_member = None;
    if naturalised {
        r.nationality = country.to_string();
    }
}
