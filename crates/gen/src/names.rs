//! Personal names: surnames by real frequency and region, gendered middle names, given names
//! by generation, and the naming customs of the larger ethnic minorities.

use crate::rng::{PRng, Weighted, one, pm};
use bvctnb_core::identity::Sex;
use rand::RngExt;

/// Surname weights for the north, the centre and the south. Nguyễn is ≈ 42 % here so that,
/// with the minorities who keep their own surnames, it is ≈ 38 % of all persons; Hoàng and
/// Vũ turn into Huỳnh and Võ going south (an old naming taboo).
const SURNAMES: [Weighted<&str>; 3] = [
    Weighted::new(&[
        ("Nguyễn", 4450),
        ("Trần", 1100),
        ("Lê", 950),
        ("Phạm", 750),
        ("Hoàng", 560),
        ("Phan", 350),
        ("Vũ", 450),
        ("Võ", 30),
        ("Huỳnh", 10),
        ("Đặng", 220),
        ("Bùi", 250),
        ("Đỗ", 210),
        ("Hồ", 80),
        ("Ngô", 150),
        ("Dương", 110),
        ("Lý", 50),
        ("Đào", 120),
        ("Đinh", 100),
        ("Trịnh", 90),
        ("Mai", 70),
        ("Lương", 60),
        ("Cao", 60),
        ("Tạ", 40),
        ("Lưu", 40),
        ("Hà", 70),
        ("Tô", 30),
        ("Kiều", 20),
        ("Lại", 20),
        ("Chu", 40),
        ("Triệu", 30),
        ("Đoàn", 60),
        ("Phùng", 40),
        ("Nghiêm", 20),
        ("Trương", 50),
        ("Quách", 20),
        ("Khúc", 10),
        ("Vương", 20),
    ]),
    Weighted::new(&[
        ("Nguyễn", 4400),
        ("Trần", 1100),
        ("Lê", 1000),
        ("Phạm", 700),
        ("Hoàng", 280),
        ("Huỳnh", 260),
        ("Phan", 500),
        ("Võ", 420),
        ("Vũ", 100),
        ("Đặng", 210),
        ("Bùi", 180),
        ("Đỗ", 150),
        ("Hồ", 300),
        ("Ngô", 140),
        ("Dương", 100),
        ("Lý", 50),
        ("Đào", 60),
        ("Đinh", 90),
        ("Trịnh", 50),
        ("Mai", 60),
        ("Lương", 60),
        ("Cao", 50),
        ("Tạ", 20),
        ("Lưu", 30),
        ("Hà", 50),
        ("Đoàn", 70),
        ("Trương", 90),
        ("Thái", 40),
        ("Châu", 30),
        ("Tôn", 20),
    ]),
    Weighted::new(&[
        ("Nguyễn", 4150),
        ("Trần", 1150),
        ("Lê", 950),
        ("Phạm", 650),
        ("Huỳnh", 560),
        ("Hoàng", 40),
        ("Phan", 450),
        ("Võ", 470),
        ("Vũ", 40),
        ("Đặng", 200),
        ("Bùi", 150),
        ("Đỗ", 120),
        ("Hồ", 160),
        ("Ngô", 130),
        ("Dương", 110),
        ("Lý", 100),
        ("Đào", 40),
        ("Đinh", 60),
        ("Trịnh", 50),
        ("Mai", 50),
        ("Lương", 50),
        ("Cao", 40),
        ("Lưu", 40),
        ("Trương", 130),
        ("Lâm", 90),
        ("Châu", 50),
        ("Tô", 30),
        ("Thái", 30),
        ("Đoàn", 60),
        ("La", 20),
        ("Quách", 20),
        ("Mạc", 10),
    ]),
];

