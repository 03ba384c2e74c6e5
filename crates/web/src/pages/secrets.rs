//! The secret registers (DOMAIN §6): an organisation's books, one book page by page with its
//! cover, one item, and the forms that keep them (register an item, cancel a line, close a
//! book). Listing needs ListSecretRegisters on the organisation; a line's content is shown only
//! to a reader cleared for its level (the app withholds it); an item's page needs
//! ReadSecretItem. Every read is audited, and every page that shows classified content carries
//! the highest level shown at its top and bottom.

use crate::access::{Target, org_resource};
use crate::error::WebError;
use crate::pages::fields::{Fields, get, opt_date};
use crate::pages::outcome::{Labels, Post};
use crate::pages::refusal::Refusal;
use crate::pages::{PageResult, User, render};
use crate::reads::cases::actor;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use bvctnb_app::Error as AppError;
use bvctnb_app::audit::Outcome;
use bvctnb_app::cases::dmy;
use bvctnb_app::secrets::{BookPage, BookRow, ItemInput, cell};
use bvctnb_authz::Action;
use bvctnb_core::ids::{OrgId, SecretBookId};
use bvctnb_core::secret::{ItemOrigin, SecretLevel};
use chrono::NaiveDate;
use serde::Deserialize;

const LABELS: Labels = Labels(&[
    ("origin", "Tài liệu đi hay đến"),
    ("level", "Độ mật"),
    ("number_symbol", "Số, ký hiệu"),
    ("doc_date", "Ngày của tài liệu"),
    ("issuer", "Cơ quan ban hành"),
    ("doc_type", "Tên loại"),
    ("summary", "Trích yếu nội dung"),
    ("classifier", "Người xác định độ mật"),
    ("signer", "Người ký"),
    ("period_years", "Thời hạn bảo vệ (năm)"),
    ("period_reason", "Lý do thời hạn ngắn hơn"),
    ("copies_issued", "Số bản"),
    ("entered_on", "Ngày vào sổ"),
    ("arrival_number", "Số đến"),
    ("counterpart", "Nơi nhận / nơi gửi"),
    ("receipt", "Ký nhận"),
    ("unit", "Đơn vị, người lưu giữ"),
    ("note", "Ghi chú"),
    ("serial", "Số thứ tự"),
    ("reason", "Lý do huỷ"),
    ("named_to", "Người có tên được bóc bì"),
]);

#[derive(Deserialize, Default)]
pub struct At {
    org: Option<OrgId>,
    from: Option<i64>,
}

pub struct BookLine {
    pub id: i64,
    pub title: String,
    pub year: i32,
    pub number: i64,
    pub lines: i64,
    pub dates: String,
    pub closed: String,
}

#[derive(Template)]
#[template(path = "secrets/index.html")]
struct IndexPage {
    c: crate::chrome::Chrome,
    org_id: i64,
    org_name: String,
    books: Vec<BookLine>,
    /// Items of the subtree out past their day: the item, what may be shown of it, the day due.
    overdue: Vec<(i64, String, String)>,
    /// Items whose period ends soon (or just ended), and re-gradings not yet told: same shape.
    ending: Vec<(i64, String, String)>,
    notices_due: Vec<(i64, String, String)>,
    keep: bool,
    levels: Vec<(&'static str, &'static str)>,
    origins: Vec<(&'static str, &'static str)>,
    today: String,
    rf: Refusal,
}

fn book_line(b: &BookRow) -> BookLine {
    let dates = match (&b.first_date, &b.last_date) {
        (Some(f), Some(l)) => format!("{} – {}", dmy(f), dmy(l)),
        _ => "chưa có dòng nào".into(),
    };
    BookLine {
        id: b.id.0,
        title: b.kind.label().to_string(),
        year: b.year,
        number: b.book_number,
        lines: b.last_serial,
        dates,
        closed: b.closed_on.as_deref().map(dmy).unwrap_or_default(),
    }
}

