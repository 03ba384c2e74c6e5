//! Top-k collector: score descending, then Vietnamese collation of the full name, then
//! document address.
//!
//! Tantivy's own `order_by((score, bytes))` gets the order right but converts each
//! segment's top-k term ordinals to bytes one by one, opening a zstd decompressor and
//! decoding a dictionary block for every hit (~50 µs each on the national index). This
//! collector converts a segment's ordinals in one sorted pass and also reads the id and
//! birth year while it has the segment at hand.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::io;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{BytesColumn, Column};
use tantivy::index::SegmentId;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, TantivyError};

use crate::schema::{BIRTH_YEAR, ID, NAME};

/// One collected document.
pub(crate) struct Candidate {
    pub score: Score,
    /// The `name` column value: collation key, separator, full name.
    pub name_column: Vec<u8>,
    pub addr: DocAddress,
    pub id: i64,
    pub birth_year: Option<i32>,
}

/// The fast-field columns a search reads from one segment. Opening them decodes their block
/// metadata (about 15 % of a query on the national index, 10 segments), so they are opened
/// once per searcher generation and kept beside the vocabulary.
#[derive(Clone)]
pub(crate) struct Columns {
    names: Option<BytesColumn>,
    ids: Column<i64>,
    years: Column<i64>,
}

impl Columns {
    pub(crate) fn open(reader: &SegmentReader) -> tantivy::Result<Self> {
        let fast = reader.fast_fields();
        Ok(Columns { names: fast.bytes(NAME)?, ids: fast.i64(ID)?, years: fast.i64(BIRTH_YEAR)? })
    }

    pub(crate) fn id_and_year(&self, doc: DocId) -> (i64, Option<i32>) {
        (self.ids.first(doc).unwrap_or_default(), self.years.first(doc).and_then(|y| i32::try_from(y).ok()))
    }
}

pub(crate) struct TopByScoreThenName<'a> {
    pub limit: usize,
    /// Opened columns by segment; a segment missing here is opened on the spot.
    pub columns: &'a HashMap<SegmentId, Columns>,
}

impl Collector for TopByScoreThenName<'_> {
    type Fruit = Vec<Candidate>;
    type Child = SegmentTop;

    fn for_segment(&self, segment_ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentTop> {
        let columns = match self.columns.get(&reader.segment_id()) {
            Some(c) => c.clone(),
            None => Columns::open(reader)?,
        };
        Ok(SegmentTop { limit: self.limit, segment_ord, columns, heap: BinaryHeap::with_capacity(self.limit + 1) })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<io::Result<Vec<Candidate>>>) -> tantivy::Result<Vec<Candidate>> {
        let mut all = Vec::new();
        for fruit in fruits {
            all.extend(fruit.map_err(TantivyError::from)?);
        }
        all.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.name_column.cmp(&b.name_column))
                .then_with(|| a.addr.cmp(&b.addr))
        });
        all.truncate(self.limit);
        Ok(all)
    }
}

/// A heap entry; the heap's maximum is the entry that would be dropped first.
struct Entry {
    score: Score,
    /// Rank of the name column value within the segment: byte order, so collation order.
    ord: u64,
    doc: DocId,
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        // "Greater" means worse: lower score, then later name, then later document.
        other.score.total_cmp(&self.score).then_with(|| self.ord.cmp(&other.ord)).then_with(|| self.doc.cmp(&other.doc))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

pub(crate) struct SegmentTop {
    limit: usize,
    segment_ord: SegmentOrdinal,
    columns: Columns,
    heap: BinaryHeap<Entry>,
}

impl SegmentTop {
    fn ord(&self, doc: DocId) -> u64 {
        self.columns.names.as_ref().and_then(|c| c.ords().first(doc)).unwrap_or(u64::MAX)
    }
}

impl SegmentCollector for SegmentTop {
    type Fruit = io::Result<Vec<Candidate>>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.limit == 0 {
            return;
        }
        if self.heap.len() == self.limit {
            // Most documents lose on score alone; only ties need the name ordinal.
            if self.heap.peek().is_some_and(|worst| score < worst.score) {
                return;
            }
        }
        let entry = Entry { score, ord: self.ord(doc), doc };
        if self.heap.len() < self.limit {
            self.heap.push(entry);
        } else if let Some(mut worst) = self.heap.peek_mut()
            && entry < *worst
        {
            *worst = entry;
        }
    }

    fn harvest(self) -> io::Result<Vec<Candidate>> {
        let mut entries = self.heap.into_vec();
        entries.sort_by_key(|e| e.ord);
        let mut names: Vec<Vec<u8>> = Vec::with_capacity(entries.len());
        if let Some(column) = &self.columns.names {
            let ords: Vec<u64> = entries.iter().map(|e| e.ord).take_while(|&o| o != u64::MAX).collect();
            column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| names.push(bytes.to_vec()))?;
        }
        names.resize(entries.len(), Vec::new());
        Ok(entries
            .into_iter()
            .zip(names)
            .map(|(e, name_column)| {
                let (id, birth_year) = self.columns.id_and_year(e.doc);
                Candidate {
                    score: e.score,
                    name_column,
                    addr: DocAddress::new(self.segment_ord, e.doc),
                    id,
                    birth_year,
                }
            })
            .collect())
    }
}
