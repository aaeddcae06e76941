// Configs imported from .json files (TypeScript widens `1` to `number` and adds
// `key?: undefined` across the members of an array) are ChecklistConfigs without a cast;
// state() is typed for every state it can be in.
import init, { mount, type ChecklistConfig, type ChecklistState } from "../../pkg/firstvalue.js";
import onboarding from "./onboarding.json";
import demo from "../../www/acme.config.json";

const config: ChecklistConfig = onboarding;
const demoConfig: ChecklistConfig = demo;

export async function run(): Promise<string> {
  await init();
  const checklist = mount("#onboarding", config, { user: { id: "staff_1", traits: { plan: "internal" } } });
  const state: ChecklistState = checklist.state();
  // No segment matched: segment and startedAt are null, so they must be checked.
  // @ts-expect-error: segment may be null.
  const segment: string = state.segment;
  checklist.free();
  return `${segment} ${state.segment ?? "no segment"} ${state.startedAt ?? "not started"} ${demoConfig.id}`;
}
