// One host exception never freezes the page nor escapes a call (issue 22, items 2-3). Each
// case makes one kind of host code throw once while the widget runs it — a setter on
// Object.prototype, a DOM setter a monitoring SDK wrapped, a patched Array method, a broken
// Date.now or console.warn — then checks that the call did not throw the host's error, that
// the page still answers, and that the next calls work and keep their progress.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server, harness } from "./support.mjs";

let browser, srv, url;
before(async () => { browser = await launch(); ({ server: srv, url } = await server()); });
after(async () => { await browser?.close(); srv?.close(); });

// Installs `trap` (page code, as text), runs `call` on a mounted checklist, removes the trap,
// then tracks the next step: returns what the call threw (if anything) and the state after.
async function once(trap, call, storage = "memory") {
  const context = await browser.newContext();
  const errors = [];
  const p = await harness(context, url, errors);
  const run = p.evaluate(async ([trap, call, storage]) => {
    window.c = fv.mount("#a", config, opts({ storage }));
    const undo = new Function(trap)();
    let threw = null;
    try { new Function("c", call)(c); } catch (e) { threw = String(e); }
    undo();
    const next = c.track("connected");
    await new Promise((r) => setTimeout(r, 50));
    const after = c.track("chart_saved");
    await new Promise((r) => setTimeout(r, 50));
    return { threw, next, after, state: c.state(), faults };
  }, [trap, call, storage]);
  const hung = new Promise((_, reject) => setTimeout(() => reject(new Error("the page stopped answering")), 10_000));
  const r = await Promise.race([run, hung]);
  await context.close();
  return { ...r, errors };
}

const done = (r, id) => r.state.steps.find((s) => s.id === id).status === "done";

const THROWS_ONCE = (target, prop) => `
  const d = Object.getOwnPropertyDescriptor(${target}, "${prop}");
  let armed = true;
  Object.defineProperty(${target}, "${prop}", { configurable: true,
    get() { return d.get.call(this); },
    set(v) { if (armed) { armed = false; throw new Error("monitoring SDK"); } d.set.call(this, v); } });
  return () => Object.defineProperty(${target}, "${prop}", d);`;

const cases = {
  "a setter on Object.prototype during state()": [`
    Object.defineProperty(Object.prototype, "checklistId", { configurable: true, set() { throw Error("x"); } });
    return () => delete Object.prototype.checklistId;`, "c.state()"],
  "a getter-only accessor on Object.prototype during an event": [`
    Object.defineProperty(Object.prototype, "type", { configurable: true, get() { return "x"; } });
    return () => delete Object.prototype.type;`, "c.track('connected')"],
  "Node.textContent that throws once (a wrapped DOM setter)": [THROWS_ONCE("Node.prototype", "textContent"), "c.track('connected')"],
  "HTMLInputElement.checked that throws once": [THROWS_ONCE("HTMLInputElement.prototype", "checked"), "c.track('connected')"],
  "Array.prototype.push that throws": [`
    const push = Array.prototype.push;
    Array.prototype.push = function () { throw new Error("push"); };
    return () => { Array.prototype.push = push; };`, "c.state(); c.track('connected')"],
  "an index setter on Array.prototype": [`
    Object.defineProperty(Array.prototype, "0", { configurable: true, set() { throw new Error("index"); } });
    return () => delete Array.prototype[0];`, "c.state(); c.track('connected')"],
  "Date.now that throws": [`
    const now = Date.now;
    Date.now = () => { throw new Error("clock"); };
    return () => { Date.now = now; };`, "c.track('connected'); c.complete('invite'); c.open(); c.minimize()"],
  "Date.now that returns a BigInt": [`
    const now = Date.now;
    Date.now = () => 10n;
    return () => { Date.now = now; };`, "c.track('connected')"],
  "setTimeout that throws": [`
    const st = window.setTimeout;
    window.setTimeout = () => { throw new Error("no timers"); };
    return () => { window.setTimeout = st; };`, "c.track('connected'); c.snooze(60000); c.open()"],
  "clearTimeout that throws": [`
    const ct = window.clearTimeout;
    window.clearTimeout = () => { throw new Error("no timers"); };
    return () => { window.clearTimeout = ct; };`, "c.track('connected'); c.snooze(60000); c.open()"],
  "Math.random that throws": [`
    const r = Math.random;
    Math.random = () => { throw new Error("no randomness"); };
    return () => { Math.random = r; };`, "c.reset(); c.track('connected')"],
  "Object.is that throws": [`
    const is = Object.is;
    Object.is = () => { throw new Error("is"); };
    return () => { Object.is = is; };`, "c.track('connected'); c.state()"],
};

// A DOM setter that threw is reported, so the host can tell its SDK broke something.
const REPORTED = new Set(["Node.textContent that throws once (a wrapped DOM setter)", "HTMLInputElement.checked that throws once"]);

for (const [name, [trap, call]] of Object.entries(cases)) {
  test(`one throw: ${name} — no host error escapes, the next calls work`, async () => {
    const r = await once(trap, call);
    assert.equal(r.threw, null, `the call threw ${r.threw}`);
    if (REPORTED.has(name)) assert.ok(r.faults.some((f) => f.code === "host_error"), JSON.stringify(r.faults));
    assert.ok(done(r, "connect") && done(r, "chart"), `progress after the throw: ${JSON.stringify(r.state.steps)}`);
    assert.deepEqual(r.errors, []);
  });
}

