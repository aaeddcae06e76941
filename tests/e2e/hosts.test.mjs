// What real host code does to the widget (issue: real host pages cannot break it):
// handles that are not kept, re-entrant calls from focus listeners and callbacks, host
// exceptions, arguments of every type, two instances and two tabs racing once-only
// events, odd storage adapters, skewed clocks, frames and foreign shadow roots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { harness, launch, server } from "./support.mjs";

let browser, srv, url;
before(async () => { browser = await launch(); ({ server: srv, url } = await server()); });
after(async () => { await browser?.close(); srv?.close(); });

/** Trials of each two-tab race in `make test`; `make soak` runs 100. */
const TRIALS = Number(process.env.RACE_TRIALS ?? 8);

const open = (context, errors) => harness(context, url, errors);

test("a checklist whose handle is not kept lives on after garbage collection", async () => {
  const context = await browser.newContext();
  const errors = [];
  const p = await open(context, errors);
  await p.evaluate(() => {
    window.got = [];
    // Not kept: only the widget's own listeners hold it now.
    fv.mount("#a", config, opts({ user: { id: "gc", traits: { plan: "rest" } }, onStepCompleted: (e) => window.got.push(e.stepId) }));
    // An async adapter, not kept either: it must still show once loaded.
    fv.mount("#b", config, opts({
      user: { id: "gc2", traits: { plan: "rest" } },
      storage: { load: () => new Promise((ok) => setTimeout(() => ok(null), 300)), save() {} },
    }));
  });
  const cdp = await context.newCDPSession(p);
  for (let i = 0; i < 3; i++) {
    await p.evaluate(() => { for (let r = 0; r < 20; r++) { const a = []; for (let i = 0; i < 2e5; i++) a.push({ i }); } });
    await cdp.send("HeapProfiler.collectGarbage");
  }
  await p.evaluate(() => document.querySelector("#a").shadowRoot.querySelector("li[data-step=invite] input").click());
  await p.evaluate(() => settle());
  assert.deepEqual(await p.evaluate(() => window.got), ["invite"]);
  const stored = await p.evaluate(() => JSON.parse(localStorage.getItem("firstvalue:e2e:gc")));
  assert.equal(stored.d.invite[1], "d", "the click was stored");
  await p.waitForFunction(() => !document.querySelector("#b").hasAttribute("data-fv-loading"));
  assert.equal(await p.evaluate(() => document.querySelector("#b").shadowRoot.querySelectorAll("li").length), 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test("free() and [Symbol.dispose]() are destroy(); afterwards every method is a no-op", async () => {
  const context = await browser.newContext();
  const p = await open(context);
  const r = await p.evaluate(() => {
    const out = {};
    for (const how of ["free", "dispose"]) {
      const c = fv.mount("#a", config, opts({ storage: "memory" }));
      c.track("connected");
      if (how === "free") c.free(); else c[Symbol.dispose]();
      out[how] = {
        html: document.querySelector("#a").shadowRoot.innerHTML,
        track: c.track("chart_saved"), complete: c.complete("chart"), skip: c.skip("invite"),
        bad: c.complete(42), done: c.state().done,
        rest: [c.reset(), c.open(), c.minimize(), c.dismiss(), c.destroy(), c.free()],
      };
    }
    return out;
  });
  for (const how of ["free", "dispose"]) {
    assert.equal(r[how].html, '<slot data-firstvalue=""></slot>', how);
    assert.deepEqual(r[how].track, []);
    assert.equal(r[how].complete, false);
    assert.equal(r[how].skip, false);
    assert.equal(r[how].bad, false);
    assert.equal(r[how].done, 1, "state() is the last state");
  }
  await context.close();
});

test("methods taken off the checklist (onClick={checklist.track}, destructuring) still work", async () => {
  const context = await browser.newContext();
  const p = await open(context);
  const r = await p.evaluate(() => {
    const c = fv.mount("#a", config, opts({ storage: "memory" }));
    const { track, complete, state, destroy } = c;
    const button = document.body.appendChild(document.createElement("button"));
    button.addEventListener("click", c.reset);
    const out = { track: track("connected"), complete: complete("chart"), done: state().done, keys: Object.keys(c) };
    button.click();
    out.afterReset = c.state().done;
    destroy();
    out.html = document.querySelector("#a").shadowRoot.innerHTML;
    return out;
  });
  assert.deepEqual(r.track, ["connect"]);
  assert.equal(r.complete, true);
  assert.equal(r.done, 2);
  assert.equal(r.afterReset, 0);
  assert.deepEqual(r.keys.filter((k) => k !== "__wbg_ptr"), [], "bound methods are not enumerable");
  assert.equal(r.html, '<slot data-firstvalue=""></slot>');
  await context.close();
});

test("a focus listener that calls the checklist while it moves focus is not dropped", async () => {
  const context = await browser.newContext();
  const p = await open(context);
  const r = await p.evaluate(async () => {
    window.c = fv.mount("#a", config, opts({ storage: "memory" }));
    const seen = [];
    const calls = [["track", "connected"], ["complete", "chart"], ["track", "nothing"]];
    const root = document.querySelector("#a").shadowRoot;
    // On the (open) root: a move between two of its elements does not reach the document.
    root.addEventListener("focusin", () => {
      const next = calls.shift();
      if (next) seen.push([next[0], c[next[0]](next[1])]);
    });
    root.querySelector("[data-act=minimize]").click(); // focus → launcher
    root.querySelector("[data-act=open]").click(); // focus → minimize button
    root.querySelector("li[data-step=invite] [data-act=skip]").click(); // focus → the row
    return { seen, state: c.state().steps.map((s) => s.status) };
  });
  assert.deepEqual(r.seen, [["track", ["connect"]], ["complete", true], ["track", []]]);
  assert.deepEqual(r.state, ["done", "done", "skipped"]);
  await context.close();
});

test("reset() and destroy() inside callbacks: the old run's events come first, nothing is lost", async () => {
  const context = await browser.newContext();
  const p = await open(context);
  const r = await p.evaluate(async () => {
    const got = [];
    let once = true;
    const c = fv.mount("#a", config, opts({
      storage: "memory",
      onEvent: (e) => got.push(e.type),
      onStepCompleted: (e) => { if (e.stepId === "chart" && once) { once = false; c.reset(); } },
    }));
    c.track("connected");
    c.track("chart_saved");
    const order = got.slice();
    // destroy() from inside a callback: the events already decided still arrive.
    const late = [];
    const d = fv.mount("#b", config, opts({
      storage: "memory", user: { id: "d", traits: { plan: "pro" } },
      onEvent: (e) => { late.push(e.type); if (e.type === "step_completed") d.destroy(); },
    }));
    const ret = d.track("chart_saved");
    return { order, late, ret, html: document.querySelector("#b").shadowRoot.innerHTML };
  });
  assert.deepEqual(r.order, ["checklist_started", "checklist_shown", "step_completed", "step_completed", "first_value", "checklist_started"]);
  assert.deepEqual(r.ret, ["chart"]);
  assert.deepEqual(r.late, ["checklist_started", "checklist_shown", "step_completed", "first_value"]);
  assert.equal(r.html, '<slot data-firstvalue=""></slot>');
  await context.close();
});

test("10,000 host exceptions from options, getters, Date-likes and callbacks: no trap, every checklist still works", async () => {
  const context = await browser.newContext();
  const errors = [];
  const p = await open(context, errors);
  const r = await p.evaluate(() => {
    const live = fv.mount("#a", config, opts({ storage: "memory" }));
    const keysThrow = new Proxy({}, { ownKeys() { throw new Error("no keys for you"); } });
    let foreign = 0, first;
    for (let i = 0; i < 10000; i++) {
      try { fv.mount("#b", config, keysThrow); } catch (e) { if (!Array.isArray(e.errors)) foreign++; first ??= e.errors?.[0]; }
    }
    const paths = {};
    const cases = {
      user: { get user() { throw new Error("nope"); } },
      id: { user: { get id() { throw new Error("nope"); } } },
      traits: { user: { id: "x", traits: { toJSON() { throw new Error("nope"); } } } },
      onEvent: { get onEvent() { throw new Error("nope"); } },
      startedAt: { startedAt: new Proxy(new Date(), {}) },
      storage: { storage: { get load() { throw new Error("nope"); }, save() {} } },
    };
    for (const [k, o] of Object.entries(cases)) {
      try { fv.mount("#b", config, o); paths[k] = "mounted"; } catch (e) { paths[k] = e.errors?.map((x) => x.path); }
    }
    // A callback that overflows the stack.
    const deep = fv.mount("#b", config, opts({ storage: "memory", user: { id: "deep", traits: { plan: "pro" } }, onStepCompleted: function f() { f(); } }));
    const deepDone = deep.track("connected");
    deep.destroy();
    const stillLive = live.track("connected");
    return { foreign, first, paths, deepDone, stillLive, ok: fv.validateConfig(config).ok,
      deepHtml: document.querySelector("#b").shadowRoot.innerHTML,
      faults: window.faults.filter((f) => f.code === "callback_failed").length };
  });
  assert.equal(r.foreign, 0, "every refusal is firstvalue's Error");
  assert.equal(r.first.path, "options");
  assert.match(r.first.message, /no keys for you/);
  assert.deepEqual(r.paths, {
    user: ["options.user"], id: ["options.user.id"], traits: ["options.user.traits"],
    onEvent: ["options.onEvent"], startedAt: ["options.startedAt"], storage: ["options.storage.load"],
  });
  assert.deepEqual(r.deepDone, ["connect"]);
  assert.equal(r.deepHtml, '<slot data-firstvalue=""></slot>', "destroy() works after a stack overflow");
  assert.deepEqual(r.stillLive, ["connect"]);
  assert.equal(r.ok, true);
  assert.ok(r.faults >= 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("every method with random arguments of every JS type: no trap, no glue error, still working", async () => {
  const context = await browser.newContext();
  const errors = [];
  const p = await open(context, errors);
  const r = await p.evaluate(() => {
    let seed = 20261123;
    const rnd = () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t ^= t + Math.imul(t ^ (t >>> 7), 61 | t); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
    const trap = () => { throw new Error("trap"); };
    const values = [
      undefined, null, true, false, 0, -0, 1, -1, 1.5, NaN, Infinity, 2 ** 53, 2 ** 64, "", "connect", "chart", "invite",
      "connected", "chart_saved", "nope", "\uD800", "a\uFFFD", "x".repeat(5000), Symbol("s"), 10n, {}, [], ["connect"],
      () => "connect", new Date(), new Date(NaN), Object.create(null), { toString: trap, valueOf: trap },
      new Proxy({}, { get: trap, ownKeys: trap, getPrototypeOf: trap, has: trap, getOwnPropertyDescriptor: trap }),
      document.body, "#a", "#nowhere", "::bad", new Error("e"), Promise.resolve("x"), { then: trap }, config,
      JSON.stringify(config), { user: { id: "rnd" }, storage: "memory" },
    ];
    const any = () => values[Math.floor(rnd() * values.length)];
    const own = (e) => e instanceof Error && Array.isArray(e.errors) && e.message.startsWith("firstvalue:");
    // Methods documented to throw firstvalue's Error for bad input; all others never throw.
    const mayThrow = new Set(["complete", "skip", "mount"]);
    const methods = ["track", "complete", "skip", "reset", "state", "open", "minimize", "dismiss", "validateConfig", "mount"];
    let c = fv.mount("#a", config, opts());
    const bad = [];
    let calls = 0;
    for (let i = 0; i < 12000; i++) {
      const m = methods[Math.floor(rnd() * methods.length)];
      const args = [any(), any(), any()];
      calls++;
      try {
        if (m === "validateConfig") fv.validateConfig(args[0]);
        else if (m === "mount") fv.mount(args[0], args[1], args[2])?.destroy();
        else c[m](...args);
      } catch (e) {
        if (!(mayThrow.has(m) && own(e))) bad.push(`${m}: ${e?.constructor?.name}: ${e?.message ?? String(e)}`);
      }
      if (rnd() < 0.002) { c.destroy(); c = fv.mount("#a", config, opts()); }
    }
    c.reset();
    const works = c.track("connected");
    const fresh = fv.mount("#b", config, opts({ storage: "memory", user: { id: "after", traits: { plan: "pro" } } }));
    return { calls, bad: bad.slice(0, 10), nbad: bad.length, works, fresh: fresh.complete("connect"), ok: fv.validateConfig(config).ok };
  });
  assert.ok(r.calls >= 10000);
  assert.deepEqual(r.bad, [], `${r.nbad} unexpected throws`);
  assert.deepEqual(r.works, ["connect"]);
  assert.equal(r.fresh, true);
  assert.equal(r.ok, true);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Counts the once-only events of `type` seen by `pages` for `user`, once settled. */
async function count(pages, type, user) {
  let n = 0;
  for (const p of pages) {
    n += await p.evaluate(async ([type, user]) => { await settle(); return window.events.filter((e) => e.type === type && e.userId === user).length; }, [type, user]);
  }
  return n;
}

test(`two tabs finishing the deciding step at the same moment: first_value once (${TRIALS} trials)`, async () => {
  const context = await browser.newContext();
  const [a, b, starter] = [await open(context), await open(context), await open(context)];
  let duplicates = 0;
  for (let t = 0; t < TRIALS; t++) {
    const user = `race-${t}`;
    for (const p of [a, b]) {
      await p.evaluate((user) => {
        window.c?.destroy();
        window.c = fv.mount("#a", config, opts({ user: { id: user, traits: { plan: "pro" } } }));
        window.go?.close();
        window.go = new BroadcastChannel("go");
        go.onmessage = () => c.track("chart_saved");
      }, user);
    }
    await starter.evaluate(() => new BroadcastChannel("go").postMessage(1));
    await a.waitForFunction(() => c.state().firstValueAt !== null);
    await b.waitForFunction(() => c.state().firstValueAt !== null);
    const n = await count([a, b], "first_value", user);
    assert.ok(n >= 1, "first_value is never lost");
    duplicates += n - 1;
  }
  assert.equal(duplicates, 0);
  await context.close();
});

test("two instances and two tabs racing the goal timer: goal_missed once", async () => {
  const context = await browser.newContext();
  const [a, b] = [await open(context), await open(context)];
  const trials = Math.max(2, Math.round(TRIALS / 4));
  for (let t = 0; t < trials; t++) {
    const user = `goal-${t}`;
    const at = Date.now() - 1000; // the 2 s goal runs out in about a second, for all four
    for (const p of [a, b]) {
      await p.evaluate(([user, at]) => {
        window.kept = ["#a", "#b"].map((sel) => fv.mount(sel, config, opts({ user: { id: user, traits: { plan: "pro" } }, startedAt: at })));
      }, [user, at]);
    }
    await new Promise((r) => setTimeout(r, 1600));
    assert.equal(await count([a, b], "goal_missed", user), 1);
    for (const p of [a, b]) await p.evaluate(() => { for (const k of window.kept) k.destroy(); });
  }
  // Deterministic on one page: the same user mounted twice, goal already past at mount.
  const r = await a.evaluate(async () => {
    window.events = [];
    const o = opts({ user: { id: "twice", traits: { plan: "pro" } }, startedAt: Date.now() - 60000 });
    const x = fv.mount(document.body.appendChild(document.createElement("div")), config, o);
    const y = fv.mount(document.body.appendChild(document.createElement("div")), config, o);
    await settle();
    x.destroy(); y.destroy();
    return window.events.filter((e) => e.type === "goal_missed").length;
  });
  assert.equal(r, 1);
  await context.close();
});

test("storage: a thenable load is awaited; garbage from another tab is written over with the good state; 100,000 entries load fast", async () => {
  const context = await browser.newContext();
  const [a, b] = [await open(context), await open(context)];
  const r = await a.evaluate(async () => {
    const stored = JSON.stringify({ v: 1, g: 0, s: Date.now() - 1000, d: { connect: [Date.now() - 500, "d", "e"] }, cs: Date.now() - 1000 });
    const c = fv.mount("#a", config, opts({
      user: { id: "thenable", traits: { plan: "pro" } },
      storage: { load: () => ({ then(ok) { setTimeout(() => ok(stored), 50); } }), save() {} },
    }));
    await new Promise((r) => setTimeout(r, 150));
    return { done: c.state().done, faults: window.faults.map((f) => f.code) };
  });
  assert.equal(r.done, 1, "the thenable's progress was loaded, not overwritten");
  assert.deepEqual(r.faults, []);

  await a.evaluate(() => { window.c = fv.mount("#b", config, opts({ user: { id: "garbage", traits: { plan: "pro" } } })); c.track("connected"); });
  await b.evaluate(() => localStorage.setItem("firstvalue:e2e:garbage", "{not json"));
  await b.waitForFunction(() => localStorage.getItem("firstvalue:e2e:garbage").startsWith("{\""));
  const back = await b.evaluate(() => JSON.parse(localStorage.getItem("firstvalue:e2e:garbage")));
  assert.equal(back.d.connect[1], "d");
  assert.ok((await a.evaluate(() => window.faults.map((f) => f.code))).includes("storage_corrupt"));

  const ms = await b.evaluate(() => {
    const d = {};
    for (let i = 0; i < 100000; i++) d[`step_${i}`] = [1, "d", "e"];
    localStorage.setItem("firstvalue:e2e:big", JSON.stringify({ v: 1, g: 0, s: Date.now(), d }));
    const t = performance.now();
    const c = fv.mount("#a", config, opts({ user: { id: "big", traits: { plan: "pro" } } }));
    const took = performance.now() - t;
    c.destroy();
    return took;
  });
  assert.ok(ms < 2000, `mounting over 100,000 stored entries took ${ms} ms`);
  await context.close();
});

test("stored state does not make every input slower: unknown step ids are kept bounded, and a large snapshot is not copied on every input", async () => {
  const context = await browser.newContext();
  const errors = [];
  // The development build: the storage_pruned message is checked word for word.
  const p = await harness(context, url, errors, { dev: true });
  const r = await p.evaluate(async () => {
    // What each save writes, by key.
    const written = [];
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) { written.push([k, String(v).length]); return set.call(this, k, v); };
    const d = { connect: [Date.now() - 900, "d", "e"] };
    const base = Date.now() - 100000;
    for (let i = 0; i < 100000; i++) d[`gone_${i}`] = [base + i, "d", "e"];
    const text = JSON.stringify({ v: 1, g: 0, s: base - 1000, d });
    set.call(localStorage, "firstvalue:e2e:many", text);
    const c = fv.mount("#a", config, opts({ user: { id: "many", traits: { plan: "pro" } } }));
    await settle();
    const afterMount = written.length;
    for (let i = 0; i < 20; i++) c.track(i === 10 ? "chart_saved" : "nothing_" + i);
    const stored = JSON.parse(localStorage.getItem("firstvalue:e2e:many"));
    const ids = Object.keys(stored.d);
    c.destroy();
    Storage.prototype.setItem = set;
    return {
      faults: faults.map((f) => `${f.code}: ${f.message}`),
      copied: localStorage.getItem("firstvalue:e2e:many#pruned") === text,
      kept: ids.length, connect: stored.d.connect?.[1], chart: stored.d.chart?.[1],
      sample: ids.filter((k) => k.startsWith("gone_")).map((k) => +k.slice(5)).sort((a, b) => a - b).slice(0, 5).join(",") + " at " + stored.d[ids[5]], newest: ids.includes("gone_99999"), oldest: ids.includes("gone_99000"), dropped: ids.includes("gone_98999"),
      saves: written.slice(afterMount).map(([k, n]) => `${k}:${n}`),
      largest: Math.max(...written.slice(afterMount).map(([, n]) => n)),
    };
  });
  assert.ok(r.faults.some((f) => f.startsWith("storage_pruned: ") && f.includes("the 99000 oldest finished steps this config does not know were dropped") && f.includes("firstvalue:e2e:many#pruned")), r.faults.join("\n"));
  assert.equal(r.copied, true, "the whole text is kept under #pruned");
  assert.equal(r.kept, 1 + 1000 + 1, "connect, the 1,000 most recent unknown ids, chart");
  assert.deepEqual([r.connect, r.chart, r.newest, r.oldest, r.dropped], ["d", "d", true, true, false], r.sample);
  // One save for the one input that changed something, of ~37 KB, not 3.6 MB.
  assert.equal(r.saves.length, 1, r.saves.join(", "));
  assert.ok(r.largest < 60000, `a save wrote ${r.largest} characters`);

  // Where the copy cannot be stored, nothing is dropped (and the widget says so).
  const q = await p.evaluate(async () => {
    window.faults.length = 0;
    const d = { connect: [Date.now() - 900, "d", "e"] };
    for (let i = 0; i < 5000; i++) d[`gone_${i}`] = [Date.now() - 10000 + i, "d", "e"];
    const text = JSON.stringify({ v: 1, g: 0, s: Date.now() - 1000, d });
    localStorage.setItem("firstvalue:e2e:full", text);
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (k.endsWith("#pruned")) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return set.call(this, k, v);
    };
    const c = fv.mount("#b", config, opts({ user: { id: "full", traits: { plan: "pro" } } }));
    c.track("chart_saved");
    await settle();
    Storage.prototype.setItem = set;
    const ids = Object.keys(JSON.parse(localStorage.getItem("firstvalue:e2e:full")).d);
    c.destroy();
    return { faults: faults.map((f) => `${f.code}: ${f.message}`), kept: ids.length, done: c.state?.().done };
  });
  assert.equal(q.kept, 1 + 5000 + 1, "every fact stays when no copy can be kept");
  assert.ok(q.faults.some((f) => f.startsWith("storage_pruned: ") && f.includes("are all kept: no copy could be stored (")), q.faults.join("\n"));

  // 10,000 steps, 9,000 done: what an input costs (figures; `make bench` has the table).
  const t = await p.evaluate(async () => {
    const steps = []; const d = {};
    for (let i = 0; i < 10000; i++) { steps.push({ id: `s${i}`, title: `Step ${i}`, completeOn: [`e${i}`] }); if (i < 9000) d[`s${i}`] = [Date.now() - 1000, "d", "e"]; }
    localStorage.setItem("firstvalue:big10k:u", JSON.stringify({ v: 1, g: 0, s: Date.now() - 5000, d }));
    const el = document.createElement("div"); document.body.append(el);
    const c = fv.mount(el, { version: 1, id: "big10k", title: "Big", steps }, opts({ user: { id: "u" } }));
    await settle();
    const time = (f) => { const t0 = performance.now(); f(); return performance.now() - t0; };
    const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
    const nothing = median(Array.from({ length: 21 }, (_, i) => time(() => c.track(`nothing_${i}`))));
    const completing = median(Array.from({ length: 21 }, (_, i) => time(() => c.track(`e${9000 + i}`))));
    const done = c.state().done;
    c.destroy();
    return { nothing, completing, done };
  });
  assert.equal(t.done, 9021);
  console.log(`  10,000 steps, 9,000 done: track() median ${t.nothing.toFixed(2)} ms (nothing to do), ${t.completing.toFixed(2)} ms (completes a step and saves)`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("time, ids, frames, foreign shadow roots, event copies, messages, lone surrogates, skipped then done", async () => {
  const context = await browser.newContext();
  const errors = [];
  const p = await open(context, errors);
  const r = await p.evaluate(async () => {
    const out = {};
    // A startedAt in the future: clamped to now, reported, TTFV coherent.
    const future = fv.mount("#a", config, opts({ storage: "memory", user: { id: "skew", traits: { plan: "pro" } }, startedAt: Date.now() + 3600000 }));
    future.track("chart_saved");
    const fvEvent = window.events.find((e) => e.type === "first_value" && e.userId === "skew");
    out.skew = { fault: window.faults.map((f) => f.code), ttfv: fvEvent.ttfvMs, diff: fvEvent.reachedAt - fvEvent.startedAt,
      startedInPast: future.state().startedAt <= Date.now(), elapsed: window.events.filter((e) => "elapsedMs" in e).every((e) => e.elapsedMs >= 0) };
    future.destroy();
    // Characters, not bytes: 256 emoji are a valid id, 257 are not.
    const emoji = "😀".repeat(256);
    const e1 = fv.mount("#a", config, opts({ storage: "memory", user: { id: emoji } }));
    out.emoji = e1.state().userId === emoji;
    e1.destroy();
    try { fv.mount("#a", config, opts({ storage: "memory", user: { id: emoji + "😀" } })); out.tooLong = "mounted"; } catch (e) { out.tooLong = e.errors[0].path; }
    // An element of a same-origin frame.
    const frame = document.body.appendChild(document.createElement("iframe"));
    await new Promise((r) => (frame.contentDocument.readyState === "complete" ? r() : (frame.onload = r)));
    const inFrame = frame.contentDocument.body.appendChild(frame.contentDocument.createElement("div"));
    const f = fv.mount(inFrame, config, opts({ storage: "memory", user: { id: "frame", traits: { plan: "pro" } } }));
    inFrame.shadowRoot.querySelector("li[data-step=invite] input").click();
    out.frame = { rows: inFrame.shadowRoot.querySelectorAll("li").length, invite: f.state().steps[2].status };
    f.destroy();
    // Shadow roots the widget did not make: refused at target, never emptied.
    const refusal = (mode, fill) => {
      const el = document.body.appendChild(document.createElement("div"));
      const root = el.attachShadow({ mode });
      if (fill) root.append(document.createElement("p"));
      try { fv.mount(el, config, opts({ storage: "memory" })); return "mounted"; } catch (e) { return [e.errors[0].path, root.childElementCount]; }
    };
    out.closed = refusal("closed", false);
    out.openEmpty = refusal("open", false);
    out.openFull = refusal("open", true);
    // What one receiver changes, the next does not see.
    const seen = [];
    const el = document.querySelector("#b");
    el.addEventListener("firstvalue:step_completed", (e) => { seen.push(e.detail.stepId); });
    const m = fv.mount(el, config, opts({ storage: "memory", user: { id: "mut", traits: { plan: "pro" } },
      onEvent: (e) => { e.stepId = "hacked"; e.type = "hacked"; }, onStepCompleted: (e) => seen.push(e.stepId) }));
    m.track("connected");
    out.copies = seen.slice();
    // One line per problem.
    try { m.skip("connect"); } catch (e) { out.message = e.message; }
    try { m.complete(7); } catch (e) { out.badArg = [e.message, e.errors[0].path]; }
    // Skipped, then done: done beats skipped.
    out.skipThenDone = [m.skip("invite"), m.complete("invite"), m.state().steps[2].status];
    m.destroy();
    // Event names that differ only in a lone surrogate are different events.
    const sc = { ...config, id: "sur", steps: [{ id: "s", title: "S", completeOn: ["ev\uFFFD"] }], segments: undefined };
    const s = fv.mount("#b", sc, opts({ storage: "memory" }));
    out.surrogate = [s.track("ev\uD800"), s.track("ev\uDC00x"), s.track("ev\uFFFD")];
    s.destroy();
    return out;
  });
  assert.ok(r.skew.fault.includes("clock_skew"));
  assert.equal(r.skew.ttfv, r.skew.diff);
  assert.ok(r.skew.ttfv >= 0 && r.skew.startedInPast && r.skew.elapsed);
  assert.equal(r.emoji, true);
  assert.equal(r.tooLong, "options.user.id");
  assert.deepEqual(r.frame, { rows: 3, invite: "done" });
  assert.deepEqual(r.closed, ["target", 0]);
  assert.deepEqual(r.openEmpty, ["target", 0]);
  assert.deepEqual(r.openFull, ["target", 1]);
  assert.deepEqual(r.copies, ["connect", "connect"]);
  assert.equal(r.message, 'firstvalue: stepId: step "connect" is not skippable');
  assert.deepEqual(r.badArg, ["firstvalue: stepId: must be a step id (a string)", "stepId"]);
  assert.deepEqual(r.skipThenDone, [true, true, "done"]);
  assert.deepEqual(r.surrogate, [[], [], ["s"]]);
  assert.deepEqual(errors, []);
  await context.close();
});
