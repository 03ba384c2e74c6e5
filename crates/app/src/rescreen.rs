//! Review campaigns (đợt rà soát): every dossier of a scope re-evaluated against a pack,
//! streamed from the store in id order with bounded memory. Each batch's results and the
//! cursor commit together, so a killed run resumes after its last committed batch.

use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::{CampaignId, OrgId, PersonId};
use bvctnb_core::screening::ScreeningFacts;
use bvctnb_core::travel::TravelFlag;
use bvctnb_rules::{Evaluation, LoadedPack};
use bvctnb_store::campaigns::{Campaign, CampaignResult, CampaignStatus, Candidate, Change, NewCampaign};
use bvctnb_store::travel::{PassportRow, TripRow};
use bvctnb_store::{Store, StoreError};
use chrono::NaiveDate;
use futures::TryStreamExt;
use std::collections::HashMap;
use std::sync::Arc;

/// Persons per committed batch: small enough that a kill loses seconds, large enough that the
/// commit is not the cost.
pub const BATCH: usize = 2_000;

#[derive(Debug, thiserror::Error)]
pub enum RescreenError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "Đợt rà soát số {id} đang dở với gói {old}, khác gói hiện tại {new}: chạy lại với --new để bắt đầu đợt mới"
    )]
    PackChanged { id: CampaignId, old: String, new: String },
    #[error("Đợt rà soát số {0} đã kết thúc")]
    Finished(CampaignId),
    #[error("Dữ liệu đối chiếu quy định chưa được dựng cho cơ sở dữ liệu này: chạy `bvctnb migrate` (một lần)")]
    NotReady,
    #[error("tác vụ nền bị lỗi: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// The day evaluations are for, in Vietnam's time zone.
pub fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// Builds the screening projection of a database that held persons before it existed (once;
/// `progress` gets the last person id done). Declaration writes keep it in step afterwards.
pub async fn ensure_screen_facts(store: &dyn Store, mut progress: impl FnMut(i64)) -> Result<bool, RescreenError> {
    if store.screen_facts_ready().await? {
        return Ok(false);
    }
    let mut after = PersonId(0);
    while let Some(last) = store.build_screen_facts(after).await? {
        after = last;
        progress(last.0);
    }
    Ok(true)
}

/// A new campaign, or the unfinished one with the same pack, kind and scope (unless `fresh`).
pub async fn start_or_resume(
    store: &dyn Store,
    pack: &LoadedPack,
    kind: CaseKind,
    scope: OrgId,
    started_by: &str,
    fresh: bool,
) -> Result<(Campaign, bool), RescreenError> {
    if !fresh && let Some(c) = store.unfinished_campaign(&pack.pack.id, kind, scope).await? {
        if c.pack_version != pack.version_tag() {
            return Err(RescreenError::PackChanged { id: c.id, old: c.pack_version, new: pack.version_tag() });
        }
        return Ok((c, true));
    }
    if !store.screen_facts_ready().await? {
        return Err(RescreenError::NotReady);
    }
    let scope_persons = store.scope_counts(scope).await?.persons;
    let total = store.count_candidates(scope).await?;
    let c = store
        .create_campaign(&NewCampaign {
            pack_id: pack.pack.id.clone(),
            pack_version: pack.version_tag(),
            case_kind: kind,
            scope_org: scope,
            started_by: started_by.to_string(),
            scope_persons,
            total,
        })
        .await?;
    Ok((c, false))
}

/// What a person's evaluation means for the work list, against their last conclusion's findings.
pub fn change(e: &Evaluation, baseline: Option<&str>) -> Option<(Change, String)> {
    let fp = e.fingerprint();
    let base = baseline.unwrap_or("");
    let change = match (fp.is_empty(), base.is_empty()) {
        (true, true) => return None,
        (false, true) => Change::New,
        (true, false) => Change::Cleared,
        (false, false) if fp == base => return None,
        (false, false) => Change::Changed,
    };
    Some((change, fp))
}

fn evaluate_batch(
    pack: &LoadedPack,
    kind: CaseKind,
    batch: &[Candidate],
    flags: &HashMap<PersonId, Vec<TravelFlag>>,
) -> Result<Vec<CampaignResult>, RescreenError> {
    let mut out = Vec::new();
    for c in batch {
        let facts: ScreeningFacts = match &c.facts {
            Some(json) => serde_json::from_str(json).map_err(|e| {
                RescreenError::Store(StoreError::Corrupt(format!("dữ liệu đối chiếu của hồ sơ {}: {e}", c.person_id.0)))
            })?,
            None => ScreeningFacts::default(),
        };
        let e = bvctnb_rules::evaluate_facts(&pack.pack, &facts, kind);
        let e = match flags.get(&c.person_id) {
            Some(f) => bvctnb_rules::with_travel(e, &pack.pack, f),
            None => e,
        };
        if let Some((change, fingerprint)) = change(&e, c.baseline.as_deref()) {
            out.push(CampaignResult {
                person_id: c.person_id,
                org_id: c.org_id,
                change,
                severity: e.max_severity().map(|s| s.code().to_string()),
                fingerprint,
                findings: serde_json::to_string(&e.findings).expect("findings serialise"),
            });
        }
    }
    Ok(out)
}

