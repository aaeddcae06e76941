// Shrinks the wasm-bindgen output in pkg/ without changing what it does:
// 1. the ~110 imports the glue hands to the wasm are renamed from
//    `__wbg_setAttribute_57a8359f6698b716` to `a`, `b`, …, in the wasm import section and
//    in the JS glue alike (the hashed names were ~4 KB in each file and do not compress),
//    and their module, `./firstvalue_bg.js` before each of them, becomes `_`;
// 2. the wasm's own exports (`checklist_complete`, `__wbindgen_malloc`, the hashed closure
//    shims, …) get short names too, in the wasm, in the glue's `wasm.name` uses and in the
//    `InitOutput` interface of the .d.ts; `memory` keeps its name;
// 3. the JS glue is minified with terser (as an ES module: its exports keep their names);
// 4. `Checklist.free()`, and `[Symbol.dispose]()` which the glue makes the same function,
//    do what `destroy()` does, and the methods stay harmless no-ops after it: the Rust
//    handle is freed by the glue's FinalizationRegistry once the object is collected
//    (a mounted checklist lives on until destroy() whether or not the host keeps it);
// 4b. each Checklist's methods are bound to it, so `onClick={checklist.track}` or
//    `const { track } = checklist` works instead of a glue TypeError on `this.__wbg_ptr`;
// 5. an export called before `init()` throws firstvalue's own Error naming `init()`, not a
//    TypeError from inside the glue;
// 6. `init()` with no argument in Node (Vitest, jsdom, happy-dom, server rendering) reads the
//    wasm from disk (Node 20.16+) instead of fetching a file: or Vite /@fs/ URL.
// 7. the JS snippets the wasm imports (`#[wasm_bindgen(module = "/src/web/build.js")]`) are
//    inlined into the glue, so the package stays one JS file and one request; build.sh then
//    removes pkg/snippets/.
// 8. below the supported engines, `init()` rejects (and `initSync()` throws) firstvalue's Error
//    naming what is missing, before any wasm is fetched: never a trap, a hang or an unstyled
//    widget (README, "Browser support").
// Usage: node scripts/minify.mjs pkg/firstvalue_bg.wasm pkg/firstvalue.js [pkg/firstvalue.d.ts]
import { readFileSync, writeFileSync } from "node:fs";
import { minify } from "../tests/node_modules/terser/main.js";

const [wasmPath, jsPath, dtsPath] = process.argv.slice(2);
const wasm = readFileSync(wasmPath);
let js = readFileSync(jsPath, "utf8");

// --- 7. snippets inlined ---------------------------------------------------------------
js = js.replace(/^import \{ ([\w, ]+) \} from '(\.\/snippets\/[^']+)';\n/gm, (_, names, path) => {
  let code = readFileSync(new URL(path, new URL(jsPath, `file://${process.cwd()}/`)), "utf8");
  for (const name of names.split(", ")) {
    const decl = new RegExp(`^export function ${name}\\(`, "m");
    if (!decl.test(code)) throw new Error(`snippet ${path} does not export function ${name} as this script knows it`);
    code = code.replace(decl, `function ${name}(`);
  }
  if (/^(export|import) /m.test(code)) throw new Error(`snippet ${path} has other imports or exports`);
  return code + "\n";
});
if (js.includes("./snippets/")) throw new Error("a snippet import was not inlined");

// --- 4. free() is destroy() ------------------------------------------------------------
{
  const free = /(\n    free\(\) \{\n)        const ptr = this\.__destroy_into_raw\(\);\n        wasm\.__wbg_checklist_free\(ptr, 0\);(\n    \})/g;
  if ((js.match(free) ?? []).length !== 1 || !js.includes("Checklist.prototype[Symbol.dispose] = Checklist.prototype.free;"))
    throw new Error("Checklist.free() is not written as this script knows it");
  js = js.replace(free, "$1        this.destroy();$2");
}

// --- 4b. bound methods -----------------------------------------------------------------
{
  const wrap = "        obj.__wbg_ptr = ptr;\n        ChecklistFinalization.register(obj, obj.__wbg_ptr, obj);\n";
  if (js.split(wrap).length !== 2) throw new Error("Checklist.__wrap is not written as this script knows it");
  js = js.replace(wrap, wrap + "        for (const name of Object.getOwnPropertyNames(Checklist.prototype)) {\n" +
    "            if (name !== \"constructor\" && !name.startsWith(\"__\")) Object.defineProperty(obj, name, { value: Checklist.prototype[name].bind(obj) });\n" +
    "        }\n");
}

// --- 5. before init() ------------------------------------------------------------------
{
  for (const name of ["mount", "validateConfig", "start"]) {
    const head = new RegExp(`(\\nexport function ${name}\\([^)]*\\) \\{\\n)`);
    if (!head.test(js)) throw new Error(`export ${name} is not written as this script knows it`);
    js = js.replace(head, "$1    if (wasm === undefined) notInitialized();\n");
  }
  const m = "firstvalue: call `await init()` before mount() or validateConfig(): " +
    "import init, { mount } from \"firstvalue\"; await init();";
  js += `\nfunction notInitialized() {\n    const m = ${JSON.stringify(m)};\n` +
    `    throw Object.assign(new Error(m), { errors: [{ path: "", message: m }] });\n}\n`;
}

