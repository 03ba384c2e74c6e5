//! A typst `World` that holds one document in memory: the template as the main source, the
//! shared helpers, the data as `/data.json`, and the fonts shipped in `fonts/`. Nothing is
//! read from disk or the network at render time, so output does not depend on the host.

use crate::PrintError;
use chrono::{Datelike, NaiveDate};
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// Liberation Serif 2.x: metric-compatible with Times New Roman, which official documents are
/// expected to use, and it covers every Vietnamese precomposed letter (Liberation 1.x does not).
const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
];

const COMMON: &str = include_str!("../templates/common.typ");

/// Parsing fonts and building the standard library cost milliseconds; they never change, so
/// every render shares one copy.
struct Assets {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static ASSETS: LazyLock<Assets> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    Assets { library: LazyHash::new(Library::default()), book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("fixed, valid virtual path");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

struct DocWorld {
    main: Source,
    common: Source,
    data_id: FileId,
    data: Bytes,
    today: NaiveDate,
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &ASSETS.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &ASSETS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.common.id() {
            Ok(self.common.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_with_slash().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main.id() || id == self.common.id() {
            Ok(Bytes::from_string(self.source(id)?.text().to_string()))
        } else {
            // Templates only read what we give them; anything else is a template bug.
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        ASSETS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        let t = self.today;
        Datetime::from_ymd(t.year(), t.month() as u8, t.day() as u8)
    }
}

/// Lays out `template` with `data` (serialized to `/data.json`) and exports a PDF.
///
/// User text only ever travels inside the JSON, never inside markup, so no field can change
/// what the template does.
pub(crate) fn render_pdf(template: &str, data: &serde_json::Value, title: &str) -> Result<Vec<u8>, PrintError> {
    let json = serde_json::to_string(data).map_err(PrintError::Data)?;
    let world = DocWorld {
        main: Source::new(file_id("/main.typ"), template.to_string()),
        common: Source::new(file_id("/common.typ"), COMMON.to_string()),
        data_id: file_id("/data.json"),
        data: Bytes::from_string(json),
        today: chrono::Local::now().date_naive(),
    };
    let pdf = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errs| PrintError::Layout(describe(&errs[..])))
        .and_then(|doc| {
            // A stable identifier; no creation time is written, so the same input gives the
            // same bytes.
            let ident = typst::foundations::Smart::Custom(title.to_string());
            let options = typst_pdf::PdfOptions { ident, ..Default::default() };
            typst_pdf::pdf(&doc, &options).map_err(|errs| PrintError::Pdf(describe(&errs[..])))
        });
    // typst memoizes across calls; without eviction a long-running server would keep every
    // past document's intermediate results in memory.
    typst::comemo::evict(10);
    pdf
}

fn describe(errs: &[SourceDiagnostic]) -> String {
    errs.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; ")
}
