//! `dossier check`: every validation, nothing written.

use super::{Term, EXIT_FINDINGS};
use crate::cli::{CheckArgs, Format};
use crate::pipeline::{compile, BuildOptions};

pub fn run(a: CheckArgs, term: &mut Term) -> anyhow::Result<u8> {
    let opts = BuildOptions { root: a.site.root.clone(), drafts: a.site.drafts, ..Default::default() };
    let compiled = compile(&opts)?;
    let f = &compiled.findings;
    match a.format {
        Format::Human => {
            for finding in &f.items {
                writeln!(term.out, "{}\n", finding.render())?;
            }
            let site = &compiled.site;
            writeln!(
                term.out,
                "checked {} briefing{}, {} actor{}, {} quote{}: {}",
                site.briefings.len(),
                plural(site.briefings.len()),
                site.actors.len(),
                plural(site.actors.len()),
                site.quote_count(),
                plural(site.quote_count()),
                f.summary()
            )?;
        }
        Format::Json => write!(term.out, "{}", f.render_json())?,
    }
    let fail = f.has_errors() || (a.strict && f.warnings() > 0);
    Ok(if fail { EXIT_FINDINGS } else { 0 })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
