"use client";
// The checklist in a Next.js App Router app: a client component (the server renders an empty
// <div>), mounted in useEffect, destroyed in its cleanup; the mount is skipped if the cleanup
// ran before init() resolved (a fast navigation, or StrictMode's second run in development).
import { useEffect, useRef } from "react";
import init, { mount } from "firstvalue";

export function Onboarding({ config, options, onReady }) {
  const ref = useRef(null);
  useEffect(() => {
    let checklist = null;
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
