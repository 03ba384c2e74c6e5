//! Behaviour of the person index: matching, filters, ordering and durability.

use bvctnb_search::{Hit, PersonDoc, PersonIndex, SearchQuery};

fn person(id: i64, name: &str, year: Option<i32>, org_path: &[i64]) -> PersonDoc {
    PersonDoc {
        id,
        full_name: name.to_owned(),
        other_names: Vec::new(),
        birth_year: year,
        org_path: org_path.to_vec(),
        hometown: String::new(),
    }
}

/// Organisation tree: 1 (province) → 10, 11 (districts) → 100 (commune under 10).
fn sample() -> Vec<PersonDoc> {
    vec![
        person(1, "Nguyễn Văn An", Some(1980), &[1, 10, 100]),
        person(2, "Trần Văn Đức", Some(1975), &[1, 11]),
        person(3, "Lê Thị Hồng", Some(1990), &[1, 10]),
        person(4, "Nguyễn Văn Anh", Some(1985), &[1, 11]),
        person(5, "Phạm Dưỡng", Some(1960), &[1, 10]),
        person(6, "Nguyễn Văn Lan", Some(1980), &[1, 10]),
        person(7, "Hoàng Thị Duyên", None, &[1, 11]),
    ]
}

fn index_with(docs: Vec<PersonDoc>) -> PersonIndex {
    let index = PersonIndex::in_memory().unwrap();
    index.rebuild(docs, |_| {}).unwrap();
    index.commit(1).unwrap();
    index
}

fn q(text: &str) -> SearchQuery {
    SearchQuery { text: text.to_owned(), limit: 10, ..SearchQuery::default() }
}

fn ids(hits: &[Hit]) -> Vec<i64> {
    hits.iter().map(|h| h.id).collect()
}

fn search(index: &PersonIndex, query: &SearchQuery) -> Vec<Hit> {
    index.search(query).unwrap()
}

#[test]
fn finds_without_diacritics() {
    let index = index_with(sample());
    let hits = search(&index, &q("nguyen van"));
    assert!(ids(&hits).contains(&1), "{hits:?}");
    assert!(hits.iter().all(|h| h.full_name.starts_with("Nguyễn Văn")), "{hits:?}");
    let first = &search(&index, &q("nguyen van an"))[0];
    assert_eq!((first.id, first.full_name.as_str()), (1, "Nguyễn Văn An"));
    assert_eq!(first.birth_year, Some(1980));
}

#[test]
fn all_words_must_match() {
    let index = index_with(sample());
    assert!(search(&index, &q("tran hong")).is_empty());
    assert_eq!(ids(&search(&index, &q("le hong"))), [3]);
}

#[test]
fn tolerates_one_typo_per_word() {
    let index = index_with(sample());
    // "vn": a letter missing.
    assert_eq!(search(&index, &q("nguyen vn an"))[0].id, 1);
    // Swapped neighbours count as one edit; typos in two words at once.
    assert_eq!(search(&index, &q("ngyuen vna an"))[0].id, 1);
    // A wrong letter.
    assert_eq!(ids(&search(&index, &q("tran vam duc"))), [2]);
    // Two edits in one word is too far.
    assert!(search(&index, &q("tran vmx duc")).is_empty());
}

#[test]
fn duc_finds_duc_with_any_marks() {
    let index = index_with(sample());
    for text in ["Đức", "duc", "dưc", "ĐỨC", "Đuc"] {
        assert_eq!(ids(&search(&index, &q(text))), [2], "{text}");
    }
    // NFD input is folded the same.
    assert_eq!(ids(&search(&index, &q("Đu\u{31b}\u{301}c"))), [2]);
}

#[test]
fn exact_beats_typo_and_prefix() {
    let index = index_with(sample());
    let hits = search(&index, &q("nguyen van an"));
    // An is exact; Anh matches as a prefix; Lan is one edit from "an".
    assert_eq!(ids(&hits), [1, 4, 6], "{hits:?}");
    assert!(hits[0].score > hits[1].score && hits[1].score > hits[2].score);
}

