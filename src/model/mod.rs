//! Stage 2 and 3, validate and model: the cross-linked site as plain data.
//!
//! `build` turns the loaded documents into a `Site`: briefings, actors, quotes, questions and
//! events with ids, resolved references and the indexes every page needs (an actor's briefings,
//! quotes and events; a tag's briefings; the merged timeline; links and backlinks). Every
//! problem found on the way is a finding; the model is still built from what is valid, so one
//! run reports everything. Cross references are indexes into the site's vectors.

pub mod actors;
pub mod attribution;
pub(crate) mod body;
mod briefing;
mod build;
pub mod changes;
pub mod citations;
pub mod date;
pub mod figures;
pub mod front;
pub mod judgments;
pub(crate) mod links;
mod lints;
pub mod mentions;
pub mod quotes;
mod relations;
pub mod scan;
pub mod slug;
pub mod sources;
pub mod ties;
pub mod typography;
pub mod url;

pub use body::{BodyWork, Checked, Fresh};
pub use build::{build, ModelOptions};
use date::{DateExpr, PartialDate};
pub use relations::CO_ACTORS_KEPT;
pub use relations::MAX_CAST_FOR_COMPANIONS;
use serde::Serialize;
use slug::Slug;
use std::collections::{BTreeMap, HashMap};
use url::SafeUrl;

use crate::config::Config;
use crate::load::locate::Spot;

/// What kind of actor: drives grouping on `/actors/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    Person,
    Organization,
    Country,
    Group,
    /// A treaty, pact or other agreement, which actors are party to.
    Agreement,
}

impl ActorKind {
    pub const ALL: [ActorKind; 5] =
        [ActorKind::Person, ActorKind::Organization, ActorKind::Country, ActorKind::Group, ActorKind::Agreement];

    pub fn parse(s: &str) -> Option<ActorKind> {
        match s {
            "person" => Some(ActorKind::Person),
            "organization" | "organisation" => Some(ActorKind::Organization),
            "country" => Some(ActorKind::Country),
            "group" => Some(ActorKind::Group),
            "agreement" => Some(ActorKind::Agreement),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Organization => "organization",
            ActorKind::Country => "country",
            ActorKind::Group => "group",
            ActorKind::Agreement => "agreement",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            ActorKind::Person => "People",
            ActorKind::Organization => "Organizations",
            ActorKind::Country => "Countries",
            ActorKind::Group => "Groups",
            ActorKind::Agreement => "Agreements",
        }
    }
}

/// Where a thing was defined: a file and a line, for findings that point at two places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

/// A person, country, organisation or group, gathered from profiles and briefings.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Slug,
    pub name: String,
    pub kind: ActorKind,
    pub role: Option<String>,
    pub affiliation: Option<usize>,
    pub aliases: Vec<String>,
    /// How the name sorts, when the author says (`sort_name`); see `Actor::sort_key`.
    pub sort_name: Option<String>,
    /// Markdown biography from `content/actors/<id>.md`.
    pub bio: Option<String>,
    /// The links of the biography that point into the site, sorted by (dest, wiki).
    pub bio_refs: Vec<Ref>,
    pub origin: Origin,
    /// Briefings that annotate this actor, newest first.
    pub briefings: Vec<usize>,
    /// Briefings that mention the actor in their text without annotating them.
    pub mentioned_in: Vec<usize>,
    /// (briefing, quote index) of the actor's quotes.
    pub quotes: Vec<(usize, usize)>,
    /// Timeline entries the actor takes part in, earliest first.
    pub events: Vec<usize>,
    /// (briefing, judgment index) of the key judgments that concern the actor, in site order.
    pub judgments: Vec<(usize, usize)>,
    /// The actors appearing most often in the same briefings, most shared first (at most
    /// `CO_ACTORS_KEPT`): (actor, shared briefings).
    pub co_actors: Vec<(usize, usize)>,
    /// Actors whose affiliation is this one.
    pub members: Vec<usize>,
    /// A definition of the actor had a field that failed to read (and was reported), so its
    /// names and aliases may be incomplete: no lint says it is never named.
    pub names_failed: bool,
    /// Pages about the actor elsewhere (`links:`: Wikidata, an official site), absolute URLs.
    pub links: Vec<SafeUrl>,
    /// The relations the actor is in, either side (indexes into `Site::relations`, in its order).
    pub relations: Vec<usize>,
}

