//! ISO 8601 goal durations.

use firstvalue::core::duration::parse;

#[test]
fn values() {
    let cases = [
        ("P14D", 14 * 86_400_000),
        ("PT30M", 30 * 60_000),
        ("P2W", 14 * 86_400_000),
        ("PT1H", 3_600_000),
        ("P1DT12H", 36 * 3_600_000),
        ("PT1.5S", 1_500),
        ("PT0,5S", 500),
        ("PT90M", 90 * 60_000),
    ];
    for (text, ms) in cases {
        assert_eq!(parse(text), Ok(ms), "{text}");
    }
}

#[test]
fn refusals() {
    for text in [
        "", "P", "PT", "14D", "P1H", "PT5M3H", "P1D1D", "PT-5M", "P1.5W", "PT1M30", "pt30m",
        "P99999D", "P1M", "P1Y",
    ] {
        assert!(parse(text).is_err(), "{text} should be refused");
    }
    assert!(parse("P3M").unwrap_err().contains("months"));
    assert!(parse("P1Y2D").unwrap_err().contains("years"));
}
