//! The front matter as written: `Raw*` structs deserialized loosely from YAML, before any
//! validation. Every field is optional here; `model` decides what is required.
//!
//! Reading collects every finding of a document rather than stopping at the first (`yaml`):
//! nesting and size are measured before libyaml reads the text (`shape`), and each field and
//! list item is checked on its own (`fields`); what fails is reported at its place and left out.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// A scalar that may be written as a string or a number (a bare year is a YAML integer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub name: Option<String>,
    pub url: Option<String>,
}

/// An actor defined inline in a briefing, or by a profile's front matter (`id` is then the stem).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub id: Option<String>,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub sort_name: Option<String>,
    pub links: Option<Vec<String>>,
}

/// A profile file's front matter: like an inline actor but without `id`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub sort_name: Option<String>,
    pub links: Option<Vec<String>>,
    pub relations: Option<Vec<RawRelation>>,
}

/// An entry of `relations:` (on a profile, `from` is the profile's actor). It cites sources as
/// a quote does (`source: <id>`, `sources:`, `locator`); `source` may instead name a source
/// without defining it (`{name, url}`), as a briefing's `source` may.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRelation {
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub since: Option<Text>,
    pub until: Option<Text>,
    pub source: Option<RawPrimary>,
    pub sources: Option<Vec<RawCitation>>,
    pub locator: Option<Text>,
    pub note: Option<String>,
}

/// An entry of `changes:`: when a briefing was updated, and what changed, with the sources
/// the change rests on (as a quote cites them).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChange {
    pub date: Option<Text>,
    pub note: Option<String>,
    pub source: Option<String>,
    pub sources: Option<Vec<RawCitation>>,
    pub locator: Option<Text>,
}

/// An entry of `actors:`: an id, or an inline definition.
#[derive(Debug, Clone)]
pub enum RawActorRef {
    Id(String),
    Def(RawActor),
}

impl<'de> Deserialize<'de> for RawActorRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_or_map(
            d,
            "an actor id or a map {id, name, kind, role, affiliation, aliases, sort_name, links}",
            |v| RawActorRef::Id(v.to_string()),
            RawActorRef::Def,
        )
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuote {
    pub by: Option<RawSpeakers>,
    pub text: Option<String>,
    pub context: Option<String>,
    pub date: Option<Text>,
    pub id: Option<String>,
    pub lang: Option<String>,
    pub translation: Option<String>,
    pub attribution: Option<String>,
    pub source: Option<String>,
    pub sources: Option<Vec<RawCitation>>,
    pub locator: Option<Text>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestionDef {
    pub text: Option<String>,
    pub id: Option<String>,
    pub status: Option<String>,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub source: Option<String>,
    pub sources: Option<Vec<RawCitation>>,
    pub locator: Option<Text>,
}

/// An entry of `questions:`: a plain string, or a map.
#[derive(Debug, Clone)]
pub struct RawQuestion(pub RawQuestionDef);

impl<'de> Deserialize<'de> for RawQuestion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_or_map(
            d,
            "a question as a string or a map {text, id, status, answer, answered_by}",
            |v| RawQuestion(RawQuestionDef { text: Some(v.to_string()), ..Default::default() }),
            RawQuestion,
        )
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub date: Option<Text>,
    pub title: Option<String>,
    pub actors: Option<Vec<String>>,
    pub description: Option<String>,
    pub id: Option<String>,
    pub source: Option<String>,
    pub sources: Option<Vec<RawCitation>>,
    pub locator: Option<Text>,
}

/// A briefing's front matter as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBriefing {
    pub title: Option<String>,
    pub date: Option<Text>,
    pub updated: Option<Text>,
    pub slug: Option<String>,
    pub summary: Option<String>,
    pub author: Option<String>,
    pub source: Option<RawPrimary>,
    pub tags: Option<Vec<String>>,
    pub draft: Option<bool>,
    pub related: Option<Vec<String>>,
    pub actors: Option<Vec<RawActorRef>>,
    pub quotes: Option<Vec<RawQuote>>,
    pub questions: Option<Vec<RawQuestion>>,
    pub events: Option<Vec<RawEvent>>,
    pub sources: Option<Vec<RawSourceRef>>,
    pub judgments: Option<Vec<RawJudgment>>,
    pub relations: Option<Vec<RawRelation>>,
    pub changes: Option<Vec<RawChange>>,
    pub image: Option<String>,
}

