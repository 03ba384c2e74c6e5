//! Deterministic synthetic data for BVCTNB: the party organisation tree and personal-history
//! declarations (Mẫu 2-KNĐ) that look real and pass [`Declaration::validate`].
//!
//! Same scale and seed give byte-identical output. Each person is drawn from its own random
//! stream keyed by (seed, index), so generation can be sharded across threads or machines
//! and any person can be regenerated alone.
//!
//! What it models, in short:
//! - the tree after 1/7/2025: Trung ương, the 34 provinces (real names, their pre-merger
//!   CCCD codes), the central blocs, the army, the police and the organisations abroad;
//!   communes with hamlet cells, intermediate committees, agencies, sub-committees, groups;
//! - persons as of [`AS_OF`]: names by regional surname frequency and ethnic custom,
//!   ethnicity by region (national shares of `reference::ETHNICITIES` preserved), CCCD
//!   consistent with birth date, sex and birth province and unique across the data set,
//!   unique party-card numbers, party dates that respect the 18-year and 12-month rules;
//! - work history, training, awards, party badges, discipline, historical particulars and
//!   three tiers of relatives at realistic shares (see `examples/gen_stats.rs`).
//!
//! ```
//! use bvctnb_gen::{Generator, Scale};
//! let g = Generator::new(Scale::Persons(50), 7);
//! let p = g.person(0);
//! assert!(p.declaration.validate().is_ok());
//! ```

mod blocs;
mod career;
mod education;
mod ethnic;
mod family;
mod ident;
mod merits;
mod names;
mod orgs;
mod person;
mod places;
mod rng;
pub mod secrets;
mod toponyms;
mod units;

use bvctnb_core::org::OrgNode;
use bvctnb_core::{Declaration, OrgId, PersonId};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::sync::OnceLock;

/// The date the data describe ("today" for ages, current posts and probation periods).
pub const AS_OF: NaiveDate = match NaiveDate::from_ymd_opt(2026, 1, 1) {
    Some(d) => d,
    None => panic!("valid date"),
};

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// One province shaped like Đồng Nai in 2024: ≈ 90 000 members, 950 grassroots
    /// organisations and 3 000 cells.
    Province,
    /// The whole country: 34 provinces and the central blocs, ≈ 5.6 M members.
    National,
    /// The province shape scaled to this many persons.
    Persons(u64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleError(pub String);

impl fmt::Display for ScaleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Quy mô \"{}\" không hợp lệ: dùng \"province\" (một tỉnh), \"national\" (toàn quốc) hoặc số người cần sinh",
            self.0
        )
    }
}

impl std::error::Error for ScaleError {}

impl FromStr for Scale {
    type Err = ScaleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        match t.to_ascii_lowercase().as_str() {
            "province" => Ok(Scale::Province),
            "national" => Ok(Scale::National),
            n => {
                let digits: String = n.chars().filter(|c| *c != '_').collect();
                digits.parse::<u64>().map(Scale::Persons).map_err(|_| ScaleError(s.to_string()))
            }
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scale::Province => f.write_str("province"),
            Scale::National => f.write_str("national"),
            Scale::Persons(n) => write!(f, "{n}"),
        }
    }
}

/// One generated person: their dossier and the member-holding organisation they belong to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GenPerson {
    pub id: PersonId,
    pub org_id: OrgId,
    pub declaration: Declaration,
}

pub struct Generator {
    scale: Scale,
    seed: u64,
    persons: u64,
    tree: orgs::Tree,
    person_key: [u8; 32],
    core_key: [u8; 32],
    ids_key: u64,
    relatives: OnceLock<u64>,
}

impl Generator {
    /// Builds the organisation tree (a fraction of a second even nationally); persons are
    /// generated on demand.
    pub fn new(scale: Scale, seed: u64) -> Self {
        let persons = match scale {
            Scale::Province => 90_000,
            Scale::National => 5_600_000,
            Scale::Persons(n) => n,
        };
        Self {
            scale,
            seed,
            persons,
            tree: orgs::build(scale, seed, persons),
            person_key: rng::key(seed, rng::DOMAIN_PERSON),
            core_key: rng::key(seed, rng::DOMAIN_CORE),
            ids_key: rng::mix64(seed ^ rng::DOMAIN_IDS),
            relatives: OnceLock::new(),
        }
    }

    pub fn scale(&self) -> Scale {
        self.scale
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The whole tree, parents before children, ids from 1.
    pub fn orgs(&self) -> Vec<OrgNode> {
        self.tree.nodes.clone()
    }

    /// The tree without copying it.
    pub fn org_nodes(&self) -> &[OrgNode] {
        &self.tree.nodes
    }

    pub fn person_count(&self) -> u64 {
        self.persons
    }

    /// The organisation of person `index`, without generating the person.
    pub fn org_of(&self, index: u64) -> OrgId {
        self.tree.holder_org[self.tree.holder_of(index)]
    }

    /// Person number `index` (0-based; its id is `index + 1`).
    ///
    /// # Panics
    /// If `index >= person_count()`.
    pub fn person(&self, index: u64) -> GenPerson {
        assert!(index < self.persons, "person index {index} out of range 0..{}", self.persons);
        person::generate(self, index)
    }

    /// Every person in index order.
    pub fn persons(&self) -> impl Iterator<Item = GenPerson> + '_ {
        self.persons_in(0..self.persons)
    }

    /// The persons of one shard, for parallel generation.
    pub fn persons_in(&self, range: Range<u64>) -> impl Iterator<Item = GenPerson> + '_ {
        let end = range.end.min(self.persons);
        (range.start.min(end)..end).map(move |i| self.person(i))
    }

    /// Expected number of relatives over all persons, from an evenly spaced sample of 1 024
    /// persons (computed once: ≈ 10 ms in release builds).
    pub fn relative_count_estimate(&self) -> u64 {
        *self.relatives.get_or_init(|| {
            let n = self.persons;
            if n == 0 {
                return 0;
            }
            let samples = n.min(1024);
            let total: u64 = (0..samples).map(|k| self.person(k * n / samples).declaration.family.len() as u64).sum();
            (total as f64 * n as f64 / samples as f64).round() as u64
        })
    }
}