// --- 8. the browser baseline --------------------------------------------------------------
{
  const heads = ["function initSync(module) {\n", "async function __wbg_init(module_or_path) {\n"];
  for (const head of heads) {
    if (js.split(head).length !== 2) throw new Error(`${head.trim()} is not written as this script knows it`);
    js = js.replace(head, `${head}    refuseBelowBaseline();\n`);
  }
  js += `
// A module with a function returning (i32, externref): it validates where the WebAssembly
// reference types and multi-value the wasm uses are there.
const WASM_FEATURES = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 0, 2, 127, 111, 3, 2, 1, 0,
    10, 8, 1, 6, 0, 65, 0, 208, 111, 11]);
function refuseBelowBaseline() {
    let missing;
    if (typeof WebAssembly !== "object" || !WebAssembly.validate(WASM_FEATURES)) {
        missing = "WebAssembly reference types and multi-value (Chrome 96, Firefox 79, Safari 15)";
    } else if (typeof document === "object" && !/\\b(jsdom|HappyDOM)\\b/.test(navigator.userAgent)
        && !(typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype
            && typeof ShadowRoot === "function" && "adoptedStyleSheets" in ShadowRoot.prototype)) {
        // Test DOMs (jsdom, happy-dom) get a <style> instead; a browser under a strict CSP could not.
        missing = "constructable stylesheets (CSSStyleSheet.replaceSync, ShadowRoot.adoptedStyleSheets: Chrome 73, Firefox 101, Safari 16.4)";
    }
    if (missing) {
        const m = \`firstvalue: this browser is older than firstvalue supports (Chrome and Edge 96, Firefox 101, Safari 16.4): it lacks \${missing}\`;
        throw Object.assign(new Error(m), { errors: [{ path: "", code: "unsupported_browser", message: m }] });
    }
}
`;
}

// --- 6. init() in Node reads the file ---------------------------------------------------
// In Node (Vitest, scripts, server rendering) the default URL is a file: URL, which fetch
// cannot read; under Vitest, Vite rewrites it to its dev server's /@fs/<absolute path>, which
// is not served there. Either way the file is read from disk. Browsers (no
// process.getBuiltinModule) fetch as before. No bare import.meta.url is added: webpack would
// replace it with the build machine's file path.
{
  const fetchIt = "        module_or_path = fetch(module_or_path);\n";
  if (js.split(fetchIt).length !== 2) throw new Error("init() does not fetch as this script knows it");
  js = js.replace(fetchIt, "        module_or_path = readInNode(module_or_path) ?? fetch(module_or_path);\n");
  js += `
function readInNode(where) {
    const fs = globalThis.process?.getBuiltinModule?.("node:fs");
    if (!fs || typeof where === "object" && !(where instanceof URL)) return undefined;
    const url = new URL(String(where), "file:///");
    if (url.protocol === "file:") return fs.promises.readFile(url);
    if (url.pathname.startsWith("/@fs/")) return fs.promises.readFile(decodeURIComponent(url.pathname.slice(4)));
    return undefined;
}
`;
}

