//! Items (10)–(12), (14), (15), (17) and (22): occupation, education, Youth Union, childhood,
//! the month-by-month work history and training, kept consistent with each other.

use crate::merits;
use crate::orgs::Sector;
use crate::person::Subject;
use crate::rng::{PRng, one, pm};
use crate::AS_OF;
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Teaching,
    Medicine,
    Nursing,
    Law,
    Economics,
    Engineering,
    Agriculture,
    Admin,
    It,
    Police,
    Military,
    Diplomacy,
}

use Field::*;

/// (field, zone 0 north / 1 centre / 2 south / 3 anywhere, school).
const SCHOOLS: &[(Field, u8, &str)] = &[
    (Teaching, 0, "Trường Đại học Sư phạm Hà Nội"),
    (Teaching, 0, "Trường Đại học Sư phạm - Đại học Thái Nguyên"),
    (Teaching, 1, "Trường Đại học Vinh"),
    (Teaching, 1, "Trường Đại học Sư phạm - Đại học Huế"),
    (Teaching, 1, "Trường Đại học Quy Nhơn"),
    (Teaching, 2, "Trường Đại học Sư phạm Thành phố Hồ Chí Minh"),
    (Teaching, 2, "Trường Đại học Sài Gòn"),
    (Teaching, 2, "Trường Đại học Đồng Nai"),
    (Medicine, 0, "Trường Đại học Y Hà Nội"),
    (Medicine, 0, "Trường Đại học Y Dược Thái Bình"),
    (Medicine, 1, "Trường Đại học Y Dược - Đại học Huế"),
    (Medicine, 2, "Trường Đại học Y Dược Thành phố Hồ Chí Minh"),
    (Medicine, 2, "Trường Đại học Y Dược Cần Thơ"),
    (Nursing, 0, "Trường Đại học Điều dưỡng Nam Định"),
    (Nursing, 1, "Trường Cao đẳng Y tế Huế"),
    (Nursing, 2, "Trường Cao đẳng Y tế Đồng Nai"),
    (Law, 0, "Trường Đại học Luật Hà Nội"),
    (Law, 1, "Trường Đại học Luật - Đại học Huế"),
    (Law, 2, "Trường Đại học Luật Thành phố Hồ Chí Minh"),
    (Economics, 0, "Trường Đại học Kinh tế Quốc dân"),
    (Economics, 0, "Học viện Tài chính"),
    (Economics, 0, "Trường Đại học Thương mại"),
    (Economics, 1, "Trường Đại học Kinh tế - Đại học Đà Nẵng"),
    (Economics, 2, "Trường Đại học Kinh tế Thành phố Hồ Chí Minh"),
    (Economics, 2, "Trường Đại học Cần Thơ"),
    (Engineering, 0, "Trường Đại học Bách khoa Hà Nội"),
    (Engineering, 0, "Trường Đại học Xây dựng Hà Nội"),
    (Engineering, 0, "Trường Đại học Giao thông Vận tải"),
    (Engineering, 1, "Trường Đại học Bách khoa - Đại học Đà Nẵng"),
    (Engineering, 2, "Trường Đại học Bách khoa - Đại học Quốc gia Thành phố Hồ Chí Minh"),
    (Agriculture, 0, "Học viện Nông nghiệp Việt Nam"),
    (Agriculture, 1, "Trường Đại học Nông Lâm - Đại học Huế"),
    (Agriculture, 1, "Trường Đại học Tây Nguyên"),
    (Agriculture, 2, "Trường Đại học Nông Lâm Thành phố Hồ Chí Minh"),
    (Agriculture, 2, "Trường Đại học An Giang"),
    (Admin, 3, "Học viện Hành chính Quốc gia"),
    (Admin, 0, "Trường Đại học Nội vụ Hà Nội"),
    (It, 0, "Học viện Công nghệ Bưu chính Viễn thông"),
    (It, 1, "Trường Đại học Bách khoa - Đại học Đà Nẵng"),
    (It, 2, "Trường Đại học Công nghệ Thông tin - Đại học Quốc gia Thành phố Hồ Chí Minh"),
    (Police, 3, "Học viện An ninh nhân dân"),
    (Police, 3, "Học viện Cảnh sát nhân dân"),
    (Police, 2, "Trường Đại học Cảnh sát nhân dân"),
    (Military, 0, "Trường Sĩ quan Lục quân 1"),
    (Military, 2, "Trường Sĩ quan Lục quân 2"),
    (Military, 3, "Trường Sĩ quan Chính trị"),
    (Military, 3, "Học viện Kỹ thuật Quân sự"),
    (Diplomacy, 3, "Học viện Ngoại giao"),
    (Diplomacy, 3, "Trường Đại học Ngoại thương"),
];

