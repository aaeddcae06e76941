// A TypeScript host app, compiled with `tsc --strict` in `make test` against pkg/firstvalue.d.ts.
// The @ts-expect-error lines prove the declarations are real types, not `any`:
// if a type degraded to `any`, the expected error would vanish and tsc would fail.
import init, { mount, validateConfig, type ChecklistConfig, type ChecklistEvent, type ChecklistState, type MountOptions } from "../../pkg/firstvalue.js";

const config: ChecklistConfig = {
  version: 1,
  id: "acme-onboarding",
  title: "Get started with Acme",
  steps: [
    { id: "connect_data", title: "Connect a data source", completeOn: ["datasource_connected"], action: { label: "Connect", href: "/sources/new" } },
    { id: "invite_team", title: "Invite a teammate", skippable: true, action: { label: "Invite", event: "open_invite" } },
    { id: "build_chart", title: "Save three bar charts in a week", completeOn: [{ event: "chart_saved", count: 3, within: "P7D", where: { kind: "bar", rows: { gte: 100 } } }] },
    { id: "reports", title: "Open a report", completeOn: [{ any: [{ page: "/reports/*" }, { click: "[data-onboarding=reports]" }] }], showIf: { "account.plan": "team" }, scope: "account" },
  ],
  segments: [{ id: "everyone", steps: ["connect_data", "invite_team"], firstValue: { steps: ["connect_data"] }, ttfvGoal: "PT30M",
    atRisk: 0.5, stalledAfter: "PT10M", reshowAfter: "P1D", help: { title: "Stuck?", action: { label: "Chat with us", event: "open_chat" } }, showHelpOn: ["stalled", "at_risk"] }],
  snoozeOptions: ["PT4H", "P1D"],
};

function describe(e: ChecklistEvent): string {
  switch (e.type) {
    case "first_value":
      return `first value in ${e.ttfvMs} ms (goal ${e.goalMs ?? "none"}, within: ${e.withinGoal})`;
    case "step_completed":
      return `${e.stepId} by ${e.source}${e.source === "page" || e.source === "click_target" ? ` (rule ${e.rule})` : ""} after ${e.elapsedMs} ms`;
    case "goal_missed":
      return `late: ${e.elapsedMs} > ${e.goalMs}`;
    case "goal_at_risk":
    case "checklist_stalled":
      return `${e.type}: ${e.openSteps} steps open`;
    case "checklist_snoozed":
      return `back at ${new Date(e.until).toISOString()}`;
    default:
      return e.type;
  }
}

const options: MountOptions = {
  user: { id: "u_42", traits: { plan: "enterprise", seats: 120 } },
  account: { id: "acme", traits: { plan: "team" } },
  startedAt: "2026-11-20T09:00:00Z",
  storage: { load: async (key) => localStorage.getItem(key), save: (key, value) => localStorage.setItem(key, value) },
  onEvent: (e) => console.log(describe(e)),
  onFirstValue: (e) => console.log(e.reachedAt - e.startedAt === e.ttfvMs),
  onError: (e) => console.warn(e.code, e.message),
  onStalled: (e) => console.log(e.idleMs),
  onGoalAtRisk: (e) => console.log(e.goalMs - e.elapsedMs),
};

export async function main(): Promise<void> {
  await init();
  const result = validateConfig(config);
  if (!result.ok) throw new Error(result.errors.map((p) => `${p.path}: ${p.message}`).join("\n"));
  const checklist = mount("#onboarding", config, options);
  const done: string[] = checklist.track("datasource_connected");
  checklist.track("chart_saved", { kind: "bar", rows: 120 });
  checklist.page("/reports/7");
  checklist.page();
  checklist.snooze("PT4H");
  checklist.snooze(3_600_000);
  const state: ChecklistState = checklist.state();
  const percent: number = state.percent;
  const first = state.steps[0];
  if (first && first.status === "done") console.log(done, percent, first.completedAt);
  document.querySelector("#onboarding")?.addEventListener("firstvalue:first_value", (e) => console.log(e.detail.ttfvMs));

  // @ts-expect-error: a status outside the four is a type error.
  const bad: ChecklistState["steps"][number]["status"] = "finished";
  // @ts-expect-error: an action needs a label.
  const noLabel: ChecklistConfig["steps"][number]["action"] = { href: "/x" };
  // @ts-expect-error: track takes an event name.
  checklist.track(42);
  // @ts-expect-error: a rule object has one of the known kinds.
  const badRule: ChecklistConfig["steps"][number] = { id: "x", title: "X", completeOn: [{ evnt: "x" }] };
  void badRule;
  // @ts-expect-error: storage is one of the named modes or an adapter.
  mount("#x", config, { storage: "disk" });
  void bad, noLabel;
}
