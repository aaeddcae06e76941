//! Decimal numbers without the standard library's float parsing and formatting,
//! which would cost the wasm about 25 KB: the core only ever needs plain decimals.

/// Parses an optional sign, digits and an optional fraction (`-12`, `3.5`, `.5`).
/// No exponent, no `inf`/`NaN`; surrounding whitespace is ignored.
///
/// ```
/// use firstvalue::core::num::parse_decimal;
/// assert_eq!(parse_decimal(" 120 "), Some(120.0));
/// assert_eq!(parse_decimal("-2.5"), Some(-2.5));
/// assert_eq!(parse_decimal("1e3"), None);
/// assert_eq!(parse_decimal("."), None);
/// ```
pub fn parse_decimal(s: &str) -> Option<f64> {
    let s = s.trim();
    let (neg, s) = match s.as_bytes().first()? {
        b'-' => (true, s.get(1..)?),
        b'+' => (false, s.get(1..)?),
        _ => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty()
        || !(int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut n = 0.0f64;
    for b in int.bytes() {
        n = n * 10.0 + f64::from(b - b'0');
    }
    let mut scale = 1.0f64;
    for b in frac.bytes() {
        scale /= 10.0;
        n += f64::from(b - b'0') * scale;
    }
    Some(if neg { -n } else { n })
}

/// Writes `n` as JSON would: integers exactly, other values to 15 significant
/// digits (exponent form outside 1e-6..1e15), non-finite values as `null`.
///
/// ```
/// use firstvalue::core::num::decimal;
/// assert_eq!(decimal(1763629200000.0), "1763629200000");
/// assert_eq!(decimal(-2.5), "-2.5");
/// assert_eq!(decimal(0.000125), "0.000125");
/// assert_eq!(decimal(1.5e-9), "1.5e-9");
/// assert_eq!(decimal(2e20), "2e20");
/// assert_eq!(decimal(f64::NAN), "null");
/// ```
pub fn decimal(n: f64) -> String {
    if !n.is_finite() {
        return "null".into();
    }
    // Written piece by piece: `format!` and integer `to_string` would bring their
    // formatting code into the wasm for this one function.
    let mut out = String::new();
    if n < 0.0 {
        out.push('-');
    }
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        super::strs::push_number(&mut out, n.abs() as u64);
        return out;
    }
    // Scale into [1, 10) and keep 15 significant digits.
    let (mut x, mut e) = (n.abs(), 0i32);
    while x >= 10.0 {
        x /= 10.0;
        e += 1;
    }
    while x < 1.0 {
        x *= 10.0;
        e -= 1;
    }
    let mut digits = (x * 1e14).round() as u64;
    if digits >= 1_000_000_000_000_000 {
        digits /= 10;
        e += 1;
    }
    let all = super::strs::number(digits);
    let sig = all.trim_end_matches('0');
    let sig = if sig.is_empty() { "0" } else { sig };
    if (-6..15).contains(&e) {
        if e >= 0 {
            let e = e as usize;
            let (int, frac) = sig.split_at_checked(e + 1).unwrap_or((sig, ""));
            out.push_str(int);
            for _ in int.len()..e + 1 {
                out.push('0');
            }
            if !frac.is_empty() {
                out.push('.');
                out.push_str(frac);
            }
        } else {
            out.push_str("0.");
            for _ in 0..-e - 1 {
                out.push('0');
            }
            out.push_str(sig);
        }
    } else {
        let (first, rest) = sig.split_at_checked(1).unwrap_or((sig, ""));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        if e < 0 {
            out.push('-');
        }
        super::strs::push_number(&mut out, u64::from(e.unsigned_abs()));
    }
    out
}

/// A character for a message: itself, or `U+0009` for one that does not print.
pub fn show_char(c: char) -> String {
    if c == '\\' {
        "a backslash".into()
    } else if c.is_control() || c.is_whitespace() {
        let mut s = String::from("U+");
        super::strs::push_hex(&mut s, c as u32, 4);
        s
    } else {
        let mut s = String::from("\"");
        s.push(c);
        s.push('"');
        s
    }
}
