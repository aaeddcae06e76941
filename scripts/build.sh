#!/usr/bin/env bash
# Builds the browser package into pkg/: release wasm, wasm-bindgen --target web,
# wasm-opt -Oz --converge (scripts/wasm-opt.sh), short import and export names and a minified glue (scripts/minify.mjs), the TypeScript declarations, the JSON Schema and package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
# Panic locations carry source paths into the wasm. Map the machine-specific ones to what
# a machine without the rust-src component gets (/rustc/<commit>) and registry crates to
# their bare name, so every machine builds the same, shortest, bytes.
sysroot=$(rustc --print sysroot)
commit=$(rustc -vV | awk '/^commit-hash/ { print $2 }')
remap="--remap-path-prefix=$sysroot/lib/rustlib/src/rust=/rustc/$commit"
for index in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  remap="$remap --remap-path-prefix=$index="
done
# Two builds (README "Development and production"): pkg/ is the production build (problems
# by path and code; what the package's default export condition gives), pkg/dev/ the
# development build (the same code with the prose of every problem; the "development"
# condition). Each is its own wasm and glue; the types are shared.
variant() {  # variant <out dir> [cargo flags]
  local out=$1; shift
  RUSTFLAGS="${RUSTFLAGS:-} $remap" cargo build --release --lib --target wasm32-unknown-unknown "$@"
  mkdir -p "$out"
  wasm-bindgen --target web --remove-name-section --remove-producers-section \
    --out-dir "$out" target/wasm32-unknown-unknown/release/firstvalue.wasm
  scripts/wasm-opt.sh "$out/firstvalue_bg.wasm" "$out/firstvalue_bg.wasm"
  node scripts/minify.mjs "$out/firstvalue_bg.wasm" "$out/firstvalue.js" "$out/firstvalue.d.ts"
  rm -rf "$out/snippets"   # inlined into the glue by minify.mjs
}
rm -rf pkg && mkdir -p pkg
variant pkg/dev
rm -f pkg/dev/firstvalue.d.ts pkg/dev/.gitignore pkg/dev/firstvalue_bg.wasm.d.ts
# Last, so target/…/firstvalue.wasm is the production build (scripts/size-parts.sh reads it).
variant pkg --no-default-features
# firstvalue/inline: the same entry with the wasm inlined, for bundlers without wasm assets.
node scripts/inline.mjs pkg
node scripts/inline.mjs pkg/dev
cargo run --quiet --bin firstvalue -- schema > pkg/firstvalue.schema.json
# The custom element (minified like the glue), its types, the npm README and the licence.
node --input-type=module -e '
  import { minify } from "./tests/node_modules/terser/main.js";
  import { readFileSync, writeFileSync } from "node:fs";
  const { code } = await minify(readFileSync("src/web/element.js", "utf8"),
    { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  writeFileSync("pkg/element.js", code);'
# The development element imports the development glue beside it (./firstvalue.js).
cp pkg/element.js pkg/dev/element.js
cp src/web/element.d.ts src/web/react.d.ts pkg/
# npx firstvalue check | schema (the development build's validator).
cp src/web/cli.js pkg/cli.js && chmod +x pkg/cli.js
cp docs/npm-README.md pkg/README.md
cp LICENSE pkg/LICENSE
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
repository=$(awk -F'"' '/^repository = / { print $2; exit }' Cargo.toml)
cat > pkg/package.json <<JSON
{
  "name": "firstvalue",
  "version": "$version",
  "description": "Onboarding checklist widget: segment-specific steps, first value and time to first value (TTFV), in a few KB of WebAssembly.",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "main": "firstvalue.js",
  "module": "firstvalue.js",
  "types": "firstvalue.d.ts",
  "bin": { "firstvalue": "cli.js" },
  "repository": { "type": "git", "url": "git+$repository.git" },
  "homepage": "$repository#readme",
  "bugs": { "url": "$repository/issues" },
  "exports": {
    ".": { "types": "./firstvalue.d.ts", "development": "./dev/firstvalue.js", "default": "./firstvalue.js" },
    "./element": { "types": "./element.d.ts", "development": "./dev/element.js", "default": "./element.js" },
    "./element.js": { "types": "./element.d.ts", "development": "./dev/element.js", "default": "./element.js" },
    "./inline": { "types": "./firstvalue.d.ts", "development": "./dev/inline.js", "default": "./inline.js" },
    "./development": { "types": "./firstvalue.d.ts", "default": "./dev/firstvalue.js" },
    "./production": { "types": "./firstvalue.d.ts", "default": "./firstvalue.js" },
    "./react": { "types": "./react.d.ts" },
    "./firstvalue_bg.wasm": "./firstvalue_bg.wasm",
    "./dev/firstvalue_bg.wasm": "./dev/firstvalue_bg.wasm",
    "./schema.json": "./firstvalue.schema.json",
    "./firstvalue.schema.json": "./firstvalue.schema.json",
    "./package.json": "./package.json"
  },
  "files": ["firstvalue.js", "firstvalue_bg.wasm", "firstvalue.d.ts", "firstvalue.schema.json",
    "element.js", "element.d.ts", "react.d.ts", "inline.js", "cli.js", "dev/firstvalue.js", "dev/firstvalue_bg.wasm", "dev/element.js",
    "dev/inline.js"],
  "sideEffects": ["./element.js", "./dev/element.js"],
  "keywords": ["onboarding", "checklist", "ttfv", "time-to-value", "wasm"]
}
JSON
rm -f pkg/.gitignore pkg/firstvalue_bg.wasm.d.ts
for f in pkg/firstvalue_bg.wasm pkg/firstvalue.js pkg/element.js pkg/inline.js pkg/dev/firstvalue_bg.wasm; do
  printf '%-28s %8d bytes  %7d gzip -9\n' "$f" "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)"
done
# The demo's TTFV report (/report.html), from simulated events, as a team would make it.
cargo run --quiet --bin firstvalue -- simulate --users 2000 --seed 1 \
  | cargo run --quiet --bin firstvalue -- report --config www/acme.config.json --out www/report.html 2>/dev/null
