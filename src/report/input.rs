//! Reading exported events: JSON Lines as `onEvent` delivers them, or Segment/RudderStack
//! track calls, plain or gzip-compressed, from files or standard input.

use serde::Deserialize;
use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};

/// One firstvalue event, as far as the report needs it; its strings borrow from the line
/// where they can (no allocation per event: 10 million of them are read in seconds).
#[derive(Debug, Clone, PartialEq)]
pub struct Event<'a> {
    /// `step_completed`, `first_value`, ...
    pub kind: Cow<'a, str>,
    pub checklist: Cow<'a, str>,
    pub segment: Cow<'a, str>,
    pub user: Cow<'a, str>,
    /// Epoch ms.
    pub at: u64,
    pub step: Option<Cow<'a, str>>,
    pub source: Option<Cow<'a, str>>,
    pub ttfv_ms: Option<u64>,
    pub started_at: Option<u64>,
    pub goal_ms: Option<u64>,
    pub elapsed_ms: Option<u64>,
}

/// The fields of either shape; unknown fields are ignored.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Raw<'a> {
    #[serde(rename = "type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    event: Option<Cow<'a, str>>,
    #[serde(borrow)]
    checklist_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    segment: Option<Cow<'a, str>>,
    #[serde(borrow)]
    user_id: Option<Cow<'a, str>>,
    at: Option<f64>,
    #[serde(borrow)]
    timestamp: Option<Cow<'a, str>>,
    #[serde(borrow)]
    step_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    source: Option<Cow<'a, str>>,
    ttfv_ms: Option<f64>,
    started_at: Option<f64>,
    goal_ms: Option<f64>,
    elapsed_ms: Option<f64>,
    #[serde(borrow)]
    properties: Option<Box<Raw<'a>>>,
}

/// Which shape the lines have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shape {
    /// Decide per line: an object with `event` and `properties` is a track call.
    Auto,
    /// `{ type, checklistId, segment, userId, at, ... }`, as `onEvent` delivers.
    Firstvalue,
    /// `{ "event": "firstvalue:<type>", "userId", "timestamp", "properties": {...} }`.
    Segment,
}

/// The latest time and the longest duration a line may carry: 9999-12-31T23:59:59.999Z in
/// epoch ms. Past it a value is damage, not a figure (JavaScript's dates reach year
/// 275760, and one such line made "Observed ... to 584556019-04-03" and a p90 of u64::MAX).
pub const MAX_MS: f64 = 253_402_300_799_999.0;

/// A time or duration field: absent is `None`; present, it must be a number of ms in
/// 0..=[`MAX_MS`], or the line is bad.
fn ms(n: Option<f64>, name: &str) -> Result<Option<u64>, String> {
    match n {
        None => Ok(None),
        Some(n) if (0.0..=MAX_MS).contains(&n) => Ok(Some(n.round() as u64)),
        Some(n) => Err(format!("\"{name}\" {n} is out of range (0 to {MAX_MS} ms)")),
    }
}

/// Parses one line into an event.
///
/// ```
/// use firstvalue::report::input::{parse_line, Shape};
/// let e = parse_line(r#"{"type":"first_value","checklistId":"c","segment":"s","userId":"u","at":5,"ttfvMs":3}"#, Shape::Auto).unwrap();
/// assert_eq!((e.kind.as_ref(), e.ttfv_ms), ("first_value", Some(3)));
/// let t = parse_line(r#"{"event":"firstvalue:first_value","userId":"u","timestamp":"2026-11-20T09:00:00.005Z","properties":{"checklistId":"c","segment":"s","ttfvMs":3}}"#, Shape::Auto).unwrap();
/// assert_eq!(t.at, 1_795_165_200_005);
/// ```
pub fn parse_line(line: &str, shape: Shape) -> Result<Event<'_>, String> {
    let raw: Raw = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let track = match shape {
        Shape::Segment => true,
        Shape::Firstvalue => false,
        Shape::Auto => raw.event.is_some() && raw.properties.is_some(),
    };
    let mut top = raw;
    let (kind, at, user, p) = if track {
        let name = top.event.take().ok_or("a track call needs \"event\"")?;
        let not_ours = || format!("\"event\" is \"{name}\", not \"firstvalue:<type>\"");
        let kind = match &name {
            Cow::Borrowed(n) => Cow::Borrowed(n.strip_prefix("firstvalue:").ok_or_else(not_ours)?),
            Cow::Owned(n) => Cow::Owned(
                n.strip_prefix("firstvalue:")
                    .ok_or_else(not_ours)?
                    .to_string(),
            ),
        };
        let mut p = *top
            .properties
            .take()
            .ok_or("a track call needs \"properties\"")?;
        let at = match (&top.timestamp, ms(p.at, "at")?) {
            (Some(t), _) => {
                iso_ms(t).ok_or_else(|| format!("\"timestamp\" {t:?} is not an ISO 8601 time"))?
            }
            (None, Some(at)) => at,
            (None, None) => return Err("no \"timestamp\"".into()),
        };
        let user = top.user_id.take().or(p.user_id.take());
        (kind, at, user, p)
    } else {
        let kind = top.kind.take().ok_or("no \"type\"")?;
        let at = ms(top.at, "at")?.ok_or("no \"at\" (epoch ms)")?;
        let user = top.user_id.take();
        (kind, at, user, top)
    };
    Ok(Event {
        kind,
        checklist: p.checklist_id.ok_or("no \"checklistId\"")?,
        segment: p.segment.unwrap_or_default(),
        user: user.ok_or("no \"userId\"")?,
        at,
        step: p.step_id,
        source: p.source,
        ttfv_ms: ms(p.ttfv_ms, "ttfvMs")?,
        started_at: ms(p.started_at, "startedAt")?,
        goal_ms: ms(p.goal_ms, "goalMs")?,
        elapsed_ms: ms(p.elapsed_ms, "elapsedMs")?,
    })
}