#[test]
fn exact_ranks_above_typo_whatever_the_word_weights() {
    // "an" is common here, so the exact hits have low BM25; the typo hit still ranks last.
    let mut docs: Vec<PersonDoc> = (0..40).map(|i| person(100 + i, "Nguyễn Văn An", None, &[1])).collect();
    docs.push(person(1, "Nguyễn Văn Lan", None, &[1]));
    let index = index_with(docs);
    let mut query = q("nguyen van an");
    query.limit = 50;
    let hits = search(&index, &query);
    assert_eq!(hits.len(), 41);
    assert_eq!(hits[40].id, 1, "{hits:?}");
    assert!(hits[39].score > hits[40].score);
}

#[test]
fn a_missing_or_extra_space_is_one_edit() {
    let index = index_with(sample());
    assert_eq!(search(&index, &q("nguyenvan an"))[0].id, 1);
    assert_eq!(search(&index, &q("nguy en van an"))[0].id, 1);
    assert_eq!(search(&index, &q("tran vanduc"))[0].id, 2);
}

#[test]
fn known_words_are_not_corrected_while_exact_hits_exist() {
    // "lan" exists, so "van lan" means Lan: "An" (one edit away) is not offered.
    let index = index_with(sample());
    assert_eq!(ids(&search(&index, &q("van lan"))), [6]);
    // With no exact hit at all, known words are corrected too (last resort).
    // "hoang" and "le" both exist but no one has both: "hoang" → "hong" finds Lê Thị Hồng.
    assert_eq!(ids(&search(&index, &q("hoang le"))), [3]);
    // An unknown word is corrected even when other words are exact: "hang" → "hong", "hoang".
    let mut got = ids(&search(&index, &q("thi hang")));
    got.sort_unstable();
    assert_eq!(got, [3, 7]);
}

#[test]
fn last_word_matches_as_prefix() {
    let index = index_with(sample());
    assert_eq!(ids(&search(&index, &q("le thi ho"))), [3]);
    assert_eq!(ids(&search(&index, &q("hoang thi duy"))), [7]);
}

#[test]
fn other_names_are_searchable_but_not_shown() {
    let mut p = person(9, "Đặng Thị Mai", None, &[1]);
    p.other_names = vec!["Sơ Maria Mai".to_owned()];
    let index = index_with(vec![p]);
    let hits = search(&index, &q("maria"));
    assert_eq!(ids(&hits), [9]);
    assert_eq!(hits[0].full_name, "Đặng Thị Mai");
}

#[test]
fn birth_year_filter() {
    let index = index_with(sample());
    let mut query = q("nguyen van");
    query.birth_year = Some(1980);
    let mut got = ids(&search(&index, &query));
    got.sort_unstable();
    assert_eq!(got, [1, 6]);
    query.birth_year = Some(1900);
    assert!(search(&index, &query).is_empty());
}

#[test]
fn organisation_subtree_filter() {
    let index = index_with(sample());
    let mut query = q("nguyen van");
    query.org = Some(10);
    let mut got = ids(&search(&index, &query));
    got.sort_unstable();
    assert_eq!(got, [1, 6], "district 11 (Anh) is another branch");
    query.org = Some(100);
    assert_eq!(ids(&search(&index, &query)), [1]);
    query.org = Some(1);
    assert_eq!(search(&index, &query).len(), 3);
    query.org = Some(11);
    query.birth_year = Some(1980);
    assert!(search(&index, &query).is_empty());
}

#[test]
fn ties_come_in_vietnamese_order() {
    // All fold to the same words, so their scores are equal; only collation orders them.
    let names =
        ["Nguyễn Văn Đức", "Nguyễn Văn Dục", "Nguyễn Vân Duc", "Nguyễn Văn Duc", "Nguyễn Văn Dúc", "Nguyễn Văn Đúc"];
    let docs = names.iter().enumerate().map(|(i, n)| person(i as i64 + 1, n, None, &[1])).collect();
    let index = index_with(docs);
    let hits = search(&index, &q("nguyen van duc"));
    assert!(hits.windows(2).all(|w| w[0].score == w[1].score), "{hits:?}");
    let got: Vec<&str> = hits.iter().map(|h| h.full_name.as_str()).collect();
    let mut expected = names.map(String::from).to_vec();
    bvctnb_core::text::sort_vi(&mut expected);
    assert_eq!(got, expected);
    assert_eq!(
        got,
        ["Nguyễn Văn Duc", "Nguyễn Văn Dúc", "Nguyễn Văn Dục", "Nguyễn Văn Đúc", "Nguyễn Văn Đức", "Nguyễn Vân Duc",]
    );
}

