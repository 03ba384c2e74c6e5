//! Dossier (+ verification answers) → findings with citations, the verification plan and the
//! position ceiling. Deterministic: the result depends on the facts, never on the order of the
//! family table. Findings inform; a named person concludes.

use crate::facts::{Answer, Facts, Hit, PersonRef, View};
use crate::model::{Basis, Citation, Exception, Pack, Rule, Severity, Who};
use bvctnb_core::Declaration;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::screening::ScreeningFacts;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub struct Input<'a> {
    pub declaration: &'a Declaration,
    pub answers: &'a [Answer],
    pub kind: CaseKind,
    /// The day the evaluation is for: ages ("adult children") are counted to it.
    pub as_of: NaiveDate,
    /// Review campaigns need only the findings; a case also needs the plan.
    pub with_plan: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub person: PersonRef,
    #[serde(flatten)]
    pub hit: Hit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: String,
    pub title: String,
    /// Ceiling rank or authority level.
    pub order: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: String,
    pub title: String,
    pub wording: String,
    pub citation: Citation,
    pub basis: Basis,
    pub severity: Severity,
    pub triggers: Vec<Trigger>,
    pub ceiling: Option<Named>,
    pub authority: Option<Named>,
    pub exception: Option<Exception>,
}

impl Finding {
    /// The relatives involved, without repeats.
    pub fn relatives(&self) -> Vec<&PersonRef> {
        let mut v: Vec<&PersonRef> =
            self.triggers.iter().map(|t| &t.person).filter(|p| **p != PersonRef::Subject).collect();
        v.dedup();
        v
    }
}

/// One line of the verification plan: one person, one place, one body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLine {
    pub person: PersonRef,
    pub place: String,
    pub body: String,
    pub channel: crate::model::Channel,
    pub points: String,
    /// The scope or rule ids that call for it.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub person: PersonRef,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub pack_id: String,
    pub kind: CaseKind,
    pub findings: Vec<Finding>,
    pub plan: Vec<PlanLine>,
    pub not_verified: Vec<Skipped>,
    /// The lowest ceiling any finding sets for this case kind.
    pub ceiling: Option<Named>,
    /// The highest authority any finding needs.
    pub authority: Option<Named>,
}

impl Evaluation {
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// A digest of what was found (rules, severities, persons and facts), not of the pack's
    /// wording: the same facts under a new edition of a rule with the same id compare equal,
    /// so a campaign lists only persons whose findings really changed.
    pub fn fingerprint(&self) -> String {
        if self.findings.is_empty() {
            return String::new();
        }
        let mut h = blake3::Hasher::new();
        for f in &self.findings {
            h.update(f.rule_id.as_bytes()).update(&[0, f.severity as u8, 0]);
            for t in &f.triggers {
                h.update(t.person.label().as_bytes()).update(&[0]).update(t.hit.text.as_bytes()).update(&[
                    0,
                    t.hit.status.map_or(9, |s| s as u8),
                    0,
                ]);
            }
            h.update(&[1]);
        }
        h.finalize().to_hex()[..16].to_string()
    }
}

fn named_ceiling(pack: &Pack, id: &str) -> Option<Named> {
    pack.ceiling(id).map(|c| Named { id: c.id.clone(), title: c.title.clone(), order: c.rank })
}

fn named_authority(pack: &Pack, id: &str) -> Option<Named> {
    pack.authority(id).map(|a| Named { id: a.id.clone(), title: a.title.clone(), order: a.level })
}

pub fn evaluate(pack: &Pack, input: &Input) -> Evaluation {
    let findings = findings(pack, View::of(input.declaration), input.answers, input.kind);
    let (plan, not_verified) =
        if input.with_plan { crate::plan::plan(pack, input, &findings) } else { (Vec::new(), Vec::new()) };
    Evaluation { plan, not_verified, ..outcome(pack, input.kind, findings) }
}

/// The findings with the lowest ceiling and the highest authority they call for.
fn outcome(pack: &Pack, kind: CaseKind, findings: Vec<Finding>) -> Evaluation {
    let mut e = Evaluation {
        pack_id: pack.id.clone(),
        kind,
        findings,
        plan: Vec::new(),
        not_verified: Vec::new(),
        ceiling: None,
        authority: None,
    };
    e.settle();
    e
}

impl Evaluation {
    /// Recomputes the ceiling and the authority from the findings, after findings were added.
    pub(crate) fn settle(&mut self) {
        self.ceiling = self.findings.iter().filter_map(|f| f.ceiling.clone()).min_by_key(|c| c.order);
        self.authority = self.findings.iter().filter_map(|f| f.authority.clone()).max_by_key(|a| a.order);
    }
}

/// The findings for the store's screening projection of a dossier (no answers, no plan): what a
/// review campaign needs. Equal to [`evaluate`]'s findings on the whole declaration.
pub fn evaluate_facts(pack: &Pack, facts: &ScreeningFacts, kind: CaseKind) -> Evaluation {
    outcome(pack, kind, findings(pack, View::of_facts(facts), &[], kind))
}

fn findings(pack: &Pack, d: View, answers: &[Answer], kind: CaseKind) -> Vec<Finding> {
    let subject = Facts::subject(d, answers);
    let relatives: Vec<(&bvctnb_core::family::Relative, Facts)> =
        d.family.iter().map(|r| (r, Facts::relative(r, answers))).collect();
    let mut findings = Vec::new();
    for rule in pack.rules.iter().filter(|r| r.cases.contains(&kind)) {
        let mut triggers = Vec::new();
        if rule.who.contains(&Who::Subject) {
            push(&mut triggers, PersonRef::Subject, subject.matching(&rule.when));
        }
        for (r, facts) in &relatives {
            if crate::model::covers(&rule.who, r.relation) {
                let hits = facts.matching(&rule.when);
                if !hits.is_empty() {
                    push(&mut triggers, PersonRef::of(r), hits);
                }
            }
        }
        if !triggers.is_empty() {
            settle_triggers(&mut triggers);
            findings.push(finding(pack, rule, kind, triggers));
        }
    }
    findings
}

fn push(out: &mut Vec<Trigger>, person: PersonRef, hits: Vec<Hit>) {
    out.extend(hits.into_iter().map(|hit| Trigger { person: person.clone(), hit }));
}

/// Sorted and without repeats, so the finding does not depend on the order facts came in.
pub(crate) fn settle_triggers(triggers: &mut Vec<Trigger>) {
    triggers.sort_by(|a, b| trigger_key(a).cmp(&trigger_key(b)));
    triggers.dedup();
}

fn trigger_key(t: &Trigger) -> (&PersonRef, &str, &str, u8, bool) {
    (&t.person, &t.hit.text, &t.hit.source, t.hit.status.map_or(9, |s| s as u8), t.hit.uncertain)
}

pub(crate) fn finding(pack: &Pack, rule: &Rule, kind: CaseKind, triggers: Vec<Trigger>) -> Finding {
    let e = &rule.then;
    Finding {
        rule_id: rule.id.clone(),
        title: rule.title.clone(),
        wording: if e.finding.is_empty() { rule.title.clone() } else { e.finding.clone() },
        citation: rule.citation.clone(),
        basis: rule.basis,
        severity: e.severity,
        triggers,
        ceiling: e.ceiling.get(&kind).and_then(|id| named_ceiling(pack, id)),
        authority: e.authority.as_deref().and_then(|id| named_authority(pack, id)),
        exception: rule.exception.clone(),
    }
}
