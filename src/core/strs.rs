//! String helpers that cannot panic.
//!
//! Slicing a `str` by index, `str::replace` and `str::contains` with a `&str` pattern all
//! carry a panic path that formats the failing slice with `Debug`: in the wasm that
//! pulled in ~6 KB of formatting and Unicode tables for cases that never happen. These
//! do the same jobs with no such path.

/// Appends `n` in decimal.
///
/// ```
/// let mut s = String::from("fv-s");
/// firstvalue::core::strs::push_number(&mut s, 120);
/// assert_eq!(s, "fv-s120");
/// ```
pub fn push_number(s: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let (mut n, mut k) = (n, digits.len());
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in digits.get(k..).unwrap_or_default() {
        s.push(char::from(d));
    }
}

/// `items` with `sep` between them (one small function instead of the standard
/// `join`'s generic copy per element type).
///
/// ```
/// assert_eq!(firstvalue::core::strs::join(&["a", "b", "c"], ", "), "a, b, c");
/// ```
pub fn join(items: &[&str], sep: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item);
    }
    out
}

/// How many characters (Unicode scalar values) `s` has.
///
/// ```
/// assert_eq!(firstvalue::core::strs::char_count("a🚀é"), 3);
/// ```
pub fn char_count(s: &str) -> usize {
    // Every character starts with exactly one byte that is not a continuation byte.
    s.bytes().filter(|&b| (b & 0xC0) != 0x80).count()
}

/// Whether `s` has a character a reader can see: not only white space and invisible
/// format characters (zero-width spaces and joiners, bidi controls, the BOM, the soft
/// hyphen, ...), which would make a title that looks empty or is only an override.
///
/// ```
/// use firstvalue::core::strs::visible;
/// assert!(visible("\u{200B}a"));
/// assert!(!visible(" \u{200B}\u{202E}\u{FEFF}\u{00AD}\u{2060}"));
/// ```
pub fn visible(s: &str) -> bool {
    s.chars().any(|c| {
        !(c.is_whitespace()
            || matches!(c, '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'))
    })
}

/// Appends `text` isolated from what surrounds it (U+2068 FIRST STRONG ISOLATE ...
/// U+2069 POP DIRECTIONAL ISOLATE): config text joined into a sentence cannot reorder
/// the rest of it with a bidi override.
///
/// ```
/// let mut s = String::from("Skip ");
/// firstvalue::core::strs::push_isolated(&mut s, "\u{202E}abc");
/// assert_eq!(s, "Skip \u{2068}\u{202E}abc\u{2069}");
/// ```
pub fn push_isolated(out: &mut String, text: &str) {
    out.push('\u{2068}');
    out.push_str(text);
    out.push('\u{2069}');
}

/// Appends `n` in uppercase hexadecimal, at least `width` digits.
///
/// ```
/// let mut s = String::new();
/// firstvalue::core::strs::push_hex(&mut s, 0x1F, 4);
/// firstvalue::core::strs::push_hex(&mut s, 0x1F680, 4);
/// assert_eq!(s, "001F1F680");
/// ```
pub fn push_hex(s: &mut String, n: u32, width: usize) {
    let digits = (32 - n.leading_zeros()).div_ceil(4).max(1) as usize;
    for k in (0..digits.max(width)).rev() {
        let d = (n.checked_shr(4 * k as u32).unwrap_or(0) & 0xF) as u8;
        s.push(char::from(if d < 10 { b'0' + d } else { b'A' + d - 10 }));
    }
}

/// `n` in decimal.
pub fn number(n: u64) -> String {
    let mut s = String::new();
    push_number(&mut s, n);
    s
}

/// Whether `haystack` contains `needle` (a non-empty ASCII word).
///
/// ```
/// assert!(firstvalue::core::strs::contains("Converting circular structure", "circular"));
/// assert!(!firstvalue::core::strs::contains("quo", "quota"));
/// ```
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// Where `needle` (non-empty) first starts in `haystack`, in bytes.
///
/// ```
/// assert_eq!(firstvalue::core::strs::find("a\"d\":{}", "\"d\""), Some(1));
/// ```
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    if n.is_empty() {
        return None;
    }
    haystack.as_bytes().windows(n.len()).position(|w| w == n)
}

/// `template` with each `{name}` replaced by `value(name)`; a name `value` does not
/// know stays as written.
///
/// ```
/// use firstvalue::core::strs::expand;
/// let v = |name: &str| (name == "n").then(|| "3".to_string());
/// assert_eq!(expand("{n} of {m} {n}", v), "3 of {m} 3");
/// assert_eq!(expand("{ {n}} {", v), "{ 3} {");
/// ```
pub fn expand(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        match after
            .split_once('}')
            .and_then(|(name, tail)| Some((value(name)?, tail)))
        {
            Some((v, tail)) => {
                out.push_str(&v);
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
