//! Accounts, their credentials, browser sessions and personal access tokens. Secrets never
//! reach the store in the clear: passwords as argon2id PHC strings, tokens as blake3 hashes.
//! Each method is one use case, so a change of rights also ends the sessions opened under
//! the old rights, in one place.

pub mod password;
pub mod totp;

use crate::{App, Error, Result};
use bvctnb_core::access::Role;
use bvctnb_core::ids::AccountId;

pub use bvctnb_store::accounts::{Account, AccountUpdate, ApiToken, NewAccount, NewApiToken, Session, SessionStage};

impl App {
    pub async fn account(&self, id: AccountId) -> Result<Option<Account>> {
        Ok(self.store.account(id).await?)
    }

    pub async fn account_by_username(&self, username: &str) -> Result<Option<Account>> {
        Ok(self.store.account_by_username(username).await?)
    }

    /// Ordered by username.
    pub async fn list_accounts(&self) -> Result<Vec<Account>> {
        Ok(self.store.list_accounts().await?)
    }

    pub async fn count_accounts(&self) -> Result<i64> {
        Ok(self.store.count_accounts().await?)
    }

    /// Whether a scope reaches above grassroots (a district, a province, the centre): such an
    /// account sees many units' dossiers.
    pub fn is_wide_scope(&self, scope: Option<bvctnb_core::ids::OrgId>) -> bool {
        use bvctnb_core::org::OrgKind::{Central, DirectlyUnderCentral, Intermediate};
        let tree = self.tree();
        scope.and_then(|o| tree.get(o)).is_some_and(|n| matches!(n.kind, Central | DirectlyUnderCentral | Intermediate))
    }

    /// Rights one administrator alone may not give (four eyes): the administrator role, or a
    /// scope above grassroots.
    pub fn needs_second_approval(&self, role: Role, scope: Option<bvctnb_core::ids::OrgId>) -> bool {
        role == Role::Admin || self.is_wide_scope(scope)
    }

    /// An administrator creates an account; with rights that need a second approval it waits,
    /// unable to log in, until another administrator approves ([`App::approve_account`]).
    pub async fn request_account(&self, mut a: NewAccount, by: &str) -> Result<Account> {
        a.awaiting_approval = self.needs_second_approval(a.role, a.scope_org).then(|| by.to_string());
        self.create_account(&a).await
    }

    /// Approves the wide rights an account waits with, by an administrator other than the one
    /// who gave them.
    pub async fn approve_account(&self, id: AccountId, by: &str) -> Result<Account> {
        let a = self.store.account(id).await?.ok_or(Error::NotFound("tài khoản"))?;
        match a.awaiting_approval.as_deref() {
            None => Err(Error::Conflict("tài khoản không chờ duyệt".into())),
            Some(asker) if asker == by => Err(Error::Conflict(
                "người đề nghị cấp quyền không tự duyệt được: cần một quản trị viên khác duyệt".into(),
            )),
            Some(_) => Ok(self.store.approve_account(id, by).await?),
        }
    }

    /// A new account; a taken username is [`Error::Conflict`] saying so, for the field.
    pub async fn create_account(&self, a: &NewAccount) -> Result<Account> {
        self.store.create_account(a).await.map_err(|e| match e {
            bvctnb_store::StoreError::Conflict(m) => Error::Conflict(m),
            e => e.into(),
        })
    }

    /// Changes the rights of an account (optionally clearing its second factor); sessions
    /// opened under the old rights end.
    /// Rights widened by `by` beyond what one administrator may give wait for a second one.
    pub async fn update_account(
        &self,
        id: AccountId,
        u: &AccountUpdate,
        reset_totp: bool,
        by: &str,
    ) -> Result<Account> {
        let old = self.store.account(id).await?.ok_or(Error::NotFound("tài khoản"))?;
        let widened = self.needs_second_approval(u.role, u.scope_org)
            && (!self.needs_second_approval(old.role, old.scope_org)
                || old.role != u.role
                || old.scope_org != u.scope_org);
        let u = AccountUpdate { awaiting_approval: widened.then(|| by.to_string()), ..u.clone() };
        let a = self.store.update_account(id, &u).await?;
        if reset_totp {
            self.store.set_totp_secret(id, None).await?;
        }
        self.store.delete_sessions_of(id).await?;
        Ok(a)
    }

    /// Sets a new password (already hashed); every session and API token of the account ends
    /// with it (in the store's write).
    pub async fn set_password(&self, id: AccountId, password_hash: &str) -> Result<()> {
        Ok(self.store.set_password(id, password_hash).await?)
    }

    /// Enrols the second factor (the caller then restarts the session that proved it).
    pub async fn enrol_totp(&self, id: AccountId, secret: &str) -> Result<()> {
        Ok(self.store.set_totp_secret(id, Some(secret)).await?)
    }

    /// Takes a second-factor code's time step for the account: false when that step (or a
    /// later one) was already used, so the code must be refused.
    pub async fn use_totp_step(&self, id: AccountId, step: i64) -> Result<bool> {
        Ok(self.store.use_totp_step(id, step).await?)
    }

    /// Clears the second factor (to be enrolled again at the next login) and ends every
    /// session of the account.
    pub async fn reset_second_factor(&self, id: AccountId) -> Result<()> {
        self.store.set_totp_secret(id, None).await?;
        self.store.delete_sessions_of(id).await?;
        Ok(())
    }

    /// Only for setting up accounts outside the pages (the demo, the CLI).
    pub async fn set_totp_secret(&self, id: AccountId, secret: Option<&str>) -> Result<()> {
        Ok(self.store.set_totp_secret(id, secret).await?)
    }

    /// Counts a failed login; at `max_failures` the account is locked until `lock_until`
    /// (unix seconds). Returns the account after.
    pub async fn login_failed(&self, id: AccountId, max_failures: i64, lock_until: i64) -> Result<Account> {
        Ok(self.store.login_failed(id, max_failures, lock_until).await?)
    }

    pub async fn login_succeeded(&self, id: AccountId) -> Result<()> {
        Ok(self.store.login_succeeded(id).await?)
    }

    pub async fn create_session(&self, s: &Session) -> Result<()> {
        Ok(self.store.create_session(s).await?)
    }

    pub async fn session(&self, token_hash: &str) -> Result<Option<Session>> {
        Ok(self.store.session(token_hash).await?)
    }

    pub async fn touch_session(&self, token_hash: &str, now: i64) -> Result<()> {
        Ok(self.store.touch_session(token_hash, now).await?)
    }

    pub async fn set_session_stage(&self, token_hash: &str, stage: SessionStage) -> Result<()> {
        Ok(self.store.set_session_stage(token_hash, stage).await?)
    }

    pub async fn end_session(&self, token_hash: &str) -> Result<()> {
        Ok(self.store.delete_session(token_hash).await?)
    }

    pub async fn create_api_token(&self, t: &NewApiToken) -> Result<ApiToken> {
        Ok(self.store.create_api_token(t).await?)
    }

    pub async fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>> {
        Ok(self.store.api_token_by_hash(token_hash).await?)
    }

    pub async fn api_tokens_of(&self, id: AccountId) -> Result<Vec<ApiToken>> {
        Ok(self.store.api_tokens_of(id).await?)
    }

    pub async fn api_token_used(&self, token_id: i64, at: &str) -> Result<()> {
        Ok(self.store.api_token_used(token_id, at).await?)
    }

    pub async fn revoke_api_token(&self, id: AccountId, token_id: i64) -> Result<()> {
        Ok(self.store.revoke_api_token(id, token_id).await?)
    }
}
