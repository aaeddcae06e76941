// Interventions on the demo: the "Signed up N days ago" setting shows each nudge; shorter
// timers come from the config itself (the test serves the demo a config with seconds
// instead of days), never from a test-only hook.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, server, shot, axe } from "./support.mjs";

let browser, srv, url;
before(async () => { browser = await launch(); ({ server: srv, url } = await server()); });
after(async () => { await browser?.close(); srv?.close(); });

const demoConfig = JSON.parse(readFileSync(new URL("../../www/acme.config.json", import.meta.url), "utf8"));
const logged = (p) => p.evaluate(() => [...document.querySelectorAll("#log li")].map((li) => li.textContent).reverse());
const types = async (p) => (await logged(p)).map((t) => t.split(/\s{2,}/)[1]);
const inWidget = (p, sel) => p.locator(`#onboarding ${sel}`);
const visible = (p, sel) => p.evaluate((sel) => {
  const el = document.querySelector("#onboarding").shadowRoot.querySelector(sel);
  return !!el && el.checkVisibility();
}, sel);

/** A page of the demo; `tweak(config)` changes the config it is served, as a host would. */
async function demo({ tweak, colorScheme = "light", context } = {}) {
  const ctx = context ?? await browser.newContext({ colorScheme });
  const p = await ctx.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(String(e)));
  p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  if (tweak) {
    await p.route("**/acme.config.json", (route) => {
      const c = structuredClone(demoConfig);
      tweak(c);
      route.fulfill({ json: c });
    });
  }
  await p.goto(url);
  await p.waitForSelector("body[data-ready=true]");
  return { p, ctx, errors };
}

async function customer(p, segment, daysAgo) {
  await p.selectOption("#segment", segment);
  await p.selectOption("#signup", String(daysAgo));
  await p.waitForFunction((s) => window.checklist?.state().segment === s, segment);
}

for (const colorScheme of ["light", "dark"]) {
  test(`signed up 20 days ago: at risk, then missed; the help offer shows, is announced and passes axe (${colorScheme})`, async () => {
    const { p, ctx, errors } = await demo({ colorScheme });
    await customer(p, "enterprise", 20);
    await p.waitForFunction(() => document.querySelector("#onboarding").shadowRoot.querySelector(".help:not([hidden])"));
    await p.waitForTimeout(200);
    const seen = await types(p);
    assert.ok(seen.indexOf("goal_at_risk") >= 0 && seen.indexOf("goal_at_risk") < seen.indexOf("goal_missed"), seen.join(", "));
    assert.equal(seen.filter((t) => t === "checklist_stalled").length, 1, "20 days idle > stalledAfter P3D");
    assert.equal(await inWidget(p, ".help-title").textContent(), "Stuck? Your solutions engineer can help");
    assert.match(await p.evaluate(() => document.querySelector("#onboarding").shadowRoot.querySelector("[aria-live]").textContent), /Stuck\?/);
    assert.deepEqual(await axe(p), []);
    await shot(p, `nudges-help-${colorScheme}`);
    // The help action: action_clicked without a step, for the host to act on.
    await inWidget(p, "[data-act=help]").click();
    await p.waitForTimeout(100);
    const last = (await logged(p)).filter((t) => t.includes("action_clicked")).pop();
    assert.match(last, /"stepId":null,"help":true,"event":"book_onboarding_call"/);
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

test("signed up just now: no nudge and no help offer; one day ago on the team plan: at risk and stalled", async () => {
  const { p, ctx, errors } = await demo();
  await customer(p, "team", 0);
  await p.waitForTimeout(200);
  assert.equal(await visible(p, ".help"), false);
  assert.ok(!(await types(p)).some((t) => ["goal_at_risk", "checklist_stalled", "goal_missed"].includes(t)));
  await customer(p, "team", 1);
  await p.waitForTimeout(300);
  const seen = await types(p);
  assert.ok(seen.includes("goal_at_risk") && seen.includes("checklist_stalled") && !seen.includes("goal_missed"), seen.join(", "));
  assert.equal(await visible(p, ".help"), true);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("Remind me later: a menu of snoozeOptions hides the checklist; it comes back when the time is up, also after a reload", async () => {
  const { p, ctx, errors } = await demo({ tweak: (c) => { c.snoozeOptions = ["PT2S", "P1D"]; } });
  const menu = inWidget(p, "[data-act=snooze-menu]");
  assert.equal(await menu.textContent(), "Remind me later");
  await menu.click();
  assert.equal(await menu.getAttribute("aria-expanded"), "true");
  assert.deepEqual(await inWidget(p, ".menu [data-act=snooze]").allTextContents(), ["2 seconds", "1 day"]);
  await inWidget(p, ".menu [data-act=snooze]").first().click();
  assert.equal(await visible(p, ".panel"), false);
  assert.equal(await visible(p, ".launcher"), false);
  assert.match((await logged(p)).pop(), /checklist_snoozed\s+\{"until":\d+\}/);
  await p.reload();
  await p.waitForSelector("body[data-ready=true]");
  assert.equal(await visible(p, ".panel"), false, "still snoozed after a reload");
  await p.waitForFunction(() => document.querySelector("#onboarding").shadowRoot.querySelector(".panel").checkVisibility(), null, { timeout: 5000 });
  // The reloaded page's log: no checklist_shown at mount (snoozed), one when the snooze ended.
  assert.equal((await types(p)).filter((t) => t === "checklist_shown").length, 1);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a dismissed checklist is reshown after reshowAfter; stalled is announced once across two tabs", async () => {
  const fast = (c) => { for (const s of c.segments) { s.reshowAfter = "PT1S"; s.stalledAfter = "PT2S"; } };
  const { p, ctx, errors } = await demo({ tweak: fast });
  const other = await demo({ tweak: fast, context: ctx });
  await inWidget(p, "[data-act=dismiss]").click();
  assert.equal(await visible(p, ".panel"), false);
  await p.waitForFunction(() => document.querySelector("#onboarding").shadowRoot.querySelector(".panel").checkVisibility(), null, { timeout: 5000 });
  // Both tabs reshow for the same dismissal, and the claim lets one of them tell, a task
  // after the panel shows: whichever tab wins (asserting on this tab alone was a race).
  const told = async (type) => (await types(p)).concat(await types(other.p)).filter((t) => t === type).length;
  for (let waited = 0; waited < 5000 && await told("checklist_reshown") === 0; waited += 100) await p.waitForTimeout(100);
  assert.ok(await told("checklist_reshown") > 0);
  // Both tabs' timers fire for the same idle period; one of them tells.
  await p.waitForFunction(() => document.querySelector("#onboarding").shadowRoot.querySelector(".help:not([hidden])"), null, { timeout: 5000 });
  await other.p.waitForFunction(() => document.querySelector("#onboarding").shadowRoot.querySelector(".help:not([hidden])"), null, { timeout: 5000 });
  await p.waitForTimeout(500);
  assert.equal(await told("checklist_reshown"), 1);
  assert.equal(await told("checklist_stalled"), 1);
  assert.deepEqual(errors.concat(other.errors), []);
  await ctx.close();
});
