//! Authorization and its audit, for one request: the cedar principal is built once per request
//! (scope chain from the in-memory tree, recusal from the relative links), every decision that
//! refuses is audited, and every read or write of sensitive data is audited before it is shown.

use crate::WebError;
use crate::security::session::Caller;
use crate::state::AppState;
use bvctnb_app::PersonRecord;
use bvctnb_app::audit::{AuditEvent, Outcome};
use bvctnb_authz::{Action, Principal, Resource};
use bvctnb_core::access::Clearance;
use bvctnb_core::ids::{OrgId, PersonId};

/// Every personnel dossier is at least "Mật" (DOMAIN §6: personnel matters are Mật or Tối mật).
pub const DOSSIER_CLASSIFICATION: Clearance = Clearance::Mat;

/// The caller as cedar sees them, plus what handlers need to log.
pub struct Access {
    pub caller: Caller,
    pub principal: Principal,
    pub ip: String,
}

impl Access {
    pub async fn new(st: &AppState, caller: Caller, ip: String) -> Result<Self, WebError> {
        let a = &caller.account;
        let tree = st.app.tree();
        let scope_chain = a.scope_org.map(|o| tree.ancestors(o)).unwrap_or_default();
        let recused = match a.person_id {
            Some(p) => st.app.related_persons(p).await?,
            None => Vec::new(),
        };
        let principal = Principal {
            account: a.id,
            role: a.role,
            clearance: a.clearance,
            scope_chain,
            person: a.person_id,
            recused,
            can_write: caller.can_write(),
        };
        Ok(Self { caller, principal, ip })
    }

    pub fn username(&self) -> &str {
        &self.caller.account.username
    }

    pub fn scope(&self) -> Option<OrgId> {
        self.caller.account.scope_org
    }

    /// Persons whose records this caller must not see in lists: their relatives and themselves.
    pub fn hidden_persons(&self) -> Vec<PersonId> {
        self.principal.recused.iter().copied().chain(self.principal.person).collect()
    }

    pub fn allows(&self, st: &AppState, action: Action, r: &Resource) -> bool {
        st.authz.check(&self.principal, action, r).allowed
    }

    /// Refuses (and audits the refusal) unless cedar permits.
    pub async fn require(
        &self,
        st: &AppState,
        action: Action,
        r: &Resource,
        target: &Target<'_>,
    ) -> Result<(), WebError> {
        self.require_and(st, action, r, target, &[]).await.map(drop)
    }

    /// As [`Access::require`], also deciding the page's other actions on the same resource
    /// (its buttons) in the same cedar call, so the entity store is built once: whether
    /// each of `also` is allowed, in order.
    pub async fn require_and(
        &self,
        st: &AppState,
        action: Action,
        r: &Resource,
        target: &Target<'_>,
        also: &[Action],
    ) -> Result<Vec<bool>, WebError> {
        let checks: Vec<(Action, &Resource)> =
            std::iter::once(action).chain(also.iter().copied()).map(|a| (a, r)).collect();
        let mut d = st.authz.check_many(&self.principal, &checks).into_iter().map(|d| d.allowed);
        if d.next() == Some(true) {
            return Ok(d.collect());
        }
        self.record(st, target, Outcome::Denied, &format!("{action:?}")).await?;
        if matches!(r, Resource::Person { .. }) && !self.sees(st, r) {
            // A record the caller may not see at all answers as one that does not exist, so
            // that trying ids tells nobody how many persons, cases or trips there are.
            return Err(WebError::not_found(target.what()));
        }
        Err(WebError::forbidden())
    }

    /// Whether the caller may see anything of the person `r` (their dossier, their cases, or
    /// their own record): refusing anything else on them is then no secret.
    fn sees(&self, st: &AppState, r: &Resource) -> bool {
        const SEEING: [Action; 4] =
            [Action::ReadDossier, Action::ViewCase, Action::ReadOwnDossier, Action::ViewOwnCase];
        let checks: Vec<(Action, &Resource)> = SEEING.iter().map(|a| (*a, r)).collect();
        st.authz.check_many(&self.principal, &checks).iter().any(|d| d.allowed)
    }

    pub async fn record(&self, st: &AppState, t: &Target<'_>, outcome: Outcome, detail: &str) -> Result<i64, WebError> {
        Ok(st.auditor.record(self.event(t, outcome, detail)).await?)
    }

