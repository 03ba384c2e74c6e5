//! Remembered decisions.
//!
//! A decision is a pure function of the principal, the action and the resource: the entities
//! are built from nothing else, and the policies and schema of an [`Authz`](crate::Authz)
//! never change. So a decision can be kept and handed out again for the same three inputs
//! without asking cedar, which costs tens of microseconds a check (entities, transitive
//! closure, evaluation). Every page asks the same questions about its menu and its scope;
//! only those are kept. Decisions on one person's dossier are not: they are seldom asked
//! twice by the same principal, and would only fill the memory.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::{Action, Decision, Principal, Resource};

/// Most decisions kept; beyond that the memo starts again empty (principals are few: one
/// per account, changing only when the account or its recusals do).
const MAX_ENTRIES: usize = 8192;

/// One principal's remembered decisions.
type Decisions = HashMap<(Action, Resource), Decision>;

#[derive(Default)]
pub(crate) struct Memo {
    decisions: Mutex<HashMap<Principal, Decisions>>,
}

fn kept(r: &Resource) -> bool {
    matches!(r, Resource::System | Resource::Org { .. })
}

impl Memo {
    pub(crate) fn get(&self, p: &Principal, action: Action, r: &Resource) -> Option<Decision> {
        if !kept(r) {
            return None;
        }
        let decisions = self.decisions.lock().unwrap_or_else(PoisonError::into_inner);
        decisions.get(p)?.get(&(action, r.clone())).cloned()
    }

    pub(crate) fn put(&self, p: &Principal, action: Action, r: &Resource, d: &Decision) {
        // A decision with errors is refused anyway; asking again reports the errors again.
        if !kept(r) || !d.errors.is_empty() {
            return;
        }
        let mut decisions = self.decisions.lock().unwrap_or_else(PoisonError::into_inner);
        if decisions.values().map(HashMap::len).sum::<usize>() >= MAX_ENTRIES {
            decisions.clear();
        }
        decisions.entry(p.clone()).or_default().insert((action, r.clone()), d.clone());
    }
}
