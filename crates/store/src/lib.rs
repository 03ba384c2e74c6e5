//! Persistence behind one [`Store`] trait, with SQLite (embedded default) and PostgreSQL
//! implementations. Everyday queries share one runtime-SQL implementation over sqlx's `Any`
//! driver; bulk import has a backend-specific fast path (rusqlite prepared statements,
//! PostgreSQL `COPY`).

pub mod accounts;
pub mod audit;
/// Consistent copies of the database and their checks.
pub mod backup {
    pub use crate::sql::backup::{
        CopyCheck, Counts, PG_FILE, SQLITE_FILE, check_sqlite_copy, holds_data, pg_clear, pg_dump, pg_restore,
    };
}
pub mod bulk_pg;
pub mod bulk_sqlite;
pub mod campaigns;
pub mod cases;
mod migrate;
pub mod orgs;
pub mod persons;
pub mod private;
pub mod project;
pub mod secret_copies;
pub mod secret_destruction;
pub mod secret_incidents;
pub mod secret_periods;
pub mod secret_stats;
pub mod secret_takeouts;
pub mod secrets;
pub(crate) mod sql;
pub mod travel;
pub mod url;
pub mod workflow;

use async_trait::async_trait;
use bvctnb_core::Declaration;
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_core::org::OrgNode;
use bvctnb_core::person::MemberStatus;
use serde::Serialize;

pub use accounts::Accounts;
pub use audit::{AuditLog, Witness};
pub use campaigns::Campaigns;
pub use cases::{CaseLists, CaseNotices, CaseRequests, Cases, Conclusions};
pub use orgs::Orgs;
pub use persons::{PersonReads, Persons, Scopes};
pub use secret_copies::SecretCopies;
pub use secret_destruction::SecretDestruction;
pub use secret_incidents::SecretIncidents;
pub use secret_periods::SecretPeriods;
pub use secret_stats::SecretStats;
pub use secret_takeouts::SecretTakeouts;
pub use secrets::SecretRegisters;
pub use travel::{Delegations, ForeignRelations, Passports, Travel, Trips};
pub use url::{Backend, DEFAULT_URL, DatabaseUrl};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("Địa chỉ cơ sở dữ liệu \"{0}\" không được hỗ trợ: dùng sqlite://ĐƯỜNG_DẪN hoặc postgres://…")]
    UnknownScheme(String),
    #[error("Chưa có cơ sở dữ liệu tại {0}: chạy `bvctnb migrate` để tạo")]
    Missing(String),
    #[error("Không tìm thấy {what} mã {id}")]
    NotFound { what: &'static str, id: i64 },
    #[error(
        "Hồ sơ đã được người khác cập nhật (phiên bản hiện tại {current}, bạn sửa từ {expected}); tải lại rồi sửa tiếp"
    )]
    VersionConflict { expected: i64, current: i64 },
    #[error("Dữ liệu không hợp lệ: {0}")]
    Invalid(#[from] bvctnb_core::FieldErrors),
    #[error("Trùng dữ liệu: {0}")]
    Conflict(String),
    #[error("Người này đang có hồ sơ cùng loại chưa kết thúc (hồ sơ #{0}): tiếp tục hồ sơ đó thay vì mở hồ sơ mới")]
    OpenCase(bvctnb_core::ids::CaseId),
    #[error("Dữ liệu lưu trong cơ sở dữ liệu bị hỏng: {0}")]
    Corrupt(String),
    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Db(#[from] sqlx::Error),
    #[error("Lỗi SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("Lỗi di chuyển lược đồ: {0}")]
    Migration(String),
    #[error("{0}")]
    Org(#[from] bvctnb_core::org::OrgError),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A person's current record: where they belong and their current declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRecord {
    pub id: PersonId,
    pub org_id: OrgId,
    pub status: MemberStatus,
    pub version: i64,
    pub submitted_at: String,
    pub submitted_by: String,
    pub declaration: Declaration,
}

/// Whether a person has anything in the registers the dossier page lists beside the
/// declaration; most have none, and the page then skips those reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Holdings {
    pub cases: bool,
    pub trips: bool,
    pub passports: bool,
}

/// What the search index needs of a person, and the change sequence that lets the index
/// catch up after a crash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonSummary {
    pub id: PersonId,
    pub org_id: OrgId,
    pub full_name: String,
    pub other_names: Vec<String>,
    pub birth_year: i32,
    /// As declared: dd/mm/yyyy, mm/yyyy or yyyy.
    pub birth_date: String,
    pub hometown: String,
    pub change_seq: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionMeta {
    pub version: i64,
    pub submitted_at: String,
    pub submitted_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgMove {
    pub person_id: PersonId,
    pub from_org: OrgId,
    pub to_org: OrgId,
    pub moved_on: String,
    pub reason: String,
}

/// A person to write in bulk: id given by the source (an export, the generator).
#[derive(Debug, Clone)]
pub struct NewPerson {
    pub id: PersonId,
    pub org_id: OrgId,
    pub declaration: Declaration,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    pub orgs: i64,
    pub persons: i64,
    pub relatives: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub orgs_by_kind: Vec<(String, i64)>,
    pub persons_by_status: Vec<(String, i64)>,
    pub relatives_by_tier: Vec<(i64, i64)>,
    pub relatives_abroad: i64,
    pub persons_by_decade: Vec<(i64, i64)>,
    pub declaration_versions: i64,
}

/// One all-or-nothing bulk load: nothing is visible until `commit`, and dropping the writer
/// or calling `rollback` leaves the database as it was.
#[async_trait]
pub trait BulkWriter: Send {
    async fn write_orgs(&mut self, orgs: Vec<OrgNode>) -> Result<()>;
    async fn write_persons(&mut self, persons: Vec<NewPerson>) -> Result<()>;
    /// Commits and records the import under `content_hash`, so a rerun can skip it.
    async fn commit(self: Box<Self>, label: &str, content_hash: &str) -> Result<ImportCounts>;
    async fn rollback(self: Box<Self>) -> Result<()>;
}

/// Counts over one organisation subtree, computed in the query (for the dashboard).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScopeCounts {
    pub persons: i64,
    pub by_status: Vec<(String, i64)>,
    /// Persons under each direct child of the scope root, in the children's id order.
    pub by_child: Vec<(OrgId, i64)>,
    pub relatives_abroad: i64,
}

/// A declaration version submitted recently, for "recent changes" lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecentChange {
    pub person_id: PersonId,
    pub full_name: String,
    pub version: i64,
    pub submitted_at: String,
    pub submitted_by: String,
}

