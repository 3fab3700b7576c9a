//! The digest of a serializable value: a 128-bit hash (XXH3) of everything it holds, for what
//! rebuilds keep while its inputs are unchanged (a value many pages share, a part of the
//! search index or of the data export).
//!
//! The value is encoded by a serde serializer of its own, into one buffer kept per thread, and
//! hashed in one call. The encoding spells every kind, field and variant name, string and
//! number, with strings prefixed by their length and lists and maps closed by a marker, so two
//! values with equal encodings produce the same serde events, and so the same JSON or template
//! value. It escapes nothing: hashing a view this way costs a fraction of writing it as JSON.

use serde::ser::{self, Serialize};
use xxhash_rust::xxh3::xxh3_128;

/// The digest of `value`. `domain` keeps digests of different uses apart.
pub fn of<T: Serialize + ?Sized>(domain: &[u8], value: &T) -> u128 {
    hashed(|buf| {
        buf.extend_from_slice(domain);
        encode_into(buf, value);
    })
}

/// Append the encoding of `value` to `buf`.
pub fn encode_into<T: Serialize + ?Sized>(buf: &mut Vec<u8>, value: &T) {
    // Encoding into a `Vec` cannot fail; a view whose own `Serialize` fails (none does)
    // would end its encoding early, with a marker no complete encoding has.
    if value.serialize(&mut Encoder { out: &mut *buf }).is_err() {
        buf.push(b'!');
    }
}

/// The digest of `value` as `std::hash::Hash` feeds it (for inputs that are not
/// serializable), under `domain`.
pub fn of_hashed<T: std::hash::Hash + ?Sized>(domain: &[u8], value: &T) -> u128 {
    hashed(|buf| {
        buf.extend_from_slice(domain);
        value.hash(&mut Buffer(buf));
    })
}

/// A `Hasher` that only collects the bytes it is fed, for `hashed` to hash in one call.
pub struct Buffer<'b>(pub &'b mut Vec<u8>);

impl std::hash::Hasher for Buffer<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(self.0)
    }
}

/// The hash of what `fill` writes. Values are encoded into one buffer (kept per thread) and
/// hashed in one call: streaming their many small pieces into the hasher one by one cost
/// several times more.
pub fn hashed(fill: impl FnOnce(&mut Vec<u8>)) -> u128 {
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUF.with(|buf| {
        // A digest taken while another is being filled (none is) gets a buffer of its own.
        let Ok(mut buf) = buf.try_borrow_mut() else {
            let mut own = Vec::new();
            fill(&mut own);
            return xxh3_128(&own);
        };
        buf.clear();
        fill(&mut buf);
        let k = xxh3_128(&buf);
        if buf.capacity() > 1 << 22 {
            *buf = Vec::new(); // do not keep a huge value's buffer for good
        }
        k
    })
}

struct Encoder<'b> {
    out: &'b mut Vec<u8>,
}

/// An error a view's own `Serialize` may raise (the encoder itself never fails).
#[derive(Debug)]
pub struct Failed;

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the value could not be serialized")
    }
}

impl std::error::Error for Failed {}

impl ser::Error for Failed {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Failed
    }
}

impl Encoder<'_> {
    fn tag(&mut self, t: u8) {
        self.out.push(t);
    }

    fn text(&mut self, s: &str) {
        self.out.extend_from_slice(&(s.len() as u64).to_le_bytes());
        self.out.extend_from_slice(s.as_bytes());
    }
}

type Done = Result<(), Failed>;

