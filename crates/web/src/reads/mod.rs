//! Reads that the pages and the API share: each loads a record for the caller, checks the
//! policies (refusals audited) and names it in the trail the same way. The API imports these,
//! never a page module.

pub mod audit;
pub mod cases;
pub mod persons;
pub mod search;
