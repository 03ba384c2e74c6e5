//! The standard listings (DOMAIN §5.4): PL1 cadres going abroad, PL2 cadres with relatives
//! abroad, PL3 cadres with political issues or discipline. Each is built over a scope, with
//! the viewer's recused persons left out in the query, and exported to Excel as a sheet an
//! organisation board can file.

use std::collections::HashMap;

use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_core::org::OrgTree;
use bvctnb_core::screening::ScreeningFacts;
use bvctnb_core::travel::Arrangement;
use bvctnb_store::Store;
use bvctnb_store::travel::TripFilter;
use futures::TryStreamExt;
use rust_xlsxwriter::XlsxError;

use crate::cases::dmy;

/// A listing ready for a page, a sheet or a printed table.
#[derive(Debug, Clone)]
pub struct Listing {
    pub code: &'static str,
    pub title: &'static str,
    pub columns: Vec<&'static str>,
    /// Each row starts with the person's id (not shown), then one cell per column.
    pub rows: Vec<(PersonId, Vec<String>)>,
    /// More rows matched than `limit`.
    pub truncated: bool,
}

pub const PL1_TITLE: &str = "Danh sách cán bộ, đảng viên đi nước ngoài";
pub const PL2_TITLE: &str = "Danh sách cán bộ, đảng viên có thân nhân ở nước ngoài";
pub const PL3_TITLE: &str = "Danh sách cán bộ, đảng viên có vấn đề chính trị hoặc bị kỷ luật";

/// Persons of the scope with screening facts, streamed in id order (recused ones skipped),
/// each with their facts parsed.
async fn facts_in_scope(
    store: &dyn Store,
    org: OrgId,
    exclude: &[PersonId],
    mut keep: impl FnMut(PersonId, &ScreeningFacts) -> bool,
    limit: usize,
) -> crate::Result<(Vec<(PersonId, ScreeningFacts)>, bool)> {
    let mut out = Vec::new();
    let mut stream = store.stream_candidates(org, PersonId(0));
    while let Some(c) = stream.try_next().await? {
        if exclude.contains(&c.person_id) {
            continue;
        }
        let facts: ScreeningFacts = match c.facts.as_deref() {
            Some(json) => crate::cases::stored_json(&format!("dữ kiện đối chiếu của hồ sơ {}", c.person_id), json)?,
            None => ScreeningFacts::default(),
        };
        if keep(c.person_id, &facts) {
            if out.len() == limit {
                return Ok((out, true));
            }
            out.push((c.person_id, facts));
        }
    }
    Ok((out, false))
}

/// Name, birth year and unit (its path below the scope) of each listed person, for the first
/// cells of a row: read from the summary columns in batches, not by decoding every declaration.
async fn who(
    store: &dyn Store,
    tree: &OrgTree,
    scope: OrgId,
    persons: &[(PersonId, ScreeningFacts)],
) -> crate::Result<HashMap<PersonId, [String; 3]>> {
    let ids: Vec<PersonId> = persons.iter().map(|(id, _)| *id).collect();
    let mut out = HashMap::with_capacity(ids.len());
    for s in store.person_summaries(&ids).await? {
        out.insert(s.id, [s.full_name, s.birth_year.to_string(), tree.path_below(s.org_id, scope)]);
    }
    Ok(out)
}

/// The listing as a workbook: a heading with the scope and the filter, then the table.
pub fn listing_xlsx(l: &Listing, scope: &str, filter: &str) -> Result<Vec<u8>, XlsxError> {
    let mut columns = vec![("STT", 6.0)];
    columns.extend(l.columns.iter().enumerate().map(|(c, name)| (*name, if c == 0 { 24.0 } else { 16.0 })));
    let rows = l
        .rows
        .iter()
        .enumerate()
        .map(|(r, (_, cells))| std::iter::once((r + 1).to_string()).chain(cells.iter().cloned()).collect())
        .collect();
    crate::sheet::sheet_xlsx(&crate::sheet::Sheet {
        name: l.code,
        title: format!("{}: {}", l.code, l.title.to_uppercase()),
        heading: vec![format!("Phạm vi: {scope}"), filter.to_string()],
        columns,
        rows,
        cut: l.truncated.then_some("Danh sách bị cắt bớt: thu hẹp phạm vi hoặc bộ lọc để có đủ."),
        banner: None,
    })
}

impl crate::App {
    /// PL1: decision number, countries, dates, purpose, funding, and where the trip stands.
    pub async fn pl1(&self, org: OrgId, f: &TripFilter, limit: usize) -> crate::Result<Listing> {
        let store = self.store.as_ref();
        let tree = self.tree();
        let trips = store.trips_in_scope(org, f, limit as i64 + 1).await?;
        let truncated = trips.len() > limit;
        let rows = trips
            .into_iter()
            .take(limit)
            .map(|s| {
                let t = &s.trip;
                let back =
                    t.reentry_on.as_deref().map(dmy).unwrap_or_else(|| format!("{} (dự kiến)", dmy(&t.return_on)));
                let decision = match (&t.decision_number, &t.decided_on) {
                    (Some(n), Some(d)) => format!("{n} ngày {}", dmy(d)),
                    (None, Some(d)) => format!("Đồng ý ngày {}", dmy(d)),
                    _ if t.unapproved => "Không xin phép".to_string(),
                    _ => "Chưa quyết định".to_string(),
                };
                let mut status = t.stage.label().to_string();
                if t.report_on.as_deref().zip(t.report_due.as_deref()).is_some_and(|(on, due)| on > due) {
                    status.push_str(" (nộp sau hạn)");
                }
                let party = t.arrangement.as_deref().and_then(Arrangement::from_code).map(|a| a.label()).unwrap_or("");
                (
                    t.person_id,
                    vec![
                        s.full_name.clone(),
                        s.birth_year.to_string(),
                        tree.path_below(t.org_id, org),
                        t.kind.label().replace("Đi nước ngoài ", ""),
                        decision,
                        t.countries.clone(),
                        dmy(&t.depart_on),
                        back,
                        t.purpose.clone(),
                        t.funding.clone(),
                        party.to_string(),
                        status,
                    ],
                )
            })
            .collect();
        Ok(Listing {
            code: "PL1",
            title: PL1_TITLE,
            columns: vec![
                "Họ và tên",
                "Năm sinh",
                "Đơn vị",
                "Loại",
                "Quyết định",
                "Nước đến",
                "Ngày đi",
                "Ngày về",
                "Mục đích",
                "Kinh phí",
                "Sinh hoạt đảng",
                "Tình trạng",
            ],
            rows,
            truncated,
        })
    }

