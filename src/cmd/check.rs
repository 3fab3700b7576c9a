//! `dossier check`: every validation, nothing written.

use super::{Term, EXIT_FINDINGS};
use crate::cli::{CheckArgs, Format};
use crate::pipeline::{compile, BuildOptions};

pub fn run(a: CheckArgs, term: &mut Term) -> anyhow::Result<u8> {
    let opts = BuildOptions { root: a.site.root.clone(), drafts: a.site.drafts, ..Default::default() };
    let compiled = compile(&opts)?;
    let f = &compiled.findings;
    match a.format {
        Format::Human => writeln!(term.out, "{}", f.render())?,
        Format::Json => write!(term.out, "{}", f.render_json())?,
    }
    let fail = f.has_errors() || (a.strict && f.warnings() > 0);
    Ok(if fail { EXIT_FINDINGS } else { 0 })
}
