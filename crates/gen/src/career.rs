//! Items (10)–(12), (14), (15), (17) and (22): occupation, education, Youth Union, childhood,
//! the month-by-month work history and training, kept consistent with each other.

use crate::AS_OF;
use crate::education::{Field, degree, education, field_for, school};
use crate::merits;
use crate::orgs::Sector;
use crate::person::Subject;
use crate::rng::{PRng, one, pm};
use bvctnb_core::date::{PartialDate, YearMonth};
use bvctnb_core::dossier::{Award, Discipline, HistoricalFact, StayAbroad, Training, WorkEntry};
use bvctnb_core::identity::Sex;
use bvctnb_core::person::{Education, Joined, MemberStatus};
use chrono::Datelike;
use rand::RngExt;

pub(crate) struct Career {
    pub occupation: String,
    pub education: Education,
    pub youth_union: Option<Joined>,
    pub work: Vec<WorkEntry>,
    pub training: Vec<Training>,
    pub stays: Vec<StayAbroad>,
    pub awards: Vec<Award>,
    pub discipline: Vec<Discipline>,
    pub facts: Vec<HistoricalFact>,
}

/// Work-history builder: appends month ranges back to back, so the history is continuous
/// unless a gap is made on purpose.
struct Timeline {
    entries: Vec<WorkEntry>,
    at: i64,
    end: i64,
}

impl Timeline {
    /// Appends `months` (or an open-ended entry when `None`); returns false once the
    /// history has reached the present, so callers stop adding.
    fn push(&mut self, activity: String, position: &str, months: Option<i64>) -> bool {
        if self.at > self.end {
            return false;
        }
        let from = YearMonth::from_index(self.at);
        let to = match months {
            Some(m) if self.at + m.max(1) - 1 < self.end => {
                self.at += m.max(1);
                Some(YearMonth::from_index(self.at - 1))
            }
            _ => {
                self.at = self.end + 1;
                None
            }
        };
        self.entries.push(WorkEntry { from, to, activity, position: position.to_string() });
        to.is_some()
    }
}

pub(crate) fn ym(year: i32, month: u32) -> i64 {
    i64::from(year) * 12 + i64::from(month) - 1
}

/// Rank of an officer of the armed forces by age.
fn rank(age: i32) -> &'static str {
    match age {
        ..=21 => "Hạ sĩ",
        22..=23 => "Trung sĩ",
        24..=25 => "Thiếu úy",
        26..=28 => "Trung úy",
        29..=32 => "Thượng úy",
        33..=36 => "Đại úy",
        37..=41 => "Thiếu tá",
        42..=46 => "Trung tá",
        47..=51 => "Thượng tá",
        _ => "Đại tá",
    }
}

/// The posts a person may hold in their current unit, junior first.
fn posts(sector: Sector, field: Option<Field>) -> &'static [&'static str] {
    match (sector, field) {
        (Sector::CommuneOffice, _) => &[
            "Công chức Văn phòng - Thống kê",
            "Công chức Tư pháp - Hộ tịch",
            "Công chức Tài chính - Kế toán",
            "Phó Chủ tịch Ủy ban nhân dân",
            "Chủ tịch Ủy ban Mặt trận Tổ quốc",
            "Phó Bí thư Đảng ủy",
        ],
        (Sector::School, _) => &["Giáo viên", "Giáo viên", "Tổ trưởng chuyên môn", "Phó Hiệu trưởng", "Hiệu trưởng"],
        (Sector::University, _) => &["Giảng viên", "Giảng viên", "Giảng viên chính", "Phó Trưởng khoa", "Trưởng khoa"],
        (Sector::Health, Some(Field::Medicine)) => &["Bác sĩ", "Bác sĩ", "Phó Trưởng khoa", "Trưởng khoa"],
        (Sector::Health, _) => &["Điều dưỡng viên", "Điều dưỡng viên", "Điều dưỡng trưởng khoa"],
        (Sector::Enterprise, None) => &["Công nhân", "Công nhân", "Tổ trưởng sản xuất"],
        (Sector::Enterprise, _) => &["Kỹ sư", "Nhân viên", "Phó Trưởng phòng", "Trưởng phòng", "Phó Giám đốc"],
        (Sector::Police, _) => &["Cán bộ", "Cán bộ", "Phó Đội trưởng", "Đội trưởng", "Phó Trưởng phòng"],
        (Sector::Military, _) => {
            &["Trợ lý", "Trung đội trưởng", "Đại đội trưởng", "Phó Tiểu đoàn trưởng", "Tiểu đoàn trưởng"]
        }
        (Sector::Abroad, _) => &["Tùy viên", "Bí thư thứ ba", "Bí thư thứ hai", "Bí thư thứ nhất", "Tham tán"],
        _ => &["Chuyên viên", "Chuyên viên", "Phó Trưởng phòng", "Trưởng phòng", "Phó Giám đốc"],
    }
}