fn school(rng: &mut PRng, field: Field, zone: usize) -> &'static str {
    let fits = |(f, z, _): &&(Field, u8, &str)| *f == field && (*z as usize == zone || *z == 3);
    let n = SCHOOLS.iter().filter(fits).count();
    let k = if n == 0 { 0 } else { rng.random_range(0..n) };
    match SCHOOLS.iter().filter(fits).nth(k) {
        Some(x) => x.2,
        None => SCHOOLS.iter().find(|x| x.0 == field).map_or("Trường Đại học Mở", |x| x.2),
    }
}

/// (qualification, major, years of full-time study).
fn degree(rng: &mut PRng, field: Field) -> (&'static str, &'static str, i32) {
    match field {
        Teaching => {
            let m = one(rng, &["Sư phạm Toán", "Sư phạm Ngữ văn", "Sư phạm Lịch sử", "Sư phạm Tiếng Anh", "Sư phạm Vật lý", "Giáo dục Tiểu học", "Giáo dục Mầm non"]);
            ("Cử nhân", m, 4)
        }
        Medicine => ("Bác sĩ", "Y đa khoa", 6),
        Nursing => ("Cử nhân", "Điều dưỡng", 4),
        Law => ("Cử nhân", "Luật", 4),
        Economics => ("Cử nhân", one(rng, &["Kinh tế", "Kế toán", "Tài chính - Ngân hàng", "Quản trị kinh doanh"]), 4),
        Engineering => ("Kỹ sư", one(rng, &["Xây dựng dân dụng và công nghiệp", "Kỹ thuật điện", "Cơ khí", "Cầu đường"]), 5),
        Agriculture => ("Kỹ sư", one(rng, &["Nông học", "Chăn nuôi - Thú y", "Lâm nghiệp", "Quản lý đất đai"]), 4),
        Admin => ("Cử nhân", one(rng, &["Hành chính học", "Quản lý nhà nước", "Chính trị học"]), 4),
        It => ("Kỹ sư", "Công nghệ thông tin", 4),
        Police => ("Cử nhân", one(rng, &["An ninh", "Cảnh sát", "Điều tra hình sự"]), 4),
        Military => ("Cử nhân", one(rng, &["Chỉ huy tham mưu", "Chính trị", "Hậu cần quân sự"]), 4),
        Diplomacy => ("Cử nhân", one(rng, &["Quan hệ quốc tế", "Kinh tế đối ngoại"]), 4),
    }
}

fn field_for(rng: &mut PRng, s: &Subject) -> Option<Field> {
    let older = s.birth_year < 1965;
    Some(match s.ctx.sector {
        Sector::Residential if !pm(rng, if older { 80 } else { 260 }) => return None,
        Sector::Residential => one(rng, &[Agriculture, Economics, Teaching, Engineering, Admin]),
        Sector::CommuneOffice if !pm(rng, 920) => return None,
        Sector::CommuneOffice => one(rng, &[Admin, Law, Economics, Agriculture, Admin]),
        Sector::School => Teaching,
        Sector::University => one(rng, &[Teaching, Economics, Engineering, It, Law]),
        Sector::Health => {
            if pm(rng, 450) {
                Medicine
            } else {
                Nursing
            }
        }
        Sector::Office => one(rng, &[Economics, Law, Admin, Engineering, It, Agriculture, Economics]),
        Sector::Enterprise if !pm(rng, 650) => return None,
        Sector::Enterprise => one(rng, &[Engineering, Economics, It, Engineering]),
        Sector::Police => Police,
        Sector::Military => Military,
        Sector::Abroad => one(rng, &[Diplomacy, Economics, Diplomacy]),
    })
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

fn ym(year: i32, month: u32) -> i64 {
    i64::from(year) * 12 + i64::from(month) - 1
}

/// Rank of an officer of the armed forces by age.
fn rank(age: i32) -> &'static str {
    match age {
        ..=25 => "Thiếu úy",
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
            "Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch", "Công chức Tài chính - Kế toán",
            "Phó Chủ tịch Ủy ban nhân dân", "Chủ tịch Ủy ban Mặt trận Tổ quốc", "Phó Bí thư Đảng ủy",
        ],
        (Sector::School, _) => &["Giáo viên", "Giáo viên", "Tổ trưởng chuyên môn", "Phó Hiệu trưởng", "Hiệu trưởng"],
        (Sector::University, _) => &["Giảng viên", "Giảng viên", "Giảng viên chính", "Phó Trưởng khoa", "Trưởng khoa"],
        (Sector::Health, Some(Medicine)) => &["Bác sĩ", "Bác sĩ", "Phó Trưởng khoa", "Trưởng khoa"],
        (Sector::Health, _) => &["Điều dưỡng viên", "Điều dưỡng viên", "Điều dưỡng trưởng khoa"],
        (Sector::Enterprise, None) => &["Công nhân", "Công nhân", "Tổ trưởng sản xuất"],
        (Sector::Enterprise, _) => &["Kỹ sư", "Nhân viên", "Phó Trưởng phòng", "Trưởng phòng", "Phó Giám đốc"],
        (Sector::Police, _) => &["Cán bộ", "Cán bộ", "Phó Đội trưởng", "Đội trưởng", "Phó Trưởng phòng"],
        (Sector::Military, _) => &["Trợ lý", "Trung đội trưởng", "Đại đội trưởng", "Phó Tiểu đoàn trưởng", "Tiểu đoàn trưởng"],
        (Sector::Abroad, _) => &["Tùy viên", "Bí thư thứ ba", "Bí thư thứ hai", "Bí thư thứ nhất", "Tham tán"],
        _ => &["Chuyên viên", "Chuyên viên", "Phó Trưởng phòng", "Trưởng phòng", "Phó Giám đốc"],
    }
}

