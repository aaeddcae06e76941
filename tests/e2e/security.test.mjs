// Hostile input and a strict Content-Security-Policy. Nothing from the config or from
// track() may execute or become markup; the widget must work under
// script-src 'self' 'wasm-unsafe-eval'; style-src 'self', and with Trusted Types required
// for every script sink and no policy allowed (the DOM interpreter writes no markup).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, server, STRICT_CSP as CSP } from "./support.mjs";

let browser, srv, url, cspSrv, cspUrl;
before(async () => {
  browser = await launch();
  ({ server: srv, url } = await server());
  ({ server: cspSrv, url: cspUrl } = await server({ headers: () => ({ "content-security-policy": CSP }) }));
});
after(async () => { await browser?.close(); srv?.close(); cspSrv?.close(); });

export const XSS = [
  "<script>window.__pwned = 1</script>",
  "<img src=x onerror=\"window.__pwned = 1\">",
  "\"><svg onload=window.__pwned=1>",
  "&lt;img src=x onerror=window.__pwned=1&gt;",
  "<iframe srcdoc=\"<script>parent.__pwned=1</script>\">",
  "{{constructor.constructor('window.__pwned=1')()}}",
  "javascript:window.__pwned=1",
  "\u202Egnp.exe\u202C <b>bold</b>",
  "<style>*{display:none}</style>",
  "x".repeat(199) + "<",
];

async function harness(base = url) {
  const context = await browser.newContext();
  const p = await context.newPage();
  const dialogs = [];
  p.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  await p.goto(`${base}__test__/harness.html`);
  await p.waitForFunction(() => document.body.dataset.ready === "true");
  return { context, p, dialogs };
}

test("an XSS corpus through every text field and track(): shown as text, never run", async () => {
  const { context, p, dialogs } = await harness();
  const result = await p.evaluate((xss) => {
    const texts = ["progress", "launcher", "minimize", "dismiss", "skip", "requires", "skipped", "stepDone", "firstValue", "completed"];
    const results = [];
    for (const [n, payload] of xss.entries()) {
      const config = {
        version: 1, id: `xss${n}`, title: payload,
        text: Object.fromEntries(texts.map((k) => [k, payload])),
        steps: [
          { id: "a", title: payload, description: payload, completeOn: [payload.slice(0, 100)], skippable: true,
            action: { label: payload, event: payload.slice(0, 100) } },
          { id: "b", title: payload, requires: ["a"], action: { label: payload, href: "/safe?q=<script>" } },
        ],
      };
      const host = document.createElement("div");
      document.body.append(host);
      const c = fv.mount(host, config, { user: { id: payload }, storage: "memory" });
      c.track(payload, { html: payload });
      c.track(payload.slice(0, 100));
      c.track("<img src=x onerror=window.__pwned=1>");
      host.shadowRoot.querySelector("[data-act=action]").click();
      c.minimize();
      const root = host.shadowRoot;
      const foreign = root.querySelectorAll("script, img, iframe, svg, object, embed, style, b");
      results.push({
        foreign: foreign.length,
        title: root.querySelector("h2").textContent === payload,
        label: root.querySelector(".name").textContent === payload,
        link: root.querySelector("a").getAttribute("href"),
        launcher: root.querySelector(".launcher").textContent === payload,
        live: root.querySelector("[aria-live]").textContent.includes(payload),
      });
      c.destroy();
    }
    return { results, pwned: window.__pwned ?? null };
  }, XSS);
  assert.equal(result.pwned, null);
  assert.deepEqual(dialogs, []);
  for (const r of result.results) {
    assert.deepEqual(r, { foreign: 0, title: true, label: true, link: "/safe?q=<script>", launcher: true, live: true });
  }
  await context.close();
});

test("unsafe hrefs are config errors with paths, and nothing renders", async () => {
  const { context, p } = await harness();
  const r = await p.evaluate(() => {
    const bad = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox",
      "java\tscript:alert(1)", " javascript:alert(1)", "\\\\evil.example"];
    const config = { version: 1, id: "h", title: "T", steps: bad.map((href, i) => ({ id: `s${i}`, title: "S", action: { label: "Go", href } })) };
    try { fv.mount("#a", config); return null; } catch (e) {
      return { paths: e.errors.map((x) => x.path), rendered: document.querySelector("#a").shadowRoot !== null, isError: e instanceof Error };
    }
  });
  assert.equal(r.isError, true);
  assert.equal(r.rendered, false);
  assert.deepEqual(r.paths, [0, 1, 2, 3, 4, 5, 6].map((i) => `steps[${i}].action.href`));
  await context.close();
});

test("huge inputs are refused quickly with clear errors", async () => {
  const { context, p } = await harness();
  const r = await p.evaluate(() => {
    const many = { version: 1, id: "big", title: "T", steps: Array.from({ length: 10_001 }, (_, i) => ({ id: `s${i}`, title: "S" })) };
    const long = { version: 1, id: "long", title: "x".repeat(100_000), steps: [{ id: "a", title: "A" }] };
    const t0 = performance.now();
    const a = fv.validateConfig(many);
    const b = fv.validateConfig(long);
    return { a: a.errors[0], b: b.errors[0], ms: performance.now() - t0 };
  });
  // The production build (the harness's, as a host's default): path and code; the
  // development build's prose for the same problems is in node.test.mjs.
  assert.deepEqual(r.a, { path: "steps", code: "too_many", message: "too_many" });
  assert.deepEqual(r.b, { path: "title", code: "too_long", message: "too_long" });
  console.log(`  validating 10,001 steps + a 100,000-character title: ${r.ms.toFixed(0)} ms`);
  await context.close();
});

test("under a strict CSP the demo works with no violation", async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  const problems = [];
  p.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  p.on("pageerror", (e) => problems.push(String(e)));
  await p.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await p.goto(cspUrl);
  assert.equal(response.headers()["content-security-policy"], CSP);
  await p.waitForFunction(() => document.body.dataset.ready === "true");
  await p.evaluate(() => checklist.reset());
  await p.click("[data-track=datasource_connected]");
  await p.locator("#onboarding li[data-step=invite_team] input").click();
  await p.locator("#onboarding [data-act=minimize]").click();
  await p.locator("#onboarding [data-act=open]").click();
  await p.click("[data-track=dashboard_shared]");
  const r = await p.evaluate(() => {
    const root = document.querySelector("#onboarding").shadowRoot;
    return {
      violations: window.__violations,
      radius: getComputedStyle(root.querySelector(".panel")).borderTopLeftRadius,
      width: root.querySelector(".fill").style.width,
      state: checklist.state(),
    };
  });
  assert.deepEqual(r.violations, []);
  assert.equal(r.radius, "12px", "the widget's stylesheet applies under style-src 'self'");
  assert.equal(r.width, "66%");
  assert.notEqual(r.state.firstValueAt, null);
  assert.deepEqual(problems, []);
  // The policy is enforced: a markup sink throws here (so the widget used none above).
  const sink = await p.evaluate(() => {
    try {
      document.createElement("div").innerHTML = "<b>x</b>";
      return "allowed";
    } catch (e) {
      return e.name;
    }
  });
  assert.equal(sink, "TypeError");
  await context.close();
});