// mount() itself meeting host code that throws: firstvalue's own Error (at a path, never
// "unwrap_throw"), nothing half-mounted, and the same target takes a checklist afterwards.
const MOUNT_TRAPS = {
  "attachShadow returning null": ["Element.prototype", "attachShadow", "function () { return null; }", "attachShadow gave no shadow root"],
  "attachShadow returning {}": ["Element.prototype", "attachShadow", "function () { return {}; }", "attachShadow gave no shadow root"],
  "attachShadow throwing": ["Element.prototype", "attachShadow", "function () { throw new Error('no shadow'); }", "cannot hold a shadow root (no shadow)"],
  "createElement throwing": ["Document.prototype", "createElement", "function () { throw new Error('ce'); }", "a script on the page made mount() throw (ce)"],
  "addEventListener throwing": ["EventTarget.prototype", "addEventListener", "function () { throw new Error('ael'); }", "a script on the page made mount() throw (a browser API the page replaced threw)"],
};
for (const [name, [owner, prop, fake, says]] of Object.entries(MOUNT_TRAPS)) {
  test(`mount() with ${name}: firstvalue's Error at "target", and the target mounts again`, async () => {
    const context = await browser.newContext();
    const errors = [];
    const p = await harness(context, url, errors);
    const r = await p.evaluate(([owner, prop, fake]) => {
      const o = eval(owner);
      const real = o[prop];
      o[prop] = eval(`(${fake})`);
      let threw = null;
      try { fv.mount("#a", config, opts({ storage: "memory" })); } catch (e) { threw = { message: e.message, path: e.errors?.[0]?.path }; }
      o[prop] = real;
      const c = fv.mount("#a", config, opts({ storage: "memory" }));
      return { threw, next: c.track("connected"), rows: document.querySelector("#a").shadowRoot.querySelectorAll("li[data-step]").length };
    }, [owner, prop, fake]);
    assert.ok(r.threw, "mount() threw");
    assert.equal(r.threw.path, "target");
    assert.ok(r.threw.message.startsWith("firstvalue: target: ") && r.threw.message.includes(says), r.threw.message);
    assert.ok(!r.threw.message.includes("unwrap"), r.threw.message);
    assert.deepEqual(r.next, ["connect"]);
    assert.equal(r.rows, 3);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("destroy() whose clearTimeout and BroadcastChannel.close throw: the DOM goes, nothing thrown, onError told", async () => {
  const context = await browser.newContext();
  const errors = [];
  const p = await harness(context, url, errors);
  const r = await p.evaluate(() => {
    const c = fv.mount("#a", config, opts({ storage: { load: () => null, save() {} } }));
    c.snooze(60000); // a timer to clear
    const [ct, close] = [window.clearTimeout, BroadcastChannel.prototype.close];
    window.clearTimeout = () => { throw new Error("ct"); };
    BroadcastChannel.prototype.close = () => { throw new Error("close"); };
    let threw = null;
    try { c.destroy(); } catch (e) { threw = String(e); }
    [window.clearTimeout, BroadcastChannel.prototype.close] = [ct, close];
    const left = [...document.querySelector("#a").shadowRoot.children].map((e) => e.localName);
    const again = fv.mount("#a", config, opts({ storage: "memory" })).track("connected");
    return { threw, left, again, faults: faults.map((f) => f.code) };
  });
  assert.equal(r.threw, null);
  assert.deepEqual(r.left, ["slot"], "only the marked slot is left");
  assert.ok(r.faults.includes("host_error"), r.faults.join());
  assert.deepEqual(r.again, ["connect"]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("console.warn that throws, with no onError: mount() still returns a working checklist", async () => {
  const context = await browser.newContext();
  const errors = [];
  const p = await harness(context, url, errors);
  const r = await p.evaluate(() => {
    console.warn = () => { throw new Error("no warnings in tests"); };
    let threw = null, c;
    try {
      // A start time in the future is reported (clock_skew) to the console here.
      c = fv.mount("#a", config, { user: { id: "u1", traits: { plan: "pro" } }, storage: "memory", startedAt: Date.now() + 3_600_000 });
    } catch (e) { threw = String(e); }
    return { threw, done: c?.track("connected") };
  });
  assert.equal(r.threw, null);
  assert.deepEqual(r.done, ["connect"]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a Web Lock request that never settles: once-only events still arrive, and onError says why", async () => {
  const context = await browser.newContext();
  const errors = [];
  const p = await context.newPage();
  p.on("pageerror", (e) => errors.push(String(e)));
  await p.addInitScript(() => {
    Object.defineProperty(navigator, "locks", { value: { request: () => new Promise(() => {}) } });
  });
  await p.goto(`${url}__test__/harness.html`);
  await p.waitForFunction(() => document.body.dataset.ready === "true");
  const r = await p.evaluate(async () => {
    window.c = fv.mount("#a", config, opts());
    c.track("connected");
    c.track("chart_saved");
    await new Promise((r) => setTimeout(r, 4_000));
    return { types: events.map((e) => e.type), faults };
  });
  assert.ok(r.types.includes("first_value"), `events: ${r.types}`);
  assert.ok(r.types.includes("checklist_started"), `events: ${r.types}`);
  assert.equal(r.faults.filter((f) => f.code === "lock_timeout").length >= 1, true, JSON.stringify(r.faults));
  assert.deepEqual(errors, []);
  await context.close();
});
