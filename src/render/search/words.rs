//! Words as the search index and the search script see them. `static/search.js` splits a
//! query with the same rules (a browser test compares the two on hard cases), so a word of a
//! query and a word of the text meet in the same term:
//!
//! - A word is a run of letters and digits (Unicode `Alphabetic` and `Numeric`); combining
//!   accents inside it do not split it. `Korea’s` and `don't` stay one word (an apostrophe
//!   between letters joins), and so do abbreviations of single letters with dots (`U.S.`,
//!   `e.g.` are `u.s`, `e.g`), which would otherwise be two one-letter words found everywhere.
//! - Han, Hiragana and Katakana characters, written without spaces, are each a word.
//! - Words are folded: decomposed, stripped of combining accents (U+0300–U+036F), lowercased
//!   as a whole (a final sigma stays final), with `’` as `'`. Words over `MAX_CHARS`
//!   characters (a pasted hash, a run of digits) are left out.
//!
//! Most text is ASCII, so runs of ASCII letters and digits are copied and lowercased whole (a
//! lowercase word with nothing after it that could join it is handed over from the text
//! itself); every other character goes through the rules above one by one. The unit tests
//! pin the words at the seams (accents and other letters right after ASCII ones).

use unicode_normalization::char::decompose_canonical;

/// The longest word indexed, in characters.
pub const MAX_CHARS: usize = 64;

/// Han, Hiragana and Katakana: scripts written without spaces between words.
fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn is_accent(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_ideograph(c)
}

fn is_letter(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphabetic() && !is_ideograph(c))
}

/// A word being read: its characters so far, ASCII letters already lowercased.
#[derive(Default)]
struct Word {
    text: String,
    chars: usize,
    /// Characters since the last joining dot, and whether the last was a letter.
    segment: usize,
    letter: bool,
}

impl Word {
    /// A run of ASCII letters and digits: the common case, copied and lowercased at once.
    fn push_ascii(&mut self, run: &str) {
        let start = self.text.len();
        self.text.push_str(run);
        self.text[start..].make_ascii_lowercase();
        self.chars += run.len();
        self.segment += run.len();
        self.letter = run.as_bytes().last().is_some_and(u8::is_ascii_alphabetic);
    }

    fn push(&mut self, c: char) {
        decompose_canonical(c, |d| {
            if !is_accent(d) {
                self.text.push(d.to_ascii_lowercase());
            }
        });
        self.chars += 1;
        self.segment += 1;
        self.letter = c.is_alphabetic();
    }

    fn join(&mut self, c: char) {
        self.text.push(c);
        self.chars += 1;
        self.segment = 0;
    }

    /// Hand the word, folded, to `f`, and start the next one.
    fn end(&mut self, f: &mut impl FnMut(&str)) {
        if !self.text.is_empty() && self.chars <= MAX_CHARS {
            // ASCII is lowercased as it comes; lowercasing the whole word again keeps a Greek
            // final sigma final (the ASCII letters before it are cased letters either way).
            if self.text.is_ascii() {
                f(&self.text);
            } else {
                f(&self.text.to_lowercase());
            }
        }
        self.text.clear();
        self.chars = 0;
        self.segment = 0;
    }
}

/// Whether a byte of text is an ASCII character that ends a word: any but a letter, a digit,
/// `'` and `.` (which may join).
fn ends_word(b: u8) -> bool {
    b.is_ascii() && !b.is_ascii_alphanumeric() && b != b'\'' && b != b'.'
}

