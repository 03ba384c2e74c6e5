//! "Đối chiếu quy định" on the dossier page: the pack evaluated against the dossier, with every
//! finding's reason spelled out (who, which fact, from which declared channel) and the
//! verification plan. Built only after the dossier read is authorized and audited.

use crate::pages::rules::text::{citation_text, severity_class, status_label};
use crate::state::AppState;
use bvctnb_app::rules::{Finding, Screening};
use bvctnb_core::Declaration;
use bvctnb_core::case_kind::CaseKind;

pub struct TriggerView {
    pub person: String,
    pub text: String,
    pub status: String,
    pub source: String,
    pub uncertain: bool,
}

pub struct FindingView {
    pub rule_id: String,
    pub title: String,
    /// The finding's own wording when it says more than the title.
    pub wording: String,
    pub severity: &'static str,
    pub severity_class: &'static str,
    pub citation: String,
    pub basis: &'static str,
    pub triggers: Vec<TriggerView>,
    pub exception: String,
    pub ceiling: String,
    pub authority: String,
}

pub struct PlanRow {
    pub person: String,
    pub place: String,
    pub body: String,
    pub points: String,
}

/// The section, ready for `dossier/_findings.html`.
pub struct Review {
    pub pack_id: String,
    pub pack_name: String,
    pub pack_tag: String,
    pub kind: String,
    pub kind_label: &'static str,
    pub packs: Vec<(String, String)>,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub notice: String,
    pub findings: Vec<FindingView>,
    pub plan: Vec<PlanRow>,
    pub has_scope: bool,
    pub not_verified: Vec<(String, String)>,
    pub ceiling: String,
    pub authority: String,
}

pub fn finding_view(f: &Finding) -> FindingView {
    FindingView {
        rule_id: f.rule_id.clone(),
        title: f.title.clone(),
        wording: if f.wording == f.title { String::new() } else { f.wording.clone() },
        severity: f.severity.label(),
        severity_class: severity_class(f.severity),
        citation: citation_text(&f.citation),
        basis: f.basis.label(),
        triggers: f
            .triggers
            .iter()
            .map(|t| TriggerView {
                person: t.person.label(),
                text: t.hit.text.clone(),
                status: t.hit.status.map(status_label).unwrap_or_default().to_string(),
                source: t.hit.source.clone(),
                uncertain: t.hit.uncertain,
            })
            .collect(),
        exception: f
            .exception
            .as_ref()
            .map(|e| format!("{} ({})", e.title, citation_text(&e.citation)))
            .unwrap_or_default(),
        ceiling: f.ceiling.as_ref().map(|c| c.title.clone()).unwrap_or_default(),
        authority: f.authority.as_ref().map(|a| a.title.clone()).unwrap_or_default(),
    }
}

/// The dossier's evaluation, ready for the page (see [`bvctnb_app::App::screen_dossier`]).
pub fn review(
    st: &AppState,
    d: &Declaration,
    flags: &[bvctnb_core::travel::TravelFlag],
    pack_id: Option<&str>,
    kind: Option<&str>,
) -> Option<Review> {
    let Screening { pack: lp, kind, notices, evaluation: e } = st.app.screen_dossier(d, flags, pack_id, kind)?;
    Some(Review {
        pack_id: lp.pack.id.clone(),
        pack_name: format!("{} — {}", lp.pack.document, lp.pack.title),
        pack_tag: lp.version_tag(),
        kind: kind.code().to_string(),
        kind_label: kind.label(),
        packs: st
            .app
            .packs()
            .iter()
            .map(|p| (p.pack.id.clone(), format!("{} ({})", p.pack.document, p.pack.id)))
            .collect(),
        kinds: CaseKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        notice: notices.join(" "),
        findings: e.findings.iter().map(finding_view).collect(),
        plan: e
            .plan
            .iter()
            .map(|l| PlanRow {
                person: l.person.label(),
                place: l.place.clone(),
                body: l.body.clone(),
                points: l.points.clone(),
            })
            .collect(),
        has_scope: lp.pack.scope_for(kind).is_some(),
        not_verified: e.not_verified.iter().map(|s| (s.person.label(), s.reason.clone())).collect(),
        ceiling: e.ceiling.map(|c| c.title).unwrap_or_default(),
        authority: e.authority.map(|a| a.title).unwrap_or_default(),
    })
}
