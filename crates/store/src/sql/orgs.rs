//! Organisation tree in SQL: materialised paths, and the merge applied in one transaction.

use super::SqlStore;
use crate::orgs::Orgs;
use crate::{OrgMove, Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_core::org::{MergePlan, OrgError, OrgKind, OrgNode};
use sqlx::Row;
use sqlx::any::AnyRow;

const ORG_COLS: &str = "id, parent_id, kind, name, code, dissolved_on, merged_into";

pub(crate) fn org_from_row(r: &AnyRow) -> Result<OrgNode> {
    let kind: String = r.try_get("kind")?;
    let dissolved: Option<String> = r.try_get("dissolved_on")?;
    Ok(OrgNode {
        id: OrgId(r.try_get("id")?),
        parent: r.try_get::<Option<i64>, _>("parent_id")?.map(OrgId),
        kind: parse_kind(&kind)?,
        name: r.try_get("name")?,
        code: r.try_get("code")?,
        dissolved_on: dissolved
            .map(|d| d.parse().map_err(|_| StoreError::Corrupt(format!("ngày giải thể \"{d}\""))))
            .transpose()?,
        merged_into: r.try_get::<Option<i64>, _>("merged_into")?.map(OrgId),
    })
}

/// The materialised path of `org` under its parent (path and kind), checked against the
/// tree's rules before anything is written.
pub(crate) fn compute_path(org: &OrgNode, parent: Option<(&str, OrgKind)>) -> Result<String> {
    match (org.parent, parent) {
        (None, _) if org.kind != OrgKind::Central => Err(OrgError::RootMustBeCentral.into()),
        (None, _) => Ok(format!("/{}/", org.id)),
        (Some(p), None) => Err(OrgError::NotFound(p).into()),
        (Some(_), Some((path, pk))) => {
            if !org.kind.allowed_parents().contains(&pk) {
                return Err(OrgError::BadParent { child: org.kind.label(), parent: pk.label() }.into());
            }
            Ok(format!("{path}{}/", org.id))
        }
    }
}

pub(crate) fn parse_kind(kind: &str) -> Result<OrgKind> {
    OrgKind::from_code(kind).ok_or_else(|| StoreError::Corrupt(format!("loại tổ chức \"{kind}\"")))
}

pub(crate) async fn child_path(conn: &mut sqlx::AnyConnection, org: &OrgNode) -> Result<String> {
    let parent: Option<(String, String)> = match org.parent {
        Some(p) => {
            sqlx::query_as("SELECT path, kind FROM orgs WHERE id = $1").bind(p.0).fetch_optional(&mut *conn).await?
        }
        None => None,
    };
    let parent = parent.map(|(path, kind)| parse_kind(&kind).map(|k| (path, k))).transpose()?;
    compute_path(org, parent.as_ref().map(|(p, k)| (p.as_str(), *k)))
}

pub(crate) async fn insert_org(conn: &mut sqlx::AnyConnection, org: &OrgNode, path: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO orgs (id, parent_id, kind, name, code, path, dissolved_on, merged_into)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(org.id.0)
    .bind(org.parent.map(|p| p.0))
    .bind(org.kind.code())
    .bind(&org.name)
    .bind(&org.code)
    .bind(path)
    .bind(org.dissolved_on.map(|d| d.to_string()))
    .bind(org.merged_into.map(|m| m.0))
    .execute(&mut *conn)
    .await
    .map_err(|e| super::conflict_or(e, || format!("tổ chức mã {} đã có", org.id)))?;
    Ok(())
}

#[async_trait]
impl Orgs for SqlStore {
    async fn put_org(&self, org: &OrgNode) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let existing: Option<(Option<i64>, String)> = sqlx::query_as("SELECT parent_id, kind FROM orgs WHERE id = $1")
            .bind(org.id.0)
            .fetch_optional(&mut *tx)
            .await?;
        match existing {
            Some((parent, kind)) => {
                // Renaming is an edit; moving or retyping a node goes through a merge or a plan.
                if parent != org.parent.map(|p| p.0) || kind != org.kind.code() {
                    return Err(StoreError::Conflict(format!(
                        "tổ chức mã {} đã có với cấp trên hoặc loại khác; dùng thao tác hợp nhất",
                        org.id
                    )));
                }
                sqlx::query("UPDATE orgs SET name = $1, code = $2 WHERE id = $3")
                    .bind(&org.name)
                    .bind(&org.code)
                    .bind(org.id.0)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                let path = child_path(&mut tx, org).await?;
                insert_org(&mut tx, org, &path).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn org(&self, id: OrgId) -> Result<Option<OrgNode>> {
        let q = format!("SELECT {ORG_COLS} FROM orgs WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q.as_str())).bind(id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(org_from_row).transpose()
    }

    async fn org_children(&self, id: OrgId) -> Result<Vec<OrgNode>> {
        let q = format!("SELECT {ORG_COLS} FROM orgs WHERE parent_id = $1 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q.as_str())).bind(id.0).fetch_all(&self.pool).await?;
        rows.iter().map(org_from_row).collect()
    }

    async fn all_orgs(&self) -> Result<Vec<OrgNode>> {
        // Ordered by path length so parents always come before their children.
        let q = format!("SELECT {ORG_COLS} FROM orgs ORDER BY length(path), id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q.as_str())).fetch_all(&self.pool).await?;
        rows.iter().map(org_from_row).collect()
    }

    async fn merge_orgs(&self, plan: &MergePlan, reason: &str) -> Result<Vec<OrgMove>> {
        let mut tx = self.begin_write().await?;
        for d in &plan.dissolved {
            let row: Option<(Option<String>,)> = sqlx::query_as("SELECT dissolved_on FROM orgs WHERE id = $1")
                .bind(d.0)
                .fetch_optional(&mut *tx)
                .await?;
            match row {
                None => return Err(OrgError::NotFound(*d).into()),
                Some((Some(_),)) => return Err(OrgError::Inactive(*d).into()),
                Some((None,)) => {}
            }
        }
        let target = &plan.target;
        if plan.target_is_new {
            let path = child_path(&mut tx, target).await?;
            insert_org(&mut tx, target, &path).await?;
        }
        let (target_path,): (String,) =
            sqlx::query_as("SELECT path FROM orgs WHERE id = $1").bind(target.id.0).fetch_one(&mut *tx).await?;
        let on = plan.on.to_string();
        let seq = SqlStore::next_seq(&mut tx).await?;
        for c in &plan.reparented {
            let (old_path,): (String,) =
                sqlx::query_as("SELECT path FROM orgs WHERE id = $1").bind(c.0).fetch_one(&mut *tx).await?;
            let new_path = format!("{target_path}{c}/");
            sqlx::query("UPDATE orgs SET parent_id = $1 WHERE id = $2")
                .bind(target.id.0)
                .bind(c.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE orgs SET path = $1 || substr(path, CAST($2 AS INTEGER)) WHERE path LIKE $3")
                .bind(&new_path)
                .bind(old_path.len() as i64 + 1)
                .bind(format!("{old_path}%"))
                .execute(&mut *tx)
                .await?;
            // Members below a re-parented node keep their organisation but not their
            // ancestors, so the search index must see them again.
            sqlx::query("UPDATE persons SET change_seq = $1 WHERE org_id IN (SELECT id FROM orgs WHERE path LIKE $2)")
                .bind(seq)
                .bind(format!("{new_path}%"))
                .execute(&mut *tx)
                .await?;
        }
        let mut moves = Vec::new();
        for d in &plan.dissolved {
            let ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM persons WHERE org_id = $1 ORDER BY id")
                .bind(d.0)
                .fetch_all(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO org_moves (person_id, from_org, to_org, moved_on, reason)
                 SELECT id, org_id, $1, $2, $3 FROM persons WHERE org_id = $4",
            )
            .bind(target.id.0)
            .bind(&on)
            .bind(reason)
            .bind(d.0)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE persons SET org_id = $1, change_seq = $2 WHERE org_id = $3")
                .bind(target.id.0)
                .bind(seq)
                .bind(d.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE orgs SET dissolved_on = $1, merged_into = $2 WHERE id = $3")
                .bind(&on)
                .bind(target.id.0)
                .bind(d.0)
                .execute(&mut *tx)
                .await?;
            moves.extend(ids.into_iter().map(|(id,)| OrgMove {
                person_id: PersonId(id),
                from_org: *d,
                to_org: target.id,
                moved_on: on.clone(),
                reason: reason.to_string(),
            }));
        }
        tx.commit().await?;
        Ok(moves)
    }
}
