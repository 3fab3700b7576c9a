//! `dossier build`: compile the site and write the output folder.

use super::{Term, EXIT_FINDINGS};
use crate::cli::BuildArgs;
use crate::pipeline::{build, BuildOptions};

pub fn options(a: &BuildArgs) -> BuildOptions {
    BuildOptions {
        root: a.site.root.clone(),
        output: a.output.clone(),
        base_url: a.base_url.clone(),
        drafts: a.site.drafts,
        portable: a.portable,
    }
}

pub fn run(a: BuildArgs, term: &mut Term) -> anyhow::Result<u8> {
    let opts = options(&a);
    let report = build(&opts)?;
    if !report.findings.items.is_empty() {
        writeln!(term.err, "{}", report.findings.render())?;
    }
    let Some(stats) = report.stats else {
        writeln!(term.err, "build failed: nothing was written; {} was left as it was", opts.output_dir().display())?;
        return Ok(EXIT_FINDINGS);
    };
    writeln!(
        term.out,
        "built {} pages ({} files, {} changed) into {} in {} ms",
        report.pages,
        stats.files,
        stats.written,
        opts.output_dir().display(),
        report.elapsed.as_millis()
    )?;
    if term.verbose {
        writeln!(term.out, "  {} unchanged, {} removed, {} bytes", stats.unchanged, stats.removed, stats.bytes)?;
        let stages: Vec<String> = report.timings.iter().map(|(n, d)| format!("{n} {} ms", d.as_millis())).collect();
        writeln!(term.out, "  stages: {}", stages.join(", "))?;
    }
    if a.watch {
        anyhow::bail!("`--watch` is not available in this build");
    }
    Ok(0)
}
