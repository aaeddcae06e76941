//! ISO 8601 durations for `ttfvGoal`: weeks, days, hours, minutes, seconds.
//!
//! Months and years are refused: they have no fixed length, and a goal must.

/// Milliseconds in `text`, an ISO 8601 duration such as `P14D`, `PT30M`, `P1DT12H`,
/// `PT1.5S` or `P2W`.
///
/// ```
/// use firstvalue::core::duration::parse;
/// assert_eq!(parse("PT30M"), Ok(30 * 60 * 1000));
/// assert_eq!(parse("P1DT2H"), Ok((24 + 2) * 3_600_000));
/// assert!(parse("P1M").unwrap_err().contains("months"));
/// ```
pub fn parse(text: &str) -> Result<u64, String> {
    let bad = || {
        crate::prose_string(prose!(format!(
            "\"{text}\" is not an ISO 8601 duration such as \"P14D\" or \"PT30M\""
        )))
    };
    let rest = text.strip_prefix('P').ok_or_else(bad)?;
    let (date, time) = match rest.split_once('T') {
        Some((_, "")) => {
            return Err(crate::prose_string(prose!(format!(
                "\"{text}\" has a \"T\" with no hours, minutes or seconds after it"
            ))))
        }
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut total: f64 = 0.0;
    let mut any = false;
    for (part, units) in [(date, "WD"), (time.unwrap_or(""), "HMS")] {
        let mut num = String::new();
        let mut last = 0;
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                num.push(if c == ',' { '.' } else { c });
                continue;
            }
            if units == "WD" && (c == 'Y' || c == 'M') {
                return Err(crate::prose_string(prose!(format!(
                    "\"{text}\" uses {}: they have no fixed length, so write the goal in days (for example \"P30D\")",
                    if c == 'Y' { "years" } else { "months" }
                ))));
            }
            let pos = units.find(c).ok_or_else(bad)?;
            if num.is_empty() || pos < last {
                return Err(bad());
            }
            let n = super::num::parse_decimal(&num).ok_or_else(bad)?;
            if num.contains('.') && c != 'S' {
                return Err(crate::prose_string(prose!(format!(
                    "\"{text}\": only seconds may have a fraction"
                ))));
            }
            let unit_ms = match c {
                'W' => 7.0 * 86_400_000.0,
                'D' => 86_400_000.0,
                'H' => 3_600_000.0,
                'M' => 60_000.0,
                _ => 1000.0,
            };
            total += n * unit_ms;
            any = true;
            last = pos + 1;
            num.clear();
        }
        if !num.is_empty() {
            return Err(bad());
        }
    }
    if !any {
        return Err(bad());
    }
    if total < 1.0 {
        return Err(crate::prose_string(prose!(format!(
            "\"{text}\" is zero: a goal must be longer than that"
        ))));
    }
    if total > 3650.0 * 86_400_000.0 {
        return Err(crate::prose_string(prose!(format!(
            "\"{text}\" is more than ten years"
        ))));
    }
    Ok(total.round() as u64)
}

/// A snooze option's label: the largest whole unit, in English ("4 hours", "1 day").
///
/// ```
/// use firstvalue::core::duration::describe;
/// assert_eq!(describe(4 * 3_600_000), "4 hours");
/// assert_eq!(describe(86_400_000), "1 day");
/// assert_eq!(describe(90 * 60_000), "90 minutes");
/// assert_eq!(describe(14 * 86_400_000), "2 weeks");
/// ```
pub fn describe(ms: u64) -> String {
    let units: [(u64, &str); 5] = [
        (7 * 86_400_000, "week"),
        (86_400_000, "day"),
        (3_600_000, "hour"),
        (60_000, "minute"),
        (1000, "second"),
    ];
    let (size, name) = units
        .into_iter()
        .find(|(size, _)| ms >= *size && ms % size == 0)
        .unwrap_or((1000, "second"));
    let n = (ms / size).max(1);
    let mut out = super::strs::number(n);
    out.push(' ');
    out.push_str(name);
    if n != 1 {
        out.push('s');
    }
    out
}
