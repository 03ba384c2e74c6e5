//! The draws that a citizen-ID number depends on (sex, birth year, province of birth
//! registration) and unique CCCD and party-card numbers.
//!
//! The store keeps CCCDs unique. A CCCD is province (3) + century/sex (1) + year (2) + serial
//! (6), so the serial only has to be unique among persons sharing the first six digits. The
//! serial is a bijection of `index mod 10⁶`; the persons sharing a residue (at most six in
//! the national scale) are drawn in order and a later one redraws until its first six digits
//! differ from the earlier ones'. Persons are thus unique without any global table.

use crate::Generator;
use crate::orgs::Sector;
use crate::places::{self, MIGRANT_SOURCES, PROVINCES};
use crate::rng::{Weighted, permute, pm, stream};
use bvctnb_core::identity::{Sex, century_sex_digit};
use bvctnb_core::provinces::PROVINCE_CODES;
use rand::RngExt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Core {
    pub sex: Sex,
    pub birth_year: i32,
    /// Index into `PROVINCE_CODES`.
    pub birth_code: usize,
}

impl Core {
    fn cccd_prefix(&self) -> (usize, u32, i32) {
        let digit = century_sex_digit(self.birth_year, self.sex).unwrap_or(0);
        (self.birth_code, digit, self.birth_year.rem_euclid(100))
    }
}

const SERIALS: u64 = 1_000_000;

/// Birth-year bands by sector: residential cells hold many retirees; the armed forces are
/// young; everyone in employment was born after the retirement cut-off.
const RESIDENTIAL_YEARS: Weighted<(i32, i32)> = Weighted::new(&[
    ((1940, 1949), 14),
    ((1950, 1959), 24),
    ((1960, 1969), 22),
    ((1970, 1979), 16),
    ((1980, 1989), 12),
    ((1990, 1999), 9),
    ((2000, 2006), 3),
]);
const WORKING_YEARS: Weighted<(i32, i32)> =
    Weighted::new(&[((1965, 1969), 12), ((1970, 1979), 27), ((1980, 1989), 33), ((1990, 1999), 23), ((2000, 2006), 5)]);
const ARMED_YEARS: Weighted<(i32, i32)> =
    Weighted::new(&[((1966, 1974), 10), ((1975, 1984), 25), ((1985, 1994), 35), ((1995, 2006), 30)]);

fn draw(g: &Generator, j: u64, attempt: u64) -> Core {
    let ctx = g.tree.holder_ctx[g.tree.holder_of(j)];
    let mut rng = stream(&g.core_key, j * 64 + attempt);
    let male_pm = match ctx.sector {
        Sector::Military => 900,
        Sector::Police => 850,
        Sector::School => 300,
        Sector::Health => 380,
        Sector::Residential => 640,
        _ => 580,
    };
    let sex = if pm(&mut rng, male_pm) { Sex::Male } else { Sex::Female };
    let band = match ctx.sector {
        Sector::Residential => &RESIDENTIAL_YEARS,
        Sector::Military | Sector::Police => &ARMED_YEARS,
        _ => &WORKING_YEARS,
    };
    let (lo, hi) = *band.pick(&mut rng);
    let birth_year = rng.random_range(lo..=hi);
    let prov = &PROVINCES[ctx.province as usize];
    // Migration: the south-east, the highlands and the capital drew people from the north
    // and the centre; the central agencies recruit nationwide.
    let migrant_pm = match (ctx.sector, prov.region) {
        (Sector::Abroad, _) => 600,
        _ if prov.name == "Hà Nội" => 250,
        (_, places::Region::Southeast | places::Region::Highlands) => 330,
        _ => 70,
    };
    let code = if pm(&mut rng, migrant_pm) {
        MIGRANT_SOURCES.pick(&mut rng)
    } else {
        // The province that kept the name is usually the largest part.
        let k = rng.random_range(0..prov.codes.len() + 1);
        prov.codes[k.saturating_sub(1)]
    };
    Core { sex, birth_year, birth_code: places::code_index(code) }
}

/// The core draws of person `index` and the serial part of its CCCD.
pub(crate) fn core(g: &Generator, index: u64) -> (Core, u32) {
    let residue = index % SERIALS;
    let class = index / SERIALS;
    let mut earlier: Vec<(usize, u32, i32)> = Vec::with_capacity(class as usize);
    let mut k = 0;
    loop {
        let j = residue + k * SERIALS;
        let mut attempt = 0;
        let mut current = draw(g, j, attempt);
        while earlier.contains(&current.cccd_prefix()) && attempt < 63 {
            attempt += 1;
            current = draw(g, j, attempt);
        }
        if k == class {
            return (current, permute(residue, 1000, g.ids_key) as u32);
        }
        earlier.push(current.cccd_prefix());
        k += 1;
    }
}

pub(crate) fn cccd(core: &Core, serial: u32) -> String {
    let (code, digit, yy) = core.cccd_prefix();
    format!("{}{digit}{yy:02}{serial:06}", PROVINCE_CODES[code].0)
}

/// Party card number: the province code of the committee, then nine digits that are a
/// bijection of the person index (so numbers are unique up to 10⁹ persons).
pub(crate) fn party_card(g: &Generator, prefix: &str, index: u64) -> String {
    let low = permute(index % 100_000_000, 10_000, g.ids_key ^ 0x5a5a);
    let n = (index / 100_000_000) % 10 * 100_000_000 + low;
    format!("{prefix}{n:09}")
}
