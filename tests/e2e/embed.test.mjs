// The README example (www/embed.html + embed.js) works as written.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server, page } from "./support.mjs";

let browser, srv, url;
before(async () => { browser = await launch(); ({ server: srv, url } = await server()); });
after(async () => { await browser?.close(); srv?.close(); });

test("the README embedding example reaches first value and reports it", async () => {
  const errors = [];
  const p = await page(browser, errors);
  await p.goto(`${url}embed.html`);
  await p.waitForFunction(() => window.checklist);
  // first_value is claimed through a Web Lock first: it arrives a task or two after track().
  await p.waitForFunction(() => document.querySelector("#out").textContent !== "");
  assert.equal(await p.locator("#out").textContent(), "First value after 72 h — within the goal.");
  const s = await p.evaluate(() => window.checklist.state());
  assert.equal(s.segment, "enterprise");
  assert.equal(s.done, 3);
  assert.equal(s.total, 6);
  assert.deepEqual(errors, []);
});
