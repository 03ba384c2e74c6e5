//! SQLite bulk load through rusqlite prepared statements on a dedicated thread: the caller
//! parses and projects on one core while this thread inserts on the other. One transaction,
//! so a failed file leaves nothing behind.

use crate::audit::AuditEvent;
use crate::project::{PersonRow, RelativeRow, person_row, relative_rows};
use crate::sql::orgs::compute_path;
use crate::{BulkWriter, ImportCounts, NewPerson, Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::org::{OrgKind, OrgNode};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::collections::HashMap;
use std::path::Path;
use tokio::sync::{mpsc, oneshot};

pub struct ProjectedPerson {
    pub id: i64,
    pub org_id: i64,
    pub row: PersonRow,
    pub relatives: Vec<RelativeRow>,
    /// The screening projection, when the person has anything a rule can look at.
    pub screen: Option<String>,
}

pub fn project(persons: Vec<NewPerson>) -> Vec<ProjectedPerson> {
    persons
        .into_iter()
        .map(|p| ProjectedPerson {
            id: p.id.0,
            org_id: p.org_id.0,
            row: person_row(&p.declaration),
            relatives: relative_rows(&p.declaration),
            screen: bvctnb_core::screening::ScreeningFacts::to_json(&p.declaration),
        })
        .collect()
}

enum Cmd {
    Orgs(Vec<OrgNode>),
    Persons(Vec<ProjectedPerson>),
    Commit {
        label: String,
        hash: String,
        /// The import's audit entry (see `audit::ambient`), chained in the same transaction.
        audit: Option<Box<AuditEvent>>,
        reply: oneshot::Sender<Result<(ImportCounts, Option<i64>)>>,
    },
}

pub(crate) struct SqliteBulk {
    tx: mpsc::Sender<Cmd>,
    done: Option<std::thread::JoinHandle<Result<()>>>,
}

impl SqliteBulk {
    pub(crate) fn start(path: &Path) -> Result<Self> {
        let conn = open(path)?;
        let (tx, rx) = mpsc::channel(8);
        let done = std::thread::Builder::new()
            .name("sqlite-bulk".into())
            .spawn(move || run(conn, rx))
            .map_err(|e| StoreError::Migration(format!("không khởi động được luồng ghi: {e}")))?;
        Ok(Self { tx, done: Some(done) })
    }

    /// The thread stopped early: its error says why.
    fn failure(&mut self) -> StoreError {
        match self.done.take().map(|h| h.join()) {
            Some(Ok(Err(e))) => e,
            _ => StoreError::Migration("luồng ghi dữ liệu đã dừng".into()),
        }
    }

    async fn send(&mut self, cmd: Cmd) -> Result<()> {
        if self.tx.send(cmd).await.is_err() {
            return Err(self.failure());
        }
        Ok(())
    }
}

pub fn open(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "busy_timeout", 10000)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // A bulk load touches every index page many times; the default 2 MiB cache makes SQLite
    // spill dirty pages to the WAL over and over.
    conn.pragma_update(None, "cache_size", -262_144)?;
    Ok(conn)
}

pub const INSERT_PERSON: &str = "INSERT INTO persons (id, org_id, status, full_name, name_folded, other_names,
     birth_date, birth_year, sex, cccd, party_card_no, history_no, hometown, ethnicity, religion, version,
     submitted_at, submitted_by, change_seq, doc)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 1, ?16, ?17, ?18, ?19)";
pub const INSERT_RELATIVE: &str = "INSERT INTO relatives (person_id, ord, relation, tier, full_name,
     birth_year, abroad_country, party_member, person_ref, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

