// The core flows in the three engines users run, each driven by its own protocol:
// - Chromium: Debian's chromium, playwright-core (CDP);
// - Firefox ESR: Debian's firefox-esr, puppeteer-core over WebDriver BiDi;
// - WebKitGTK, Safari's engine: Debian's WebKitWebDriver driving MiniBrowser under Xvfb,
//   selenium-webdriver.
// The flows talk to a small `Tab` (goto, run, click, key, reload) so each is written once.
// FIRSTVALUE_ENGINES=firefox,webkit (comma-separated) runs a subset.
// Below the supported engines, WPE WebKit 2.38 (Debian's cog, about Safari 16.0) checks that
// init() refuses with firstvalue's Error instead of mounting an unstyled widget.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import puppeteer from "puppeteer-core";
import { Builder, Key } from "selenium-webdriver";
import { freePort, launch, server, STRICT_CSP as CSP } from "./support.mjs";
import { decode, readCheckboxes } from "./png.mjs";

const ENGINES = (process.env.FIRSTVALUE_ENGINES ?? "chromium,firefox,webkit").split(",");

let srv, url, cspSrv, cspUrl;
const browsers = {};
before(async () => {
  ({ server: srv, url } = await server());
  ({ server: cspSrv, url: cspUrl } = await server({ headers: () => ({ "content-security-policy": CSP }) }));
});
after(async () => {
  for (const b of Object.values(browsers)) await b.close();
  srv?.close();
  cspSrv?.close();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A browser of `engine`, started once: `session()` gives a fresh profile (its own storage),
 *  whose `tab()` opens a tab in it (tabs of one session share storage, as a user's do). */
async function browser(engine) {
  if (browsers[engine]) return browsers[engine];
  if (engine === "chromium") {
    const b = await launch();
    browsers[engine] = {
      async session() {
        const context = await b.newContext();
        return { close: () => context.close(), tab: async () => playwrightTab(await context.newPage()) };
      },
      close: () => b.close(),
    };
  } else if (engine === "firefox") {
    const b = await puppeteer.launch({ browser: "firefox", executablePath: process.env.FIREFOX_PATH ?? "/usr/bin/firefox-esr",
      headless: true, protocol: "webDriverBiDi" });
    browsers[engine] = {
      async session() {
        const context = await b.createBrowserContext();
        return { close: () => context.close(), tab: async () => puppeteerTab(await context.newPage()) };
      },
      close: () => b.close(),
    };
  } else if (engine === "webkit" || engine === "wpe") {
    // WebKitGTK needs a display even when nothing is shown: the driver and every MiniBrowser
    // it starts run under one Xvfb. WPE WebKit (cog) is headless by itself.
    const port = await freePort();
    const driver = engine === "webkit"
      ? spawn("xvfb-run", ["-a", "WebKitWebDriver", `--port=${port}`], { stdio: "ignore", detached: true })
      : spawn("WPEWebDriver", [`--port=${port}`], { stdio: "ignore", detached: true });
    const capabilities = engine === "webkit" ? {
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": { binary: process.env.MINIBROWSER_PATH ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
        args: ["--automation"] },
    } : { browserName: "cog", "wpe:browserOptions": { binary: "/usr/bin/cog", args: ["--automation", "--platform=headless"] } };
    for (let i = 0; ; i++) {
      try { await fetch(`http://127.0.0.1:${port}/status`); break; } catch (e) { if (i > 100) throw e; await sleep(100); }
    }
    browsers[engine] = {
      async session() {
        const d = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities(capabilities).build();
        let first = true;
        return {
          close: () => d.quit(),
          async tab() {
            if (!first) await d.switchTo().newWindow("tab");
            first = false;
            return webdriverTab(d, await d.getWindowHandle());
          },
        };
      },
      close: async () => { try { process.kill(-driver.pid); } catch { /* gone */ } },
    };
  }
  return browsers[engine];
}

// A tab: `run(fn, arg)` runs fn(arg) in the page (awaiting a Promise) and returns its JSON
// value; `click(sel, host)` clicks the element `sel` matches, inside `host`'s shadow root
// when given, as a user would; `key(k)` presses Tab or " " (Space) on what has focus; `shot()`
// is a PNG of the viewport.
function playwrightTab(p) {
  return {
    goto: (u) => p.goto(u),
    run: (fn, arg) => p.evaluate(fn, arg),
    click: (sel, host) => p.locator(host ? `${host} ${sel}` : sel).click(),
    key: (k) => p.keyboard.press(k === " " ? "Space" : k),
    reload: () => p.reload(),
    shot: () => p.screenshot(),
  };
}
function puppeteerTab(p) {
  return {
    goto: (u) => p.goto(u),
    run: (fn, arg) => p.evaluate(fn, arg),
    async click(sel, host) {
      const el = await p.waitForSelector(host ? `${host} >>> ${sel}` : sel);
      await el.click();
    },
    key: (k) => p.keyboard.press(k), // BiDi has no key named "Space": " " it is
    reload: () => p.reload(),
    shot: () => p.screenshot(),
  };
}
function webdriverTab(d, handle) {
  const here = () => d.switchTo().window(handle);
  return {
    async goto(u) { await here(); await d.get(u); },
    async run(fn, arg) { await here(); return d.executeScript(`return (${fn})(arguments[0])`, arg); },
    async click(sel, host) {
      await here();
      const el = await d.executeScript("const r = arguments[0] ? document.querySelector(arguments[0]).shadowRoot : document;"
        + " return r.querySelector(arguments[1]);", host ?? null, sel);
      if (!el) throw new Error(`nothing matches ${sel}`);
      await el.click();
    },
    async key(k) { await here(); await d.actions().sendKeys(k === "Tab" ? Key.TAB : k).perform(); },
    async reload() { await here(); await d.navigate().refresh(); },
    async shot() { await here(); return Buffer.from(await d.takeScreenshot(), "base64"); },
  };
}

/** Waits until fn(arg) is truthy in the tab; its value. */
async function until(tab, fn, arg, what = String(fn)) {
  for (let i = 0; i < 200; i++) {
    const v = await tab.run(fn, arg);
    if (v) return v;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The test harness (tests/e2e/pages/harness.html): window.fv, config, opts(), events. */
async function harness(tab, base = url) {
  await tab.goto(`${base}__test__/harness.html`);
  await until(tab, () => document.body.dataset.ready === "true", null, "the harness");
}
const rows = (host) => [...document.querySelector(host).shadowRoot.querySelectorAll("li[data-step]")]
  .map((li) => `${li.dataset.step}:${li.dataset.status}`);

const flows = {
  async "init() resolves: this engine is supported"(s) {
    const tab = await s.tab();
    await tab.goto(`${url}__test__/baseline.html`);
    assert.equal(await until(tab, () => document.body.dataset.init, null, "init()"), "ok");
  },

  async "mounts per segment; track() completes a step and reports its events"(s) {
    const tab = await s.tab();
    await harness(tab);
    await tab.run(() => {
      window.c = window.fv.mount("#a", window.config, window.opts());
      window.fv.mount("#b", window.config, window.opts({ user: { id: "u2", traits: { plan: "free" } } }));
    });
    assert.deepEqual(await tab.run(rows, "#a"), ["connect:open", "chart:locked", "invite:open"]);
    assert.deepEqual(await tab.run(rows, "#b"), ["invite:open", "connect:open"]);
    await tab.run(async () => { await window.settle(); window.events.length = 0; window.c.track("connected"); await window.settle(); });
    assert.deepEqual(await tab.run(() => window.events.map((e) => `${e.type}:${e.userId}:${e.stepId ?? ""}:${e.source ?? ""}`)),
      ["step_completed:u1:connect:event"]);
    assert.deepEqual(await tab.run(rows, "#a"), ["connect:done", "chart:open", "invite:open"]);
  },

  async "first value is announced once across two tabs finishing at the same moment"(s) {
    const [one, two] = [await s.tab(), await s.tab()];
    for (const tab of [one, two]) {
      await harness(tab);
      await tab.run(() => { window.c = window.fv.mount("#a", window.config, window.opts()); window.c.track("connected"); });
    }
    await Promise.all([one, two].map((tab) => tab.run(() => window.c.track("chart_saved"))));
    let firsts = 0;
    for (const tab of [one, two]) {
      await tab.run(() => window.settle());
      firsts += await tab.run(() => window.events.filter((e) => e.type === "first_value").length);
    }
    assert.equal(firsts, 1);
  },

  async "a reload keeps the progress"(s) {
    const tab = await s.tab();
    await harness(tab);
    await tab.run(async () => { window.fv.mount("#a", window.config, window.opts()).track("connected"); await window.settle(); });
    await tab.reload();
    await until(tab, () => document.body.dataset.ready === "true", null, "the harness again");
    await tab.run(() => { window.fv.mount("#a", window.config, window.opts()); });
    assert.deepEqual(await tab.run(rows, "#a"), ["connect:done", "chart:open", "invite:open"]);
  },

  async "keyboard: Space on a focused manual step checks it off, and focus stays"(s) {
    const tab = await s.tab();
    await harness(tab);
    await tab.run(() => {
      window.fv.mount("#a", window.config, window.opts());
      document.querySelector("#a").shadowRoot.querySelector("[data-step=invite] input").focus();
    });
    await tab.key(" ");
    await until(tab, () => document.querySelector("#a").shadowRoot.querySelector("[data-step=invite]").dataset.status === "done",
      null, "invite done");
    assert.equal(await tab.run(() => document.querySelector("#a").shadowRoot.activeElement?.closest("li")?.dataset.step), "invite");
    await tab.run(() => window.settle());
    assert.deepEqual(await tab.run(() => window.events.filter((e) => e.type === "step_completed").map((e) => e.source)), ["click"]);
  },

  async "a storage that throws: the fault goes to onError, progress carries on in memory"(s) {
    const tab = await s.tab();
    await harness(tab);
    const r = await tab.run(async () => {
      const storage = { load: () => null, save: () => { throw new Error("disk full"); } };
      const c = window.fv.mount("#a", window.config, window.opts({ storage }));
      c.track("connected");
      await window.settle();
      return { faults: [...new Set(window.faults.map((f) => f.code))], done: c.state().done };
    });
    assert.deepEqual(r, { faults: ["storage_write_failed"], done: 1 });
    assert.deepEqual(await tab.run(rows, "#a"), ["connect:done", "chart:open", "invite:open"]);
  },

  async "a strict Content-Security-Policy with Trusted Types: the widget mounts, styled, and works"(s) {
    const tab = await s.tab();
    await harness(tab, cspUrl);
    const r = await tab.run(() => {
      const c = window.fv.mount("#a", window.config, window.opts());
      c.track("connected");
      const root = document.querySelector("#a").shadowRoot;
      return { sheets: root.adoptedStyleSheets.length, radius: getComputedStyle(root.querySelector(".panel")).borderTopLeftRadius,
        done: c.state().done };
    });
    assert.deepEqual(r, { sheets: 1, radius: "12px", done: 1 });
  },

  async "the custom element, and the demo's page and click rules"(s) {
    const tab = await s.tab();
    await tab.goto(`${url}element.html`);
    assert.ok(await until(tab, () => document.querySelector("firstvalue-checklist")?.shadowRoot?.querySelectorAll("li").length,
      null, "the element's rows"));
    await tab.goto(url);
    await until(tab, () => document.body.dataset.ready === "true", null, "the demo");
    await tab.run(() => {
      const select = document.querySelector("#segment");
      select.value = "enterprise";
      select.dispatchEvent(new Event("change"));
    });
    await until(tab, () => window.checklist?.state().segment === "enterprise", null, "the enterprise segment");
    await tab.click("a[href='#/reports/q3']");
    await until(tab, () => document.querySelector("#onboarding").shadowRoot.querySelector("[data-step=explore_reports]")
      .dataset.status === "done", null, "the page rule");
    await tab.click("[data-onboarding=invite]");
    await until(tab, () => document.querySelector("#onboarding").shadowRoot.querySelector("[data-step=add_teammates]")
      .dataset.status === "done", null, "the click rule");
  },

  // README, "Completion rules": a history.pushState router is followed by itself where the
  // engine has the Navigation API (Chromium, Firefox); in WebKit the router calls page().
  async "a page rule and a pushState router: by itself with the Navigation API, else through page()"(s) {
    const tab = await s.tab();
    await harness(tab);
    const r = await tab.run(async () => {
      const config = structuredClone(window.config);
      config.steps[2].completeOn = [{ page: "/reports/*" }];
      const c = window.fv.mount("#a", config, window.opts());
      history.pushState({}, "", "/reports/q3");
      await new Promise((ok) => setTimeout(ok, 100));
      const byItself = c.state().steps.find((x) => x.id === "invite").status;
      c.page(location.pathname);
      return { navigation: typeof navigation === "object", byItself, afterPage: c.state().steps.find((x) => x.id === "invite").status };
    });
    const navigation = s.engine !== "webkit";
    assert.deepEqual(r, { navigation, byItself: navigation ? "done" : "open", afterPage: "done" });
  },

  async "validation lists every problem: a selector the engine refuses beside an unknown step"(s) {
    const tab = await s.tab();
    await harness(tab);
    const r = await tab.run(() => {
      const config = structuredClone(window.config);
      config.steps[0].completeOn = [{ click: "button:not-a-pseudo-class" }, { click: "button[[" }];
      config.steps[1].requires = ["nope"];
      const codes = (errors) => errors.map((e) => `${e.path}: ${e.code}`).sort();
      let thrown;
      try { window.fv.mount("#a", config, window.opts()); } catch (e) { thrown = codes(e.errors); }
      return { validated: codes(window.fv.validateConfig(config).errors), thrown };
    });
    // The first selector only the engine refuses; the second the config check does, once.
    const both = ["steps[0].completeOn[0]: invalid_selector", "steps[0].completeOn[1].click: invalid_selector",
      "steps[1].requires[0]: unknown_step"];
    assert.deepEqual(r, { validated: both, thrown: both });
  },

  // Measured on what the engine drew (a screenshot), not on what the CSS asked for: WebKit's
  // own checkbox was near-invisible on the dark panel whatever its computed colours said.
  async "the checkboxes stand out in the light and the dark theme: outline and mark >= 3:1, as drawn"(s) {
    const tab = await s.tab();
    await harness(tab);
    const boxes = () => window.checkboxBoxes({ host: "#a", open: "invite", locked: "chart" });
    for (const theme of ["light", "dark"]) {
      await tab.run((theme) => {
        window.c?.destroy();
        document.querySelector("#a").setAttribute("data-fv-theme", theme);
        window.c = window.fv.mount("#a", window.config, window.opts({ user: { id: `u-${theme}`, traits: { plan: "pro" } } }));
      }, theme);
      const atBefore = await tab.run(boxes);
      const before = decode(await tab.shot());
      await tab.click("[data-step=invite] input", "#a");
      const atAfter = await tab.run(boxes);
      const { markWhenUnchecked, ...r } = readCheckboxes(before, atBefore, decode(await tab.shot()), atAfter);
      for (const [kind, value] of Object.entries(r)) assert.ok(value >= 3, `${theme} ${kind}: ${value}:1 ${JSON.stringify(r)}`);
      assert.ok(markWhenUnchecked < 1.5, `${theme}: an unchecked box shows no mark: ${markWhenUnchecked}`);
      assert.equal(await tab.run(() => getComputedStyle(document.querySelector("#a")).colorScheme), theme);
      console.log(`  ${s.engine} ${theme}: ${JSON.stringify(r)}`);
    }
  },
};

for (const engine of ENGINES) {
  for (const [name, flow] of Object.entries(flows)) {
    test(`${engine}: ${name}`, { timeout: 120_000 }, async () => {
      const s = { ...await (await browser(engine)).session(), engine };
      try {
        await flow(s);
      } finally {
        await s.close();
      }
    });
  }
}

test("below the baseline (WPE WebKit 2.38, about Safari 16.0): init() rejects, naming what the engine lacks", { timeout: 120_000 }, async () => {
  const s = await (await browser("wpe")).session();
  try {
    const tab = await s.tab();
    await tab.goto(`${url}__test__/baseline.html`);
    const message = await until(tab, () => document.body.dataset.init, null, "init()");
    assert.equal(message, "firstvalue: this browser is older than firstvalue supports (Chrome and Edge 96, Firefox 101, Safari 16.4): "
      + "it lacks constructable stylesheets (CSSStyleSheet.replaceSync, ShadowRoot.adoptedStyleSheets: Chrome 73, Firefox 101, Safari 16.4)");
    assert.equal(await tab.run(() => document.body.dataset.code), "unsupported_browser");
    // Nothing was fetched but the glue: the wasm is not downloaded for nothing.
    assert.deepEqual(await tab.run(() => performance.getEntriesByType("resource").map((e) => e.name.split("/").pop())
      .filter((n) => n.endsWith(".wasm"))), []);
  } finally {
    await s.close();
  }
});
