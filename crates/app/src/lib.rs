//! Every use case of the product, over the store and the search index. `web` and `cli` call
//! these methods and never the store: the index follows every write, the rules (packs,
//! deadlines, travel periods, calendar) and the clock live here, and one [`Error`] comes back.
//! The index catches up from the store's change sequence on open, so a crash between the two
//! loses nothing.

use bvctnb_core::Declaration;
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_core::org::{MergePlan, OrgNode, OrgTree};
use bvctnb_search::{PersonDoc, PersonIndex};
use bvctnb_store::Store;
use futures::TryStreamExt;
use std::path::Path;
use std::sync::{Arc, RwLock};

pub mod accounts;
pub mod audit;
pub mod campaigns;
pub mod cases;
mod clock;
pub mod demo;
pub mod documents;
pub mod dossiers;
mod error;
pub mod exchange;
pub mod files;
pub mod notices;
pub mod rescreen;
pub mod rules;
pub mod search;
pub mod secrets;
pub mod sheet;
pub mod tasks;
pub mod travel;
pub mod workbook;

pub use clock::vietnam_today;
pub use dossiers::{Holdings, OrgMove, PersonRecord, PersonSummary};
pub use error::{Error, Result};
pub use files::UploadLimits;
pub use rules::Rules;

pub struct App {
    store: Arc<dyn Store>,
    index: Arc<PersonIndex>,
    tree: RwLock<Arc<OrgTree>>,
    /// Serialises index catch-ups so two writers do not replay the same changes at once.
    catch_up_lock: tokio::sync::Mutex<()>,
    rules: Arc<Rules>,
    clock: clock::Clock,
    /// Campaigns being run by a task of this process. The database cannot tell a running
    /// campaign from one whose process stopped; this set can.
    running: Arc<std::sync::Mutex<std::collections::HashSet<bvctnb_core::ids::CampaignId>>>,
    uploads: files::UploadLimits,
    task_counts: tasks::TaskCounts,
}

impl App {
    /// Opens the index at `index_dir` (created if absent) and brings it up to date.
    pub async fn open(store: Arc<dyn Store>, index_dir: &Path) -> Result<Self> {
        let index = Arc::new(PersonIndex::open_or_create(index_dir)?);
        Self::with_index(store, index).await
    }

    pub async fn with_index(store: Arc<dyn Store>, index: Arc<PersonIndex>) -> Result<Self> {
        let app = Self::without_catch_up(store, index).await?;
        app.catch_up().await?;
        Ok(app)
    }

    /// For callers about to rebuild the index anyway (after a bulk load).
    pub async fn without_catch_up(store: Arc<dyn Store>, index: Arc<PersonIndex>) -> Result<Self> {
        let tree = Arc::new(OrgTree::from_nodes(store.all_orgs().await?)?);
        Ok(Self {
            store,
            index,
            tree: RwLock::new(tree),
            catch_up_lock: tokio::sync::Mutex::new(()),
            rules: Arc::new(Rules::builtin()?),
            clock: clock::Clock::default(),
            running: Default::default(),
            uploads: files::UploadLimits::default(),
            task_counts: Default::default(),
        })
    }