fn occupation(sector: Sector, field: Option<Field>, retired: bool, age: i32, rng: &mut PRng) -> &'static str {
    if retired {
        return "Hưu trí";
    }
    match (sector, field) {
        (Sector::Police, _) if age < 24 => "Hạ sĩ quan Công an nhân dân",
        (Sector::Military, _) if age < 24 => "Hạ sĩ quan, binh sĩ Quân đội nhân dân",
        (Sector::Residential, _) => {
            one(rng, &["Nông dân", "Nông dân", "Kinh doanh tự do", "Lao động tự do", "Công nhân", "Buôn bán nhỏ"])
        }
        (Sector::CommuneOffice, _) => "Cán bộ, công chức cấp xã",
        (Sector::School, _) => "Giáo viên",
        (Sector::University, _) => "Giảng viên",
        (Sector::Health, Some(Field::Medicine)) => "Bác sĩ",
        (Sector::Health, _) => "Điều dưỡng",
        (Sector::Enterprise, None) => "Công nhân",
        (Sector::Enterprise, _) => "Nhân viên doanh nghiệp",
        (Sector::Police, _) => "Sĩ quan Công an nhân dân",
        (Sector::Military, _) => "Sĩ quan Quân đội nhân dân",
        (Sector::Abroad, _) => "Cán bộ ngoại giao",
        _ => "Công chức",
    }
}

const DIVISIONS: &[&str] = &[
    "Sư đoàn 304",
    "Sư đoàn 308",
    "Sư đoàn 312",
    "Sư đoàn 316",
    "Sư đoàn 320",
    "Sư đoàn 325",
    "Sư đoàn 330",
    "Sư đoàn 341",
    "Sư đoàn 5",
    "Sư đoàn 7",
    "Sư đoàn 9",
];

