// What a user sees and hears: accessibility (axe-core), keyboard, screen-reader text,
// minimize/reopen/dismiss, right-to-left, keyed updates. Screenshots go to e2e/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { axe, checkboxBoxes, checkboxContrast, launch, server, shot } from "./support.mjs";
import { decode, contrast, readCheckboxes } from "./png.mjs";

let browser, srv, url;
before(async () => { browser = await launch(); ({ server: srv, url } = await server()); });
after(async () => { await browser?.close(); srv?.close(); });

async function demo({ colorScheme = "light", reducedMotion = "reduce" } = {}) {
  const context = await browser.newContext({ colorScheme, reducedMotion, viewport: { width: 1280, height: 800 } });
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(String(e)));
  p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await p.goto(url);
  await p.waitForFunction(() => document.body.dataset.ready === "true");
  await p.evaluate(() => window.checklist.reset());
  return { p, context, errors };
}

const inWidget = (p, sel) => p.locator(`#onboarding ${sel}`);
const live = (p) => p.evaluate(() => document.querySelector("#onboarding").shadowRoot.querySelector("[aria-live]").textContent);
const focused = (p) => p.evaluate(() => {
  const root = document.querySelector("#onboarding").shadowRoot;
  const a = root.activeElement;
  if (!a) return document.activeElement?.id ?? "";
  const what = a.tagName === "INPUT" ? a.type : a.dataset.act ?? a.tagName;
  return (a.closest("li")?.dataset.step ?? "") + "|" + what;
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe: no violations, ${colorScheme}, expanded, minimized, completed`, async () => {
    const { p, context, errors } = await demo({ colorScheme });
    assert.deepEqual(await axe(p), [], "expanded");
    await shot(p, `ui-${colorScheme}-expanded`);
    await inWidget(p, "[data-act=minimize]").click();
    assert.deepEqual(await axe(p), [], "minimized");
    await shot(p, `ui-${colorScheme}-minimized`);
    await inWidget(p, "[data-act=open]").click();
    for (const e of ["datasource_connected", "chart_saved", "dashboard_shared"]) await p.evaluate((e) => checklist.track(e), e);
    await inWidget(p, "li[data-step=invite_team] [data-act=skip]").click();
    assert.equal((await p.evaluate(() => checklist.state())).completedAt !== null, true);
    assert.deepEqual(await axe(p), [], "completed");
    await shot(p, `ui-${colorScheme}-completed`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

for (const [colorScheme, theme] of [["light", null], ["dark", null], ["light", "dark"], ["dark", "light"]]) {
  test(`the checkboxes stand out: boundary and mark >= 3:1, ${colorScheme} page${theme ? `, data-fv-theme=${theme}` : ""}`, async () => {
    const { p, context, errors } = await demo({ colorScheme });
    if (theme) await p.evaluate((t) => document.querySelector("#onboarding").setAttribute("data-fv-theme", t), theme);
    const before = await p.evaluate(checkboxContrast, "#onboarding"); // unchecked and disabled
    await inWidget(p, "[data-step=invite_team] input[type=checkbox]").click();
    const r = { ...before, ...Object.fromEntries(Object.entries(await p.evaluate(checkboxContrast, "#onboarding")).filter(([k]) => k === "checked" || k === "mark")) };
    for (const [kind, value] of Object.entries(r)) assert.ok(value >= 3, `${kind}: ${value}:1 (${JSON.stringify(r)})`);
    const scheme = await p.evaluate(() => getComputedStyle(document.querySelector("#onboarding")).colorScheme);
    assert.equal(scheme, theme ?? colorScheme, "color-scheme follows the theme");
    await shot(p, `ui-checkbox-${colorScheme}${theme ? `-${theme}` : ""}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("forced colors (Windows high contrast): the checkboxes and the progress bar are drawn in system colours, >= 3:1", async () => {
  const context = await browser.newContext({ forcedColors: "active", reducedMotion: "reduce", viewport: { width: 1280, height: 800 } });
  const p = await context.newPage();
  await p.goto(url);
  await p.waitForFunction(() => document.body.dataset.ready === "true");
  await p.evaluate(() => window.checklist.reset());
  const where = { host: "#onboarding", open: "invite_team", locked: "build_chart" };
  const atBefore = await p.evaluate(checkboxBoxes, where);
  const before = decode(await p.screenshot());
  await inWidget(p, "[data-step=invite_team] input[type=checkbox]").click();
  const at = await p.evaluate(checkboxBoxes, where);
  const img = decode(await p.screenshot());
  const { markWhenUnchecked, ...boxes } = readCheckboxes(before, atBefore, img, at);
  // The progress bar's fill, a background colour forced colours would erase, stays drawn.
  const fill = await p.evaluate(() => document.querySelector("#onboarding").shadowRoot.querySelector(".fill").getBoundingClientRect().toJSON());
  const bar = contrast(img.at(Math.round((fill.x + 2) * at.scale), Math.round((fill.y + fill.height / 2) * at.scale)),
    img.at(Math.round(at.behind.x * at.scale), Math.round(at.behind.y * at.scale)));
  const r = { ...boxes, bar };
  for (const [kind, value] of Object.entries(r)) assert.ok(value >= 3, `${kind}: ${value}:1 ${JSON.stringify(r)}`);
  assert.ok(markWhenUnchecked < 1.5, `an unchecked box shows no mark: ${markWhenUnchecked}`);
  await shot(p, "ui-checkbox-forced-colors");
  await context.close();
});

test("keyboard only: Tab to a manual step, Space checks it, focus stays, live region says so", async () => {
  const { p, context } = await demo();
  let steps = 0;
  while ((await focused(p)) !== "invite_team|checkbox" && steps++ < 40) await p.keyboard.press("Tab");
  assert.equal(await focused(p), "invite_team|checkbox", "reachable by Tab");
  await p.keyboard.press("Space");
  assert.equal(await inWidget(p, "li[data-step=invite_team]").getAttribute("data-status"), "done");
  assert.equal(await focused(p), "invite_team|checkbox", "focus stays on the row that changed");
  assert.equal(await live(p), "Completed: \u2068Invite a teammate\u2069");
  // Locked steps are not operable; the lock reason is tied to the checkbox.
  const chart = inWidget(p, "li[data-step=build_chart] input");
  assert.equal(await chart.isDisabled(), true);
  assert.match(await inWidget(p, "li[data-step=build_chart] .lock").textContent(), /Requires: \u2068Connect a data source\u2069/);
  // Visible focus: the focused checkbox has an outline.
  await p.keyboard.press("Shift+Tab");
  const outline = await p.evaluate(() => getComputedStyle(document.querySelector("#onboarding").shadowRoot.activeElement).outlineStyle);
  assert.notEqual(outline, "none");
  await shot(p, "ui-keyboard");
  await context.close();
});

test("screen reader text: completions and first value are announced", async () => {
  const { p, context } = await demo();
  await p.click("[data-track=datasource_connected]");
  assert.equal(await live(p), "Completed: \u2068Connect a data source\u2069");
  await p.click("[data-track=dashboard_shared]");
  assert.equal(await live(p), "You reached first value!");
  assert.equal(await inWidget(p, ".milestone").isVisible(), true);
  await shot(p, "ui-first-value");
  await context.close();
});

test("minimize, reopen and dismiss, with sensible focus", async () => {
  const { p, context } = await demo();
  await inWidget(p, "[data-act=minimize]").click();
  assert.equal(await inWidget(p, ".panel").isVisible(), false);
  assert.match(await inWidget(p, ".launcher").textContent(), /Get started · 3 left/);
  assert.equal(await focused(p), "|open", "focus moves to the launcher");
  await p.keyboard.press("Enter");
  assert.equal(await inWidget(p, ".panel").isVisible(), true);
  assert.equal(await focused(p), "|minimize", "focus returns into the panel");
  await inWidget(p, "[data-act=dismiss]").click();
  assert.equal(await inWidget(p, ".panel").isVisible(), false);
  assert.equal(await inWidget(p, ".launcher").isVisible(), false);
  assert.equal((await p.evaluate(() => checklist.state())).dismissed, true);
  await p.reload();
  await p.waitForFunction(() => document.body.dataset.ready === "true");
  assert.equal(await inWidget(p, ".panel").isVisible(), false, "dismissal is remembered");
  await p.evaluate(() => checklist.open());
  assert.equal(await inWidget(p, ".panel").isVisible(), true);
  await context.close();
});

test("skipping keeps focus on the row", async () => {
  const { p, context } = await demo();
  await inWidget(p, "li[data-step=invite_team] [data-act=skip]").focus();
  await p.keyboard.press("Enter");
  assert.equal(await inWidget(p, "li[data-step=invite_team]").getAttribute("data-status"), "skipped");
  assert.equal(await focused(p), "invite_team|LI");
  await context.close();
});

test("right to left: the widget follows dir=rtl and the labels come from config text", async () => {
  const { p, context, errors } = await demo();
  await p.selectOption("#lang", "ar");
  await p.waitForFunction(() => document.documentElement.dir === "rtl");
  const dir = await p.evaluate(() => getComputedStyle(document.querySelector("#onboarding").shadowRoot.querySelector(".panel")).direction);
  assert.equal(dir, "rtl");
  assert.equal(await inWidget(p, ".count").textContent(), "0 من 3 مكتملة");
  const [check, title] = await p.evaluate(() => {
    const li = document.querySelector("#onboarding").shadowRoot.querySelector("li");
    return [li.querySelector("input").getBoundingClientRect().x, li.querySelector(".name").getBoundingClientRect().x];
  });
  assert.ok(check > title, "the checkbox sits on the right in RTL");
  assert.deepEqual(await axe(p), []);
  await shot(p, "ui-rtl");
  assert.deepEqual(errors, []);
  await context.close();
});

test("keyed updates: a track() touches only the rows whose status changed", async () => {
  const { p, context } = await demo();
  const touched = await p.evaluate(async () => {
    const root = document.querySelector("#onboarding").shadowRoot;
    const rows = [...root.querySelectorAll("li[data-step]")];
    const seen = new Set();
    const mo = new MutationObserver((records) => { for (const r of records) { const li = r.target.closest?.("li[data-step]"); if (li) seen.add(li.dataset.step); } });
    mo.observe(root.querySelector("ol"), { subtree: true, attributes: true, childList: true, characterData: true });
    checklist.track("datasource_connected");
    await new Promise((r) => setTimeout(r, 0));
    mo.disconnect();
    const same = rows.every((li, i) => root.querySelectorAll("li[data-step]")[i] === li);
    return { seen: [...seen].sort(), same };
  });
  assert.deepEqual(touched.seen, ["build_chart", "connect_data"]);
  assert.equal(touched.same, true, "rows are the same nodes");
  await context.close();
});

test("themes, floating placement and compact density are CSS only", async () => {
  const { p, context } = await demo();
  await p.selectOption("#theme", "sunset");
  await p.check("#floating");
  await p.check("#dark");
  const style = await p.evaluate(() => {
    const host = document.querySelector("#onboarding");
    const panel = host.shadowRoot.querySelector(".panel");
    return { position: getComputedStyle(host).position, radius: getComputedStyle(panel).borderTopLeftRadius, bg: getComputedStyle(panel).backgroundColor };
  });
  assert.equal(style.position, "fixed");
  assert.equal(style.radius, "20px");
  assert.equal(style.bg, "rgb(17, 24, 39)");
  assert.deepEqual(await axe(p), []);
  await shot(p, "ui-floating-dark-sunset");
  await context.close();
});
