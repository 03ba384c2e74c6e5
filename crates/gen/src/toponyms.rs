//! Synthetic place names in each region's style: communes, hamlets, street addresses, and
//! places of birth with their pre-2025 names.

use crate::places::{PROVINCES, Region, old_admin_name, province_of_code, push_admin_name, region_of_code};
use crate::rng::{PRng, one};
use Region::*;
use bvctnb_core::provinces::PROVINCE_CODES;
use rand::RngExt;
use std::fmt::Write;

// Commune-name syllables by style. Real names after the merger are mostly two-syllable
// Sino-Vietnamese compounds; the highlands keep names from the local languages.
const NORTH_A: &[&str] = &[
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Đại",
    "Quảng",
    "Yên",
    "Hồng",
    "Xuân",
    "Hưng",
    "Thượng",
    "Trung",
    "Thanh",
    "Kim",
    "Minh",
    "Hoàng",
    "Việt",
    "Phú",
    "Tân",
    "An",
    "Thái",
    "Thụy",
    "Vĩnh",
    "Nghĩa",
    "Đức",
    "Hà",
    "Cẩm",
    "Quang",
    "Lạc",
    "Văn",
    "Cao",
    "Tiên",
    "Hải",
    "Thiệu",
    "Hoằng",
    "Diễn",
    "Nghi",
    "Hương",
    "Thạch",
    "Gia",
];
const NORTH_B: &[&str] = &[
    "Sơn",
    "Hà",
    "Lâm",
    "Phong",
    "Thịnh",
    "Hòa",
    "Bình",
    "Lộc",
    "Tiến",
    "Thành",
    "Long",
    "Lợi",
    "Hưng",
    "Phúc",
    "Trạch",
    "Đồng",
    "Mỹ",
    "Xuyên",
    "Khê",
    "Quang",
    "Yên",
    "Trường",
    "Châu",
    "Vinh",
    "Giang",
    "Dương",
    "Đình",
    "Thọ",
    "Nghĩa",
    "Liên",
    "Thủy",
    "Điền",
    "Minh",
    "Thuận",
    "An",
    "Hợp",
    "Tân",
    "Cường",
    "Lĩnh",
    "Tảo",
];
const SOUTH_A: &[&str] = &[
    "Tân",
    "Phước",
    "Long",
    "An",
    "Bình",
    "Thạnh",
    "Mỹ",
    "Hòa",
    "Vĩnh",
    "Phú",
    "Hiệp",
    "Thới",
    "Nhơn",
    "Lợi",
    "Thuận",
    "Trường",
    "Châu",
    "Định",
    "Hưng",
    "Đông",
    "Tam",
    "Lộc",
    "Thành",
    "Xuân",
    "Gia",
    "Điện",
    "Duy",
    "Cát",
    "Ninh",
    "Diên",
    "Cam",
    "Tuy",
    "Sơn",
    "Đức",
    "Tịnh",
];
const SOUTH_B: &[&str] = &[
    "Phú", "Hòa", "Lợi", "Thạnh", "An", "Bình", "Long", "Hưng", "Thuận", "Mỹ", "Phước", "Tân", "Điền", "Hiệp", "Lộc",
    "Trung", "Khánh", "Định", "Đông", "Tây", "Thới", "Nghĩa", "Quới", "Xuân", "Sơn", "Hội", "Lập", "Vinh", "Hải",
    "Nhơn", "Tường", "Thắng",
];
const HIGHLAND_N_A: &[&str] = &[
    "Nà", "Bản", "Phìn", "Mường", "Pà", "Tả", "Lũng", "Sà", "Khuổi", "Na", "Pác", "Sủng", "Thông", "Nậm", "Chiềng",
    "Mù", "Tà", "Bó", "Cốc", "Lao",
];
const HIGHLAND_N_B: &[&str] = &[
    "Hang", "Cò", "Tè", "Ngòi", "Chải", "Phìn", "Nhé", "Lầu", "Pục", "Mười", "Khoang", "Sại", "Chả", "Bó", "Mo",
    "Lùng", "Pàng", "Sang", "Lếch", "Cang",
];
const HIGHLAND_S_A: &[&str] = &["Ea", "Ia", "Krông", "Đắk", "Chư", "Kon", "Buôn", "Cư", "Dliê", "Đăk"];
const HIGHLAND_S_B: &[&str] = &[
    "Kar", "Búk", "Grai", "Mil", "Sê", "Pah", "Tô", "Hdreh", "Păl", "Rông", "Mgar", "Pơng", "Yang", "Drông", "Pa",
    "Blang", "Kly", "Mơr", "Nông", "Bang",
];

/// A two-syllable commune (or hamlet) name in the style of `region`.
pub(crate) fn commune_name(rng: &mut PRng, region: Region) -> String {
    let mut s = String::with_capacity(16);
    push_commune_name(rng, region, &mut s);
    s
}