pub(crate) fn build(rng: &mut PRng, s: &Subject) -> Career {
    let zone = s.zone();
    let field = field_for(rng, s);
    let retire_age = if s.sex == Sex::Male { 61 } else { 57 };
    // Members still in a workplace cell are, by definition, not retired.
    let retired = s.ctx.sector == Sector::Residential && s.age >= retire_age;
    let now = ym(AS_OF.year(), AS_OF.month()) - 1;
    let mut t = Timeline { entries: Vec::with_capacity(6), at: ym(s.birth_year + 18, 9), end: now };
    let veteran = s.birth_year <= 1957 && s.sex == Sex::Male && pm(rng, 550);
    let mut training = Vec::with_capacity(3);
    if veteran {
        let years = rng.random_range(4..=9);
        let pos = one(rng, &["Chiến sĩ", "Tiểu đội trưởng", "Trung đội trưởng"]);
        t.push(format!("Nhập ngũ, chiến đấu tại {}", one(rng, DIVISIONS)), pos, Some(years * 12));
    } else if s.sex == Sex::Male && !matches!(s.ctx.sector, Sector::Police | Sector::Military) && pm(rng, 180) {
        t.push(format!("Nhập ngũ, chiến sĩ {}", one(rng, DIVISIONS)), "Chiến sĩ", Some(rng.random_range(18..=30)));
    }
    let mut degree_text = String::new();
    if let Some(f) = field {
        let (qual, major, years) = degree(rng, f);
        let sch = school(rng, f, zone);
        // A course that would still be running is not part of a working member's history:
        // the youngest members of the armed forces enlisted instead.
        let fits = t.at + i64::from(years) * 12 <= now - 6;
        let full_time = !veteran && fits && pm(rng, 800);
        let (from, len) = if full_time {
            (t.at, i64::from(years) * 12 - 3)
        } else {
            (ym(s.birth_year + rng.random_range(22..=30), 9), i64::from(years) * 12 + 6)
        };
        if full_time {
            t.push(format!("Sinh viên {sch}"), "", Some(len));
            // Graduates start in the autumn; some wait a few months for a post.
            t.at += if pm(rng, 150) { rng.random_range(3..=8) } else { 2 };
        }
        if from + len <= now {
            training.push(Training {
                from: month(from),
                to: Some(month(from + len - 1)),
                school: sch.to_string(),
                field: major.to_string(),
                mode: if full_time { "Chính quy" } else { "Vừa làm vừa học" }.to_string(),
                qualification: qual.to_string(),
            });
            degree_text = format!("{qual} {major}");
        }
    }
    let posts = posts(s.ctx.sector, field);
    match s.ctx.sector {
        Sector::Residential => residential_history(rng, s, &mut t, retired, retire_age),
        _ if retired => {
            t.push(format!("Công tác tại {}", s.place), posts[posts.len() - 1], Some(i64::from(retire_age - 22) * 12));
            t.push(format!("Nghỉ hưu tại {}", s.residence), "", None);
        }
        _ => {
            if s.ctx.sector == Sector::Abroad {
                // Diplomats rotate: years at the ministry, then the current posting.
                let posted = now - rng.random_range(6..=42);
                t.push("Công tác tại Bộ Ngoại giao".to_string(), posts[1], Some((posted - t.at).max(1)));
            } else if pm(rng, 350) && s.age > 30 {
                let elsewhere = one(
                    rng,
                    &["Ủy ban nhân dân xã", "Công ty Cổ phần", "Trường Trung học phổ thông", "Ban Quản lý dự án"],
                );
                let months = Some(rng.random_range(24..=96));
                t.push(format!("Công tác tại {elsewhere} {}", s.commune.name), posts[0], months);
                if pm(rng, 60) {
                    t.at += rng.random_range(3..=12);
                }
            }
            let years_in = (now - t.at) / 12;
            let mut step = (years_in / 7).min(posts.len() as i64 - 1) as usize;
            if step > 0 && pm(rng, 400) {
                step -= 1;
            }
            if step > 0 {
                t.push(format!("Công tác tại {}", s.place), posts[0], Some((now - t.at) / 2 + 1));
            }
            let pos = match s.ctx.sector {
                Sector::Police | Sector::Military if s.age < 24 => format!("Chiến sĩ, {}", rank(s.age)),
                Sector::Police | Sector::Military => format!("{}, {}", posts[step], rank(s.age)),
                _ => posts[step].to_string(),
            };
            t.push(format!("Công tác tại {}", s.place), &pos, None);
        }
    }
    let education = education(rng, s, field, degree_text, &mut training);
    let youth_union = youth_union(rng, s);
    let extra = merits::build(rng, s, veteran);
    Career {
        occupation: occupation(s.ctx.sector, field, retired, s.age, rng).to_string(),
        education,
        youth_union,
        work: t.entries,
        training,
        stays: extra.stays,
        awards: extra.awards,
        discipline: extra.discipline,
        facts: extra.facts,
    }
}

