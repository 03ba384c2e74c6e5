//! Reading packs from `rules/<pack-id>/pack.toml` and checking them. Every problem is reported
//! as `file:line: message`, so an officer editing a pack in a text editor can go straight to it.

use crate::model::{Condition, FactKind, Pack, Who};
use bvctnb_core::family::Tier;
use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

pub const PACK_FILE: &str = "pack.toml";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

#[derive(thiserror::Error, Debug)]
pub enum LoadError {
    #[error("không đọc được {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("gói quy định có lỗi:\n{}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
    #[error("không có gói quy định \"{0}\" trong {1}")]
    NotFound(String, PathBuf),
}

/// A checked pack with where it came from and a digest of its bytes, recorded with every
/// evaluation so a conclusion can name exactly the rules it was made under.
#[derive(Debug, Clone)]
pub struct LoadedPack {
    pub pack: Pack,
    pub file: PathBuf,
    pub digest: String,
}

impl LoadedPack {
    /// "qd-58-2022@1 (3fa1c0de91b2)": id, edition and digest, as stored with results.
    pub fn version_tag(&self) -> String {
        format!("{}@{} ({})", self.pack.id, self.pack.version, self.digest)
    }
}

/// Parses and checks a pack. `path` is the pack directory or its `pack.toml`.
pub fn load(path: &Path) -> Result<LoadedPack, LoadError> {
    let file = if path.is_dir() { path.join(PACK_FILE) } else { path.to_path_buf() };
    let text = std::fs::read_to_string(&file).map_err(|source| LoadError::Io { path: file.clone(), source })?;
    let pack = parse(&text, &file).map_err(LoadError::Invalid)?;
    let mut problems = check(&pack, &text, &file);
    if let Some(dir) = file.parent().and_then(|d| d.file_name()).and_then(|d| d.to_str())
        && file.file_name().is_some_and(|n| n == PACK_FILE)
        && dir != pack.id
    {
        let line = Locator::new(&text).key(None, "id");
        problems.push(Problem {
            file: file.clone(),
            line,
            message: format!("mã gói \"{}\" phải trùng tên thư mục \"{dir}\"", pack.id),
        });
    }
    if !problems.is_empty() {
        return Err(LoadError::Invalid(problems));
    }
    let digest = blake3::hash(text.as_bytes()).to_hex()[..12].to_string();
    Ok(LoadedPack { pack, file, digest })
}

/// Every pack under `root` (one directory each), in id order; `supersedes` must name one of them.
pub fn load_all(root: &Path) -> Result<Vec<LoadedPack>, LoadError> {
    let entries = std::fs::read_dir(root).map_err(|source| LoadError::Io { path: root.to_path_buf(), source })?;
    let mut dirs: Vec<PathBuf> =
        entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.join(PACK_FILE).is_file()).collect();
    dirs.sort();
    let mut packs = Vec::new();
    let mut problems = Vec::new();
    for d in dirs {
        match load(&d) {
            Ok(p) => packs.push(p),
            Err(LoadError::Invalid(mut ps)) => problems.append(&mut ps),
            Err(e) => return Err(e),
        }
    }
    let ids: HashSet<&str> = packs.iter().map(|p| p.pack.id.as_str()).collect();
    for p in &packs {
        if let Some(s) = &p.pack.supersedes
            && !ids.contains(s.as_str())
        {
            let text = std::fs::read_to_string(&p.file).unwrap_or_default();
            problems.push(Problem {
                file: p.file.clone(),
                line: Locator::new(&text).key(None, "supersedes"),
                message: format!("gói \"{s}\" được thay thế không có trong {}", root.display()),
            });
        }
    }
    if problems.is_empty() { Ok(packs) } else { Err(LoadError::Invalid(problems)) }
}

/// The pack `id` from `root`, checked.
pub fn find(root: &Path, id: &str) -> Result<LoadedPack, LoadError> {
    let dir = root.join(id);
    if !dir.join(PACK_FILE).is_file() {
        return Err(LoadError::NotFound(id.to_string(), root.to_path_buf()));
    }
    load(&dir)
}