#[test]
fn ties_are_ordered_before_the_limit_cuts() {
    // 30 same-score persons across several commits (segments); the page of 5 must be the
    // first 5 in Vietnamese order, not whichever the collector met first.
    let index = PersonIndex::in_memory().unwrap();
    let given = ["Ánh", "Ân", "Bình", "An", "Anh", "Ấn"];
    let mut all = Vec::new();
    for (batch, family) in ["Trần", "Đỗ", "Lê", "Dương", "Ông"].iter().enumerate() {
        let docs: Vec<PersonDoc> = given
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let name = format!("{family} Văn {g}");
                all.push(name.clone());
                person((batch * 10 + i) as i64, &name, None, &[1])
            })
            .collect();
        index.upsert(&docs).unwrap();
        index.commit(batch as i64).unwrap();
    }
    let mut query = q("van");
    query.limit = 5;
    let got: Vec<String> = search(&index, &query).into_iter().map(|h| h.full_name).collect();
    bvctnb_core::text::sort_vi(&mut all);
    assert_eq!(got, all[..5]);
}

#[test]
fn same_name_persons_tie_and_order_by_id() {
    let docs = vec![
        person(30, "Lê Văn Tám", Some(1950), &[1]),
        person(10, "Lê Văn Tám", Some(1960), &[1]),
        person(20, "Lê Văn Tám", Some(1970), &[1]),
    ];
    let index = index_with(docs);
    let hits = search(&index, &q("le van tam"));
    assert_eq!(ids(&hits), [10, 20, 30]);
    assert!(hits.windows(2).all(|w| w[0].score == w[1].score));
}

#[test]
fn upsert_replaces_and_delete_removes() {
    let index = index_with(sample());
    index.upsert(&[person(2, "Trần Văn Đạt", Some(1975), &[1, 11])]).unwrap();
    // Not visible before commit.
    assert_eq!(ids(&search(&index, &q("duc"))), [2]);
    index.commit(2).unwrap();
    assert!(search(&index, &q("tran van duc")).is_empty());
    assert_eq!(search(&index, &q("tran van dat"))[0].full_name, "Trần Văn Đạt");
    assert_eq!(index.num_docs(), 7);

    index.delete(&[2, 3]).unwrap();
    index.commit(3).unwrap();
    assert!(search(&index, &q("tran van dat")).is_empty());
    assert!(search(&index, &q("le thi hong")).is_empty());
    assert_eq!(index.num_docs(), 5);
}

#[test]
fn rebuild_replaces_everything_and_rollback_discards() {
    let index = index_with(sample());
    index.rebuild(vec![person(50, "Vũ Thị Thu", None, &[1])], |_| {}).unwrap();
    index.rollback().unwrap();
    assert_eq!(index.num_docs(), 7);

    let mut reported = Vec::new();
    let n = index.rebuild(vec![person(50, "Vũ Thị Thu", None, &[1])], |c| reported.push(c)).unwrap();
    index.commit(9).unwrap();
    assert_eq!((n, reported.last().copied()), (1, Some(1)));
    assert_eq!(index.num_docs(), 1);
    assert_eq!(ids(&search(&index, &q("vu thu"))), [50]);
}

#[test]
fn watermark_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = PersonIndex::open_or_create(dir.path()).unwrap();
        assert_eq!(index.watermark().unwrap(), 0);
        index.rebuild(sample(), |_| {}).unwrap();
        index.commit(41).unwrap();
        index.upsert(&[person(8, "Bùi Văn Tám", None, &[1])]).unwrap();
        index.commit(42).unwrap();
        // Staged but never committed: lost on "crash", and the watermark says so.
        index.delete(&[1]).unwrap();
    }
    let index = PersonIndex::open_or_create(dir.path()).unwrap();
    assert_eq!(index.watermark().unwrap(), 42);
    assert_eq!(index.num_docs(), 8);
    assert_eq!(ids(&search(&index, &q("bui van tam"))), [8]);
    assert_eq!(search(&index, &q("nguyen van an"))[0].id, 1);
}

