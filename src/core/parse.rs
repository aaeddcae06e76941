//! A small, strict JSON parser (RFC 8259) into [`Value`]: one parser for the browser,
//! the CLI, the tests and the fuzzer. In the browser a config object crosses the JS
//! boundary once, as the text `JSON.stringify` makes, instead of key by key.

use super::json::{Value, MAX_DEPTH};

/// Parses JSON text. Errors say where: `line 3, column 14: expected ',' or '}'`.
///
/// ```
/// use firstvalue::core::parse::parse;
/// use firstvalue::core::json::Value;
/// assert_eq!(parse(r#"{"a":[1,2.5,-3e2,"x\u00e9"]}"#).unwrap().get("a").unwrap(),
///     &Value::Array(vec![Value::Number(1.0), Value::Number(2.5), Value::Number(-300.0), Value::str("xé")]));
/// assert_eq!(parse("[1,]").unwrap_err(), "line 1, column 4: expected a value");
/// ```
pub fn parse(text: &str) -> Result<Value, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        depth: 0,
    };
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err(prose!("unexpected text after the JSON value")));
    }
    Ok(v)
}

/// Reads the one JSON value at the start of `text` (what follows it is not looked at):
/// the value and how many bytes it took, or `None` when no whole value starts there.
/// Used to salvage the readable parts of damaged stored text.
///
/// ```
/// use firstvalue::core::parse::parse_prefix;
/// use firstvalue::core::json::Value;
/// assert_eq!(parse_prefix("[1,\"d\"],junk{"), Some((Value::Array(vec![Value::Number(1.0), Value::str("d")]), 7)));
/// assert_eq!(parse_prefix("[1,"), None);
/// ```
pub fn parse_prefix(text: &str) -> Option<(Value, usize)> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        depth: 0,
    };
    let v = p.value().ok()?;
    Some((v, p.i))
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    depth: usize,
}

impl Parser<'_> {
    /// Where the text went wrong, and what (`what` is prose: the production build says
    /// only where).
    fn err(&self, what: &str) -> String {
        let before = self.s.get(..self.i).unwrap_or(self.s);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        if what.is_empty() {
            format!("line {line}, column {col}")
        } else {
            format!("line {line}, column {col}: {what}")
        }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.s.get(self.i) == Some(&b);
        self.i += usize::from(hit);
        hit
    }

    fn value(&mut self) -> Result<Value, String> {
        match self.s.get(self.i) {
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            None => Err(self.err(prose!("unexpected end of the text"))),
            _ => Err(self.err(prose!("expected a value"))),
        }
    }

    fn nested(&mut self, f: fn(&mut Self) -> Result<Value, String>) -> Result<Value, String> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err(&crate::prose_string(prose!(format!(
                "nested more than {MAX_DEPTH} levels deep"
            )))));
        }
        self.depth += 1;
        let v = f(self);
        self.depth -= 1;
        v
    }

    fn word(&mut self, w: &str, v: Value) -> Result<Value, String> {
        if self.s[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.err(prose!("expected a value")))
        }
    }

    fn object(&mut self) -> Result<Value, String> {
        self.i += 1;
        let mut members: Vec<(String, Value)> = Vec::new();
        self.ws();
        if self.eat(b'}') {
            return Ok(Value::Object(members));
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&b'"') {
                return Err(self.err(prose!("expected a key in double quotes")));
            }
            let k = self.string()?;
            self.ws();
            if !self.eat(b':') {
                return Err(self.err(prose!("expected ':'")));
            }
            self.ws();
            let v = self.value()?;
            // The last of a repeated key wins, as in JSON.parse: among an object's first
            // members by search; past them `Value::get` reads the last one, so a
            // 100,000-entry object stays linear. (Stored step entries past them are
            // deduplicated by `Facts::from_entries`, the later winning.)
            match members.iter_mut().take(SMALL).find(|(key, _)| *key == k) {
                Some(slot) => slot.1 = v,
                None => members.push((k, v)),
            }
            self.ws();
            if self.eat(b'}') {
                return Ok(Value::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.err(prose!("expected ',' or '}'")));
            }
        }
    }

    fn array(&mut self) -> Result<Value, String> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value()?);
            self.ws();
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.err(prose!("expected ',' or ']'")));
            }
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(&b) = self.s.get(self.i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // The stops are ASCII, so both ends are on char boundaries.
            out.push_str(self.text.get(start..self.i).unwrap_or_default());
            match self.s.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = match self.s.get(self.i) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi)
                                && self.s[self.i + 1..].starts_with(b"\\u")
                            {
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    0xFFFD
                                }
                            } else {
                                hi
                            };
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        _ => return Err(self.err(prose!("invalid escape in a string"))),
                    };
                    self.i += 1;
                    out.push(c);
                }
                Some(_) => return Err(self.err(prose!("control character in a string: escape it"))),
                None => return Err(self.err(prose!("unterminated string"))),
            }
        }
    }

    /// Reads the four hex digits after `\u` (the cursor is on the `u`); leaves the
    /// cursor on the last digit.
    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self
            .s
            .get(self.i + 1..self.i + 5)
            .ok_or_else(|| self.err(prose!("short \\u escape")))?;
        let mut n = 0u32;
        for &d in digits {
            let v = (d as char)
                .to_digit(16)
                .ok_or_else(|| self.err(prose!("bad \\u escape")))?;
            n = n * 16 + v;
        }
        self.i += 4;
        Ok(n)
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.i;
        self.eat(b'-');
        let digits = |p: &mut Self| {
            let from = p.i;
            while p.s.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i - from
        };
        let int_start = self.i;
        let int = digits(self);
        if int == 0 || (int > 1 && self.s[int_start] == b'0') {
            return Err(self.err(prose!("invalid number")));
        }
        if self.eat(b'.') && digits(self) == 0 {
            return Err(self.err(prose!("invalid number")));
        }
        let mantissa_end = self.i;
        let mut exp: i32 = 0;
        if self.eat(b'e') || self.eat(b'E') {
            let neg = self.eat(b'-');
            if !neg {
                self.eat(b'+');
            }
            let from = self.i;
            if digits(self) == 0 {
                return Err(self.err(prose!("invalid number")));
            }
            exp = self
                .s
                .get(from..self.i)
                .unwrap_or_default()
                .iter()
                .fold(0i32, |e, d| {
                    e.saturating_mul(10).saturating_add(i32::from(d - b'0'))
                });
            if neg {
                exp = -exp;
            }
        }
        let mantissa =
            super::num::parse_decimal(self.text.get(start..mantissa_end).unwrap_or_default())
                .ok_or_else(|| self.err(prose!("invalid number")))?;
        let n = if exp == 0 {
            mantissa
        } else {
            mantissa * 10f64.powi(exp.clamp(-400, 400))
        };
        Ok(Value::Number(if n.is_finite() {
            n
        } else {
            f64::MAX.copysign(n)
        }))
    }
}

/// An object's first members, among which a repeated key replaces the earlier one.
const SMALL: usize = 16;
