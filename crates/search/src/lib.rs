//! Person-name index for BVCTNB: diacritic-insensitive, typo-tolerant search over the
//! national register, filtered by birth year and organisation subtree.
//!
//! The index is a cache of the store: it can be rebuilt at any time
//! ([`PersonIndex::rebuild`]) and is kept current with [`PersonIndex::upsert`] /
//! [`PersonIndex::delete`]. Each [`PersonIndex::commit`] records the store's change
//! watermark, which [`PersonIndex::watermark`] reads back after a restart so the caller
//! replays only the changes made since.

mod analyzer;
mod collector;
mod index;
mod ordered;
mod query;
mod schema;

pub use index::PersonIndex;

/// One person as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonDoc {
    pub id: i64,
    pub full_name: String,
    /// Aliases, former names, names in religion: searchable, never displayed.
    pub other_names: Vec<String>,
    pub birth_year: Option<i32>,
    /// The person's organisation and all its ancestors' ids, so that a subtree filter is a
    /// single term lookup.
    pub org_path: Vec<i64>,
    /// Accepted for completeness of the record but not indexed: no query filters on it yet,
    /// and the national index stays smaller without it.
    pub hometown: String,
}

/// A search request. `text` is what the user typed, with or without diacritics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub text: String,
    pub birth_year: Option<i32>,
    /// Only persons in this organisation or any organisation below it.
    pub org: Option<i64>,
    /// Capped at [`MAX_LIMIT`].
    pub limit: usize,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: i64,
    pub full_name: String,
    pub birth_year: Option<i32>,
    /// Relevance; hits are sorted by it, descending, then in Vietnamese order of
    /// `full_name`, then by id. The thousands give the match tier (5 = a whole name equals
    /// or starts with the query, 4 = all words exact, 3/2/1 = typo-corrected), so every
    /// exact hit scores above every corrected one; the rest is BM25 over the name words.
    pub score: f32,
}

/// Largest `limit` honoured: result pages are for people to read, and a bounded top-k keeps
/// every query's cost bounded.
pub const MAX_LIMIT: usize = 1000;

/// Errors from the index. Index I/O and corruption are not the user's doing: callers log
/// them and show a generic message.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("cannot open search index directory: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("cannot create search index directory {path}: {source}")]
    CreateDir { path: std::path::PathBuf, source: std::io::Error },
    #[error("search index commit payload {0:?} is not a watermark")]
    BadWatermark(String),
    #[error("search index schema is missing field {0}")]
    MissingField(&'static str),
}

pub type Result<T, E = SearchError> = std::result::Result<T, E>;
