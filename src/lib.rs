//! Dossier: a static site generator for briefing documents.
//!
//! A build is a pipeline of five stages, each a module with one entry point:
//!
//! ```text
//! load      content/, templates/, static/, dossier.yaml  →  Sources (documents with Raw front matter)
//! config    dossier.yaml                                 →  Config
//! model     Sources + Config                             →  Site (briefings, actors, quotes, questions,
//!                                                            events, timeline, links), plus findings
//! render    Site + Theme                                 →  OutFiles (pages, pictures, feed, sitemap,
//!                                                            search index, data export), in parallel
//! write     OutFiles + static files                      →  a staging folder, swapped in atomically
//! ```
//!
//! `pipeline::build` hands each rendered file to `write::Staging` as soon as it exists, so a
//! full build never holds the site in memory; `pipeline::compile` keeps the files (that is
//! `check`, and what `serve` serves). Problems in the content are `diag::Finding`s, collected
//! across all stages and reported together; a build with error findings writes nothing.
//! `serve` and `build --watch` drive the same stages again when files change, through
//! `rebuild::Rebuild`, the one place that keeps anything between builds; a save that only edits
//! briefing bodies takes a quick path that re-renders just those briefings' pages.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod rebuild;
pub mod render;
pub mod serve;
pub mod write;

pub use pipeline::{build, compile, BuildOptions, BuildReport, Compiled};
