// esbuild and Rollup, as a team with no wasm plugin uses them: they bundle `firstvalue/inline`
// (the wasm inlined, README "Use it from npm / a bundler"), and the bundle works in Chromium
// under the strict CSP, fetching no .wasm. Parcel 2 turns the default entry's
// `new URL("firstvalue_bg.wasm", import.meta.url)` into an asset: it bundles `firstvalue`. The package is installed the way npm would, as
// node_modules/firstvalue (a link to pkg/), so both resolve it through its `exports`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { build } from "esbuild";
import { rollup } from "rollup";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { launch, runBundledApp, server } from "./support.mjs";

const pages = new URL("./pages/", import.meta.url).pathname;
const out = `${pages}bundles/`;
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";
let browser, srv, url, plainSrv, plainUrl;
before(async () => {
  browser = await launch();
  ({ server: srv, url } = await server({ headers: () => ({ "content-security-policy": CSP }) }));
  ({ server: plainSrv, url: plainUrl } = await server());
  await rm(out, { recursive: true, force: true });
  await mkdir(`${out}node_modules`, { recursive: true });
  await symlink(new URL("../../pkg/", import.meta.url).pathname, `${out}node_modules/firstvalue`);
});
after(async () => { await browser?.close(); srv?.close(); plainSrv?.close(); if (!process.env.KEEP) await rm(out, { recursive: true, force: true }); });

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
  // The CLI, as a Parcel app is built: an HTML entry whose module imports the default entry.
  async parcel() {
    await mkdir(`${out}parcel-src`, { recursive: true });
    await writeFile(`${out}parcel-src/main.js`, `import init, { mount } from "firstvalue";
import { start } from "../../bundled-app.js";
await start(init, mount, "parcel_user");
`);
    await writeFile(`${out}parcel-src/index.html`, `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>firstvalue from a Parcel 2 bundle</title><link rel="icon" href="data:,"><script type="module" src="./main.js"></script>
</head><body><main><div id="onboarding"></div></main></body></html>`);
    const parcel = new URL("../node_modules/.bin/parcel", import.meta.url).pathname;
    await promisify(execFile)(parcel, ["build", `${out}parcel-src/index.html`, "--dist-dir", `${out}parcel`, "--public-url", "./",
      "--no-cache", "--cache-dir", `${out}.parcel-cache`, "--no-source-maps", "--log-level", "error"], { cwd: out });
  },
};
const PAGE = { esbuild: "esbuild.html", rollup: "rollup.html", parcel: "bundles/parcel/index.html" };

for (const [name, bundle] of Object.entries(bundlers)) {
  const entry = name === "parcel" ? "firstvalue" : "firstvalue/inline";
  test(`${name} bundles ${entry} with no configuration for the wasm, and the bundle runs`, async () => {
    await bundle();
    // Parcel writes its own inline import map into the page, which a strict CSP refuses (its
    // apps allow it with a hash): its bundle runs without the header.
    const r = await runBundledApp(browser, `${name === "parcel" ? plainUrl : url}__test__/${PAGE[name]}`);
    // The inlined entry fetches no wasm; Parcel's asset is fetched, and found.
    assert.deepEqual(r, { done: ["connect_data"], events: ["checklist_started", "checklist_shown", "step_completed"], rows: 4,
      wasm: name === "parcel" ? [200] : [], errors: [] });
  });
}
