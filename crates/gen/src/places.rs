//! The 34 provinces after the 1/7/2025 merger, the pre-merger provinces they absorbed (whose
//! codes still open every CCCD), and synthetic place names in each region's style.

use crate::rng::{PRng, one};
use bvctnb_core::provinces::PROVINCE_CODES;
use rand::RngExt;
use std::fmt::Write;
use std::sync::LazyLock;

/// Regions decide naming styles (thôn / bản / ấp, commune syllables) and surname mixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Region {
    NorthHighland,
    NorthDelta,
    NorthCentral,
    SouthCentral,
    Highlands,
    Southeast,
    Mekong,
}

impl Region {
    /// The three-way split that surnames follow (Hoàng/Vũ in the north become Huỳnh/Võ in
    /// the south).
    pub(crate) fn surname_zone(self) -> usize {
        match self {
            Region::NorthHighland | Region::NorthDelta => 0,
            Region::NorthCentral | Region::SouthCentral | Region::Highlands => 1,
            Region::Southeast | Region::Mekong => 2,
        }
    }

    pub(crate) fn is_south(self) -> bool {
        matches!(self, Region::Southeast | Region::Mekong)
    }
}

pub(crate) struct Province {
    pub name: &'static str,
    /// A city directly under the central government (thành phố trực thuộc Trung ương).
    pub city: bool,
    pub region: Region,
    /// CCCD codes of the pre-merger provinces it absorbed, the one that kept the name first.
    pub codes: &'static [&'static str],
    /// Rough party membership in thousands; synthetic, only the proportions matter.
    pub members_k: u32,
    /// Communes, wards and special zones after the 2025 reform.
    pub communes: u32,
    pub special_zones: &'static [&'static str],
}

use Region::*;

macro_rules! p {
    ($name:literal, $city:literal, $region:ident, [$($c:literal),+], $m:literal, $n:literal $(, [$($z:literal),*])?) => {
        Province { name: $name, city: $city, region: $region, codes: &[$($c),+], members_k: $m, communes: $n,
                   special_zones: &[$($($z),*)?] }
    };
}

pub(crate) const PROVINCES: &[Province] = &[
    p!("Hà Nội", true, NorthDelta, ["001"], 480, 126),
    p!("Huế", true, NorthCentral, ["046"], 60, 40),
    p!("Hải Phòng", true, NorthDelta, ["031", "030"], 210, 114, ["Cát Hải", "Bạch Long Vĩ"]),
    p!("Đà Nẵng", true, SouthCentral, ["048", "049"], 150, 94),
    p!("Hồ Chí Minh", true, Southeast, ["079", "074", "077"], 400, 168, ["Côn Đảo"]),
    p!("Cần Thơ", true, Mekong, ["092", "093", "094"], 150, 103),
    p!("Tuyên Quang", false, NorthHighland, ["008", "002"], 120, 124),
    p!("Cao Bằng", false, NorthHighland, ["004"], 55, 56),
    p!("Lai Châu", false, NorthHighland, ["012"], 35, 38),
    p!("Lào Cai", false, NorthHighland, ["010", "015"], 115, 99),
    p!("Thái Nguyên", false, NorthHighland, ["019", "006"], 130, 92),
    p!("Điện Biên", false, NorthHighland, ["011"], 55, 45),
    p!("Lạng Sơn", false, NorthHighland, ["020"], 75, 65),
    p!("Sơn La", false, NorthHighland, ["014"], 90, 75),
    p!("Phú Thọ", false, NorthDelta, ["025", "026", "017"], 230, 148),
    p!("Bắc Ninh", false, NorthDelta, ["027", "024"], 170, 99),
    p!("Quảng Ninh", false, NorthDelta, ["022"], 110, 54, ["Vân Đồn", "Cô Tô"]),
    p!("Hưng Yên", false, NorthDelta, ["033", "034"], 180, 104),
    p!("Ninh Bình", false, NorthDelta, ["037", "035", "036"], 240, 129),
    p!("Thanh Hóa", false, NorthCentral, ["038"], 230, 166),
    p!("Nghệ An", false, NorthCentral, ["040"], 210, 130),
    p!("Hà Tĩnh", false, NorthCentral, ["042"], 95, 69),
    p!("Quảng Trị", false, NorthCentral, ["045", "044"], 110, 78, ["Cồn Cỏ"]),
    p!("Quảng Ngãi", false, SouthCentral, ["051", "062"], 105, 96, ["Lý Sơn"]),
    p!("Gia Lai", false, Highlands, ["064", "052"], 150, 135),
    p!("Khánh Hòa", false, SouthCentral, ["056", "058"], 95, 65, ["Trường Sa"]),
    p!("Đắk Lắk", false, Highlands, ["066", "054"], 135, 102),
    p!("Lâm Đồng", false, Highlands, ["068", "067", "060"], 150, 124, ["Phú Quý"]),
    p!("Đồng Nai", false, Southeast, ["075", "070"], 120, 95),
    p!("Tây Ninh", false, Southeast, ["072", "080"], 105, 96),
    p!("Vĩnh Long", false, Mekong, ["086", "083", "084"], 140, 124),
    p!("Đồng Tháp", false, Mekong, ["087", "082"], 125, 102),
    p!("An Giang", false, Mekong, ["089", "091"], 130, 102, ["Phú Quốc", "Kiên Hải", "Thổ Châu"]),
    p!("Cà Mau", false, Mekong, ["096", "095"], 80, 64),
];

