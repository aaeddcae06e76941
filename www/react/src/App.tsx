import { useCallback, useMemo, useRef, useState } from "react";
import type { Checklist, ChecklistConfig, ChecklistEvent, MountOptions } from "firstvalue";
import acme from "../../acme.config.json";
import { Onboarding } from "./Onboarding";

// A config imported from JSON is a ChecklistConfig without a cast.
const config: ChecklistConfig = acme;

/** A product page: its buttons report what the user did through checklist.track(). */
export function App({ userId = "react_user", storage = "local" }: { userId?: string; storage?: MountOptions["storage"] }) {
  const checklist = useRef<Checklist | null>(null);
  const [log, setLog] = useState<ChecklistEvent[]>([]);
  const options = useMemo<MountOptions>(() => ({
    user: { id: userId, traits: { plan: "team", seats: 5 } },
    storage,
    onEvent: (e) => setLog((l) => [...l, e]),
  }), [userId, storage]);
  const onReady = useCallback((c: Checklist | null) => { checklist.current = c; }, []);
  const track = (name: string) => checklist.current?.track(name);
  const firstValue = log.find((e) => e.type === "first_value");
  return (
    <main>
      <h1>Acme, in React</h1>
      <p>
        <button onClick={() => track("datasource_connected")}>Connect a data source</button>{" "}
        <button onClick={() => track("chart_saved")}>Save a chart</button>{" "}
        <button onClick={() => track("dashboard_shared")}>Share a dashboard</button>
      </p>
      <p role="status">{firstValue && firstValue.type === "first_value" ? `First value in ${Math.round(firstValue.ttfvMs / 1000)} s` : ""}</p>
      <Onboarding config={config} options={options} onReady={onReady} />
      <ol aria-label="Event log">{log.map((e, i) => <li key={i}>{e.type}</li>)}</ol>
    </main>
  );
}
