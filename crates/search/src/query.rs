//! Query building and execution.
//!
//! A search runs in up to two tiers:
//! 1. **exact**: every word matches a term exactly, the last word also as a prefix (search
//!    as you type). Cheap: an intersection of plain posting lists.
//! 2. **typo**: only when tier 1 found fewer than `limit` hits. Each word may also match any
//!    dictionary term one edit away (insert, delete, substitute, or swap two neighbours).
//!
//! Tier-1 hits always rank above tier-2 hits, which is how "exact matches score above fuzzy
//! ones" holds across documents and not only within one.
//!
//! Typo candidates are found by generating every one-edit variant of the word and looking it
//! up in an in-memory copy of the (small: names are drawn from a few thousand syllables)
//! term dictionary, then searched as ordinary term queries. Tantivy's `FuzzyTermQuery`
//! would instead fill a bitset from every matching posting list — millions of documents for
//! variants of "van" or "thi" on the national index.

use std::collections::HashSet;
use std::sync::{Arc, PoisonError};

use bvctnb_core::text::vi_cmp;
use tantivy::collector::TopDocs;
use tantivy::collector::sort_key::{SortByBytes, SortBySimilarityScore};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Order, Score, Searcher, TantivyDocument, Term};

use crate::analyzer::{analyze, vi_name_analyzer};
use crate::index::PersonIndex;
use crate::schema::{BIRTH_YEAR, ID, NAME_KEY};
use crate::{Hit, MAX_LIMIT, Result, SearchQuery};

/// Words beyond this are ignored: no real name has more, and each word adds a clause.
const MAX_QUERY_WORDS: usize = 8;
/// Shortest last word expanded as a prefix; a single letter would match a large share of
/// the country for no information.
const MIN_PREFIX_CHARS: usize = 2;
/// Shortest word given typo tolerance ("vn" → "van" still works; "a" stays exact).
const MIN_FUZZY_CHARS: usize = 2;
/// Above this many expansion terms one bitset beats a union of posting-list cursors.
const MAX_UNION_TERMS: usize = 16;
/// Added to tier-1 scores so they sort above tier 2; BM25 sums stay far below it.
const EXACT_TIER_BONUS: Score = 1000.0;

/// The distinct terms of the `names` field, sorted.
pub(crate) struct Vocabulary {
    generation: u64,
    terms: Vec<Box<str>>,
}

impl Vocabulary {
    pub(crate) fn build(searcher: &Searcher, field: Field) -> Result<Self> {
        let mut terms: Vec<Box<str>> = Vec::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                // The analyzer only emits UTF-8, so a non-UTF-8 key cannot occur; skip it
                // rather than fail a search over it.
                if let Ok(t) = std::str::from_utf8(stream.key()) {
                    terms.push(t.into());
                }
            }
        }
        terms.sort_unstable();
        terms.dedup();
        Ok(Vocabulary {
            generation: searcher.generation().generation_id(),
            terms,
        })
    }

    fn contains(&self, term: &str) -> bool {
        self.terms.binary_search_by(|t| (**t).cmp(term)).is_ok()
    }

    /// Terms starting with `prefix`, other than `prefix` itself.
    fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let start = self.terms.partition_point(|t| **t <= *prefix);
        self.terms[start..]
            .iter()
            .take_while(move |t| t.starts_with(prefix))
            .map(|t| &**t)
    }

    /// Dictionary terms exactly one edit from `word` (Damerau: a swap of two neighbouring
    /// letters counts as one edit).
    fn variants(&self, word: &str) -> Vec<String> {
        let chars: Vec<char> = word.chars().collect();
        let mut found = HashSet::new();
        let mut check = |cand: Vec<char>| {
            let s: String = cand.into_iter().collect();
            if s != word && self.contains(&s) {
                found.insert(s);
            }
        };
        for i in 0..chars.len() {
            let mut c = chars.clone();
            c.remove(i);
            check(c);
        }
        for i in 0..chars.len().saturating_sub(1) {
            let mut c = chars.clone();
            c.swap(i, i + 1);
            check(c);
        }
        // The index folds to ASCII, so a-z (and digits, never in names) are the only
        // letters a substitution or insertion can usefully produce.
        for i in 0..=chars.len() {
            for l in 'a'..='z' {
                if i < chars.len() && chars[i] != l {
                    let mut c = chars.clone();
                    c[i] = l;
                    check(c);
                }
                let mut c = chars.clone();
                c.insert(i, l);
                check(c);
            }
        }
        let mut out: Vec<String> = found.into_iter().collect();
        out.sort_unstable();
        out
    }
}

