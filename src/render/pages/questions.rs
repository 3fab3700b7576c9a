//! `/questions/`: every question of every briefing, grouped by status (open first), newest
//! briefing first; split into pages when longer than `page_size`.

use super::{listing, paged_title, At, Built, Page};
use crate::model::{QuestionStatus, Site};
use crate::render::layout::{chunks, Listings};
use crate::render::views::{Cx, Pager, QuestionView};
use serde::Serialize;

pub struct Questions;

#[derive(Serialize, Hash)]
pub struct QuestionsModel<'a> {
    pub groups: Vec<QuestionGroup<'a>>,
    pub total: usize,
    /// Between the pages of a split listing; absent on a listing of one page.
    pub pager: Option<Pager>,
}

/// The questions of one status on this page.
#[derive(Serialize, Hash)]
pub struct QuestionGroup<'a> {
    /// `open`, `answered` or `moot`.
    pub status: &'static str,
    pub questions: Vec<QuestionView<'a>>,
}

impl Page for Questions {
    const NAME: &'static str = "questions";
    const TEMPLATE: &'static str = "questions.html";
    const SECTION: &'static str = "questions";
    type Model<'a> = QuestionsModel<'a>;

    fn plan(site: &Site, lists: &Listings) -> Vec<(String, At)> {
        listing("questions/", lists.questions.len(), site.config.page_size, 0)
    }

    fn build<'a>(cx: &Cx<'a>, at: At) -> Built<QuestionsModel<'a>> {
        let (site, all) = (cx.site, &cx.lists.questions);
        let pages = chunks(all.len(), site.config.page_size);
        let mut groups: Vec<(QuestionStatus, Vec<QuestionView>)> = Vec::new();
        for &(bi, qi) in &all[pages[at.n - 1].clone()] {
            let status = site.briefings[bi].questions[qi].status;
            if groups.last().is_none_or(|g| g.0 != status) {
                groups.push((status, Vec::new()));
            }
            if let Some(g) = groups.last_mut() {
                g.1.push(cx.question(bi, qi));
            }
        }
        Built {
            title: paged_title("Questions", at.n),
            description: format!("Every question raised in {}", site.config.title),
            page: QuestionsModel {
                groups: groups
                    .into_iter()
                    .map(|(s, questions)| QuestionGroup { status: s.name(), questions })
                    .collect(),
                total: all.len(),
                pager: cx.pager("questions/", at.n, pages.len()),
            },
        }
    }
}
