// A component test of the example, as a team would write one: Vitest + jsdom, the real
// package (init() reads the wasm from disk), memory storage for synchronous events.
import { StrictMode, act } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, expect, test, vi } from "vitest";
import { App } from "./App";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const settle = () => act(() => new Promise((r) => setTimeout(r, 50)));
let root: ReturnType<typeof createRoot> | null = null;
afterEach(() => { act(() => root?.unmount()); document.body.innerHTML = ""; });

test("the checklist renders, a product button completes a step, first value is reported once", async () => {
  const container = document.body.appendChild(document.createElement("div"));
  root = createRoot(container);
  // StrictMode mounts, cleans up and mounts the effect again: one checklist must remain.
  await act(async () => root!.render(<StrictMode><App userId="vitest" storage="memory" /></StrictMode>));
  // init() compiles the wasm from disk: on a busy 2-core CI machine that takes longer than
  // any fixed pause, so wait for the mount itself (up to 10 s) rather than for a time.
  const widget = container.querySelector(".onboarding")!;
  await vi.waitFor(() => expect(widget.shadowRoot?.querySelectorAll("li").length).toBe(4), { timeout: 10_000, interval: 20 });
  await settle();
  const rows = () => [...widget.shadowRoot!.querySelectorAll("li")].map((li) => `${li.dataset.step}:${li.dataset.status}`);
  expect(rows()).toEqual(["connect_data:open", "build_chart:locked", "share_dashboard:locked", "invite_team:open"]);
  const button = (name: string) => [...container.querySelectorAll("button")].find((b) => b.textContent === name)!;
  await act(async () => button("Connect a data source").click());
  await act(async () => button("Save a chart").click());
  await act(async () => button("Share a dashboard").click());
  await settle();
  expect(rows().slice(0, 3)).toEqual(["connect_data:done", "build_chart:done", "share_dashboard:done"]);
  const log = [...container.querySelectorAll("[aria-label='Event log'] li")].map((li) => li.textContent);
  expect(log.filter((t) => t === "first_value")).toHaveLength(1);
  expect(log.filter((t) => t === "checklist_started")).toHaveLength(1);
  expect(container.querySelector("[role=status]")!.textContent).toMatch(/^First value in \d+ s$/);
}, 30_000);
