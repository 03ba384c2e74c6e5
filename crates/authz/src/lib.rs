//! Need-to-know authorization (DOMAIN §2, ARCHITECTURE §3): cedar policies over role, org-subtree
//! scope, clearance and recusal.
//!
//! The policies and their schema live in `crates/authz/policies/` and are compiled into the binary.
//! [`Authz::new`] parses them and validates them against the schema in strict mode, so a policy
//! that names a missing attribute or compares a string with a number never reaches production.
//!
//! A check needs only a handful of entities: the user, the orgs of its scope chain, and the
//! resource with its org chain. The caller passes those chains (the store computes them, see
//! `bvctnb_store` scope queries); this crate never loads the organisation tree. Lists are
//! filtered in SQL by scope; cedar decides one object (or a short batch with [`Authz::check_many`]).

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use bvctnb_core::access::{Clearance, Role};
use bvctnb_core::ids::{AccountId, OrgId, PersonId, SecretItemId};
use cedar_policy::{
    ActionConstraint, Authorizer, Context, Entities, Entity, EntityId, EntityTypeName, EntityUid, PolicyId, PolicySet,
    Request, RestrictedExpression, Schema, ValidationMode, Validator,
};

mod action;
mod memo;

pub use action::{Action, ResourceKind};

const SCHEMA_TEXT: &str = include_str!("../policies/schema.cedarschema");
const POLICIES_TEXT: &str = include_str!("../policies/policies.cedar");

/// Validate request entities and requests against the schema on every check. Catches a
/// mismatch between this file and the schema in tests (debug builds); skipped in release builds,
/// where the entities built below are type-correct by construction and the check costs time.
const CHECK_REQUESTS_AGAINST_SCHEMA: bool = cfg!(debug_assertions);

/// The cedar schema source (for an admin "policies" page or documentation).
pub fn schema_text() -> &'static str {
    SCHEMA_TEXT
}

/// The cedar policy source.
pub fn policies_text() -> &'static str {
    POLICIES_TEXT
}

/// What the policies or schema got wrong; each variant lists every problem found.
#[derive(Debug, thiserror::Error)]
pub enum AuthzError {
    #[error("cedar schema does not parse: {0}")]
    Schema(String),
    #[error("cedar policies do not parse:\n{}", .0.join("\n"))]
    Parse(Vec<String>),
    #[error("cedar policies need a unique @id annotation:\n{}", .0.join("\n"))]
    Ids(Vec<String>),
    #[error("the schema does not declare these actions: {}", .0.join(", "))]
    MissingActions(Vec<String>),
    #[error("action groups are not supported (the per-action policy index matches action ids): {}", .0.join(", "))]
    ActionGroups(Vec<String>),
    #[error("cedar policies do not validate against the schema (strict mode):\n{}", .0.join("\n"))]
    Validation(Vec<String>),
}

/// Who asks: an account with its role, clearance, scope and recusals, as loaded for the session.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Principal {
    pub account: AccountId,
    pub role: Role,
    pub clearance: Clearance,
    /// The scope org followed by its ancestors up to the root; empty = no scope.
    pub scope_chain: Vec<OrgId>,
    /// The person this account belongs to, if any.
    pub person: Option<PersonId>,
    /// Persons whose dossiers this account must not handle (relatives, declared conflicts).
    pub recused: Vec<PersonId>,
    /// False for read-only API tokens.
    pub can_write: bool,
}

/// What is acted on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Resource {
    System,
    /// An org subtree: the org, then its ancestors to the root.
    Org {
        chain: Vec<OrgId>,
    },
    /// A person: the org that keeps the dossier followed by its ancestors, and the dossier's
    /// classification.
    Person {
        id: PersonId,
        org_chain: Vec<OrgId>,
        classification: Clearance,
    },
    /// A classified item: the org whose books hold it followed by its ancestors, and the
    /// clearance its level needs.
    SecretItem {
        id: SecretItemId,
        org_chain: Vec<OrgId>,
        level: Clearance,
    },
}

impl Resource {
    pub fn kind(&self) -> ResourceKind {
        match self {
            Resource::System => ResourceKind::System,
            Resource::Org { .. } => ResourceKind::Org,
            Resource::Person { .. } => ResourceKind::Person,
            Resource::SecretItem { .. } => ResourceKind::SecretItem,
        }
    }
}