#[test]
fn an_index_of_an_older_layout_is_emptied_for_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut b = tantivy::schema::Schema::builder();
        b.add_text_field("names", tantivy::schema::TEXT);
        let old = tantivy::Index::create_in_dir(dir.path(), b.build()).unwrap();
        let mut writer: tantivy::IndexWriter = old.writer(15_000_000).unwrap();
        let mut prepared = writer.prepare_commit().unwrap();
        prepared.set_payload("77");
        prepared.commit().unwrap();
    }
    let index = PersonIndex::open_or_create(dir.path()).unwrap();
    // Watermark 0 makes the caller rebuild from the store.
    assert_eq!((index.watermark().unwrap(), index.num_docs()), (0, 0));
    index.rebuild(sample(), |_| {}).unwrap();
    index.commit(5).unwrap();
    drop(index);
    let index = PersonIndex::open_or_create(dir.path()).unwrap();
    assert_eq!((index.watermark().unwrap(), search(&index, &q("nguyen van an"))[0].id), (5, 1));
}

#[test]
fn empty_and_degenerate_queries() {
    let index = index_with(sample());
    assert!(search(&index, &q("")).is_empty());
    assert!(search(&index, &q(" ,.- ")).is_empty());
    let mut zero = q("nguyen");
    zero.limit = 0;
    assert!(search(&index, &zero).is_empty());
    let mut one = q("nguyen");
    one.limit = 1;
    assert_eq!(search(&index, &one).len(), 1);
    assert!(search(&index, &q("xyzzy qwerty")).is_empty());
}

#[test]
fn searches_run_concurrently_with_writes() {
    let index = std::sync::Arc::new(index_with(sample()));
    let reader = {
        let index = std::sync::Arc::clone(&index);
        std::thread::spawn(move || {
            for _ in 0..50 {
                assert!(!index.search(&q("nguyen van an")).unwrap().is_empty());
            }
        })
    };
    for i in 0..5 {
        index.upsert(&[person(1000 + i, "Nguyễn Văn An", None, &[1])]).unwrap();
        index.commit(10 + i).unwrap();
    }
    reader.join().unwrap();
    assert_eq!(search(&index, &q("nguyen van an")).len(), 8);
}