impl Actor {
    /// The key listings by name sort on: `sort_name` when given; for a person, the family
    /// name guessed as the last word, then the rest (`Putin Vladimir`); otherwise the name.
    /// Lowercase, so case does not split the order.
    pub fn sort_key(&self) -> String {
        let key = match (&self.sort_name, self.kind) {
            (Some(s), _) => s.clone(),
            (None, ActorKind::Person) => match self.name.rsplit_once(' ') {
                Some((given, family)) => format!("{family} {given}"),
                None => self.name.clone(),
            },
            (None, _) => self.name.clone(),
        };
        key.to_lowercase()
    }

    /// An actor with only its identity: no role, aliases or biography, and empty indexes (the
    /// indexes are filled once the whole site is known).
    pub fn new(id: Slug, name: String, kind: ActorKind, origin: Origin) -> Actor {
        Actor {
            id,
            name,
            kind,
            role: None,
            affiliation: None,
            aliases: Vec::new(),
            sort_name: None,
            bio: None,
            bio_refs: Vec::new(),
            origin,
            briefings: Vec::new(),
            mentioned_in: Vec::new(),
            quotes: Vec::new(),
            judgments: Vec::new(),
            events: Vec::new(),
            co_actors: Vec::new(),
            members: Vec::new(),
            names_failed: false,
            links: Vec::new(),
            relations: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct Source {
    pub name: Option<String>,
    /// Only a URL the gate let through (`url::SafeUrl`).
    pub url: Option<SafeUrl>,
}

/// A quote annotated in a briefing.
#[derive(Debug, Clone)]
pub struct Quote {
    /// Anchor on the briefing page, unique within it (`quote-…`).
    pub anchor: String,
    pub by: usize,
    pub text: String,
    pub context: Option<String>,
    pub date: Option<DateExpr>,
    /// Where the quote's `text` is written in its file (found when a finding needs it).
    pub text_at: Spot,
    /// Where the quote stands in the body; empty when it was not found.
    pub passage: Vec<TextSpan>,
    /// Speakers after the first (`by: [a, b]`).
    pub also_by: Vec<usize>,
    /// The language of `text` (a BCP 47 tag such as `ru`), and the text in the site's language.
    pub lang: Option<String>,
    pub translation: Option<String>,
    pub attribution: Option<attribution::Attribution>,
    pub citations: Vec<citations::Citation>,
    /// The parts of `text` and of `translation` (gaps, insertions, paragraphs), line breaks as
    /// the body shows them for the form it holds.
    pub pieces: Vec<quotes::Piece>,
    pub translation_pieces: Vec<quotes::Piece>,
}

/// A stretch of one text event of a rendered body: the event's ordinal among the parser's
/// `Text`/`Code` events (see `scan`) and a byte range of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextSpan {
    pub ord: u32,
    pub start: u32,
    pub end: u32,
}

/// A mention of an actor in a body that render turns into a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub actor: usize,
    pub spans: Vec<TextSpan>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionStatus {
    Open,
    Answered,
    Moot,
}

impl QuestionStatus {
    pub fn parse(s: &str) -> Option<QuestionStatus> {
        match s {
            "open" => Some(QuestionStatus::Open),
            "answered" => Some(QuestionStatus::Answered),
            "moot" => Some(QuestionStatus::Moot),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            QuestionStatus::Open => "open",
            QuestionStatus::Answered => "answered",
            QuestionStatus::Moot => "moot",
        }
    }
}

/// An open (or answered) question raised by a briefing.
#[derive(Debug, Clone)]
pub struct Question {
    /// Anchor on the briefing page, unique within it (`question-…`).
    pub anchor: String,
    pub text: String,
    pub status: QuestionStatus,
    pub answer: Option<String>,
    pub answered_by: Option<usize>,
    /// The sources of the answer.
    pub citations: Vec<citations::Citation>,
}

/// An event as a briefing records it; merged with equal events of other briefings on the
/// timeline.
#[derive(Debug, Clone)]
pub struct Event {
    pub date: DateExpr,
    pub title: String,
    pub actors: Vec<usize>,
    pub description: Option<String>,
    /// The merged timeline entry this event belongs to.
    pub timeline: usize,
    /// Its `id` as written (a judgment's `basis` names it).
    pub id: Option<String>,
    pub citations: Vec<citations::Citation>,
}

/// One entry of the site-wide timeline: the events of several briefings with the same date and
/// title are one entry.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    /// Anchor on the timeline pages, unique site-wide (`event-…`).
    pub anchor: String,
    pub date: DateExpr,
    pub title: String,
    pub actors: Vec<usize>,
    pub description: Option<String>,
    /// (briefing, event index) pairs that record it.
    pub sources: Vec<(usize, usize)>,
}

/// A link of a body (or a biography) as written, and what it points at. Render rewrites each
/// to a URL relative to the page that shows the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub dest: String,
    pub wiki: bool,
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A briefing, or an anchor on its page.
    Briefing(usize, Option<String>),
    Actor(usize),
}