/// The organisation asked for, else the caller's scope; ListSecretRegisters required (audited).
async fn org_listed(st: &AppState, u: &User, org: Option<OrgId>, audit_as: &str) -> Result<(OrgId, bool), WebError> {
    let a = &u.access;
    let org = org.or(a.scope()).ok_or_else(WebError::forbidden)?;
    let also = [Action::KeepSecretRegisters];
    let (r, target) = (org_resource(st, org), Target::org(audit_as, org));
    let d = a.require_and(st, Action::ListSecretRegisters, &r, &target, &also).await?;
    Ok((org, d[0]))
}

async fn index_page(st: &AppState, u: &User, org: Option<OrgId>, rf: Refusal) -> PageResult {
    let (org, keep) = org_listed(st, u, org, "secret.books").await?;
    let books = st.app.secret_books(org).await?;
    let clearance = u.access.principal.clearance;
    let overdue = st
        .app
        .overdue_secret_takeouts(org, 50)
        .await?
        .iter()
        .map(|t| {
            let what = match t.level.readable_with(clearance) {
                true => format!("{} — {}", t.number_symbol, t.destination),
                false => format!("{} ({})", bvctnb_core::secret::WITHHELD, t.level.label()),
            };
            (t.item_id.0, what, dmy(&t.due_back))
        })
        .collect();
    let shown = |i: &bvctnb_app::secrets::SecretItemRow, day: &str| {
        let what = match i.level.readable_with(clearance) {
            true => format!("{} số {} ({})", i.doc_type, i.number_symbol, i.level.label()),
            false => format!("{} ({})", bvctnb_core::secret::WITHHELD, i.level.label()),
        };
        (i.id.0, what, dmy(day))
    };
    let ending = st.app.secret_periods_ending(org, 50).await?.iter().map(|i| shown(i, &i.period_end)).collect();
    let notices_due = st
        .app
        .secret_regrade_notices_due(org, 50)
        .await?
        .iter()
        .map(|i| shown(i, i.notify_due.as_deref().unwrap_or_default()))
        .collect();
    u.access.record(st, &Target::org("secret.books", org), Outcome::Ok, "").await?;
    let page = IndexPage {
        c: u.chrome(st, "Sổ đăng ký bí mật nhà nước", "/secrets"),
        org_id: org.0,
        org_name: st.app.tree().get(org).map(|n| n.name.clone()).unwrap_or_default(),
        books: books.iter().map(book_line).collect(),
        overdue,
        ending,
        notices_due,
        keep,
        levels: SecretLevel::ALL.iter().map(|l| (l.code(), l.label())).collect(),
        origins: ItemOrigin::ALL.iter().map(|o| (o.code(), o.label())).collect(),
        today: st.today().format("%d/%m/%Y").to_string(),
        rf,
    };
    Ok(render(&page))
}

pub async fn index(State(st): State<AppState>, u: User, Query(at): Query<At>) -> PageResult {
    index_page(&st, &u, at.org, Refusal::default()).await
}

pub(super) fn opt_number(f: &Fields, k: &'static str) -> Result<Option<u32>, AppError> {
    match get(f, k).trim() {
        "" => Ok(None),
        v => v.parse().map(Some).map_err(|_| AppError::invalid(k, "ghi một số nguyên dương")),
    }
}

pub(super) fn choice<T>(
    f: &Fields,
    k: &'static str,
    from: fn(&str) -> Option<T>,
    what: &str,
) -> Result<Option<T>, AppError> {
    match get(f, k).trim() {
        "" => Ok(None),
        v => from(v).map(Some).ok_or_else(|| AppError::invalid(k, format!("chọn {what} trong danh sách"))),
    }
}

