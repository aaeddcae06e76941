// A webpack 5 production build of an app that uses the package as its README says (no
// plugin, no config for the wasm): it bundles, and the bundle works in Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import webpack from "webpack";
import { launch, runBundledApp, server } from "./support.mjs";

const pages = new URL("./pages/", import.meta.url).pathname;
let browser, srv, url;
before(async () => { browser = await launch(); ({ server: srv, url } = await server()); });
after(async () => { await browser?.close(); srv?.close(); if (!process.env.KEEP) await rm(`${pages}webpack`, { recursive: true, force: true }); });

test("webpack 5 bundles the package with no configuration for the wasm, and the bundle runs", async () => {
  const stats = await new Promise((ok, fail) => webpack({
    mode: "production",
    context: pages,
    entry: "./webpack-entry.js",
    output: { path: `${pages}webpack`, filename: "main.js", publicPath: "/__test__/webpack/", module: true, chunkFormat: "module" },
    experiments: { outputModule: true, topLevelAwait: true },
    // The package as installed from npm: resolved by name to the built pkg/ folder.
    resolve: { alias: { firstvalue: new URL("../../pkg/", import.meta.url).pathname } },
  }, (err, s) => (err ? fail(err) : ok(s))));
  const info = stats.toJson({ all: false, errors: true, warnings: true, assets: true });
  assert.deepEqual(info.errors, []);
  assert.deepEqual(info.warnings.map((w) => w.message), []);
  assert.ok(info.assets.some((a) => a.name.endsWith(".wasm")), "the wasm is emitted as an asset");
  const r = await runBundledApp(browser, `${url}__test__/webpack.html`);
  assert.deepEqual(r, { done: ["connect_data"], events: ["checklist_started", "checklist_shown", "step_completed"], rows: 4,
    wasm: [200], errors: [] });
  const bundle = await (await fetch(`${url}__test__/webpack/main.js`)).text();
  assert.ok(!bundle.includes(new URL("../..", import.meta.url).pathname), "no build-machine path in the bundle");
});
