//! Queries bounded by an organisation subtree (dashboards, scoped lists and streams) and the
//! relative links that recusal is built from. The scope is always a `path` prefix in the
//! query, never a load-and-filter.

use super::SqlStore;
use crate::persons::Scopes;
use crate::{PersonRecord, RecentChange, Result, ScopeCounts, StoreError};
use async_trait::async_trait;
use bvctnb_core::ids::{OrgId, PersonId};
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use std::collections::BTreeMap;

/// Ids are integers of our own: inlined, so the placeholders stay in order.
pub(super) fn exclude_sql(col: &str, exclude: &[PersonId]) -> String {
    if exclude.is_empty() {
        return String::new();
    }
    let ids: Vec<String> = exclude.iter().map(|p| p.0.to_string()).collect();
    format!(" AND {col} NOT IN ({})", ids.join(", "))
}

impl SqlStore {
    /// The materialised path of `org` (`/1/2/35/`), the prefix of everything in its subtree.
    pub(crate) async fn subtree_path(&self, org: OrgId) -> Result<String> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT path FROM orgs WHERE id = $1").bind(org.0).fetch_optional(&self.pool).await?;
        row.map(|(p,)| p).ok_or(StoreError::NotFound { what: "tổ chức", id: org.0 })
    }

    /// The `LIKE` pattern of everything in the subtree of `org`.
    pub(crate) async fn scope_like(&self, org: OrgId) -> Result<String> {
        Ok(format!("{}%", self.subtree_path(org).await?))
    }
}

#[async_trait]
impl Scopes for SqlStore {
    async fn related_persons(&self, id: PersonId) -> Result<Vec<PersonId>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT person_ref FROM relatives WHERE person_id = $1 AND person_ref IS NOT NULL
             UNION SELECT person_id FROM relatives WHERE person_ref = $1
             ORDER BY 1",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(p,)| PersonId(p)).filter(|p| *p != id).collect())
    }

    async fn scope_counts(&self, org: OrgId) -> Result<ScopeCounts> {
        let path = self.subtree_path(org).await?;
        let like = format!("{path}%");
        // One pass over the subtree's persons, counted per organisation and status; the
        // roll-up to statuses and to direct children is over at most a few rows per org.
        // Counted per organisation from the (org_id, status) index, then joined to the few
        // thousand organisations for their paths; the whole tree needs no subtree filter.
        let is_root = !path.trim_matches('/').contains('/');
        let subtree = if is_root { "" } else { "WHERE org_id IN (SELECT id FROM orgs WHERE path LIKE $1)" };
        let q = format!(
            "SELECT o.path, c.status, c.n FROM
               (SELECT org_id, status, COUNT(*) AS n FROM persons {subtree} GROUP BY org_id, status) c
             JOIN orgs o ON o.id = c.org_id"
        );
        let mut per_org = sqlx::query_as::<_, (String, String, i64)>(sqlx::AssertSqlSafe(q.as_str()));
        if !is_root {
            per_org = per_org.bind(&like);
        }
        let per_org = per_org.fetch_all(&self.pool).await?;
        let children: Vec<(i64,)> = sqlx::query_as("SELECT id FROM orgs WHERE parent_id = $1 ORDER BY id")
            .bind(org.0)
            .fetch_all(&self.pool)
            .await?;
        let (relatives_abroad,): (i64,) = if is_root {
            sqlx::query_as("SELECT COUNT(*) FROM relatives WHERE abroad_country IS NOT NULL")
                .fetch_one(&self.pool)
                .await?
        } else {
            sqlx::query_as(
                "SELECT COUNT(*) FROM relatives r JOIN persons p ON p.id = r.person_id JOIN orgs o ON o.id = p.org_id
                 WHERE r.abroad_country IS NOT NULL AND o.path LIKE $1",
            )
            .bind(&like)
            .fetch_one(&self.pool)
            .await?
        };

        let mut by_status: BTreeMap<String, i64> = BTreeMap::new();
        let mut by_child: BTreeMap<i64, i64> = children.iter().map(|(c,)| (*c, 0)).collect();
        let mut persons = 0;
        for (org_path, status, n) in per_org {
            persons += n;
            *by_status.entry(status).or_default() += n;
            // `/1/2/` under `/1/`: the first segment after the root's path is the child.
            let child = org_path.strip_prefix(path.as_str()).and_then(|rest| rest.split('/').next());
            if let Some(slot) = child.and_then(|c| c.parse::<i64>().ok()).and_then(|c| by_child.get_mut(&c)) {
                *slot += n;
            }
        }
        Ok(ScopeCounts {
            persons,
            by_status: by_status.into_iter().collect(),
            by_child: by_child.into_iter().map(|(c, n)| (OrgId(c), n)).collect(),
            relatives_abroad,
        })
    }

    async fn recent_changes(&self, org: OrgId, limit: i64) -> Result<Vec<RecentChange>> {
        let path = self.subtree_path(org).await?;
        // The whole tree walks the change-sequence index backwards and stops at `limit`.
        let subtree = if path.trim_matches('/').contains('/') {
            "WHERE org_id IN (SELECT id FROM orgs WHERE path LIKE $2)"
        } else {
            ""
        };
        let q = format!(
            "SELECT id, full_name, version, submitted_at, submitted_by FROM persons {subtree}
             ORDER BY change_seq DESC, id DESC LIMIT $1"
        );
        let mut query =
            sqlx::query_as::<_, (i64, String, i64, String, String)>(sqlx::AssertSqlSafe(q.as_str())).bind(limit);
        if !subtree.is_empty() {
            query = query.bind(format!("{path}%"));
        }
        let rows = query.fetch_all(&self.pool).await?;
        Ok(rows
            .into_iter()
            .map(|(id, full_name, version, submitted_at, submitted_by)| RecentChange {
                person_id: PersonId(id),
                full_name,
                version,
                submitted_at,
                submitted_by,
            })
            .collect())
    }

    fn stream_persons_under(&self, org: OrgId, after: PersonId) -> BoxStream<'_, Result<PersonRecord>> {
        stream::once(self.subtree_path(org))
            .map_ok(move |path| {
                // The whole tree needs no subtree filter (every path starts with the root's).
                let prefix = path.trim_matches('/').contains('/').then_some(path);
                self.stream_records(prefix, after.0)
            })
            .try_flatten()
            .boxed()
    }
}
