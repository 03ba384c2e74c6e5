//! The organisation tree and the mapping of person indices onto member-holding nodes.
//!
//! The tree is built once per generator from its own random stream. Every member-holding
//! node gets an integer weight (its intended size); persons are then laid out contiguously,
//! node after node, so `person(i)` finds its node by binary search without storing anything
//! per person.

use crate::places::{self, PROVINCES, Province};
use crate::rng::{DOMAIN_TREE, PRng, key, one, pm, stream};
use crate::toponyms::{self, CommuneKind};
use crate::units;
use crate::{Scale, blocs};
use bvctnb_core::OrgId;
use bvctnb_core::org::{OrgKind, OrgNode};
use rand::RngExt;
use std::collections::HashSet;
use std::ops::Range;

/// What the members of a node do; drives occupation, work history and education.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sector {
    /// Chi bộ thôn/ấp/khu phố: retirees, farmers, small traders.
    Residential,
    CommuneOffice,
    School,
    University,
    Health,
    Office,
    Enterprise,
    Police,
    Military,
    Abroad,
}

#[derive(Debug, Clone)]
pub(crate) struct Commune {
    /// "xã Tân Phú, tỉnh Đồng Nai".
    pub label: String,
    pub name: String,
    pub kind: CommuneKind,
}

/// Everything a person needs from the node that holds them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HolderCtx {
    pub province: u8,
    pub commune: u32,
    /// Index into `texts`: the unit the members work in, or the hamlet for residential cells.
    pub place: u32,
    pub sector: Sector,
}

pub(crate) struct Tree {
    pub nodes: Vec<OrgNode>,
    pub holder_org: Vec<OrgId>,
    pub holder_ctx: Vec<HolderCtx>,
    /// `starts[h]..starts[h + 1]` are the person indices held by holder `h`.
    pub starts: Vec<u64>,
    pub texts: Vec<String>,
    pub communes: Vec<Commune>,
    pub province_communes: Vec<Range<u32>>,
}

impl Tree {
    pub(crate) fn holder_of(&self, index: u64) -> usize {
        // The last holder whose start is <= index; empty holders share a start and are skipped
        // because partition_point finds the last of them.
        self.starts.partition_point(|&s| s <= index) - 1
    }
}

pub(crate) struct Builder {
    pub tree: Tree,
    weights: Vec<u64>,
    pub rng: PRng,
}

/// Weights are intended member counts scaled by this, so small cells keep their proportions.
const W: f64 = 16.0;

impl Builder {
    pub(crate) fn node(&mut self, parent: Option<OrgId>, kind: OrgKind, name: String, code: &str) -> OrgId {
        let id = OrgId(self.tree.nodes.len() as i64 + 1);
        self.tree.nodes.push(OrgNode {
            id,
            parent,
            kind,
            name,
            code: code.to_string(),
            dissolved_on: None,
            merged_into: None,
        });
        id
    }

    pub(crate) fn text(&mut self, s: String) -> u32 {
        self.tree.texts.push(s);
        self.tree.texts.len() as u32 - 1
    }

    pub(crate) fn hold(&mut self, org: OrgId, members: f64, ctx: HolderCtx) {
        debug_assert!(self.tree.nodes[org.0 as usize - 1].kind.holds_members());
        self.tree.holder_org.push(org);
        self.tree.holder_ctx.push(ctx);
        self.weights.push((members * W).round().max(1.0) as u64);
    }

    /// A random commune of `province` for units that are not tied to one.
    pub(crate) fn any_commune(&mut self, province: usize) -> u32 {
        let r = self.tree.province_communes[province].clone();
        self.rng.random_range(r)
    }

    /// A cell of `members`, sometimes split into tổ đảng when it is large.
    pub(crate) fn cell(&mut self, parent: OrgId, kind: OrgKind, name: String, members: f64, ctx: HolderCtx) {
        let code = if kind == OrgKind::Cell { "CB" } else { "CBCS" };
        let id = self.node(Some(parent), kind, name, code);
        if members > 40.0 && pm(&mut self.rng, 250) {
            let groups = self.rng.random_range(2..=3u32);
            self.hold(id, members * 0.3, ctx);
            for g in 1..=groups {
                let gid = self.node(Some(id), OrgKind::Group, format!("Tổ đảng số {g}"), "TĐ");
                self.hold(gid, members * 0.7 / f64::from(groups), ctx);
            }
        } else {
            self.hold(id, members, ctx);
        }
    }
}