pub fn parse(text: &str, file: &Path) -> Result<Pack, Vec<Problem>> {
    toml::from_str::<Pack>(text).map_err(|e| {
        let line = e.span().map(|s| line_at(text, s.start)).unwrap_or(1);
        vec![Problem { file: file.to_path_buf(), line, message: e.message().trim().to_string() }]
    })
}

fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Finds the line of an array-of-tables entry (`[[rules]]` number i) or of a key inside it.
struct Locator<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str) -> Self {
        Self { lines: text.lines().collect() }
    }

    /// Lines [start, end) of the i-th `[[section]]` block, with its nested tables.
    fn block(&self, section: &str, index: usize) -> Option<(usize, usize)> {
        let header = format!("[[{section}]]");
        let nested = format!("[{section}.");
        let starts: Vec<usize> =
            self.lines.iter().enumerate().filter(|(_, l)| l.trim() == header).map(|(i, _)| i).collect();
        let start = *starts.get(index)?;
        let end = (start + 1..self.lines.len())
            .find(|&i| {
                let l = self.lines[i].trim_start();
                l.starts_with('[') && !l.starts_with(&nested)
            })
            .unwrap_or(self.lines.len());
        Some((start, end))
    }

    /// 1-based line of `key` inside the block (or at top level when `block` is None); falls back
    /// to the block's header.
    fn key(&self, block: Option<(&str, usize)>, key: &str) -> usize {
        let (start, end) = match block {
            Some((s, i)) => match self.block(s, i) {
                Some(b) => b,
                None => return 1,
            },
            None => (0, self.lines.iter().position(|l| l.trim_start().starts_with('[')).unwrap_or(self.lines.len())),
        };
        let is_key = |l: &str| {
            let l = l.trim_start();
            l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
                || l.trim() == format!("[{}.{key}]", block.map(|b| b.0).unwrap_or(""))
                || l.contains(&format!(" {key} ="))
                || l.contains(&format!("{{{key} ="))
        };
        (start..end).find(|&i| is_key(self.lines[i])).unwrap_or(start) + 1
    }
}

