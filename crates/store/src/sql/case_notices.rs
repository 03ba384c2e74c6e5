//! Notices of cases: to a role at an organisation (read per account) or to one person.

use super::SqlStore;
use super::workflow::CASES;
use crate::Result;
use crate::cases::*;
use async_trait::async_trait;
use bvctnb_core::ids::{CaseId, NoticeId};

pub(super) async fn insert_notices(
    tx: &mut sqlx::AnyConnection,
    case: CaseId,
    at: &str,
    n: &[(NoticeTo, String)],
) -> Result<()> {
    for (to, text) in n {
        let (role, org) = match to {
            NoticeTo::Role { role, org } => (role, org),
            NoticeTo::Person(p) => {
                CASES.tell_person(tx, case.0, *p, text, at).await?;
                continue;
            }
        };
        sqlx::query("INSERT INTO notices (case_id, at, to_role, to_org, text) VALUES ($1, $2, $3, $4, $5)")
            .bind(case.0)
            .bind(at)
            .bind(role.as_str())
            .bind(org.0)
            .bind(text)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

#[async_trait]
impl CaseNotices for SqlStore {
    async fn notices(&self, inbox: &Inbox, limit: i64) -> Result<Vec<Notice>> {
        let like = match inbox.scope {
            Some(o) => Some(self.scope_like(o).await?),
            None => None,
        };
        let rows: Vec<(i64, i64, String, String, Option<i64>)> = sqlx::query_as(
            "SELECT n.id, n.case_id, n.at, n.text, r.account_id FROM notices n
             LEFT JOIN notice_reads r ON r.notice_id = n.id AND r.account_id = $1
             WHERE (n.to_person IS NOT NULL AND n.to_person = $2)
                OR (n.to_role = $3 AND n.to_org IN (SELECT id FROM orgs WHERE path LIKE $4))
             ORDER BY n.id DESC LIMIT $5",
        )
        .bind(inbox.account)
        .bind(inbox.person.map_or(-1, |p| p.0))
        .bind(&inbox.role)
        .bind(like.unwrap_or_default())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, case, at, text, read)| Notice {
                id: NoticeId(id),
                record: CaseId(case),
                at,
                text,
                read: read.is_some(),
            })
            .collect())
    }

    async fn mark_notices_read(&self, inbox: &Inbox, ids: &[NoticeId]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for id in ids {
            sqlx::query(
                "INSERT INTO notice_reads (notice_id, account_id) VALUES ($1, $2)
                 ON CONFLICT (notice_id, account_id) DO NOTHING",
            )
            .bind(id.0)
            .bind(inbox.account)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
