//! The 34 provinces after the 1/7/2025 merger, the pre-merger provinces they absorbed (whose
//! codes still open every CCCD), and synthetic place names in each region's style.

use bvctnb_core::provinces::PROVINCE_CODES;
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

/// South of the 17th parallel: where posts under the Saigon administration existed.
pub(crate) fn former_south(code_idx: usize) -> bool {
    let code = PROVINCE_CODES[code_idx].0;
    code.parse::<u32>().is_ok_and(|n| n >= 45)
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
