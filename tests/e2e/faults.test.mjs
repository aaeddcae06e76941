// Fault injection in Chromium: for each fault, what the user sees, what onError receives,
// and that no progress already saved is lost. The closing table of issue 6 comes from here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server } from "./support.mjs";

let browser, srv, url;
before(async () => { browser = await launch(); ({ server: srv, url } = await server()); });
after(async () => { await browser?.close(); srv?.close(); });

const KEY = "firstvalue:e2e:u1";
const SAVED = () => JSON.stringify({ v: 1, g: 0, s: 1_000, d: { connect: [2_000, "d", "e"] }, cs: 1_000 });

// `dev`: the development build, whose onError messages are prose (the production build's
// message is the code, or the host's own words).
async function open(context, setup, arg, { dev = false } = {}) {
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(String(e)));
  if (setup) await p.addInitScript(setup, arg);
  await p.goto(`${url}__test__/harness.html${dev ? "?dev" : ""}`);
  await p.waitForFunction(() => document.body.dataset.ready === "true");
  return { p, errors };
}
const visible = (p) => p.evaluate(() => {
  const root = document.querySelector("#a").shadowRoot;
  return root && !root.querySelector(".panel").hidden && !document.querySelector("#a").hasAttribute("data-fv-loading");
});

test("localStorage disabled (throws on access): storage_unavailable, works in memory", async () => {
  const context = await browser.newContext();
  const { p, errors } = await open(context, () => {
    Object.defineProperty(window, "localStorage", { get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });
  });
  const r = await p.evaluate(() => { window.c = fv.mount("#a", config, opts()); return { done: c.track("connected"), faults }; });
  assert.deepEqual(r.done, ["connect"]);
  assert.equal(r.faults[0].code, "storage_unavailable");
  assert.match(r.faults[0].message, /insecure/);
  assert.equal(await visible(p), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("corrupt localStorage: storage_corrupt, a fresh start that saves again", async () => {
  const context = await browser.newContext();
  const { p } = await open(context, (k) => localStorage.setItem(k, "{\"v\":1,\"s\":"), KEY);
  const r = await p.evaluate(() => { window.c = fv.mount("#a", config, opts()); c.track("connected"); return faults; });
  assert.equal(r[0].code, "storage_corrupt");
  assert.equal(await visible(p), true);
  assert.match(await p.evaluate((k) => localStorage.getItem(k), KEY), /"connect":\[/);
  await context.close();
});

test("one bad field in stored progress: every readable fact kept, reported, the text copied to #corrupt", async () => {
  const good = { v: 2, g: 0, s: 1_000, d: { connect: [2_000, "d", "e"] }, cs: 1_000 };
  const damaged = [
    JSON.stringify({ ...good, s: String(good.s) }),
    JSON.stringify({ ...good, s: -1 }),
    JSON.stringify({ ...good, v: "2" }),
    JSON.stringify({ ...good, g: 1e14 }),
    JSON.stringify(good).replace('"d":', '"x":' + "[".repeat(100) + "]".repeat(100) + ',"d":'),
    JSON.stringify(good).slice(0, -12),
  ];
  for (const text of damaged) {
    const context = await browser.newContext();
    const { p, errors } = await open(context, ([k, v]) => localStorage.setItem(k, v), [KEY, text], { dev: true });
    const r = await p.evaluate((k) => {
      window.c = fv.mount("#a", config, opts());
      const before = c.state();
      c.track("chart_saved");
      return { before, faults, copy: localStorage.getItem(k + "#corrupt"), stored: localStorage.getItem(k) };
    }, KEY);
    assert.equal(r.before.steps.find((s) => s.id === "connect").status, "done", `kept from ${text}`);
    assert.equal(r.before.steps.find((s) => s.id === "connect").completedAt, 2_000, text);
    assert.ok([1_000, 2_000].includes(r.before.startedAt), `start from the record or its earliest fact: ${text}`);
    assert.equal(r.faults[0].code, "storage_corrupt", text);
    assert.match(r.faults[0].message, /the text is kept under "firstvalue:e2e:u1#corrupt"; what could be read is kept$/);
    assert.equal(r.copy, text, "the damaged text is kept for the host to inspect");
    assert.match(r.stored, /"connect":\[2000,"d","e"\]/, "the next save keeps the salvaged fact");
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("damaged stored progress that cannot be copied (a full quota) is never written over", async () => {
  const context = await browser.newContext();
  const damaged = JSON.stringify({ v: 2, g: 0, s: "1000", d: { connect: [2_000, "d", "e"], later: { unreadable: true } }, cs: 1_000 });
  const { p, errors } = await open(context, ([k, v]) => localStorage.setItem(k, v), [KEY, damaged], { dev: true });
  const r = await p.evaluate((k) => {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, v) {
      if (key.endsWith("#corrupt")) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return set.call(this, key, v);
    };
    window.c = fv.mount("#a", config, opts());
    c.track("chart_saved");
    Storage.prototype.setItem = set;
    return { state: c.state(), faults, stored: localStorage.getItem(k) };
  }, KEY);
  assert.equal(r.stored, damaged, "the damaged text is left as it was");
  assert.equal(r.state.steps.find((s) => s.id === "connect").status, "done", "what could be read is shown");
  assert.equal(r.state.steps.find((s) => s.id === "chart").status, "done", "and the page works in memory");
  const corrupt = r.faults.find((f) => f.code === "storage_corrupt");
  assert.match(corrupt.message, /no copy could be stored \(.*quota.*\); it is kept as is and this page works in memory/i);
  assert.deepEqual(errors, []);
  await context.close();
});

test("hand-edited between reloads: bad entries dropped and reported, good ones kept", async () => {
  const context = await browser.newContext();
  const edited = JSON.stringify({ v: 1, s: 1000, d: { connect: [2000, "d", "e"], chart: "done!!", "<img>": [1, "d"] }, cs: 1000 });
  for (const dev of [true, false]) {
    const { p } = await open(context, ([k, v]) => localStorage.setItem(k, v), [KEY, edited], { dev });
    const r = await p.evaluate(() => { window.c = fv.mount("#a", config, opts()); return { state: c.state(), faults }; });
    assert.equal(r.state.steps.find((s) => s.id === "connect").status, "done", "saved progress kept");
    assert.equal(r.faults[0].code, "storage_corrupt");
    // The development build says what was wrong; the production build's message is the code.
    if (dev) assert.match(r.faults[0].message, /2 unreadable step entries/);
    else assert.equal(r.faults[0].message, "storage_corrupt");
    await p.close();
  }
  await context.close();
});

test("production build: a fault's message is its code, or the host's own words", async () => {
  const context = await browser.newContext();
  const { p } = await open(context, () => {
    Object.defineProperty(window, "localStorage", { get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });
  });
  const r = await p.evaluate(() => {
    window.c = fv.mount("#a", config, opts({ startedAt: Date.now() + 3_600_000 }));
    c.track("connected", 42);
    return faults;
  });
  assert.deepEqual(r.map((f) => [f.code, f.message]), [
    ["clock_skew", "clock_skew"],
    ["storage_unavailable", "The operation is insecure."],
    ["invalid_argument", "it is a number"],
  ]);
  await context.close();
});

test("a snapshot from a newer firstvalue: storage_newer, kept untouched, this page works in memory", async () => {
  const context = await browser.newContext();
  const newer = JSON.stringify({ v: 7, s: 1000, future: true });
  const { p } = await open(context, ([k, v]) => localStorage.setItem(k, v), [KEY, newer]);
  const r = await p.evaluate(() => { window.c = fv.mount("#a", config, opts()); c.track("connected"); return { done: c.state().done, faults }; });
  assert.equal(r.faults[0].code, "storage_newer");
  assert.equal(r.done, 1);
  assert.equal(await p.evaluate((k) => localStorage.getItem(k), KEY), newer, "never overwritten");
  await context.close();
});

for (const [name, load, code] of [
  ["returns garbage (a number)", "() => 42", "storage_corrupt"],
  ["returns garbage (an object)", "() => ({ v: 1 })", "storage_corrupt"],
  ["resolves to garbage", "() => Promise.resolve([1, 2])", "storage_corrupt"],
  ["rejects", "() => Promise.reject(new Error('offline'))", "storage_read_failed"],
]) {
  test(`host adapter load ${name}: ${code}, the widget shows and works`, async () => {
    const context = await browser.newContext();
    const { p, errors } = await open(context);
    await p.evaluate((load) => {
      window.c = fv.mount("#a", config, opts({ storage: { load: (0, eval)(load), save() {} } }));
    }, load);
    await p.waitForFunction(() => faults.length > 0);
    assert.equal(await p.evaluate(() => faults[0].code), code);
    await p.waitForFunction(() => !document.querySelector("#a").hasAttribute("data-fv-loading"));
    assert.deepEqual(await p.evaluate(() => c.track("connected")), ["connect"]);
    assert.equal(await visible(p), true);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("a slow host adapter (2 s): hidden meanwhile, then the saved progress, no event lost", async () => {
  const context = await browser.newContext();
  const { p } = await open(context);
  await p.evaluate((saved) => {
    window.c = fv.mount("#a", config, opts({ storage: { load: () => new Promise((ok) => setTimeout(() => ok(saved), 2000)), save() {} } }));
    c.track("chart_saved");
  }, SAVED());
  assert.equal(await visible(p), false);
  await p.waitForFunction(() => c.state().firstValueAt !== null, null, { timeout: 5000 });
  assert.equal(await visible(p), true);
  const s = await p.evaluate(() => c.state());
  assert.equal(s.steps.find((x) => x.id === "connect").status, "done", "saved progress");
  assert.equal(s.steps.find((x) => x.id === "chart").status, "done", "the queued track");
  await context.close();
});

test("the page closing right after a change: the saved progress is there on return", async () => {
  const context = await browser.newContext();
  let { p } = await open(context);
  await p.evaluate(() => { fv.mount("#a", config, opts()).track("connected"); });
  await p.close();
  ({ p } = await open(context));
  assert.equal(await p.evaluate(() => fv.mount("#a", config, opts()).state().done), 1);
  // An async adapter whose save has not finished when the page closes: what it saved before stays.
  const db = await context.newPage();
  await db.goto(`${url}__test__/harness.html`);
  await db.waitForFunction(() => document.body.dataset.ready === "true");
  await db.evaluate(() => {
    const slowSave = (k, v) => new Promise((ok) => setTimeout(() => { localStorage.setItem("slow:" + k, v); ok(); }, 400));
    window.c = fv.mount("#b", config, opts({ user: { id: "slow", traits: { plan: "pro" } }, storage: { load: (k) => localStorage.getItem("slow:" + k), save: slowSave } }));
    c.track("connected");
  });
  await db.waitForTimeout(600);
  await db.evaluate(() => c.track("chart_saved"));
  await db.close();
  ({ p } = await open(context));
  const st = await p.evaluate(() => fv.mount("#b", config, opts({ user: { id: "slow", traits: { plan: "pro" } },
    storage: { load: (k) => localStorage.getItem("slow:" + k), save() {} } })).state());
  assert.equal(st.steps.find((x) => x.id === "connect").status, "done", "what was saved before the close");
  await context.close();
});

test("two tabs writing at once: both changes survive in both tabs and in storage", async () => {
  const context = await browser.newContext();
  const { p: a } = await open(context);
  const { p: b } = await open(context);
  await Promise.all([a, b].map((p) => p.evaluate(() => { window.c = fv.mount("#a", config, opts()); })));
  await Promise.all([a.evaluate(() => c.track("connected")), b.evaluate(() => c.skip("invite"))]);
  for (const p of [a, b]) {
    await p.waitForFunction(() => c.state().done === 2, null, { timeout: 5000 });
  }
  const stored = JSON.parse(await a.evaluate((k) => localStorage.getItem(k), KEY));
  assert.deepEqual(Object.keys(stored.d).sort(), ["connect", "invite"]);
  await context.close();
});

test("a newer snapshot written by another tab after mount is never overwritten", async () => {
  const context = await browser.newContext();
  const { p } = await open(context);
  const newer = JSON.stringify({ v: 7, s: 1000, future: true });
  const r = await p.evaluate(([k, newer]) => {
    window.c = fv.mount("#a", config, opts());
    c.track("connected");
    // Another tab, running a newer firstvalue, writes its format (same-page writes fire
    // no storage event: the catch-up read before the next action must see it).
    localStorage.setItem(k, newer);
    c.track("chart_saved");
    c.skip("invite");
    return { stored: localStorage.getItem(k), codes: faults.map((f) => f.code), done: c.state().done };
  }, [KEY, newer]);
  assert.equal(r.stored, newer, "the newer format is left as it is");
  assert.ok(r.codes.includes("storage_newer"));
  assert.equal(r.done, 3, "this page carries on in memory");
  await context.close();
});
