//! Person-search latency at national scale.
//!
//! ```text
//! cargo run --release -p bvctnb-search --example search_bench -- [persons] [index dir]
//! ```
//!
//! Builds (or reuses, when the directory already holds that many persons) an index of
//! synthetic persons with realistic Vietnamese name frequencies, then times searches the way
//! the benchmark in ARCHITECTURE.md §5 phrases them: a name typed without diacritics, with
//! one typo, half of them with a birth year. Prints p50/p95/p99/max per kind of query.
//! Defaults: 5 600 000 persons in a temporary directory. `BENCH_SLOWEST=1` lists the slowest
//! queries of each kind.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use bvctnb_core::text::fold;
use bvctnb_search::{PersonDoc, PersonIndex, SearchQuery};

const SURNAMES: &[(&str, u32)] = &[
    ("Nguyễn", 3850),
    ("Trần", 1100),
    ("Lê", 950),
    ("Phạm", 700),
    ("Hoàng", 300),
    ("Huỳnh", 250),
    ("Phan", 450),
    ("Võ", 300),
    ("Vũ", 250),
    ("Đặng", 210),
    ("Bùi", 200),
    ("Đỗ", 160),
    ("Hồ", 180),
    ("Ngô", 140),
    ("Dương", 110),
    ("Lý", 60),
    ("Đào", 80),
    ("Đinh", 80),
    ("Trịnh", 60),
    ("Mai", 60),
    ("Lương", 60),
    ("Cao", 50),
    ("Tạ", 30),
    ("Lưu", 40),
    ("Hà", 60),
    ("Tô", 30),
    ("Kiều", 20),
    ("Lại", 20),
    ("Chu", 30),
    ("Triệu", 30),
    ("Đoàn", 60),
    ("Phùng", 30),
    ("Trương", 90),
    ("Lâm", 40),
    ("Châu", 30),
    ("Thái", 30),
    ("Quách", 20),
    ("Mạc", 10),
    ("Khổng", 5),
    ("Ông", 5),
];
const MIDDLE_MALE: &[&str] = &[
    "Văn", "Văn", "Văn", "Văn", "Văn", "Văn", "Đức", "Hữu", "Minh", "Quang", "Công", "Thanh", "Xuân", "Ngọc", "Tuấn",
    "Quốc", "Trọng", "Đình", "Duy", "Hoàng", "Anh", "Gia", "Bảo", "Thành", "Trung", "Mạnh", "Tiến", "Việt", "Chí",
    "Hải", "Đăng", "Khắc", "Nhật",
];
const MIDDLE_FEMALE: &[&str] = &[
    "Thị", "Thị", "Thị", "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Kim", "Phương", "Thùy", "Minh",
    "Bích", "Mỹ", "Khánh", "Bảo", "Thúy", "Kiều", "Diệu", "Hoài", "Lan", "Mai", "Quỳnh", "Hải", "Thảo", "Tuyết",
    "Xuân",
];
const GIVEN_MALE: &[&str] = &[
    "Hùng", "Dũng", "Thắng", "Hải", "Sơn", "Bình", "Hòa", "Minh", "Tuấn", "Cường", "Hưng", "Thành", "Phong", "Long",
    "Quang", "Lâm", "Tâm", "Thanh", "Tiến", "Chiến", "Lợi", "Nghĩa", "Phúc", "Thịnh", "Toàn", "Trung", "Vinh", "Xuân",
    "Đức", "Định", "Khải", "Lộc", "Mạnh", "Năm", "Tài", "Tùng", "Thuận", "Hoan", "Kiên", "Lực", "Nam", "Quý", "Thọ",
    "Ân", "Dương", "Hiển", "Khang", "Anh", "Khoa", "Huy", "Đạt", "Duy", "Hiếu", "Kiệt", "Khánh", "Phát", "Quân", "Tín",
    "Trí", "Vũ", "Bảo", "Hoàng", "Nhân", "Sang", "Thiện", "Tú", "Việt", "Vỹ", "Hào", "Luân", "Nguyên", "An", "Tân",
    "Thái", "Sỹ",
];
const GIVEN_FEMALE: &[&str] = &[
    "Lan",
    "Hương",
    "Hoa",
    "Hồng",
    "Mai",
    "Nga",
    "Hà",
    "Thủy",
    "Nhung",
    "Phương",
    "Hạnh",
    "Loan",
    "Dung",
    "Tuyết",
    "Oanh",
    "Hằng",
    "Vân",
    "Liên",
    "Xuân",
    "Thu",
    "Hiền",
    "Lý",
    "Tâm",
    "Thảo",
    "Yến",
    "Bích",
    "Cúc",
    "Đào",
    "Huệ",
    "Thoa",
    "Tươi",
    "Nguyệt",
    "Minh",
    "Ngọc",
    "Kim",
    "Linh",
    "Trang",
    "Anh",
    "Huyền",
    "Thư",
    "Vy",
    "Ngân",
    "Hân",
    "Nhi",
    "My",
    "Quỳnh",
    "Uyên",
    "Châu",
    "Giang",
    "Trâm",
    "Diệp",
    "Duyên",
    "Hậu",
    "Khuê",
    "Loan",
    "Phượng",
    "Tiên",
    "Ánh",
    "Thơ",
    "Xoan",
];

