//! Opening the index, writing to it and committing with a watermark.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use bvctnb_core::text::nfc;
use tantivy::directory::MmapDirectory;
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError, Term};

use crate::analyzer::{VI_NAME_ANALYZER, analyze, vi_name_analyzer};
use crate::ordered::ordered_term;
use crate::query::Vocabulary;
use crate::schema::{self, Fields};
use crate::{PersonDoc, Result, SearchError};

/// Indexing memory shared by the writer threads. Large segments mean fewer merges during a
/// national rebuild; tantivy allocates the arena as documents arrive, so an idle writer does
/// not hold it.
const WRITER_HEAP_BYTES: usize = 200_000_000;
/// Upper bound on indexing threads (tantivy needs at least ~15 MB of heap per thread).
const MAX_WRITER_THREADS: usize = 4;
/// How often `rebuild` reports progress.
const PROGRESS_EVERY: u64 = 10_000;

/// The person index: one writer at a time, any number of concurrent searches.
///
/// All methods take `&self`, so one `Arc<PersonIndex>` serves the web handlers and the
/// indexing task. Writes are invisible to searches until [`PersonIndex::commit`].
pub struct PersonIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    /// Created on first write: it takes the directory lock, which a read-only user of the
    /// same directory must not hold.
    writer: Mutex<Option<IndexWriter>>,
    /// Term dictionary of the `names` field, for typo and prefix expansion; rebuilt when the
    /// searcher generation changes.
    pub(crate) vocab: RwLock<Arc<Vocabulary>>,
}

