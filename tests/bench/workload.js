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

/** Plain JavaScript building the same DOM in a shadow root, with textContent. */
export function baselineMount(target, cfg) {
  const root = target.shadowRoot ?? target.attachShadow({ mode: "open" });
  root.textContent = "";
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  const panel = el("section", "panel");
  const header = el("header", "head");
  header.append(el("h2", "title", cfg.title));
  const tools = el("div", "tools");
  for (const a of ["minimize", "dismiss"]) { const b = el("button", a, "–"); b.type = "button"; b.setAttribute("aria-label", a); tools.append(b); }
  header.append(tools, el("p", "count", `0 of ${cfg.steps.length} done`));
  const bar = el("div", "bar");
  bar.setAttribute("role", "progressbar");
  bar.setAttribute("aria-valuenow", "0");
  bar.append(el("div", "fill"));
  header.append(bar);
  panel.append(header);
  const list = el("ol", "steps");
  const done = new Set();
  cfg.steps.forEach((s, i) => {
    const li = el("li", "step");
    li.dataset.step = s.id;
    const locked = (s.requires ?? []).some((r) => !done.has(r));
    li.dataset.status = locked ? "locked" : "open";
    const cb = el("input", "check");
    cb.type = "checkbox";
    cb.id = `fv-s${i}`;
    cb.disabled = locked || (s.completeOn ?? []).length > 0;
    const body = el("div", "body");
    const label = el("label", "name", s.title);
    label.htmlFor = cb.id;
    body.append(label);
    if (s.description) body.append(el("p", "desc", s.description));
    if (s.requires) { const l = el("p", "lock", `Requires: ${s.requires.join(", ")}`); l.hidden = !locked; body.append(l); }
    if (s.action) { const a = el("a", "action", s.action.label); a.href = s.action.href; const d = el("div", "actions"); d.append(a); body.append(d); }
    li.append(cb, body);
    list.append(li);
  });
  panel.append(list);
  root.append(panel);
  return { destroy() { root.textContent = ""; } };
}