impl PersonIndex {
    /// Finds persons by name. See the module documentation for the matching rules.
    ///
    /// Hits are ordered by score, then in Vietnamese order of the full name, then by id.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<Hit>> {
        let limit = q.limit.min(MAX_LIMIT);
        let mut words = analyze(&mut vi_name_analyzer(), &q.text);
        words.truncate(MAX_QUERY_WORDS);
        if limit == 0 || words.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let vocab = self.vocabulary(&searcher)?;

        let mut found: Vec<(u8, Score, DocAddress)> = Vec::new();
        if let Some(exact) = self.exact_query(&words, &vocab) {
            let query = self.with_filters(exact, q);
            for (score, addr) in top(&searcher, &*query, limit)? {
                found.push((0, score, addr));
            }
        }
        if found.len() < limit
            && let Some(fuzzy) = self.fuzzy_query(&words, &vocab)
        {
            let query = self.with_filters(fuzzy, q);
            // Tier 2 also matches every tier-1 hit; fetch enough to fill the page anyway.
            let seen: HashSet<DocAddress> = found.iter().map(|f| f.2).collect();
            for (score, addr) in top(&searcher, &*query, limit + found.len())? {
                if found.len() == limit {
                    break;
                }
                if !seen.contains(&addr) {
                    found.push((1, score, addr));
                }
            }
        }

