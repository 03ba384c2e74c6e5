//! Query planning and execution.
//!
//! A search tries ever looser tiers and stops as soon as the page is full:
//!
//! | tier | a person matches when… | cost on 5.6 M persons |
//! |---|---|---|
//! | 1 name | one of their names, folded, equals the query | one short posting list |
//! | 1b name prefix | one of their names, folded, starts with the query | up to 1 024 short lists |
//! | 2 words | every query word is one of their words (the last also as a prefix) | intersection of word lists |
//! | 3 name typo | a whole name is one edit from the query (a space too: "nguyenvan an") | a few short lists |
//! | 4 word typos | as tier 2, with every word the dictionary lacks replaced by its one-edit neighbours | as tier 2 |
//! | 5 typos | as tier 2, every word allowed one edit — only if tiers 1–4 found nobody | bitsets of word lists |
//!
//! Tier 4 corrects only unknown words, as a spelling checker does: a word that exists is
//! most likely meant, and correcting it would multiply the work (variants of "duc" include
//! "duy" and "dung"). Tier 3 still catches a real-word typo inside an otherwise exact
//! name, and tier 5 any typo at all when nothing closer exists. Tier 5 is skipped when even
//! its most selective clause would match more than 300 000 persons: a query that vague
//! cannot be corrected meaningfully, and scanning that much breaks the latency budget.
//!
//! An edit is an insertion, deletion, substitution or swap of two neighbouring letters.
//! Every hit of an earlier tier ranks above every hit of a later one, which is how exact
//! matches always score above fuzzy ones, and why a whole name typed in full (the common
//! query) never pays for expanding it as a prefix: the exact tier fills the page first.
//! Within a tier hits rank by BM25 over the words, then in Vietnamese collation order of the
//! full name (inside the top-k collector, so the page boundary respects it too), then by id.
//! Tiers 1 and 3 without a filter read their hits in that order straight from the term
//! dictionary instead (`ordered.rs`): a common name ties thousands of persons.
//!
//! Typo candidates come from generating every one-edit variant of a word and looking it up
//! in an in-memory copy of the word dictionary (names are drawn from a few thousand
//! syllables). Tantivy's `FuzzyTermQuery` would instead fill a bitset from every matching
//! posting list — millions of documents for variants of "van" or "thi".

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, PoisonError};

use bvctnb_core::text::vi_cmp;
use tantivy::index::SegmentId;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Score, Searcher, TantivyError, Term};

use crate::analyzer::{analyze, vi_name_analyzer};
use crate::collector::{Candidate, Columns, TopByScoreThenName};
use crate::index::PersonIndex;
use crate::ordered::first_named;
use crate::schema::full_name_from_column;
use crate::{Hit, MAX_LIMIT, Result, SearchQuery};

/// Words beyond this are ignored: no real name has more, and each word adds a clause.
const MAX_QUERY_WORDS: usize = 8;
/// Shortest last word expanded as a word prefix; one letter says almost nothing.
const MIN_PREFIX_CHARS: usize = 2;
/// A word-prefix expansion matching more persons than this is dropped (the exact word
/// still counts): "th" would otherwise drag a third of the country through the query.
const MAX_PREFIX_DOCS: u64 = 400_000;
/// Most whole names a name-prefix query expands to. A broader prefix ("nguyen") keeps the
/// first ones in folded alphabetical order, which is what a list in Vietnamese order shows
/// first anyway.
const MAX_NAME_PREFIX_TERMS: usize = 1024;
/// Tier 5 runs only if some clause (a word with its variants, or a filter) is at least
/// this selective.
const MAX_LAST_RESORT_DOCS: u64 = 300_000;
/// Shortest word given typo tolerance ("vn" → "van" still works; "a" stays exact).
const MIN_FUZZY_CHARS: usize = 2;
/// Above this many expansion terms one bitset beats a union of posting-list cursors.
const MAX_UNION_TERMS: usize = 16;
/// Score distance between tiers; BM25 sums over at most 8 words stay far below it.
const TIER_STEP: Score = 1000.0;
const TIERS: usize = 6;

