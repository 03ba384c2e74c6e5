//! Fills a database with synthetic secret registers (bvctnb-gen's `secrets`): the outgoing book
//! of every province with `--province-lines` lines and the incoming book of every grassroots
//! organisation with `--unit-lines`, for one year. With `--orgs SCALE` it first writes the
//! organisation tree of that scale into an empty (migrated) database, without persons, so the
//! national tree can carry registers without generating 5.6 million dossiers. A bench loader,
//! not a product path: rows go in through prepared statements, one transaction per 50 000.

use anyhow::{Context, Result};
use bvctnb_core::org::OrgKind;
use bvctnb_core::secret::{ItemOrigin, RegisterKind};
use bvctnb_gen::secrets::secret_line;
use bvctnb_gen::{Generator, Scale};
use rusqlite::{Connection, params};
use std::collections::HashMap;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// The SQLite file (already migrated by `bvctnb migrate`).
    #[arg(long)]
    db: String,
    /// Write the organisation tree of this scale first (the database must have none).
    #[arg(long)]
    orgs: Option<String>,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, default_value_t = 2026)]
    year: i32,
    #[arg(long, default_value_t = 200_000)]
    province_lines: i64,
    #[arg(long, default_value_t = 20)]
    unit_lines: i64,
}

pub fn run(a: Args) -> Result<()> {
    let mut c = Connection::open(&a.db).with_context(|| a.db.clone())?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "NORMAL")?;
    let t = Instant::now();
    if let Some(scale) = &a.orgs {
        let g = Generator::new(scale.parse::<Scale>()?, a.seed);
        let nodes = g.orgs();
        let mut path: HashMap<i64, String> = HashMap::new();
        let tx = c.transaction()?;
        {
            let mut ins =
                tx.prepare("INSERT INTO orgs (id, parent_id, kind, name, code, path) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
            for n in &nodes {
                let p = match n.parent {
                    Some(parent) => format!("{}{}/", path.get(&parent.0).context("parents first")?, n.id.0),
                    None => format!("/{}/", n.id.0),
                };
                ins.execute(params![n.id.0, n.parent.map(|p| p.0), n.kind.code(), n.name, n.code, p])?;
                path.insert(n.id.0, p);
            }
        }
        tx.commit()?;
        println!("orgs={} wall_s={:.1}", nodes.len(), t.elapsed().as_secs_f64());
    }
    let orgs: Vec<(i64, String)> = c
        .prepare("SELECT id, kind FROM orgs ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut books = Vec::new();
    for (id, kind) in &orgs {
        match OrgKind::from_code(kind) {
            Some(OrgKind::DirectlyUnderCentral) => books.push((*id, ItemOrigin::Issued, a.province_lines)),
            Some(k) if k.is_grassroots() && a.unit_lines > 0 => books.push((*id, ItemOrigin::Received, a.unit_lines)),
            _ => {}
        }
    }
    let now = "2026-12-04T00:00:00Z";
    let (mut lines, mut first_book) = (0i64, None);
    let mut tx = c.transaction()?;
    let mut in_tx = 0;
    for (org, origin, n) in books {
        let kind = if origin == ItemOrigin::Issued { RegisterKind::Outgoing } else { RegisterKind::Incoming };
        tx.execute(
            "INSERT INTO secret_books (org_id, kind, year, book_number, last_serial, opened_at) VALUES (?1, ?2, ?3, 1, ?4, ?5)",
            params![org, kind.code(), a.year, n, now],
        )?;
        let book = tx.last_insert_rowid();
        if origin == ItemOrigin::Issued {
            first_book.get_or_insert(book);
        }
        for serial in 1..=n {
            let l = secret_line(a.seed, org, origin, a.year, serial, n);
            tx.execute(
                "INSERT INTO secret_items (org_id, origin, number_symbol, doc_date, issuer, doc_type, summary, summary_consent,
                    level, classifier, signer, period_years, period_end, period_reason, copies_issued, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, 'Trưởng ban', 'Trưởng ban', ?9, ?10, NULL, ?11, 'bench', ?12)",
                params![
                    org,
                    origin.code(),
                    l.number_symbol,
                    l.doc_date.to_string(),
                    l.issuer,
                    l.doc_type,
                    l.summary,
                    l.level.code(),
                    l.period_years,
                    (l.doc_date + chrono::Months::new(l.period_years * 12)).to_string(),
                    l.copies,
                    now
                ],
            )?;
            let item = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO secret_entries (book_id, serial, item_id, entered_on, counterpart, copies, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'bench', ?7)",
                params![book, serial, item, l.entered_on.to_string(), l.counterpart, l.copies, now],
            )?;
            lines += 1;
            in_tx += 1;
            if in_tx >= 50_000 {
                tx.commit()?;
                tx = c.transaction()?;
                in_tx = 0;
            }
        }
    }
    tx.commit()?;
    // The covers' days and the day counts the store keeps with every line it writes, made here
    // in one pass each.
    c.execute(
        "UPDATE secret_books SET first_on = (SELECT MIN(entered_on) FROM secret_entries e WHERE e.book_id = secret_books.id),
            last_on = (SELECT MAX(entered_on) FROM secret_entries e WHERE e.book_id = secret_books.id)",
        [],
    )?;
    c.execute(
        "INSERT INTO secret_line_counts (org_id, day, kind, level, lines, copies)
         SELECT b.org_id, e.entered_on, b.kind, i.level, COUNT(*), COALESCE(SUM(e.copies), 0)
         FROM secret_entries e JOIN secret_books b ON b.id = e.book_id JOIN secret_items i ON i.id = e.item_id
         WHERE e.cancelled_on IS NULL GROUP BY b.org_id, e.entered_on, b.kind, i.level",
        [],
    )?;
    println!(
        "secret_lines={lines} first_outgoing_book={} wall_s={:.1} peak_rss_mib={:.0}",
        first_book.unwrap_or(0),
        t.elapsed().as_secs_f64(),
        crate::peak_rss_mib()
    );
    Ok(())
}
