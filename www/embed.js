// The README's embedding example, verbatim apart from the console lines: tests/e2e/embed.test.mjs runs it.
import init, { mount, validateConfig } from "./pkg/firstvalue.js";

// The wasm compiles while the config downloads: one wait instead of two.
const [config] = await Promise.all([fetch("acme.config.json").then((r) => r.json()), init()]);

const { ok, errors } = validateConfig(config);
if (!ok) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join("\n"));

const checklist = mount("#onboarding", config, {
  user: { id: "u_42", traits: { plan: "enterprise", seats: 120, role: "admin" } },
  startedAt: Date.now() - 3 * 86_400_000,      // signed up three days ago
  onFirstValue(e) {
    document.querySelector("#out").textContent =
      `First value after ${Math.round(e.ttfvMs / 3_600_000)} h — ${e.withinGoal ? "within" : "over"} the goal.`;
  },
  onError(e) { console.warn("firstvalue", e.code, e.message); },
});

// Wherever the product does something, tell the checklist:
checklist.track("sso_enabled");
checklist.track("datasource_connected");
checklist.track("chart_saved");                // first value for this segment
console.log(checklist.state());                // { segment: "enterprise", ttfvMs: …, done: 3, total: 6, … }
window.checklist = checklist;
