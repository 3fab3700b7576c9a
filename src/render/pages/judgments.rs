//! `/judgments/`: every key judgment of every briefing, grouped by status (current, confirmed,
//! refuted, superseded), then by likelihood (most likely first, none stated last), each with
//! its anchor; split into pages when longer than `page_size`.

use super::{listing, paged_title, At, Built, Page};
use crate::model::judgments::{JudgmentStatus, Likelihood};
use crate::model::Site;
use crate::render::layout::{chunks, Listings};
use crate::render::provenance::{JudgmentView, LikelihoodView};
use crate::render::views::{Cx, Pager};
use serde::Serialize;

pub struct Judgments;

/// The judgments of one status on a page, by likelihood, as they are gathered.
type Steps<'a> = Vec<(Option<Likelihood>, Vec<JudgmentView<'a>>)>;

#[derive(Serialize, Hash)]
pub struct JudgmentsModel<'a> {
    pub groups: Vec<StatusGroup<'a>>,
    pub total: usize,
    /// The likelihood scale, highest first: the legend.
    pub scale: Vec<LikelihoodView>,
    /// Between the pages of a split listing; absent on a listing of one page.
    pub pager: Option<Pager>,
}

/// The judgments of one status on this page.
#[derive(Serialize, Hash)]
pub struct StatusGroup<'a> {
    /// `current`, `confirmed`, `refuted` or `superseded`.
    pub status: &'static str,
    pub likelihoods: Vec<LikelihoodGroup<'a>>,
}

/// The judgments of one status and one likelihood on this page.
#[derive(Serialize, Hash)]
pub struct LikelihoodGroup<'a> {
    /// `None` for judgments that state no likelihood.
    pub likelihood: Option<LikelihoodView>,
    pub judgments: Vec<JudgmentView<'a>>,
}

impl Page for Judgments {
    const NAME: &'static str = "judgments";
    const TEMPLATE: &'static str = "judgments.html";
    const SECTION: &'static str = "judgments";
    type Model<'a> = JudgmentsModel<'a>;

    fn plan(site: &Site, lists: &Listings) -> Vec<(String, At)> {
        listing("judgments/", lists.judgments.len(), site.config.page_size, 0)
    }

    fn build<'a>(cx: &Cx<'a>, at: At) -> Built<JudgmentsModel<'a>> {
        let (site, all) = (cx.site, &cx.lists.judgments);
        let pages = chunks(all.len(), site.config.page_size);
        let mut groups: Vec<(JudgmentStatus, Steps)> = Vec::new();
        for &(bi, ji) in &all[pages[at.n - 1].clone()] {
            let j = &site.briefings[bi].judgments[ji];
            if groups.last().is_none_or(|g| g.0 != j.status) {
                groups.push((j.status, Vec::new()));
            }
            let Some((_, steps)) = groups.last_mut() else { continue };
            if steps.last().is_none_or(|s| s.0 != j.likelihood) {
                steps.push((j.likelihood, Vec::new()));
            }
            if let Some(s) = steps.last_mut() {
                s.1.push(cx.judgment(bi, ji));
            }
        }
        let groups = groups
            .into_iter()
            .map(|(status, steps)| StatusGroup {
                status: status.name(),
                likelihoods: steps
                    .into_iter()
                    .map(|(l, judgments)| LikelihoodGroup { likelihood: l.map(LikelihoodView::of), judgments })
                    .collect(),
            })
            .collect();
        Built {
            title: paged_title("Key judgments", at.n),
            description: format!(
                "Every key judgment made in {}, with its likelihood and confidence",
                site.config.title
            ),
            page: JudgmentsModel {
                groups,
                total: all.len(),
                scale: LikelihoodView::scale(),
                pager: cx.pager("judgments/", at.n, pages.len()),
            },
        }
    }
}
