// The custom element's types: the tag maps to FirstvalueChecklist, its methods and the
// firstvalue:error event are typed.
import type { FirstvalueChecklist, FirstvalueErrorDetail } from "../../pkg/element.js";

export function wire(): string[] {
  const el: FirstvalueChecklist | null = document.querySelector("firstvalue-checklist");
  if (!el) return [];
  el.addEventListener("firstvalue:error", (e) => { const d: FirstvalueErrorDetail = e.detail; console.warn(d.code, d.errors); });
  el.traits = { plan: "team" };
  el.storage = "memory";
  // @ts-expect-error: storage is one of the named modes or an adapter.
  el.storage = "disk";
  return el.track("chart_saved");
}
