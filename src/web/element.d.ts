import type { Checklist, ChecklistConfig, ChecklistState, StorageAdapter } from "./firstvalue.js";

/** What a `firstvalue:error` event carries. */
export interface FirstvalueErrorDetail {
  /** `load_failed`, `invalid_config`, `invalid_attribute`, or a runtime fault code (`storage_full`, …). */
  code: string;
  message: string;
  errors: { path: string; message: string }[];
}

/** `<firstvalue-checklist>`: the checklist as a custom element. */
export declare class FirstvalueChecklist extends HTMLElement {
  /** The config (object or JSON text); takes precedence over the `src` attribute. */
  config: ChecklistConfig | string | undefined;
  /** The user's traits; takes precedence over the `traits` attribute. */
  traits: Record<string, unknown> | undefined;
  /** The user's account; takes precedence over the `account-id` attribute. */
  account: { id: string; traits?: Record<string, unknown> } | undefined;
  /** Where progress is kept; takes precedence over the `storage` attribute. */
  storage: "local" | "session" | "memory" | StorageAdapter | undefined;
  /** The mounted checklist, once there is one. */
  readonly checklist: Checklist | null;
  track(eventName: string, properties?: Record<string, unknown>): string[];
  complete(stepId: string): boolean;
  skip(stepId: string): boolean;
  reset(): void;
  state(): ChecklistState | null;
  open(): void;
  minimize(): void;
  dismiss(): void;
  page(path?: string): void;
  snooze(duration: string | number): void;
}

/** The attributes and properties of the element, for JSX. */
export interface FirstvalueChecklistAttributes {
  src?: string;
  "user-id"?: string;
  traits?: string | Record<string, unknown>;
  "account-id"?: string;
  segment?: string;
  "started-at"?: string | number;
  storage?: "local" | "session" | "memory" | StorageAdapter;
  config?: ChecklistConfig | string;
  id?: string;
  class?: string;
  className?: string;
  style?: unknown;
  ref?: unknown;
  key?: string | number;
  children?: unknown;
  [event: `onfirstvalue:${string}`]: unknown;
}

declare global {
  interface HTMLElementTagNameMap {
    "firstvalue-checklist": FirstvalueChecklist;
  }
  interface HTMLElementEventMap {
    "firstvalue:error": CustomEvent<FirstvalueErrorDetail>;
  }
  namespace JSX {
    interface IntrinsicElements {
      "firstvalue-checklist": FirstvalueChecklistAttributes;
    }
  }
}
