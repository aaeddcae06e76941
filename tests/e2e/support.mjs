// Shared e2e helpers: the demo server and Debian's Chromium via playwright-core.
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";
import { mkdir } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { createRequire } from "node:module";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** The strict Content-Security-Policy the widget must work under: no inline script or style,
 *  wasm allowed, and Trusted Types required for every script sink with no policy allowed. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
  + "require-trusted-types-for 'script'; trusted-types 'none'";

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export async function server(options) {
  return serve(0, options);
}

/** A page that fails the test on any console error or page error. */
export async function page(browser, errors = []) {
  const context = await browser.newContext();
  const p = await context.newPage();
  p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  p.on("pageerror", (e) => errors.push(String(e)));
  return p;
}

export const SHOTS = new URL("./screenshots/", import.meta.url);
export async function shot(p, name) {
  await mkdir(SHOTS, { recursive: true });
  await p.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: true });
}

/** A new page of `context` on the test harness (`window.fv`, `config`, `opts`, `events`,
 *  `faults`, `settle`), ready; page errors and console errors go to `errors`. `dev`: the
 *  development build (whose onError messages are prose). */
export async function harness(context, base, errors = [], { dev = false } = {}) {
  const p = await context.newPage();
  p.on("pageerror", (e) => errors.push(String(e)));
  p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await p.goto(`${base}__test__/harness.html${dev ? "?dev" : ""}`);
  await p.waitForFunction(() => document.body.dataset.ready === "true");
  return p;
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core, WCAG 2.0–2.2 A and AA, over the whole page including shadow roots: the violations. */
export async function axe(p) {
  await p.evaluate(AXE);
  const result = await p.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
  }));
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

export { checkboxBoxes, checkboxContrast } from "./pages/contrast.js";

/** A TCP port nothing listens on now. */
export function freePort() {
  return new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

/** Starts a development server (`vite`, `ng serve`) and resolves, once it prints the
 *  http://127.0.0.1:<port>/ it serves, to { url, stop }; `stop()` ends it and its children.
 *  Fails with what it printed if it exits or says nothing within `timeout` ms. */
export function devServer(command, args, { cwd, env = process.env, timeout = 30_000 } = {}) {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const stop = () => { try { process.kill(-child.pid); } catch { /* gone */ } };
  return new Promise((ok, fail) => {
    let out = "";
    const failed = (why) => { stop(); fail(new Error(`${command} ${why}:\n${out}`)); };
    const timer = setTimeout(() => failed("did not start"), timeout);
    const read = (b) => {
      out += b;
      const m = out.replace(/\x1b\[[0-9;]*m/g, "").match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) { clearTimeout(timer); ok({ url: m[0], stop }); }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => { clearTimeout(timer); fail(new Error(`${command} exited ${code}:\n${out}`)); });
  });
}

/** Opens a page that runs pages/bundled-app.js from a bundle, once it is ready: what the app
 *  did (`done`: track()'s result, `events`, `rows` shown), the HTTP statuses of the `.wasm`
 *  files it fetched, and the console and page errors. */
export async function runBundledApp(browser, pageUrl) {
  const errors = [];
  const p = await page(browser, errors);
  await p.goto(pageUrl);
  await p.waitForFunction(() => document.body.dataset.ready === "true");
  const r = await p.evaluate(() => ({ done: window.done, events: window.events,
    rows: document.querySelector("#onboarding").shadowRoot.querySelectorAll("li").length,
    wasm: performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".wasm")).map((e) => e.responseStatus) }));
  await p.context().close();
  return { ...r, errors };
}
