// `import type {} from "firstvalue/react"` once in a React 19 app types <firstvalue-checklist>
// in JSX (React 19 reads React.JSX, not the global JSX namespace).
import type { FirstvalueChecklistAttributes } from "./element.js";

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "firstvalue-checklist": FirstvalueChecklistAttributes;
    }
  }
}
