//! An item's protection period and level after registration, on the item's page: extend,
//! re-grade, declassify early, and record that the bodies concerned were told of a re-grading
//! (KeepSecretRegisters). Every write is audited with the item.

use super::secret_item::keeper_write;
use super::secrets::choice;
use crate::pages::fields::{Fields, get, opt_date};
use crate::pages::{PageResult, User};
use crate::reads::cases::actor;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use bvctnb_app::Error as AppError;
use bvctnb_app::secrets::PeriodInput;
use bvctnb_core::ids::SecretItemId;
use bvctnb_core::secret::SecretLevel;

/// `extend`, `regrade`, `declassify` or `notified`.
pub async fn change(
    State(st): State<AppState>,
    u: User,
    Path((id, what)): Path<(SecretItemId, String)>,
    Form(f): Form<Fields>,
) -> PageResult {
    let who = actor(&u.access);
    let version = || get(&f, "version").parse::<i64>().map_err(|_| AppError::invalid("basis", "không rõ phiên bản"));
    let input = || -> Result<PeriodInput, AppError> {
        Ok(PeriodInput {
            period_end: opt_date(&f, "period_end")?,
            level: choice(&f, "level", SecretLevel::from_code, "độ mật")?,
            basis: get(&f, "basis"),
        })
    };
    let (action, form) = match what.as_str() {
        "extend" => ("secret.period.extend", "extend"),
        "regrade" => ("secret.level.regrade", "regrade"),
        "declassify" => ("secret.declassify", "declassify"),
        "notified" => ("secret.regrade.notified", "notified"),
        _ => return Err(crate::error::WebError::not_found("bước").into()),
    };
    let app = &st.app;
    let write = async {
        let v = version()?;
        match form {
            "extend" => app.extend_secret_period(&who, id, v, input()?).await,
            "regrade" => app.regrade_secret_item(&who, id, v, input()?).await,
            "declassify" => app.declassify_secret_item(&who, id, v, &get(&f, "basis")).await,
            _ => app.record_regrade_notice(&who, id, v, &get(&f, "basis")).await,
        }
    };
    let detail = format!("{} {} {}", get(&f, "level"), get(&f, "period_end"), get(&f, "basis"));
    keeper_write(&st, &u, id, (action, form), f.clone(), detail, write).await
}
