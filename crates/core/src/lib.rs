//! Domain types of BVCTNB: organisation tree, persons and their declarations (Mẫu 2-KNĐ),
//! Vietnamese text handling and the working-day calendar. No I/O lives here.

pub mod access;
pub mod calendar;
pub mod case;
pub mod case_kind;
pub mod date;
pub mod declaration;
pub mod diff;
pub mod dossier;
pub mod due;
pub mod error;
pub mod family;
pub mod identity;
pub mod ids;
pub mod org;
pub mod papers;
pub mod person;
pub mod provinces;
pub mod reference;
pub mod screening;
pub mod secret;
pub mod text;
pub mod travel;

pub use date::PartialDate;
pub use declaration::Declaration;
pub use error::{FieldError, FieldErrors};
pub use ids::{AccountId, CaseId, OrgId, PersonId, RequestId};

/// What exported macros name through `$crate`, so a crate using them needs no dependency of
/// its own on these. Not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}