/// What a searcher generation lets every query share: the distinct words of the `names`
/// field with their document frequencies, sorted, and each segment's opened columns.
pub(crate) struct Vocabulary {
    generation: u64,
    terms: Vec<(Box<str>, u64)>,
    columns: HashMap<SegmentId, Columns>,
}

impl Vocabulary {
    pub(crate) fn build(searcher: &Searcher, field: Field) -> Result<Self> {
        let mut terms: Vec<(Box<str>, u64)> = Vec::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().stream().map_err(TantivyError::from)?;
            while stream.advance() {
                // The analyzer only emits UTF-8; skip anything else rather than fail.
                if let Ok(t) = std::str::from_utf8(stream.key()) {
                    terms.push((t.into(), u64::from(stream.value().doc_freq)));
                }
            }
        }
        terms.sort_unstable();
        // Merge the per-segment entries of a word (counts include deleted documents until
        // a merge; they only steer cost decisions).
        terms.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 += later.1;
            }
            same
        });
        let mut columns = HashMap::new();
        for segment in searcher.segment_readers() {
            columns.insert(segment.segment_id(), Columns::open(segment)?);
        }
        Ok(Vocabulary { generation: searcher.generation().generation_id(), terms, columns })
    }

    fn contains(&self, word: &str) -> bool {
        self.doc_freq(word) > 0
    }

    /// Persons having `word` (approximate: deleted ones count until the next merge).
    fn doc_freq(&self, word: &str) -> u64 {
        self.terms.binary_search_by(|t| (*t.0).cmp(word)).map_or(0, |i| self.terms[i].1)
    }

    /// Words starting with `prefix` (other than itself), or none if that is too vague.
    fn with_prefix<'a>(&'a self, prefix: &str) -> Vec<&'a str> {
        if prefix.chars().count() < MIN_PREFIX_CHARS {
            return Vec::new();
        }
        let start = self.terms.partition_point(|t| *t.0 <= *prefix);
        let matching = self.terms[start..].iter().take_while(|t| t.0.starts_with(prefix));
        let docs: u64 = matching.clone().map(|t| t.1).sum();
        if docs > MAX_PREFIX_DOCS {
            return Vec::new();
        }
        matching.map(|t| &*t.0).collect()
    }

    /// Dictionary words exactly one edit from `word`.
    fn variants(&self, word: &str) -> Vec<String> {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() < MIN_FUZZY_CHARS {
            return Vec::new();
        }
        let mut found = BTreeSet::new();
        let mut check = |cand: &[char]| {
            let s: String = cand.iter().collect();
            if s != word && self.contains(&s) {
                found.insert(s);
            }
        };
        let mut c = Vec::with_capacity(chars.len() + 1);
        for i in 0..chars.len() {
            c.clone_from(&chars);
            c.remove(i);
            check(&c);
            if i + 1 < chars.len() {
                c.clone_from(&chars);
                c.swap(i, i + 1);
                check(&c);
            }
        }
        // The index folds to ASCII, so a-z are the only letters an edit can usefully add.
        for i in 0..=chars.len() {
            for l in 'a'..='z' {
                if i < chars.len() && chars[i] != l {
                    c.clone_from(&chars);
                    c[i] = l;
                    check(&c);
                }
                c.clone_from(&chars);
                c.insert(i, l);
                check(&c);
            }
        }
        found.into_iter().collect()
    }
}

impl PersonIndex {
    /// Finds persons by name; see the module documentation for the matching rules.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<Hit>> {
        let limit = q.limit.min(MAX_LIMIT);
        let mut words = analyze(&mut vi_name_analyzer(), &q.text);
        words.truncate(MAX_QUERY_WORDS);
        if limit == 0 || words.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let vocab = self.vocabulary(&searcher)?;