// --- wasm binary helpers -------------------------------------------------------------
function leb(buf, at) {
  let value = 0, shift = 0, byte;
  do { byte = buf[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return [value, at];
}
function uleb(n) {
  const out = [];
  do { let b = n & 0x7f; n = Math.floor(n / 128); if (n) b |= 0x80; out.push(b); } while (n);
  return out;
}
const utf8 = new TextDecoder();
const bytes = (s) => [...new TextEncoder().encode(s)];
/** Reads a name (length-prefixed UTF-8) at `at`: [name, the position after it]. */
function readName(buf, at) {
  const [len, p] = leb(buf, at);
  return [utf8.decode(buf.subarray(p, p + len)), p + len];
}
/** A name as the binary writes it: its length, then its UTF-8 bytes. */
const writeName = (s) => [...uleb(bytes(s).length), ...bytes(s)];
/** Skips a limits structure (tables, memories). */
function limits(buf, at) {
  const flags = buf[at++];
  [, at] = leb(buf, at);
  if (flags & 1) [, at] = leb(buf, at);
  return at;
}

// --- short names: a..z, A..Z, then aa, ab, … -----------------------------------------------
const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
function shortName(i) {
  let s = "";
  do { s = alphabet[i % alphabet.length] + s; i = Math.floor(i / alphabet.length) - 1; } while (i >= 0);
  return s;
}

// --- rewrite the export section ------------------------------------------------------------
// The glue reaches the exports only as `wasm.name` (it keeps `instance.exports` in `wasm`), so
// those uses are the ones to rewrite; any other spelling of a name makes the script refuse.
const exportRenames = new Map();
function renameExports(bodyAt, end) {
  if (js.split("exports").length !== 2 || !js.includes("wasm = instance.exports;") || js.includes("wasm["))
    throw new Error("the glue reaches the wasm exports in a way this script does not know");
  let [count, p] = leb(wasm, bodyAt);
  const body = uleb(count);
  for (let i = 0; i < count; i++) {
    let name;
    [name, p] = readName(wasm, p);
    const descAt = p;
    p++; [, p] = leb(wasm, p); // kind, index
    let newName = name;
    if (name !== "memory") {
      newName = shortName(exportRenames.size);
      exportRenames.set(name, newName);
    }
    body.push(...writeName(newName), ...wasm.subarray(descAt, p));
  }
  if (p !== end) throw new Error("export section not read to its end");
  return Uint8Array.from([7, ...uleb(body.length), ...body]);
}

// --- rewrite the import section ------------------------------------------------------------
// The glue's module name, repeated before every import, becomes "_" too.
const glueModule = "./firstvalue_bg.js";
if (js.split(`"${glueModule}"`).length !== 2) throw new Error(`the glue names ${glueModule} other than once`);
js = js.replace(`"${glueModule}"`, `"_"`);
const out = [wasm.subarray(0, 8)];
const renames = new Map();
let at = 8;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, bodyAt] = leb(wasm, at + 1);
  const end = bodyAt + size;
  if (id === 7) {
    out.push(renameExports(bodyAt, end));
    at = end;
    continue;
  }
  if (id !== 2) {
    out.push(wasm.subarray(at, end));
    at = end;
    continue;
  }
  let [count, p] = leb(wasm, bodyAt);
  const body = uleb(count);
  for (let i = 0; i < count; i++) {
    let module, name;
    [module, p] = readName(wasm, p);
    [name, p] = readName(wasm, p);
    const descAt = p;
    const kind = wasm[p++];
    if (kind === 0) [, p] = leb(wasm, p);            // function: type index
    else if (kind === 1) p = limits(wasm, p + 1);     // table: reftype, limits
    else if (kind === 2) p = limits(wasm, p);         // memory: limits
    else if (kind === 3) p += 2;                      // global: valtype, mutability
    else if (kind === 4) { p++; [, p] = leb(wasm, p); } // tag: attribute, type index
    else throw new Error(`unknown import kind ${kind}`);
    let newName = name;
    // Only the glue's own imports, and only names that appear exactly once in the glue
    // (as the key of their function), are renamed.
    if (module === glueModule && js.split(name).length === 2) {
      newName = shortName(renames.size);
      renames.set(name, newName);
    }
    const newModule = module === glueModule ? "_" : module;
    body.push(...writeName(newModule), ...writeName(newName));
    body.push(...wasm.subarray(descAt, p)); // a few bytes
  }
  if (p !== end) throw new Error("import section not read to its end");
  out.push(Uint8Array.from([2, ...uleb(body.length)]), Uint8Array.from(body));
  at = end;
}
for (const [from, to] of renames) {
  const key = new RegExp(`\\b${from}:`);
  if (!key.test(js)) throw new Error(`import ${from} is not a key in the glue`);
  js = js.replace(key, `${to}:`);
}

js = js.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (use, name) => {
  if (exportRenames.has(name)) return `wasm.${exportRenames.get(name)}`;
  if (name !== "memory") throw new Error(`the glue uses wasm.${name}, which is not an export`);
  return use;
});
let dts = dtsPath ? readFileSync(dtsPath, "utf8") : null;
if (dts) {
  const free = "    free(): void;\n    [Symbol.dispose](): void;\n";
  if (dts.split(free).length !== 2) throw new Error("Checklist.free() is not declared as this script knows it");
  // `[Symbol.dispose]` stays at run time; declared, it breaks hosts compiled without esnext.disposable.
  dts = dts.replace(free, "    /** The same as `destroy()`. */\n    free(): void;\n");
  const [head, rest] = dts.split("export interface InitOutput {");
  if (rest === undefined) throw new Error("no InitOutput interface in the .d.ts");
  const end = rest.indexOf("\n}");
  let body = rest.slice(0, end);
  for (const [from, to] of exportRenames) {
    const key = `readonly ${from}:`;
    const uses = body.split(key).length - 1;
    if (uses > 1) throw new Error(`export ${from} is in InitOutput twice`);
    body = body.replace(key, `readonly ${to}:`); // exported statics are not listed
  }
  dts = `${head}export interface InitOutput {${body}${rest.slice(end)}`;
}

const { code } = await minify(js, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
writeFileSync(wasmPath, Buffer.concat(out));
// V8's explicit compile hint (Chromium 136+; other engines read a comment): compile every
// function of the glue on a background thread while the file streams in, instead of each
// on the main thread the first time it runs. ~100 of them run during the first mount
// (`make bench`; ARCHITECTURE.md, "Start-up").
writeFileSync(jsPath, "//# allFunctionsCalledOnLoad\n" + code);
if (dts) writeFileSync(dtsPath, dts);
console.log(`minify: ${renames.size} imports and ${exportRenames.size} exports renamed; glue ${Buffer.byteLength(js)} -> ${Buffer.byteLength(code)} bytes`);
