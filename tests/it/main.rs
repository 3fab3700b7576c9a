//! The integration tests, in one binary: one module per area of the product, sharing the fixture
//! sites of `support` (and its `preview` server and `webdriver` browser helpers). One binary
//! links the library once instead of once per file, and its tests share one thread pool.
//!
//! Fixture folders live in `tests/fixtures/`: whole sites (`century/`) and the bad-input corpus
//! (`bad-input/<case>/`, each with a snapshot of `dossier check --format json`; see
//! `bad_input::corpus`).

mod support;

mod bad_input;
mod browser;
mod build;
mod changes;
mod check_cli;
mod cross_links;
mod escaping;
mod feeds;
mod figures;
mod incremental;
mod limits;
mod links;
mod mentions;
mod no_unwrap;
mod output_folder;
mod pictures;
mod properties;
mod provenance;
mod quotes;
mod reading;
mod relations;
mod search_browser;
mod search_export;
mod serve;
mod serve_browser;
mod serve_load;
mod structured;
mod trust;
mod typography;