/// The answer to one check.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decision {
    pub allowed: bool,
    /// The `@id`s of the policies that determined the decision: the permits that allowed it, or
    /// the forbids that refused it. Empty when refused because nothing permits it (default deny).
    pub reasons: Vec<String>,
    /// Problems while evaluating (a policy that errored is ignored, which can only deny), or a
    /// request that does not fit the schema (then refused). Empty in normal operation.
    pub errors: Vec<String>,
}

impl Decision {
    fn refused_with_error(error: String) -> Self {
        Decision { allowed: false, reasons: Vec::new(), errors: vec![error] }
    }
}

/// The compiled, validated policy set.
pub struct Authz {
    /// All policies, as validated.
    policies: PolicySet,
    /// For each [`Action`] (by index), the policies whose action constraint can match it. Cedar
    /// evaluates every policy of a set; a policy for another action is false without error, so
    /// leaving it out changes neither the decision nor the reasons, and halves the cost of a check.
    /// Exact because the schema has no action groups (checked in `new`).
    per_action: Vec<PolicySet>,
    schema: Schema,
    authorizer: Authorizer,
    user_type: EntityTypeName,
    org_type: EntityTypeName,
    person_type: EntityTypeName,
    secret_item_type: EntityTypeName,
    system_uid: EntityUid,
    action_uids: Vec<EntityUid>,
    memo: memo::Memo,
}

impl std::fmt::Debug for Authz {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authz").field("policies", &self.policies.policies().count()).finish_non_exhaustive()
    }
}

impl Authz {
    /// Parse the embedded schema and policies and validate the policies (strict mode).
    pub fn new() -> Result<Self, AuthzError> {
        Self::from_sources(SCHEMA_TEXT, POLICIES_TEXT)
    }

    fn from_sources(schema_src: &str, policies_src: &str) -> Result<Self, AuthzError> {
        let (schema, _warnings) =
            Schema::from_cedarschema_str(schema_src).map_err(|e| AuthzError::Schema(error_chain(&e)))?;

        let parsed = PolicySet::from_str(policies_src)
            .map_err(|errs| AuthzError::Parse(errs.iter().map(|e| error_chain(e)).collect()))?;

        // Re-key every policy by its @id so that decisions name policies, not "policy3".
        let mut policies = PolicySet::new();
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        for policy in parsed.policies() {
            match policy.annotation("id") {
                None => problems.push(format!("no @id on: {}", first_line(&policy.to_string()))),
                Some(id) if !seen.insert(id.to_owned()) => problems.push(format!("duplicate @id({id:?})")),
                Some(id) => {
                    if let Err(e) = policies.add(policy.new_id(PolicyId::new(id))) {
                        problems.push(format!("@id({id:?}): {}", error_chain(&e)));
                    }
                }
            }
        }
        if !problems.is_empty() {
            problems.sort();
            return Err(AuthzError::Ids(problems));
        }

        let declared: HashSet<String> = schema.actions().map(|uid| uid.id().unescaped().to_owned()).collect();
        let missing: Vec<String> =
            Action::ALL.iter().filter(|a| !declared.contains(a.id())).map(|a| a.id().to_owned()).collect();
        if !missing.is_empty() {
            return Err(AuthzError::MissingActions(missing));
        }

        let result = Validator::new(schema.clone()).validate(&policies, ValidationMode::Strict);
        let mut problems: Vec<String> = result
            .validation_errors()
            .map(|e| format!("error: {}", error_chain(e)))
            .chain(result.validation_warnings().map(|w| format!("warning: {}", error_chain(w))))
            .collect();
        if !problems.is_empty() {
            problems.sort();
            return Err(AuthzError::Validation(problems));
        }

        let groups: Vec<String> = schema.action_groups().map(|uid| uid.to_string()).collect();
        if !groups.is_empty() {
            return Err(AuthzError::ActionGroups(groups));
        }

        let type_name = |name: &str| EntityTypeName::from_str(name).expect("static entity type name");
        let action_type = type_name("Action");
        let action_uids: Vec<EntityUid> = Action::ALL
            .iter()
            .map(|a| EntityUid::from_type_name_and_id(action_type.clone(), EntityId::new(a.id())))
            .collect();
        let per_action = action_uids
            .iter()
            .map(|uid| {
                let mut set = PolicySet::new();
                for policy in policies.policies() {
                    let applies = match policy.action_constraint() {
                        ActionConstraint::Any => true,
                        ActionConstraint::Eq(a) => &a == uid,
                        ActionConstraint::In(list) => list.contains(uid),
                    };
                    if applies {
                        set.add(policy.clone()).expect("ids are unique in the full set");
                    }
                }
                set
            })
            .collect();
        Ok(Authz {
            policies,
            per_action,
            schema,
            authorizer: Authorizer::new(),
            user_type: type_name("User"),
            org_type: type_name("Org"),
            person_type: type_name("Person"),
            secret_item_type: type_name("SecretItem"),
            system_uid: EntityUid::from_type_name_and_id(type_name("System"), EntityId::new("system")),
            action_uids,
            memo: memo::Memo::default(),
        })
    }