        let mut hits = Vec::with_capacity(found.len());
        for (tier, score, addr) in found {
            let mut hit = self.load_hit(&searcher, addr, score)?;
            if tier == 0 {
                hit.score += EXACT_TIER_BONUS;
            }
            hits.push(hit);
        }
        // The collector already ordered ties by collation key; this puts names the collator
        // holds equal in code-point order and makes the order independent of segments.
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| vi_cmp(&a.full_name, &b.full_name))
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(hits)
    }

    fn vocabulary(&self, searcher: &Searcher) -> Result<Arc<Vocabulary>> {
        let generation = searcher.generation().generation_id();
        {
            let current = self.vocab.read().unwrap_or_else(PoisonError::into_inner);
            if current.generation == generation {
                return Ok(Arc::clone(&current));
            }
        }
        let fresh = Arc::new(Vocabulary::build(searcher, self.fields.names)?);
        *self.vocab.write().unwrap_or_else(PoisonError::into_inner) = Arc::clone(&fresh);
        Ok(fresh)
    }

    fn term(&self, text: &str) -> Term {
        Term::from_field_text(self.fields.names, text)
    }

    fn scored_term(&self, text: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            self.term(text),
            IndexRecordOption::WithFreqs,
        ))
    }

    /// Any of `terms`, contributing nothing to the score: a typo or an unfinished word is
    /// evidence of a match, not of relevance.
    fn any_of(&self, terms: &[&str]) -> Option<Box<dyn Query>> {
        let inner: Box<dyn Query> = match terms.len() {
            0 => return None,
            n if n <= MAX_UNION_TERMS => Box::new(BooleanQuery::new(
                terms
                    .iter()
                    .map(|t| {
                        let q: Box<dyn Query> =
                            Box::new(TermQuery::new(self.term(t), IndexRecordOption::Basic));
                        (Occur::Should, q)
                    })
                    .collect(),
            )),
            _ => Box::new(TermSetQuery::new(terms.iter().map(|t| self.term(t)))),
        };
        Some(Box::new(ConstScoreQuery::new(inner, 0.0)))
    }

    fn prefix_terms<'a>(&self, word: &'a str, vocab: &'a Vocabulary) -> Vec<&'a str> {
        if word.chars().count() < MIN_PREFIX_CHARS {
            return Vec::new();
        }
        vocab.with_prefix(word).collect()
    }

    /// Tier 1, or `None` when some word cannot match at all.
    fn exact_query(&self, words: &[String], vocab: &Vocabulary) -> Option<Box<dyn Query>> {
        let (last, rest) = words.split_last()?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for w in rest {
            if !vocab.contains(w) {
                return None;
            }
            clauses.push((Occur::Must, self.scored_term(w)));
        }
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if vocab.contains(last) {
            alternatives.push((Occur::Should, self.scored_term(last)));
        }
        if let Some(prefix) = self.any_of(&self.prefix_terms(last, vocab)) {
            alternatives.push((Occur::Should, prefix));
        }
        if alternatives.is_empty() {
            return None;
        }
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Tier 2, or `None` when some word has neither an exact nor a near match.
    fn fuzzy_query(&self, words: &[String], vocab: &Vocabulary) -> Option<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            if vocab.contains(w) {
                alternatives.push((Occur::Should, self.scored_term(w)));
            }
            let mut near: Vec<String> = Vec::new();
            if w.chars().count() >= MIN_FUZZY_CHARS {
                near = vocab.variants(w);
            }
            let mut near: Vec<&str> = near.iter().map(String::as_str).collect();
            if i + 1 == words.len() {
                near.extend(self.prefix_terms(w, vocab));
                near.sort_unstable();
                near.dedup();
            }
            if let Some(q) = self.any_of(&near) {
                alternatives.push((Occur::Should, q));
            }
            if alternatives.is_empty() {
                return None;
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Adds the birth-year and organisation-subtree filters as index term lookups, so the
    /// top-k is computed over matching persons only. Filters score nothing.
    fn with_filters(&self, query: Box<dyn Query>, q: &SearchQuery) -> Box<dyn Query> {
        let mut filters = Vec::new();
        if let Some(year) = q.birth_year {
            filters.push(Term::from_field_i64(
                self.fields.birth_year,
                i64::from(year),
            ));
        }
        if let Some(org) = q.org {
            filters.push(Term::from_field_i64(self.fields.org, org));
        }
        if filters.is_empty() {
            return query;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        for term in filters {
            let filter = TermQuery::new(term, IndexRecordOption::Basic);
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(filter), 0.0)),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn load_hit(&self, searcher: &Searcher, addr: DocAddress, score: Score) -> Result<Hit> {
        let segment = searcher.segment_reader(addr.segment_ord);
        let fast = segment.fast_fields();
        let id = fast.i64(ID)?.first(addr.doc_id).unwrap_or_default();
        let birth_year = fast
            .i64(BIRTH_YEAR)?
            .first(addr.doc_id)
            .and_then(|y| i32::try_from(y).ok());
        let doc: TantivyDocument = searcher.doc(addr)?;
        let full_name = doc
            .get_first(self.fields.full_name)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned();
        Ok(Hit {
            id,
            full_name,
            birth_year,
            score,
        })
    }
}

/// Top `limit` by score, ties in `vi` collation order of the full name.
fn top(searcher: &Searcher, query: &dyn Query, limit: usize) -> Result<Vec<(Score, DocAddress)>> {
    let collector = TopDocs::with_limit(limit).order_by((
        (SortBySimilarityScore, Order::Desc),
        (SortByBytes::for_field(NAME_KEY), Order::Asc),
    ));
    let docs = searcher.search(query, &collector)?;
    Ok(docs
        .into_iter()
        .map(|((score, _key), addr)| (score, addr))
        .collect())
}