/// The day a campaign judges deadlines by: the day it started, in Vietnam, so that a resumed
/// run finds what an uninterrupted one would have.
fn as_of(c: &Campaign) -> NaiveDate {
    chrono::DateTime::parse_from_rfc3339(&c.started_at)
        .map(|t| (t.with_timezone(&chrono::Utc) + chrono::Duration::hours(7)).date_naive())
        .unwrap_or_else(|_| today())
}

/// The going-abroad lapses of a batch's persons on `as_of`, read in two queries over the
/// batch's id range (most persons have no trip, and those are not in the map).
async fn batch_flags(
    store: &dyn Store,
    batch: &[Candidate],
    as_of: NaiveDate,
) -> Result<HashMap<PersonId, Vec<TravelFlag>>, RescreenError> {
    let (Some(first), Some(last)) = (batch.first(), batch.last()) else { return Ok(HashMap::new()) };
    let (first, last) = (first.person_id, last.person_id);
    let mut trips: HashMap<PersonId, Vec<TripRow>> = HashMap::new();
    for t in store.trips_of_persons(first, last).await? {
        trips.entry(t.person_id).or_default().push(t);
    }
    let mut passports: HashMap<PersonId, Vec<PassportRow>> = HashMap::new();
    for p in store.passports_of_persons(first, last).await? {
        passports.entry(p.person_id).or_default().push(p);
    }
    let persons: std::collections::BTreeSet<PersonId> = trips.keys().chain(passports.keys()).copied().collect();
    Ok(persons
        .into_iter()
        .filter_map(|p| {
            let (t, x) =
                (trips.get(&p).map_or(&[][..], Vec::as_slice), passports.get(&p).map_or(&[][..], Vec::as_slice));
            let f = crate::travel::flags_from(t, x, as_of);
            (!f.is_empty()).then_some((p, f))
        })
        .collect())
}

/// Runs (or resumes) `campaign` to the end. `progress` gets (processed, flagged) after each
/// committed batch. Evaluation of one batch overlaps with reading the next.
pub async fn run(
    store: Arc<dyn Store>,
    pack: Arc<LoadedPack>,
    campaign: &Campaign,
    progress: impl FnMut(i64, i64) + Send,
) -> Result<Campaign, RescreenError> {
    run_batched(store, pack, campaign, BATCH, progress).await
}

/// [`run`] with a chosen batch size (tests use small ones to cross batch boundaries).
pub async fn run_batched(
    store: Arc<dyn Store>,
    pack: Arc<LoadedPack>,
    campaign: &Campaign,
    batch_size: usize,
    mut progress: impl FnMut(i64, i64) + Send,
) -> Result<Campaign, RescreenError> {
    if campaign.status != CampaignStatus::Running {
        return Err(RescreenError::Finished(campaign.id));
    }
    let kind = campaign.case_kind;
    let id = campaign.id;
    let as_of = as_of(campaign);
    let (mut processed, mut flagged) = (campaign.processed, campaign.flagged);
    let result = async {
        let mut stream = store.stream_candidates(campaign.scope_org, PersonId(campaign.cursor));
        type Done = Result<(Vec<CampaignResult>, i64, i64), RescreenError>;
        let mut pending: Option<tokio::task::JoinHandle<Done>> = None;
        let mut ended = false;
        loop {
            let mut batch = Vec::with_capacity(batch_size);
            // A stream is not polled again once it has ended.
            while !ended && batch.len() < batch_size {
                match stream.try_next().await? {
                    Some(p) => batch.push(p),
                    None => ended = true,
                }
            }
            if let Some(h) = pending.take() {
                let (results, cursor, n) = h.await??;
                store.record_batch(id, cursor, n, &results).await?;
                processed += n;
                flagged += results.len() as i64;
                progress(processed, flagged);
            }
            if batch.is_empty() {
                break;
            }
            let flags = batch_flags(store.as_ref(), &batch, as_of).await?;
            let pack = pack.clone();
            pending = Some(tokio::task::spawn_blocking(move || {
                let cursor = batch.last().map_or(0, |c| c.person_id.0);
                let results = evaluate_batch(&pack, kind, &batch, &flags)?;
                Ok((results, cursor, batch.len() as i64))
            }));
        }
        Ok::<_, RescreenError>(())
    }
    .await;
    match result {
        Ok(()) => store.finish_campaign(id, CampaignStatus::Done, None).await?,
        Err(e) => {
            // Left running: the next run resumes from the last committed batch.
            tracing::warn!(campaign = id.0, error = %e, "review campaign stopped");
            return Err(e);
        }
    }
    Ok(store.campaign(id).await?.expect("the campaign exists"))
}

/// Marks a campaign that cannot go on (e.g. its pack is gone) as failed, with the reason.
pub async fn fail(store: &dyn Store, id: CampaignId, why: &str) -> Result<(), RescreenError> {
    store.finish_campaign(id, CampaignStatus::Failed, Some(why)).await?;
    Ok(())
}