/// A link from a briefing's body to another briefing (or a heading in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: usize,
    pub fragment: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Briefing {
    pub slug: Slug,
    pub title: String,
    pub date: PartialDate,
    pub updated: Option<PartialDate>,
    pub summary: Option<String>,
    pub author: Option<String>,
    pub source: Option<Source>,
    pub tags: Vec<Slug>,
    pub draft: bool,
    pub actors: Vec<usize>,
    pub quotes: Vec<Quote>,
    pub questions: Vec<Question>,
    pub events: Vec<Event>,
    /// The file it comes from, relative to the site root.
    pub file: String,
    /// The file's text, shared with the loaded document (not copied), and where the markdown
    /// body starts in it (byte offset and file line).
    pub text: std::sync::Arc<str>,
    pub body_offset: usize,
    pub body_line: usize,
    /// The headings of the body, in order (anchors other briefings may link to).
    pub headings: Vec<scan::Heading>,
    /// How many words the body's prose holds.
    pub words: usize,
    /// The digest of the file's text, which decides the body (see `render::key::Digested`).
    pub digest: u128,
    /// Briefings this one links to from its body, in order of first link.
    pub links: Vec<Link>,
    /// Every distinct link of the body that points into the site, sorted by (dest, wiki).
    pub refs: Vec<Ref>,
    /// Briefings whose body links here.
    pub backlinks: Vec<usize>,
    /// Declared `related` first, then the briefings sharing the most actors and tags.
    pub related: Vec<usize>,
    /// Questions of other briefings that this briefing answers: (briefing, question index).
    pub answers: Vec<(usize, usize)>,
    /// Actors named in the body (by name, alias or `[[@id]]`), by index.
    pub mentioned: Vec<usize>,
    /// The mentions render links to actor pages (per the `mentions` setting), in body order.
    pub mention_links: Vec<Mention>,
    /// The files published with the briefing: its images and documents (`figures`).
    pub attachments: figures::Attachments,
    /// The primary source when `source:` names one by id (`source` then holds its title and URL).
    pub primary: Option<usize>,
    /// Sources its `sources:` list defines or names.
    pub listed: Vec<usize>,
    /// Citations in the body (`[[^id]]`), in body order.
    pub notes: Vec<citations::BodyNote>,
    pub judgments: Vec<judgments::Judgment>,
    /// Every source it cites, in the order of its Sources section (the text's citations, the
    /// primary source, then judgments', quotes', events' and answers', then those only listed).
    pub cited: Vec<usize>,
    /// What changed since publication (`changes:`), newest first.
    pub changes: Vec<Change>,
    /// The relations its `relations:` records (indexes into `Site::relations`).
    pub relations: Vec<usize>,
}

impl Briefing {
    /// Its actors, the most present first: the most quoted, then in the most events, then
    /// named in the text; the author's order among equals.
    pub fn actors_by_presence(&self) -> Vec<usize> {
        let presence = |a: usize| {
            let quoted = self.quotes.iter().filter(|q| q.by == a).count();
            let events = self.events.iter().filter(|e| e.actors.contains(&a)).count();
            (quoted, events, self.mentioned.contains(&a))
        };
        let mut ranked = self.actors.clone();
        // A stable sort keeps the author's order among equals.
        ranked.sort_by_cached_key(|&a| std::cmp::Reverse(presence(a)));
        ranked
    }

    /// The date of its last change: `updated`, or its publication date.
    pub fn changed(&self) -> PartialDate {
        self.updated.unwrap_or(self.date).max(self.date)
    }

    /// The markdown body.
    pub fn body(&self) -> &str {
        self.text.get(self.body_offset..).unwrap_or("")
    }
}

/// A tag and its briefings, newest first.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: Slug,
    pub briefings: Vec<usize>,
}