struct Checker<'a> {
    file: &'a Path,
    at: Locator<'a>,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn push(&mut self, block: Option<(&str, usize)>, key: &str, message: impl Into<String>) {
        let line = self.at.key(block, key);
        self.problems.push(Problem { file: self.file.to_path_buf(), line, message: message.into() });
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Everything the types cannot say: unique ids, references that resolve, conditions that make
/// sense for the fact they name and for whom they look at.
pub fn check(pack: &Pack, text: &str, file: &Path) -> Vec<Problem> {
    let mut c = Checker { file, at: Locator::new(text), problems: Vec::new() };
    if !is_slug(&pack.id) {
        c.push(None, "id", format!("mã gói \"{}\" chỉ gồm chữ thường không dấu, số và dấu gạch ngang", pack.id));
    }
    for (key, v) in [("version", &pack.version), ("title", &pack.title), ("document", &pack.document)] {
        if v.trim().is_empty() {
            c.push(None, key, format!("\"{key}\" không được để trống"));
        }
    }
    if pack.supersedes.as_deref() == Some(pack.id.as_str()) {
        c.push(None, "supersedes", "gói không thể thay thế chính nó");
    }
    unique(&mut c, "authorities", pack.authorities.iter().map(|a| a.id.as_str()));
    unique(&mut c, "ceilings", pack.ceilings.iter().map(|a| a.id.as_str()));
    unique(&mut c, "conclusions", pack.conclusions.iter().map(|a| a.id.as_str()));
    unique(&mut c, "verification", pack.verification.iter().map(|a| a.id.as_str()));
    unique(&mut c, "rules", pack.rules.iter().map(|a| a.id.as_str()));
    let mut ranks = HashSet::new();
    for (i, ce) in pack.ceilings.iter().enumerate() {
        if !ranks.insert(ce.rank) {
            c.push(Some(("ceilings", i)), "rank", format!("hai mức giới hạn cùng thứ bậc {}", ce.rank));
        }
    }
    for (i, k) in pack.conclusions.iter().enumerate() {
        if let Some(a) = &k.authority
            && pack.authority(a).is_none()
        {
            c.push(
                Some(("conclusions", i)),
                "authority",
                format!("không có cấp thẩm quyền \"{a}\" trong [[authorities]]"),
            );
        }
    }
    let mut covered = BTreeSet::new();
    for (i, v) in pack.verification.iter().enumerate() {
        let b = Some(("verification", i));
        if v.cases.is_empty() {
            c.push(b, "cases", "phạm vi thẩm tra phải áp dụng cho ít nhất một loại việc");
        }
        for k in &v.cases {
            if !covered.insert(*k) {
                c.push(b, "cases", format!("loại việc \"{}\" đã có phạm vi thẩm tra khác", k.code()));
            }
        }
        if !v.persons.contains(&Who::Subject) {
            c.push(b, "persons", "phạm vi thẩm tra phải gồm người được thẩm tra (\"subject\")");
        }
        citation_required(&mut c, b, &v.citation.document, v.basis);
        for (key, s) in
            [("grassroots", &v.bodies.grassroots), ("abroad", &v.bodies.abroad), ("security", &v.bodies.security)]
        {
            if s.trim().is_empty() {
                c.push(b, key, format!("phải ghi cơ quan \"{key}\""));
            }
        }
    }
    for (i, r) in pack.rules.iter().enumerate() {
        let b = Some(("rules", i));
        if !is_slug(&r.id) {
            c.push(b, "id", format!("mã quy tắc \"{}\" chỉ gồm chữ thường không dấu, số và dấu gạch ngang", r.id));
        }
        if r.title.trim().is_empty() {
            c.push(b, "title", "quy tắc phải có tên");
        }
        citation_required(&mut c, b, &r.citation.document, r.basis);
        if r.cases.is_empty() {
            c.push(b, "cases", "quy tắc phải áp dụng cho ít nhất một loại việc");
        }
        if r.who.is_empty() {
            c.push(b, "who", "quy tắc phải nói xét ai (\"who\")");
        }
        if r.who.iter().collect::<HashSet<_>>().len() != r.who.len() {
            c.push(b, "who", "\"who\" có người trùng lặp");
        }
        condition(&mut c, b, &r.when, &r.who);
        for (kind, id) in &r.then.ceiling {
            if pack.ceiling(id).is_none() {
                c.push(b, "ceiling", format!("không có mức giới hạn \"{id}\" trong [[ceilings]]"));
            }
            if !r.cases.contains(kind) {
                c.push(
                    b,
                    "ceiling",
                    format!("giới hạn cho \"{}\" nhưng quy tắc không áp dụng cho loại việc đó", kind.code()),
                );
            }
        }
        if let Some(a) = &r.then.authority
            && pack.authority(a).is_none()
        {
            c.push(b, "authority", format!("không có cấp thẩm quyền \"{a}\" trong [[authorities]]"));
        }
        if let Some(e) = &r.exception {
            if pack.authority(&e.authority).is_none() {
                c.push(b, "exception", format!("ngoại lệ: không có cấp thẩm quyền \"{}\"", e.authority));
            }
            if e.citation.document.trim().is_empty() {
                c.push(b, "exception", "ngoại lệ phải ghi văn bản");
            }
        }
    }
    c.problems.sort_by_key(|p| p.line);
    c.problems
}

fn unique<'a>(c: &mut Checker, section: &str, ids: impl Iterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            c.push(Some((section, i)), "id", format!("mã \"{id}\" bị trùng trong [[{section}]]"));
        }
    }
}

fn citation_required(c: &mut Checker, b: Option<(&str, usize)>, document: &str, basis: crate::model::Basis) {
    if document.trim().is_empty() && basis != crate::model::Basis::Unknown {
        c.push(b, "citation", "phải ghi văn bản trích dẫn; nếu chưa xác minh được, ghi basis = \"unknown\"");
    }
}

