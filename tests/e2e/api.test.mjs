// The embedding API from a plain host page: persistence, tabs, adapters, faults, timers.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { harness, launch, server } from "./support.mjs";

let browser, srv, url;
before(async () => { browser = await launch(); ({ server: srv, url } = await server()); });
after(async () => { await browser?.close(); srv?.close(); });

const open = (context, errors) => harness(context, url, errors);

const types = (p) => p.evaluate(async () => { await settle(); return window.events.map((e) => e.type); });
const status = (p, sel, step) => p.evaluate(([sel, step]) =>
  document.querySelector(sel).shadowRoot.querySelector(`li[data-step=${step}]`).dataset.status, [sel, step]);

test("progress and once-only facts survive reloads; events do not repeat", async () => {
  const context = await browser.newContext();
  const errors = [];
  const p = await open(context, errors);
  await p.evaluate(() => { window.c = fv.mount("#a", config, opts()); c.track("connected"); c.track("chart_saved"); });
  assert.deepEqual(await types(p), ["checklist_started", "checklist_shown", "step_completed", "step_completed", "first_value"]);
  const before = await p.evaluate(() => c.state());
  await p.reload();
  await p.waitForFunction(() => document.body.dataset.ready === "true");
  await p.evaluate(() => { window.c = fv.mount("#a", config, opts()); c.track("chart_saved"); });
  assert.deepEqual(await types(p), ["checklist_shown"]);
  const after = await p.evaluate(() => c.state());
  assert.equal(after.firstValueAt, before.firstValueAt);
  assert.equal(after.startedAt, before.startedAt);
  assert.equal(after.done, 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test("two tabs stay in step and first_value fires in one tab only", async () => {
  const context = await browser.newContext();
  const a = await open(context);
  const b = await open(context);
  await a.evaluate(() => { window.c = fv.mount("#a", config, opts()); });
  await b.evaluate(() => { window.c = fv.mount("#a", config, opts()); });
  await a.evaluate(() => c.track("connected"));
  await b.waitForFunction(() => c.state().done === 1);
  assert.equal(await status(b, "#a", "connect"), "done");
  await b.evaluate(() => c.track("chart_saved"));
  await a.waitForFunction(() => c.state().firstValueAt !== null);
  const fa = (await types(a)).filter((t) => t === "first_value").length;
  const fb = (await types(b)).filter((t) => t === "first_value").length;
  assert.equal(fa + fb, 1, "first_value fires once across tabs");
  assert.equal((await types(b)).filter((t) => t === "checklist_started").length + (await types(a)).filter((t) => t === "checklist_started").length, 1);
  // A reset in one tab reaches the other.
  await a.evaluate(() => c.reset());
  await b.waitForFunction(() => c.state().done === 0);
  await context.close();
});

test("an async host adapter: hidden until loaded, then the stored progress; saves reach it", async () => {
  const context = await browser.newContext();
  const p = await open(context);
  await p.evaluate(() => {
    window.saved = {};
    const stored = JSON.stringify({ v: 1, g: 0, s: Date.now() - 1000, d: { connect: [Date.now() - 500, "d", "e"] }, cs: Date.now() - 1000 });
    window.c = fv.mount("#a", config, opts({
      storage: {
        load: (key) => new Promise((ok) => setTimeout(() => ok(key === "firstvalue:e2e:u1" ? stored : null), 300)),
        save: async (key, value) => { window.saved[key] = value; },
      },
    }));
    window.early = c.track("chart_saved");
    window.hiddenWhileLoading = document.querySelector("#a").hasAttribute("data-fv-loading");
  });
  assert.equal(await p.evaluate(() => hiddenWhileLoading), true);
  assert.deepEqual(await p.evaluate(() => early), []);
  await p.waitForFunction(() => !document.querySelector("#a").hasAttribute("data-fv-loading"));
  await p.waitForFunction(() => c.state().firstValueAt !== null);
  assert.equal(await status(p, "#a", "connect"), "done");
  assert.equal(await status(p, "#a", "chart"), "done", "the early track() was queued and applied");
  assert.deepEqual((await types(p)).filter((t) => t === "checklist_started"), [], "started was stored already");
  assert.match(await p.evaluate(() => window.saved["firstvalue:e2e:u1"]), /"chart":\[\d+,"d","e"\]/);
  await context.close();
});

test("an adapter that throws or rejects: onError, and the widget works in memory", async () => {
  const context = await browser.newContext();
  const p = await open(context);
  await p.evaluate(() => {
    window.c = fv.mount("#a", config, opts({
      storage: { load: () => { throw new Error("db down"); }, save: () => Promise.reject(new Error("disk full")) },
    }));
    c.track("connected");
  });
  await p.waitForFunction(() => window.faults.length >= 2);
  const faults = await p.evaluate(() => window.faults);
  assert.equal(faults[0].code, "storage_read_failed");
  assert.match(faults[0].message, /db down/);
  assert.ok(faults.some((f) => f.code === "storage_write_failed" && /disk full/.test(f.message)));
  assert.equal(await status(p, "#a", "connect"), "done");
  await context.close();
});

test("localStorage full: storage_write_failed, progress kept in memory, nothing thrown", async () => {
  const context = await browser.newContext();
  const errors = [];
  const p = await open(context, errors);
  await p.evaluate(() => {
    Storage.prototype.setItem = function () { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };
    window.c = fv.mount("#a", config, opts());
    c.track("connected");
  });
  const faults = await p.evaluate(() => window.faults);
  assert.ok(faults.length >= 1);
  assert.equal(faults[0].code, "storage_write_failed");
  assert.match(faults[0].message, /storage is full/);
  assert.equal(await p.evaluate(() => c.state().done), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("throwing callbacks are reported; other callbacks and DOM events still run", async () => {
  const context = await browser.newContext();
  const errors = [];
  const p = await open(context, errors);
  const result = await p.evaluate(async () => {
    const dom = [];
    document.querySelector("#a").addEventListener("firstvalue:step_completed", (e) => dom.push(e.detail.stepId));
    window.c = fv.mount("#a", config, opts({ onStepCompleted() { throw new Error("oops"); }, onEvent() { throw "bare string"; } }));
    const done = c.track("connected");
    await settle();
    return { done, dom, faults: window.faults };
  });
  assert.deepEqual(result.done, ["connect"]);
  assert.deepEqual(result.dom, ["connect"]);
  assert.ok(result.faults.every((f) => f.code === "callback_failed"));
  assert.ok(result.faults.some((f) => /onStepCompleted threw: oops/.test(f.message)));
  assert.ok(result.faults.some((f) => /onEvent threw: bare string/.test(f.message)));
  assert.deepEqual(errors, []);
  await context.close();
});

test("goal_missed fires from the timer while mounted, once; destroy clears the timer", async () => {
  const context = await browser.newContext();
  const p = await open(context);
  await p.evaluate(() => { window.c = fv.mount("#a", config, opts({ storage: "memory" })); });
  await p.waitForFunction(() => window.events.some((e) => e.type === "goal_missed"), null, { timeout: 5000 });
  const missed = await p.evaluate(() => window.events.filter((e) => e.type === "goal_missed"));
  assert.equal(missed.length, 1);
  assert.equal(missed[0].goalMs, 2000);
  assert.ok(missed[0].elapsedMs >= 2000);
  // A second checklist, destroyed before its deadline, never reports.
  await p.evaluate(() => { window.events = []; const d = fv.mount("#b", config, opts({ storage: "memory", user: { id: "u2", traits: { plan: "pro" } } })); d.destroy(); });
  await p.waitForTimeout(2500);
  assert.deepEqual(await types(p), ["checklist_started", "checklist_shown"]);
  await context.close();
});

test("destroy leaves the page as it was and a re-mount picks up the progress", async () => {
  const context = await browser.newContext();
  const p = await open(context);
  const r = await p.evaluate(() => {
    const target = document.querySelector("#a");
    target.textContent = "host";
    const listenersBefore = window.events.length;
    window.c = fv.mount(target, JSON.stringify(config), opts());
    c.track("connected");
    c.destroy();
    const after = { html: target.shadowRoot.innerHTML, text: target.innerText, state: c.state() };
    const again = fv.mount(target, config, opts());
    const st = again.state();
    again.destroy();
    return { after, st, listenersBefore };
  });
  assert.equal(r.after.html, '<slot data-firstvalue=""></slot>');
  assert.equal(r.after.text, "host");
  assert.equal(r.after.state.done, 1, "state() after destroy() is the last state");
  assert.equal(r.st.done, 1);
  await context.close();
});

test("session storage keeps progress for the tab; memory forgets on reload", async () => {
  const context = await browser.newContext();
  const p = await open(context);
  await p.evaluate(() => {
    fv.mount("#a", config, opts({ storage: "session" })).track("connected");
    fv.mount("#b", config, opts({ storage: "memory", user: { id: "m", traits: { plan: "pro" } } })).track("connected");
  });
  await p.reload();
  await p.waitForFunction(() => document.body.dataset.ready === "true");
  const r = await p.evaluate(() => ({
    session: fv.mount("#a", config, opts({ storage: "session" })).state().done,
    memory: fv.mount("#b", config, opts({ storage: "memory", user: { id: "m", traits: { plan: "pro" } } })).state().done,
    local: localStorage.getItem("firstvalue:e2e:u1"),
  }));
  assert.deepEqual(r, { session: 1, memory: 0, local: null });
  await context.close();
});

test("two tabs with a host adapter stay in step through BroadcastChannel", async () => {
  const context = await browser.newContext();
  const a = await open(context);
  const b = await open(context);
  // An adapter over IndexedDB-like storage the browser does not announce: plain in-memory per tab.
  const mountWithAdapter = () => {
    const db = {};
    window.c = fv.mount("#a", config, opts({ storage: { load: (k) => db[k] ?? null, save: (k, v) => { db[k] = v; } } }));
  };
  await a.evaluate(mountWithAdapter);
  await b.evaluate(mountWithAdapter);
  await a.evaluate(() => c.track("connected"));
  await b.waitForFunction(() => c.state().done === 1, null, { timeout: 5000 });
  assert.equal(await status(b, "#a", "connect"), "done");
  assert.deepEqual((await types(b)).filter((t) => t === "step_completed"), [], "a merged fact fires no event");
  await context.close();
});

test("another tab's write whose storage event has not arrived yet is caught up before acting", async () => {
  const context = await browser.newContext();
  const p = await open(context);
  const r = await p.evaluate(() => {
    window.c = fv.mount("#a", config, opts());
    c.track("connected");
    // Another tab reached first value and stored it; a same-page write fires no storage
    // event, which is exactly the case of an event still in flight.
    const stored = JSON.parse(localStorage.getItem("firstvalue:e2e:u1"));
    stored.d.chart = [Date.now(), "d", "e"];
    stored.fv = Date.now();
    localStorage.setItem("firstvalue:e2e:u1", JSON.stringify(stored));
    const done = c.track("chart_saved");
    const again = JSON.parse(localStorage.getItem("firstvalue:e2e:u1"));
    again.d.invite = [Date.now(), "s", "c"];
    localStorage.setItem("firstvalue:e2e:u1", JSON.stringify(again));
    const skipped = c.skip("invite");
    return { done, skipped, types: events.map((e) => e.type), state: c.state() };
  });
  assert.deepEqual(r.done, [], "already done in the other tab");
  assert.equal(r.skipped, false, "already skipped in the other tab");
  assert.equal(r.types.filter((t) => t === "step_skipped").length, 0);
  assert.equal(r.types.filter((t) => t === "first_value").length, 0, "first_value is not fired a second time");
  assert.notEqual(r.state.firstValueAt, null);
  await context.close();
});

test("startedAt as ISO 8601 or epoch ms sets the TTFV clock", async () => {
  const context = await browser.newContext();
  const p = await open(context);
  const r = await p.evaluate(() => {
    const iso = fv.mount("#a", config, opts({ storage: "memory", startedAt: "2026-11-20T09:00:00Z" }));
    const ms = fv.mount("#b", config, opts({ storage: "memory", user: { id: "u2", traits: { plan: "pro" } }, startedAt: 1_763_629_200_000 }));
    iso.track("connected");
    iso.track("chart_saved");
    const fv1 = events.find((e) => e.type === "first_value" && e.userId === "u1");
    return { iso: iso.state().startedAt, ms: ms.state().startedAt, ttfv: fv1.ttfvMs, reached: fv1.reachedAt, started: fv1.startedAt };
  });
  assert.equal(r.iso, Date.parse("2026-11-20T09:00:00Z"));
  assert.equal(r.ms, 1_763_629_200_000);
  assert.equal(r.started, r.iso);
  assert.equal(r.ttfv, r.reached - r.iso);
  await context.close();
});

/** What `fn` returns on a harness page of each build: `{ prod, dev }`. */
async function bothBuilds(context, fn) {
  const out = {};
  for (const dev of [false, true]) {
    const p = await harness(context, url, [], { dev });
    out[dev ? "dev" : "prod"] = await p.evaluate(fn);
    await p.close();
  }
  return out;
}

test("an unknown forced segment: its path and code in both builds, the config's segments in the development one", async () => {
  const context = await browser.newContext();
  const thrown = await bothBuilds(context, () => {
    try {
      fv.mount("#a", config, opts({ segment: "gold" }));
      return null;
    } catch (e) {
      return { message: e.message, code: e.code, errors: e.errors.map((x) => `${x.path} ${x.code}`) };
    }
  });
  assert.deepEqual(thrown.prod, {
    message: "firstvalue: options.segment: unknown_segment",
    code: "unknown_segment",
    errors: ["options.segment unknown_segment"],
  });
  assert.match(thrown.dev.message, /^firstvalue: options\.segment: unknown segment "gold"; the config has /);
  assert.equal(thrown.dev.code, "unknown_segment");
  await context.close();
});

test("config that is not JSON or nests too deep: the path and code in both builds, what is wrong in the development one", async () => {
  const context = await browser.newContext();
  const got = await bothBuilds(context, () => {
    let deep = {};
    for (let i = 0; i < 200; i++) deep = { a: deep };
    const nested = fv.validateConfig({ ...config, title: deep }).errors.map((e) => e.message);
    return { text: fv.validateConfig('{"title": "x",\n  steps: []}').errors, nested };
  });
  assert.deepEqual(got.prod.text, [{ path: "", code: "invalid_json", message: "invalid_json" }]);
  assert.equal(got.dev.text.length, 1);
  assert.equal(got.dev.text[0].code, "invalid_json");
  assert.match(got.dev.text[0].message, /line 2, column 3: expected a key in double quotes/);
  // A value nested too deep: where in production, where and what in development.
  assert.match(got.prod.nested[0], /^config cannot be read: line 1, column \d+$/);
  assert.match(got.dev.nested[0], /^config cannot be read: line 1, column \d+: nested more than \d+ levels deep$/);
  await context.close();
});

test("mount(null) says the target is null and why; a detached element is refused, then mounts once inserted", async () => {
  const context = await browser.newContext();
  const got = await bothBuilds(context, () => {
    const thrown = (f) => { try { f(); return null; } catch (e) { return { message: e.message, errors: e.errors.map((x) => `${x.path} ${x.code}`) }; } };
    const detached = document.createElement("div");
    const out = {
      nil: thrown(() => fv.mount(null, config, opts())),
      undef: thrown(() => fv.mount(undefined, config, opts())),
      detached: thrown(() => fv.mount(detached, config, opts())),
      leftover: detached.shadowRoot === null,
      withConfig: thrown(() => fv.mount(null, { ...config, title: 5 }, opts())),
    };
    document.body.append(detached);
    out.later = fv.mount(detached, config, opts()).state().segment;
    return out;
  });
  assert.deepEqual(got.prod, {
    nil: { message: "firstvalue: cannot mount: no target to mount into\n  target: target_not_found", errors: ["target target_not_found"] },
    undef: { message: "firstvalue: cannot mount: no target to mount into\n  target: target_not_found", errors: ["target target_not_found"] },
    detached: { message: "firstvalue: cannot mount: no target to mount into\n  target: target_unavailable", errors: ["target target_unavailable"] },
    leftover: true,
    // A config problem beside a missing target keeps the config headline.
    withConfig: { message: "firstvalue: cannot mount: invalid config or options\n  title: wrong_type\n  target: target_not_found",
      errors: ["title wrong_type", "target target_not_found"] },
    later: "pro",
  });
  assert.match(got.dev.nil.message, /^firstvalue: cannot mount: no target to mount into\n  target: is null: the element is not there, yet or any more \(a framework ref is null before its component renders/);
  assert.match(got.dev.undef.message, /target: is undefined: /);
  assert.match(got.dev.detached.message, /target: is not in the document \(removed, or not inserted yet\): mount once it is$/);
  await context.close();
});
