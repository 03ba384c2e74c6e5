//! Going abroad: trips, delegations, the passport register, declarations of foreign relations
//! and the PL1–PL3 listings (templates/travel/).

pub mod delegations;
pub mod listings;
pub mod passports;
pub mod relations;
pub mod trips;
