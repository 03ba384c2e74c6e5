//! "Việc cần làm": what is waiting for an account, read from where its records stand rather
//! than kept as a log, so an item leaves the list the moment its step is taken or its case is
//! closed. The count in the menu and the list are made from the same sources.

use crate::cases::stage_work;
use crate::{App, Result};
use bvctnb_core::access::Role;
use bvctnb_core::case::Stage;
use bvctnb_core::due::{is_overdue, parse_stored};
use bvctnb_core::ids::{CaseId, OrgId, PersonId, TripId};
use bvctnb_core::travel::TripStage;
use bvctnb_store::cases::{CaseFilter, CaseWindow};
use bvctnb_store::travel::{TripFilter, TripRow};
use chrono::NaiveDate;

/// Whose tasks: the account's role in its scope, and the person it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaskQuery {
    pub role: Role,
    /// The subtree the role works in; `None` when the account has no scope work.
    pub scope: Option<OrgId>,
    pub person: Option<PersonId>,
    /// Persons whose records the account must not be shown (their own, their relatives').
    pub hidden: Vec<PersonId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskRecord {
    Case(CaseId),
    Trip(TripId),
}

#[derive(Debug, Clone)]
pub struct Task {
    pub record: TaskRecord,
    /// The account's own case or trip (self-service), not one it handles for others.
    pub own: bool,
    pub what: String,
    /// Whose record it is.
    pub whom: String,
    pub since: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
}

/// The open work of one role over its scope.
#[derive(Debug, Clone, Copy)]
enum Source {
    CaseAt(Stage),
    TripAt(TripStage, &'static str),
    /// Returned trips whose report is overdue: the officer reminds the member.
    LateReport,
}

fn sources(role: Role) -> Vec<Source> {
    let mut out: Vec<Source> = Stage::ALL
        .iter()
        .filter(|s| stage_work(**s).is_some_and(|(r, _)| r == role))
        .map(|s| Source::CaseAt(*s))
        .collect();
    match role {
        Role::CellSecretary => {
            out.push(Source::TripAt(TripStage::CellOpinion, "Cho ý kiến chi bộ về đơn đi nước ngoài"))
        }
        Role::Committee => out.push(Source::TripAt(TripStage::Decision, "Quyết định đơn đi nước ngoài")),
        Role::Officer => out.push(Source::LateReport),
        _ => {}
    }
    out
}

/// What the member does on their own trip, and by when.
fn own_trip_work(t: &TripRow) -> Option<(&'static str, Option<NaiveDate>)> {
    match t.stage {
        TripStage::Draft => Some(("Hoàn thành và nộp đơn xin đi nước ngoài", parse_stored(&t.depart_on))),
        TripStage::Returned => {
            Some(("Nộp báo cáo chuyến đi (Phụ lục III)", t.report_due.as_deref().and_then(parse_stored)))
        }
        _ => None,
    }
}

fn task(
    record: TaskRecord,
    own: bool,
    what: &str,
    whom: &str,
    since: &str,
    due: Option<NaiveDate>,
    today: NaiveDate,
) -> Task {
    Task {
        record,
        own,
        what: what.to_string(),
        whom: whom.to_string(),
        since: parse_stored(since),
        due,
        overdue: is_overdue(due, today),
    }
}

/// The menu's task counts of the last pages, each valid while this process has written nothing
/// since it was counted (a step taken here moves it at once), it is the same day, and for at
/// most [`TaskCounts::FRESH`] (so another server's writes show within that time).
#[derive(Default)]
pub(crate) struct TaskCounts(std::sync::Mutex<std::collections::HashMap<TaskQuery, Counted>>);

struct Counted {
    today: NaiveDate,
    writes: u64,
    at: std::time::Instant,
    n: i64,
}

impl TaskCounts {
    const FRESH: std::time::Duration = std::time::Duration::from_secs(20);
    /// Accounts counted at once, at most; beyond it the oldest counts are forgotten.
    const MOST: usize = 4096;

    fn get(&self, q: &TaskQuery, today: NaiveDate, writes: u64) -> Option<i64> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(q).filter(|c| c.today == today && c.writes == writes && c.at.elapsed() < Self::FRESH).map(|c| c.n)
    }

    fn put(&self, q: &TaskQuery, today: NaiveDate, writes: u64, n: i64) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= Self::MOST {
            map.retain(|_, c| c.writes == writes && c.at.elapsed() < Self::FRESH);
            if map.len() >= Self::MOST {
                map.clear();
            }
        }
        map.insert(q.clone(), Counted { today, writes, at: std::time::Instant::now(), n });
    }
}

