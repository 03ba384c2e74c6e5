//! The organisation tree: typed nodes whose depth varies by branch (DOMAIN §3), subtree
//! queries, and the merge of two organisations into one.

use crate::ids::OrgId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// Trung ương.
    Central,
    /// Đảng bộ trực thuộc Trung ương: provincial committees and central blocs.
    DirectlyUnderCentral,
    /// Đảng ủy khối / cơ quan at province level (optional level).
    Intermediate,
    /// Đảng bộ cơ sở, including đảng bộ xã, phường, đặc khu.
    GrassrootsCommittee,
    /// Chi bộ cơ sở: a grassroots organisation that is itself a cell.
    GrassrootsCell,
    /// Đảng bộ bộ phận (optional level).
    SubCommittee,
    /// Chi bộ trực thuộc.
    Cell,
    /// Tổ đảng.
    Group,
}

impl OrgKind {
    pub const ALL: [OrgKind; 8] = [
        OrgKind::Central,
        OrgKind::DirectlyUnderCentral,
        OrgKind::Intermediate,
        OrgKind::GrassrootsCommittee,
        OrgKind::GrassrootsCell,
        OrgKind::SubCommittee,
        OrgKind::Cell,
        OrgKind::Group,
    ];

    /// The stable name used in JSON and in the database (same as serde's).
    pub fn code(&self) -> &'static str {
        match self {
            OrgKind::Central => "central",
            OrgKind::DirectlyUnderCentral => "directly_under_central",
            OrgKind::Intermediate => "intermediate",
            OrgKind::GrassrootsCommittee => "grassroots_committee",
            OrgKind::GrassrootsCell => "grassroots_cell",
            OrgKind::SubCommittee => "sub_committee",
            OrgKind::Cell => "cell",
            OrgKind::Group => "group",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(&self) -> &'static str {
        match self {
            OrgKind::Central => "Trung ương",
            OrgKind::DirectlyUnderCentral => "Đảng bộ trực thuộc Trung ương",
            OrgKind::Intermediate => "Đảng bộ cấp trên cơ sở",
            OrgKind::GrassrootsCommittee => "Đảng bộ cơ sở",
            OrgKind::GrassrootsCell => "Chi bộ cơ sở",
            OrgKind::SubCommittee => "Đảng bộ bộ phận",
            OrgKind::Cell => "Chi bộ",
            OrgKind::Group => "Tổ đảng",
        }
    }