        let mut found: Vec<(usize, Candidate)> = Vec::new();
        let mut seen: HashSet<DocAddress> = HashSet::new();
        let filtered = !self.filter_terms(q).is_empty();
        for tier in 0..TIERS {
            let last_resort = tier + 1 == TIERS;
            if found.len() >= limit || (last_resort && !found.is_empty()) {
                break;
            }
            let started = std::time::Instant::now();
            // A tier may also match hits of earlier tiers; fetch enough to fill the page.
            let want = limit + found.len();
            let page = match tier {
                // Whole names without a filter come in display order from the dictionary;
                // a filter already cuts the ties, so the collector handles those.
                0 | 3 if !filtered => {
                    let names = if tier == 0 { vec![words.join(" ")] } else { name_typos(&words, &vocab) };
                    first_named(&searcher, self.fields.ordered, &names, want, &vocab.columns)?
                }
                _ => {
                    let query = match tier {
                        0 => Some(self.name_query(&words)),
                        1 => self.name_prefix_query(&searcher, &words)?,
                        2 => self.words_query(&words, &vocab),
                        3 => self.any_of(name_typos(&words, &vocab).iter().map(|c| self.whole(c)).collect(), 0.0),
                        4 => self.word_typo_query(&words, &vocab),
                        _ => self.typos_query(&searcher, &words, &vocab, q)?,
                    };
                    let Some(query) = query else { continue };
                    let query = self.with_filters(query, q);
                    searcher.search(&*query, &TopByScoreThenName { limit: want, columns: &vocab.columns })?
                }
            };
            tracing::trace!(tier = tier + 1, hits = page.len(), elapsed = ?started.elapsed(), "search tier");
            for candidate in page {
                if found.len() == limit {
                    break;
                }
                if seen.insert(candidate.addr) {
                    found.push((tier, candidate));
                }
            }
        }