/// The province used for the `province` scale and as the shape of `Persons(n)`.
pub(crate) const DONG_NAI: usize = 28;
pub(crate) const HA_NOI: usize = 0;

impl Province {
    /// "tỉnh Đồng Nai", "thành phố Hà Nội", "Thành phố Hồ Chí Minh".
    pub(crate) fn admin_name(&self) -> String {
        let mut s = String::with_capacity(24);
        push_admin_name(self, &mut s);
        s
    }

    /// "Đảng bộ tỉnh Đồng Nai", "Đảng bộ Thành phố Hồ Chí Minh".
    pub(crate) fn party_name(&self) -> String {
        format!("Đảng bộ {}", self.admin_name())
    }
}

/// Lookup tables computed once: code number → index into [`PROVINCE_CODES`], and that
/// index → current province. They sit on the per-person path, so no string search there.
struct Lookup {
    by_number: [u8; 100],
    province: Vec<u8>,
}

static LOOKUP: LazyLock<Lookup> = LazyLock::new(|| {
    let mut by_number = [u8::MAX; 100];
    let mut province = Vec::with_capacity(PROVINCE_CODES.len());
    for (i, (code, _)) in PROVINCE_CODES.iter().enumerate() {
        by_number[code.parse::<usize>().expect("numeric code") % 100] = i as u8;
        let p = PROVINCES.iter().position(|p| p.codes.contains(code)).expect("every code belongs to a province");
        province.push(p as u8);
    }
    Lookup { by_number, province }
});

/// [`Province::admin_name`] appended to `out`.
pub(crate) fn push_admin_name(p: &Province, out: &mut String) {
    if p.name == "Hồ Chí Minh" {
        out.push_str("Thành phố ");
    } else if p.city {
        out.push_str("thành phố ");
    } else {
        out.push_str("tỉnh ");
    }
    out.push_str(p.name);
}

/// Index into [`PROVINCE_CODES`] of a code; the table is fixed, so a miss is a bug here.
pub(crate) fn code_index(code: &str) -> usize {
    let n: usize = code.parse().expect("numeric code");
    let i = LOOKUP.by_number[n % 100];
    debug_assert!(i != u8::MAX && PROVINCE_CODES[i as usize].0 == code);
    i as usize
}

/// Which current province absorbed the pre-merger province with this CCCD code index.
pub(crate) fn province_of_code(code_idx: usize) -> usize {
    LOOKUP.province[code_idx] as usize
}

/// "tỉnh Bình Phước" / "thành phố Hà Nội" for a pre-merger province.
pub(crate) fn old_admin_name(code_idx: usize) -> String {
    let (code, name) = PROVINCE_CODES[code_idx];
    match code {
        "079" => "Thành phố Hồ Chí Minh".to_string(),
        "001" | "031" | "048" | "092" => format!("thành phố {name}"),
        _ => format!("tỉnh {name}"),
    }
}

pub(crate) fn region_of_code(code_idx: usize) -> Region {
    PROVINCES[province_of_code(code_idx)].region
}

/// Where migrants come from: the densely populated north-central and delta provinces.
pub(crate) const MIGRANT_SOURCES: crate::rng::Weighted<&str> = crate::rng::Weighted::new(&[
    ("040", 10),
    ("038", 9),
    ("042", 7),
    ("034", 6),
    ("036", 5),
    ("001", 5),
    ("051", 5),
    ("049", 5),
    ("052", 5),
    ("046", 3),
    ("044", 3),
    ("035", 2),
    ("033", 2),
    ("030", 2),
    ("079", 3),
    ("026", 1),
    ("027", 1),
    ("024", 1),
    ("054", 1),
    ("082", 1),
    ("083", 1),
]);

