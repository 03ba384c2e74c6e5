//! Sessions and accounts as every request reads them, kept for a moment.
//!
//! Every authenticated request reads its session and its account: two queries, each a round
//! trip to a database thread, on pages that otherwise cost little (the search fragment the
//! browser asks for at each keystroke). They are kept here for [`TTL`]. Every write to a
//! session or an account through this store drops what it touches at once, so a logout, a
//! second factor, a disabled account or a changed scope take effect on the next request. A
//! change made by another process on the same database (`bvctnb admin`, a second server on
//! PostgreSQL) is seen within [`TTL`].

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use bvctnb_core::ids::AccountId;

use crate::accounts::{Account, Session};

pub(crate) const TTL: Duration = Duration::from_secs(2);
/// Beyond this many entries the cache starts again empty (one entry per active session).
const MAX_ENTRIES: usize = 20_000;

/// One lock for both maps and the generation, so that forgetting and keeping are ordered.
#[derive(Default)]
pub(crate) struct SessionCache(Mutex<Inner>);

#[derive(Default)]
struct Inner {
    /// Counts writes. A read keeps its row only if no write happened since it began: a row
    /// read just before a write commits must not outlive the write.
    generation: u64,
    sessions: HashMap<String, (Instant, Session)>,
    accounts: HashMap<AccountId, (Instant, Account)>,
}

fn fresh<K: std::hash::Hash + Eq + ?Sized, Q: std::hash::Hash + Eq + std::borrow::Borrow<K>, V: Clone>(
    map: &HashMap<Q, (Instant, V)>,
    key: &K,
) -> Option<V> {
    map.get(key).filter(|(at, _)| at.elapsed() < TTL).map(|(_, v)| v.clone())
}

impl SessionCache {
    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Taken before reading the database; given back to `keep_*`.
    pub(crate) fn generation(&self) -> u64 {
        self.inner().generation
    }

    pub(crate) fn session(&self, token_hash: &str) -> Option<Session> {
        fresh(&self.inner().sessions, token_hash)
    }

    pub(crate) fn account(&self, id: AccountId) -> Option<Account> {
        fresh(&self.inner().accounts, &id)
    }

    pub(crate) fn keep_session(&self, read_at: u64, s: &Session) {
        let mut inner = self.inner();
        if inner.generation == read_at {
            if inner.sessions.len() >= MAX_ENTRIES {
                inner.sessions.clear();
            }
            inner.sessions.insert(s.token_hash.clone(), (Instant::now(), s.clone()));
        }
    }

    pub(crate) fn keep_account(&self, read_at: u64, a: &Account) {
        let mut inner = self.inner();
        if inner.generation == read_at {
            if inner.accounts.len() >= MAX_ENTRIES {
                inner.accounts.clear();
            }
            inner.accounts.insert(a.id, (Instant::now(), a.clone()));
        }
    }

    pub(crate) fn forget_session(&self, token_hash: &str) {
        let mut inner = self.inner();
        inner.generation += 1;
        inner.sessions.remove(token_hash);
    }

    /// Forgets the account and its sessions.
    pub(crate) fn forget_account(&self, id: AccountId) {
        let mut inner = self.inner();
        inner.generation += 1;
        inner.accounts.remove(&id);
        inner.sessions.retain(|_, (_, s)| s.account_id != id);
    }

    pub(crate) fn forget_all_sessions(&self) {
        let mut inner = self.inner();
        inner.generation += 1;
        inner.sessions.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::SessionStage;

    fn session(stage: SessionStage) -> Session {
        Session {
            token_hash: "h".into(),
            account_id: AccountId(1),
            stage,
            csrf_token: "c".into(),
            created_at: 0,
            last_seen_at: 0,
            ip: "-".into(),
        }
    }

    #[test]
    fn a_read_that_raced_a_write_is_not_kept_and_rows_expire() {
        let cache = SessionCache::default();
        // A read began, a write to the same session committed and forgot it, then the read
        // finished with the row as it was before the write.
        let read_at = cache.generation();
        cache.forget_session("h");
        cache.keep_session(read_at, &session(SessionStage::NeedsSecondFactor));
        assert_eq!(cache.session("h"), None);

        cache.keep_session(cache.generation(), &session(SessionStage::Full));
        assert_eq!(cache.session("h").map(|s| s.stage), Some(SessionStage::Full));
        // Changing the account forgets its sessions too.
        cache.forget_account(AccountId(1));
        assert_eq!(cache.session("h"), None);

        cache.keep_session(cache.generation(), &session(SessionStage::Full));
        std::thread::sleep(TTL + Duration::from_millis(100));
        assert_eq!(cache.session("h"), None, "a change by another process shows after the TTL");
    }
}
