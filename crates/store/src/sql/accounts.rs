//! Accounts, sessions and API tokens over runtime SQL. Flags are stored as integers 0/1 and
//! times the way the interface gives them (unix seconds, or RFC 3339 text).

use super::SqlStore;
use crate::accounts::{Account, AccountUpdate, Accounts, ApiToken, NewAccount, NewApiToken, Session, SessionStage};
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::access::{Clearance, Role};
use bvctnb_core::ids::{AccountId, OrgId, PersonId};
use sqlx::Row;
use sqlx::any::AnyRow;

const ACCOUNT_COLS: &str = "id, username, display_name, role, scope_org, clearance, person_id, password_hash, \
     totp_secret, failed_logins, locked_until, disabled, created_at, awaiting_approval, approved_by";
const SESSION_COLS: &str = "token_hash, account_id, stage, csrf_token, created_at, last_seen_at, ip";
const TOKEN_COLS: &str = "id, account_id, name, token_hash, can_write, created_at, expires_at, revoked, last_used_at";

fn stage_code(s: SessionStage) -> &'static str {
    match s {
        SessionStage::NeedsSecondFactor => "needs_second_factor",
        SessionStage::NeedsEnrolment => "needs_enrolment",
        SessionStage::Full => "full",
    }
}

fn parse_stage(s: &str) -> Result<SessionStage> {
    Ok(match s {
        "needs_second_factor" => SessionStage::NeedsSecondFactor,
        "needs_enrolment" => SessionStage::NeedsEnrolment,
        "full" => SessionStage::Full,
        other => return Err(StoreError::Corrupt(format!("giai đoạn phiên \"{other}\""))),
    })
}

fn account_from_row(r: &AnyRow) -> Result<Account> {
    let role: String = r.try_get("role")?;
    let clearance: i64 = r.try_get("clearance")?;
    Ok(Account {
        id: AccountId(r.try_get("id")?),
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        role: Role::from_code(&role).ok_or_else(|| StoreError::Corrupt(format!("vai trò \"{role}\"")))?,
        scope_org: r.try_get::<Option<i64>, _>("scope_org")?.map(OrgId),
        clearance: Clearance::from_level(clearance)
            .ok_or_else(|| StoreError::Corrupt(format!("độ mật \"{clearance}\"")))?,
        person_id: r.try_get::<Option<i64>, _>("person_id")?.map(PersonId),
        password_hash: r.try_get("password_hash")?,
        totp_secret: r.try_get("totp_secret")?,
        failed_logins: r.try_get("failed_logins")?,
        locked_until: r.try_get("locked_until")?,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        created_at: r.try_get("created_at")?,
        awaiting_approval: r.try_get("awaiting_approval")?,
        approved_by: r.try_get("approved_by")?,
    })
}

fn session_from_row(r: &AnyRow) -> Result<Session> {
    Ok(Session {
        token_hash: r.try_get("token_hash")?,
        account_id: AccountId(r.try_get("account_id")?),
        stage: parse_stage(&r.try_get::<String, _>("stage")?)?,
        csrf_token: r.try_get("csrf_token")?,
        created_at: r.try_get("created_at")?,
        last_seen_at: r.try_get("last_seen_at")?,
        ip: r.try_get("ip")?,
    })
}

fn token_from_row(r: &AnyRow) -> Result<ApiToken> {
    Ok(ApiToken {
        id: r.try_get("id")?,
        account_id: AccountId(r.try_get("account_id")?),
        name: r.try_get("name")?,
        token_hash: r.try_get("token_hash")?,
        can_write: r.try_get::<i64, _>("can_write")? != 0,
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
        revoked: r.try_get::<i64, _>("revoked")? != 0,
        last_used_at: r.try_get("last_used_at")?,
    })
}

fn no_account(id: AccountId) -> StoreError {
    StoreError::NotFound { what: "tài khoản", id: id.0 }
}

fn taken(username: &str) -> impl FnOnce() -> String + '_ {
    move || format!("tên đăng nhập \"{username}\" đã có")
}

/// An update of one account that matched nothing: the account does not exist.
fn one_account(id: AccountId, done: sqlx::any::AnyQueryResult) -> Result<()> {
    if done.rows_affected() == 0 {
        return Err(no_account(id));
    }
    Ok(())
}

impl SqlStore {
    // Each write forgets the cached rows it touched after it is done, so that a read racing
    // with it cannot keep the old row (see `session_cache`).
    async fn account_write<T>(&self, id: AccountId, write: impl Future<Output = Result<T>>) -> Result<T> {
        let result = write.await;
        self.cache.forget_account(id);
        result
    }

    async fn session_write<T>(&self, token_hash: &str, write: impl Future<Output = Result<T>>) -> Result<T> {
        let result = write.await;
        self.cache.forget_session(token_hash);
        result
    }

    async fn sessions_write<T>(&self, write: impl Future<Output = Result<T>>) -> Result<T> {
        let result = write.await;
        self.cache.forget_all_sessions();
        result
    }
}