    /// May `p` do `action` on `r`?
    pub fn check(&self, p: &Principal, action: Action, r: &Resource) -> Decision {
        self.check_many(p, &[(action, r)]).pop().unwrap_or_default()
    }

    /// Several checks for one principal (a page with several buttons, a short list of objects):
    /// the entity store is built once for the whole batch. The org and person chains given for
    /// the same id must agree across the batch (the first one seen is used).
    ///
    /// Decisions on the system and on org subtrees (a page's menu, a scoped list) are
    /// remembered per principal (`memo.rs`).
    pub fn check_many(&self, p: &Principal, checks: &[(Action, &Resource)]) -> Vec<Decision> {
        let mut out: Vec<Option<Decision>> = checks.iter().map(|(a, r)| self.memo.get(p, *a, r)).collect();
        let missing: Vec<(Action, &Resource)> =
            checks.iter().zip(&out).filter(|(_, d)| d.is_none()).map(|(c, _)| *c).collect();
        if !missing.is_empty() {
            let mut fresh = self.evaluate_many(p, &missing).into_iter();
            for (slot, (action, resource)) in out.iter_mut().zip(checks) {
                if slot.is_none() {
                    let d = fresh.next().unwrap_or_default();
                    self.memo.put(p, *action, resource, &d);
                    *slot = Some(d);
                }
            }
        }
        out.into_iter().map(Option::unwrap_or_default).collect()
    }

    fn evaluate_many(&self, p: &Principal, checks: &[(Action, &Resource)]) -> Vec<Decision> {
        let mut store = EntityBuf::default();
        let principal_uid = match self.add_principal(&mut store, p) {
            Ok(uid) => uid,
            Err(e) => return checks.iter().map(|_| Decision::refused_with_error(e.clone())).collect(),
        };
        let resource_uids: Vec<EntityUid> = checks.iter().map(|(_, r)| self.add_resource(&mut store, r)).collect();
        let entities = match Entities::from_entities(store.entities.into_values(), self.request_schema()) {
            Ok(entities) => entities,
            Err(e) => {
                let e = format!("entities: {}", error_chain(&e));
                return checks.iter().map(|_| Decision::refused_with_error(e.clone())).collect();
            }
        };
        checks
            .iter()
            .zip(resource_uids)
            .map(|((action, resource), resource_uid)| {
                self.decide(&entities, &principal_uid, *action, resource.kind(), resource_uid)
            })
            .collect()
    }

    fn decide(
        &self,
        entities: &Entities,
        principal: &EntityUid,
        action: Action,
        kind: ResourceKind,
        resource: EntityUid,
    ) -> Decision {
        if action.resource_kind() != kind {
            return Decision::refused_with_error(format!(
                "{} applies to {:?}, not {:?}",
                action.id(),
                action.resource_kind(),
                kind
            ));
        }
        let request = match Request::new(
            principal.clone(),
            self.action_uids[action.index()].clone(),
            resource,
            Context::empty(),
            self.request_schema(),
        ) {
            Ok(request) => request,
            Err(e) => return Decision::refused_with_error(format!("request: {}", error_chain(&e))),
        };
        let response = self.authorizer.is_authorized(&request, &self.per_action[action.index()], entities);
        let mut reasons: Vec<String> =
            response.diagnostics().reason().map(|id| AsRef::<str>::as_ref(id).to_owned()).collect();
        reasons.sort();
        Decision {
            allowed: response.decision() == cedar_policy::Decision::Allow,
            reasons,
            errors: response.diagnostics().errors().map(|e| error_chain(e)).collect(),
        }
    }

    fn request_schema(&self) -> Option<&Schema> {
        CHECK_REQUESTS_AGAINST_SCHEMA.then_some(&self.schema)
    }

