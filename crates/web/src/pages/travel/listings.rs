//! The standard listings PL1–PL3 (DOMAIN §5.4) of the caller's scope, on a page and as
//! Excel or PDF. The caller's own dossier and their relatives' are left out in the query, so
//! no row, no count and no export ever carries them.

use crate::access::{Target, org_resource};
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::format::parse_date_vn;
use crate::pages::outcome::{Labels, error_text};
use crate::pages::{PageResult, User, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use bvctnb_app::audit::Outcome;
use bvctnb_app::documents::{self, Block, OfficialDoc, Signer};
use bvctnb_app::travel::TripFilter;
use bvctnb_app::travel::listings::Listing;
use bvctnb_authz::Action;
use bvctnb_core::ids::OrgId;
use bvctnb_core::travel::{TripKind, TripStage};
use chrono::Datelike;

/// Rows shown on the page; the exports go further, for a board's full paper.
const PAGE_LIMIT: usize = 2000;
const EXPORT_LIMIT: usize = 20000;

const CODES: [(&str, &str); 3] = [
    ("pl1", "PL1 · Đi nước ngoài"),
    ("pl2", "PL2 · Thân nhân ở nước ngoài"),
    ("pl3", "PL3 · Vấn đề chính trị, kỷ luật"),
];

#[derive(serde::Deserialize, Default, Clone)]
pub struct Params {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    kind: String,
    /// PL1: empty for the trips allowed to go, `all`, or one stage's code.
    #[serde(default)]
    status: String,
    #[serde(default)]
    format: String,
    /// A unit inside the caller's scope; empty for the whole scope.
    #[serde(default)]
    org: String,
}

impl Params {
    /// The filters that apply to `code`, as typed, for links and the export's query string.
    fn query(&self, code: &str) -> String {
        let mut pairs: Vec<(&str, &str)> = vec![("org", self.org.trim())];
        if code == "pl1" {
            pairs.extend([
                ("from", self.from.trim()),
                ("to", self.to.trim()),
                ("kind", self.kind.trim()),
                ("status", self.status.trim()),
            ]);
        }
        if code != "pl3" {
            pairs.push(("country", self.country.trim()));
        }
        pairs.retain(|(_, v)| !v.is_empty());
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// The listing's code from the path, or 404 for anything else.
fn code_of(path: &str) -> Result<&'static str, WebError> {
    CODES.iter().map(|(c, _)| *c).find(|c| c.eq_ignore_ascii_case(path)).ok_or_else(|| WebError::not_found("danh sách"))
}

fn invalid(field: &'static str, message: String) -> WebError {
    bvctnb_app::Error::invalid(field, message).into()
}

/// The unit the listing covers: the caller's scope, or a unit picked in the filter. A unit
/// outside the scope is refused afterwards by the same cedar check as the scope itself.
fn unit_of(st: &AppState, scope: OrgId, p: &Params) -> Result<OrgId, WebError> {
    match p.org.trim() {
        "" => Ok(scope),
        t => t
            .parse::<i64>()
            .ok()
            .map(OrgId)
            .filter(|o| st.app.tree().get(*o).is_some())
            .ok_or_else(|| WebError::BadRequest(format!("Đơn vị: «{t}» không phải mã một tổ chức"))),
    }
}

/// The unit filter's choices: the path from the scope down to the unit shown, then the
/// unit's own subdivisions, so an officer drills down one level at a time.
fn unit_choices(st: &AppState, scope: OrgId, unit: OrgId) -> Vec<(i64, String)> {
    let tree = st.app.tree();
    let mut path: Vec<OrgId> = tree.ancestors(unit);
    if let Some(i) = path.iter().position(|o| *o == scope) {
        path.truncate(i + 1);
    }
    path.reverse();
    let depth = path.len();
    let name = |o: &OrgId| tree.get(*o).map(|n| n.name.clone()).unwrap_or_default();
    let mut out: Vec<(i64, String)> =
        path.iter().enumerate().map(|(i, o)| (o.0, format!("{}{}", "· ".repeat(i), name(o)))).collect();
    let mut children: Vec<(i64, String)> = tree
        .children(unit)
        .iter()
        .filter(|o| tree.get(**o).is_some_and(|n| n.is_active()))
        .map(|o| (o.0, name(o)))
        .collect();
    children.sort_by(|a, b| bvctnb_core::text::vi_natural_cmp(&a.1, &b.1));
    out.extend(children.into_iter().map(|(id, n)| (id, format!("{}{n}", "· ".repeat(depth)))));
    out
}

/// The period and kind filters of PL1, checked; an unreadable value names the field and
/// repeats what was typed.
fn trip_filter(p: &Params, exclude: Vec<bvctnb_core::ids::PersonId>) -> Result<TripFilter, WebError> {
    let day = |v: &str, field: &'static str| -> Result<Option<String>, WebError> {
        match v.trim() {
            "" => Ok(None),
            t => parse_date_vn(t)
                .map(|d| Some(d.to_string()))
                .ok_or_else(|| invalid(field, format!("«{t}» không phải ngày dạng dd/mm/yyyy"))),
        }
    };
    let from = day(&p.from, "from")?;
    let to = day(&p.to, "to")?;
    if from.as_ref().zip(to.as_ref()).is_some_and(|(f, t)| f > t) {
        return Err(invalid("to", format!("«{}» trước ngày bắt đầu «{}»", p.to.trim(), p.from.trim())));
    }
    let kind = match p.kind.trim() {
        "" => None,
        k => Some(TripKind::from_code(k).ok_or_else(|| invalid("kind", format!("«{k}» không phải loại chuyến đi")))?),
    };
    let stages = match p.status.trim() {
        "" => TripStage::ALLOWED.to_vec(),
        ALL_STAGES => Vec::new(),
        s => {
            vec![TripStage::from_code(s).ok_or_else(|| invalid("status", format!("«{s}» không phải một tình trạng")))?]
        }
    };
    let country = Some(p.country.trim().to_string()).filter(|c| !c.is_empty());
    Ok(TripFilter { kind, stages, from, to, country, exclude, ..TripFilter::default() })
}

/// The `status` of PL1 that lists every trip request, whatever became of it.
const ALL_STAGES: &str = "all";

/// PL1's status choices: `(value, label)`, the default first.
fn status_choices() -> Vec<(&'static str, &'static str)> {
    let mut out = vec![("", "Được đồng ý, đã đi, đã về"), (ALL_STAGES, "Mọi tình trạng (kể cả đơn huỷ, không đồng ý)")];
    out.extend(TripStage::ALL.iter().map(|s| (s.code(), s.label())));
    out
}

/// What the filters say, in words, for the page, the sheet and the paper.
fn filter_text(code: &str, p: &Params) -> String {
    let mut parts = Vec::new();
    if code == "pl1" {
        if !p.from.trim().is_empty() {
            parts.push(format!("từ ngày {}", p.from.trim()));
        }
        if !p.to.trim().is_empty() {
            parts.push(format!("đến ngày {}", p.to.trim()));
        }
        if let Some(k) = TripKind::from_code(p.kind.trim()) {
            parts.push(k.label().to_lowercase());
        }
        parts.push(match p.status.trim() {
            "" => "chuyến đi được đồng ý, đã đi, đã về".to_string(),
            ALL_STAGES => "mọi tình trạng".to_string(),
            s => TripStage::from_code(s).map_or_else(|| s.to_string(), |t| format!("tình trạng: {}", t.label())),
        });
    }
    if code != "pl3" && !p.country.trim().is_empty() {
        parts.push(format!("nước: {}", p.country.trim()));
    }
    if parts.is_empty() { "Không lọc".into() } else { format!("Lọc: {}", parts.join("; ")) }
}

/// Builds the listing of the caller's scope after the scope check; the audit entry is the
/// caller's to write once the outcome is known.
async fn build(
    st: &AppState,
    u: &User,
    code: &'static str,
    p: &Params,
    limit: usize,
    audit_as: &'static str,
) -> Result<(OrgId, Result<Listing, WebError>), WebError> {
    let a = &u.access;
    let scope = unit_of(st, a.scope().ok_or_else(WebError::forbidden)?, p)?;
    a.require(st, Action::ListCases, &org_resource(st, scope), &Target::org(audit_as, scope)).await?;
    let app = &st.app;
    let hidden = a.hidden_persons();
    let country = Some(p.country.trim()).filter(|c| !c.is_empty());
    let listing = match code {
        "pl1" => match trip_filter(p, hidden) {
            Ok(f) => app.pl1(scope, &f, limit).await.map_err(WebError::from),
            Err(e) => Err(e),
        },
        "pl2" => app.pl2(scope, country, &hidden, limit).await.map_err(WebError::from),
        _ => app.pl3(scope, &hidden, limit).await.map_err(WebError::from),
    };
    Ok((scope, listing))
}

/// The labels of the listing filters.
const LABELS: Labels = Labels(&[
    ("from", "Từ ngày"),
    ("to", "Đến ngày"),
    ("kind", "Loại chuyến đi"),
    ("status", "Tình trạng"),
    ("country", "Nước"),
]);

fn scope_name(st: &AppState, scope: OrgId) -> String {
    st.app.tree().get(scope).map(|n| n.name.clone()).unwrap_or_default()
}

pub struct Row {
    pub person_id: i64,
    pub cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "travel/listing.html")]
