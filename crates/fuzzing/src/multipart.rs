//! A multipart form with files (answers, explanations, trip papers), read as every such page
//! reads it, and each file's name and type as they would be kept.

use axum::body::Body;
use axum::extract::{FromRequest, Multipart};
use axum::http::{Request, header};
use bvctnb_app::files::{clean_file_name, served_as, sniff};

const BOUNDARY: &str = "fuzzBOUNDARY";

/// The form is refused or read; every file name it carries is kept without a path, control or
/// bidi characters, hidden-file dot or more than 120 characters, and its type comes from its bytes.
pub fn multipart(data: &[u8]) {
    let req = Request::builder()
        .method("POST")
        .uri("/me/trips")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(data.to_vec()))
        .expect("a request");
    let read = crate::block_on(async {
        let mp = Multipart::from_request(req, &()).await.ok()?;
        bvctnb_web::pages::fields::read_multipart(mp, "member").await.ok()
    });
    let Some((_fields, files)) = read else { return };
    for f in files {
        let kept = clean_file_name(&f.file_name);
        assert!(!kept.is_empty(), "an empty kept name");
        assert!(kept.chars().count() <= 120, "a kept name over 120 characters: {kept:?}");
        assert!(!kept.starts_with('.'), "a kept name hides the file: {kept:?}");
        assert!(!kept.contains(['/', '\\']), "a kept name keeps a path: {kept:?}");
        assert!(
            !kept.chars().any(|c| c.is_control()
                || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
            "a kept name keeps a disguising character: {kept:?}"
        );
        assert_eq!(kept, clean_file_name(&kept), "cleaning a kept name changes it");
        let t = sniff(&f.content);
        assert_eq!(served_as(t), t, "a sniffed type is not one a file may be served as");
    }
}