const MIDDLE_MALE: &[&str] = &[
    "Đức", "Hữu", "Minh", "Quang", "Công", "Thanh", "Xuân", "Ngọc", "Tuấn", "Quốc", "Trọng", "Đình", "Duy", "Hoàng",
    "Anh", "Gia", "Bảo", "Thành", "Trung", "Mạnh", "Tiến", "Việt", "Chí", "Hải", "Đăng", "Khắc", "Nhật", "Văn",
];
const MIDDLE_FEMALE: &[&str] = &[
    "Ngọc", "Thu", "Thanh", "Hồng", "Kim", "Phương", "Thùy", "Minh", "Bích", "Mỹ", "Khánh", "Bảo", "Thúy", "Kiều",
    "Diệu", "Hoài", "Lan", "Mai", "Quỳnh", "Hải", "Thảo", "Tuyết", "Xuân", "Thị",
];

const GIVEN_MALE_OLD: &[&str] = &[
    "Hùng", "Dũng", "Thắng", "Hải", "Sơn", "Bình", "Hòa", "Minh", "Tuấn", "Cường", "Hưng", "Thành", "Phong", "Long",
    "Quang", "Lâm", "Tâm", "Thanh", "Tiến", "Chiến", "Lợi", "Nghĩa", "Phúc", "Thịnh", "Toàn", "Trung", "Vinh", "Xuân",
    "Đức", "Định", "Khải", "Lộc", "Mạnh", "Năm", "Sáu", "Tư", "Tài", "Tùng", "Thuận", "Hoan", "Kiên", "Lực", "Nam",
    "Quý", "Thọ", "An", "Ân", "Bảy", "Dương", "Hiển", "Khang",
];
const GIVEN_MALE_NEW: &[&str] = &[
    "Anh", "An", "Khoa", "Huy", "Đạt", "Duy", "Hiếu", "Kiệt", "Khánh", "Nam", "Phát", "Quân", "Tín", "Trí", "Vũ",
    "Bảo", "Hoàng", "Lâm", "Long", "Minh", "Nhân", "Phúc", "Sang", "Tài", "Thiện", "Tú", "Tùng", "Việt", "Vỹ", "Hào",
    "Hải", "Hưng", "Thắng", "Tuấn", "Đức", "Dũng", "Khang", "Luân", "Nguyên", "Phong", "Quang",
];
const GIVEN_FEMALE_OLD: &[&str] = &[
    "Lan", "Hương", "Hoa", "Hồng", "Mai", "Nga", "Hà", "Thủy", "Nhung", "Phương", "Hạnh", "Loan", "Dung", "Tuyết",
    "Oanh", "Hằng", "Vân", "Liên", "Xuân", "Thu", "Hiền", "Lý", "Tâm", "Thảo", "Yến", "Bích", "Cúc", "Đào", "Huệ",
    "Lài", "Sen", "Thêm", "Thoa", "Tươi", "Nguyệt", "Minh", "Ngọc", "Kim",
];
const GIVEN_FEMALE_NEW: &[&str] = &[
    "Linh", "Trang", "Thảo", "Ngọc", "Yến", "Huyền", "Anh", "Trinh", "Quyên", "My", "Nhi", "Uyên", "Vy", "Hân",
    "Giang", "Châu", "Diệp", "Ngân", "Phương", "Thư", "Trâm", "Tiên", "Hương", "Hà", "Mai", "Lan", "Nhung", "Nga",
    "Hằng", "Tuyết", "Thùy", "Duyên", "Loan", "Dung",
];

/// Naming custom. Members of minorities often carry Vietnamese-style names too; the share
/// that follow their own custom is set in [`style_for`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Viet,
    Hmong,
    Thai,
    TayNung,
    Muong,
    Dao,
    Khmer,
    Hoa,
    /// Ê Đê, Mnông and neighbours: "Y Moan Niê", "H'Hen Êban".
    Ede,
    /// Gia Rai, Ra Glai: clan first, "Ksor Phước", "Siu H'Lin".
    Jarai,
    Cham,
}

