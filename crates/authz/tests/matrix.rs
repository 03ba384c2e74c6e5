//! The need-to-know matrix: every action × every role × the situations that matter, with the
//! expected outcome written out by hand (not computed from the rules).
//!
//! The test tree:
//!
//! ```text
//! 1 Trung ương
//! └── 10 Tỉnh ủy                      ← "above": an ancestor of the principal's scope
//!     ├── 100 Huyện ủy A              ← the principal's scope
//!     │   └── 101 Chi bộ A1           ← in scope: persons in, relative, self, secret
//!     └── 200 Huyện ủy B              ← "out": the sibling branch
//! ```
//!
//! Every principal has scope 100, clearance Tối mật, is linked to person 1003 ("self") and is
//! recused from person 1002 ("relative"); only the role changes from row to row.

use bvctnb_authz::{Action, Authz, Decision, Principal, Resource};
use bvctnb_core::access::{Clearance, Role};
use bvctnb_core::ids::{AccountId, OrgId, PersonId, SecretItemId};
use std::sync::OnceLock;

#[path = "matrix/expected.rs"]
mod expected;
use expected::EXPECTED;

const ROOT: i64 = 1;
const PROVINCE: i64 = 10;
const DISTRICT_A: i64 = 100;
const CELL_A1: i64 = 101;
const DISTRICT_B: i64 = 200;

const P_IN: i64 = 1001;
const P_RELATIVE: i64 = 1002;
const P_SELF: i64 = 1003;
const P_SECRET: i64 = 1004;
const P_SIBLING: i64 = 2001;
const P_ABOVE: i64 = 3001;

fn authz() -> &'static Authz {
    static AUTHZ: OnceLock<Authz> = OnceLock::new();
    AUTHZ.get_or_init(|| Authz::new().unwrap_or_else(|e| panic!("{e}")))
}

fn chain(ids: &[i64]) -> Vec<OrgId> {
    ids.iter().copied().map(OrgId).collect()
}

fn cell_a1() -> Vec<OrgId> {
    chain(&[CELL_A1, DISTRICT_A, PROVINCE, ROOT])
}

fn person(id: i64, org_chain: Vec<OrgId>, classification: Clearance) -> Resource {
    Resource::Person { id: PersonId(id), org_chain, classification }
}

fn principal(role: Role) -> Principal {
    Principal {
        account: AccountId(7),
        role,
        clearance: Clearance::ToiMat,
        scope_chain: chain(&[DISTRICT_A, PROVINCE, ROOT]),
        person: Some(PersonId(P_SELF)),
        recused: vec![PersonId(P_RELATIVE)],
        can_write: true,
    }
}

/// The columns of the table.
#[derive(Debug, Clone, Copy)]
enum Situation {
    /// A person / org inside the scope (Chi bộ A1), classified Mật.
    InScope,
    /// The sibling branch (Huyện ủy B).
    OutOfScope,
    /// The ancestor of the scope (Tỉnh ủy).
    AboveScope,
    /// A relative the principal is recused from, in scope.
    RecusedRelative,
    /// The principal's own person, in scope.
    OwnPerson,
    /// A person in scope classified Tuyệt mật, above the principal's Tối mật.
    InsufficientClearance,
    /// The in-scope person / org, through a read-only API token.
    ReadOnlyToken,
    /// The principal's own person, through a read-only API token.
    ReadOnlyTokenSelf,
}

const SITUATIONS: [Situation; 8] = [
    Situation::InScope,
    Situation::OutOfScope,
    Situation::AboveScope,
    Situation::RecusedRelative,
    Situation::OwnPerson,
    Situation::InsufficientClearance,
    Situation::ReadOnlyToken,
    Situation::ReadOnlyTokenSelf,
];

