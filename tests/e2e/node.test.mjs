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
  assert.ok(fv.validateConfig({ version: 1 }).errors.some((e) => e.code === "missing_key" && e.path === ""));
  assert.throws(() => fv.mount("#x", CONFIG, {}), (e) => /needs a browser DOM/.test(e.message) && /useEffect/.test(e.message)
    && Array.isArray(e.errors));
});

test("npm pack ships exactly what a user needs", async () => {
  const { execFileSync } = await import("node:child_process");
  const out = execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: new URL("../../pkg/", import.meta.url), encoding: "utf8" });
  const files = JSON.parse(out)[0].files.map((f) => f.path).sort();
  assert.deepEqual(files, ["LICENSE", "README.md", "cli.js", "dev/element.js", "dev/firstvalue.js", "dev/firstvalue_bg.wasm",
    "dev/inline.js", "element.d.ts", "element.js", "firstvalue.d.ts", "firstvalue.js",
    "firstvalue.schema.json", "firstvalue_bg.wasm", "inline.js", "package.json", "react.d.ts"]);
  const meta = JSON.parse(execFileSync("node", ["-p", "JSON.stringify(require('./package.json'))"], { cwd: new URL("../../pkg/", import.meta.url), encoding: "utf8" }));
  for (const key of ["repository", "homepage", "bugs", "license", "version"]) assert.ok(meta[key], key);
  for (const sub of [".", "./element", "./inline", "./react", "./schema.json", "./package.json", "./development", "./production"]) assert.ok(meta.exports[sub], sub);
  // Bundlers pick the development build by the "development" condition, else production.
  assert.equal(meta.exports["."].development, "./dev/firstvalue.js");
  assert.equal(meta.exports["."].default, "./firstvalue.js");
  assert.equal(meta.exports["./element"].development, "./dev/element.js");
});

test("the production and development builds find the same problems at the same paths with the same codes; only the prose differs", async () => {
  const prod = await import(`${pkg}?prod`);
  const dev = await import(new URL("../../pkg/dev/firstvalue.js?dev", import.meta.url));
  await prod.default();
  await dev.default();
  const bad = { version: 1, id: "c", title: "T", colour: "red", steps: [
    { id: "a", title: "A", requires: ["conect"], completeOn: [{ click: "a::before" }, { page: "x" }] },
    { id: "a", title: "\u200b", action: { label: "Go", href: "//evil.example" } }] };
  const [p, d] = [prod.validateConfig(bad), dev.validateConfig(bad)];
  const where = (r) => r.errors.map((e) => `${e.path} ${e.code}`);
  assert.deepEqual(where(p), where(d));
  assert.ok(p.errors.length >= 6, where(p).join("\n"));
  for (const e of p.errors) assert.equal(e.message, e.code, "production: the message is the code");
  assert.ok(d.errors.find((e) => e.code === "unknown_step").message.includes('did you mean "a"')
    || d.errors.find((e) => e.code === "unknown_step").message.includes("unknown step"));
  // mount()'s Error: every problem, path and code, in both.
  for (const fv of [prod, dev]) {
    assert.throws(() => fv.mount("#x", bad, {}), (e) => e.message.startsWith("firstvalue:"));
  }
  const { readFileSync } = await import("node:fs");
  const { gzipSync } = await import("node:zlib");
  const size = (u) => gzipSync(readFileSync(new URL(u, import.meta.url)), { level: 9 }).length;
  const [ps, ds] = [size("../../pkg/firstvalue_bg.wasm"), size("../../pkg/dev/firstvalue_bg.wasm")];
  assert.ok(ps < ds, `production ${ps} B gzip, development ${ds} B`);
  console.log(`  wasm gzip -9: production ${ps} B, development ${ds} B`);
});

test("npx firstvalue check / schema: the native CLI's output and exit codes, from the package's wasm", async () => {
  const { spawnSync } = await import("node:child_process");
  const { mkdtempSync, writeFileSync, readFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const root = new URL("../../", import.meta.url).pathname;
  const meta = JSON.parse(readFileSync(`${root}pkg/package.json`, "utf8"));
  assert.equal(meta.bin.firstvalue, "cli.js");
  assert.match(readFileSync(`${root}pkg/cli.js`, "utf8"), /^#!\/usr\/bin\/env node\n/);
  const npx = (...args) => spawnSync(process.execPath, [`${root}pkg/cli.js`, ...args], { cwd: root, encoding: "utf8" });
  const native = (...args) => spawnSync(`${root}target/debug/firstvalue`, args, { cwd: root, encoding: "utf8" });
  const dir = mkdtempSync(`${tmpdir()}/fv-cli-`);
  const bad = `${dir}/bad.json`;
  writeFileSync(bad, JSON.stringify({ version: 1, id: "c", title: "T",
    steps: [{ id: "connect_data", title: "Connect" }, { id: "b", title: "B", requires: ["conect_data"] }],
    segments: [{ id: "all", steps: ["connect_data", "b"] }] }, null, 2));
  const broken = `${dir}/broken.json`;
  writeFileSync(broken, '{ "version": 1,\n  "id": "c", }');
  for (const args of [["check", "www/acme.config.json"], ["check", bad], ["check", bad, "www/acme.config.json"], ["schema"]]) {
    const [a, b] = [npx(...args), native(...args)];
    assert.equal(a.stdout, b.stdout, args.join(" "));
    assert.equal(a.status, b.status, args.join(" "));
  }
  const typo = npx("check", bad);
  assert.equal(typo.status, 1);
  assert.match(typo.stdout, /^error\[unknown_step\]: unknown step "conect_data" \(did you mean "connect_data"\?\)\n  --> .*bad\.json at steps\[1\]\.requires\[0\]\n/);
  assert.match(typo.stdout, /warning\[no_goal\]/);
  // Text that is not JSON: the same code and verdict (the parser's wording is each one's own).
  const [a, b] = [npx("check", broken), native("check", broken)];
  assert.equal(a.status, 1);
  assert.equal(b.status, 1);
  for (const r of [a, b]) assert.match(r.stdout, /^error\[invalid_json\]: .*\n  --> .*broken\.json at \(root\)\n.*broken\.json: invalid: 1 error\(s\), 0 warning\(s\)\n$/);
  const missing = npx("check", `${dir}/nope.json`);
  assert.equal(missing.status, 2);
  assert.equal(native("check", `${dir}/nope.json`).status, 2);
  assert.match(missing.stderr, /^error: .*nope\.json: cannot read: /);
  assert.equal(npx().status, 2);
  assert.match(npx("lint").stderr, /^usage: firstvalue check <config\.json>\.\.\./);
});
