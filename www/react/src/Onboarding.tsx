import { useEffect, useRef } from "react";
import init, { mount, type Checklist, type ChecklistConfig, type MountOptions } from "firstvalue";

/** The checklist in a React app: mounted in an effect, destroyed in its cleanup. */
export function Onboarding({ config, options, onReady }: {
  config: ChecklistConfig;
  options: MountOptions;
  onReady?: (checklist: Checklist | null) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let checklist: Checklist | null = null;
    // StrictMode runs every effect twice in development: the first run is cleaned up
    // before init() resolves, and must not mount.
    let cancelled = false;
    init().then(() => {
      if (cancelled || !ref.current) return;
      checklist = mount(ref.current, config, options);
      onReady?.(checklist);
    });
    return () => {
      cancelled = true;
      checklist?.destroy();
      onReady?.(null);
    };
  }, [config, options, onReady]);
  return <div ref={ref} className="onboarding" />;
}