/// Deterministic names from a small syllable pool, so namesakes and near-namesakes abound
/// as they do in the real register.
fn generated(n: i64) -> Vec<PersonDoc> {
    const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
    const MIDDLE: [&str; 8] = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Hữu", "Xuân"];
    const GIVEN: [&str; 16] = [
        "An", "Anh", "Bình", "Dũng", "Đức", "Hà", "Hùng", "Hương", "Lan", "Linh", "Minh", "Nam", "Phương", "Quân",
        "Thảo", "Tuấn",
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    (0..n)
        .map(|id| {
            let mut name = format!("{} {}", FAMILY[next(8)], MIDDLE[next(8)]);
            if next(4) == 0 {
                name = format!("{name} {}", MIDDLE[next(8)]);
            }
            let name = format!("{name} {}", GIVEN[next(16)]);
            person(id, &name, Some(1950 + next(50) as i32), &[1, 2 + next(3) as i64])
        })
        .collect()
}

#[test]
fn finds_every_person_by_folded_name_with_or_without_a_typo() {
    let docs = generated(3000);
    let index = index_with(docs.clone());
    for p in docs.iter().step_by(37) {
        let folded = bvctnb_core::text::fold(&p.full_name);
        let mut query = q(&folded);
        query.birth_year = p.birth_year;
        query.org = p.org_path.last().copied();
        assert!(ids(&search(&index, &query)).contains(&p.id), "{folded}");

        // Drop the second letter of the longest word: one edit.
        let longest = folded.split(' ').max_by_key(|w| w.len()).unwrap_or_default();
        let mut typo_word = longest.to_owned();
        typo_word.remove(1);
        query.text = folded.replacen(longest, &typo_word, 1);
        let hits = search(&index, &query);
        assert!(ids(&hits).contains(&p.id), "{} → {:?}", query.text, hits);
        assert!(hits.iter().all(|h| h.birth_year == p.birth_year));
    }
}

#[test]
fn broad_queries_stay_bounded_and_ordered() {
    let index = index_with(generated(3000));
    for text in ["n", "ng", "nguyen", "thi", "van a", "a"] {
        let hits = search(&index, &q(text));
        assert!(hits.len() <= 10, "{text}");
        assert!(
            hits.windows(2).all(|w| w[0].score > w[1].score
                || (w[0].score == w[1].score && bvctnb_core::text::vi_cmp(&w[0].full_name, &w[1].full_name).is_le())),
            "{text}: {hits:?}"
        );
    }
    assert_eq!(search(&index, &q("nguyen")).len(), 10);
}

/// Without a filter, whole-name tiers list their hits straight from the term dictionary;
/// with one, the top-k collector orders them. Both must give the same page, whatever the
/// segments, deletions and other names: a filter every person passes is the oracle.
#[test]
fn whole_name_pages_are_the_same_with_or_without_a_filter() {
    let index = PersonIndex::in_memory().unwrap();
    let docs = generated(3000);
    for (batch, chunk) in docs.chunks(700).enumerate() {
        index.upsert(chunk).unwrap();
        index.commit(batch as i64 + 1).unwrap();
    }
    // Renames and deletions leave dead documents in older segments; other names fold alike.
    let mut changed: Vec<PersonDoc> = docs.iter().step_by(11).cloned().collect();
    for (i, p) in changed.iter_mut().enumerate() {
        if i % 2 == 0 {
            p.full_name = "Nguyễn Văn An".into();
        }
        p.other_names = vec![p.full_name.clone(), "Trần Thị Thảo".into()];
    }
    index.upsert(&changed).unwrap();
    index.delete(&docs.iter().step_by(13).map(|p| p.id).collect::<Vec<_>>()).unwrap();
    index.commit(9).unwrap();

    for text in ["nguyen van an", "tran thi thao", "le minh hung", "nguyen van ahn", "tran thi thoa", "bui ngoc lan"] {
        for limit in [1, 5, 30, 200] {
            let plain = SearchQuery { text: text.into(), limit, ..SearchQuery::default() };
            let filtered = SearchQuery { org: Some(1), ..plain.clone() };
            let (a, b) = (search(&index, &plain), search(&index, &filtered));
            assert!(!a.is_empty(), "{text}");
            let key = |h: &[Hit]| h.iter().map(|h| (h.id, h.full_name.clone(), h.score)).collect::<Vec<_>>();
            assert_eq!(key(&a), key(&b), "{text}, limit {limit}");
        }
    }
    // Every namesake, first and by id, when the page holds them all (then come longer names).
    let all = search(&index, &SearchQuery { text: "nguyen van an".into(), limit: 1000, ..SearchQuery::default() });
    let exact = all.iter().take_while(|h| h.full_name == "Nguyễn Văn An").count();
    assert!(all[exact..].iter().all(|h| h.full_name != "Nguyễn Văn An"));
    assert!(all[..exact].windows(2).all(|w| w[0].id < w[1].id));
    let all = &all[..exact];
    let expected: std::collections::BTreeSet<i64> = changed
        .iter()
        .filter(|p| p.full_name == "Nguyễn Văn An" && p.id % 13 != 0)
        .map(|p| p.id)
        .chain(docs.iter().filter(|p| p.full_name == "Nguyễn Văn An" && p.id % 13 != 0).map(|p| p.id))
        .collect();
    assert_eq!(ids(all).into_iter().collect::<std::collections::BTreeSet<_>>(), expected);
}

/// The index holds the names and birth years of every person: the folder it makes is the
/// server user's alone.
#[cfg(unix)]
#[test]
fn the_index_folder_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    PersonIndex::open_or_create(&dir).unwrap();
    assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
}