/// The whole cross-linked site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// Newest first (date, then title, then slug).
    pub briefings: Vec<Briefing>,
    /// By name.
    pub actors: Vec<Actor>,
    /// Earliest first.
    pub timeline: Vec<TimelineEntry>,
    /// By slug.
    pub tags: Vec<Tag>,
    pub briefing_by_slug: HashMap<String, usize>,
    pub actor_by_id: HashMap<String, usize>,
    /// By title (its words, ignoring opening quote marks and case), then id: the order of
    /// `/sources/`.
    pub sources: Vec<sources::SourceRecord>,
    pub source_by_id: HashMap<String, usize>,
    /// Briefings by source file (`content/…md`), for rewriting relative links.
    pub briefing_by_file: BTreeMap<String, usize>,
    /// The files of `content/` that are not markdown, sorted by path: what briefings can
    /// publish (`figures`).
    pub files: Vec<crate::load::files::ContentFile>,
    /// The relation types: the built-in ones, then those `dossier.yaml` adds.
    pub relation_types: Vec<RelationType>,
    /// Every relation between actors (see `ties`), by the actor it starts from.
    pub relations: Vec<Relation>,
    /// What is new on the site, newest first (see `changes`).
    pub news: Vec<NewsItem>,
}

impl Site {
    /// The newest publication or update date among `briefings`, drafts left out.
    pub fn newest(&self, briefings: impl IntoIterator<Item = usize>) -> Option<date::PartialDate> {
        briefings.into_iter().map(|i| &self.briefings[i]).filter(|b| !b.draft).map(Briefing::changed).max()
    }

    pub fn quote_count(&self) -> usize {
        self.briefings.iter().map(|b| b.quotes.len()).sum()
    }

    pub fn question_count(&self) -> usize {
        self.briefings.iter().map(|b| b.questions.len()).sum()
    }

    /// The timeline entries of briefing `bi`, earliest first, events of one date in the
    /// briefing's own order (see `relations::briefing_timeline`).
    pub fn briefing_timeline(&self, bi: usize) -> Vec<usize> {
        relations::briefing_timeline(self, bi)
    }
}

/// A kind of relation between actors, and how it reads from each side: `leader-of` reads
/// "leader of" from the leader, "led by" from what they lead.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RelationType {
    pub id: Slug,
    pub label: String,
    pub inverse: String,
}

impl RelationType {
    /// Whether it reads the same from both sides (`ally-of`): then A–B and B–A are one pair.
    pub fn symmetric(&self) -> bool {
        self.label == self.inverse
    }
}

/// A typed, dated relation from one actor to another (`relations:` of a profile or a
/// briefing; an actor's `affiliation` is a `member-of` relation too).
#[derive(Debug, Clone)]
pub struct Relation {
    pub from: usize,
    pub to: usize,
    /// Index into `Site::relation_types`.
    pub kind: usize,
    pub since: Option<DateExpr>,
    pub until: Option<DateExpr>,
    /// A source named without being defined (`source: {name, url}`).
    pub source: Option<Source>,
    /// The sources it cites (`source: <id>`, `sources:`), as a quote cites them.
    pub citations: Vec<citations::Citation>,
    pub note: Option<String>,
    /// The briefing that records it; `None` for a profile's (or an affiliation).
    pub briefing: Option<usize>,
    /// The file it is written in, and where (found when a finding or a tie in the order needs
    /// it, so that front matter with relations is not indexed for every build).
    pub file: String,
    pub at: Spot,
}

/// A dated entry of a briefing's `changes:`.
#[derive(Debug, Clone)]
pub struct Change {
    pub date: PartialDate,
    pub note: String,
    /// The sources it cites, as a quote cites them.
    pub citations: Vec<citations::Citation>,
    /// Anchor on the briefing page, `change-<n>` counted from the oldest, so it stays when a
    /// newer change is added above.
    pub anchor: String,
}

/// One entry of the site's "what's new".
#[derive(Debug, Clone)]
pub struct NewsItem {
    pub date: PartialDate,
    pub what: News,
}

/// What happened on a date of the site's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum News {
    /// A briefing was published.
    Published(usize),
    /// A briefing changed: (briefing, index in its `changes`).
    Revised(usize, usize),
    /// A question of an older briefing was answered by a newer one: (briefing, question,
    /// answering briefing).
    Answered(usize, usize, usize),
    /// A key judgment took its status (confirmed, refuted, superseded): (briefing, judgment).
    Judged(usize, usize),
    /// Actors appeared for the first time, in this briefing.
    FirstSeen(usize, Vec<usize>),
}