    fn uid(&self, ty: &EntityTypeName, id: i64) -> EntityUid {
        EntityUid::from_type_name_and_id(ty.clone(), EntityId::new(id.to_string()))
    }

    fn add_principal(&self, store: &mut EntityBuf, p: &Principal) -> Result<EntityUid, String> {
        let uid = self.uid(&self.user_type, p.account.0);
        let mut attrs = HashMap::from([
            ("role".to_owned(), RestrictedExpression::new_string(p.role.code().to_owned())),
            ("clearance".to_owned(), RestrictedExpression::new_long(p.clearance.level())),
            ("can_write".to_owned(), RestrictedExpression::new_bool(p.can_write)),
            (
                "recused".to_owned(),
                RestrictedExpression::new_set(
                    p.recused.iter().map(|id| RestrictedExpression::new_entity_uid(self.uid(&self.person_type, id.0))),
                ),
            ),
        ]);
        if let Some(scope) = self.add_org_chain(store, &p.scope_chain) {
            attrs.insert("scope".to_owned(), RestrictedExpression::new_entity_uid(scope));
        }
        if let Some(person) = p.person {
            // A reference only: the Person entity itself is added if it is a resource of the batch.
            attrs.insert(
                "person".to_owned(),
                RestrictedExpression::new_entity_uid(self.uid(&self.person_type, person.0)),
            );
        }
        let entity =
            Entity::new(uid.clone(), attrs, HashSet::new()).map_err(|e| format!("user: {}", error_chain(&e)))?;
        store.insert(entity);
        Ok(uid)
    }

    /// Adds the orgs of `chain` (each the child of the next) and returns the first one.
    fn add_org_chain(&self, store: &mut EntityBuf, chain: &[OrgId]) -> Option<EntityUid> {
        let uids: Vec<EntityUid> = chain.iter().map(|id| self.uid(&self.org_type, id.0)).collect();
        for (i, uid) in uids.iter().enumerate() {
            if store.entities.contains_key(uid) {
                continue;
            }
            let parents = uids.get(i + 1).cloned().into_iter().collect();
            store.insert(Entity::new_no_attrs(uid.clone(), parents));
        }
        uids.into_iter().next()
    }

    fn add_resource(&self, store: &mut EntityBuf, r: &Resource) -> EntityUid {
        match r {
            Resource::System => {
                if !store.entities.contains_key(&self.system_uid) {
                    store.insert(Entity::new_no_attrs(self.system_uid.clone(), HashSet::new()));
                }
                self.system_uid.clone()
            }
            Resource::Org { chain } => match self.add_org_chain(store, chain) {
                Some(uid) => uid,
                // An org without an id cannot be in anyone's scope: a fresh, unknown org.
                None => self.uid(&self.org_type, i64::MIN),
            },
            Resource::Person { id, org_chain, classification } => {
                self.add_leaf(store, &self.person_type, id.0, org_chain, "classification", *classification)
            }
            Resource::SecretItem { id, org_chain, level } => {
                self.add_leaf(store, &self.secret_item_type, id.0, org_chain, "level", *level)
            }
        }
    }

    /// A resource placed under an org chain with one clearance-valued attribute.
    fn add_leaf(
        &self,
        store: &mut EntityBuf,
        ty: &EntityTypeName,
        id: i64,
        org_chain: &[OrgId],
        attr: &str,
        value: Clearance,
    ) -> EntityUid {
        let uid = self.uid(ty, id);
        if !store.entities.contains_key(&uid) {
            let parents = self.add_org_chain(store, org_chain).into_iter().collect();
            let attrs = HashMap::from([(attr.to_owned(), RestrictedExpression::new_long(value.level()))]);
            // Attributes are literals: Entity::new cannot fail on them.
            if let Ok(entity) = Entity::new(uid.clone(), attrs, parents) {
                store.insert(entity);
            }
        }
        uid
    }
}

/// The entities of one batch, deduplicated by uid (cedar refuses duplicates).
#[derive(Default)]
struct EntityBuf {
    entities: HashMap<EntityUid, Entity>,
}

impl EntityBuf {
    fn insert(&mut self, entity: Entity) {
        self.entities.entry(entity.uid()).or_insert(entity);
    }
}

/// An error with its sources, on one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

fn first_line(s: &str) -> String {
    s.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('@')).unwrap_or("").to_owned()
}

#[cfg(test)]
mod tests;
