//! Witnessing: the level above keeps the signed heads its lower levels send with their
//! periodic exchange (as Certificate Transparency's gossip keeps other logs honest). A lower
//! level's trail is later held to those heads, which survive a rewrite of everything the lower
//! level itself holds. The store keeps sources and heads; the rules for accepting a head (a
//! registered key, a good signature, never moving back) are the application's.

use super::Checkpoint;
use crate::Result;
use async_trait::async_trait;
use serde::Serialize;

/// A lower level whose heads this installation keeps, known by its audit key's public half.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WitnessSource {
    /// Hex ed25519 public key, lowercase.
    pub key: String,
    /// e.g. "Ban Tổ chức Tỉnh ủy Đồng Nai".
    pub name: String,
    pub added_by: String,
    pub added_at: String,
}

/// A head as kept, with when and how it arrived ("http", "tệp", …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WitnessedHead {
    pub checkpoint: Checkpoint,
    pub received_at: String,
    pub received_via: String,
}

#[async_trait]
pub trait Witness: Send + Sync {
    /// Registers a source, or renames one already registered.
    async fn put_witness_source(&self, s: &WitnessSource) -> Result<()>;
    async fn witness_sources(&self) -> Result<Vec<WitnessSource>>;
    /// Keeps a head; a head already kept for the same key and seq is left as it is. Runs in a
    /// write transaction, so the use case's audit entry commits with it.
    async fn keep_witnessed_head(&self, h: &WitnessedHead) -> Result<()>;
    /// The heads kept for `key`, by seq.
    async fn witnessed_heads(&self, key: &str) -> Result<Vec<WitnessedHead>>;
}
