// <firstvalue-checklist> (www/element.html): attributes in, checklist methods out,
// re-mount on change, destroy on removal, stored progress on re-insertion, errors as
// events, a strict CSP and axe.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { axe, launch, page, server, shot } from "./support.mjs";

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";
let browser, srv, url;
before(async () => {
  browser = await launch();
  ({ server: srv, url } = await server({ headers: (path) => (path === "/element.html" ? { "content-security-policy": CSP } : {}) }));
});
after(async () => { await browser?.close(); srv?.close(); });

const rows = (p) => p.evaluate(() => [...document.querySelector("firstvalue-checklist").shadowRoot.querySelectorAll("li")]
  .map((li) => `${li.dataset.step}:${li.dataset.status}`));

test("the element mounts from its attributes, forwards the methods, re-mounts on change, and keeps progress across removal", async () => {
  const errors = [];
  const p = await page(browser, errors);
  const violations = [];
  await p.exposeFunction("cspViolation", (v) => violations.push(v));
  await p.addInitScript(() => document.addEventListener("securitypolicyviolation", (e) => window.cspViolation(e.violatedDirective)));
  await p.goto(`${url}element.html`);
  await p.waitForFunction(() => document.querySelector("firstvalue-checklist").shadowRoot?.querySelector("li"));
  assert.deepEqual(await rows(p), ["connect_data:open", "build_chart:locked", "share_dashboard:locked", "invite_team:open"]);
  await shot(p, "element");
  const r = await p.evaluate(async () => {
    const el = document.querySelector("firstvalue-checklist");
    const seen = [];
    document.addEventListener("firstvalue:step_completed", (e) => seen.push(e.detail.stepId));
    const done = el.track("datasource_connected");
    const state = el.state();
    // A change of traits re-mounts in the segment they now match.
    el.setAttribute("traits", '{"plan":"enterprise"}');
    await new Promise((r) => setTimeout(r, 50));
    const segment = el.state().segment;
    // Removal destroys; re-insertion re-mounts with the stored progress.
    const parent = el.parentNode;
    el.remove();
    const removed = el.shadowRoot.innerHTML;
    parent.append(el);
    await new Promise((r) => setTimeout(r, 50));
    return { done, seen, segment, removed, state, after: el.state(), n: el.shadowRoot.querySelectorAll("li").length };
  });
  assert.deepEqual(r.done, ["connect_data"]);
  assert.equal(r.state.segment, "team");
  assert.equal(r.segment, "enterprise");
  assert.equal(r.removed, '<slot data-firstvalue=""></slot>');
  assert.equal(r.after.segment, "enterprise");
  assert.equal(r.after.steps.find((s) => s.id === "connect_data").status, "done", "stored progress is back");
  assert.equal(r.n, 5, "enterprise: 6 steps, single sign-on hidden from a non-admin (showIf)");
  assert.deepEqual(await axe(p), []);
  assert.deepEqual(violations, [], "no CSP violation");
  assert.deepEqual(errors, []);
  await p.context().close();
});

test("load and config errors are a firstvalue:error event and a console error, never an unhandled rejection", async () => {
  const errors = [];
  const p = await page(browser, errors);
  await p.goto(`${url}element.html`);
  await p.waitForFunction(() => document.querySelector("firstvalue-checklist").shadowRoot?.querySelector("li"));
  const r = await p.evaluate(async () => {
    const got = [];
    document.addEventListener("firstvalue:error", (e) => got.push([e.detail.code, e.detail.errors[0]?.path ?? ""]));
    const add = (attrs, props = {}) => {
      const el = Object.assign(document.createElement("firstvalue-checklist"), props);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      document.body.append(el);
      return el;
    };
    add({ src: "/missing.json" });
    add({ src: "/element.html" });
    add({ "user-id": "x" }, { config: { version: 1, id: "bad", title: "T", steps: [{ id: "a", title: "A", requires: ["nope"] }] } });
    add({ src: "/acme.config.json", traits: "{not json" });
    const quiet = add({}); // no config yet: nothing happens until one is set
    await new Promise((r) => setTimeout(r, 300));
    quiet.config = { version: 1, id: "late", title: "Late", steps: [{ id: "a", title: "A" }] };
    await new Promise((r) => setTimeout(r, 50));
    return { got, late: quiet.state()?.checklistId, before: document.createElement("firstvalue-checklist").track("x") };
  });
  assert.deepEqual(r.got.sort(), [
    ["invalid_attribute", "traits"], ["invalid_config", "src"], ["invalid_config", "steps[0].requires[0]"], ["load_failed", "src"],
  ].sort());
  assert.equal(r.late, "late");
  assert.deepEqual(r.before, []);
  assert.equal(errors.filter((e) => !/^firstvalue:|Failed to load resource/.test(e)).length, 0, errors.join("\n"));
  assert.ok(errors.some((e) => /firstvalue: src: could not load/.test(e)), "reported on the console");
  await p.context().close();
});

test("a config fetch the user's navigation cuts short is not an error; every error reported starts with firstvalue:", async () => {
  const errors = [];
  const p = await page(browser, errors);
  let held;
  await p.route("**/slow.json", (route) => { held = route; });
  await p.goto(`${url}element.html`);
  await p.waitForFunction(() => document.querySelector("firstvalue-checklist").shadowRoot?.querySelector("li"));
  await p.evaluate(() => {
    window.got = [];
    document.addEventListener("firstvalue:error", (e) => window.got.push(e.detail.message));
    const el = document.createElement("firstvalue-checklist");
    el.setAttribute("src", "/slow.json");
    document.body.append(el);
  });
  while (!held) await new Promise((r) => setTimeout(r, 20));
  // The page is being left (what a link or a reload does first); then the fetch fails.
  await p.evaluate(() => dispatchEvent(new PageTransitionEvent("pagehide", { persisted: false })));
  await held.abort("aborted");
  await p.waitForTimeout(100);
  assert.deepEqual(await p.evaluate(() => window.got), []);
  assert.deepEqual(errors, []);
  // Back on the page: a storage that throws is the checklist's onError fault, reported with
  // the prefix like the element's own errors.
  await p.evaluate(() => dispatchEvent(new PageTransitionEvent("pageshow", { persisted: true })));
  const messages = await p.evaluate(async () => {
    const el = document.createElement("firstvalue-checklist");
    el.storage = { load() { throw new Error("disk on fire"); }, save() {} };
    el.setAttribute("src", "/acme.config.json");
    el.setAttribute("user-id", "u_broken");
    document.body.append(el);
    await new Promise((r) => setTimeout(r, 300));
    return window.got;
  });
  assert.ok(messages.length > 0, "the fault was reported");
  for (const m of messages) assert.match(m, /^firstvalue: /);
  assert.ok(errors.length > 0 && errors.every((e) => e.startsWith("firstvalue: ")), errors.join("\n"));
  await p.context().close();
});
