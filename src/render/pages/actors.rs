//! `/actors/`: every actor, grouped by kind, with the network of the most connected ones.

use super::{At, Built, Page};
use crate::model::{ActorKind, Site};
use crate::render::layout::Listings;
use crate::render::pictures::{self, NetworkPicture, Pair};
use crate::render::views::{ActorLink, Cx};
use serde::Serialize;

pub struct ActorsIndex;

#[derive(Serialize, Hash)]
pub struct ActorsModel<'a> {
    /// One group per kind that has actors: people, organisations, countries, groups.
    pub groups: Vec<KindGroup<'a>>,
    pub total: usize,
    /// The network picture (SVG), where it says something the lists do not.
    pub network: Option<NetworkPicture<'a>>,
    /// Without a network: the pairs of actors who appear together most often.
    pub pairs: Vec<Pair<'a>>,
    /// The relations picture (SVG): the actors with the most relations, linked by them alone.
    pub relations: Option<NetworkPicture<'a>>,
}

#[derive(Serialize, Hash)]
pub struct KindGroup<'a> {
    /// `person`, `organization`, `country` or `group`.
    pub kind: &'static str,
    /// `People`, `Organizations`, …
    pub label: &'static str,
    pub actors: Vec<ActorCount<'a>>,
}

/// An actor and how much the site says about them.
#[derive(Serialize, Hash)]
pub struct ActorCount<'a> {
    pub actor: ActorLink<'a>,
    pub briefings: usize,
    pub quotes: usize,
    pub events: usize,
}

impl Page for ActorsIndex {
    const NAME: &'static str = "actors";
    const TEMPLATE: &'static str = "actors.html";
    const SECTION: &'static str = "actors";
    type Model<'a> = ActorsModel<'a>;

    fn plan(_: &Site, _: &Listings) -> Vec<(String, At)> {
        vec![("actors/".into(), At::default())]
    }

    fn build<'a>(cx: &Cx<'a>, _: At) -> Built<ActorsModel<'a>> {
        let site = cx.site;
        let groups = ActorKind::ALL
            .iter()
            .filter_map(|&k| {
                let actors: Vec<ActorCount> = site
                    .actors
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.kind == k)
                    .map(|(i, a)| ActorCount {
                        actor: cx.actor(i),
                        briefings: a.briefings.len(),
                        quotes: a.quotes.len(),
                        events: a.events.len(),
                    })
                    .collect();
                (!actors.is_empty()).then(|| KindGroup { kind: k.name(), label: k.plural(), actors })
            })
            .collect();
        Built {
            title: "Actors".into(),
            description: format!("The people, countries and organizations of {}", site.config.title),
            page: {
                let network = pictures::network(cx, None);
                let pairs = if network.is_none() { pictures::pairs(cx) } else { Vec::new() };
                ActorsModel { groups, total: site.actors.len(), network, pairs, relations: pictures::relations(cx) }
            },
        }
    }
}
