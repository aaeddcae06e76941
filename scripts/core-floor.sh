#!/usr/bin/env bash
# The size floor of the core: src/core alone (config parsing and validation with every
# message, segments, the engine, state(), snapshots, event payloads as JSON text) built as
# a bare wasm with the release profile, talc and wasm-opt -Oz, with no wasm-bindgen, no
# DOM and no JS glue. Whatever the browser layer costs comes on top of this figure.
# Usage: scripts/core-floor.sh   (prints raw and gzip -9 bytes)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir="$repo/target/core-floor"
mkdir -p "$dir/src"
talc=$(awk -F'"' '/^talc = / { print $2 }' "$repo/Cargo.toml")
cat > "$dir/Cargo.toml" <<TOML
[package]
name = "core-floor"
version = "0.0.0"
edition = "2021"
publish = false
[lib]
crate-type = ["cdylib"]
[dependencies]
serde = "1"
talc = { version = "$talc", default-features = false, features = ["disable-realloc-in-place"] }
[profile.release]
opt-level = "z"
lto = true
codegen-units = 1
panic = "abort"
strip = "debuginfo"
[workspace]
TOML
cat > "$dir/src/lib.rs" <<RUST
//! Every entry point of the core, reachable from two exports.
#![allow(missing_docs, dead_code)]
// The production build's messages (src/lib.rs): a problem's message is its code.
macro_rules! prose {
    (\$e:expr) => {{
        let _ = || \$e;
        ""
    }};
}
pub(crate) fn prose_string(message: impl Into<String>) -> String {
    message.into()
}
#[path = "$repo/src/core/mod.rs"]
pub mod core;
use crate::core::notice::Context;
use crate::core::progress::{Effect, Engine, Input};
use crate::core::snapshot::Progress;
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn text(p: *const u8, n: usize) -> &'static str {
    unsafe { ::core::str::from_utf8_unchecked(::core::slice::from_raw_parts(p, n)) }
}
fn keep(s: String) -> usize {
    let n = s.as_ptr() as usize + s.len();
    ::core::mem::forget(s);
    n
}
#[no_mangle]
pub extern "C" fn alloc(n: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(n);
    let p = v.as_mut_ptr();
    ::core::mem::forget(v);
    p
}
/// validateConfig: every problem as text.
#[no_mangle]
pub extern "C" fn check(p: *const u8, n: usize) -> usize {
    let mut out = String::new();
    let report = match crate::core::parse_config_json(text(p, n)) {
        Ok((_, w)) => w,
        Err(r) => r,
    };
    for e in report.errors.iter().chain(&report.warnings) {
        out.push_str(&e.to_string());
    }
    keep(out)
}
/// mount + any input: payloads, the snapshot and state() as JSON text.
#[no_mangle]
pub extern "C" fn run(p: *const u8, n: usize, t: *const u8, tn: usize, s: *const u8, sn: usize, op: u32, arg: usize, now: u64) -> usize {
    let Ok((config, _)) = crate::core::parse_config_json(text(p, n)) else { return 0 };
    let traits = crate::core::parse_json(text(t, tn)).unwrap_or(crate::core::json::Value::Null);
    let Ok(seg) = crate::core::segment::resolve(&config, &traits, None) else { return 1 };
    let stored = crate::core::parse_json(text(s, sn)).ok().and_then(|v| Progress::decode_counting(&v).ok());
    let mut e = Engine::new(config, seg, None, Progress::new(now));
    let input = match op {
        0 => Input::Mount, 1 => Input::Track(text(t, tn).into()), 2 => Input::Check(arg),
        3 => Input::Complete(arg), 4 => Input::Skip(arg), 5 => Input::Action(arg), 6 => Input::Reset,
        7 => Input::Dismiss, 8 => Input::Open, 9 => Input::Minimize, 10 => Input::Tick,
        _ => Input::Merge(stored.map(|(p, _)| p).unwrap_or(Progress::new(0))),
    };
    let mut out = String::new();
    for effect in e.apply(input, now) {
        if let Effect::Notify(n) = effect {
            let ctx = Context { checklist_id: "c", segment: "s", user_id: "u" };
            n.payload(ctx, now).write_json(&mut out);
        }
    }
    e.progress().encode().write_json(&mut out);
    e.state("u").write_json(&mut out);
    let st = e.statuses();
    let (done, total) = e.counts_of(&st);
    keep(out) + done + total + e.goal_deadline().unwrap_or(0) as usize
}
RUST
(cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build --quiet --release --target wasm32-unknown-unknown)
"$repo/tests/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals "$dir/target/wasm32-unknown-unknown/release/core_floor.wasm" -o "$dir/core.wasm"
printf 'core alone: %d bytes, %d gzip -9\n' "$(wc -c < "$dir/core.wasm")" "$(gzip -9c "$dir/core.wasm" | wc -c)"
