//! Unit tests of policy loading and validation.
use super::*;

#[test]
fn embedded_policies_validate_against_schema() {
    let authz = Authz::new().unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<String> = authz.policies.policies().map(|p| p.id().to_string()).collect();
    assert!(ids.contains(&"recused".to_owned()), "{ids:?}");
}

#[test]
fn invalid_policy_is_rejected_with_a_list_of_problems() {
    let bad = format!(
        "{POLICIES_TEXT}\n@id(\"bad\")\npermit (principal is User, action == Action::\"ReadDossier\", \
         resource is Person) when {{ resource.clearance == \"x\" && principal.rank > 2 }};\n"
    );
    match Authz::from_sources(SCHEMA_TEXT, &bad) {
        Err(AuthzError::Validation(problems)) => {
            assert!(problems.len() >= 2, "{problems:?}");
            assert!(problems.iter().all(|p| p.contains("bad")), "{problems:?}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn policies_need_unique_ids() {
    let missing = format!("{POLICIES_TEXT}\npermit (principal, action, resource) when {{ false }};\n");
    assert!(matches!(Authz::from_sources(SCHEMA_TEXT, &missing), Err(AuthzError::Ids(_))));
    let dup = format!("{POLICIES_TEXT}\n@id(\"recused\")\nforbid (principal, action, resource);\n");
    assert!(matches!(Authz::from_sources(SCHEMA_TEXT, &dup), Err(AuthzError::Ids(_))));
}

#[test]
fn unparsable_sources_are_errors() {
    assert!(matches!(Authz::from_sources(SCHEMA_TEXT, "permit (principal"), Err(AuthzError::Parse(_))));
    assert!(matches!(Authz::from_sources("entity", POLICIES_TEXT), Err(AuthzError::Schema(_))));
}

#[test]
fn action_groups_are_refused() {
    let schema = format!(
        "{SCHEMA_TEXT}\naction Dossiers;\naction ReadArchive in [Dossiers] appliesTo {{ principal: User, resource: Person }};\n"
    );
    match Authz::from_sources(&schema, POLICIES_TEXT) {
        Err(AuthzError::ActionGroups(groups)) => assert_eq!(groups, [r#"Action::"Dossiers""#]),
        other => panic!("expected action groups error, got {other:?}"),
    }
}

/// The per-action index must give the same decisions and reasons as the full policy set.
#[test]
fn per_action_index_matches_full_policy_set() {
    let authz = Authz::new().unwrap();
    let chain = |ids: &[i64]| ids.iter().copied().map(OrgId).collect::<Vec<_>>();
    let resources = [
        Resource::System,
        Resource::Org { chain: chain(&[3, 2, 1]) },
        Resource::Org { chain: chain(&[4, 1]) },
        Resource::Person { id: PersonId(10), org_chain: chain(&[3, 2, 1]), classification: Clearance::Mat },
        Resource::Person { id: PersonId(11), org_chain: chain(&[3, 2, 1]), classification: Clearance::Mat },
        Resource::Person { id: PersonId(12), org_chain: chain(&[3, 2, 1]), classification: Clearance::Mat },
        Resource::Person { id: PersonId(13), org_chain: chain(&[4, 1]), classification: Clearance::None },
    ];
    let mut compared = 0;
    for role in Role::ALL {
        for can_write in [true, false] {
            let p = Principal {
                account: AccountId(1),
                role,
                clearance: Clearance::ToiMat,
                scope_chain: chain(&[2, 1]),
                person: Some(PersonId(11)),
                recused: vec![PersonId(12)],
                can_write,
            };
            let mut store = EntityBuf::default();
            let principal = authz.add_principal(&mut store, &p).unwrap();
            let uids: Vec<EntityUid> = resources.iter().map(|r| authz.add_resource(&mut store, r)).collect();
            let entities = Entities::from_entities(store.entities.into_values(), Some(&authz.schema)).unwrap();
            for action in Action::ALL {
                for (r, uid) in resources.iter().zip(&uids) {
                    if r.kind() != action.resource_kind() {
                        continue;
                    }
                    let request = Request::new(
                        principal.clone(),
                        authz.action_uids[action.index()].clone(),
                        uid.clone(),
                        Context::empty(),
                        Some(&authz.schema),
                    )
                    .unwrap();
                    let full = authz.authorizer.is_authorized(&request, &authz.policies, &entities);
                    let indexed =
                        authz.authorizer.is_authorized(&request, &authz.per_action[action.index()], &entities);
                    assert_eq!(full.decision(), indexed.decision(), "{role:?} {action:?} {r:?}");
                    let reasons = |resp: &cedar_policy::Response| {
                        let mut v: Vec<String> = resp.diagnostics().reason().map(|id| id.to_string()).collect();
                        v.sort();
                        v
                    };
                    assert_eq!(reasons(&full), reasons(&indexed), "{role:?} {action:?} {r:?}");
                    assert_eq!(full.diagnostics().errors().count(), 0);
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 300, "{compared}");
}

#[test]
fn every_rust_action_is_in_the_schema() {
    let schema = SCHEMA_TEXT.replace("ViewAudit", "ViewAuditTrail");
    let policies = POLICIES_TEXT.replace("ViewAudit", "ViewAuditTrail");
    match Authz::from_sources(&schema, &policies) {
        Err(AuthzError::MissingActions(missing)) => assert_eq!(missing, ["ViewAudit"]),
        other => panic!("expected missing actions, got {other:?}"),
    }
    for a in Action::ALL {
        assert_eq!(Action::from_id(a.id()), Some(a));
        assert_eq!(Action::ALL[a.index()], a);
    }
}