impl PersonIndex {
    /// Opens the index in `dir`, creating the directory and an empty index if needed.
    ///
    /// An index of an older layout is a stale cache: it is emptied, and the caller's
    /// catch-up rebuilds it from the store (an empty index has watermark 0).
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        let open = || -> Result<Index> {
            // Names and birth years of every person: the server user's alone.
            let mut b = std::fs::DirBuilder::new();
            b.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
            b.create(dir).map_err(|source| SearchError::CreateDir { path: dir.to_owned(), source })?;
            let directory = MmapDirectory::open(dir)?;
            Ok(Index::builder().schema(schema::build()).tokenizers(tokenizers()).open_or_create(directory)?)
        };
        let index = match open() {
            Err(SearchError::Tantivy(TantivyError::SchemaError(reason))) => {
                tracing::warn!(%reason, dir = %dir.display(), "search index has another layout; emptying it for a rebuild");
                std::fs::remove_dir_all(dir)
                    .map_err(|source| SearchError::CreateDir { path: dir.to_owned(), source })?;
                open()?
            }
            other => other?,
        };
        Self::from_index(index)
    }

    /// A throw-away index in RAM (tests, demo mode).
    pub fn in_memory() -> Result<Self> {
        let index = Index::builder().schema(schema::build()).tokenizers(tokenizers()).create_in_ram()?;
        Self::from_index(index)
    }

    fn from_index(index: Index) -> Result<Self> {
        let fields = schema::fields(&index.schema())?;
        // Manual reload: `commit` reloads right away, so a search issued after `commit`
        // returns always sees the new data (no polling delay, no file watcher thread).
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let vocab = Vocabulary::build(&reader.searcher(), fields.names)?;
        Ok(PersonIndex { index, reader, fields, writer: Mutex::new(None), vocab: RwLock::new(Arc::new(vocab)) })
    }

    /// Replaces the whole content with `docs`, calling `progress` with the running count
    /// every 10 000 documents and at the end. Returns the number of documents staged.
    ///
    /// Nothing is visible, and nothing is lost on a crash, until [`PersonIndex::commit`]
    /// with the watermark the documents were read at; [`PersonIndex::rollback`] discards.
    pub fn rebuild<I, F>(&self, docs: I, mut progress: F) -> Result<u64>
    where
        I: IntoIterator<Item = PersonDoc>,
        F: FnMut(u64),
    {
        self.with_writer(|writer, fields| {
            writer.delete_all_documents()?;
            let mut analyzer = vi_name_analyzer();
            let mut count = 0u64;
            for doc in docs {
                writer.add_document(to_document(fields, &mut analyzer, &doc))?;
                count += 1;
                if count.is_multiple_of(PROGRESS_EVERY) {
                    progress(count);
                }
            }
            progress(count);
            tracing::info!(count, "person index rebuild staged");
            Ok(count)
        })
    }

    /// Adds or replaces persons (by id). Visible after [`PersonIndex::commit`].
    pub fn upsert(&self, docs: &[PersonDoc]) -> Result<()> {
        self.with_writer(|writer, fields| {
            let mut analyzer = vi_name_analyzer();
            for doc in docs {
                // Deletes apply only to documents added before them, so delete-then-add
                // replaces the old version and keeps the new one.
                writer.delete_term(Term::from_field_i64(fields.id, doc.id));
                writer.add_document(to_document(fields, &mut analyzer, doc))?;
            }
            Ok(())
        })
    }

    /// Removes persons by id. Visible after [`PersonIndex::commit`].
    pub fn delete(&self, ids: &[i64]) -> Result<()> {
        self.with_writer(|writer, fields| {
            for &id in ids {
                writer.delete_term(Term::from_field_i64(fields.id, id));
            }
            Ok(())
        })
    }

    /// Makes every staged change durable and visible, recording `watermark` (the store's
    /// change sequence the index now reflects) in the same atomic commit.
    pub fn commit(&self, watermark: i64) -> Result<()> {
        self.with_writer(|writer, _| {
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(&watermark.to_string());
            prepared.commit()?;
            Ok(())
        })?;
        self.reader.reload()?;
        // Refresh the vocabulary now rather than in the first search after the commit.
        let searcher = self.reader.searcher();
        let vocab = Vocabulary::build(&searcher, self.fields.names)?;
        *self.vocab.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(vocab);
        tracing::debug!(watermark, docs = searcher.num_docs(), "person index committed");
        Ok(())
    }

    /// Discards every change staged since the last commit.
    pub fn rollback(&self) -> Result<()> {
        self.with_writer(|writer, _| {
            writer.rollback()?;
            Ok(())
        })
    }

    /// The watermark of the last commit, read back from the commit payload; 0 for an index
    /// never committed, meaning "replay everything".
    pub fn watermark(&self) -> Result<i64> {
        match self.index.load_metas()?.payload {
            None => Ok(0),
            Some(p) => p.trim().parse().map_err(|_| SearchError::BadWatermark(p)),
        }
    }

    /// Persons searchable now (committed, not deleted).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn with_writer<T>(&self, f: impl FnOnce(&mut IndexWriter, &Fields) -> Result<T>) -> Result<T> {
        let mut guard = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let writer = match guard.as_mut() {
            Some(w) => w,
            None => {
                let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, MAX_WRITER_THREADS);
                guard.insert(self.index.writer_with_num_threads(threads, WRITER_HEAP_BYTES)?)
            }
        };
        f(writer, &self.fields)
    }
}

fn tokenizers() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(VI_NAME_ANALYZER, vi_name_analyzer());
    manager
}

fn to_document(fields: &Fields, analyzer: &mut TextAnalyzer, p: &PersonDoc) -> TantivyDocument {
    let full_name = nfc(&p.full_name);
    let mut doc = TantivyDocument::new();
    doc.add_i64(fields.id, p.id);
    let name_column = schema::name_column_value(&full_name);
    for name in std::iter::once(full_name.as_str()).chain(p.other_names.iter().map(String::as_str)) {
        doc.add_text(fields.names, name);
        let whole = analyze(analyzer, name).join(" ");
        if !whole.is_empty() {
            doc.add_bytes(fields.ordered, &ordered_term(&whole, &name_column));
            doc.add_text(fields.whole, &whole);
        }
    }
    doc.add_bytes(fields.name, &name_column);
    if let Some(year) = p.birth_year {
        doc.add_i64(fields.birth_year, i64::from(year));
    }
    for &org in &p.org_path {
        doc.add_i64(fields.org, org);
    }
    doc
}