    /// Which kinds may sit directly above this one.
    pub fn allowed_parents(&self) -> &'static [OrgKind] {
        use OrgKind::*;
        match self {
            Central => &[],
            DirectlyUnderCentral => &[Central],
            Intermediate => &[DirectlyUnderCentral],
            GrassrootsCommittee | GrassrootsCell => &[DirectlyUnderCentral, Intermediate],
            SubCommittee => &[GrassrootsCommittee],
            Cell => &[GrassrootsCommittee, SubCommittee],
            Group => &[Cell, GrassrootsCell],
        }
    }

    /// Members are kept by cells; a tổ đảng is a working group inside one.
    pub fn holds_members(&self) -> bool {
        matches!(self, OrgKind::GrassrootsCell | OrgKind::Cell | OrgKind::Group)
    }

    /// The grassroots level keeps member dossiers.
    pub fn is_grassroots(&self) -> bool {
        matches!(self, OrgKind::GrassrootsCommittee | OrgKind::GrassrootsCell)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgNode {
    pub id: OrgId,
    pub parent: Option<OrgId>,
    pub kind: OrgKind,
    pub name: String,
    /// Short code used in document symbols, e.g. `ĐU` or a province code.
    #[serde(default)]
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dissolved_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<OrgId>,
}

impl OrgNode {
    /// An active node with no code.
    pub fn new(id: i64, parent: Option<i64>, kind: OrgKind, name: impl Into<String>) -> Self {
        Self {
            id: OrgId(id),
            parent: parent.map(OrgId),
            kind,
            name: name.into(),
            code: String::new(),
            dissolved_on: None,
            merged_into: None,
        }
    }

    pub fn is_active(&self) -> bool {
        self.dissolved_on.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgError {
    #[error("Không tìm thấy tổ chức mã {0}")]
    NotFound(OrgId),
    #[error("Tổ chức mã {0} đã có")]
    Duplicate(OrgId),
    #[error("{child} không thể trực thuộc {parent}")]
    BadParent { child: &'static str, parent: &'static str },
    #[error("Tổ chức cấp cao nhất phải là Trung ương")]
    RootMustBeCentral,
    #[error("Tổ chức mã {0} đã giải thể hoặc hợp nhất, không thể thao tác")]
    Inactive(OrgId),
    #[error("Chỉ hợp nhất được các tổ chức cùng loại và cùng cấp trên")]
    MergeMismatch,
    #[error("Cần ít nhất hai tổ chức để hợp nhất")]
    MergeTooFew,
    #[error("Đơn vị mới phải khác các đơn vị bị hợp nhất")]
    MergeTargetIsSource,
}

/// What a merge does, computed before anything is written so the store can apply it in one
/// transaction and the officer can read it first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergePlan {
    pub on: NaiveDate,
    /// The organisation that remains (an existing one, or a new node).
    pub target: OrgNode,
    pub target_is_new: bool,
    /// Organisations that are dissolved into the target.
    pub dissolved: Vec<OrgId>,
    /// Children of the dissolved organisations, re-parented under the target.
    pub reparented: Vec<OrgId>,
}

/// The in-memory tree: built from the store's node list for scope checks and navigation.
#[derive(Debug, Clone, Default)]
pub struct OrgTree {
    nodes: HashMap<OrgId, OrgNode>,
    children: HashMap<OrgId, Vec<OrgId>>,
}

impl OrgTree {
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a tree from nodes in any order; every parent must be present.
    pub fn from_nodes(nodes: impl IntoIterator<Item = OrgNode>) -> Result<Self, OrgError> {
        let mut t = Self::new();
        let all: Vec<OrgNode> = nodes.into_iter().collect();
        for n in &all {
            if t.nodes.insert(n.id, n.clone()).is_some() {
                return Err(OrgError::Duplicate(n.id));
            }
        }
        for n in &all {
            t.check_parent(n)?;
            if let Some(p) = n.parent {
                t.children.entry(p).or_default().push(n.id);
            }
        }
        Ok(t)
    }

    fn check_parent(&self, n: &OrgNode) -> Result<(), OrgError> {
        match n.parent {
            None if n.kind == OrgKind::Central => Ok(()),
            None => Err(OrgError::RootMustBeCentral),
            Some(p) => {
                let parent = self.nodes.get(&p).ok_or(OrgError::NotFound(p))?;
                if n.kind.allowed_parents().contains(&parent.kind) {
                    Ok(())
                } else {
                    Err(OrgError::BadParent { child: n.kind.label(), parent: parent.kind.label() })
                }
            }
        }
    }

    pub fn insert(&mut self, n: OrgNode) -> Result<(), OrgError> {
        if self.nodes.contains_key(&n.id) {
            return Err(OrgError::Duplicate(n.id));
        }
        self.check_parent(&n)?;
        if let Some(p) = n.parent {
            self.children.entry(p).or_default().push(n.id);
        }
        self.nodes.insert(n.id, n);
        Ok(())
    }

    pub fn get(&self, id: OrgId) -> Option<&OrgNode> {
        self.nodes.get(&id)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn nodes(&self) -> impl Iterator<Item = &OrgNode> {
        self.nodes.values()
    }

    pub fn children(&self, id: OrgId) -> &[OrgId] {
        self.children.get(&id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The node and its ancestors up to the root, nearest first.
    pub fn ancestors(&self, id: OrgId) -> Vec<OrgId> {
        let mut out = Vec::new();
        let mut cur = self.nodes.get(&id);
        while let Some(n) = cur {
            out.push(n.id);
            cur = n.parent.and_then(|p| self.nodes.get(&p));
        }
        out
    }

    /// Every node of the subtree rooted at `root`, root included, in pre-order.
    pub fn subtree(&self, root: OrgId) -> Vec<OrgId> {
        let mut out = Vec::new();
        if !self.nodes.contains_key(&root) {
            return out;
        }
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            out.push(id);
            stack.extend(self.children(id).iter().rev());
        }
        out
    }

    pub fn is_within(&self, node: OrgId, root: OrgId) -> bool {
        self.ancestors(node).contains(&root)
    }

    /// The nearest grassroots organisation at or above `id`: the keeper of member dossiers.
    pub fn grassroots_of(&self, id: OrgId) -> Option<OrgId> {
        self.ancestors(id).into_iter().find(|a| self.nodes.get(a).is_some_and(|n| n.kind.is_grassroots()))
    }

    /// `Trung ương › Tỉnh ủy X › Đảng bộ xã Y › Chi bộ thôn Z`.
    pub fn path_label(&self, id: OrgId) -> String {
        let mut names: Vec<&str> =
            self.ancestors(id).iter().filter_map(|a| self.nodes.get(a)).map(|n| n.name.as_str()).collect();
        names.reverse();
        names.join(" › ")
    }

    /// The path from just below `top` down to `id` (`Đảng bộ xã Y › Chi bộ thôn Z`): what
    /// tells a unit apart in a list of `top`'s subtree, since a cell's name alone repeats in
    /// every commune. `id` itself when it is `top`; below the root when `top` is not above it.
    pub fn path_below(&self, id: OrgId, top: OrgId) -> String {
        let chain = self.ancestors(id);
        let stop = chain.iter().position(|a| *a == top).unwrap_or(chain.len().saturating_sub(1)).max(1);
        let mut names: Vec<&str> =
            chain[..stop.min(chain.len())].iter().filter_map(|a| self.nodes.get(a)).map(|n| n.name.as_str()).collect();
        names.reverse();
        names.join(" › ")
    }

    /// Plans merging `sources` (same kind, same parent, all active) into `target`: either one
    /// of them (`Existing`) or a `New` node created under the same parent.
    pub fn plan_merge(&self, sources: &[OrgId], target: MergeTarget, on: NaiveDate) -> Result<MergePlan, OrgError> {
        if sources.len() < 2 && matches!(target, MergeTarget::New { .. }) || sources.is_empty() {
            return Err(OrgError::MergeTooFew);
        }
        let first = self.nodes.get(&sources[0]).ok_or(OrgError::NotFound(sources[0]))?;
        for s in sources {
            let n = self.nodes.get(s).ok_or(OrgError::NotFound(*s))?;
            if !n.is_active() {
                return Err(OrgError::Inactive(*s));
            }
            if n.kind != first.kind || n.parent != first.parent {
                return Err(OrgError::MergeMismatch);
            }
        }
        let (target_node, is_new) = match target {
            MergeTarget::Existing(id) => {
                let t = self.nodes.get(&id).ok_or(OrgError::NotFound(id))?;
                if !t.is_active() {
                    return Err(OrgError::Inactive(id));
                }
                if t.kind != first.kind || t.parent != first.parent {
                    return Err(OrgError::MergeMismatch);
                }
                (t.clone(), false)
            }
            MergeTarget::New { id, name, code } => {
                if self.nodes.contains_key(&id) {
                    return Err(OrgError::Duplicate(id));
                }
                let node = OrgNode {
                    id,
                    parent: first.parent,
                    kind: first.kind,
                    name,
                    code,
                    dissolved_on: None,
                    merged_into: None,
                };
                (node, true)
            }
        };
        let dissolved: Vec<OrgId> = sources.iter().copied().filter(|s| *s != target_node.id).collect();
        if dissolved.is_empty() {
            return Err(OrgError::MergeTargetIsSource);
        }
        let reparented = dissolved.iter().flat_map(|d| self.children(*d).iter().copied()).collect();
        Ok(MergePlan { on, target: target_node, target_is_new: is_new, dissolved, reparented })
    }

    pub fn apply_merge(&mut self, plan: &MergePlan) -> Result<(), OrgError> {
        if plan.target_is_new {
            self.insert(plan.target.clone())?;
        }
        for d in &plan.dissolved {
            let n = self.nodes.get_mut(d).ok_or(OrgError::NotFound(*d))?;
            n.dissolved_on = Some(plan.on);
            n.merged_into = Some(plan.target.id);
        }
        for c in &plan.reparented {
            let n = self.nodes.get_mut(c).ok_or(OrgError::NotFound(*c))?;
            if let Some(old) = n.parent.replace(plan.target.id)
                && let Some(v) = self.children.get_mut(&old)
            {
                v.retain(|x| x != c);
            }
            self.children.entry(plan.target.id).or_default().push(*c);
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeTarget {
    Existing(OrgId),
    New { id: OrgId, name: String, code: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: i64, parent: Option<i64>, kind: OrgKind, name: &str) -> OrgNode {
        OrgNode::new(id, parent, kind, name)
    }

    fn sample() -> OrgTree {
        use OrgKind::*;
        OrgTree::from_nodes([
            node(1, None, Central, "Trung ương"),
            node(2, Some(1), DirectlyUnderCentral, "Tỉnh ủy Đồng Nai"),
            node(3, Some(2), GrassrootsCommittee, "Đảng bộ xã A"),
            node(4, Some(2), GrassrootsCommittee, "Đảng bộ xã B"),
            node(5, Some(3), Cell, "Chi bộ ấp 1"),
            node(6, Some(4), Cell, "Chi bộ ấp 2"),
            node(7, Some(2), GrassrootsCell, "Chi bộ cơ sở trường C"),
        ])
        .unwrap()
    }

    #[test]
    fn kind_codes_match_serde() {
        for k in OrgKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
            assert_eq!(OrgKind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn subtree_and_ancestors() {
        let t = sample();
        assert_eq!(t.subtree(OrgId(3)), vec![OrgId(3), OrgId(5)]);
        assert_eq!(t.subtree(OrgId(2)).len(), 6);
        assert!(t.is_within(OrgId(5), OrgId(2)));
        assert!(!t.is_within(OrgId(5), OrgId(4)));
        assert_eq!(t.grassroots_of(OrgId(5)), Some(OrgId(3)));
        assert_eq!(t.path_label(OrgId(5)), "Trung ương › Tỉnh ủy Đồng Nai › Đảng bộ xã A › Chi bộ ấp 1");
        assert_eq!(t.path_below(OrgId(5), OrgId(2)), "Đảng bộ xã A › Chi bộ ấp 1");
        assert_eq!(t.path_below(OrgId(5), OrgId(3)), "Chi bộ ấp 1");
        assert_eq!(t.path_below(OrgId(3), OrgId(3)), "Đảng bộ xã A");
        assert_eq!(t.path_below(OrgId(5), OrgId(4)), "Tỉnh ủy Đồng Nai › Đảng bộ xã A › Chi bộ ấp 1", "not above it");
    }

    #[test]
    fn refuses_a_cell_directly_under_central() {
        let e = OrgTree::from_nodes([node(1, None, OrgKind::Central, "TW"), node(2, Some(1), OrgKind::Cell, "x")])
            .unwrap_err();
        assert!(matches!(e, OrgError::BadParent { .. }));
    }

    #[test]
    fn merges_two_communes_into_a_new_one() {
        let mut t = sample();
        let on = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        let plan = t
            .plan_merge(
                &[OrgId(3), OrgId(4)],
                MergeTarget::New { id: OrgId(10), name: "Đảng bộ xã AB".into(), code: "AB".into() },
                on,
            )
            .unwrap();
        assert_eq!(plan.dissolved, vec![OrgId(3), OrgId(4)]);
        assert_eq!(plan.reparented, vec![OrgId(5), OrgId(6)]);
        t.apply_merge(&plan).unwrap();
        assert_eq!(t.subtree(OrgId(10)), vec![OrgId(10), OrgId(5), OrgId(6)]);
        assert_eq!(t.get(OrgId(3)).unwrap().merged_into, Some(OrgId(10)));
        assert!(t.children(OrgId(3)).is_empty());
        let again = t.plan_merge(&[OrgId(3), OrgId(10)], MergeTarget::Existing(OrgId(10)), on);
        assert_eq!(again.unwrap_err(), OrgError::Inactive(OrgId(3)));
    }

    #[test]
    fn merge_needs_same_kind_and_parent() {
        let t = sample();
        let on = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        let e = t.plan_merge(&[OrgId(3), OrgId(7)], MergeTarget::Existing(OrgId(3)), on).unwrap_err();
        assert_eq!(e, OrgError::MergeMismatch);
    }
}