fn item_input(f: &Fields) -> Result<ItemInput, AppError> {
    Ok(ItemInput {
        origin: choice(f, "origin", ItemOrigin::from_code, "tài liệu đi hay đến")?,
        number_symbol: get(f, "number_symbol"),
        doc_date: opt_date(f, "doc_date")?,
        issuer: get(f, "issuer"),
        doc_type: get(f, "doc_type"),
        summary: get(f, "summary"),
        summary_consent: f.contains_key("summary_consent"),
        level: choice(f, "level", SecretLevel::from_code, "độ mật")?,
        classifier: get(f, "classifier"),
        signer: get(f, "signer"),
        period_years: opt_number(f, "period_years")?,
        period_reason: get(f, "period_reason"),
        copies_issued: opt_number(f, "copies_issued")?,
        entered_on: opt_date(f, "entered_on")?,
        arrival_number: get(f, "arrival_number"),
        counterpart: get(f, "counterpart"),
        receipt: get(f, "receipt"),
        unit: get(f, "unit"),
        note: get(f, "note"),
        named_to: get(f, "named_to"),
    })
}

pub async fn register(State(st): State<AppState>, u: User, Form(f): Form<Fields>) -> PageResult {
    let org = get(&f, "org").parse::<OrgId>().ok().or(u.access.scope()).ok_or_else(WebError::forbidden)?;
    let target = Target::new_record("secret.register", "secret_item", None);
    u.access
        .require(&st, Action::KeepSecretRegisters, &org_resource(&st, org), &Target::org("secret.register", org))
        .await?;
    let write = async { st.app.register_secret_item(&actor(&u.access), org, item_input(&f)?).await };
    let detail = format!("{}: {}", get(&f, "level"), get(&f, "number_symbol"));
    let post = Post { st: &st, access: &u.access, target, labels: &LABELS, echo: true, form: "register" };
    post.finish(
        f.clone(),
        &detail,
        write,
        // The page of the book that holds the new line.
        |r| {
            let from = (r.serial - 1) / bvctnb_app::secrets::PAGE * bvctnb_app::secrets::PAGE + 1;
            format!("/secrets/books/{}?from={from}#s-{}", r.book, r.serial)
        },
        async |r| index_page(&st, &u, Some(org), r).await,
    )
    .await
}

pub struct Row {
    pub serial: i64,
    pub cells: Vec<String>,
    pub item: Option<i64>,
    pub withheld: bool,
    pub cancelled: bool,
}

#[derive(Template)]
#[template(path = "secrets/book.html")]
struct BookView {
    c: crate::chrome::Chrome,
    book: BookLine,
    kind_title: String,
    parent_name: String,
    org_id: i64,
    org_name: String,
    first_serial: String,
    last_serial: String,
    headings: Vec<String>,
    rows: Vec<Row>,
    /// The highest level shown, for the banner at the top and the bottom; empty when none.
    banner: String,
    next_from: Option<i64>,
    keep: bool,
    open: bool,
    rf: Refusal,
}

async fn book_page(st: &AppState, u: &User, id: SecretBookId, from: i64, rf: Refusal) -> PageResult {
    let book = st.app.secret_book(id).await?;
    let (org, keep) = org_listed(st, u, Some(book.org_id), "secret.book.read").await?;
    let clearance = u.access.principal.clearance;
    let BookPage { book, entries, highest, next_from } = st.app.secret_book_page(book, from, clearance).await?;
    let on = NaiveDate::from_ymd_opt(book.year, 12, 31).unwrap_or(st.today()).min(st.today());
    let rules = st.app.secret_rules();
    let form = rules.register(book.kind, on);
    let rows: Vec<Row> = entries
        .iter()
        .map(|e| Row {
            serial: e.row.serial,
            cells: form.columns.iter().map(|c| cell(e, c.0, rules)).collect(),
            item: e.row.item.as_ref().filter(|_| !e.withheld).map(|i| i.id.0),
            withheld: e.withheld,
            cancelled: e.row.cancelled_on.is_some(),
        })
        .collect();
    let shown = rows.first().map(|r| r.serial).zip(rows.last().map(|r| r.serial));
    let detail = shown.map(|(a, b)| format!("dòng {a}–{b}")).unwrap_or_default();
    let target = Target::plain("secret.book.read", "secret_book", id.to_string());
    u.access.record(st, &target, Outcome::Ok, &detail).await?;
    let tree = st.app.tree();
    let node = tree.get(org);
    let page = BookView {
        c: u.chrome(st, form.title.clone(), "/secrets"),
        kind_title: form.title.clone(),
        parent_name: node.and_then(|n| n.parent).and_then(|p| tree.get(p)).map(|n| n.name.clone()).unwrap_or_default(),
        org_id: org.0,
        org_name: node.map(|n| n.name.clone()).unwrap_or_default(),
        first_serial: if book.last_serial > 0 { "01".into() } else { String::new() },
        last_serial: if book.last_serial > 0 { format!("{:02}", book.last_serial) } else { String::new() },
        open: book.closed_on.is_none(),
        book: book_line(&book),
        headings: form.columns.iter().map(|c| c.1.clone()).collect(),
        rows,
        banner: highest.map(|l| l.mark()).unwrap_or_default(),
        next_from,
        keep,
        rf,
    };
    Ok(render(&page))
}