        let mut hits: Vec<Hit> = found
            .into_iter()
            .map(|(tier, c)| Hit {
                id: c.id,
                full_name: full_name_from_column(&c.name_column),
                birth_year: c.birth_year,
                score: c.score + TIER_STEP * (TIERS - tier) as Score,
            })
            .collect();
        // The collector already broke ties by collation key; this also orders names the
        // collator holds equal, by code point then id, independent of segment layout.
        hits.sort_by(|a, b| {
            b.score.total_cmp(&a.score).then_with(|| vi_cmp(&a.full_name, &b.full_name)).then_with(|| a.id.cmp(&b.id))
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

    fn word(&self, text: &str) -> Term {
        Term::from_field_text(self.fields.names, text)
    }

    fn whole(&self, text: &str) -> Term {
        Term::from_field_text(self.fields.whole, text)
    }

    fn scored_word(&self, text: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(self.word(text), IndexRecordOption::WithFreqs))
    }

    /// Any of `terms`, scoring `score`: a corrected or unfinished word is evidence of a
    /// match, not of relevance.
    fn any_of(&self, terms: Vec<Term>, score: Score) -> Option<Box<dyn Query>> {
        let inner: Box<dyn Query> = match terms.len() {
            0 => return None,
            n if n <= MAX_UNION_TERMS => Box::new(BooleanQuery::new(
                terms
                    .into_iter()
                    .map(|t| {
                        let q: Box<dyn Query> = Box::new(TermQuery::new(t, IndexRecordOption::Basic));
                        (Occur::Should, q)
                    })
                    .collect(),
            )),
            _ => Box::new(TermSetQuery::new(terms)),
        };
        Some(Box::new(ConstScoreQuery::new(inner, score)))
    }

    /// Word `w` exactly (scored), or — for the last word — as a prefix (unscored).
    fn exact_or_prefix(&self, w: &str, is_last: bool, vocab: &Vocabulary) -> Option<Box<dyn Query>> {
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if vocab.contains(w) {
            alternatives.push((Occur::Should, self.scored_word(w)));
        }
        if is_last {
            let prefixed = vocab.with_prefix(w).into_iter().map(|t| self.word(t)).collect();
            if let Some(q) = self.any_of(prefixed, 0.0) {
                alternatives.push((Occur::Should, q));
            }
        }
        match alternatives.len() {
            0 => None,
            1 => alternatives.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(alternatives))),
        }
    }

    /// Tier 1: a whole name equals the query.
    fn name_query(&self, words: &[String]) -> Box<dyn Query> {
        let exact = TermQuery::new(self.whole(&words.join(" ")), IndexRecordOption::Basic);
        Box::new(ConstScoreQuery::new(Box::new(exact), 0.0))
    }

    /// Tier 1b: a whole name starts with the query (and is longer).
    fn name_prefix_query(&self, searcher: &Searcher, words: &[String]) -> Result<Option<Box<dyn Query>>> {
        let joined = words.join(" ");
        let mut names: BTreeSet<Vec<u8>> = BTreeSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.whole)?;
            let mut stream =
                inverted.terms().range().gt(joined.as_bytes()).into_stream().map_err(TantivyError::from)?;
            let mut taken = 0;
            while taken < MAX_NAME_PREFIX_TERMS && stream.advance() && stream.key().starts_with(joined.as_bytes()) {
                names.insert(stream.key().to_vec());
                taken += 1;
            }
        }
        while names.len() > MAX_NAME_PREFIX_TERMS {
            names.pop_last();
        }
        Ok(self.any_of(names.into_iter().map(|n| Term::from_field_bytes(self.fields.whole, &n)).collect(), 0.0))
    }

    /// Tier 2: every word exactly, the last also as a prefix.
    fn words_query(&self, words: &[String], vocab: &Vocabulary) -> Option<Box<dyn Query>> {
        let n = words.len();
        let mut clauses = Vec::with_capacity(n);
        for (i, w) in words.iter().enumerate() {
            clauses.push((Occur::Must, self.exact_or_prefix(w, i + 1 == n, vocab)?));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Tier 4: as tier 2, with every word missing from the dictionary replaced by its
    /// one-edit neighbours (and, for the last word, by the words it begins).
    fn word_typo_query(&self, words: &[String], vocab: &Vocabulary) -> Option<Box<dyn Query>> {
        let n = words.len();
        let mut corrected_any = false;
        let mut clauses = Vec::with_capacity(n);
        for (i, w) in words.iter().enumerate() {
            let is_last = i + 1 == n;
            let clause = if vocab.contains(w) {
                self.exact_or_prefix(w, is_last, vocab)?
            } else {
                corrected_any = true;
                let mut near = vocab.variants(w);
                if is_last {
                    near.extend(vocab.with_prefix(w).into_iter().map(str::to_owned));
                }
                self.any_of(near.iter().map(|v| self.word(v)).collect(), 0.0)?
            };
            clauses.push((Occur::Must, clause));
        }
        corrected_any.then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    /// Tier 5: every word exactly, as a prefix (last) or within one edit; `None` when no
    /// clause, filters included, is selective enough to run it (see the module docs).
    fn typos_query(
        &self,
        searcher: &Searcher,
        words: &[String],
        vocab: &Vocabulary,
        q: &SearchQuery,
    ) -> Result<Option<Box<dyn Query>>> {
        let n = words.len();
        let mut filter_docs = u64::MAX;
        for term in self.filter_terms(q) {
            filter_docs = filter_docs.min(searcher.doc_freq(&term)?);
        }
        // Each word's clause: the dictionary words it may stand for, and how many persons
        // they cover.
        let mut word_clauses: Vec<(u64, Vec<String>)> = Vec::with_capacity(n);
        for (i, w) in words.iter().enumerate() {
            let mut terms = vocab.variants(w);
            if vocab.contains(w) {
                terms.push(w.clone());
            }
            if i + 1 == n {
                terms.extend(vocab.with_prefix(w).into_iter().map(str::to_owned));
            }
            if terms.is_empty() {
                return Ok(None);
            }
            let docs = terms.iter().map(|t| vocab.doc_freq(t)).sum();
            word_clauses.push((docs, terms));
        }
        let leader = (0..n).min_by_key(|&i| word_clauses[i].0).filter(|&i| word_clauses[i].0 < filter_docs);
        let smallest = leader.map_or(filter_docs, |i| word_clauses[i].0);
        tracing::trace!(clause_docs = ?word_clauses.iter().map(|c| c.0).collect::<Vec<_>>(), filter_docs, "typo clauses");
        if smallest > MAX_LAST_RESORT_DOCS {
            tracing::debug!(smallest, "typo search too vague, skipped");
            return Ok(None);
        }
        // The most selective clause drives the intersection through its posting lists; the
        // others become bitsets, so checking a candidate costs a bit test instead of a seek
        // into the list of every variant.
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(2 * n);
        for (i, (_, terms)) in word_clauses.into_iter().enumerate() {
            let terms: Vec<Term> = terms.iter().map(|t| self.word(t)).collect();
            let clause = if Some(i) == leader {
                self.any_of(terms, 0.0)
            } else {
                Some(Box::new(ConstScoreQuery::new(Box::new(TermSetQuery::new(terms)), 0.0)) as Box<dyn Query>)
            };
            clauses.extend(clause.map(|c| (Occur::Must, c)));
        }
        // Words typed right still score, so hits sharing more of them come first.
        for w in words.iter().filter(|w| vocab.contains(w)) {
            clauses.push((Occur::Should, self.scored_word(w)));
        }
        Ok(Some(Box::new(BooleanQuery::new(clauses))))
    }

    fn filter_terms(&self, q: &SearchQuery) -> Vec<Term> {
        let mut terms = Vec::new();
        if let Some(year) = q.birth_year {
            terms.push(Term::from_field_i64(self.fields.birth_year, i64::from(year)));
        }
        if let Some(org) = q.org {
            terms.push(Term::from_field_i64(self.fields.org, org));
        }
        terms
    }

    /// Adds the birth-year and organisation-subtree filters as index term lookups, so the
    /// top-k is computed over matching persons only. Filters score nothing.
    fn with_filters(&self, query: Box<dyn Query>, q: &SearchQuery) -> Box<dyn Query> {
        let filters = self.filter_terms(q);
        if filters.is_empty() {
            return query;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        for term in filters {
            let filter = TermQuery::new(term, IndexRecordOption::Basic);
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(filter), 0.0))));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

/// Tier 3: whole names one edit from the query, an edit inside a word or on a space.
fn name_typos(words: &[String], vocab: &Vocabulary) -> Vec<String> {
    let mut candidates: BTreeSet<String> = BTreeSet::new();
    let replaced = |i: usize, with: &[&str]| -> String {
        let mut parts: Vec<&str> = words[..i].iter().map(String::as_str).collect();
        parts.extend_from_slice(with);
        parts.extend(words[i + 1..].iter().map(String::as_str));
        parts.join(" ")
    };
    for (i, w) in words.iter().enumerate() {
        for v in vocab.variants(w) {
            candidates.insert(replaced(i, &[&v]));
        }
        // A missing space: "nguyenvan" → "nguyen van".
        for (k, _) in w.char_indices().skip(1) {
            let (a, b) = w.split_at(k);
            if vocab.contains(a) && vocab.contains(b) {
                candidates.insert(replaced(i, &[a, b]));
            }
        }
    }
    // An extra space: "nguy en" → "nguyen".
    for i in 0..words.len().saturating_sub(1) {
        let merged = format!("{}{}", words[i], words[i + 1]);
        if vocab.contains(&merged) {
            let mut parts: Vec<&str> = words[..i].iter().map(String::as_str).collect();
            parts.push(&merged);
            parts.extend(words[i + 2..].iter().map(String::as_str));
            candidates.insert(parts.join(" "));
        }
    }
    candidates.into_iter().collect()
}