/// Epoch ms of an RFC 3339 / ISO 8601 UTC or offset time: `2026-11-20T09:00:00Z`,
/// `2026-11-20T09:00:00.123+01:00`.
pub fn iso_ms(t: &str) -> Option<u64> {
    let b = t.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = t.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    // A field out of its range (month 13, day 45, hour 25, minute 61) is no time at all;
    // second 60 is a leap second.
    if !(1..=12).contains(&mo)
        || d < 1
        || d > month_days[(mo - 1) as usize]
        || h > 23
        || mi > 59
        || s > 60
    {
        return None;
    }
    let mut i = 19;
    let mut frac_ms = 0i64;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let digits = t.get(start..i)?;
        let padded = format!("{:0<3}", &digits[..digits.len().min(3)]);
        frac_ms = padded.parse().ok()?;
    }
    let offset = match t.get(i..)? {
        "Z" | "z" | "" => 0,
        o if o.len() == 6 && (o.starts_with('+') || o.starts_with('-')) => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if oh > 23 || om > 59 || o.as_bytes()[3] != b':' {
                return None;
            }
            sign * (oh * 60 + om)
        }
        _ => return None,
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let (y2, m2) = if mo <= 2 {
        (y - 1, mo + 9)
    } else {
        (y, mo - 3)
    };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + h * 3600 + mi * 60 + s - offset * 60;
    u64::try_from(secs * 1000 + frac_ms).ok()
}

/// A reader for `path` (`-`: standard input): gunzipped when it starts with the gzip magic,
/// transcoded to UTF-8 when it starts with a UTF-16 byte order mark, a UTF-8 one dropped.
/// Any other bytes pass through as they are: a line that is not UTF-8 is a bad line.
pub fn open(path: &str) -> std::io::Result<(Box<dyn BufRead>, Option<u64>)> {
    let (inner, len): (Box<dyn Read>, Option<u64>) = if path == "-" {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let f = std::fs::File::open(path)?;
        let len = f.metadata().ok().map(|m| m.len());
        (Box::new(f), len)
    };
    let mut buffered = BufReader::with_capacity(1 << 16, inner);
    let gz = buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let text: Box<dyn Read> = if gz {
        Box::new(flate2::bufread::MultiGzDecoder::new(buffered))
    } else {
        Box::new(buffered)
    };
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .strip_bom(true)
        .utf8_passthru(true)
        .build(text);
    Ok((Box::new(BufReader::with_capacity(1 << 16, decoded)), len))
}

/// The longest line the report reads: 1 MiB, a thousand times the largest event. A longer
/// line is skipped without being held (and counted as too long), so memory stays bounded
/// by users × steps whatever the input: a gzip bomb of NUL bytes is one endless line.
pub const MAX_LINE: usize = 1 << 20;

/// The next line of `reader` into `buf` (without its line break): `None` at the end of the
/// input, else the line's length in bytes. Past [`MAX_LINE`] the rest of the line is read
/// and dropped, `buf` keeps its first `MAX_LINE` bytes, and the length says how long the
/// line was.
///
/// ```
/// use firstvalue::report::input::{read_line, MAX_LINE};
/// let long = vec![b'x'; MAX_LINE + 5];
/// let text = [b"a\r\n".as_slice(), &long, b"\nb"].concat();
/// let mut r = std::io::BufReader::new(text.as_slice());
/// let mut buf = Vec::new();
/// assert_eq!(read_line(&mut r, &mut buf).unwrap(), Some(2));
/// assert_eq!(buf, b"a\r");
/// assert_eq!(read_line(&mut r, &mut buf).unwrap(), Some(MAX_LINE as u64 + 5));
/// assert_eq!(buf.len(), MAX_LINE);
/// assert_eq!(read_line(&mut r, &mut buf).unwrap(), Some(1));
/// assert_eq!(read_line(&mut r, &mut buf).unwrap(), None);
/// ```
pub fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<Option<u64>> {
    buf.clear();
    let mut len = 0u64;
    let mut any = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(any.then_some(len));
        }
        any = true;
        let (part, end) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        let room = MAX_LINE.saturating_sub(buf.len());
        buf.extend_from_slice(&part[..part.len().min(room)]);
        len += part.len() as u64;
        let used = end.unwrap_or(chunk.len());
        reader.consume(used);
        if end.is_some() {
            return Ok(Some(len));
        }
    }
}