/// Builds the tree for `scale` and lays `persons` out over its member-holding nodes.
pub(crate) fn build(scale: Scale, seed: u64, persons: u64) -> Tree {
    let mut b = Builder {
        tree: Tree {
            nodes: Vec::new(),
            holder_org: Vec::new(),
            holder_ctx: Vec::new(),
            starts: Vec::new(),
            texts: Vec::new(),
            communes: Vec::new(),
            province_communes: vec![0..0; PROVINCES.len()],
        },
        weights: Vec::new(),
        rng: stream(&key(seed, DOMAIN_TREE), 0),
    };
    let root = b.node(None, OrgKind::Central, "Trung ương".to_string(), "TW");
    match scale {
        Scale::National => {
            let total_k: u32 = PROVINCES.iter().map(|p| p.members_k).sum();
            // Provinces hold ≈ 4.85 M members; the central blocs hold the rest of 5.6 M.
            let factor = blocs::PROVINCE_MEMBERS / f64::from(total_k);
            for (p, prov) in PROVINCES.iter().enumerate() {
                province(&mut b, root, p, f64::from(prov.members_k) * factor);
            }
            blocs::build(&mut b, root);
        }
        Scale::Province => province(&mut b, root, places::DONG_NAI, 90_000.0),
        Scale::Persons(n) => province(&mut b, root, places::DONG_NAI, n as f64),
    }
    let total: u128 = b.weights.iter().map(|&w| u128::from(w)).sum();
    let mut cum: u128 = 0;
    let mut starts = Vec::with_capacity(b.weights.len() + 1);
    for &w in &b.weights {
        starts.push((u128::from(persons) * cum / total) as u64);
        cum += u128::from(w);
    }
    starts.push(persons);
    b.tree.starts = starts;
    b.tree
}

/// One provincial committee with its communes, intermediate committees and agencies,
/// shaped after Đồng Nai (2024: ≈ 90 000 members, 950 grassroots organisations, 3 000 cells).
fn province(b: &mut Builder, root: OrgId, p: usize, members: f64) {
    let prov: &Province = &PROVINCES[p];
    let pid = b.node(Some(root), OrgKind::DirectlyUnderCentral, prov.party_name(), prov.codes[0]);
    let admin = prov.admin_name();
    let full_size = f64::from(prov.members_k) * 1000.0;
    let n_comm = ((f64::from(prov.communes) * members / full_size).round() as usize).max(1);
    let zones: &[&str] = if n_comm >= 20 { prov.special_zones } else { &[] };
    let per_commune = members * 0.6 / n_comm as f64;
    let first = b.tree.communes.len() as u32;
    let mut used: HashSet<String> = HashSet::with_capacity(n_comm);
    let mut commune_nodes = Vec::with_capacity(n_comm);
    for i in 0..n_comm {
        let (kind, name) = if i < zones.len() {
            (CommuneKind::DacKhu, zones[i].to_string())
        } else {
            let kind =
                if pm(&mut b.rng, if prov.city { 500 } else { 130 }) { CommuneKind::Phuong } else { CommuneKind::Xa };
            let mut name = toponyms::commune_name(&mut b.rng, prov.region);
            let mut tries = 0;
            while used.contains(&name) {
                // A huge `Persons(n)` can exhaust the syllable pairs: number the repeats.
                tries += 1;
                name = toponyms::commune_name(&mut b.rng, prov.region);
                if tries > 20 {
                    name = format!("{name} {}", i + 1);
                }
            }
            (kind, name)
        };
        used.insert(name.clone());
        let label = format!("{} {name}, {admin}", kind.label());
        b.tree.communes.push(Commune { label, name, kind });
        commune_nodes.push(kind);
    }
    b.tree.province_communes[p] = first..first + n_comm as u32;
    for (i, kind) in commune_nodes.into_iter().enumerate() {
        let c = first + i as u32;
        let name = format!("Đảng bộ {} {}", kind.label(), b.tree.communes[c as usize].name);
        let id = b.node(Some(pid), OrgKind::GrassrootsCommittee, name, "ĐU");
        let size = per_commune * b.rng.random_range(0.55..1.45);
        commune_cells(b, id, p, c, size);
    }
    let agency_grassroots = (members * 0.4 / 41.0).round() as usize;
    units::agencies(b, pid, p, agency_grassroots);
}

