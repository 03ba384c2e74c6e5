//! The heads lower levels send upward, on both backends.

use super::super::SqlStore;
use crate::Result;
use crate::audit::{Checkpoint, Witness, WitnessSource, WitnessedHead};
use async_trait::async_trait;

#[async_trait]
impl Witness for SqlStore {
    async fn put_witness_source(&self, s: &WitnessSource) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO witness_sources (key, name, added_by, added_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (key) DO UPDATE SET name = excluded.name",
        )
        .bind(&s.key)
        .bind(&s.name)
        .bind(&s.added_by)
        .bind(&s.added_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    async fn witness_sources(&self) -> Result<Vec<WitnessSource>> {
        let rows: Vec<(String, String, String, String)> =
            sqlx::query_as("SELECT key, name, added_by, added_at FROM witness_sources ORDER BY name, key")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(key, name, added_by, added_at)| WitnessSource { key, name, added_by, added_at })
            .collect())
    }

    async fn keep_witnessed_head(&self, h: &WitnessedHead) -> Result<()> {
        let c = &h.checkpoint;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO witnessed_heads (key, seq, hash, at, signature, received_at, received_via)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key, seq) DO NOTHING",
        )
        .bind(&c.key)
        .bind(c.seq)
        .bind(&c.hash)
        .bind(&c.at)
        .bind(&c.signature)
        .bind(&h.received_at)
        .bind(&h.received_via)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    async fn witnessed_heads(&self, key: &str) -> Result<Vec<WitnessedHead>> {
        let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
            "SELECT seq, hash, at, signature, received_at, received_via FROM witnessed_heads WHERE key = $1 ORDER BY seq",
        )
        .bind(key)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(seq, hash, at, signature, received_at, received_via)| WitnessedHead {
                checkpoint: Checkpoint { seq, hash, at, key: key.to_string(), signature },
                received_at,
                received_via,
            })
            .collect())
    }
}