/// The principal and resource of one cell. Org actions get the org of the situation (the person's
/// org for person situations); global actions always get `System`.
fn case(role: Role, action: Action, situation: Situation) -> (Principal, Resource) {
    let mut p = principal(role);
    if matches!(situation, Situation::ReadOnlyToken | Situation::ReadOnlyTokenSelf) {
        p.can_write = false;
    }
    let (person_id, org_chain, classification) = match situation {
        Situation::InScope | Situation::ReadOnlyToken => (P_IN, cell_a1(), Clearance::Mat),
        Situation::OutOfScope => (P_SIBLING, chain(&[DISTRICT_B, PROVINCE, ROOT]), Clearance::Mat),
        Situation::AboveScope => (P_ABOVE, chain(&[PROVINCE, ROOT]), Clearance::Mat),
        Situation::RecusedRelative => (P_RELATIVE, cell_a1(), Clearance::Mat),
        Situation::OwnPerson | Situation::ReadOnlyTokenSelf => (P_SELF, cell_a1(), Clearance::Mat),
        Situation::InsufficientClearance => (P_SECRET, cell_a1(), Clearance::TuyetMat),
    };
    let resource = match action {
        Action::ViewDashboard | Action::ManageAccounts | Action::ManageAccountsWrite | Action::ViewRules => {
            Resource::System
        }
        Action::BrowseOrgs
        | Action::SearchPersons
        | Action::ExportPersons
        | Action::ViewAudit
        | Action::RunCampaign
        | Action::ViewCampaign
        | Action::ListCases
        | Action::ListSecretRegisters
        | Action::KeepSecretRegisters
        | Action::AcknowledgeSecretIncident => Resource::Org { chain: org_chain },
        Action::ReadDossier
        | Action::ViewHistory
        | Action::EditDossier
        | Action::ReadOwnDossier
        | Action::EditOwnDossier
        | Action::ViewCase
        | Action::HandleCase
        | Action::CommentCase
        | Action::DecideCase
        | Action::ViewOwnCase
        | Action::ExplainOwnCase => person(person_id, org_chain, classification),
        Action::ReadSecretItem | Action::AuthorizeSecretUse => {
            Resource::SecretItem { id: SecretItemId(person_id), org_chain, level: classification }
        }
    };
    (p, resource)
}

use Action::*;
use Role::*;

fn expected_cells(row: &str) -> Vec<bool> {
    let cells: Vec<bool> = row
        .split_whitespace()
        .map(|c| match c {
            "Y" => true,
            "." => false,
            other => panic!("bad cell {other:?} in {row:?}"),
        })
        .collect();
    assert_eq!(cells.len(), SITUATIONS.len(), "row {row:?}");
    cells
}

#[test]
fn table_covers_every_action_and_role_once() {
    for action in Action::ALL {
        for role in Role::ALL {
            let n = EXPECTED.iter().filter(|(a, r, _)| *a == action && *r == role).count();
            assert_eq!(n, 1, "{action:?} × {role:?} appears {n} times in EXPECTED");
        }
    }
    assert_eq!(EXPECTED.len(), Action::ALL.len() * Role::ALL.len());
}

