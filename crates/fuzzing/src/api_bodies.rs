//! What a client sends the server besides files: the API's JSON body, query strings, the pages'
//! url-encoded forms with the value parsers every page uses, and the `next` of a login link.
//! The first byte picks which.

use axum::Json;
use axum::body::Body;
use axum::extract::{FromRequest, Query};
use axum::http::{Request, Uri, header};
use bvctnb_core::Declaration;
use bvctnb_web::api::orgs::ListParams;
use bvctnb_web::api::persons::{DeclarationIn, SearchParams};
use bvctnb_web::pages::fields::{self, Fields};

pub fn api_bodies(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else { return };
    match kind % 4 {
        0 => declaration_put(rest),
        1 => query(rest),
        2 => form(rest),
        _ => next(rest),
    }
}

/// `PUT /api/v1/persons/{id}/declaration`: the extractor refuses or hands over a body whose
/// declaration is then refused with explained fields or valid.
fn declaration_put(body: &[u8]) {
    let req = Request::builder()
        .method("PUT")
        .uri("/api/v1/persons/1/declaration")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_vec()))
        .expect("a request");
    let Ok(Json(d)) = crate::block_on(Json::<DeclarationIn>::from_request(req, &())) else { return };
    match Declaration::from_value(d.declaration).and_then(|d| d.validate().map(|()| d)) {
        Err(e) => crate::assert_explained(&e),
        Ok(d) => assert!(d.validate().is_ok()),
    }
}

fn query(q: &[u8]) {
    let Ok(q) = std::str::from_utf8(q) else { return };
    let Ok(uri) = format!("/api/v1/search?{q}").parse::<Uri>() else { return };
    if let Ok(Query(p)) = Query::<SearchParams>::try_from_uri(&uri) {
        let _ = (p.q.len(), p.birth_year, p.limit);
    }
    if let Ok(Query(p)) = Query::<ListParams>::try_from_uri(&uri) {
        let _ = p.limit;
    }
}

/// A page's form: every value parsed as each kind of field, refused with a message or read.
fn form(body: &[u8]) {
    let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body) else { return };
    let all: Fields = pairs.iter().cloned().collect();
    for k in all.keys() {
        assert_eq!(fields::get(&all, k), all[k].trim(), "a field's value is not kept as typed");
    }
    for (_, value) in pairs.into_iter().take(16) {
        let f: Fields = [("v".to_string(), value)].into();
        check(fields::date(&f, "v").map(|_| ()));
        check(fields::opt_date(&f, "v").map(|_| ()));
        check(fields::opt_person(&f, "v").map(|_| ()));
    }
}

fn check(r: Result<(), bvctnb_app::Error>) {
    if let Err(e) = r {
        assert!(!e.to_string().trim().is_empty(), "a field refused without a message");
    }
}

/// A `next` kept by the login page never leaves the site, however a browser reads it.
fn next(raw: &[u8]) {
    let Ok(s) = std::str::from_utf8(raw) else { return };
    let Some(kept) = bvctnb_web::pages::auth::safe_next(s) else { return };
    let base = url::Url::parse("https://bvctnb.example/login").expect("a base");
    let to = base.join(kept).unwrap_or_else(|e| panic!("a kept next is no URL: {kept:?}: {e}"));
    assert_eq!(to.host_str(), Some("bvctnb.example"), "next {kept:?} leaves the site: {to}");
    assert_eq!(to.scheme(), "https", "next {kept:?} changes the scheme");
    assert!(kept.parse::<axum::http::HeaderValue>().is_ok(), "next {kept:?} cannot be a Location header");
}