fn condition(c: &mut Checker, b: Option<(&str, usize)>, w: &Condition, who: &[Who]) {
    use FactKind::*;
    let fact = w.fact;
    let dated = matches!(
        fact,
        FormerRegimePost | Arrest | ForeignOrganisation | ReligiousPost | PartyInterruption | AnyFact | Discipline
    );
    let with_provenance =
        matches!(fact, FormerRegimePost | Arrest | ForeignOrganisation | ReligiousPost | PartyInterruption | AnyFact);
    let name = format!("{:?}", fact);
    if !w.branch.is_empty() && fact != FormerRegimePost {
        c.push(b, "branch", format!("\"branch\" chỉ dùng với fact = \"former_regime_post\", không với {name}"));
    }
    if !w.nature.is_empty() && fact != ForeignOrganisation {
        c.push(b, "nature", "\"nature\" chỉ dùng với fact = \"foreign_organisation\"");
    }
    if w.min_level.is_some() && fact != Discipline {
        c.push(b, "min_level", "\"min_level\" chỉ dùng với fact = \"discipline\"");
    }
    if !w.status.is_empty() && !with_provenance {
        c.push(b, "status", "\"status\" chỉ dùng với các đặc điểm lịch sử (có nguồn: tự khai, thẩm tra, báo cáo)");
    }
    if (w.before.is_some() || w.after.is_some()) && !dated {
        let m = match fact.flag() {
            // The register has already counted the working days; a date filter here would
            // silently hide lapses from the officer.
            Some(k) => format!(
                "\"before\"/\"after\" không dùng với fact = \"{}\": thời hạn đã tính trong sổ theo dõi đi nước ngoài",
                k.code()
            ),
            None => "\"before\"/\"after\" chỉ dùng với sự kiện có thời gian".to_string(),
        };
        c.push(b, "before", m);
    }
    if w.words.iter().any(|s| s.trim().is_empty()) {
        c.push(b, "words", "\"words\" có từ rỗng");
    }
    if let Some(k) = fact.flag()
        && let Some(wh) = who.iter().find(|w| **w != Who::Subject)
    {
        // The trip register records the person's own trips; a relative's travel is no lapse of theirs.
        c.push(
            b,
            "who",
            format!(
                "fact = \"{}\" chỉ dùng với who = [\"subject\"] (dữ liệu lấy từ sổ theo dõi đi nước ngoài của \
                 người được thẩm tra), không dùng với \"{}\"",
                k.code(),
                wh.code()
            ),
        );
    }
    for wh in who {
        let bad = match (fact, wh) {
            (Discipline, w) if *w != Who::Subject => Some("kỷ luật chỉ có ở người được thẩm tra"),
            (PoliticalIssues, Who::Subject) => Some("\"political_issues\" là mục khai của thân nhân"),
            (CriminalRecord, Who::Subject) => Some("\"criminal_record\" là mục khai của thân nhân bậc 3"),
            (CriminalRecord, w) if w.relations().iter().any(|r| r.tier() != Tier::Three) => {
                Some("\"criminal_record\" chỉ khai cho thân nhân bậc 3")
            }
            _ => None,
        };
        if let Some(m) = bad {
            c.push(b, "who", format!("{m} (không dùng với \"{}\")", wh.code()));
        }
    }
}

/// The packs shipped inside the binary, for a server started away from the repository.
const BUILTIN: [(&str, &str); 3] = [
    ("qd-57-2007", include_str!("../../../rules/qd-57-2007/pack.toml")),
    ("qd-126-2018", include_str!("../../../rules/qd-126-2018/pack.toml")),
    ("qd-58-2022", include_str!("../../../rules/qd-58-2022/pack.toml")),
];