#[test]
fn need_to_know_matrix() {
    let authz = authz();
    let mut failures = Vec::new();
    for (action, role, row) in EXPECTED {
        for (situation, expected) in SITUATIONS.iter().zip(expected_cells(row)) {
            let (p, r) = case(*role, *action, *situation);
            let d = authz.check(&p, *action, &r);
            assert!(d.errors.is_empty(), "{action:?} {role:?} {situation:?}: {:?}", d.errors);
            if d.allowed != expected {
                failures.push(format!(
                    "{action:?} × {role:?} × {situation:?}: expected {}, got {} (reasons {:?})",
                    if expected { "allow" } else { "deny" },
                    if d.allowed { "allow" } else { "deny" },
                    d.reasons
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} cells differ:\n{}", failures.len(), failures.join("\n"));
}

fn check(p: &Principal, action: Action, r: &Resource) -> Decision {
    let d = authz().check(p, action, r);
    assert!(d.errors.is_empty(), "{:?}", d.errors);
    d
}

#[test]
fn reasons_name_the_determining_policies() {
    let officer = principal(Officer);
    let in_scope = person(P_IN, cell_a1(), Clearance::Mat);
    let relative = person(P_RELATIVE, cell_a1(), Clearance::Mat);
    let own = person(P_SELF, cell_a1(), Clearance::Mat);

    assert_eq!(check(&officer, ReadDossier, &in_scope).reasons, ["read-dossier"]);
    assert_eq!(check(&officer, EditDossier, &in_scope).reasons, ["edit-dossier"]);
    assert_eq!(check(&officer, ReadDossier, &relative).reasons, ["recused"]);
    assert_eq!(check(&officer, ViewHistory, &own).reasons, ["own-dossier-only-self-service"]);
    assert_eq!(check(&officer, ReadOwnDossier, &own).reasons, ["own-dossier"]);

    let read_only = Principal { can_write: false, ..officer.clone() };
    assert_eq!(check(&read_only, EditDossier, &in_scope).reasons, ["read-only-token"]);
    assert_eq!(check(&read_only, EditOwnDossier, &own).reasons, ["read-only-token"]);

    // Default deny: no policy determined it.
    let d = check(&principal(Admin), ReadDossier, &in_scope);
    assert!(!d.allowed && d.reasons.is_empty(), "{d:?}");
}

#[test]
fn clearance_equal_to_classification_is_enough() {
    let officer = principal(Officer); // Tối mật
    for (classification, allowed) in
        [(Clearance::None, true), (Clearance::Mat, true), (Clearance::ToiMat, true), (Clearance::TuyetMat, false)]
    {
        let r = person(P_IN, cell_a1(), classification);
        assert_eq!(check(&officer, ReadDossier, &r).allowed, allowed, "{classification:?}");
        assert_eq!(check(&officer, EditDossier, &r).allowed, allowed, "{classification:?}");
    }
}

#[test]
fn campaigns_need_a_clearance_and_a_writing_caller() {
    let org = Resource::Org { chain: cell_a1() };
    let uncleared = Principal { clearance: Clearance::None, ..principal(Officer) };
    assert!(!check(&uncleared, ViewCampaign, &org).allowed, "work lists quote Mật dossiers");
    assert!(check(&Principal { clearance: Clearance::Mat, ..uncleared.clone() }, ViewCampaign, &org).allowed);
    let read_only = Principal { can_write: false, ..principal(Officer) };
    assert_eq!(check(&read_only, RunCampaign, &org).reasons, ["read-only-token"]);
    assert_eq!(check(&principal(Officer), RunCampaign, &org).reasons, ["run-campaign"]);
    // The packs are regulations: no scope needed to read them.
    let no_scope = Principal { scope_chain: Vec::new(), ..principal(CellSecretary) };
    assert!(check(&no_scope, ViewRules, &Resource::System).allowed);
}

#[test]
fn scope_covers_the_whole_subtree_including_its_root() {
    let officer = principal(Officer);
    let district = Resource::Org { chain: chain(&[DISTRICT_A, PROVINCE, ROOT]) };
    let deep = Resource::Org { chain: chain(&[999, 998, CELL_A1, DISTRICT_A, PROVINCE, ROOT]) };
    let deep_person = person(5, chain(&[999, 998, CELL_A1, DISTRICT_A, PROVINCE, ROOT]), Clearance::None);
    assert!(check(&officer, SearchPersons, &district).allowed);
    assert!(check(&officer, SearchPersons, &deep).allowed);
    assert!(check(&officer, ReadDossier, &deep_person).allowed);
    // A person kept directly by the scope org.
    assert!(check(&officer, ReadDossier, &person(6, chain(&[DISTRICT_A, PROVINCE, ROOT]), Clearance::None)).allowed);
}

#[test]
fn account_without_scope_gets_only_global_and_self_service() {
    let no_scope = Principal { scope_chain: Vec::new(), ..principal(Officer) };
    let in_scope = person(P_IN, cell_a1(), Clearance::Mat);
    let org = Resource::Org { chain: cell_a1() };
    assert!(!check(&no_scope, ReadDossier, &in_scope).allowed);
    assert!(!check(&no_scope, SearchPersons, &org).allowed);
    assert!(!check(&no_scope, BrowseOrgs, &org).allowed);
    assert!(check(&no_scope, ViewDashboard, &Resource::System).allowed);
    assert!(check(&no_scope, ReadOwnDossier, &person(P_SELF, cell_a1(), Clearance::Mat)).allowed);
}

#[test]
fn self_service_ignores_scope_and_clearance_but_needs_a_linked_person() {
    // A subject with no scope whose dossier is kept in another branch and classified Tuyệt mật.
    let subject = Principal {
        role: Subject,
        clearance: Clearance::None,
        scope_chain: Vec::new(),
        recused: Vec::new(),
        ..principal(Subject)
    };
    let own = person(P_SELF, chain(&[DISTRICT_B, PROVINCE, ROOT]), Clearance::TuyetMat);
    assert!(check(&subject, ReadOwnDossier, &own).allowed);
    assert!(check(&subject, EditOwnDossier, &own).allowed);
    assert!(!check(&subject, ReadDossier, &own).allowed);

    let unlinked = Principal { person: None, ..subject };
    assert!(!check(&unlinked, ReadOwnDossier, &own).allowed);
    assert!(!check(&unlinked, EditOwnDossier, &own).allowed);
}

#[test]
fn wrong_resource_kind_is_refused_with_an_error() {
    let officer = principal(Officer);
    let d = authz().check(&officer, ReadDossier, &Resource::Org { chain: cell_a1() });
    assert!(!d.allowed);
    assert!(!d.errors.is_empty());
    let d = authz().check(&principal(Admin), ManageAccounts, &Resource::Org { chain: cell_a1() });
    assert!(!d.allowed && !d.errors.is_empty(), "{d:?}");
}

#[test]
fn check_many_agrees_with_check() {
    let authz = authz();
    for role in Role::ALL {
        // One batch per role mixing every action and situation (same principal, can_write on);
        // same ids always come with the same chains, as check_many requires.
        let p = principal(role);
        let cases: Vec<(Action, Resource)> = Action::ALL
            .iter()
            .flat_map(|&a| {
                SITUATIONS
                    .iter()
                    .filter(|s| !matches!(s, Situation::ReadOnlyToken | Situation::ReadOnlyTokenSelf))
                    .map(move |&s| (a, case(role, a, s).1))
            })
            .collect();
        let batch: Vec<(Action, &Resource)> = cases.iter().map(|(a, r)| (*a, r)).collect();
        let many = authz.check_many(&p, &batch);
        assert_eq!(many.len(), batch.len());
        for ((action, resource), d) in batch.iter().zip(&many) {
            assert_eq!(d, &authz.check(&p, *action, resource), "{role:?} {action:?} {resource:?}");
        }
    }
    assert!(authz.check_many(&principal(Officer), &[]).is_empty());
}

/// Decisions on the system and on org subtrees are remembered per principal; asking again,
/// in any order and mixed with other principals, must give what a fresh evaluation gives.
#[test]
fn remembered_decisions_are_the_evaluated_ones() {
    let warm = Authz::new().unwrap();
    let all: Vec<(Principal, Action, Resource)> = EXPECTED
        .iter()
        .flat_map(|(action, role, _)| SITUATIONS.iter().map(move |s| (*action, *role, *s)))
        .map(|(action, role, s)| {
            let (p, r) = case(role, action, s);
            (p, action, r)
        })
        .collect();
    let first: Vec<Decision> = all.iter().map(|(p, a, r)| warm.check(p, *a, r)).collect();
    // Second pass in reverse order: system and org decisions now come from the memo.
    for ((p, a, r), before) in all.iter().zip(&first).rev() {
        assert_eq!(&warm.check(p, *a, r), before, "{a:?} {r:?} for {p:?}");
    }
    // The same menu question for two principals that differ only in scope.
    let mut inside = principal(Officer);
    inside.scope_chain = chain(&[DISTRICT_A, PROVINCE, ROOT]);
    let mut outside = inside.clone();
    outside.scope_chain = chain(&[DISTRICT_B, PROVINCE, ROOT]);
    let org = Resource::Org { chain: cell_a1() };
    for _ in 0..2 {
        assert!(warm.check(&inside, Action::BrowseOrgs, &org).allowed);
        assert!(!warm.check(&outside, Action::BrowseOrgs, &org).allowed);
    }
}

#[test]
fn secret_registers_need_a_clearance_and_items_their_level() {
    let org = Resource::Org { chain: cell_a1() };
    let uncleared = Principal { clearance: Clearance::None, ..principal(Officer) };
    assert!(!check(&uncleared, ListSecretRegisters, &org).allowed);
    assert!(!check(&uncleared, KeepSecretRegisters, &org).allowed);
    let read_only = Principal { can_write: false, ..principal(Officer) };
    assert_eq!(check(&read_only, KeepSecretRegisters, &org).reasons, ["read-only-token"]);
    assert!(check(&read_only, ListSecretRegisters, &org).allowed);
    let item = |level| Resource::SecretItem { id: SecretItemId(9), org_chain: cell_a1(), level };
    let officer = principal(Officer); // Tối mật
    assert!(check(&officer, ReadSecretItem, &item(Clearance::ToiMat)).allowed);
    assert!(!check(&officer, ReadSecretItem, &item(Clearance::TuyetMat)).allowed);
    let top = Principal { clearance: Clearance::TuyetMat, ..officer };
    assert_eq!(check(&top, ReadSecretItem, &item(Clearance::TuyetMat)).reasons, ["read-secret-item"]);
    // The item of another branch, whatever the clearance.
    let elsewhere = Resource::SecretItem {
        id: SecretItemId(9),
        org_chain: chain(&[DISTRICT_B, PROVINCE, ROOT]),
        level: Clearance::Mat,
    };
    assert!(!check(&top, ReadSecretItem, &elsewhere).allowed);
}
