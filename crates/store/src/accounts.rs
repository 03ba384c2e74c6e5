//! Accounts, server-side sessions and personal access tokens. Secrets never reach the store in
//! the clear: passwords as argon2id PHC strings, session and API tokens as blake3 hashes.

use crate::Result;
use async_trait::async_trait;
use bvctnb_core::access::{Clearance, Role};
use bvctnb_core::ids::{AccountId, OrgId, PersonId};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Root of the organisation subtree the account works in; `None` only for accounts
    /// whose role needs no scope (a subject sees only their own dossier).
    pub scope_org: Option<OrgId>,
    pub clearance: Clearance,
    /// The person this account belongs to, for self-service and recusal.
    pub person_id: Option<PersonId>,
    #[serde(skip)]
    pub password_hash: String,
    /// Base32 TOTP secret once enrolled.
    #[serde(skip)]
    pub totp_secret: Option<String>,
    pub failed_logins: i64,
    /// Unix seconds until which logins are refused.
    pub locked_until: Option<i64>,
    pub disabled: bool,
    pub created_at: String,
    /// Who gave this account wide rights that a second administrator has yet to approve;
    /// until then it cannot log in.
    pub awaiting_approval: Option<String>,
    /// Who approved the wide rights it has.
    pub approved_by: Option<String>,
}

impl Account {
    /// Whether logins and sessions are refused: disabled, or waiting for a second approval.
    pub fn barred(&self) -> bool {
        self.disabled || self.awaiting_approval.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub scope_org: Option<OrgId>,
    pub clearance: Clearance,
    pub person_id: Option<PersonId>,
    pub password_hash: String,
    /// Who asked, when the rights need a second administrator's approval.
    pub awaiting_approval: Option<String>,
}

/// What an administrator may change on the accounts page.
#[derive(Debug, Clone)]
pub struct AccountUpdate {
    pub display_name: String,
    pub role: Role,
    pub scope_org: Option<OrgId>,
    pub clearance: Clearance,
    pub person_id: Option<PersonId>,
    pub disabled: bool,
    /// Who widened the rights, when they need a second approval (the account waits for it);
    /// `None` leaves the account's approval as it is.
    pub awaiting_approval: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SessionStage {
    /// Password accepted, second factor still owed: only the TOTP page is reachable.
    NeedsSecondFactor,
    /// Second factor mandatory but not yet enrolled: only the enrolment page is reachable.
    NeedsEnrolment,
    Full,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// blake3 of the cookie value.
    pub token_hash: String,
    pub account_id: AccountId,
    pub stage: SessionStage,
    pub csrf_token: String,
    /// Unix seconds.
    pub created_at: i64,
    pub last_seen_at: i64,
    pub ip: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub account_id: AccountId,
    pub name: String,
    #[serde(skip)]
    pub token_hash: String,
    /// Read-only tokens cannot change anything whatever the account's role allows.
    pub can_write: bool,
    pub created_at: String,
    /// Unix seconds.
    pub expires_at: Option<i64>,
    pub revoked: bool,
    pub last_used_at: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewApiToken {
    pub account_id: AccountId,
    pub name: String,
    pub token_hash: String,
    pub can_write: bool,
    pub expires_at: Option<i64>,
}

#[async_trait]
pub trait Accounts: Send + Sync {
    /// `StoreError::Conflict` when the username is taken.
    async fn create_account(&self, a: &NewAccount) -> Result<Account>;
    async fn account(&self, id: AccountId) -> Result<Option<Account>>;
    async fn account_by_username(&self, username: &str) -> Result<Option<Account>>;
    /// Ordered by username.
    async fn list_accounts(&self) -> Result<Vec<Account>>;
    async fn count_accounts(&self) -> Result<i64>;
    async fn update_account(&self, id: AccountId, u: &AccountUpdate) -> Result<Account>;
    /// Approves the wide rights an account waits with; `Conflict` when `by` is the one who
    /// asked for them (four eyes) or the account waits for nothing.
    async fn approve_account(&self, id: AccountId, by: &str) -> Result<Account>;
    /// Sets the password and ends every session and API token of the account, in one write.
    async fn set_password(&self, id: AccountId, password_hash: &str) -> Result<()>;
    async fn set_totp_secret(&self, id: AccountId, secret: Option<&str>) -> Result<()>;
    /// Counts a failed login; when the count reaches `max_failures` the account is locked
    /// until `lock_until` (unix seconds) and the count starts again. Returns the account after.
    async fn login_failed(&self, id: AccountId, max_failures: i64, lock_until: i64) -> Result<Account>;
    /// Clears the failure count and any lock.
    async fn login_succeeded(&self, id: AccountId) -> Result<()>;
    /// Takes the second-factor time step `step` for the account: false when a code of this
    /// step or a later one was already accepted (a code is good once).
    async fn use_totp_step(&self, id: AccountId, step: i64) -> Result<bool>;

    async fn create_session(&self, s: &Session) -> Result<()>;
    async fn session(&self, token_hash: &str) -> Result<Option<Session>>;
    async fn touch_session(&self, token_hash: &str, now: i64) -> Result<()>;
    async fn set_session_stage(&self, token_hash: &str, stage: SessionStage) -> Result<()>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
    /// Ends every session of the account (password change, disable, role change).
    async fn delete_sessions_of(&self, id: AccountId) -> Result<()>;
    /// Removes sessions idle since before `idle_before` or created before `created_before`.
    async fn purge_sessions(&self, idle_before: i64, created_before: i64) -> Result<u64>;

    async fn create_api_token(&self, t: &NewApiToken) -> Result<ApiToken>;
    async fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>>;
    async fn api_tokens_of(&self, id: AccountId) -> Result<Vec<ApiToken>>;
    /// Records a use; cheap enough to call per request.
    async fn api_token_used(&self, token_id: i64, at: &str) -> Result<()>;
    async fn revoke_api_token(&self, id: AccountId, token_id: i64) -> Result<()>;
}