fn occupation(sector: Sector, field: Option<Field>, retired: bool, rng: &mut PRng) -> &'static str {
    if retired {
        return "Hưu trí";
    }
    match (sector, field) {
        (Sector::Residential, _) => one(rng, &["Nông dân", "Nông dân", "Kinh doanh tự do", "Lao động tự do", "Công nhân", "Buôn bán nhỏ"]),
        (Sector::CommuneOffice, _) => "Cán bộ, công chức cấp xã",
        (Sector::School, _) => "Giáo viên",
        (Sector::University, _) => "Giảng viên",
        (Sector::Health, Some(Medicine)) => "Bác sĩ",
        (Sector::Health, _) => "Điều dưỡng",
        (Sector::Enterprise, None) => "Công nhân",
        (Sector::Enterprise, _) => "Nhân viên doanh nghiệp",
        (Sector::Police, _) => "Sĩ quan Công an nhân dân",
        (Sector::Military, _) => "Sĩ quan Quân đội nhân dân",
        (Sector::Abroad, _) => "Cán bộ ngoại giao",
        _ => "Công chức",
    }
}

const DIVISIONS: &[&str] = &["Sư đoàn 304", "Sư đoàn 308", "Sư đoàn 312", "Sư đoàn 316", "Sư đoàn 320", "Sư đoàn 325", "Sư đoàn 330", "Sư đoàn 341", "Sư đoàn 5", "Sư đoàn 7", "Sư đoàn 9"];

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
        let full_time = !veteran && pm(rng, 800);
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
    let here = if s.ctx.sector == Sector::Residential { s.commune.label.as_str() } else { s.place };
    match s.ctx.sector {
        Sector::Residential => {
            let earlier = one(rng, &["Làm nông nghiệp tại", "Xã viên Hợp tác xã nông nghiệp", "Công nhân xí nghiệp tại", "Buôn bán tại"]);
            let years = if retired { i64::from(retire_age - 18) * 12 } else { 600 };
            let worked = pm(rng, 750);
            if retired && worked {
                let unit = one(rng, &["Công nhân viên chức", "Giáo viên", "Cán bộ", "Quân nhân"]);
                t.push(format!("{unit}, công tác tại {}", s.hometown), "", Some(years));
                t.push(format!("Nghỉ hưu, sinh hoạt tại Chi bộ {}", s.place), "", None);
            } else {
                t.push(format!("{earlier} {here}"), "", Some(rng.random_range(60..=240)));
                if pm(rng, 60) {
                    t.at += rng.random_range(4..=18);
                }
                let pos = if pm(rng, 150) { one(rng, &["Trưởng thôn", "Bí thư chi bộ", "Chi hội trưởng Hội Nông dân", "Tổ trưởng tổ dân phố"]) } else { "" };
                t.push(format!("{earlier} {here}"), pos, None);
            }
        }
        _ => {
            if retired {
                t.push(format!("Công tác tại {here}"), posts[posts.len() - 1], Some(i64::from(retire_age - 22) * 12));
                t.push(format!("Nghỉ hưu tại {}", s.residence), "", None);
            } else {
                if pm(rng, 350) && s.age > 30 {
                    let elsewhere = one(rng, &["Ủy ban nhân dân xã", "Công ty Cổ phần", "Trường Trung học phổ thông", "Ban Quản lý dự án"]);
                    t.push(format!("Công tác tại {elsewhere} {}", s.commune.name), posts[0], Some(rng.random_range(24..=96)));
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
                    t.push(format!("Công tác tại {here}"), posts[0], Some((now - t.at) / 2 + 1));
                }
                let pos = match s.ctx.sector {
                    Sector::Police | Sector::Military => format!("{}, {}", posts[step], rank(s.age)),
                    _ => posts[step].to_string(),
                };
                t.push(format!("Công tác tại {here}"), &pos, None);
            }
        }
    }
    let education = education(rng, s, field, degree_text, &mut training);
    let youth_union = youth_union(rng, s);
    let extra = merits::build(rng, s, veteran);
    Career {
        occupation: occupation(s.ctx.sector, field, retired, rng).to_string(),
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

pub(crate) fn month(index: i64) -> PartialDate {
    let m = YearMonth::from_index(index);
    PartialDate::month_year(m.year(), m.month()).expect("generated months are in range")
}

fn education(rng: &mut PRng, s: &Subject, field: Option<Field>, degree: String, training: &mut Vec<Training>) -> Education {
    let north_old = s.birth_year < 1975 && s.zone() == 0;
    let general = if s.ctx.sector == Sector::Residential && s.birth_year < 1965 && pm(rng, 400) {
        one(rng, &["7/10", "9/12", "10/12", "7/12"])
    } else if north_old {
        "10/10"
    } else {
        "12/12"
    };
    let working = !matches!(s.ctx.sector, Sector::Residential);
    let theory = match s.status {
        MemberStatus::Applicant => "",
        _ if working && s.age > 35 && pm(rng, 180) => "Cao cấp",
        _ if working && s.age > 28 && pm(rng, 450) => "Trung cấp",
        _ if pm(rng, 700) => "Sơ cấp",
        _ => "",
    };
    if matches!(theory, "Cao cấp" | "Trung cấp") {
        let start = ym(AS_OF.year() - rng.random_range(1..=((s.age - 26).clamp(2, 20))), 9);
        let (school, len) = if theory == "Cao cấp" {
            (one(rng, &["Học viện Chính trị quốc gia Hồ Chí Minh", "Học viện Chính trị khu vực I", "Học viện Chính trị khu vực II", "Học viện Chính trị khu vực III", "Học viện Chính trị khu vực IV"]).to_string(), 18)
        } else {
            (format!("Trường Chính trị {}", s.prov.admin_name()), 10)
        };
        training.push(Training {
            from: month(start),
            to: Some(month(start + len - 1)),
            school,
            field: "Lý luận chính trị".to_string(),
            mode: "Không tập trung".to_string(),
            qualification: format!("{theory} lý luận chính trị"),
        });
    }
    let mut highest = degree;
    if working && !highest.is_empty() && s.age > 30 && pm(rng, if s.ctx.sector == Sector::University { 700 } else { 220 }) {
        let title = if s.ctx.sector == Sector::University && pm(rng, 450) { "Tiến sĩ" } else { "Thạc sĩ" };
        let major = one(rng, &["Quản lý kinh tế", "Quản lý công", "Luật kinh tế", "Khoa học giáo dục", "Y học", "Kỹ thuật", "Chính trị học"]);
        highest = format!("{title} {major}");
    }
    let foreign_language = if s.birth_year < 1965 {
        one(rng, &["", "Tiếng Nga", "Tiếng Pháp", ""])
    } else {
        one(rng, &["Tiếng Anh B1", "Tiếng Anh trình độ B", "Tiếng Anh B", "", "Tiếng Trung trình độ A"])
    };
    let minority_language =
        if s.ethnicity != "Kinh" && pm(rng, 300) { format!("Tiếng {}", s.ethnicity) } else { String::new() };
    let academic_title = if s.ctx.sector == Sector::University && s.age > 45 && pm(rng, 120) { "Phó Giáo sư" } else { "" };
    Education {
        general: general.to_string(),
        vocational: if field.is_none() && pm(rng, 200) { "Trung cấp nghề".to_string() } else { String::new() },
        highest_degree: highest,
        academic_title: academic_title.to_string(),
        political_theory: theory.to_string(),
        foreign_language: foreign_language.to_string(),
        it: if s.birth_year >= 1970 { one(rng, &["Tin học văn phòng", "Chứng chỉ ứng dụng công nghệ thông tin cơ bản", ""]).to_string() } else { String::new() },
        minority_language,
    }
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
        format!("Trường Trung học phổ thông {}", crate::places::commune_name(rng, crate::places::region_of_code(s.home_code)))
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
    let base = one(rng, &[
        "Chấp hành tốt chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước.",
        "Có lập trường tư tưởng vững vàng, phẩm chất đạo đức, lối sống lành mạnh; hoàn thành tốt nhiệm vụ được giao.",
        "Luôn trung thành với Đảng, gương mẫu trong công tác và sinh hoạt, đoàn kết với đồng chí, đồng nghiệp.",
    ]);
    if s.status == MemberStatus::Applicant {
        format!("{base} Tự nguyện phấn đấu để được đứng trong hàng ngũ của Đảng.")
    } else {
        base.to_string()
    }
}
