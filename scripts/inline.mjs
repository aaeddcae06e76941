// Writes <dir>/inline.js: the package's entry with its wasm inlined (base64), for bundlers
// that do not turn `new URL("firstvalue_bg.wasm", import.meta.url)` into an asset (esbuild,
// Rollup without a plugin, Angular's esbuild-based builder). It exports what firstvalue.js
// exports; its default `init()` compiles the inlined bytes instead of fetching a file.
// Usage: node scripts/inline.mjs pkg   (README, "Use it from npm / a bundler")
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const wasm = readFileSync(join(dir, "firstvalue_bg.wasm")).toString("base64");
writeFileSync(join(dir, "inline.js"), `// firstvalue with its wasm inlined: \`import init, { mount } from "firstvalue/inline"\`.
import init, { initSync } from "./firstvalue.js";
export * from "./firstvalue.js";
let bytes;
function wasm() {
  if (!bytes) {
    const text = atob("${wasm}");
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  }
  return bytes;
}
/** Compiles the inlined wasm; call once before mount(), like the default entry's init(). */
export default function initInline() { return init({ module_or_path: wasm() }); }
/** The same, synchronously (where the engine allows compiling this size on the main thread). */
function initInlineSync() { return initSync({ module: wasm() }); }
export { initInlineSync as initSync };
`);
