// The README's Vue 3, Svelte 5 and Next.js recipes, in the apps of www/frameworks/ (one Vite
// project, a page each) and www/next/ (App Router, a static export), each built from its
// lockfile by `make test-frameworks`, driven in Chromium: they
// render once, product buttons track() steps to first value (announced once), the component
// unmounts and remounts with the stored progress, and leaving before init() resolves mounts
// nothing and throws nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, page, server } from "./support.mjs";

let browser, srv, url;
before(async () => { browser = await launch(); ({ server: srv, url } = await server()); });
after(async () => { await browser?.close(); srv?.close(); });

const widgets = (p) => p.evaluate(() => [...document.querySelectorAll(".onboarding")]
  .map((d) => [...(d.shadowRoot?.querySelectorAll("li[data-step]") ?? [])].map((li) => `${li.dataset.step}:${li.dataset.status}`)));
const log = (p) => p.evaluate(() => [...document.querySelectorAll("[aria-label='Event log'] li")].map((li) => li.textContent));

const PAGES = { vue: "frameworks/dist/vue.html", svelte: "frameworks/dist/svelte.html", next: "next/out/" };

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
    await p.click("#toggle"); // unmount: destroy()
    assert.deepEqual(await widgets(p), []);
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
    let release;
    const held = new Promise((r) => { release = r; });
    await p.route("**/*.wasm", async (route) => { await held; await route.continue(); });
    await p.goto(`${url}${path}`);
    await p.click("#toggle"); // a route change while the wasm is still on its way
    release();
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