struct ListingPage {
    c: Chrome,
    code: &'static str,
    tabs: Vec<(&'static str, &'static str)>,
    title: String,
    scope: String,
    filter: String,
    columns: Vec<&'static str>,
    rows: Vec<Row>,
    truncated: bool,
    limit: usize,
    query: String,
    from: String,
    to: String,
    country: String,
    kind: String,
    kinds: Vec<(&'static str, &'static str)>,
    status: String,
    statuses: Vec<(&'static str, &'static str)>,
    org: i64,
    units: Vec<(i64, String)>,
    error: String,
}

pub async fn show(
    State(st): State<AppState>,
    u: User,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> PageResult {
    let code = code_of(&code)?;
    let (scope, listing) = build(&st, &u, code, &p, PAGE_LIMIT, "listing.read").await?;
    let target = Target::org("listing.read", scope);
    let filter = filter_text(code, &p);
    let (listing, error, status) = match listing {
        Ok(l) => {
            let detail = format!("{}: {} dòng; {filter}", l.code, l.rows.len());
            u.access.record(&st, &target, Outcome::Ok, &detail).await?;
            (Some(l), String::new(), axum::http::StatusCode::OK)
        }
        Err(e) => {
            let message = error_text(&e, &LABELS, None);
            u.access.record(&st, &target, Outcome::Failed, &format!("{code}: {message}")).await?;
            (None, message, e.status())
        }
    };
    let title = listing.as_ref().map_or_else(|| code.to_uppercase(), |l| format!("{}: {}", l.code, l.title));
    let units = u.access.scope().map(|s| unit_choices(&st, s, scope)).unwrap_or_default();
    let page = ListingPage {
        c: u.chrome(&st, title.clone(), "/trips"),
        code,
        tabs: CODES.to_vec(),
        title,
        scope: scope_name(&st, scope),
        filter,
        columns: listing.as_ref().map(|l| l.columns.clone()).unwrap_or_default(),
        truncated: listing.as_ref().is_some_and(|l| l.truncated),
        rows: listing
            .map(|l| l.rows.into_iter().map(|(id, cells)| Row { person_id: id.0, cells }).collect())
            .unwrap_or_default(),
        limit: PAGE_LIMIT,
        query: p.query(code),
        from: p.from,
        to: p.to,
        country: p.country,
        kind: p.kind,
        kinds: TripKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        status: p.status,
        statuses: status_choices(),
        org: scope.0,
        units,
        error,
    };
    Ok((status, render(&page)).into_response())
}

/// `?format=xlsx` (default) or `?format=pdf`, with the page's filters.
pub async fn export(
    State(st): State<AppState>,
    u: User,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> PageResult {
    let code = code_of(&code)?;
    let format = match p.format.as_str() {
        "" | "xlsx" => "xlsx",
        "pdf" => "pdf",
        other => return Err(WebError::BadRequest(format!("Định dạng: «{other}»: chỉ xuất được xlsx hoặc pdf")).into()),
    };
    let a = &u.access;
    let own_scope = a.scope().ok_or_else(WebError::forbidden)?;
    let scope = unit_of(&st, own_scope, &p)?;
    let target = Target::org("listing.export", scope);
    // A download leaves the system: exporting person lists is a right of its own (not the
    // cell secretary's), on top of seeing the listing.
    a.require(&st, Action::ExportPersons, &org_resource(&st, scope), &target).await?;
    let (_, listing) = build(&st, &u, code, &p, EXPORT_LIMIT, "listing.export").await?;
    let filter = filter_text(code, &p);
    let listing = match listing {
        Ok(l) => l,
        Err(e) => {
            let message = error_text(&e, &LABELS, None);
            a.record(&st, &target, Outcome::Failed, &format!("{code} {format}: {message}")).await?;
            // The download has no form to come back to: the message itself is the page.
            return Err(if matches!(e, WebError::Invalid(_)) { WebError::BadRequest(message) } else { e }.into());
        }
    };
    let scope_label = scope_name(&st, scope);
    let rows = listing.rows.len();
    let bytes = if format == "xlsx" {
        let (l, s, f) = (listing, scope_label.clone(), filter.clone());
        tokio::task::spawn_blocking(move || bvctnb_app::travel::listings::listing_xlsx(&l, &s, &f))
            .await
            .map_err(WebError::internal)?
            .map_err(WebError::internal)?
    } else {
        // Issued by the caller's board, whatever unit it covers.
        let doc = paper(&st, &u, own_scope, &listing, &scope_label, &filter);
        documents::official(doc, documents::Format::Pdf).await?
    };
    a.record(&st, &target, Outcome::Ok, &format!("{} {format}: {rows} dòng; {filter}", code.to_uppercase())).await?;
    let mime = if format == "xlsx" {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "application/pdf"
    };
    let disposition = format!("attachment; filename=\"{code}-{}.{format}\"", ascii_slug(&scope_label));
    Ok(([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}

/// The listing as a paper issued in the scope's name and signed by whoever made it.
fn paper(st: &AppState, u: &User, scope: OrgId, l: &Listing, scope_label: &str, filter: &str) -> OfficialDoc {
    let (parent_body, issuing_body, place) = st.app.letterhead(scope);
    let today = st.today();
    let mut headers = vec!["STT".to_string()];
    headers.extend(l.columns.iter().map(|c| c.to_string()));
    // A wide table squeezes its columns: a zero-width space after a slash lets a decision
    // number ("15-QĐ/ĐU") wrap inside its cell; a slash before a digit is a date's and the
    // date stays whole.
    let breakable = |c: &String| {
        let mut out = String::with_capacity(c.len());
        let mut chars = c.chars().peekable();
        while let Some(ch) = chars.next() {
            out.push(ch);
            if ch == '/' && chars.peek().is_some_and(|n| !n.is_ascii_digit()) {
                out.push('\u{200B}');
            }
        }
        out
    };
    let rows = l
        .rows
        .iter()
        .enumerate()
        .map(|(i, (_, cells))| std::iter::once((i + 1).to_string()).chain(cells.iter().map(breakable)).collect())
        .collect();
    // Beyond this many columns a portrait page leaves each under 2 cm.
    let landscape = headers.len() > 8;
    let mut blocks = vec![Block::Paragraph(format!(
        "Phạm vi: {scope_label}. {filter}. Tổng số: {} dòng (lập ngày {}).",
        l.rows.len(),
        today.format("%d/%m/%Y")
    ))];
    blocks.push(Block::Table { headers, rows });
    if l.truncated {
        blocks.push(Block::Paragraph("Danh sách bị cắt bớt: thu hẹp phạm vi hoặc bộ lọc để có đủ.".into()));
    }
    OfficialDoc {
        parent_body,
        issuing_body,
        number: format!("{}/{}-DS", l.code, today.year()),
        // The root of the tree has no province to take a place name from.
        place: if place.is_empty() { scope_label.to_string() } else { place },
        date: today,
        title: Some(l.title.to_uppercase()),
        subject: String::new(),
        addressees: Vec::new(),
        blocks,
        recipients: vec!["Lưu hồ sơ.".into()],
        signer: Signer {
            on_behalf: String::new(),
            position: "NGƯỜI LẬP BIỂU".into(),
            name: u.access.caller.account.display_name.clone(),
        },
        classification: st.app.paper_grade(bvctnb_core::secret::PaperKind::TripListing, today),
        register_line: None,
        landscape,
    }
}

/// "Đảng bộ tỉnh Đồng Nai" → "dang-bo-tinh-dong-nai", for a file name every browser keeps.
fn ascii_slug(s: &str) -> String {
    let folded = bvctnb_core::text::fold(s);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "pham-vi".into() } else { out }
}