#[async_trait]
impl Accounts for SqlStore {
    async fn create_account(&self, a: &NewAccount) -> Result<Account> {
        let q = format!(
            "INSERT INTO accounts (username, display_name, role, scope_org, clearance, person_id, password_hash,
             failed_logins, disabled, created_at, awaiting_approval) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, $8, $9)
             RETURNING {ACCOUNT_COLS}"
        );
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(q))
            .bind(&a.username)
            .bind(&a.display_name)
            .bind(a.role.code())
            .bind(a.scope_org.map(|o| o.0))
            .bind(a.clearance.level())
            .bind(a.person_id.map(|p| p.0))
            .bind(&a.password_hash)
            .bind(super::now())
            .bind(&a.awaiting_approval)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| super::conflict_or(e, taken(&a.username)))?;
        let account = account_from_row(&row)?;
        crate::audit::ambient::created(account.id);
        tx.commit().await?;
        Ok(account)
    }

    async fn account(&self, id: AccountId) -> Result<Option<Account>> {
        if let Some(a) = self.cache.account(id) {
            return Ok(Some(a));
        }
        let read_at = self.cache.generation();
        let q = format!("SELECT {ACCOUNT_COLS} FROM accounts WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_optional(&self.pool).await?;
        let account = row.as_ref().map(account_from_row).transpose()?;
        if let Some(a) = &account {
            self.cache.keep_account(read_at, a);
        }
        Ok(account)
    }

    async fn account_by_username(&self, username: &str) -> Result<Option<Account>> {
        let q = format!("SELECT {ACCOUNT_COLS} FROM accounts WHERE username = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(username).fetch_optional(&self.pool).await?;
        row.as_ref().map(account_from_row).transpose()
    }

    async fn list_accounts(&self) -> Result<Vec<Account>> {
        let q = format!("SELECT {ACCOUNT_COLS} FROM accounts ORDER BY username");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).fetch_all(&self.pool).await?;
        rows.iter().map(account_from_row).collect()
    }

    async fn count_accounts(&self) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM accounts").fetch_one(&self.pool).await?;
        Ok(n)
    }

    async fn update_account(&self, id: AccountId, u: &AccountUpdate) -> Result<Account> {
        self.account_write(id, async {
            let q = format!(
                "UPDATE accounts SET display_name = $1, role = $2, scope_org = $3, clearance = $4, person_id = $5,
                 disabled = $6, awaiting_approval = COALESCE($8, awaiting_approval)
                 WHERE id = $7 RETURNING {ACCOUNT_COLS}"
            );
            let mut tx = self.begin_write().await?;
            let row = sqlx::query(sqlx::AssertSqlSafe(q))
                .bind(&u.display_name)
                .bind(u.role.code())
                .bind(u.scope_org.map(|o| o.0))
                .bind(u.clearance.level())
                .bind(u.person_id.map(|p| p.0))
                .bind(i64::from(u.disabled))
                .bind(id.0)
                .bind(&u.awaiting_approval)
                .fetch_optional(&mut *tx)
                .await?;
            let account = row.as_ref().map(account_from_row).transpose()?.ok_or_else(|| no_account(id))?;
            tx.commit().await?;
            Ok(account)
        })
        .await
    }

    async fn approve_account(&self, id: AccountId, by: &str) -> Result<Account> {
        self.account_write(id, async {
            let mut tx = self.begin_write().await?;
            let q = format!(
                "UPDATE accounts SET awaiting_approval = NULL, approved_by = $2
                 WHERE id = $1 AND awaiting_approval IS NOT NULL AND awaiting_approval <> $2 RETURNING {ACCOUNT_COLS}"
            );
            let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).bind(by).fetch_optional(&mut *tx).await?;
            // The rule is kept here too, so no caller can approve its own request.
            let row = row.ok_or_else(|| StoreError::Conflict("tài khoản không chờ người này duyệt".into()))?;
            let a = account_from_row(&row)?;
            tx.commit().await?;
            Ok(a)
        })
        .await
    }

    async fn set_password(&self, id: AccountId, password_hash: &str) -> Result<()> {
        // A new password, whoever sets it (the user, an administrator's reset), closes every
        // way in the old one opened: the sessions and the API tokens, in the same write.
        self.account_write(id, async {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
                .bind(password_hash)
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            one_account(id, done)?;
            sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE account_id = $1 AND revoked = 0")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(id.0).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    async fn set_totp_secret(&self, id: AccountId, secret: Option<&str>) -> Result<()> {
        self.account_write(id, async {
            let mut tx = self.begin_write().await?;
            let done = sqlx::query("UPDATE accounts SET totp_secret = $1 WHERE id = $2")
                .bind(secret)
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            one_account(id, done)?;
            tx.commit().await
        })
        .await
    }

    async fn login_failed(&self, id: AccountId, max_failures: i64, lock_until: i64) -> Result<Account> {
        self.account_write(id, async {
            // One statement, so concurrent failures cannot both read the same count.
            let q = format!(
                "UPDATE accounts SET
                 failed_logins = CASE WHEN failed_logins + 1 >= $1 THEN 0 ELSE failed_logins + 1 END,
                 locked_until = CASE WHEN failed_logins + 1 >= $1 THEN $2 ELSE locked_until END
                 WHERE id = $3 RETURNING {ACCOUNT_COLS}"
            );
            let row = sqlx::query(sqlx::AssertSqlSafe(q))
                .bind(max_failures)
                .bind(lock_until)
                .bind(id.0)
                .fetch_optional(&self.pool)
                .await?;
            row.as_ref().map(account_from_row).transpose()?.ok_or_else(|| no_account(id))
        })
        .await
    }

    async fn use_totp_step(&self, id: AccountId, step: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE accounts SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
        )
        .bind(id.0)
        .bind(step)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn login_succeeded(&self, id: AccountId) -> Result<()> {
        self.account_write(id, async {
            let done = sqlx::query("UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1")
                .bind(id.0)
                .execute(&self.pool)
                .await?;
            one_account(id, done)
        })
        .await
    }

    async fn create_session(&self, s: &Session) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, stage, csrf_token, created_at, last_seen_at, ip)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&s.token_hash)
        .bind(s.account_id.0)
        .bind(stage_code(s.stage))
        .bind(&s.csrf_token)
        .bind(s.created_at)
        .bind(s.last_seen_at)
        .bind(&s.ip)
        .execute(&self.pool)
        .await
        .map_err(|e| super::conflict_or(e, || "phiên đăng nhập đã có".into()))?;
        Ok(())
    }

    async fn session(&self, token_hash: &str) -> Result<Option<Session>> {
        if let Some(s) = self.cache.session(token_hash) {
            return Ok(Some(s));
        }
        let read_at = self.cache.generation();
        let q = format!("SELECT {SESSION_COLS} FROM sessions WHERE token_hash = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(token_hash).fetch_optional(&self.pool).await?;
        let session = row.as_ref().map(session_from_row).transpose()?;
        if let Some(s) = &session {
            self.cache.keep_session(read_at, s);
        }
        Ok(session)
    }

    // Session updates on a session that has just ended are no error: there is nothing to do.
    async fn touch_session(&self, token_hash: &str, now: i64) -> Result<()> {
        self.session_write(token_hash, async {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(token_hash)
                .execute(&self.pool)
                .await?;
            Ok(())
        })
        .await
    }

    async fn set_session_stage(&self, token_hash: &str, stage: SessionStage) -> Result<()> {
        self.session_write(token_hash, async {
            sqlx::query("UPDATE sessions SET stage = $1 WHERE token_hash = $2")
                .bind(stage_code(stage))
                .bind(token_hash)
                .execute(&self.pool)
                .await?;
            Ok(())
        })
        .await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        self.session_write(token_hash, async {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
            Ok(())
        })
        .await
    }

    async fn delete_sessions_of(&self, id: AccountId) -> Result<()> {
        self.account_write(id, async {
            sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(id.0).execute(&self.pool).await?;
            Ok(())
        })
        .await
    }

    async fn purge_sessions(&self, idle_before: i64, created_before: i64) -> Result<u64> {
        self.sessions_write(async {
            let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
                .bind(idle_before)
                .bind(created_before)
                .execute(&self.pool)
                .await?;
            Ok(done.rows_affected())
        })
        .await
    }

    async fn create_api_token(&self, t: &NewApiToken) -> Result<ApiToken> {
        let q = format!(
            "INSERT INTO api_tokens (account_id, name, token_hash, can_write, created_at, expires_at, revoked)
             VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING {TOKEN_COLS}"
        );
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(q))
            .bind(t.account_id.0)
            .bind(&t.name)
            .bind(&t.token_hash)
            .bind(i64::from(t.can_write))
            .bind(super::now())
            .bind(t.expires_at)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| super::conflict_or(e, || "mã truy cập đã có".into()))?;
        let token = token_from_row(&row)?;
        crate::audit::ambient::created(token.id);
        tx.commit().await?;
        Ok(token)
    }

    async fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>> {
        let q = format!("SELECT {TOKEN_COLS} FROM api_tokens WHERE token_hash = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(token_hash).fetch_optional(&self.pool).await?;
        row.as_ref().map(token_from_row).transpose()
    }

    async fn api_tokens_of(&self, id: AccountId) -> Result<Vec<ApiToken>> {
        let q = format!("SELECT {TOKEN_COLS} FROM api_tokens WHERE account_id = $1 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_all(&self.pool).await?;
        rows.iter().map(token_from_row).collect()
    }

    async fn api_token_used(&self, token_id: i64, at: &str) -> Result<()> {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(at)
            .bind(token_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// `NotFound` also when the token belongs to another account: no one revokes others' tokens.
    async fn revoke_api_token(&self, id: AccountId, token_id: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE id = $1 AND account_id = $2")
            .bind(token_id)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound { what: "mã truy cập", id: token_id });
        }
        tx.commit().await
    }
}