/// Turns a person into the query a clerk would type for them.
type MakeQuery = fn(&mut Rng, &PersonDoc) -> SearchQuery;

/// SplitMix64: deterministic, dependency-free, good enough for synthetic data.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn surname(rng: &mut Rng) -> &'static str {
    let total: u32 = SURNAMES.iter().map(|s| s.1).sum();
    let mut r = rng.below(total as usize) as u32;
    for (name, w) in SURNAMES {
        if r < *w {
            return name;
        }
        r -= w;
    }
    SURNAMES[0].0
}

fn person(rng: &mut Rng, id: i64) -> PersonDoc {
    let male = rng.next().is_multiple_of(2);
    let (middle, given) = if male { (MIDDLE_MALE, GIVEN_MALE) } else { (MIDDLE_FEMALE, GIVEN_FEMALE) };
    let mut name = format!("{} {}", surname(rng), rng.pick(middle));
    if rng.below(5) == 0 {
        name.push(' ');
        name.push_str(rng.pick(middle));
    }
    name.push(' ');
    name.push_str(rng.pick(given));
    let province = 1 + rng.below(63) as i64;
    let district = province * 100 + rng.below(11) as i64;
    let commune = district * 100 + rng.below(75) as i64;
    PersonDoc {
        id,
        full_name: name,
        other_names: Vec::new(),
        birth_year: Some(1935 + rng.below(70) as i32),
        org_path: vec![province, district, commune],
        hometown: String::new(),
    }
}

/// One edit in one word of an ASCII query: delete, substitute, insert or swap.
fn typo(rng: &mut Rng, text: &str) -> String {
    let mut words: Vec<Vec<u8>> = text.split(' ').map(|w| w.as_bytes().to_vec()).collect();
    let w = rng.below(words.len());
    let word = &mut words[w];
    let i = rng.below(word.len());
    let letter = b'a' + rng.below(26) as u8;
    match rng.below(4) {
        0 if word.len() > 2 => {
            word.remove(i);
        }
        1 => word[i] = letter,
        2 if i + 1 < word.len() => word.swap(i, i + 1),
        _ => word.insert(i, letter),
    }
    words.into_iter().map(|w| String::from_utf8(w).unwrap_or_default()).collect::<Vec<_>>().join(" ")
}

fn report(kind: &str, timed: Vec<(Duration, String, usize)>, hits: usize) {
    let mut times: Vec<Duration> = timed.iter().map(|t| t.0).collect();
    times.sort_unstable();
    let p = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "{kind:<28} n={:<5} p50={:>7.2?} p95={:>7.2?} p99={:>7.2?} max={:>7.2?} avg hits={:.1}",
        times.len(),
        p(0.50),
        p(0.95),
        p(0.99),
        times[times.len() - 1],
        hits as f64 / times.len() as f64
    );
    if std::env::var_os("BENCH_SLOWEST").is_some() {
        let mut slowest = timed;
        slowest.sort_by_key(|t| std::cmp::Reverse(t.0));
        for (t, q, n) in slowest.iter().take(8) {
            println!("    {t:>8.2?} {n:>3} hits  {q}");
        }
    }
}