pub(crate) fn style_for(rng: &mut PRng, ethnicity: &str) -> Style {
    let (style, per_mille) = match ethnicity {
        "Kinh" => return Style::Viet,
        "H'Mông" => (Style::Hmong, 900),
        "Thái" | "Lào" | "Lự" => (Style::Thai, 700),
        "Tày" | "Nùng" | "Giáy" | "Sán Chay" => (Style::TayNung, 600),
        "Mường" | "Thổ" => (Style::Muong, 600),
        "Dao" | "Pà Thẻn" => (Style::Dao, 800),
        "Khmer" => (Style::Khmer, 850),
        "Hoa" | "Ngái" | "Sán Dìu" => (Style::Hoa, 600),
        "Ê Đê" | "Mnông" => (Style::Ede, 800),
        "Gia Rai" | "Ra Glai" | "Chu Ru" => (Style::Jarai, 800),
        "Chăm" => (Style::Cham, 700),
        _ => return Style::Viet,
    };
    if pm(rng, per_mille) { style } else { Style::Viet }
}

pub(crate) fn surname(rng: &mut PRng, style: Style, zone: usize) -> &'static str {
    let list: &[&str] = match style {
        Style::Viet => return SURNAMES[zone].pick(rng),
        Style::Hmong => &["Giàng", "Vàng", "Sùng", "Lý", "Thào", "Hờ", "Mùa", "Lầu", "Sình", "Hạng"],
        Style::Thai => &["Lò", "Lường", "Cầm", "Quàng", "Tòng", "Điêu", "Vi", "Hà"],
        Style::TayNung => &["Hoàng", "Nông", "Lương", "Ma", "Lục", "Bế", "Đàm", "Hà", "Lăng", "Chu"],
        Style::Muong => &["Bùi", "Đinh", "Quách", "Hà", "Xa"],
        Style::Dao => &["Triệu", "Bàn", "Lý", "Đặng", "Chảo"],
        Style::Khmer => &["Thạch", "Sơn", "Danh", "Kim", "Lâm", "Châu", "Trịnh"],
        Style::Hoa => &["Lý", "Trương", "Lâm", "Quách", "Mã", "Diệp", "Hứa", "Lưu", "Châu", "Tăng"],
        Style::Ede => &["Niê", "Êban", "Mlô", "Byă", "Ktla", "Adrơng", "Kđoh", "Ayŭn"],
        Style::Jarai => &["Ksor", "Rơ Chăm", "Siu", "Rah Lan", "Kpă", "Nay", "Rơ Mah"],
        Style::Cham => &["Đàng", "Thành", "Thiên", "Thông", "Báo", "Lưu"],
    };
    one(rng, list)
}

/// 0 = born before 1970, 1 = 1970–1984, 2 = 1985 on: names and middle names follow fashions.
fn era(birth_year: i32) -> u8 {
    match birth_year {
        ..1970 => 0,
        1970..1985 => 1,
        _ => 2,
    }
}

fn vietnamese_given(rng: &mut PRng, sex: Sex, birth_year: i32, out: &mut String) {
    let e = era(birth_year);
    let new_list = e == 2 || (e == 1 && rng.random_bool(0.5));
    let (classic, middle_p) = match sex {
        Sex::Male => ("Văn", [550, 350, 180][e as usize]),
        Sex::Female => ("Thị", [760, 560, 300][e as usize]),
    };
    let middles = if sex == Sex::Male { MIDDLE_MALE } else { MIDDLE_FEMALE };
    if pm(rng, middle_p) {
        out.push_str(classic);
        // "Nguyễn Thị Hồng Nhung": a second middle name, common for women.
        let second = if sex == Sex::Female { 160 } else { 30 };
        if pm(rng, second) {
            out.push(' ');
            out.push_str(one(rng, &middles[..middles.len() - 1]));
        }
    } else {
        out.push_str(one(rng, middles));
    }
    out.push(' ');
    let given = match (sex, new_list) {
        (Sex::Male, false) => GIVEN_MALE_OLD,
        (Sex::Male, true) => GIVEN_MALE_NEW,
        (Sex::Female, false) => GIVEN_FEMALE_OLD,
        (Sex::Female, true) => GIVEN_FEMALE_NEW,
    };
    out.push_str(one(rng, given));
}

