//! Stored snapshots: decoding and migration of anything, and the round trip and
//! merge laws for whatever decodes.
#![no_main]

use firstvalue::core::parse_json;
use firstvalue::core::snapshot::Progress;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(value) = parse_json(text) else { return };
    let Ok(p) = Progress::decode(&value) else { return };
    let again = Progress::decode(&p.encode()).expect("an encoded snapshot decodes");
    assert_eq!(again, p, "round trip");
    let mut merged = p.clone();
    assert!(!merged.merge(&p), "merging with itself changes nothing");
    let mut fresh = Progress::new(p.started_at);
    fresh.merge(&p);
    let mut back = p.clone();
    back.merge(&fresh);
    assert_eq!(back.steps, p.steps, "a union keeps every fact");
});
