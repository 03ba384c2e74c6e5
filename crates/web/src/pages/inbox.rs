//! "Việc cần làm": the tasks waiting for the account (from where its records stand, so done
//! items leave), then what the person has been told about their own case and trips. Reading
//! the notices marks them read.

use super::{PageResult, User, render};
use crate::access::{Access, org_resource};
use crate::chrome::Chrome;
use crate::format::{datetime, dmy_date};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use bvctnb_app::notices::Inbox;
use bvctnb_app::tasks::{Task, TaskQuery, TaskRecord};
use bvctnb_authz::Action;

/// At most this many of each kind of task are listed; the total is always shown.
const LIST_LIMIT: i64 = 200;

pub struct TaskRow {
    pub what: String,
    pub whom: String,
    pub record: String,
    pub href: String,
    pub since: String,
    pub due: String,
    pub overdue: bool,
}

pub struct NoticeRow {
    /// As stored (RFC 3339), for the order.
    pub stamp: String,
    pub at: String,
    pub text: String,
    pub unread: bool,
    pub href: String,
}

#[derive(Template)]
#[template(path = "inbox/index.html")]
struct InboxPage {
    c: Chrome,
    tasks: Vec<TaskRow>,
    total: i64,
    overdue: usize,
    rows: Vec<NoticeRow>,
}

/// Whose tasks the account sees: its role's work in its scope (when it may list that scope's
/// records), less the persons it is recused from, and its own.
pub fn task_query(st: &AppState, a: &Access) -> TaskQuery {
    let account = &a.caller.account;
    let scope = a.scope().filter(|o| a.allows(st, Action::ListCases, &org_resource(st, *o)));
    TaskQuery { role: account.role, scope, person: account.person_id, hidden: a.hidden_persons() }
}

fn task_row(t: Task) -> TaskRow {
    let (href, record) = match (t.record, t.own) {
        (TaskRecord::Case(id), true) => (format!("/me/cases/{id}"), format!("Hồ sơ #{id}")),
        (TaskRecord::Case(id), false) => (format!("/cases/{id}"), format!("Hồ sơ #{id}")),
        (TaskRecord::Trip(id), true) => (format!("/me/trips/{id}"), format!("Đơn #{id}")),
        (TaskRecord::Trip(id), false) => (format!("/trips/{id}"), format!("Đơn #{id}")),
    };
    TaskRow {
        what: t.what,
        whom: if t.own { "Của tôi".into() } else { t.whom },
        record,
        href,
        since: t.since.map(dmy_date).unwrap_or_default(),
        due: t.due.map(dmy_date).unwrap_or_default(),
        overdue: t.overdue,
    }
}

pub async fn show(State(st): State<AppState>, u: User) -> PageResult {
    let q = task_query(&st, &u.access);
    let total = st.app.task_count(&q).await?;
    let tasks: Vec<TaskRow> = st.app.tasks(&q, LIST_LIMIT).await?.into_iter().map(task_row).collect();
    let overdue = tasks.iter().filter(|t| t.overdue).count();
    let mut rows = Vec::new();
    // Notices to the person: what was decided on their own case and trips. The notices to a
    // role are the tasks above, which leave when done.
    if let Some(me) = q.person {
        let a = &u.access.caller.account;
        let inbox = Inbox { account: a.id.0, role: String::new(), scope: None, person: Some(me) };
        let notices = st.app.notices(&inbox, 100).await?;
        let unread: Vec<_> = notices.iter().filter(|n| !n.read).map(|n| n.id).collect();
        rows.extend(notices.into_iter().map(|n| NoticeRow {
            at: datetime(&n.at),
            stamp: n.at,
            text: n.text,
            unread: !n.read,
            href: format!("/me/cases/{}", n.record),
        }));
        st.app.mark_notices_read(&inbox, &unread).await?;
        let trips = st.app.trip_notices(me, 100).await?;
        let unread: Vec<_> = trips.iter().filter(|n| !n.read).map(|n| n.id).collect();
        rows.extend(trips.into_iter().map(|n| NoticeRow {
            at: datetime(&n.at),
            stamp: n.at,
            text: n.text,
            unread: !n.read,
            href: format!("/me/trips/{}", n.record),
        }));
        st.app.mark_trip_notices_read(me, &unread).await?;
        rows.sort_by(|a, b| b.stamp.cmp(&a.stamp));
    }
    let c = u.chrome(&st, "Việc cần làm", "/inbox");
    Ok(render(&InboxPage { c, tasks, total, overdue, rows }))
}
