// Completion rules on the demo, as a user meets them: three charts, a page visited, a
// click on the host's own button, an account-wide step, counted across two tabs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server, page, shot, axe } from "./support.mjs";

let browser, srv, url;
before(async () => { browser = await launch(); ({ server: srv, url } = await server()); });
after(async () => { await browser?.close(); srv?.close(); });

const status = (p, step) => p.locator(`#onboarding [data-step=${step}]`).getAttribute("data-status");
const completed = (p) => p.evaluate(() => [...document.querySelectorAll("#log li")].map((li) => li.textContent)
  .filter((t) => t.includes("step_completed")).map((t) => JSON.parse(t.slice(t.indexOf("{")))).reverse());

async function enterprise(p) {
  await p.goto(url);
  await p.waitForSelector("body[data-ready=true]");
  await p.selectOption("#segment", "enterprise");
  await p.waitForFunction(() => window.checklist?.state().segment === "enterprise");
}

test("three charts, a report page and the host's invite button complete their steps", async () => {
  const errors = [];
  const p = await page(browser, errors);
  await enterprise(p);
  const ids = await p.locator("#onboarding li[data-step]").evaluateAll((li) => li.map((e) => e.dataset.step));
  assert.deepEqual(ids, ["connect_sso", "connect_data", "build_chart", "chart_library", "explore_reports", "add_teammates"]);

  await p.click("[data-track=datasource_connected]");
  // Tables do not count ("where": kind in bar, line); charts do, three of them.
  for (let i = 1; i <= 3; i++) await p.click("text=Save a table");
  assert.equal(await status(p, "chart_library"), "open");
  for (let i = 1; i <= 3; i++) {
    await p.click("text=Save a chart");
    assert.equal(await status(p, "chart_library"), i < 3 ? "open" : "done", `after chart ${i}`);
  }
  // The host's hash router: no track() call, the page rule follows the navigation.
  await p.click("a[href='#/reports/q3']");
  await p.waitForFunction(() => document.querySelector("#onboarding").shadowRoot
    .querySelector("[data-step=explore_reports]").dataset.status === "done");
  // The host's own button, with its own handler: the click rule (inside an "any") sees it.
  await p.click("[data-onboarding=invite]");
  assert.equal(await status(p, "add_teammates"), "done");
  const sources = (await completed(p)).map((e) => `${e.stepId}:${e.source}${e.rule === undefined ? "" : `#${e.rule}`}`);
  assert.deepEqual(sources, ["connect_data:event#0", "build_chart:event#0", "chart_library:event#0",
    "explore_reports:page#0", "add_teammates:click_target#0"]);
  await shot(p, "demo-rules");
  assert.deepEqual(await axe(p), []);

  // Counts and visited pages survive a reload; a half-done count too.
  await p.reload();
  await p.waitForSelector("body[data-ready=true]");
  await p.selectOption("#segment", "enterprise");
  await p.waitForFunction(() => window.checklist?.state().segment === "enterprise");
  assert.equal(await status(p, "chart_library"), "done");
  assert.equal(await status(p, "explore_reports"), "done");
  assert.deepEqual(errors, []);
});

test("a count is shared by two tabs without counting an event twice", async () => {
  const context = await browser.newContext();
  const [a, b] = [await context.newPage(), await context.newPage()];
  for (const p of [a, b]) await enterprise(p);
  await a.click("[data-track=datasource_connected]");
  await a.click("text=Save a chart");
  await a.click("text=Save a chart");
  await b.waitForTimeout(100);
  assert.equal(await status(b, "chart_library"), "open");
  await b.click("text=Save a chart");
  assert.equal(await status(b, "chart_library"), "done", "2 in one tab + 1 in the other");
  await a.waitForFunction(() => document.querySelector("#onboarding").shadowRoot
    .querySelector("[data-step=chart_library]").dataset.status === "done");
  // One step_completed for it across both tabs.
  await a.waitForTimeout(300);
  const told = [];
  for (const p of [a, b]) told.push(...(await completed(p)).filter((e) => e.stepId === "chart_library"));
  assert.equal(told.length, 1);
  await context.close();
});

test("an account step done by one user is done for a teammate; showIf hides it from a member", async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  await enterprise(p);
  await p.click("[data-track=sso_enabled]");
  assert.equal(await status(p, "connect_sso"), "done");
  const r = await p.evaluate(async () => {
    const { mount } = await import("/pkg/firstvalue.js");
    const config = await (await fetch("/acme.config.json")).json();
    const mk = (id, role) => {
      const el = document.body.appendChild(document.createElement("div"));
      const c = mount(el, config, { user: { id, traits: { plan: "enterprise", role } },
        account: { id: "acme-enterprise", traits: { plan: "enterprise" } } });
      const st = c.state();
      c.destroy();
      el.remove();
      return st.steps.find((s) => s.id === "connect_sso");
    };
    return { teammate: mk("teammate", "admin"), member: mk("member", "member") };
  });
  assert.equal(r.teammate.status, "done");
  assert.equal(r.member.status, "hidden");
  await context.close();
});
