#!/usr/bin/env bash
# `make bench`: the benchmark table (sizes, mount times against plain JS, track latency,
# start-up, memory), measured in headless Chromium; figures also in target/bench.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test >/dev/null
node tests/bench/bench.mjs

# What each part of the wasm costs in the download (scripts/size-parts.sh).
echo
scripts/size-parts.sh

# `firstvalue report` at scale: 10 million simulated events (~1.56 million users), one core,
# time and peak memory as the CLI prints them. The events file (~1.7 GB) is removed after.
cargo build --quiet --release --bin firstvalue
events=target/bench-events.jsonl
target/release/firstvalue simulate --users 1560000 --seed 3 > "$events"
lines=$(wc -l < "$events")
start=$(date +%s.%N)
summary=$(taskset -c 0 target/release/firstvalue report "$events" --format json 2>&1 >/dev/null | head -1)
end=$(date +%s.%N)
rm -f "$events"
printf '\nreport: %s events, one core: %.1f s wall (%s)\n' "$lines" "$(awk "BEGIN { print $end - $start }")" "$summary"