impl App {
    fn case_filter(q: &TaskQuery, stage: Stage) -> CaseFilter {
        CaseFilter { stages: vec![stage], exclude: q.hidden.clone(), ..Default::default() }
    }

    fn trip_filter(q: &TaskQuery, s: Source, today: NaiveDate) -> TripFilter {
        let mut f = TripFilter { exclude: q.hidden.clone(), ..Default::default() };
        match s {
            Source::TripAt(stage, _) => f.stages = vec![stage],
            Source::LateReport => f.report_late_on = Some(today.to_string()),
            Source::CaseAt(_) => {}
        }
        f
    }

    /// How many tasks wait for the account: the figure in the menu, on every full page. Kept
    /// from one page to the next while nothing was written ([`TaskCounts`]).
    pub async fn task_count(&self, q: &TaskQuery) -> Result<i64> {
        let (today, writes) = (self.today(), self.store.writes_committed());
        if let Some(n) = self.task_counts.get(q, today, writes) {
            return Ok(n);
        }
        let n = self.count_tasks(q, today).await?;
        self.task_counts.put(q, today, writes, n);
        Ok(n)
    }

    async fn count_tasks(&self, q: &TaskQuery, today: NaiveDate) -> Result<i64> {
        let mut n = 0;
        if let Some(org) = q.scope {
            for s in sources(q.role) {
                n += match s {
                    Source::CaseAt(stage) => self.store.count_cases(org, &Self::case_filter(q, stage)).await?,
                    _ => self.store.count_trips(org, &Self::trip_filter(q, s, today)).await?,
                };
            }
        }
        if let Some(me) = q.person {
            n += self.own_tasks(me, today).await?.len() as i64;
        }
        Ok(n)
    }

    /// The tasks, most urgent first (overdue, then by due date; undated last). At most `limit`
    /// of each source are listed; [`App::task_count`] gives the whole number.
    pub async fn tasks(&self, q: &TaskQuery, limit: i64) -> Result<Vec<Task>> {
        let today = self.today();
        let mut out = Vec::new();
        if let Some(me) = q.person {
            out.extend(self.own_tasks(me, today).await?);
        }
        if let Some(org) = q.scope {
            for s in sources(q.role) {
                match s {
                    Source::CaseAt(stage) => {
                        let what = stage_work(stage).map(|(_, w)| w).unwrap_or_default();
                        for c in self
                            .store
                            .cases_in_scope(org, &Self::case_filter(q, stage), &CaseWindow::newest(limit))
                            .await?
                        {
                            let due = c.case.stage_due.as_deref().and_then(parse_stored);
                            let r = TaskRecord::Case(c.case.id);
                            out.push(task(r, false, what, &c.full_name, &c.case.stage_since, due, today));
                        }
                    }
                    _ => {
                        let what = match s {
                            Source::TripAt(_, w) => w,
                            _ => "Nhắc nộp báo cáo chuyến đi (quá hạn)",
                        };
                        for t in self.store.trips_in_scope(org, &Self::trip_filter(q, s, today), limit).await? {
                            let due = match s {
                                Source::LateReport => t.trip.report_due.as_deref().and_then(parse_stored),
                                _ => parse_stored(&t.trip.depart_on),
                            };
                            let r = TaskRecord::Trip(t.trip.id);
                            out.push(task(r, false, what, &t.full_name, &t.trip.stage_since, due, today));
                        }
                    }
                }
            }
        }
        out.sort_by_key(|t| (!t.overdue, t.due.is_none(), t.due, t.since));
        Ok(out)
    }

    /// What the person does on their own records: explain when asked, file a drafted trip
    /// request, report a trip after returning.
    async fn own_tasks(&self, me: PersonId, today: NaiveDate) -> Result<Vec<Task>> {
        let mut out = Vec::new();
        for c in self.store.cases_of_person(me).await? {
            if c.stage == Stage::Explanation && c.explanation_asked {
                let due = c.explanation_due.as_deref().and_then(parse_stored);
                let what = "Nộp bản giải trình";
                out.push(task(TaskRecord::Case(c.id), true, what, "", &c.stage_since, due, today));
            }
        }
        for t in self.store.trips_of_person(me).await? {
            if let Some((what, due)) = own_trip_work(&t) {
                out.push(task(TaskRecord::Trip(t.id), true, what, "", &t.stage_since, due, today));
            }
        }
        Ok(out)
    }
}
