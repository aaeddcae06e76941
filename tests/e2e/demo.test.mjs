// The demo host app, driven as a user would in Debian's Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server, page, shot } from "./support.mjs";

let browser, srv, url;
before(async () => { browser = await launch(); ({ server: srv, url } = await server()); });
after(async () => { await browser?.close(); srv?.close(); });

const steps = (p) => p.locator("#onboarding li[data-step]");

test("the demo shows the checklist in a shadow root and a click checks a manual step off", async () => {
  const errors = [];
  const p = await page(browser, errors);
  await p.goto(url);
  await p.waitForSelector("body[data-ready=true]");
  assert.equal(await p.locator("#onboarding h2").textContent(), "Get started with Acme");
  assert.deepEqual(await steps(p).evaluateAll((li) => li.map((e) => e.dataset.step)), ["connect_data", "build_chart", "invite_team"]);
  assert.ok(await p.evaluate(() => document.querySelector("#onboarding").shadowRoot !== null));
  assert.equal(await p.locator("#onboarding [data-step=build_chart]").getAttribute("data-status"), "locked");
  await shot(p, "demo-start");

  // invite_team is manual: the user checks it off.
  await p.locator("#onboarding [data-step=invite_team] input[type=checkbox]").click();
  assert.equal(await p.locator("#onboarding [data-step=invite_team]").getAttribute("data-status"), "done");
  const state = await p.evaluate(() => window.checklist.state());
  assert.equal(state.steps.find((s) => s.id === "invite_team").status, "done");
  assert.equal(state.done, 1);
  assert.equal(state.total, 3);
  assert.equal(await p.locator("#onboarding [role=progressbar]").getAttribute("aria-valuenow"), "33");
  assert.match(await p.locator("#log").textContent(), /step_completed.*"stepId":"invite_team","source":"click"/);

  // Product actions call track(): the locked step unlocks, then first value by event.
  await p.click("[data-track=datasource_connected]");
  assert.equal(await p.locator("#onboarding [data-step=build_chart]").getAttribute("data-status"), "open");
  await p.click("[data-track=dashboard_shared]");
  // first_value is claimed (a Web Lock) before it is announced: it arrives a task or two later.
  await p.waitForFunction(() => document.querySelector("#ttfv").textContent !== "");
  assert.match(await p.locator("#ttfv").textContent(), /First value reached in \d+ s — within the 30 min goal/);
  await shot(p, "demo-first-value");

  // Progress survives a reload.
  await p.reload();
  await p.waitForSelector("body[data-ready=true]");
  assert.equal(await p.locator("#onboarding [data-step=invite_team]").getAttribute("data-status"), "done");
  assert.deepEqual(errors, []);
});