    /// The same services under the given rules (packs, deadlines, travel periods, calendar),
    /// read and checked once at start: a pack changed on disk takes effect at the next start,
    /// so one process never mixes two readings of the same pack.
    pub fn with_rules(mut self, rules: Rules) -> Self {
        self.rules = Arc::new(rules);
        self
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Today in Vietnam (UTC+7): deadlines and document dates are Vietnamese dates. A test or
    /// the demo's walk through past dates sets it with [`App::set_today`].
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// Fixes the day the services act on (`None`: the real Vietnamese date again).
    pub fn set_today(&self, day: Option<chrono::NaiveDate>) {
        self.clock.set(day)
    }

    /// The services acting on `day` from now on: `app.on(day).accept_case(…)` walks a case
    /// through past dates (the demo, tests). The clock stays there until set again.
    pub fn on(&self, day: chrono::NaiveDate) -> &Self {
        self.set_today(Some(day));
        self
    }

    pub fn tree(&self) -> Arc<OrgTree> {
        self.tree.read().expect("tree lock").clone()
    }

    pub fn index(&self) -> &PersonIndex {
        &self.index
    }

    async fn reload_tree(&self) -> Result<()> {
        let tree = Arc::new(OrgTree::from_nodes(self.store.all_orgs().await?)?);
        *self.tree.write().expect("tree lock") = tree;
        Ok(())
    }

    fn doc(tree: &OrgTree, s: PersonSummary) -> PersonDoc {
        PersonDoc {
            id: s.id.0,
            org_path: tree.ancestors(s.org_id).into_iter().map(|o| o.0).collect(),
            full_name: s.full_name,
            other_names: s.other_names,
            birth_year: Some(s.birth_year),
            hometown: s.hometown,
        }
    }

    /// Replays into the index every person changed since its watermark. Returns how many.
    /// An index that was never built is rebuilt instead: upserting millions of documents
    /// would queue a delete per document in memory for nothing.
    pub async fn catch_up(&self) -> Result<u64> {
        let _guard = self.catch_up_lock.lock().await;
        let from = self.index.watermark()?;
        let target = self.store.max_change_seq().await?;
        if target <= from {
            return Ok(0);
        }
        if from == 0 {
            return self.rebuild_locked(|_| {}).await;
        }
        let tree = self.tree();
        let mut stream = self.store.stream_summaries(from);
        let mut batch = Vec::with_capacity(1000);
        let mut n = 0u64;
        while let Some(s) = stream.try_next().await? {
            let seq = s.change_seq;
            batch.push(Self::doc(&tree, s));
            if batch.len() == 1000 {
                n += batch.len() as u64;
                self.index.upsert(&batch)?;
                batch.clear();
                // Commit now and then so a long replay keeps bounded memory; the watermark
                // stays below the sequence in progress, whose remaining persons come next time.
                if n.is_multiple_of(100_000) {
                    self.index.commit(seq - 1)?;
                }
            }
        }
        n += batch.len() as u64;
        self.index.upsert(&batch)?;
        self.index.commit(target)?;
        Ok(n)
    }

    /// Rebuilds the index from the store, calling `progress` with the running count.
    pub async fn reindex(&self, progress: impl FnMut(u64) + Send + 'static) -> Result<u64> {
        let _guard = self.catch_up_lock.lock().await;
        self.rebuild_locked(progress).await
    }

    async fn rebuild_locked(&self, progress: impl FnMut(u64) + Send + 'static) -> Result<u64> {
        let target = self.store.max_change_seq().await?;
        let tree = self.tree();
        let (tx, mut rx) = tokio::sync::mpsc::channel::<PersonDoc>(10_000);
        let index = self.index.clone();
        // tantivy indexes synchronously; feed it from the async store stream through a channel.
        let writer = tokio::task::spawn_blocking(move || {
            let docs = std::iter::from_fn(move || rx.blocking_recv());
            let n = index.rebuild(docs, progress)?;
            index.commit(target)?;
            Ok::<_, Error>(n)
        });
        let mut stream = self.store.stream_summaries(0);
        while let Some(s) = stream.try_next().await? {
            if tx.send(Self::doc(&tree, s)).await.is_err() {
                break;
            }
        }
        drop(tx);
        writer.await?
    }

    pub async fn put_org(&self, org: &OrgNode) -> Result<()> {
        self.store.put_org(org).await?;
        self.reload_tree().await
    }

    pub async fn merge_orgs(&self, plan: &MergePlan, reason: &str) -> Result<Vec<OrgMove>> {
        let moves = self.store.merge_orgs(plan, reason).await?;
        self.reload_tree().await?;
        self.catch_up().await?;
        Ok(moves)
    }

    pub async fn create_person(&self, org: OrgId, d: &Declaration, by: &str) -> Result<PersonRecord> {
        let r = self.store.create_person(org, d, by).await?;
        self.catch_up().await?;
        Ok(r)
    }

    pub async fn submit_declaration(
        &self,
        id: PersonId,
        d: &Declaration,
        by: &str,
        expected_version: i64,
    ) -> Result<PersonRecord> {
        let r = self.store.submit_declaration(id, d, by, expected_version).await?;
        self.catch_up().await?;
        Ok(r)
    }

    pub async fn move_person(&self, id: PersonId, to: OrgId, on: &str, reason: &str) -> Result<OrgMove> {
        let m = self.store.move_person(id, to, on, reason).await?;
        self.catch_up().await?;
        Ok(m)
    }

    /// Called after bulk imports, which write around this service.
    pub async fn refresh(&self) -> Result<u64> {
        self.reload_tree().await?;
        self.catch_up().await
    }
}
