//! The day the services act on. Real use reads Vietnam's date; tests and the demo's walk
//! through past dates fix it.

use chrono::NaiveDate;
use std::sync::RwLock;

/// Today in Vietnam (UTC+7), whatever the machine's time zone.
pub fn vietnam_today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

#[derive(Default)]
pub(crate) struct Clock {
    fixed: RwLock<Option<NaiveDate>>,
}

impl Clock {
    pub(crate) fn today(&self) -> NaiveDate {
        self.fixed.read().expect("clock lock").unwrap_or_else(vietnam_today)
    }

    pub(crate) fn set(&self, day: Option<NaiveDate>) {
        *self.fixed.write().expect("clock lock") = day;
    }
}
