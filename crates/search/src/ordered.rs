//! Whole-name matches already in display order, for the unfiltered exact and name-typo tiers.
//!
//! Every name of a person is also indexed as one term of the `ordered` field: the folded
//! name, a 0 byte, then the `name` column value (collation key, 0, full name). The term
//! dictionary is sorted by bytes, so the terms starting with "nguyen van an\0" come in
//! Vietnamese order of the full name, and each posting list in document order: exactly the
//! tie-break of the top-k collector. A query walks those terms and stops after `limit`
//! live documents per segment, instead of scoring the 16 000 persons named "Nguyễn Văn An"
//! and reading a name ordinal for each of them at random.

use std::collections::{HashMap, HashSet};

use tantivy::index::SegmentId;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED, TantivyError};

use crate::Result;
use crate::collector::{Candidate, Columns};
use crate::schema::KEY_SEPARATOR;

/// The `ordered` term of a name: folded name, separator, `name` column value.
pub(crate) fn ordered_term(folded: &str, name_column: &[u8]) -> Vec<u8> {
    let mut t = Vec::with_capacity(folded.len() + 1 + name_column.len());
    t.extend_from_slice(folded.as_bytes());
    t.push(KEY_SEPARATOR);
    t.extend_from_slice(name_column);
    t
}

/// The first `limit` persons, in (full-name collation, segment, document) order, one of
/// whose names folds to one of `folded`. Scores are 0: every hit of a tier ties on score.
pub(crate) fn first_named(
    searcher: &Searcher,
    field: Field,
    folded: &[String],
    limit: usize,
    columns: &HashMap<SegmentId, Columns>,
) -> Result<Vec<Candidate>> {
    let mut all: Vec<Candidate> = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let ord = ord as u32;
        let inverted = segment.inverted_index(field)?;
        let alive = segment.alive_bitset();
        // Per segment, one list per folded name, each already in order; merged below.
        let mut found: Vec<(Vec<u8>, u32)> = Vec::new();
        for name in folded {
            let lo = ordered_term(name, &[]);
            let mut hi = name.as_bytes().to_vec();
            hi.push(KEY_SEPARATOR + 1);
            let mut stream = inverted.terms().range().ge(&lo).lt(&hi).into_stream().map_err(TantivyError::from)?;
            let mut taken = 0;
            'terms: while taken < limit && stream.advance() {
                let name_column = &stream.key()[lo.len()..];
                let mut postings = inverted
                    .read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)
                    .map_err(TantivyError::from)?;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        found.push((name_column.to_vec(), doc));
                        taken += 1;
                        if taken == limit {
                            break 'terms;
                        }
                    }
                    doc = postings.advance();
                }
            }
        }
        found.sort_unstable();
        // Two names of one person may fold alike, or match two of the folded names.
        let mut seen = HashSet::new();
        found.retain(|(_, doc)| seen.insert(*doc));
        found.truncate(limit);
        let opened;
        let cols = match columns.get(&segment.segment_id()) {
            Some(c) => c,
            None => {
                opened = Columns::open(segment)?;
                &opened
            }
        };
        all.extend(found.into_iter().map(|(name_column, doc)| {
            let (id, birth_year) = cols.id_and_year(doc);
            Candidate { score: 0.0, name_column, addr: DocAddress::new(ord, doc), id, birth_year }
        }));
    }
    all.sort_by(|a, b| a.name_column.cmp(&b.name_column).then_with(|| a.addr.cmp(&b.addr)));
    all.truncate(limit);
    Ok(all)
}
