#!/usr/bin/env bash
# What each part of the download costs: the package as `make build` makes it, then a twin of
# its wasm with the function names kept (the same wasm-bindgen and wasm-opt steps), split by
# firstvalue module and by dependency. Each part's code is gzipped on its own and scaled so
# the parts add up to the shipped wasm's gzip -9; a function inlined into another counts
# where it was inlined (mount's export shim holds most of what mount calls once).
# Usage: make size-parts (or scripts/size-parts.sh after make build; make bench prints it too)
set -euo pipefail
cd "$(dirname "$0")/.."
test -f pkg/firstvalue_bg.wasm || { echo "size-parts: run make build first" >&2; exit 1; }
out=target/size-parts
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --remove-producers-section --out-dir "$out" \
  target/wasm32-unknown-unknown/release/firstvalue.wasm
scripts/wasm-opt.sh "$out/firstvalue_bg.wasm" "$out/firstvalue_bg.wasm" -g
wasm=$(gzip -9c pkg/firstvalue_bg.wasm | wc -c)
glue=$(gzip -9c pkg/firstvalue.js | wc -c)
echo "download: wasm $wasm B + glue $glue B = $((wasm + glue)) B gzip -9"
python3 scripts/wasm-top.py --parts "$out/firstvalue_bg.wasm" "$wasm"
