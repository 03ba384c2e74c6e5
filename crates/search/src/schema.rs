//! Index layout. Only what a query filters on or a hit displays is kept: the national index
//! holds 5.6 M persons and must stay small enough to sit in the page cache.

use tantivy::schema::{
    BytesOptions, Field, INDEXED, IndexRecordOption, NumericOptions, STORED, Schema,
    TextFieldIndexing, TextOptions,
};

use crate::analyzer::VI_NAME_ANALYZER;
use crate::{Result, SearchError};

pub(crate) const ID: &str = "id";
pub(crate) const FULL_NAME: &str = "full_name";
pub(crate) const NAMES: &str = "names";
pub(crate) const NAME_KEY: &str = "name_key";
pub(crate) const BIRTH_YEAR: &str = "birth_year";
pub(crate) const ORG: &str = "org";

#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// Indexed so `delete`/`upsert` can address a person by term; fast to read hits
    /// without touching the document store.
    pub id: Field,
    /// Stored only: displayed, never searched directly.
    pub full_name: Field,
    /// Full name and other names through the Vietnamese analyzer. Frequencies are kept for
    /// BM25; positions are not, since no query is a phrase query.
    pub names: Field,
    /// ICU `vi` sort key of the full name, as a fast bytes column, so equal scores come out
    /// in Vietnamese order inside the top-k collector itself rather than after it.
    pub name_key: Field,
    /// Indexed for the term filter, fast to fill hits.
    pub birth_year: Field,
    /// Ids of the organisation and its ancestors; indexed only, for the subtree filter.
    pub org: Field,
}

pub(crate) fn build() -> Schema {
    let mut b = Schema::builder();
    b.add_i64_field(ID, NumericOptions::default().set_indexed().set_fast());
    b.add_text_field(FULL_NAME, STORED);
    b.add_text_field(
        NAMES,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(VI_NAME_ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqs),
        ),
    );
    b.add_bytes_field(NAME_KEY, BytesOptions::default().set_fast());
    b.add_i64_field(
        BIRTH_YEAR,
        NumericOptions::default().set_indexed().set_fast(),
    );
    b.add_i64_field(ORG, INDEXED);
    b.build()
}

pub(crate) fn fields(schema: &Schema) -> Result<Fields> {
    let get = |name: &'static str| {
        schema
            .get_field(name)
            .map_err(|_| SearchError::MissingField(name))
    };
    Ok(Fields {
        id: get(ID)?,
        full_name: get(FULL_NAME)?,
        names: get(NAMES)?,
        name_key: get(NAME_KEY)?,
        birth_year: get(BIRTH_YEAR)?,
        org: get(ORG)?,
    })
}
