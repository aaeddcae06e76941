#!/usr/bin/env bash
# Size table of the browser package (speed benchmarks come with the performance work).
set -euo pipefail
cd "$(dirname "$0")/.."
printf '%-28s %10s %10s %10s\n' file raw gzip-9 brotli
total_raw=0; total_gz=0; total_br=0
for f in pkg/firstvalue_bg.wasm pkg/firstvalue.js; do
  raw=$(wc -c < "$f"); gz=$(gzip -9c "$f" | wc -c)
  br=$(command -v brotli >/dev/null && brotli -c -q 11 "$f" | wc -c || echo 0)
  printf '%-28s %10d %10d %10d\n' "$f" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
done
printf '%-28s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"
