//! Notices to whoever must act on a case: to the account's role in its scope, or to the person
//! the account belongs to. Reading the list marks what it shows as read.

use super::{PageResult, User, render};
use crate::chrome::Chrome;
use crate::format::datetime;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use bvctnb_app::notices::Inbox;

pub struct NoticeRow {
    pub case_id: i64,
    pub at: String,
    pub text: String,
    pub unread: bool,
    /// Subjects follow their case on "Hồ sơ của tôi"; the others on the case page.
    pub href: String,
}

#[derive(Template)]
#[template(path = "inbox/index.html")]
struct InboxPage {
    c: Chrome,
    rows: Vec<NoticeRow>,
}

pub fn inbox_of(u: &User) -> Inbox {
    let a = &u.access.caller.account;
    Inbox { account: a.id.0, role: a.role.code().into(), scope: a.scope_org, person: a.person_id }
}

pub async fn show(State(st): State<AppState>, u: User) -> PageResult {
    let inbox = inbox_of(&u);
    let notices = st.app.notices(&inbox, 100).await?;
    let own = inbox.person;
    let mut rows = Vec::new();
    let mut unread = Vec::new();
    for n in notices {
        let Some(case) = st.app.case(n.record).await? else { continue };
        let is_own = own == Some(case.person_id);
        // A notice names the subject: shown only to those who may open the case (recusal holds).
        if !is_own
            && !u.access.allows(&st, bvctnb_authz::Action::ViewCase, &super::cases::view::case_resource(&st, &case))
        {
            continue;
        }
        let href = if is_own { format!("/me/cases/{}", n.record) } else { format!("/cases/{}", n.record) };
        if !n.read {
            unread.push(n.id);
        }
        rows.push(NoticeRow { case_id: n.record.0, at: datetime(&n.at), text: n.text, unread: !n.read, href });
    }
    st.app.mark_notices_read(&inbox, &unread).await?;
    // What the member is told about their own trips (approval, refusal, the report's due date).
    if let Some(me) = inbox.person {
        let trips = st.app.trip_notices(me, 100).await?;
        let unread: Vec<_> = trips.iter().filter(|n| !n.read).map(|n| n.id).collect();
        rows.extend(trips.into_iter().map(|n| NoticeRow {
            case_id: n.record.0,
            at: datetime(&n.at),
            text: n.text,
            unread: !n.read,
            href: format!("/me/trips/{}", n.record),
        }));
        st.app.mark_trip_notices_read(me, &unread).await?;
    }
    Ok(render(&InboxPage { c: u.chrome(&st, "Việc cần làm", "/inbox"), rows }))
}
