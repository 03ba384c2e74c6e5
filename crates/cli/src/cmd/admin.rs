//! `bvctnb admin`: account tasks that cannot wait for a web page — the first administrator,
//! and unlocking or resetting an account when nobody can log in.

use super::{audited, cli_event};
use crate::config::Config;
use anyhow::{Context, Result, bail};
use bvctnb_app::accounts::NewAccount;
use bvctnb_core::access::{Clearance, Role};
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_store::OpenMode;
use clap::{Args as ClapArgs, Subcommand};
use std::io::BufRead;

#[derive(ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create an account (by default the first administrator). The password is read from
    /// BVCTNB_ADMIN_PASSWORD, or from the first line of standard input.
    Create {
        #[arg(long)]
        username: String,
        /// Name shown in the interface.
        #[arg(long, default_value = "Quản trị hệ thống")]
        name: String,
        /// admin, officer, committee, cell_secretary, coordinator, inspector or subject.
        #[arg(long, default_value = "admin")]
        role: String,
        /// Organisation id at the root of the account's scope (default: the root of the tree).
        #[arg(long)]
        scope: Option<i64>,
        /// none, mat, toi_mat or tuyet_mat.
        #[arg(long, default_value = "mat")]
        clearance: String,
        /// Person id the account belongs to (self-service and recusal).
        #[arg(long)]
        person: Option<i64>,
    },
    /// Set a new password (read as for `create`) and end the account's sessions.
    ResetPassword {
        #[arg(long)]
        username: String,
    },
    /// Remove the second factor so the user enrols again at next login.
    ResetTotp {
        #[arg(long)]
        username: String,
    },
    /// Clear a lockout after repeated failed logins.
    Unlock {
        #[arg(long)]
        username: String,
    },
}

fn read_password(username: &str) -> Result<String> {
    let pw = match std::env::var("BVCTNB_ADMIN_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprintln!("Nhập mật khẩu cho {username} (một dòng):");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    if let Some(msg) = bvctnb_app::accounts::password::check_new(&pw, username) {
        bail!("{msg}");
    }
    Ok(pw)
}

pub async fn run(c: &Config, a: Args) -> Result<()> {
    let app = super::open_app(c, OpenMode::Existing).await?;
    let store = &app;
    let find = |u: String| async move {
        store.account_by_username(&u).await?.with_context(|| format!("không có tài khoản \"{u}\""))
    };
    match a.command {
        Command::Create { username, name, role, scope, clearance, person } => {
            let role = Role::from_code(&role).with_context(|| format!("vai trò \"{role}\" không có"))?;
            let clearance =
                Clearance::from_code(&clearance).with_context(|| format!("độ mật \"{clearance}\" không có"))?;
            let tree = app.tree();
            let scope = match scope {
                Some(s) => Some(
                    Some(OrgId(s))
                        .filter(|o| tree.get(*o).is_some())
                        .with_context(|| format!("không có tổ chức {s}"))?,
                ),
                None => tree.nodes().find(|n| n.parent.is_none()).map(|n| n.id),
            };
            let pw = read_password(&username)?;
            let hash = bvctnb_app::accounts::password::hash(&pw)?;
            let new = NewAccount {
                username: username.clone(),
                display_name: name,
                role,
                scope_org: scope,
                clearance,
                person_id: person.map(PersonId),
                password_hash: hash,
                awaiting_approval: None,
            };
            let e = cli_event("account.create", "account", "", format!("{username} {}", role.code()));
            let acc = audited(&app, e, store.create_account(&new)).await?;
            println!("Đã tạo tài khoản {} ({}), mã {}.", acc.username, role.label(), acc.id);
            if clearance.requires_second_factor(role) {
                println!("Lần đăng nhập đầu tiên sẽ yêu cầu cài đặt xác thực hai lớp (TOTP).");
            }
        }
        Command::ResetPassword { username } => {
            let acc = find(username.clone()).await?;
            let pw = read_password(&username)?;
            let hash = bvctnb_app::accounts::password::hash(&pw)?;
            let e = cli_event("account.password", "account", acc.id, "đặt lại");
            audited(&app, e, store.set_password(acc.id, &hash)).await?;
            store.login_succeeded(acc.id).await?;
            println!("Đã đặt mật khẩu mới cho {username}; các phiên đăng nhập cũ đã kết thúc.");
        }
        Command::ResetTotp { username } => {
            let acc = find(username.clone()).await?;
            let e = cli_event("account.totp", "account", acc.id, "đặt lại");
            audited(&app, e, store.reset_second_factor(acc.id)).await?;
            println!("Đã xoá xác thực hai lớp của {username}; người dùng sẽ cài lại khi đăng nhập.");
        }
        Command::Unlock { username } => {
            let acc = find(username.clone()).await?;
            audited(&app, cli_event("account.unlock", "account", acc.id, ""), store.login_succeeded(acc.id)).await?;
            println!("Đã mở khoá {username}.");
        }
    }
    Ok(())
}