/// [`commune_name`] appended to `out`, saving an allocation on the per-person path.
pub(crate) fn push_commune_name(rng: &mut PRng, region: Region, out: &mut String) {
    let (a, b) = match region {
        NorthHighland if rng.random_bool(0.45) => (HIGHLAND_N_A, HIGHLAND_N_B),
        Highlands if rng.random_bool(0.4) => (HIGHLAND_S_A, HIGHLAND_S_B),
        NorthHighland | NorthDelta | NorthCentral => (NORTH_A, NORTH_B),
        _ => (SOUTH_A, SOUTH_B),
    };
    loop {
        let (x, y) = (one(rng, a), one(rng, b));
        if x != y {
            out.push_str(x);
            out.push(' ');
            out.push_str(y);
            return;
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommuneKind {
    Xa,
    Phuong,
    DacKhu,
}

impl CommuneKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            CommuneKind::Xa => "xã",
            CommuneKind::Phuong => "phường",
            CommuneKind::DacKhu => "đặc khu",
        }
    }
}

/// The word for a residential unit: thôn in the north, bản in the northern mountains, buôn
/// in Central Highlands villages, ấp in the south; wards use tổ dân phố or khu phố.
pub(crate) fn hamlet_word(rng: &mut PRng, region: Region, kind: CommuneKind) -> &'static str {
    match (kind, region) {
        (CommuneKind::Phuong, r) if r.is_south() => "khu phố",
        (CommuneKind::Phuong, _) => "tổ dân phố",
        (CommuneKind::DacKhu, _) => "khu phố",
        (_, NorthHighland) if rng.random_bool(0.5) => "bản",
        (_, Highlands) if rng.random_bool(0.3) => "buôn",
        (_, r) if r.is_south() => "ấp",
        _ => "thôn",
    }
}

/// A residential unit inside a commune: "ấp 3", "thôn Đông Hà", "khu phố 5".
pub(crate) fn hamlet(rng: &mut PRng, region: Region, kind: CommuneKind, n: u32) -> String {
    let word = hamlet_word(rng, region, kind);
    let named = matches!(word, "thôn" | "bản" | "buôn" | "ấp") && rng.random_bool(0.55);
    if named { format!("{word} {}", commune_name(rng, region)) } else { format!("{word} {n}") }
}

const STREETS: &[&str] = &[
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Lý Thường Kiệt",
    "Hai Bà Trưng",
    "Quang Trung",
    "Nguyễn Huệ",
    "Lê Duẩn",
    "Phan Chu Trinh",
    "Hùng Vương",
    "Điện Biên Phủ",
    "Nguyễn Văn Cừ",
    "Võ Thị Sáu",
    "Trần Phú",
    "Lê Hồng Phong",
    "Nguyễn Thị Minh Khai",
    "Phạm Văn Đồng",
    "Cách Mạng Tháng Tám",
    "Ngô Quyền",
    "Bà Triệu",
    "Lý Tự Trọng",
    "Hoàng Văn Thụ",
    "Nguyễn Du",
    "Tôn Đức Thắng",
    "Võ Nguyên Giáp",
    "Phan Đình Phùng",
];

/// A home address inside `commune` (already "xã X, tỉnh Y"): a street address in wards,
/// a hamlet elsewhere. Capitalised as forms print it.
pub(crate) fn home_address(rng: &mut PRng, region: Region, kind: CommuneKind, commune: &str) -> String {
    let mut s = String::with_capacity(commune.len() + 40);
    if kind == CommuneKind::Phuong && rng.random_bool(0.6) {
        let _ = write!(s, "Số {}, đường {}, ", rng.random_range(1..300u32), one(rng, STREETS));
    }
    let n = rng.random_range(1..16u32);
    let unit = hamlet(rng, region, kind, n);
    s.push_str(&unit);
    s.push_str(", ");
    s.push_str(commune);
    capitalise(s)
}

pub(crate) fn capitalise(s: String) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => s,
    }
}

/// A place of birth or hometown anywhere in the pre-merger province `code_idx`: today's name,
/// and often the old commune/district name it had before the 2025 reform.
pub(crate) fn place_in(rng: &mut PRng, code_idx: usize) -> bvctnb_core::person::Place {
    let region = region_of_code(code_idx);
    let prov = &PROVINCES[province_of_code(code_idx)];
    let kind = if rng.random_bool(if prov.city { 0.5 } else { 0.12 }) { CommuneKind::Phuong } else { CommuneKind::Xa };
    let mut name = String::with_capacity(48);
    name.push_str(kind.label());
    name.push(' ');
    push_commune_name(rng, region, &mut name);
    name.push_str(", ");
    push_admin_name(prov, &mut name);
    let old_name = rng.random_bool(0.7).then(|| {
        let mut s = String::with_capacity(64);
        s.push_str("xã ");
        push_commune_name(rng, region, &mut s);
        s.push_str(if rng.random_bool(0.8) { ", huyện " } else { ", thị xã " });
        push_commune_name(rng, region, &mut s);
        s.push_str(", ");
        s.push_str(&old_admin_name(code_idx));
        s
    });
    bvctnb_core::person::Place { name, old_name, province_code: Some(PROVINCE_CODES[code_idx].0.to_string()) }
}

/// The short form used for relatives' hometowns: "xã Tân Hòa, tỉnh Đồng Nai".
pub(crate) fn short_place(rng: &mut PRng, code_idx: usize) -> String {
    let region = region_of_code(code_idx);
    let prov = &PROVINCES[province_of_code(code_idx)];
    let mut s = String::with_capacity(40);
    s.push_str("xã ");
    push_commune_name(rng, region, &mut s);
    s.push_str(", ");
    push_admin_name(prov, &mut s);
    s
}