/// Members of residential cells: retirees with a career behind them, or people who farmed,
/// traded or worked locally all their lives (and at an advanced age no longer work).
fn residential_history(rng: &mut PRng, s: &Subject, t: &mut Timeline, retired: bool, retire_age: i32) {
    let here = &s.commune.label;
    if retired && pm(rng, 750) {
        let (work, post) = one(
            rng,
            &[
                ("Công tác tại Ủy ban nhân dân", "Cán bộ"),
                ("Giảng dạy tại Trường phổ thông", "Giáo viên"),
                ("Công nhân nhà máy tại", "Công nhân"),
                ("Phục vụ trong quân đội, đóng quân tại", "Quân nhân"),
            ],
        );
        t.push(format!("{work} {}", s.hometown), post, Some(i64::from(retire_age - 18) * 12));
        t.push(format!("Nghỉ hưu, sinh hoạt tại Chi bộ {}", s.place), "", None);
        return;
    }
    let work =
        one(rng, &["Làm nông nghiệp tại", "Xã viên Hợp tác xã nông nghiệp", "Công nhân xí nghiệp tại", "Buôn bán tại"]);
    let aged = ym(s.birth_year + 70, 1);
    let gap = pm(rng, 60);
    let post = if pm(rng, 150) {
        one(rng, &["Trưởng thôn", "Bí thư chi bộ", "Chi hội trưởng Hội Nông dân", "Tổ trưởng tổ dân phố"])
    } else {
        ""
    };
    if gap || !post.is_empty() {
        t.push(format!("{work} {here}"), "", Some(rng.random_range(60..=240)));
        if gap {
            t.at += rng.random_range(4..=18);
        }
    }
    if aged <= t.end && aged > t.at {
        t.push(format!("{work} {here}"), post, Some(aged - t.at));
        t.push(format!("Già yếu, nghỉ tại gia đình, sinh hoạt tại Chi bộ {}", s.place), "", None);
    } else {
        t.push(format!("{work} {here}"), post, None);
    }
}

pub(crate) fn month(index: i64) -> PartialDate {
    let m = YearMonth::from_index(index);
    PartialDate::month_year(m.year(), m.month()).expect("generated months are in range")
}

fn youth_union(rng: &mut PRng, s: &Subject) -> Option<Joined> {
    if !pm(rng, if s.birth_year < 1950 { 500 } else { 880 }) {
        return None;
    }
    let year = s.birth_year + rng.random_range(15..=19);
    let date = if pm(rng, 350) {
        PartialDate::full(year, 3, 26).expect("valid")
    } else {
        PartialDate::full(year, rng.random_range(1..=12), rng.random_range(1..=28)).expect("valid")
    };
    let place = if pm(rng, 700) {
        format!(
            "Trường Trung học phổ thông {}",
            crate::toponyms::commune_name(rng, crate::places::region_of_code(s.home_code))
        )
    } else {
        format!("Chi đoàn {}", s.hometown)
    };
    Some(Joined { date, place })
}

/// Item (14).
pub(crate) fn childhood(rng: &mut PRng, s: &Subject) -> String {
    let with = one(rng, &["cha mẹ", "cha mẹ", "ông bà và cha mẹ", "mẹ"]);
    format!("Từ nhỏ sống cùng {with} tại {}, học phổ thông tại địa phương.", s.hometown)
}

/// Item (22).
pub(crate) fn self_assessment(rng: &mut PRng, s: &Subject) -> String {
    let base = one(
        rng,
        &[
            "Chấp hành tốt chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước.",
            "Có lập trường tư tưởng vững vàng, phẩm chất đạo đức, lối sống lành mạnh; hoàn thành tốt nhiệm vụ được giao.",
            "Luôn trung thành với Đảng, gương mẫu trong công tác và sinh hoạt, đoàn kết với đồng chí, đồng nghiệp.",
        ],
    );
    if s.status == MemberStatus::Applicant {
        format!("{base} Tự nguyện phấn đấu để được đứng trong hàng ngũ của Đảng.")
    } else {
        base.to_string()
    }
}
