//! The organisation tree as stored: nodes under materialised paths, and merges.

use crate::{OrgMove, Result};
use async_trait::async_trait;
use bvctnb_core::ids::OrgId;
use bvctnb_core::org::{MergePlan, OrgNode};

#[async_trait]
pub trait Orgs: Send + Sync {
    async fn put_org(&self, org: &OrgNode) -> Result<()>;
    async fn org(&self, id: OrgId) -> Result<Option<OrgNode>>;
    async fn org_children(&self, id: OrgId) -> Result<Vec<OrgNode>>;
    async fn all_orgs(&self) -> Result<Vec<OrgNode>>;
    /// Applies a merge planned by `OrgTree::plan_merge` in one transaction: members of the
    /// dissolved organisations move to the target and each move is kept in the history.
    async fn merge_orgs(&self, plan: &MergePlan, reason: &str) -> Result<Vec<OrgMove>>;
}
