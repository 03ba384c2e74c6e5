//! The shape every workflow shares — cases and trips today, secret-document registers and
//! coordination requests next: a record written under its version, a history of stage events,
//! files, and notices to a person. A workflow names its tables once in a [`Workflow`]; the SQL
//! lives here, so a new workflow adds its own columns and rules and copies none of this.

use super::corrupt;
use crate::workflow::{FileMeta, NewFile, NewStageEvent, StageCode, StageEvent};
use crate::{Result, StoreError};
use bvctnb_core::ids::{AttachmentId, PersonId};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, AssertSqlSafe, Row};

/// A table whose rows carry a `version` that every write checks and moves on.
pub(super) struct Versioned {
    pub table: &'static str,
    /// What a row is called in a not-found error.
    pub what: &'static str,
}

pub(super) struct Workflow {
    pub record: Versioned,
    /// The column of the event, file and notice tables naming the record.
    pub owner: &'static str,
    pub events: &'static str,
    /// Whether the events keep the working days spent in the stage left (`stage_days`).
    pub stage_days: bool,
    pub files: &'static str,
    /// The notice table and its column naming the person told; `None` for a workflow whose
    /// record has no person to tell (a secret document's copies and destruction).
    pub notices: Option<(&'static str, &'static str)>,
}

pub(super) const CASES: Workflow = Workflow {
    record: Versioned { table: "cases", what: "hồ sơ thẩm tra" },
    owner: "case_id",
    events: "case_events",
    stage_days: true,
    files: "attachments",
    notices: Some(("notices", "to_person")),
};

pub(super) const TRIPS: Workflow = Workflow {
    record: Versioned { table: "trips", what: "chuyến đi" },
    owner: "trip_id",
    events: "trip_events",
    stage_days: false,
    files: "trip_files",
    notices: Some(("trip_notices", "person_id")),
};

pub(super) const SECRET_COPIES: Workflow = Workflow {
    record: Versioned { table: "secret_copies", what: "đề nghị sao, chụp" },
    owner: "copy_id",
    events: "secret_copy_events",
    stage_days: false,
    files: "secret_copy_files",
    notices: None,
};

pub(super) const TAKEOUTS: Workflow = Workflow {
    record: Versioned { table: "secret_takeouts", what: "việc mang tài liệu mật ra ngoài" },
    owner: "takeout_id",
    events: "secret_takeout_events",
    stage_days: false,
    files: "secret_takeout_files",
    notices: None,
};

/// A classified item's own history: its level and period after registration (the stages are
/// its levels, so a re-grading reads from one to the other).
pub(super) const SECRET_ITEMS: Workflow = Workflow {
    record: Versioned { table: "secret_items", what: "tài liệu mật" },
    owner: "item_id",
    events: "secret_item_events",
    stage_days: false,
    files: "secret_item_files",
    notices: None,
};

pub(super) const DESTRUCTIONS: Workflow = Workflow {
    record: Versioned { table: "secret_destructions", what: "hồ sơ tiêu huỷ" },
    owner: "destruction_id",
    events: "secret_destruction_events",
    stage_days: false,
    files: "secret_destruction_files",
    notices: None,
};

pub(super) const DELEGATIONS: Versioned = Versioned { table: "delegations", what: "đoàn ra" };

impl Versioned {
    /// The answer to a write guarded by `WHERE id = … AND version = expected` that changed
    /// `moved` rows: none means someone else's write came first, or the row is gone.
    pub(super) async fn check(&self, tx: &mut sqlx::AnyConnection, id: i64, expected: i64, moved: u64) -> Result<()> {
        if moved == 1 {
            return Ok(());
        }
        let q = format!("SELECT version FROM {} WHERE id = $1", self.table);
        let cur: Option<(i64,)> = sqlx::query_as(AssertSqlSafe(q)).bind(id).fetch_optional(&mut *tx).await?;
        Err(match cur {
            Some((current,)) => StoreError::VersionConflict { expected, current },
            None => StoreError::NotFound { what: self.what, id },
        })
    }

