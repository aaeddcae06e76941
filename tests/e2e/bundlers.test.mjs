// esbuild and Rollup, as a team with no wasm plugin uses them: they bundle `firstvalue/inline`
// (the wasm inlined, README "Use it from npm / a bundler"), and the bundle works in Chromium
// under the strict CSP, fetching no .wasm. The package is installed the way npm would, as
// node_modules/firstvalue (a link to pkg/), so both resolve it through its `exports`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, rm, symlink } from "node:fs/promises";
import { build } from "esbuild";
import { rollup } from "rollup";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { launch, page, server } from "./support.mjs";

const pages = new URL("./pages/", import.meta.url).pathname;
const out = `${pages}bundles/`;
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";
let browser, srv, url;
before(async () => {
  browser = await launch();
  ({ server: srv, url } = await server({ headers: () => ({ "content-security-policy": CSP }) }));
  await rm(out, { recursive: true, force: true });
  await mkdir(`${out}node_modules`, { recursive: true });
  await symlink(new URL("../../pkg/", import.meta.url).pathname, `${out}node_modules/firstvalue`);
});
after(async () => { await browser?.close(); srv?.close(); if (!process.env.KEEP) await rm(out, { recursive: true, force: true }); });

const bundlers = {
  async esbuild() {
    await build({ entryPoints: [`${pages}inline-entry.js`], bundle: true, format: "esm", minify: true, logLevel: "silent",
      outfile: `${out}esbuild.js`, nodePaths: [`${out}node_modules`], conditions: ["production"] });
  },
  async rollup() {
    const bundle = await rollup({ input: `${pages}inline-entry.js`, onwarn: (w) => { throw new Error(w.message); },
      plugins: [nodeResolve({ modulePaths: [`${out}node_modules`], browser: true })] });
    await bundle.write({ file: `${out}rollup.js`, format: "es" });
    await bundle.close();
  },
};

for (const [name, bundle] of Object.entries(bundlers)) {
  test(`${name} bundles firstvalue/inline with no configuration for the wasm, and the bundle runs`, async () => {
    await bundle();
    const errors = [];
    const p = await page(browser, errors);
    await p.goto(`${url}__test__/${name}.html`);
    await p.waitForFunction(() => document.body.dataset.ready === "true");
    const r = await p.evaluate(() => ({ done: window.done, events: window.events,
      rows: document.querySelector("#onboarding").shadowRoot.querySelectorAll("li").length,
      wasm: performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".wasm")).length }));
    assert.deepEqual(r, { done: ["connect_data"], events: ["checklist_started", "checklist_shown", "step_completed"], rows: 4, wasm: 0 });
    assert.deepEqual(errors, []);
    await p.context().close();
  });
}
