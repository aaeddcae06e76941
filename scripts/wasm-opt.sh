#!/usr/bin/env bash
# The package's wasm-opt step: build.sh runs it on pkg/, size-parts.sh on its named twin, so
# the twin is optimized exactly like the shipped wasm. --converge repeats -Oz until the module
# stops shrinking (~200 B). Usage: scripts/wasm-opt.sh in.wasm out.wasm [more wasm-opt flags]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
in=$1 out=$2
shift 2
"$repo/tests/node_modules/.bin/wasm-opt" -Oz --converge --enable-bulk-memory \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue --strip-target-features "$@" "$in" -o "$out"
