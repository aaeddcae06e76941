// The README's Vue 3, Svelte 5, Next.js and Angular recipes, in the apps of www/frameworks/
// (one Vite project, a page each), www/next/ (App Router, a static export) and www/angular/
// (Angular 21, firstvalue/inline), each built from its lockfile by `make test-frameworks`,
// driven in Chromium: they
// render once, product buttons track() steps to first value (announced once), the component
// unmounts and remounts with the stored progress, and leaving before init() resolves mounts
// nothing and throws nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { devServer, freePort, launch, page, server } from "./support.mjs";

let browser, srv, url;
before(async () => { browser = await launch(); ({ server: srv, url } = await server()); });
after(async () => { await browser?.close(); srv?.close(); });

const widgets = (p) => p.evaluate(() => [...document.querySelectorAll(".onboarding")]
  .map((d) => [...(d.shadowRoot?.querySelectorAll("li[data-step]") ?? [])].map((li) => `${li.dataset.step}:${li.dataset.status}`)));
const log = (p) => p.evaluate(() => [...document.querySelectorAll("[aria-label='Event log'] li")].map((li) => li.textContent));

const PAGES = { vue: "frameworks/dist/vue.html", svelte: "frameworks/dist/svelte.html", next: "next/out/",
  angular: "angular/dist/browser/index.html" };

for (const [fw, path] of Object.entries(PAGES)) {
  test(`${fw}: renders once, track() reaches first value once, unmount and remount keep the progress`, async () => {
    const errors = [];
    const p = await page(browser, errors);
    await p.goto(`${url}${path}`);
    await p.waitForFunction(() => document.querySelector(".onboarding")?.shadowRoot?.querySelector("li"));
    assert.deepEqual(await widgets(p), [["connect_data:open", "build_chart:locked", "share_dashboard:locked", "invite_team:open"]]);
    for (const name of ["Connect a data source", "Save a chart", "Share a dashboard"]) await p.click(`text=${name}`);
    await p.waitForFunction(() => document.querySelector("[role=status]").textContent !== "");
    assert.match(await p.evaluate(() => document.querySelector("[role=status]").textContent), /^First value in \d+ s$/);
    await p.waitForTimeout(200); // anything that would arrive twice has arrived by now
    assert.equal((await log(p)).filter((t) => t === "first_value").length, 1);
    await p.click("#toggle"); // unmount: destroy() (Angular renders the change a task later)
    await p.waitForFunction(() => !document.querySelector(".onboarding"));
    assert.equal(await p.evaluate(() => [...document.querySelectorAll("*")].some((e) => e.shadowRoot?.querySelector("li"))), false);
    await p.click("#toggle"); // mount again: the stored progress comes back
    await p.waitForFunction(() => document.querySelector(".onboarding")?.shadowRoot?.querySelector("li"));
    assert.deepEqual(await widgets(p), [["connect_data:done", "build_chart:done", "share_dashboard:done", "invite_team:open"]]);
    assert.equal((await log(p)).filter((t) => t === "first_value").length, 1, "not announced again");
    assert.deepEqual(errors, []);
    await p.context().close();
  });

  test(`${fw}: the component leaves before init() resolves: nothing is mounted, nothing throws`, async () => {
    const errors = [];
    const p = await page(browser, errors);
    // init() is held where every entry passes, the wasm's instantiation (streamed from a
    // file, or from the bytes firstvalue/inline carries), until the component has left.
    await p.addInitScript(() => {
      let go;
      const gate = new Promise((r) => { go = r; });
      window.releaseInit = () => go();
      for (const name of ["instantiate", "instantiateStreaming"]) {
        const original = WebAssembly[name];
        WebAssembly[name] = (...args) => gate.then(() => original.apply(WebAssembly, args));
      }
    });
    await p.goto(`${url}${path}`);
    await p.waitForSelector("#toggle");
    assert.deepEqual(await widgets(p), [[]], "init() has not resolved yet");
    await p.click("#toggle"); // a route change while init() is still on its way
    await p.waitForFunction(() => !document.querySelector(".onboarding"));
    await p.evaluate(() => window.releaseInit());
    await p.waitForTimeout(500);
    assert.deepEqual(await widgets(p), []);
    assert.equal(await p.evaluate(() => document.querySelectorAll("*").length > 0 && [...document.querySelectorAll("*")]
      .some((e) => e.shadowRoot?.querySelector("li"))), false, "no widget anywhere");
    await p.click("#toggle");
    await p.waitForFunction(() => document.querySelector(".onboarding")?.shadowRoot?.querySelector("li"));
    assert.equal((await widgets(p)).length, 1);
    assert.deepEqual(errors, []);
    await p.context().close();
  });
}

// `ng serve` pre-bundles the dependencies into a cache folder of its own (Vite's optimizer):
// the package must work from there too, not only from `ng build`.
test("angular: ng serve, the dev server: renders, track() reaches first value", { timeout: 120_000 }, async () => {
  const app = new URL("../../www/angular/", import.meta.url).pathname;
  const { url: devUrl, stop } = await devServer(`${app}node_modules/.bin/ng`,
    ["serve", "--host", "127.0.0.1", "--port", String(await freePort())],
    { cwd: app, env: { ...process.env, NG_CLI_ANALYTICS: "false" }, timeout: 90_000 });
  try {
    const errors = [];
    const p = await page(browser, errors);
    await p.goto(devUrl);
    await p.waitForFunction(() => document.querySelector(".onboarding")?.shadowRoot?.querySelector("li"), null, { timeout: 30_000 });
    assert.deepEqual(await widgets(p), [["connect_data:open", "build_chart:locked", "share_dashboard:locked", "invite_team:open"]]);
    for (const name of ["Connect a data source", "Save a chart", "Share a dashboard"]) await p.click(`text=${name}`);
    await p.waitForFunction(() => document.querySelector("[role=status]").textContent !== "");
    assert.deepEqual(errors, []);
    await p.context().close();
  } finally {
    stop();
  }
});