// Commune-name syllables by style. Real names after the merger are mostly two-syllable
// Sino-Vietnamese compounds; the highlands keep names from the local languages.
const NORTH_A: &[&str] = &[
    "Đông", "Tây", "Nam", "Bắc", "Đại", "Quảng", "Yên", "Hồng", "Xuân", "Hưng", "Thượng", "Trung", "Thanh",
    "Kim", "Minh", "Hoàng", "Việt", "Phú", "Tân", "An", "Thái", "Thụy", "Vĩnh", "Nghĩa", "Đức", "Hà", "Cẩm",
    "Quang", "Lạc", "Văn", "Cao", "Tiên", "Hải", "Thiệu", "Hoằng", "Diễn", "Nghi", "Hương", "Thạch", "Gia",
];
const NORTH_B: &[&str] = &[
    "Sơn", "Hà", "Lâm", "Phong", "Thịnh", "Hòa", "Bình", "Lộc", "Tiến", "Thành", "Long", "Lợi", "Hưng", "Phúc",
    "Trạch", "Đồng", "Mỹ", "Xuyên", "Khê", "Quang", "Yên", "Trường", "Châu", "Vinh", "Giang", "Dương", "Đình",
    "Thọ", "Nghĩa", "Liên", "Thủy", "Điền", "Minh", "Thuận", "An", "Hợp", "Tân", "Cường", "Lĩnh", "Tảo",
];
const SOUTH_A: &[&str] = &[
    "Tân", "Phước", "Long", "An", "Bình", "Thạnh", "Mỹ", "Hòa", "Vĩnh", "Phú", "Hiệp", "Thới", "Nhơn", "Lợi",
    "Thuận", "Trường", "Châu", "Định", "Hưng", "Đông", "Tam", "Lộc", "Thành", "Xuân", "Gia", "Điện", "Duy",
    "Cát", "Ninh", "Diên", "Cam", "Tuy", "Sơn", "Đức", "Tịnh",
];
const SOUTH_B: &[&str] = &[
    "Phú", "Hòa", "Lợi", "Thạnh", "An", "Bình", "Long", "Hưng", "Thuận", "Mỹ", "Phước", "Tân", "Điền", "Hiệp",
    "Lộc", "Trung", "Khánh", "Định", "Đông", "Tây", "Thới", "Nghĩa", "Quới", "Xuân", "Sơn", "Hội", "Lập",
    "Vinh", "Hải", "Nhơn", "Tường", "Thắng",
];
const HIGHLAND_N_A: &[&str] = &[
    "Nà", "Bản", "Phìn", "Mường", "Pà", "Tả", "Lũng", "Sà", "Khuổi", "Na", "Pác", "Sủng", "Thông", "Nậm",
    "Chiềng", "Mù", "Tà", "Bó", "Cốc", "Lao",
];
const HIGHLAND_N_B: &[&str] = &[
    "Hang", "Cò", "Tè", "Ngòi", "Chải", "Phìn", "Nhé", "Lầu", "Pục", "Mười", "Khoang", "Sại", "Chả", "Bó", "Mo",
    "Lùng", "Pàng", "Sang", "Lếch", "Cang",
];
const HIGHLAND_S_A: &[&str] = &["Ea", "Ia", "Krông", "Đắk", "Chư", "Kon", "Buôn", "Cư", "Dliê", "Đăk"];
const HIGHLAND_S_B: &[&str] = &[
    "Kar", "Búk", "Grai", "Mil", "Sê", "Pah", "Tô", "Hdreh", "Păl", "Rông", "Mgar", "Pơng", "Yang", "Drông",
    "Pa", "Blang", "Kly", "Mơr", "Nông", "Bang",
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
    if named {
        format!("{word} {}", commune_name(rng, region))
    } else {
        format!("{word} {n}")
    }
}

const STREETS: &[&str] = &[
    "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Lý Thường Kiệt", "Hai Bà Trưng", "Quang Trung", "Nguyễn Huệ",
    "Lê Duẩn", "Phan Chu Trinh", "Hùng Vương", "Điện Biên Phủ", "Nguyễn Văn Cừ", "Võ Thị Sáu", "Trần Phú",
    "Lê Hồng Phong", "Nguyễn Thị Minh Khai", "Phạm Văn Đồng", "Cách Mạng Tháng Tám", "Ngô Quyền", "Bà Triệu",
    "Lý Tự Trọng", "Hoàng Văn Thụ", "Nguyễn Du", "Tôn Đức Thắng", "Võ Nguyên Giáp", "Phan Đình Phùng",
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
    bvctnb_core::person::Place {
        name,
        old_name,
        province_code: Some(PROVINCE_CODES[code_idx].0.to_string()),
    }
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

/// Sanity of the static table, checked by a unit test rather than at run time.
#[cfg(test)]
pub(crate) fn check_tables() -> Result<(), String> {
    if PROVINCES.len() != 34 {
        return Err(format!("{} provinces", PROVINCES.len()));
    }
    for (code, _) in PROVINCE_CODES {
        let n = PROVINCES.iter().filter(|p| p.codes.contains(code)).count();
        if n != 1 {
            return Err(format!("code {code} in {n} provinces"));
        }
    }
    for p in PROVINCES {
        for c in p.codes {
            if bvctnb_core::provinces::province_name(c).is_none() {
                return Err(format!("unknown code {c}"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_old_province_belongs_to_exactly_one_new_one() {
        super::check_tables().unwrap();
        assert_eq!(super::PROVINCES[super::DONG_NAI].name, "Đồng Nai");
    }
}
