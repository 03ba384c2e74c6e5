//! The rows every staged record shares — cases and trips today, secret-document registers and
//! coordination requests next: a history line per step, files, and notices to a person. A
//! workflow names its own stage enum and id type; the SQL that reads and writes these rows is
//! in `sql/workflow.rs`.

use bvctnb_core::case::{NoteKind, Stage};
use bvctnb_core::ids::{AttachmentId, NoticeId};
use bvctnb_core::secret::{CopyStatus, DestructionStage, SecretLevel, TakeoutStage};
use bvctnb_core::travel::TripStage;
use serde::Serialize;

/// A workflow's stage as stored: its code, and what it is called when a stored code is unknown.
pub trait StageCode: Copy + Send + Sync + 'static {
    const WHAT: &'static str;
    fn code(self) -> &'static str;
    fn from_code(s: &str) -> Option<Self>;
}

macro_rules! stage_code {
    ($t:ty, $what:literal) => {
        impl StageCode for $t {
            const WHAT: &'static str = $what;
            fn code(self) -> &'static str {
                <$t>::code(self)
            }
            fn from_code(s: &str) -> Option<Self> {
                <$t>::from_code(s)
            }
        }
    };
}

stage_code!(Stage, "bước hồ sơ");
stage_code!(TripStage, "bước của đơn đi nước ngoài");
stage_code!(NoteKind, "loại ghi chú của hồ sơ");
stage_code!(CopyStatus, "bước của đề nghị sao, chụp");
stage_code!(DestructionStage, "bước của hồ sơ tiêu huỷ");
stage_code!(TakeoutStage, "bước của việc mang tài liệu mật ra ngoài");
stage_code!(SecretLevel, "độ mật");

/// One line of a record's history.
#[derive(Debug, Clone, Serialize)]
pub struct StageEvent<S> {
    pub id: i64,
    pub at: String,
    pub on_date: String,
    pub actor: String,
    pub step: String,
    pub from_stage: Option<S>,
    pub to_stage: Option<S>,
    /// Working days spent in `from_stage`, when the event left it (kept by workflows whose
    /// clocks count stage times).
    pub stage_days: Option<i64>,
    pub detail: String,
}

/// A history line to write with a step.
#[derive(Debug, Clone)]
pub struct NewStageEvent<S> {
    pub on_date: String,
    pub actor: String,
    pub step: String,
    pub from_stage: Option<S>,
    pub to_stage: Option<S>,
    pub stage_days: Option<i64>,
    pub detail: String,
}

/// A stored file's description; the content is read only when asked for.
#[derive(Debug, Clone, Serialize)]
pub struct FileMeta<R> {
    pub id: AttachmentId,
    /// The record the file is kept with.
    pub record: R,
    /// Which part of the record it belongs to: `request:12`, `note:5`, `report`.
    pub owner: String,
    pub file_name: String,
    pub mime: String,
    pub size: i64,
    pub digest: String,
    pub at: String,
    pub added_by: String,
}

/// A file to store with a step.
#[derive(Debug, Clone)]
pub struct NewFile {
    pub owner: String,
    pub file_name: String,
    pub mime: String,
    pub content: Vec<u8>,
}

/// Something a person (or a role) was told about a record.
#[derive(Debug, Clone, Serialize)]
pub struct PersonNotice<R> {
    pub id: NoticeId,
    pub record: R,
    pub at: String,
    pub text: String,
    pub read: bool,
}