/// Cells of a commune committee: its offices, school and clinic cells when it is large
/// enough, and one cell per hamlet or residential quarter.
fn commune_cells(b: &mut Builder, id: OrgId, p: usize, c: u32, members: f64) {
    let prov = &PROVINCES[p];
    let (cname, ckind) = {
        let cm = &b.tree.communes[c as usize];
        (cm.name.clone(), cm.kind)
    };
    let n_cells = ((members / 27.5).round() as usize).max(1);
    // (cell name, workplace; schools take the commune's name, offices its full title).
    const SPECIAL: &[(&str, &str, Sector, f64)] = &[
        ("Chi bộ Cơ quan Đảng - Mặt trận - Đoàn thể", "Cơ quan Đảng - Mặt trận - Đoàn thể", Sector::CommuneOffice, 0.6),
        ("Chi bộ Cơ quan chính quyền", "Ủy ban nhân dân", Sector::CommuneOffice, 0.8),
        ("Chi bộ Quân sự", "Ban Chỉ huy Quân sự", Sector::Military, 0.35),
        ("Chi bộ Trạm Y tế", "Trạm Y tế", Sector::Health, 0.4),
        ("Chi bộ Trường Trung học cơ sở", "Trường Trung học cơ sở", Sector::School, 0.7),
        ("Chi bộ Trường Tiểu học", "Trường Tiểu học", Sector::School, 0.6),
        ("Chi bộ Trường Mầm non", "Trường Mầm non", Sector::School, 0.4),
    ];
    let n_special = if n_cells >= 6 { (n_cells / 3).min(SPECIAL.len()) } else { 0 };
    let n_res = n_cells - n_special;
    let mut plan: Vec<(String, Sector, f64, u32)> = Vec::with_capacity(n_cells);
    for (name, work, sector, w) in &SPECIAL[..n_special] {
        let (full, workplace) = if *sector == Sector::School {
            (format!("{name} {cname}"), format!("{work} {cname}"))
        } else {
            ((*name).to_string(), format!("{work} {} {cname}", ckind.label()))
        };
        let place = b.text(workplace);
        plan.push((full, *sector, *w, place));
    }
    let mut seen = HashSet::with_capacity(n_res);
    for n in 1..=n_res as u32 {
        let mut h = toponyms::hamlet(&mut b.rng, prov.region, ckind, n);
        if !seen.insert(h.clone()) {
            h = format!("{h} {n}");
        }
        let w = b.rng.random_range(0.5..1.6);
        let place = b.text(h.clone());
        plan.push((format!("Chi bộ {h}"), Sector::Residential, w, place));
    }
    let total: f64 = plan.iter().map(|x| x.2).sum();
    for (name, sector, w, place) in plan {
        let ctx = HolderCtx { province: p as u8, commune: c, place, sector };
        b.cell(id, OrgKind::Cell, name, members * w / total, ctx);
    }
}

/// Size of a grassroots organisation that is itself a cell (chi bộ cơ sở).
pub(crate) fn small_size(rng: &mut PRng) -> f64 {
    5.0 + rng.random_range(0.0..25.0) + rng.random_range(0.0..15.0)
}

/// Size of a grassroots committee (đảng bộ cơ sở); a few are much larger.
pub(crate) fn committee_size(rng: &mut PRng) -> f64 {
    let s = 35.0 + rng.random_range(0.0..60.0) + rng.random_range(0.0..60.0);
    if pm(rng, 50) { s * 3.0 } else { s }
}

/// A grassroots committee of an agency with its cells, sometimes grouped under đảng bộ bộ
/// phận, e.g. the faculties of a hospital or the battalions of a regiment.
pub(crate) fn agency_committee(b: &mut Builder, parent: OrgId, unit: &str, members: f64, ctx: HolderCtx) {
    let id = b.node(Some(parent), OrgKind::GrassrootsCommittee, format!("Đảng bộ {unit}"), "ĐU");
    let n_cells = ((members / 17.0).round() as usize).max(2);
    let military = ctx.sector == Sector::Military;
    let subs = if military && n_cells >= 4 {
        (n_cells / 3).clamp(2, 4)
    } else if n_cells >= 6 && pm(&mut b.rng, 200) {
        2
    } else {
        0
    };
    let mut parents = vec![id];
    for s in 1..=subs {
        let name = if military {
            format!("Đảng bộ bộ phận Tiểu đoàn {s}")
        } else {
            format!("Đảng bộ bộ phận {}", units::sub_unit_name(ctx.sector, s))
        };
        parents.push(b.node(Some(id), OrgKind::SubCommittee, name, "ĐBBP"));
    }
    for i in 0..n_cells {
        // Cells go round-robin under the sub-committees, one staying directly under the
        // committee (its office), so every branch has members.
        let parent = if subs == 0 || i == 0 { id } else { parents[1 + (i - 1) % subs] };
        let name = units::cell_name(ctx.sector, i);
        let w = members / n_cells as f64 * b.rng.random_range(0.6..1.4);
        b.cell(parent, OrgKind::Cell, name, w, ctx);
    }
}

/// A grassroots organisation for an agency: a chi bộ cơ sở when small, else a committee.
/// `scale` multiplies the drawn size, for blocs whose units are larger than a province's.
pub(crate) fn agency_grassroots(
    b: &mut Builder,
    parent: OrgId,
    unit: &str,
    committee_pm: u32,
    scale: f64,
    ctx: HolderCtx,
) {
    if pm(&mut b.rng, committee_pm) {
        let size = committee_size(&mut b.rng) * scale;
        agency_committee(b, parent, unit, size, ctx);
    } else {
        let size = small_size(&mut b.rng) * scale;
        b.cell(parent, OrgKind::GrassrootsCell, format!("Chi bộ {unit}"), size, ctx);
    }
}

/// Uniform pick helper re-exported for the unit builders.
pub(crate) fn pick<T: Copy>(b: &mut Builder, items: &[T]) -> T {
    one(&mut b.rng, items)
}
