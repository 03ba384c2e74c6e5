//! Case clocks: working days per stage and end to end, p50 / p90 / max over every case of a
//! scope, for the dashboard and the report.

use super::*;
use bvctnb_core::case::clock::{Spread, spread};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Clock {
    pub kind: CaseKind,
    /// `None`: from opening to closing.
    pub stage: Option<Stage>,
    pub spread: Spread,
}

/// Clocks per case kind and stage (in the kind's stage order), then end to end.
pub async fn clocks(app: &App, org: OrgId) -> Result<Vec<Clock>> {
    let times = app.store.stage_times(org).await?;
    let mut by: BTreeMap<(CaseKind, usize), Vec<i64>> = BTreeMap::new();
    for t in times {
        let order = match t.stage {
            Some(s) => bvctnb_core::case::stages(t.kind).iter().position(|x| *x == s).unwrap_or(usize::MAX - 1),
            None => usize::MAX,
        };
        by.entry((t.kind, order)).or_default().push(t.days);
    }
    Ok(by
        .into_iter()
        .filter_map(|((kind, order), v)| {
            let stage = bvctnb_core::case::stages(kind).get(order).copied();
            spread(v).map(|spread| Clock { kind, stage, spread })
        })
        .collect())
}