/// Read a value written either as one string or as a map (`by: kim` or `{id: kim, …}`): the
/// error names both forms as `expecting` says, `text` and `map` say what each form means.
/// Every "an id or a definition" field of the front matter reads through it.
fn text_or_map<'de, D, M, T>(d: D, expecting: &'static str, text: fn(&str) -> T, map: fn(M) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    M: Deserialize<'de>,
{
    struct V<M, T> {
        expecting: &'static str,
        text: fn(&str) -> T,
        map: fn(M) -> T,
    }
    impl<'de, M: Deserialize<'de>, T> Visitor<'de> for V<M, T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.text)(v))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            M::deserialize(de::value::MapAccessDeserializer::new(map)).map(self.map)
        }
    }
    d.deserialize_any(V { expecting, text, map })
}

/// A scalar or a list of scalars: `by: kim` or `by: [kim, putin]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawSpeakers(pub Vec<String>);

impl<'de> Deserialize<'de> for RawSpeakers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawSpeakers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an actor id or a list of actor ids")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawSpeakers, E> {
                Ok(RawSpeakers(vec![v.to_string()]))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<RawSpeakers, A::Error> {
                Vec::<String>::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(RawSpeakers)
            }
        }
        d.deserialize_any(V)
    }
}

/// A briefing's `source`: the id of a source, or `{name, url}` as written before sources had ids.
#[derive(Debug, Clone)]
pub enum RawPrimary {
    Id(String),
    Named(RawSource),
}

impl<'de> Deserialize<'de> for RawPrimary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_or_map(d, "a source id or a map {name, url}", |v| RawPrimary::Id(v.to_string()), RawPrimary::Named)
    }
}

/// A source defined inline in a briefing's `sources:` list.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawSourceDef {
    pub id: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<Text>,
    pub accessed: Option<Text>,
    pub archive_url: Option<String>,
    pub kind: Option<String>,
    pub reliability: Option<String>,
    pub notes: Option<String>,
}

/// A source profile's front matter (`content/sources/<id>.md`): like an inline source without
/// `id` (the file name) and `notes` (the body).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSourceProfile {
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<Text>,
    pub accessed: Option<Text>,
    pub archive_url: Option<String>,
    pub kind: Option<String>,
    pub reliability: Option<String>,
}

/// An entry of `sources:`: an id, or an inline definition.
#[derive(Debug, Clone)]
pub enum RawSourceRef {
    Id(String),
    Def(Box<RawSourceDef>),
}

impl<'de> Deserialize<'de> for RawSourceRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_or_map(d, "a source id or a map {id, title, url, publisher, author, published, accessed, archive_url, kind, reliability, notes}", |v| RawSourceRef::Id(v.to_string()), |d| RawSourceRef::Def(Box::new(d)))
    }
}

/// A citation in a `sources:` list of a quote, event, question or judgment: an id, or
/// `{id, locator}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCiteDef {
    pub id: Option<String>,
    pub locator: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct RawCitation(pub RawCiteDef);

impl<'de> Deserialize<'de> for RawCitation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        text_or_map(
            d,
            "a source id or a map {id, locator}",
            |v| RawCitation(RawCiteDef { id: Some(v.to_string()), locator: None }),
            RawCitation,
        )
    }
}

/// An entry of `judgments:`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJudgment {
    pub id: Option<String>,
    pub text: Option<String>,
    pub likelihood: Option<String>,
    pub confidence: Option<String>,
    pub basis: Option<Vec<String>>,
    pub status: Option<String>,
    /// The day the judgment took its status (a judgment confirmed, refuted or superseded
    /// after publication), for the site's "what's new".
    pub status_changed: Option<Text>,
    pub source: Option<String>,
    pub sources: Option<Vec<RawCitation>>,
    pub locator: Option<Text>,
}