/// The packs of `dir` when it holds any, else the shipped ones; in id order.
pub fn load_dir_or_builtin(dir: &Path) -> Result<Vec<LoadedPack>, LoadError> {
    let has_packs = std::fs::read_dir(dir)
        .map(|it| it.filter_map(|e| e.ok()).any(|e| e.path().join(PACK_FILE).is_file()))
        .unwrap_or(false);
    if has_packs {
        return load_all(dir);
    }
    let mut out = Vec::new();
    for (id, text) in BUILTIN {
        let file = PathBuf::from(format!("(gói có sẵn)/{id}/{PACK_FILE}"));
        let pack = parse(text, &file).map_err(LoadError::Invalid)?;
        let problems = check(&pack, text, &file);
        if !problems.is_empty() {
            return Err(LoadError::Invalid(problems));
        }
        out.push(LoadedPack { pack, file, digest: blake3::hash(text.as_bytes()).to_hex()[..12].to_string() });
    }
    out.sort_by(|a, b| a.pack.id.cmp(&b.pack.id));
    Ok(out)
}

/// The pack in force: the one no other pack supersedes (the latest when several).
pub fn current(packs: &[LoadedPack]) -> Option<&LoadedPack> {
    packs
        .iter()
        .filter(|p| !packs.iter().any(|q| q.pack.supersedes.as_deref() == Some(p.pack.id.as_str())))
        .max_by_key(|p| p.pack.effective_from.earliest())
}

const DEADLINES_FILE: &str = "deadlines.toml";

/// The deadline table of `dir` (`deadlines.toml`) when there is one, else the shipped one.
pub fn deadlines_or_builtin(
    dir: &Path,
) -> Result<bvctnb_core::case::Deadlines, bvctnb_core::case::deadline::DeadlineError> {
    let path = dir.join(DEADLINES_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => bvctnb_core::case::Deadlines::parse(&path.display().to_string(), &text),
        Err(_) => bvctnb_core::case::Deadlines::parse(
            "(có sẵn)/deadlines.toml",
            include_str!("../../../rules/deadlines.toml"),
        ),
    }
}

/// The travel deadlines of `dir` (`travel.toml`) when there is one, else the shipped ones.
pub fn travel_rules_or_builtin(dir: &Path) -> Result<bvctnb_core::travel::TravelRules, String> {
    let path = dir.join("travel.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => bvctnb_core::travel::TravelRules::parse(&path.display().to_string(), &text),
        Err(_) => {
            bvctnb_core::travel::TravelRules::parse("(có sẵn)/travel.toml", include_str!("../../../rules/travel.toml"))
        }
    }
}

/// The paper forms per organisation level of `dir` (`papers.toml`) when there is one, else the shipped ones.
pub fn paper_forms_or_builtin(dir: &Path) -> Result<bvctnb_core::papers::PaperForms, String> {
    let path = dir.join("papers.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => bvctnb_core::papers::PaperForms::parse(&path.display().to_string(), &text),
        Err(_) => {
            bvctnb_core::papers::PaperForms::parse("(có sẵn)/papers.toml", include_str!("../../../rules/papers.toml"))
        }
    }
}

/// The secret registers' rules of `dir/secrets.toml`, or the shipped ones.
pub fn secret_rules_or_builtin(dir: &Path) -> Result<bvctnb_core::secret::SecretRules, String> {
    let path = dir.join("secrets.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => bvctnb_core::secret::SecretRules::parse(&path.display().to_string(), &text),
        Err(_) => bvctnb_core::secret::SecretRules::parse(
            "(có sẵn)/secrets.toml",
            include_str!("../../../rules/secrets.toml"),
        ),
    }
}

#[cfg(test)]
mod shipped_data {
    #[test]
    fn shipped_deadline_tables_parse() {
        let none = std::path::Path::new("/nonexistent");
        assert_eq!(super::travel_rules_or_builtin(none).unwrap().report_days, 7);
        assert!(super::deadlines_or_builtin(none).is_ok());
        assert!(super::paper_forms_or_builtin(none).is_ok());
        assert!(super::secret_rules_or_builtin(none).is_ok());
    }
}
