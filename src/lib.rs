//! Dossier: a static site generator for briefing documents.
//!
//! A build is a pipeline of five stages, each a module with one entry point:
//!
//! ```text
//! load      content/, templates/, static/, dossier.yaml  →  Sources (documents with Raw front matter)
//! config    dossier.yaml                                 →  Config
//! model     Sources + Config                             →  Site (briefings, actors, quotes, questions,
//!                                                            events, timeline, links), plus findings
//! render    Site + Theme                                 →  Vec<OutFile> (every page, in memory)
//! write     Vec<OutFile> + static files                  →  the output folder, swapped in atomically
//! ```
//!
//! Problems in the content are `diag::Finding`s, collected across all stages and reported
//! together; a build with error findings writes nothing. `serve` and `build --watch` drive the
//! same stages again when files change.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod write;

pub use pipeline::{build, compile, BuildOptions, BuildReport, Compiled};
