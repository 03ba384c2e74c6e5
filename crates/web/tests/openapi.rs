//! `docs/openapi.json` is generated from the code; this fails when it is out of date.
//! Regenerate with `BVCTNB_UPDATE_OPENAPI=1 cargo test -p bvctnb-web --test openapi`.

use utoipa::OpenApi;

#[test]
fn committed_openapi_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let generated = bvctnb_web::api::ApiDoc::openapi().to_pretty_json().unwrap() + "\n";
    if std::env::var_os("BVCTNB_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json is out of date: run BVCTNB_UPDATE_OPENAPI=1 cargo test -p bvctnb-web --test openapi"
    );
}

#[test]
fn every_api_path_is_documented() {
    let doc = bvctnb_web::api::ApiDoc::openapi();
    let documented: Vec<&String> = doc.paths.paths.keys().collect();
    // The routes of `api::routes()`, with the `/api/v1` prefix (openapi.json itself excluded).
    for p in [
        "/api/v1/me",
        "/api/v1/me/dossier",
        "/api/v1/search",
        "/api/v1/persons/{id}",
        "/api/v1/persons/{id}/declaration",
        "/api/v1/persons/{id}/versions",
        "/api/v1/persons/{id}/versions/{version}/changes",
        "/api/v1/orgs/{id}",
        "/api/v1/orgs/{id}/persons",
        "/api/v1/orgs/{id}/export",
        "/api/v1/audit",
        "/api/v1/accounts",
        "/api/v1/cases/{id}",
        "/api/v1/orgs/{id}/cases",
        "/api/v1/me/cases",
    ] {
        assert!(documented.iter().any(|d| d.as_str() == p), "{p} is not in the OpenAPI document");
    }
}
