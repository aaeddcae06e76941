// The package in Node, as a server renderer, a test runner or a build script loads it:
// importing never throws, calls before init() say so, init() with no argument reads the
// wasm from disk, and mount() without a DOM says to call it in the browser.
import { test } from "node:test";
import assert from "node:assert/strict";

const pkg = new URL("../../pkg/firstvalue.js", import.meta.url);
const CONFIG = { version: 1, id: "node", title: "Node", steps: [{ id: "a", title: "A" }] };

test("importing on the server never throws; calls before init() throw firstvalue's Error naming init()", async () => {
  const fv = await import(`${pkg}?before`);
  for (const call of [() => fv.validateConfig(CONFIG), () => fv.mount("#x", CONFIG, {})]) {
    assert.throws(call, (e) => e instanceof Error && /await init\(\)/.test(e.message) && e.message.startsWith("firstvalue:")
      && Array.isArray(e.errors) && e.errors.length === 1);
  }
});

test("init() with no argument reads the wasm from disk; validateConfig works; mount() without a DOM says where to call it", async () => {
  const fv = await import(`${pkg}?after`);
  await fv.default();
  assert.equal(fv.validateConfig(CONFIG).ok, true);
  assert.ok(fv.validateConfig({ version: 1 }).errors.some((e) => /"id"/.test(e.message)));
  assert.throws(() => fv.mount("#x", CONFIG, {}), (e) => /needs a browser DOM/.test(e.message) && /useEffect/.test(e.message)
    && Array.isArray(e.errors));
});

test("npm pack ships exactly what a user needs", async () => {
  const { execFileSync } = await import("node:child_process");
  const out = execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: new URL("../../pkg/", import.meta.url), encoding: "utf8" });
  const files = JSON.parse(out)[0].files.map((f) => f.path).sort();
  assert.deepEqual(files, ["LICENSE", "README.md", "element.d.ts", "element.js", "firstvalue.d.ts", "firstvalue.js",
    "firstvalue.schema.json", "firstvalue_bg.wasm", "package.json", "react.d.ts"]);
  const meta = JSON.parse(execFileSync("node", ["-p", "JSON.stringify(require('./package.json'))"], { cwd: new URL("../../pkg/", import.meta.url), encoding: "utf8" }));
  for (const key of ["repository", "homepage", "bugs", "license", "version"]) assert.ok(meta[key], key);
  for (const sub of [".", "./element", "./react", "./schema.json", "./package.json"]) assert.ok(meta.exports[sub], sub);
});
