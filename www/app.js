// The demo host app ("Acme Analytics"): loads firstvalue from pkg/ exactly as a customer would.
import init, { mount } from "./pkg/firstvalue.js";

const [baseConfig] = await Promise.all([fetch("acme.config.json").then((r) => r.json()), init()]);

const $ = (sel) => document.querySelector(sel);
const target = $("#onboarding");
let checklist = null;

// Arabic labels and titles, to show i18n and right-to-left layout.
const arabic = {
  title: "ابدأ مع Acme",
  text: {
    progress: "{done} من {total} مكتملة", launcher: "ابدأ · متبقٍ {remaining}", minimize: "تصغير القائمة",
    dismiss: "إغلاق القائمة", skip: "تخطي", requires: "يتطلب:", skipped: "تم التخطي", stepDone: "اكتمل:",
    firstValue: "وصلت إلى القيمة الأولى!", completed: "تم كل شيء — أنت جاهز.",
  },
  steps: {
    connect_data: "اربط مصدر بيانات", build_chart: "أنشئ أول رسم بياني", invite_team: "ادعُ زميلًا",
    connect_sso: "فعّل الدخول الموحد", share_dashboard: "شارك لوحة معلومات",
    chart_library: "احفظ ثلاثة رسوم بيانية", explore_reports: "افتح تقريرًا", add_teammates: "ادعُ فريقك",
  },
};

function localized(lang) {
  if (lang !== "ar") return baseConfig;
  const c = structuredClone(baseConfig);
  c.title = arabic.title;
  c.text = arabic.text;
  for (const s of c.steps) { s.title = arabic.steps[s.id] ?? s.title; delete s.description; }
  return c;
}

function record(event) {
  const li = document.createElement("li");
  const { type, checklistId, segment, userId, at, ...fields } = event;
  li.textContent = `${new Date(at).toLocaleTimeString()}  ${type}  ${JSON.stringify(fields)}`;
  $("#log").prepend(li);
}

function human(ms) {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} days`;
}

const traits = { enterprise: { plan: "enterprise", seats: 120, role: "admin" }, team: { plan: "team", seats: 8 }, self_serve: { plan: "free", seats: 1 } };

function start() {
  checklist?.destroy();
  const segment = $("#segment").value;
  const daysAgo = Number($("#signup").value);
  checklist = mount(target, localized($("#lang").value), {
    user: { id: `demo-${segment}`, traits: traits[segment] },
    // "scope": "account" steps (single sign-on) are done once for the whole company.
    account: { id: `acme-${segment}`, traits: { plan: traits[segment].plan } },
    startedAt: daysAgo ? Date.now() - daysAgo * 86_400_000 : undefined,
    onEvent: record,
    onFirstValue(e) { showTtfv(e.ttfvMs, e.goalMs, e.withinGoal); },
    onGoalMissed(e) { $("#ttfv").textContent = `Goal of ${human(e.goalMs)} missed: the customer success team gets a nudge.`; },
    onGoalAtRisk(e) { if (!$("#ttfv").textContent) $("#ttfv").textContent = `At risk: ${human(e.elapsedMs)} in, ${e.openSteps} steps open, goal ${human(e.goalMs)}.`; },
    onError(e) { record({ type: `error: ${e.code}`, at: Date.now(), message: e.message }); },
  });
  const s = checklist.state();
  if (s.ttfvMs != null) showTtfv(s.ttfvMs, s.goalMs, s.ttfvMs <= (s.goalMs ?? Infinity));
  else if (s.goalMissedAt == null) $("#ttfv").textContent = "";
  window.checklist = checklist;
}

function showTtfv(ttfvMs, goalMs, within) {
  const goal = goalMs == null ? "" : within ? ` — within the ${human(goalMs)} goal` : ` — over the ${human(goalMs)} goal`;
  $("#ttfv").textContent = `First value reached in ${human(ttfvMs)}${goal}.`;
}

for (const button of document.querySelectorAll("[data-track]")) {
  // Properties go with the event: "Save three charts" counts bar and line charts, not tables.
  button.addEventListener("click", () => checklist.track(button.dataset.track, button.dataset.props && JSON.parse(button.dataset.props)));
}
// The host's own UI: the checklist follows the hash route ("page" rule) and the
// Invite people button ("click" rule) by itself; the demo only shows where you are.
const route = () => { $("#product-title").textContent = location.hash.startsWith("#/reports/") ? "Q3 report" : "Your workspace"; };
addEventListener("hashchange", route);
route();
$("[data-onboarding=invite]").addEventListener("click", () => record({ type: "host: invite dialog opened", at: Date.now() }));
target.addEventListener("firstvalue:action_clicked", (e) => {
  if (e.detail.event === "open_invite_dialog") checklist.complete("invite_team");
  if (e.detail.help) record({ type: "host: help offer taken", at: Date.now() });
});
for (const id of ["#segment", "#signup", "#lang"]) $(id).addEventListener("change", start);
$("#reset").addEventListener("click", () => { checklist.reset(); $("#ttfv").textContent = ""; });
$("#lang").addEventListener("change", () => { document.documentElement.dir = $("#lang").value === "ar" ? "rtl" : "ltr"; });
$("#theme").addEventListener("change", () => { target.className = $("#theme").value && `theme-${$("#theme").value}`; });
$("#dark").addEventListener("change", () => {
  const dark = $("#dark").checked;
  document.documentElement.dataset.theme = dark ? "dark" : "light";
  target.dataset.fvTheme = dark ? "dark" : "light";
});
$("#floating").addEventListener("change", () => { if ($("#floating").checked) target.dataset.fvPlacement = "floating"; else delete target.dataset.fvPlacement; });
$("#compact").addEventListener("change", () => { if ($("#compact").checked) target.dataset.fvDensity = "compact"; else delete target.dataset.fvDensity; });
start();
document.body.dataset.ready = "true";