fn run(mut conn: Connection, mut rx: mpsc::Receiver<Cmd>) -> Result<()> {
    let txn = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut seq: i64 = txn.query_row("SELECT value FROM counters WHERE name = 'change_seq'", [], |r| r.get(0))?;
    let now = crate::sql::now();
    let mut counts = ImportCounts::default();
    let mut paths: HashMap<i64, (String, OrgKind)> = HashMap::new();
    {
        let mut ins_org = txn.prepare(
            "INSERT INTO orgs (id, parent_id, kind, name, code, path, dissolved_on, merged_into)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut parent_q = txn.prepare("SELECT path, kind FROM orgs WHERE id = ?1")?;
        let mut ins_person = txn.prepare(INSERT_PERSON)?;
        let mut ins_rel = txn.prepare(INSERT_RELATIVE)?;
        let mut ins_screen = txn.prepare("INSERT INTO screen_facts (person_id, facts) VALUES (?1, ?2)")?;
        while let Some(cmd) = rx.blocking_recv() {
            match cmd {
                Cmd::Orgs(orgs) => {
                    for o in orgs {
                        let parent = match o.parent {
                            None => None,
                            Some(p) => match paths.get(&p.0) {
                                Some(v) => Some(v.clone()),
                                None => parent_q
                                    .query_row([p.0], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                                    .optional()?
                                    .map(|(path, k)| crate::sql::orgs::parse_kind(&k).map(|k| (path, k)))
                                    .transpose()?,
                            },
                        };
                        let path = compute_path(&o, parent.as_ref().map(|(p, k)| (p.as_str(), *k)))?;
                        ins_org
                            .execute(params![
                                o.id.0,
                                o.parent.map(|p| p.0),
                                o.kind.code(),
                                o.name,
                                o.code,
                                path,
                                o.dissolved_on.map(|d| d.to_string()),
                                o.merged_into.map(|m| m.0)
                            ])
                            .map_err(|e| unique(e, || format!("tổ chức mã {} đã có", o.id)))?;
                        paths.insert(o.id.0, (path, o.kind));
                        counts.orgs += 1;
                    }
                }
                Cmd::Persons(batch) => {
                    for p in batch {
                        seq += 1;
                        let r = &p.row;
                        ins_person
                            .execute(params![
                                p.id,
                                p.org_id,
                                r.status,
                                r.full_name,
                                r.name_folded,
                                r.other_names,
                                r.birth_date,
                                r.birth_year,
                                r.sex,
                                r.cccd,
                                r.party_card_no,
                                r.history_no,
                                r.hometown,
                                r.ethnicity,
                                r.religion,
                                now,
                                "import",
                                seq,
                                r.doc
                            ])
                            .map_err(|e| unique(e, || format!("người mã {} hoặc số CCCD {:?} đã có", p.id, r.cccd)))?;
                        for rel in &p.relatives {
                            ins_rel.execute(params![
                                p.id,
                                rel.ord,
                                rel.relation,
                                rel.tier,
                                rel.full_name,
                                rel.birth_year,
                                rel.abroad_country,
                                rel.party_member,
                                rel.person_ref,
                                rel.doc
                            ])?;
                        }
                        if let Some(f) = &p.screen {
                            ins_screen.execute(params![p.id, f])?;
                        }
                        counts.persons += 1;
                        counts.relatives += p.relatives.len() as i64;
                    }
                }
                Cmd::Commit { label, hash, audit, reply } => {
                    let r = finish(&txn, seq, &label, &hash, &counts, &now)
                        .and_then(|()| audit.as_ref().map(|e| append_audit(&txn, e)).transpose());
                    let ok = r.is_ok();
                    let _ = reply.send(r.map(|audited| (counts.clone(), audited)));
                    if !ok {
                        return Ok(());
                    }
                    drop((ins_org, parent_q, ins_person, ins_rel, ins_screen));
                    txn.commit()?;
                    return Ok(());
                }
            }
        }
    }
    // The sender went away without committing: the transaction rolls back on drop.
    Ok(())
}

fn finish(
    txn: &rusqlite::Transaction<'_>,
    seq: i64,
    label: &str,
    hash: &str,
    c: &ImportCounts,
    now: &str,
) -> Result<()> {
    txn.execute("UPDATE counters SET value = ?1 WHERE name = 'change_seq'", [seq])?;
    txn.execute(
        "INSERT INTO imports (content_hash, label, orgs, persons, relatives, finished_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![hash, label, c.orgs, c.persons, c.relatives, now],
    )
    .map_err(|e| unique(e, || format!("tệp {label} đã được nhập trước đây")))?;
    Ok(())
}

/// Chains `e` to the audit trail inside the import's transaction (as `sql::audit::append_in`
/// does for the pooled writers); returns its sequence number.
fn append_audit(txn: &rusqlite::Transaction<'_>, e: &AuditEvent) -> Result<i64> {
    let (seq, old): (i64, String) =
        txn.query_row("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let entry = crate::audit::chain(seq - 1, old, std::slice::from_ref(e)).remove(0);
    let v = &entry.event;
    txn.execute(
        &format!(
            "INSERT INTO audit_log ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            crate::sql::AUDIT_COLS
        ),
        params![
            entry.seq,
            v.at,
            v.actor,
            v.action,
            v.target_kind,
            v.target_id,
            v.person_id.map(|p| p.0),
            v.ip,
            v.outcome.code(),
            v.detail,
            entry.prev_hash,
            entry.hash
        ],
    )?;
    txn.execute("UPDATE audit_head SET hash = ?1 WHERE id = 1", [&entry.hash])?;
    Ok(seq)
}

fn unique(e: rusqlite::Error, what: impl FnOnce() -> String) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Conflict(what()),
        _ => StoreError::Sqlite(e),
    }
}

#[async_trait]
impl BulkWriter for SqliteBulk {
    async fn write_orgs(&mut self, orgs: Vec<OrgNode>) -> Result<()> {
        self.send(Cmd::Orgs(orgs)).await
    }

    async fn write_persons(&mut self, persons: Vec<NewPerson>) -> Result<()> {
        let projected = project(persons);
        self.send(Cmd::Persons(projected)).await
    }

    async fn commit(mut self: Box<Self>, label: &str, content_hash: &str) -> Result<ImportCounts> {
        let (reply, rx) = oneshot::channel();
        let audit = crate::audit::ambient::take().map(Box::new);
        self.send(Cmd::Commit { label: label.into(), hash: content_hash.into(), audit, reply }).await?;
        let (counts, audited) = match rx.await {
            Ok(r) => r?,
            Err(_) => return Err(self.failure()),
        };
        if let Some(h) = self.done.take() {
            tokio::task::spawn_blocking(move || h.join())
                .await
                .map_err(|e| StoreError::Migration(e.to_string()))?
                .map_err(|_| StoreError::Migration("luồng ghi dữ liệu bị lỗi".into()))??;
        }
        if let Some(seq) = audited {
            crate::audit::ambient::committed(seq);
        }
        Ok(counts)
    }

    async fn rollback(mut self: Box<Self>) -> Result<()> {
        let SqliteBulk { tx, done } = *self;
        drop(tx);
        if let Some(h) = done {
            let _ = tokio::task::spawn_blocking(move || h.join()).await;
        }
        Ok(())
    }
}