    /// Moves the row on from `expected` to the next version, or fails as [`Self::check`] does.
    pub(super) async fn bump(&self, tx: &mut sqlx::AnyConnection, id: i64, expected: i64) -> Result<()> {
        let q = format!("UPDATE {} SET version = version + 1 WHERE id = $1 AND version = $2", self.table);
        let moved = sqlx::query(AssertSqlSafe(q)).bind(id).bind(expected).execute(&mut *tx).await?.rows_affected();
        self.check(tx, id, expected, moved).await
    }
}

/// Declares a row read by column name together with the list of its columns, from one list of
/// fields, so the SELECT and the mapping cannot drift apart.
macro_rules! row {
    ($(#[$m:meta])* struct $name:ident { $first:ident: $fty:ty $(, $field:ident: $ty:ty)* $(,)? }) => {
        $(#[$m])*
        struct $name {
            $first: $fty,
            $($field: $ty,)*
        }

        impl $name {
            const COLS: &'static str = concat!(stringify!($first) $(, ", ", stringify!($field))*);

            fn from_row(r: &AnyRow) -> Result<Self> {
                Ok(Self { $first: r.try_get(stringify!($first))?, $($field: r.try_get(stringify!($field))?,)* })
            }
        }
    };
}

row! {
    /// A history line as stored; the workflow turns the stage codes into its own stages.
    struct EventOut {
        id: i64,
        at: String,
        on_date: String,
        actor: String,
        step: String,
        from_stage: Option<String>,
        to_stage: Option<String>,
        stage_days: Option<i64>,
        detail: String,
    }
}

row! {
    /// A stored file's description (the content is read only when asked for).
    struct FileOut {
        id: i64,
        owner_id: i64,
        owner: String,
        file_name: String,
        mime: String,
        size: i64,
        digest: String,
        at: String,
        added_by: String,
    }
}

/// A history line of a step that moves the record from `from` to `to` on `on`.
pub(super) fn step_event<S>(
    on: chrono::NaiveDate,
    by: &str,
    step: &str,
    from: Option<S>,
    to: S,
    detail: String,
) -> NewStageEvent<S> {
    NewStageEvent {
        on_date: on.to_string(),
        actor: by.to_string(),
        step: step.to_string(),
        from_stage: from,
        to_stage: Some(to),
        stage_days: None,
        detail,
    }
}

/// A stored stage code read back as the workflow's stage; an unknown code is corrupt data.
pub(super) fn stage<S: StageCode>(code: &str) -> Result<S> {
    S::from_code(code).ok_or_else(|| corrupt(S::WHAT, code))
}

impl EventOut {
    fn typed<S: StageCode>(self) -> Result<StageEvent<S>> {
        let stage = |v: Option<String>| v.map(|c| stage(&c)).transpose();
        Ok(StageEvent {
            id: self.id,
            at: self.at,
            on_date: self.on_date,
            actor: self.actor,
            step: self.step,
            from_stage: stage(self.from_stage)?,
            to_stage: stage(self.to_stage)?,
            stage_days: self.stage_days,
            detail: self.detail,
        })
    }
}

impl FileOut {
    fn typed<R: From<i64>>(self) -> FileMeta<R> {
        FileMeta {
            id: AttachmentId(self.id),
            record: self.owner_id.into(),
            owner: self.owner,
            file_name: self.file_name,
            mime: self.mime,
            size: self.size,
            digest: self.digest,
            at: self.at,
            added_by: self.added_by,
        }
    }
}

impl Workflow {
    pub(super) async fn add_event<S: StageCode>(
        &self,
        tx: &mut sqlx::AnyConnection,
        owner: i64,
        e: &NewStageEvent<S>,
        now: &str,
    ) -> Result<()> {
        let (days_col, days_val) = if self.stage_days { (", stage_days", ", $9") } else { ("", "") };
        let q = format!(
            "INSERT INTO {} ({}, at, on_date, actor, step, from_stage, to_stage, detail{days_col})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8{days_val})",
            self.events, self.owner
        );
        let mut query = sqlx::query(AssertSqlSafe(q))
            .bind(owner)
            .bind(now)
            .bind(&e.on_date)
            .bind(&e.actor)
            .bind(&e.step)
            .bind(e.from_stage.map(S::code))
            .bind(e.to_stage.map(S::code))
            .bind(&e.detail);
        if self.stage_days {
            query = query.bind(e.stage_days);
        }
        query.execute(&mut *tx).await?;
        Ok(())
    }

    /// The record's history, oldest first.
    pub(super) async fn events<S: StageCode>(&self, pool: &AnyPool, owner: i64) -> Result<Vec<StageEvent<S>>> {
        let cols = if self.stage_days {
            EventOut::COLS.to_string()
        } else {
            // A history without the column reads it as absent, typed so both backends agree.
            EventOut::COLS.replace("stage_days", "CAST(NULL AS BIGINT) AS stage_days")
        };
        let q = format!("SELECT {cols} FROM {} WHERE {} = $1 ORDER BY id", self.events, self.owner);
        let rows = sqlx::query(AssertSqlSafe(q)).bind(owner).fetch_all(pool).await?;
        rows.iter().map(|r| EventOut::from_row(r)?.typed()).collect()
    }

    pub(super) async fn add_files(
        &self,
        tx: &mut sqlx::AnyConnection,
        owner: i64,
        files: &[NewFile],
        by: &str,
        now: &str,
    ) -> Result<()> {
        let q = format!(
            "INSERT INTO {} ({}, owner, file_name, mime, size, digest, content, at, added_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            self.files, self.owner
        );
        for f in files {
            sqlx::query(AssertSqlSafe(q.as_str()))
                .bind(owner)
                .bind(&f.owner)
                .bind(&f.file_name)
                .bind(&f.mime)
                .bind(f.content.len() as i64)
                .bind(blake3::hash(&f.content).to_hex().to_string())
                .bind(f.content.as_slice())
                .bind(now)
                .bind(by)
                .execute(&mut *tx)
                .await?;
        }
        Ok(())
    }

    fn file_cols(&self) -> String {
        FileOut::COLS.replace("owner_id", &format!("{} AS owner_id", self.owner))
    }

    /// The record's files, in the order they were added.
    pub(super) async fn files<R: From<i64>>(&self, pool: &AnyPool, owner: i64) -> Result<Vec<FileMeta<R>>> {
        let q = format!("SELECT {} FROM {} WHERE {} = $1 ORDER BY id", self.file_cols(), self.files, self.owner);
        let rows = sqlx::query(AssertSqlSafe(q)).bind(owner).fetch_all(pool).await?;
        rows.iter().map(|r| Ok(FileOut::from_row(r)?.typed())).collect()
    }

    pub(super) async fn file<R: From<i64>>(
        &self,
        pool: &AnyPool,
        id: AttachmentId,
    ) -> Result<Option<(FileMeta<R>, Vec<u8>)>> {
        let q = format!("SELECT {}, content FROM {} WHERE id = $1", self.file_cols(), self.files);
        let Some(r) = sqlx::query(AssertSqlSafe(q)).bind(id.0).fetch_optional(pool).await? else {
            return Ok(None);
        };
        Ok(Some((FileOut::from_row(&r)?.typed(), r.try_get("content")?)))
    }

    /// Tells `person` something about the record, inside the caller's write.
    pub(super) async fn tell_person(
        &self,
        tx: &mut sqlx::AnyConnection,
        owner: i64,
        person: PersonId,
        text: &str,
        now: &str,
    ) -> Result<()> {
        let Some((table, column)) = self.notices else {
            return Err(StoreError::Corrupt(format!("{} không có thông báo cho người", self.record.what)));
        };
        let q = format!("INSERT INTO {table} ({}, {column}, at, text) VALUES ($1, $2, $3, $4)", self.owner);
        sqlx::query(AssertSqlSafe(q)).bind(owner).bind(person.0).bind(now).bind(text).execute(&mut *tx).await?;
        Ok(())
    }
}
