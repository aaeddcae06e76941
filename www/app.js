// The demo host app: loads firstvalue from pkg/ exactly as a customer would.
import init, { mount } from "./pkg/firstvalue.js";

const config = await (await fetch("acme.config.json")).json();
await init();

const $ = (sel) => document.querySelector(sel);
const log = $("#log");
let checklist = null;

function record(event) {
  const li = document.createElement("li");
  const time = new Date(event.at).toLocaleTimeString();
  const { type, checklistId, segment, userId, at, ...fields } = event;
  li.textContent = `${time}  ${type}  ${JSON.stringify(fields)}`;
  log.prepend(li);
}

function human(ms) {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  return `${Math.round(m / 60)} h`;
}

function start() {
  checklist?.destroy();
  const segment = $("#segment").value;
  const daysAgo = Number($("#signup").value);
  const plan = segment === "enterprise" ? "enterprise" : "free";
  checklist = mount("#onboarding", config, {
    user: { id: `demo-${segment}`, traits: { plan } },
    startedAt: daysAgo ? Date.now() - daysAgo * 86_400_000 : undefined,
    onEvent: record,
    onFirstValue(e) {
      const goal = e.goalMs == null ? "" : e.withinGoal ? ` — within the ${human(e.goalMs)} goal` : ` — over the ${human(e.goalMs)} goal`;
      $("#ttfv").textContent = `First value reached in ${human(e.ttfvMs)}${goal}.`;
    },
    onError(e) { record({ type: `error: ${e.code}`, at: Date.now(), message: e.message }); },
  });
  const s = checklist.state();
  $("#ttfv").textContent = s.ttfvMs == null ? "" : `First value reached in ${human(s.ttfvMs)}.`;
  window.checklist = checklist;
}

for (const button of document.querySelectorAll("[data-track]")) {
  button.addEventListener("click", () => checklist.track(button.dataset.track));
}
$("#segment").addEventListener("change", start);
$("#signup").addEventListener("change", start);
$("#reset").addEventListener("click", () => { checklist.reset(); $("#ttfv").textContent = ""; });
start();
document.body.dataset.ready = "true";
