//! Person search: diacritic-insensitive, one typo tolerated, filtered by subtree inside the
//! index query. The index is synchronous; callers on the async runtime use [`App::search_async`].

use crate::{App, Result};
use std::sync::Arc;

pub use bvctnb_search::{Hit, MAX_LIMIT, SearchQuery};

impl App {
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<Hit>> {
        Ok(self.index.search(q)?)
    }

    /// [`App::search`] on a blocking thread, so a slow query never holds up the runtime.
    pub async fn search_async(self: &Arc<Self>, q: SearchQuery) -> Result<Vec<Hit>> {
        let app = self.clone();
        tokio::task::spawn_blocking(move || app.search(&q)).await?
    }
}