impl<'e, 'b> ser::Serializer for &'e mut Encoder<'b> {
    type Ok = ();
    type Error = Failed;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Done {
        self.tag(if v { b'T' } else { b'F' });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.serialize_i128(v.into())
    }
    fn serialize_i128(self, v: i128) -> Done {
        self.tag(b'i');
        self.out.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.serialize_u128(v.into())
    }
    fn serialize_u128(self, v: u128) -> Done {
        self.tag(b'u');
        self.out.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.tag(b'f');
        self.out.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Done {
        self.tag(b's');
        self.text(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.tag(b'b');
        self.out.extend_from_slice(&(v.len() as u64).to_le_bytes());
        self.out.extend_from_slice(v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.tag(b'N');
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        self.tag(b'S');
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.tag(b'U');
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Done {
        self.tag(b'V');
        self.text(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.tag(b'W');
        self.text(variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Failed> {
        self.tag(b'[');
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Failed> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Failed> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Self, Failed> {
        self.tag(b'X');
        self.text(variant);
        self.tag(b'[');
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Failed> {
        self.tag(b'{');
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Failed> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Failed> {
        self.tag(b'Y');
        self.text(variant);
        self.tag(b'{');
        Ok(self)
    }
}

// Each element of a list, key of a map and field of a struct is preceded by a marker, and each
// list, map and struct ends with one of its own, so where one ends is never in doubt.

impl ser::SerializeSeq for &mut Encoder<'_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.tag(b',');
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.tag(b']');
        Ok(())
    }
}

/// Tuples of every kind encode as lists.
macro_rules! as_list {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for &mut Encoder<'_> {
            type Ok = ();
            type Error = Failed;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                ser::SerializeSeq::serialize_element(self, value)
            }
            fn end(self) -> Done {
                ser::SerializeSeq::end(self)
            }
        }
    )*};
}

as_list!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Encoder<'_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        self.tag(b':');
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.tag(b'}');
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Encoder<'_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.tag(b':');
        self.tag(b's');
        self.text(key);
        value.serialize(&mut **self)
    }
    fn skip_field(&mut self, _: &'static str) -> Done {
        Ok(())
    }
    fn end(self) -> Done {
        ser::SerializeMap::end(self)
    }
}

impl ser::SerializeStructVariant for &mut Encoder<'_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Done {
        ser::SerializeMap::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    struct Card<'a> {
        title: &'a str,
        tags: Vec<&'a str>,
        note: Option<&'a str>,
    }

    fn card<'a>(title: &'a str, tags: Vec<&'a str>, note: Option<&'a str>) -> u128 {
        of(b"test", &Card { title, tags, note })
    }

    #[test]
    fn equal_values_have_equal_digests() {
        assert_eq!(card("A", vec!["x", "y"], None), card("A", vec!["x", "y"], None));
    }

    #[test]
    fn where_one_string_ends_and_the_next_begins_matters() {
        assert_ne!(card("A", vec!["xy", ""], None), card("A", vec!["x", "y"], None));
        assert_ne!(card("A", vec!["x,", "y"], None), card("A", vec!["x", ",y"], None));
        assert_ne!(card("Ax", vec!["y"], None), card("A", vec!["xy"], None));
    }

    #[test]
    fn lists_maps_and_options_are_told_apart() {
        assert_ne!(card("A", vec![], None), card("A", vec![""], None));
        assert_ne!(card("A", vec![], None), card("A", vec![], Some("")));
        assert_ne!(of(b"", &vec![vec!["a"], vec![]]), of(b"", &vec![vec![], vec!["a"]]));
        fn map(pairs: &[(&'static str, &'static str)]) -> BTreeMap<&'static str, &'static str> {
            pairs.iter().copied().collect()
        }
        assert_ne!(of(b"", &map(&[("a", "b")])), of(b"", &map(&[("ab", "")])));
        assert_ne!(of(b"", &map(&[("a", "b")])), of(b"", &["a", "b"]));
        assert_ne!(of(b"", &1u32), of(b"", &1i32));
        assert_ne!(of(b"", &1u32), of(b"", &"1"));
        assert_ne!(of(b"", &true), of(b"", &false));
    }

    #[test]
    fn domains_keep_digests_apart() {
        assert_ne!(of(b"one", "x"), of(b"two", "x"));
    }
}
