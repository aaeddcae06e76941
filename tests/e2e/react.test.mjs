// The React example (www/react: Vite + React + TypeScript, StrictMode on), as built by
// `make test-react`, and under Vite's dev server, where StrictMode runs every effect twice:
// one checklist renders, product buttons complete steps through track(), first_value once.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { devServer, launch, page, server } from "./support.mjs";

const REACT = new URL("../../www/react/", import.meta.url);
let browser, srv, url;
before(async () => { browser = await launch(); ({ server: srv, url } = await server()); });
after(async () => { await browser?.close(); srv?.close(); });

/** Clicks the product buttons and reads what the page shows. */
async function drive(p) {
  await p.waitForFunction(() => document.querySelector(".onboarding")?.shadowRoot?.querySelector("li"));
  for (const name of ["Connect a data source", "Save a chart", "Share a dashboard"]) {
    await p.getByRole("button", { name }).click();
  }
  await p.waitForFunction(() => document.querySelector("[role=status]").textContent !== "");
  await p.waitForTimeout(200); // anything that would arrive twice has arrived by now
  return p.evaluate(() => ({
    widgets: [...document.querySelectorAll(".onboarding")].filter((d) => d.shadowRoot?.querySelector("li")).length,
    rows: [...document.querySelector(".onboarding").shadowRoot.querySelectorAll("li")].map((li) => `${li.dataset.step}:${li.dataset.status}`),
    log: [...document.querySelectorAll("[aria-label='Event log'] li")].map((li) => li.textContent),
    status: document.querySelector("[role=status]").textContent,
  }));
}

function check(r) {
  assert.equal(r.widgets, 1, "one checklist");
  assert.deepEqual(r.rows.slice(0, 3), ["connect_data:done", "build_chart:done", "share_dashboard:done"]);
  assert.equal(r.log.filter((t) => t === "first_value").length, 1);
  assert.equal(r.log.filter((t) => t === "checklist_started").length, 1);
  assert.match(r.status, /^First value in \d+ s$/);
}

test("the Vite production build: renders once, buttons complete steps, first_value once, no console error", async () => {
  const errors = [];
  const p = await page(browser, errors);
  await p.goto(`${url}react/dist/index.html`);
  check(await drive(p));
  assert.deepEqual(errors, []);
  await p.context().close();
});

test("the Vite dev server (StrictMode runs effects twice): still one checklist and one first_value", async () => {
  const { url: devUrl, stop } = await devServer(new URL("node_modules/.bin/vite", REACT).pathname,
    ["--host", "127.0.0.1", "--port", "0", "--strictPort=false"], { cwd: REACT });
  try {
    const errors = [];
    const p = await page(browser, errors);
    await p.goto(devUrl);
    check(await drive(p));
    assert.deepEqual(errors.filter((e) => !/React DevTools/.test(e)), []);
    await p.context().close();
  } finally {
    stop();
  }
});
