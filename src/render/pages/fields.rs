//! The template variables of every page type, checked against `docs/templates.md`: each struct a
//! page's context is made of, with its fields, as serde sees them while a context is
//! serialized (so a field the docs do not mention, or one they mention that no longer exists,
//! fails the test below).

use serde::ser::{self, Impossible, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Struct name → the names of its fields.
pub type Fields = BTreeMap<&'static str, BTreeSet<&'static str>>;

/// Record the structs `value` is made of.
pub fn collect<T: Serialize + ?Sized>(value: &T, into: &mut Fields) {
    let _ = value.serialize(Collector(into));
}

#[derive(Debug)]
pub struct Never;

impl fmt::Display for Never {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("never")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Never
    }
}

struct Collector<'f>(&'f mut Fields);

/// Walks into every element, entry and field.
struct Walk<'f> {
    fields: &'f mut Fields,
    name: Option<&'static str>,
}

macro_rules! leaf {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, _: $t) -> Result<(), Never> { Ok(()) })*
    };
}

impl<'f> ser::Serializer for Collector<'f> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Walk<'f>;
    type SerializeTuple = Walk<'f>;
    type SerializeTupleStruct = Walk<'f>;
    type SerializeTupleVariant = Walk<'f>;
    type SerializeMap = Walk<'f>;
    type SerializeStruct = Walk<'f>;
    type SerializeStructVariant = Impossible<(), Never>;

    leaf!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_f32: f32,
        serialize_f64: f64, serialize_char: char, serialize_str: &str, serialize_bytes: &[u8]);

    fn serialize_none(self) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Never> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result<(), Never> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        v.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Walk<'f>, Never> {
        Ok(Walk { fields: self.0, name: None })
    }
    fn serialize_tuple(self, _: usize) -> Result<Walk<'f>, Never> {
        Ok(Walk { fields: self.0, name: None })
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Walk<'f>, Never> {
        Ok(Walk { fields: self.0, name: None })
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Walk<'f>, Never> {
        Ok(Walk { fields: self.0, name: None })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Walk<'f>, Never> {
        Ok(Walk { fields: self.0, name: None })
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Walk<'f>, Never> {
        self.0.entry(name).or_default();
        Ok(Walk { fields: self.0, name: Some(name) })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Impossible<(), Never>, Never> {
        Err(Never)
    }
}

impl Walk<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
        v.serialize(Collector(self.fields))
    }
}

impl ser::SerializeSeq for Walk<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
        self.item(v)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

impl ser::SerializeTuple for Walk<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
        self.item(v)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Walk<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
        self.item(v)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Walk<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
        self.item(v)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

impl ser::SerializeMap for Walk<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Never> {
        self.item(v)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

impl ser::SerializeStruct for Walk<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), Never> {
        if let Some(name) = self.name {
            self.fields.entry(name).or_default().insert(key);
        }
        self.item(v)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

/// The structs and fields `docs/templates.md` documents: a heading naming a struct in
/// parentheses and backticks (`… (`BriefingCard`)`), then a table whose rows start with a field
/// in backticks.
pub fn documented(doc: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        if line.starts_with('#') {
            current =
                line.rsplit_once("(`").and_then(|(_, rest)| rest.split_once("`)")).map(|(name, _)| name.to_string());
            if let Some(c) = &current {
                out.entry(c.clone()).or_default();
            }
        } else if let (Some(c), Some(row)) = (&current, line.strip_prefix("| `")) {
            if let Some((field, _)) = row.split_once('`') {
                out.entry(c.clone()).or_default().insert(field.to_string());
            }
        }
    }
    out
}
