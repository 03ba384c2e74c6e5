//! Item (11) and the degree half of item (17): fields of study, schools by region, and the
//! education summary consistent with the person's sector, age and training.

use crate::AS_OF;
use crate::career::{month, ym};
use crate::orgs::Sector;
use crate::person::Subject;
use crate::rng::{PRng, one, pm};
use bvctnb_core::dossier::Training;
use bvctnb_core::person::{Education, MemberStatus};
use chrono::Datelike;
use rand::RngExt;

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

pub(crate) fn school(rng: &mut PRng, field: Field, zone: usize) -> &'static str {
    let fits = |(f, z, _): &&(Field, u8, &str)| *f == field && (*z as usize == zone || *z == 3);
    let n = SCHOOLS.iter().filter(fits).count();
    let k = if n == 0 { 0 } else { rng.random_range(0..n) };
    match SCHOOLS.iter().filter(fits).nth(k) {
        Some(x) => x.2,
        None => SCHOOLS.iter().find(|x| x.0 == field).map_or("Trường Đại học Mở", |x| x.2),
    }
}

/// (qualification, major, years of full-time study).
pub(crate) fn degree(rng: &mut PRng, field: Field) -> (&'static str, &'static str, i32) {
    match field {
        Teaching => {
            let m = one(
                rng,
                &[
                    "Sư phạm Toán",
                    "Sư phạm Ngữ văn",
                    "Sư phạm Lịch sử",
                    "Sư phạm Tiếng Anh",
                    "Sư phạm Vật lý",
                    "Giáo dục Tiểu học",
                    "Giáo dục Mầm non",
                ],
            );
            ("Cử nhân", m, 4)
        }
        Medicine => ("Bác sĩ", "Y đa khoa", 6),
        Nursing => ("Cử nhân", "Điều dưỡng", 4),
        Law => ("Cử nhân", "Luật", 4),
        Economics => ("Cử nhân", one(rng, &["Kinh tế", "Kế toán", "Tài chính - Ngân hàng", "Quản trị kinh doanh"]), 4),
        Engineering => {
            ("Kỹ sư", one(rng, &["Xây dựng dân dụng và công nghiệp", "Kỹ thuật điện", "Cơ khí", "Cầu đường"]), 5)
        }
        Agriculture => ("Kỹ sư", one(rng, &["Nông học", "Chăn nuôi - Thú y", "Lâm nghiệp", "Quản lý đất đai"]), 4),
        Admin => ("Cử nhân", one(rng, &["Hành chính học", "Quản lý nhà nước", "Chính trị học"]), 4),
        It => ("Kỹ sư", "Công nghệ thông tin", 4),
        Police => ("Cử nhân", one(rng, &["An ninh", "Cảnh sát", "Điều tra hình sự"]), 4),
        Military => ("Cử nhân", one(rng, &["Chỉ huy tham mưu", "Chính trị", "Hậu cần quân sự"]), 4),
        Diplomacy => ("Cử nhân", one(rng, &["Quan hệ quốc tế", "Kinh tế đối ngoại"]), 4),
    }
}

pub(crate) fn field_for(rng: &mut PRng, s: &Subject) -> Option<Field> {
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

pub(crate) fn education(
    rng: &mut PRng,
    s: &Subject,
    field: Option<Field>,
    degree: String,
    training: &mut Vec<Training>,
) -> Education {
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
            (
                one(
                    rng,
                    &[
                        "Học viện Chính trị quốc gia Hồ Chí Minh",
                        "Học viện Chính trị khu vực I",
                        "Học viện Chính trị khu vực II",
                        "Học viện Chính trị khu vực III",
                        "Học viện Chính trị khu vực IV",
                    ],
                )
                .to_string(),
                18,
            )
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
    if working
        && !highest.is_empty()
        && s.age > 30
        && pm(rng, if s.ctx.sector == Sector::University { 700 } else { 220 })
    {
        let title = if s.ctx.sector == Sector::University && pm(rng, 450) { "Tiến sĩ" } else { "Thạc sĩ" };
        let major = one(
            rng,
            &[
                "Quản lý kinh tế",
                "Quản lý công",
                "Luật kinh tế",
                "Khoa học giáo dục",
                "Y học",
                "Kỹ thuật",
                "Chính trị học",
            ],
        );
        highest = format!("{title} {major}");
    }
    let foreign_language = if s.birth_year < 1965 {
        one(rng, &["", "Tiếng Nga", "Tiếng Pháp", ""])
    } else {
        one(rng, &["Tiếng Anh B1", "Tiếng Anh trình độ B", "Tiếng Anh B", "", "Tiếng Trung trình độ A"])
    };
    let minority_language =
        if s.ethnicity != "Kinh" && pm(rng, 300) { format!("Tiếng {}", s.ethnicity) } else { String::new() };
    let academic_title =
        if s.ctx.sector == Sector::University && s.age > 45 && pm(rng, 120) { "Phó Giáo sư" } else { "" };
    Education {
        general: general.to_string(),
        vocational: if field.is_none() && pm(rng, 200) { "Trung cấp nghề".to_string() } else { String::new() },
        highest_degree: highest,
        academic_title: academic_title.to_string(),
        political_theory: theory.to_string(),
        foreign_language: foreign_language.to_string(),
        it: if s.birth_year >= 1970 {
            one(rng, &["Tin học văn phòng", "Chứng chỉ ứng dụng công nghệ thông tin cơ bản", ""]).to_string()
        } else {
            String::new()
        },
        minority_language,
    }
}
