// <firstvalue-checklist> in React 19's JSX: typed by `firstvalue/react` (type-checked by
// `npm run build`; the element itself comes from `firstvalue/element`).
import type {} from "firstvalue/react";

export function ElementTag({ userId }: { userId: string }) {
  return <firstvalue-checklist src="/acme.config.json" user-id={userId} traits='{"plan":"team"}' storage="memory" />;
}