    /// PL2 from the dossiers' family tables (the declarations keep them in step), with the
    /// nationality from the latest declaration of that relative.
    pub async fn pl2(
        &self,
        org: OrgId,
        country: Option<&str>,
        exclude: &[PersonId],
        limit: usize,
    ) -> crate::Result<Listing> {
        let store = self.store.as_ref();
        let country = country.map(str::to_lowercase).filter(|c| !c.is_empty());
        let matches =
            |a: &bvctnb_core::family::Abroad| country.as_ref().is_none_or(|c| a.country.to_lowercase().contains(c));
        let (persons, mut truncated) = facts_in_scope(
            store,
            org,
            exclude,
            |_, f| f.family.iter().any(|r| r.abroad.as_ref().is_some_and(matches)),
            limit,
        )
        .await?;
        let names = who(store, &self.tree(), org, &persons).await?;
        let mut rows = Vec::new();
        let count = persons.len();
        for (i, (id, facts)) in persons.into_iter().enumerate() {
            let [name, year, org_name] = names.get(&id).cloned().unwrap_or_default();
            let decls = store.relations_of_person(id).await?;
            for r in &facts.family {
                let Some(a) = r.abroad.as_ref().filter(|a| matches(a)) else { continue };
                let nationality = decls
                    .iter()
                    .rev()
                    .find(|d| {
                        d.current && d.kind == bvctnb_core::travel::ForeignTie::RelativeAbroad && d.name == r.full_name
                    })
                    .map(|d| d.nationality.clone())
                    .unwrap_or_default();
                rows.push((
                    id,
                    vec![
                        name.clone(),
                        year.clone(),
                        org_name.clone(),
                        r.relation.label().to_string(),
                        r.full_name.clone(),
                        r.birth_year.map(|y| y.to_string()).unwrap_or_default(),
                        a.country.clone(),
                        a.since.map(|s| s.to_string()).unwrap_or_default(),
                        a.occupation.clone(),
                        nationality,
                    ],
                ));
            }
            // Full with persons still to come: cut, and said so. A person's relatives stay
            // together, so the last person may take the list a few rows past `limit`.
            if rows.len() >= limit && i + 1 < count {
                truncated = true;
                break;
            }
        }
        Ok(Listing {
            code: "PL2",
            title: PL2_TITLE,
            columns: vec![
                "Họ và tên",
                "Năm sinh",
                "Đơn vị",
                "Quan hệ",
                "Họ tên thân nhân",
                "Năm sinh thân nhân",
                "Nước",
                "Ở nước ngoài từ",
                "Đơn vị, nghề nghiệp ở nước ngoài",
                "Quốc tịch",
            ],
            rows,
            truncated,
        })
    }

    /// PL3: the historical particulars and discipline of the dossier, and the latest conclusion
    /// on the political standard; a person whose latest conclusion found a political issue is
    /// listed even when the dossier itself records none.
    pub async fn pl3(&self, org: OrgId, exclude: &[PersonId], limit: usize) -> crate::Result<Listing> {
        let store = self.store.as_ref();
        let mut latest: HashMap<PersonId, bvctnb_store::cases::ConclusionRow> = HashMap::new();
        for c in store.conclusions_in_scope(org).await? {
            latest.insert(c.person_id, c);
        }
        let concluded_issue = |id: PersonId| latest.get(&id).is_some_and(|c| c.category != crate::cases::NO_ISSUE);
        let (persons, truncated) = facts_in_scope(
            store,
            org,
            exclude,
            |id, f| !f.historical_facts.is_empty() || !f.discipline.is_empty() || concluded_issue(id),
            limit,
        )
        .await?;
        let names = who(store, &self.tree(), org, &persons).await?;
        let mut rows = Vec::new();
        for (id, facts) in persons {
            let [name, year, org_name] = names.get(&id).cloned().unwrap_or_default();
            let issues: Vec<String> = facts.historical_facts.iter().map(bvctnb_rules::describe_fact).collect();
            let discipline: Vec<String> =
                facts.discipline.iter().map(|d| format!("{} ngày {}: {}", d.level.label(), d.date, d.reason)).collect();
            let conclusion = latest
                .get(&id)
                .map(|k| format!("{} ({}, {})", k.category_title, k.number, dmy(&k.signed_on)))
                .unwrap_or_default();
            rows.push((id, vec![name, year, org_name, issues.join("; "), discipline.join("; "), conclusion]));
        }
        Ok(Listing {
            code: "PL3",
            title: PL3_TITLE,
            columns: vec![
                "Họ và tên",
                "Năm sinh",
                "Đơn vị",
                "Vấn đề chính trị (đặc điểm lịch sử)",
                "Kỷ luật",
                "Kết luận về tiêu chuẩn chính trị",
            ],
            rows,
            truncated,
        })
    }
}