pub async fn book(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<SecretBookId>,
    Query(at): Query<At>,
) -> PageResult {
    book_page(&st, &u, id, at.from.unwrap_or(1), Refusal::default()).await
}

/// A write on a book: KeepSecretRegisters on its organisation, then back to the book.
async fn book_write(
    st: &AppState,
    u: &User,
    id: SecretBookId,
    action: &'static str,
    form: &'static str,
    f: Fields,
    write: impl Future<Output = Result<(), AppError>>,
) -> PageResult {
    let book = st.app.secret_book(id).await?;
    let target = Target::plain(action, "secret_book", id.to_string());
    u.access.require(st, Action::KeepSecretRegisters, &org_resource(st, book.org_id), &target).await?;
    let detail = match get(&f, "serial") {
        s if s.is_empty() => String::new(),
        s => format!("dòng {s}: {}", get(&f, "reason")),
    };
    let post = Post { st, access: &u.access, target, labels: &LABELS, echo: true, form };
    let from = get(&f, "serial").parse::<i64>().unwrap_or(1);
    post.finish(f, &detail, write, |_| format!("/secrets/books/{id}"), async |r| book_page(st, u, id, from, r).await)
        .await
}

pub async fn cancel(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<SecretBookId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let write = async {
        let serial = get(&f, "serial").parse::<i64>().map_err(|_| AppError::invalid("serial", "chọn dòng cần huỷ"))?;
        st.app.cancel_secret_line(&actor(&u.access), id, serial, &get(&f, "reason")).await
    };
    book_write(&st, &u, id, "secret.line.cancel", "cancel", f.clone(), write).await
}

pub async fn close(
    State(st): State<AppState>,
    u: User,
    Path(id): Path<SecretBookId>,
    Form(f): Form<Fields>,
) -> PageResult {
    let who = actor(&u.access);
    let write = st.app.close_secret_book(&who, id);
    book_write(&st, &u, id, "secret.book.close", "close", f, write).await
}

/// The whole book as PDF (`pdf`) or xlsx (`xlsx`), withheld as the page is; audited as a print
/// or an export.
pub async fn book_file(
    State(st): State<AppState>,
    u: User,
    Path((id, ext)): Path<(SecretBookId, String)>,
) -> Result<axum::response::Response, WebError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let (action, mime) = match ext.as_str() {
        "pdf" => ("secret.book.print", "application/pdf"),
        "xlsx" => ("secret.book.export", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        _ => return Err(WebError::not_found("tệp")),
    };
    let book = st.app.secret_book(id).await?;
    org_listed(&st, &u, Some(book.org_id), action).await?;
    let (year, kind) = (book.year, book.kind.code());
    let p = st.app.secret_book_printout(book, u.access.principal.clearance).await?;
    let detail = format!("{} dòng", p.rows.len());
    let bytes = match ext.as_str() {
        "pdf" => st.app.secret_book_pdf(p).await?,
        _ => st.app.secret_book_xlsx(p).await?,
    };
    let target = Target::plain(action, "secret_book", id.to_string());
    u.access.record(&st, &target, Outcome::Ok, &detail).await?;
    let disposition = format!("attachment; filename=\"so-{kind}-{year}-{id}.{ext}\"");
    Ok(([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}
