// The TTFV report page (`firstvalue report --out`), as the demo serves it at /report.html:
// accessible in light and dark, and the numbers are the JSON's (one computation).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { launch, server, shot, axe } from "./support.mjs";

let browser, srv, url;
before(async () => { browser = await launch(); ({ server: srv, url } = await server()); });
after(async () => { await browser?.close(); srv?.close(); });

const root = new URL("../../", import.meta.url).pathname;
const cli = (...args) => execFileSync("cargo", ["run", "--quiet", "--bin", "firstvalue", "--", ...args], { cwd: root, maxBuffer: 1 << 26 });

test("the demo links its report; the page passes axe in light and dark and shows the JSON's numbers", async () => {
  const events = cli("simulate", "--users", "2000", "--seed", "1");
  const json = JSON.parse(execFileSync("cargo", ["run", "--quiet", "--bin", "firstvalue", "--", "report", "--config", "www/acme.config.json", "--format", "json"],
    { cwd: root, input: events, maxBuffer: 1 << 26 }));
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme });
    const p = await context.newPage();
    const errors = [];
    p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    await p.goto(url);
    await p.click("a[href='report.html']");
    await p.waitForSelector("h1");
    assert.equal(await p.locator("h1").textContent(), "Time to first value");
    assert.equal(await p.locator("script").count(), 0, "no scripts");
    const rows = await p.locator("table:not(.funnel) tbody tr").evaluateAll((trs) => trs.map((tr) =>
      [...tr.querySelectorAll("td")].map((td) => td.textContent.trim().split(" ")[0])));
    assert.deepEqual(rows.map((r) => r.slice(0, 6)), json.groups.map((g) => [g.users.started, g.users.reached,
      g.users.withinGoal, g.users.goalMissed, g.users.stillOpen, g.users.dismissed].map(String)));
    assert.equal(await p.locator("svg[role=img] path.curve").count(), json.groups.length);
    assert.equal(await p.locator("svg line.goal").count(), json.groups.filter((g) => g.goalMs != null).length);
    assert.deepEqual(await axe(p), []);
    await shot(p, `report-${colorScheme}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