/// Call `f` with each word of `text`, folded, in order.
pub fn each(text: &str, mut f: impl FnMut(&str)) {
    let mut word = Word::default();
    let mut rest = text;
    while !rest.is_empty() {
        let run = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if run > 0 {
            let (ascii, after) = rest.split_at(run);
            rest = after;
            // The usual word: lowercase ASCII from one end to the other, handed over as it is.
            let whole = word.chars == 0 && after.as_bytes().first().is_none_or(|&b| ends_word(b));
            if whole && run <= MAX_CHARS && !ascii.bytes().any(|b| b.is_ascii_uppercase()) {
                f(ascii);
            } else {
                word.push_ascii(ascii);
            }
            continue;
        }
        if ends_word(rest.as_bytes()[0]) {
            word.end(&mut f);
            rest = &rest[1..];
            continue;
        }
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        rest = chars.as_str();
        if is_word_char(c) {
            word.push(c);
            continue;
        }
        if is_accent(c) && !word.text.is_empty() {
            continue;
        }
        let next = chars.next();
        if (c == '\'' || c == '’') && !word.text.is_empty() && is_letter(next) {
            word.join('\'');
            continue;
        }
        if c == '.' && word.segment == 1 && word.letter && is_letter(next) && !chars.next().is_some_and(is_word_char) {
            word.join('.');
            continue;
        }
        word.end(&mut f);
        if is_ideograph(c) {
            word.push(c);
            word.end(&mut f);
        }
    }
    word.end(&mut f);
}

/// The words of `text`, folded (for tests and small texts).
pub fn list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each(text, |w| out.push(w.to_string()));
    out
}

#[cfg(test)]
mod tests {
    use super::list;

    #[test]
    fn words_are_folded_and_kept_whole() {
        assert_eq!(list("The Korean War, 1950–1953."), ["the", "korean", "war", "1950", "1953"]);
        assert_eq!(list("Korea’s U.S.-led e.g. U.S.A. a.b.cd"), ["korea's", "u.s", "led", "e.g", "u.s.a", "a.b", "cd"]);
        assert_eq!(list("Dvořák ZOË Straße ΟΔΟΣ"), ["dvorak", "zoe", "straße", "οδος"]);
        // A decomposed accent is the same word as a composed one.
        assert_eq!(list("Zoe\u{308} cafe\u{301}s"), ["zoe", "cafes"]);
        // Hangul syllables are folded to their letters (jamo), as a browser's NFD does.
        use unicode_normalization::UnicodeNormalization as _;
        assert_eq!(list("北朝鮮 김정은은"), ["北".to_string(), "朝".into(), "鮮".into(), "김정은은".nfd().collect()]);
        assert_eq!(list("rock'n'roll 'quoted' it's"), ["rock'n'roll", "quoted", "it's"]);
        assert_eq!(list(&"x".repeat(65)), Vec::<String>::new());
    }

    #[test]
    fn ascii_letters_fold_with_the_accents_and_letters_around_them() {
        // Apostrophes join only before a letter; a closing quote or a trailing one does not.
        assert_eq!(list("Don't 'tis rock'n'roll' x' O’Neill’s"), ["don't", "tis", "rock'n'roll", "x", "o'neill's"]);
        // Dots join single letters only; numbers and longer words split at them.
        assert_eq!(
            list("U.S. u.S.a e.g.X 3.5 A.1 i.e.) ab.cd"),
            ["u.s", "u.s.a", "e.g.x", "3", "5", "a", "1", "i.e", "ab", "cd"]
        );
        assert_eq!(list("COVID19 2024-06-19 F-16s 1,000"), ["covid19", "2024", "06", "19", "f", "16s", "1", "000"]);
        // Accents right after ASCII letters, composed or combining, are dropped in the word.
        assert_eq!(
            list("CafÉ naïve ZOË's Ñu Mu\u{308}ller CAFE\u{301}S"),
            ["cafe", "naive", "zoe's", "nu", "muller", "cafes"]
        );
        // A letter outside ASCII inside a word keeps it whole; a sigma after ASCII letters ends
        // the word as a final sigma; an ideograph splits.
        assert_eq!(list("xΣy ABΣ x北y İstanbul"), ["xσy", "abς", "x", "北", "y", "istanbul"]);
        assert_eq!(list(&format!("{} {}é", "A".repeat(64), "b".repeat(64))), ["a".repeat(64)]);
    }
}
