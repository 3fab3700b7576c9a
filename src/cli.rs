//! The command line: one `Args` struct per command (clap derive).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "dossier", version, about = "Build a cross-linked briefing website from annotated markdown")]
pub struct Cli {
    /// Print more detail (pages per kind, timings per stage).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Validate the site (every finding, nothing written).
    Check(CheckArgs),
    /// Serve the site on localhost, rebuilding and reloading the browser on every save.
    Serve(ServeArgs),
    /// Create a new site with one annotated example briefing.
    Init(InitArgs),
    /// Create a new briefing with every annotation field stubbed.
    New(NewArgs),
}

#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    /// The site folder (the one holding `content/`).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include briefings marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder [default: ROOT/public].
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Absolute URL the site will be served from (for the feed, sitemap and canonical links).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Link pages as `…/index.html` so the output can be opened from disk.
    #[arg(long)]
    pub portable: bool,
    /// Keep running and rebuild when files change.
    #[arg(long)]
    pub watch: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output format of the findings.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Port to listen on.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder for the new site (created if missing; must not hold a site already).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Title of the briefing.
    pub title: String,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