/// The whole store: persons and the organisation tree here, every other area in a trait of
/// its own, all of them reachable through one `dyn Store`.
#[async_trait]
pub trait Store:
    Orgs
    + Persons
    + PersonReads
    + Scopes
    + Accounts
    + AuditLog
    + Witness
    + Campaigns
    + Cases
    + CaseLists
    + CaseRequests
    + Conclusions
    + CaseNotices
    + Trips
    + Delegations
    + Passports
    + ForeignRelations
    + SecretRegisters
    + SecretCopies
    + SecretDestruction
    + SecretIncidents
    + SecretPeriods
    + SecretStats
    + SecretTakeouts
    + Send
    + Sync
{
    fn backend(&self) -> Backend;

    /// How many writes this process has committed, not counting the audit trail's own appends
    /// (the record of a read): a figure derived from the data and kept in memory is still
    /// current while this has not moved. Other processes' writes are not counted.
    fn writes_committed(&self) -> u64;

    /// Writes a consistent copy of the running database into the folder `dir`; returns the
    /// files written (SQLite: `VACUUM INTO`; PostgreSQL: `pg_dump`).
    async fn copy_into(&self, dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>>;
    /// Integrity, counts and the audit chain (against `outside` checkpoints too) of this database.
    async fn check_live(&self, trusted_keys: &[String], outside: &[audit::Checkpoint]) -> Result<backup::CopyCheck>;

    async fn max_change_seq(&self) -> Result<i64>;

    // Bulk import.
    async fn bulk_writer(&self) -> Result<Box<dyn BulkWriter>>;
    async fn import_done(&self, content_hash: &str) -> Result<bool>;
}

/// Whether opening may create the database (`migrate`, `demo`, `gen`, `import`) or must find
/// one already there (everything else: a mistyped path should not yield an empty database).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    Create,
    Existing,
}

/// Opens the store named by `url`, applying pending migrations.
pub async fn open(url: &DatabaseUrl, mode: OpenMode) -> Result<std::sync::Arc<dyn Store>> {
    let s = sql::SqlStore::connect(url, mode).await?;
    Ok(std::sync::Arc::new(s))
}