fn dir_size(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path).map(|rd| rd.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum()).unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: i64 = args.next().map_or(Ok(5_600_000), |a| a.parse())?;
    let tmp;
    let dir: PathBuf = match args.next() {
        Some(d) => PathBuf::from(d),
        None => {
            tmp = tempfile::tempdir()?;
            tmp.path().to_owned()
        }
    };
    let index = PersonIndex::open_or_create(&dir)?;
    if index.num_docs() != n as u64 {
        let start = Instant::now();
        let mut rng = Rng(7);
        let docs = (0..n).map(|id| person(&mut rng, id));
        index.rebuild(docs, |c| {
            if c % 1_000_000 == 0 {
                eprintln!("  {c} staged, {:.0?}", start.elapsed());
            }
        })?;
        index.commit(n)?;
        println!(
            "rebuilt {n} persons in {:.1?} ({:.0} docs/s)",
            start.elapsed(),
            n as f64 / start.elapsed().as_secs_f64()
        );
    }
    println!("index: {} docs, {:.1} MB on disk", index.num_docs(), dir_size(&dir) as f64 / 1e6);

    let mut rng = Rng(99);
    // Look up persons who are in the index (replaying the generator), as a clerk would;
    // BENCH_ABSENT=1 instead draws names that may not exist, which exercises the last-resort
    // tier far more often than real traffic does.
    let samples: Vec<PersonDoc> = if std::env::var_os("BENCH_ABSENT").is_some() {
        (0..2000).map(|i| person(&mut Rng(1000 + i), i as i64)).collect()
    } else {
        let step = (n / 2000).max(1);
        let mut gen_rng = Rng(7);
        (0..n).map(|id| person(&mut gen_rng, id)).filter(|p| p.id % step == 0).take(2000).collect()
    };
    let kinds: [(&str, MakeQuery); 5] = [
        ("exact, no diacritics", |_, p| SearchQuery { text: fold(&p.full_name), limit: 20, ..SearchQuery::default() }),
        ("one typo", |r, p| SearchQuery { text: typo(r, &fold(&p.full_name)), limit: 20, ..SearchQuery::default() }),
        ("one typo + birth year", |r, p| SearchQuery {
            text: typo(r, &fold(&p.full_name)),
            birth_year: p.birth_year,
            limit: 20,
            ..SearchQuery::default()
        }),
        ("one typo + province", |r, p| SearchQuery {
            text: typo(r, &fold(&p.full_name)),
            org: p.org_path.first().copied(),
            limit: 20,
            ..SearchQuery::default()
        }),
        ("as you type (cut last word)", |r, p| {
            let f = fold(&p.full_name);
            let cut = f.len() - r.below(2).min(f.rsplit(' ').next().map_or(0, |w| w.len() - 1));
            SearchQuery { text: f[..cut].to_owned(), limit: 20, ..SearchQuery::default() }
        }),
    ];
    // Warm the page cache and the vocabulary.
    for p in samples.iter().take(200) {
        index.search(&SearchQuery { text: fold(&p.full_name), limit: 20, ..SearchQuery::default() })?;
    }
    for (kind, make) in kinds {
        let mut times = Vec::new();
        let mut hits = 0;
        for p in &samples {
            let q = make(&mut rng, p);
            let start = Instant::now();
            let n = index.search(&q)?.len();
            let elapsed = start.elapsed();
            hits += n;
            let label = format!("{:?} year={:?} org={:?}", q.text, q.birth_year, q.org);
            times.push((elapsed, label, n));
        }
        report(kind, times, hits);
    }
    Ok(())
}
