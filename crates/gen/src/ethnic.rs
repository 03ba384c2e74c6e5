//! Ethnicity by region. The shares of `reference::ETHNICITIES` are national; each minority is
//! placed in the regions where it lives, with a weight chosen so that the national share is
//! kept: P(e | R) = P(e) / P(home regions of e) inside its home regions, and Kinh takes the
//! rest. An Ê Đê member is therefore from the Central Highlands, not from Hà Nội.

use crate::places::{PROVINCES, Region};
use crate::rng::PRng;
use bvctnb_core::reference::ETHNICITIES;
use rand::RngExt;
use std::sync::LazyLock;

use Region::*;

const REGIONS: [Region; 7] = [NorthHighland, NorthDelta, NorthCentral, SouthCentral, Highlands, Southeast, Mekong];

/// Where each group lives; groups not listed live in the northern mountains.
const HOME: &[(&str, &[Region])] = &[
    ("Tày", &[NorthHighland, Highlands]),
    ("Thái", &[NorthHighland, NorthCentral]),
    ("Mường", &[NorthDelta, NorthCentral]),
    ("Khmer", &[Mekong]),
    ("Nùng", &[NorthHighland, Highlands]),
    ("Hoa", &[Southeast, Mekong]),
    ("Gia Rai", &[Highlands]),
    ("Ê Đê", &[Highlands]),
    ("Ba Na", &[Highlands, SouthCentral]),
    ("Xơ Đăng", &[SouthCentral]),
    ("Cơ Ho", &[Highlands]),
    ("Chăm", &[SouthCentral, Mekong]),
    ("Sán Dìu", &[NorthHighland, NorthDelta]),
    ("Hrê", &[SouthCentral]),
    ("Ra Glai", &[SouthCentral, Highlands]),
    ("Mnông", &[Highlands]),
    ("Thổ", &[NorthCentral]),
    ("Xtiêng", &[Southeast]),
    ("Khơ Mú", &[NorthHighland, NorthCentral]),
    ("Bru - Vân Kiều", &[NorthCentral]),
    ("Cơ Tu", &[SouthCentral, NorthCentral]),
    ("Tà Ôi", &[NorthCentral]),
    ("Mạ", &[Highlands, Southeast]),
    ("Giẻ Triêng", &[SouthCentral]),
    ("Co", &[SouthCentral]),
    ("Chơ Ro", &[Southeast]),
    ("Chu Ru", &[Highlands]),
    ("Ngái", &[NorthDelta]),
    ("Chứt", &[NorthCentral]),
    ("Rơ Măm", &[SouthCentral]),
    ("Brâu", &[SouthCentral]),
    ("Ơ Đu", &[NorthCentral]),
];

fn home(e: &str) -> &'static [Region] {
    HOME.iter().find(|(n, _)| *n == e).map_or(&[NorthHighland], |(_, r)| r)
}

/// Per region: (ethnicity, weight in millionths), Kinh first.
static TABLES: LazyLock<Vec<Vec<(&'static str, u32)>>> = LazyLock::new(|| {
    let total: f64 = PROVINCES.iter().map(|p| f64::from(p.members_k)).sum();
    let share =
        |r: Region| PROVINCES.iter().filter(|p| p.region == r).map(|p| f64::from(p.members_k)).sum::<f64>() / total;
    let all: u32 = ETHNICITIES.iter().map(|e| e.1).sum();
    REGIONS
        .iter()
        .map(|&r| {
            let mut t: Vec<(&'static str, u32)> = vec![("Kinh", 0)];
            for &(e, pm) in ETHNICITIES.iter().filter(|e| e.0 != "Kinh") {
                let h = home(e);
                if h.contains(&r) {
                    let p_home: f64 = h.iter().map(|&x| share(x)).sum();
                    let w = f64::from(pm) / f64::from(all) / p_home * 1e6;
                    t.push((e, w.round() as u32));
                }
            }
            let minorities: u32 = t.iter().map(|x| x.1).sum();
            t[0].1 = 1_000_000u32.saturating_sub(minorities);
            t
        })
        .collect()
});

pub(crate) fn pick(rng: &mut PRng, region: Region) -> &'static str {
    let t = &TABLES[REGIONS.iter().position(|r| *r == region).expect("all regions listed")];
    let total: u32 = t.iter().map(|x| x.1).sum();
    let mut x = rng.random_range(0..total);
    for (e, w) in t {
        if x < *w {
            return e;
        }
        x -= w;
    }
    "Kinh"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_keeps_a_kinh_majority_except_the_mountains() {
        for (i, t) in TABLES.iter().enumerate() {
            let kinh = t[0].1;
            assert!(kinh > 300_000, "{:?}: {kinh}", REGIONS[i]);
            for (e, _) in t {
                assert!(bvctnb_core::reference::is_ethnicity(e));
            }
        }
    }
}