/// A full name under `surname` (kept by blood relatives on the father's side).
pub(crate) fn full_name(rng: &mut PRng, style: Style, surname: &str, sex: Sex, birth_year: i32) -> String {
    let mut s = String::with_capacity(32);
    match style {
        Style::Ede => {
            s.push_str(if sex == Sex::Male { "Y " } else { "H'" });
            let given: &[&str] = if sex == Sex::Male {
                &["Moan", "Bhin", "Ngông", "Thuột", "Jut", "Blô", "Djũ", "Kim", "Wai", "Krăm", "Lang", "Khuê"]
            } else {
                &["Hen", "Bia", "Lin", "Nga", "Drơng", "Xuân", "Mai", "Thơ", "Juen", "Yim", "Ngăm"]
            };
            s.push_str(one(rng, given));
            s.push(' ');
            s.push_str(surname);
        }
        Style::Jarai => {
            s.push_str(surname);
            s.push(' ');
            if sex == Sex::Female {
                s.push_str("H'");
            }
            let given: &[&str] = &["Phước", "Lin", "Blơi", "Thuyết", "Hyơn", "Nhai", "Đoan", "Yua", "Hiam", "Nguất"];
            s.push_str(one(rng, given));
        }
        Style::Khmer => {
            s.push_str(surname);
            s.push(' ');
            let given: &[&str] = if sex == Sex::Male {
                &["Sô Phol", "Chanh Đa", "Sóc Kha", "Sa Rươne", "Sa Vút", "Đa Ra", "Sô Phát", "Kim Sơn", "Ngọc Phên"]
            } else {
                &["Thị Sa Ry", "Thị Mây", "Thị Chanh Thy", "Thị Sóc Nang", "Kim Ny", "Thị Sa Phia", "Thị Chăn Thu"]
            };
            s.push_str(one(rng, given));
        }
        Style::Hmong => {
            s.push_str(surname);
            s.push_str(if sex == Sex::Male { " A " } else { " Thị " });
            let given: &[&str] = if sex == Sex::Male {
                &["Chứ", "Páo", "Dế", "Sử", "Chính", "Pà", "Tủa", "Lử", "Dính", "Chá", "Sếnh"]
            } else {
                &["Mỷ", "Súa", "Dợ", "Mai", "Chở", "Xá", "Pằng", "Dua", "Ly", "Sua"]
            };
            s.push_str(one(rng, given));
        }
        _ => {
            s.push_str(surname);
            s.push(' ');
            vietnamese_given(rng, sex, birth_year, &mut s);
        }
    }
    s
}

/// A nickname or former name for item (2): birth-order names in the south ("Tư", "Út"),
/// or the given name alone.
pub(crate) fn other_name(rng: &mut PRng, full: &str, south: bool) -> String {
    if south && rng.random_bool(0.6) {
        one(rng, &["Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Út"]).to_string()
    } else {
        full.rsplit(' ').next().unwrap_or(full).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bvctnb_core::text::normalize_name;

    #[test]
    fn generated_names_are_valid_names() {
        let mut rng = crate::rng::stream(&[7; 32], 0);
        for style in [Style::Viet, Style::Hmong, Style::Ede, Style::Jarai, Style::Khmer] {
            for i in 0..200 {
                let sex = if i % 2 == 0 { Sex::Male } else { Sex::Female };
                let sur = surname(&mut rng, style, i % 3);
                let n = full_name(&mut rng, style, sur, sex, 1940 + (i as i32 % 66));
                assert!(normalize_name(&n).is_ok(), "{n}");
                assert!(n.split(' ').count() >= 2, "{n}");
            }
        }
    }
}
