//! Index layout. Only what a query filters on or a hit displays is kept: the national index
//! holds 5.6 M persons and must stay small enough to sit in the page cache.

use tantivy::schema::{
    BytesOptions, Field, INDEXED, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};

use crate::analyzer::VI_NAME_ANALYZER;
use crate::{Result, SearchError};

pub(crate) const ID: &str = "id";
pub(crate) const NAMES: &str = "names";
pub(crate) const WHOLE: &str = "whole";
pub(crate) const ORDERED: &str = "ordered";
pub(crate) const NAME: &str = "name";
pub(crate) const BIRTH_YEAR: &str = "birth_year";
pub(crate) const ORG: &str = "org";

/// Separates the collation key from the display name inside the `name` column (sort keys
/// never contain a 0 byte).
pub(crate) const KEY_SEPARATOR: u8 = 0;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// Indexed so `delete`/`upsert` can address a person by term; fast to read hits.
    pub id: Field,
    /// Words of the full name and other names through the Vietnamese analyzer. Frequencies
    /// are kept for BM25; positions are not, since no query is a phrase query.
    pub names: Field,
    /// Each name folded to one term ("nguyen van an"): answers the common query, a whole
    /// name, with one short posting list instead of intersecting the huge lists of
    /// "nguyen" and "van"; its sorted dictionary also answers "names starting with".
    pub whole: Field,
    /// Each name folded, a 0 byte, then the `name` column value: whole-name matches listed
    /// in display order straight from the term dictionary (see `ordered.rs`).
    pub ordered: Field,
    /// Fast bytes column: ICU `vi` sort key of the full name, a 0 byte, the full name.
    /// One column both orders equal scores in Vietnamese order inside the top-k collector
    /// and gives the displayed name, so no document store is needed at all.
    pub name: Field,
    /// Indexed for the term filter, fast to fill hits.
    pub birth_year: Field,
    /// Ids of the organisation and its ancestors; indexed only, for the subtree filter.
    pub org: Field,
}

pub(crate) fn build() -> Schema {
    let mut b = Schema::builder();
    b.add_i64_field(ID, NumericOptions::default().set_indexed().set_fast());
    b.add_text_field(
        NAMES,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(VI_NAME_ANALYZER).set_index_option(IndexRecordOption::WithFreqs),
        ),
    );
    b.add_text_field(
        WHOLE,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        ),
    );
    b.add_bytes_field(ORDERED, BytesOptions::default().set_indexed());
    b.add_bytes_field(NAME, BytesOptions::default().set_fast());
    b.add_i64_field(BIRTH_YEAR, NumericOptions::default().set_indexed().set_fast());
    b.add_i64_field(ORG, INDEXED);
    b.build()
}

pub(crate) fn fields(schema: &Schema) -> Result<Fields> {
    let get = |name: &'static str| schema.get_field(name).map_err(|_| SearchError::MissingField(name));
    Ok(Fields {
        id: get(ID)?,
        names: get(NAMES)?,
        whole: get(WHOLE)?,
        ordered: get(ORDERED)?,
        name: get(NAME)?,
        birth_year: get(BIRTH_YEAR)?,
        org: get(ORG)?,
    })
}

/// The `name` column value for a full name (already NFC).
pub(crate) fn name_column_value(full_name: &str) -> Vec<u8> {
    let mut v = bvctnb_core::text::vi_sort_key(full_name);
    v.push(KEY_SEPARATOR);
    v.extend_from_slice(full_name.as_bytes());
    v
}

/// The full name back from a `name` column value.
pub(crate) fn full_name_from_column(value: &[u8]) -> String {
    let name = value.iter().position(|&b| b == KEY_SEPARATOR).map_or(&[][..], |i| &value[i + 1..]);
    String::from_utf8_lossy(name).into_owned()
}
