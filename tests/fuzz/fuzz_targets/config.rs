//! Config parsing and validation, then a short run of the engine on what validated.
#![no_main]

use firstvalue::core::json::Value;
use firstvalue::core::progress::{Engine, Input};
use firstvalue::core::segment::resolve;
use firstvalue::core::snapshot::Progress;
use firstvalue::core::parse_config_json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok((config, _)) = parse_config_json(text) else { return };
    let Ok(segment) = resolve(&config, &Value::Null, None) else { return };
    let steps = config.segments[segment].steps.clone();
    let events: Vec<String> = config.steps.iter().flat_map(|s| s.complete_on.clone()).collect();
    let mut engine = Engine::new(config, segment, None, Progress::new(0));
    engine.apply(Input::Mount, 1);
    for (n, e) in events.into_iter().enumerate() {
        engine.apply(Input::Track(e), 10 + n as u64);
    }
    for (n, i) in steps.into_iter().enumerate() {
        engine.apply(Input::Check(i), 1000 + n as u64);
        engine.apply(Input::Skip(i), 2000 + n as u64);
    }
    let _ = engine.state("fuzz").to_string();
});
