#!/usr/bin/env bash
# `make bench`: the benchmark table (sizes, mount times against plain JS, track latency,
# start-up, memory), measured in headless Chromium; figures also in target/bench.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test >/dev/null
node tests/bench/bench.mjs
