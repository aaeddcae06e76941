"use client";
// A product page: its buttons report what the user did through checklist.track(); "Hide"
// unmounts the checklist's component and "Show" brings it back with the stored progress.
import { useCallback, useMemo, useRef, useState } from "react";
import { Onboarding } from "./Onboarding";

export function Product({ config }) {
  const checklist = useRef(null);
  const [log, setLog] = useState([]);
  const [shown, setShown] = useState(true);
  const options = useMemo(() => ({
    user: { id: "next_user", traits: { plan: "team", seats: 5 } },
    onEvent: (e) => setLog((l) => [...l, e]),
  }), []);
  const onReady = useCallback((c) => { checklist.current = c; }, []);
  const track = (name) => checklist.current?.track(name);
  const firstValue = log.find((e) => e.type === "first_value");
  return (
    <main>
      <h1>Acme, in Next.js</h1>
      <p>
        <button onClick={() => track("datasource_connected")}>Connect a data source</button>{" "}
        <button onClick={() => track("chart_saved")}>Save a chart</button>{" "}
        <button onClick={() => track("dashboard_shared")}>Share a dashboard</button>{" "}
        <button id="toggle" onClick={() => setShown((s) => !s)}>{shown ? "Hide" : "Show"} the checklist</button>
      </p>
      <p role="status">{firstValue ? `First value in ${Math.round(firstValue.ttfvMs / 1000)} s` : ""}</p>
      {shown && <Onboarding config={config} options={options} onReady={onReady} />}
      <ol aria-label="Event log">{log.map((e, i) => <li key={i}>{e.type}</li>)}</ol>
    </main>
  );
}