    /// Runs the write `f` with its audit entry (`t`, done, `detail`), which the store commits
    /// in the write's own transaction: the change and its record are saved together or not at
    /// all. A failed write is not recorded here; its caller records the refusal and its reason.
    pub async fn write<T, E: Into<WebError>>(
        &self,
        st: &AppState,
        t: &Target<'_>,
        detail: &str,
        f: impl Future<Output = Result<T, E>>,
    ) -> Result<T, WebError> {
        let (r, seq) = bvctnb_app::audit::within(self.event(t, Outcome::Ok, detail), f).await;
        let v = r.map_err(Into::into)?;
        if seq.is_none() {
            // Nothing took the entry: the use case wrote outside the store's write transaction.
            // A defect, which every test that takes this path fails on.
            debug_assert!(false, "{}: written without its audit entry", t.action);
            tracing::error!(action = t.action, "write committed without its audit entry; recorded after it");
            self.record(st, t, Outcome::Ok, detail).await?;
        }
        Ok(v)
    }

    /// The audit entry of `t` by this caller, for a write that commits it with its data.
    pub fn event(&self, t: &Target<'_>, outcome: Outcome, detail: &str) -> AuditEvent {
        AuditEvent {
            at: crate::format::now_rfc3339(),
            actor: self.username().to_string(),
            action: t.action.to_string(),
            target_kind: t.kind.to_string(),
            target_id: t.id.clone(),
            person_id: t.person,
            ip: self.ip.clone(),
            outcome,
            detail: detail.to_string(),
        }
    }
}

/// What an audit entry is about.
pub struct Target<'a> {
    pub action: &'a str,
    pub kind: &'a str,
    pub id: String,
    pub person: Option<PersonId>,
}

impl<'a> Target<'a> {
    pub fn person(action: &'a str, id: PersonId) -> Self {
        Self { action, kind: "person", id: id.to_string(), person: Some(id) }
    }

    pub fn org(action: &'a str, id: OrgId) -> Self {
        Self { action, kind: "org", id: id.to_string(), person: None }
    }

    /// A record the write is about to create: the store names it when it has its id.
    pub fn new_record(action: &'a str, kind: &'a str, person: Option<PersonId>) -> Self {
        Self { action, kind, id: String::new(), person }
    }

    /// What "not found" calls a record of this kind, as the routes that load one word it.
    fn what(&self) -> &'static str {
        match self.kind {
            "case" => "hồ sơ thẩm tra",
            "trip" => "chuyến đi",
            "delegation" => "đoàn ra",
            "relation" => "bản khai quan hệ nước ngoài",
            _ => "hồ sơ",
        }
    }

    pub fn plain(action: &'a str, kind: &'a str, id: impl Into<String>) -> Self {
        Self { action, kind, id: id.into(), person: None }
    }
}

pub fn person_resource(st: &AppState, rec: &PersonRecord) -> Resource {
    Resource::Person {
        id: rec.id,
        org_chain: st.app.tree().ancestors(rec.org_id),
        classification: DOSSIER_CLASSIFICATION,
    }
}

pub fn org_resource(st: &AppState, org: OrgId) -> Resource {
    Resource::Org { chain: st.app.tree().ancestors(org) }
}

/// The entry of a write done outside an authenticated request (enrolling a second factor
/// while the session is not yet full), for [`bvctnb_app::audit::within`].
pub fn plain_event(actor: &str, ip: &str, action: &str, kind: &str, id: &str, detail: &str) -> AuditEvent {
    AuditEvent {
        at: crate::format::now_rfc3339(),
        actor: actor.to_string(),
        action: action.to_string(),
        target_kind: kind.to_string(),
        target_id: id.to_string(),
        person_id: None,
        ip: ip.to_string(),
        outcome: Outcome::Ok,
        detail: detail.to_string(),
    }
}

/// An audit entry for events outside an authenticated request (logins, bad tokens, CSRF).
#[allow(clippy::too_many_arguments)]
pub async fn record_plain(
    st: &AppState,
    actor: &str,
    ip: &str,
    action: &str,
    kind: &str,
    id: &str,
    person: Option<PersonId>,
    outcome: Outcome,
    detail: &str,
) {
    let e = AuditEvent { person_id: person, outcome, ..plain_event(actor, ip, action, kind, id, detail) };
    if let Err(err) = st.auditor.record(e).await {
        tracing::error!(error = %err, "audit write failed");
    }
}
