// The benchmark workload, shared by the wasm page and the plain-JS baseline.

/** A config with n steps: every step completes on its own event; every fifth has a
 *  description, every seventh an action, every third requires the one before. */
export function config(n) {
  const steps = Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    title: `Step number ${i}`,
    completeOn: [`ev${i}`],
    ...(i % 5 === 0 ? { description: `What step ${i} is about, in a sentence.` } : {}),
    ...(i % 7 === 0 ? { action: { label: "Open", href: `/step/${i}` } } : {}),
    ...(i % 3 === 0 && i > 0 ? { requires: [`s${i - 1}`] } : {}),
  }));
  return { version: 1, id: `bench${n}`, title: "Benchmark checklist", steps };
}

/** Plain JavaScript building the same DOM as the widget in a shadow root, node by node
 *  with createElement, setAttribute and textContent (what a hand-written widget does).
 *  `bench.js` checks that both DOMs serialize to the same markup before timing them. */
export function baselineMount(target, cfg, style = shared()) {
  const root = target.shadowRoot ?? target.attachShadow({ mode: "open" });
  root.textContent = "";
  root.adoptedStyleSheets = [style];
  const el = (tag, cls, attrs, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (attrs) for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  };
  const n = cfg.steps.length;
  const panel = el("section", "panel", { part: "panel", "aria-labelledby": "fv-title" });
  const header = el("header", "head", { part: "header" });
  const title = el("h2", "title", { id: "fv-title", part: "title" }, cfg.title);
  const tools = el("div", "tools");
  for (const [act, label, glyph] of [["minimize", "Minimize checklist", "–"], ["dismiss", "Dismiss checklist", "×"]]) {
    tools.append(el("button", act, { type: "button", "data-act": act, "aria-label": label, title: label, part: act }, glyph));
  }
  const count = el("p", "count", { id: "fv-count", part: "progress-text" }, `0 of ${n} done`);
  const bar = el("div", "bar", { role: "progressbar", part: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100",
    "aria-labelledby": "fv-title", "aria-describedby": "fv-count", "aria-valuenow": "0", "aria-valuetext": `0 of ${n} done` });
  const fill = el("div", "fill");
  fill.style.setProperty("width", "0%");
  bar.append(fill);
  const milestone = el("p", "milestone", { part: "milestone", hidden: "" }, "You reached first value!");
  header.append(title, tools, count, bar, milestone);
  panel.append(header);
  const list = el("ol", "steps", { part: "steps" });
  const titles = new Map(cfg.steps.map((s) => [s.id, s.title]));
  cfg.steps.forEach((s, i) => {
    const requires = s.requires ?? [];
    const locked = requires.length > 0; // nothing is done at mount
    const li = el("li", "step", { part: "step", "data-status": locked ? "locked" : "open", "data-step": s.id });
    const line = el("label", "line");
    line.append(el("span", "name", { part: "step-title" }, s.title), el("span", "badge", { part: "badge", hidden: "" }, "Skipped"));
    const check = el("input", "check", { type: "checkbox", part: "checkbox" });
    if ((s.completeOn ?? []).length > 0) check.setAttribute("disabled", "");
    line.append(check);
    li.append(line);
    if (s.description || requires.length || s.action || s.skippable) {
      const more = el("div", "more");
      const described = [];
      if (s.description) { more.append(el("p", "desc", { part: "step-description", id: `fv-s${i}-d` }, s.description)); described.push(`fv-s${i}-d`); }
      if (requires.length) {
        const lock = el("p", "lock", { part: "step-lock", ...(locked ? {} : { hidden: "" }), id: `fv-s${i}-l` },
          // Each title bidi-isolated (U+2068…U+2069), as the widget writes it.
          `Requires: ${requires.map((r) => `\u2068${titles.get(r)}\u2069`).join(", ")}`);
        more.append(lock);
        described.push(`fv-s${i}-l`);
      }
      if (described.length) check.setAttribute("aria-describedby", described.join(" "));
      if (s.action) {
        const actions = el("div", "actions");
        actions.append(el("a", "action", { "data-act": "action", part: "action", href: s.action.href }, s.action.label));
        more.append(actions);
      }
      li.append(more);
    }
    list.append(li);
  });
  panel.append(list);
  const celebrate = el("div", "celebrate", { part: "celebration", hidden: "" });
  const confetti = el("div", "confetti", { "aria-hidden": "true" });
  for (let i = 0; i < 12; i++) confetti.append(el("i"));
  celebrate.append(confetti, el("p", "cheer", null, "All done — you are set up."));
  panel.append(celebrate);
  // "Remind me later" (the default snoozeOptions: one day).
  const foot = el("div", "foot");
  foot.append(el("button", "later", { type: "button", part: "snooze", "data-act": "snooze", "data-ms": "86400000" }, "Remind me later"));
  panel.append(foot);
  root.append(panel,
    el("button", "launcher", { type: "button", "data-act": "open", part: "launcher", hidden: "" }, `Get started · ${n} left`),
    el("div", "sr", { "aria-live": "polite", role: "status", part: "announcer" }));
  return { destroy() { root.textContent = ""; root.adoptedStyleSheets = []; } };
}

/** One stylesheet shared by every baseline mount, as the widget shares its own (made on
 *  first use, so Node can import `config`). */
let sheet;
function shared() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(".panel { display: block }");
  }
  return sheet;
}
