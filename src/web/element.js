// <firstvalue-checklist>: the checklist as a custom element, for hosts with no JavaScript
// of their own and for every framework. It loads the wasm itself, reads its config from
// `src` (or the `config` property) and its options from attributes or properties, and
// re-mounts when they change. Removing it destroys the checklist; inserting it again
// brings the stored progress back. Errors become a `firstvalue:error` event and a console
// error, never an unhandled rejection.
import init, { mount } from "./firstvalue.js";

const ATTRIBUTES = ["src", "user-id", "traits", "account-id", "segment", "started-at", "storage"];
const METHODS = { track: [], complete: false, skip: false, reset: undefined, state: null,
  open: undefined, minimize: undefined, dismiss: undefined, page: undefined, snooze: undefined };
let ready;
// Set once the page is being left: a fetch the navigation cuts short is not an error.
let leaving = false;
addEventListener("pagehide", () => { leaving = true; });
addEventListener("pageshow", () => { leaving = false; });

/** Thrown for what the element itself reads: an attribute or a fetch. */
function problem(code, path, message) {
  return Object.assign(new Error(`firstvalue: ${path ? `${path}: ` : ""}${message}`),
    { code, errors: [{ path, message }] });
}

export class FirstvalueChecklist extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #checklist = null;
  #config;
  #traits;
  #storage;
  #account;
  #run = 0;
  #queued = false;

  /** The config object (or JSON text); takes precedence over `src`. */
  get config() { return this.#config; }
  set config(value) { this.#config = value; this.#schedule(); }
  /** The user's traits; takes precedence over the `traits` attribute. */
  get traits() { return this.#traits; }
  set traits(value) { this.#traits = value; this.#schedule(); }
  /** The user's account, `{ id, traits }`; takes precedence over `account-id`. */
  get account() { return this.#account; }
  set account(value) { this.#account = value; this.#schedule(); }
  /** "local" | "session" | "memory" | a `{ load, save }` adapter. */
  get storage() { return this.#storage ?? this.getAttribute("storage") ?? undefined; }
  set storage(value) { this.#storage = value; this.#schedule(); }
  /** The mounted checklist, once there is one. */
  get checklist() { return this.#checklist; }

  connectedCallback() { this.#schedule(); }
  disconnectedCallback() { this.#run++; this.#teardown(); }
  attributeChangedCallback(_name, before, after) { if (before !== after) this.#schedule(); }

  /** Several changes in one task re-mount once. */
  #schedule() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => { this.#queued = false; this.#mount(); });
  }

  #teardown() {
    this.#checklist?.destroy();
    this.#checklist = null;
  }

  async #mount() {
    const run = ++this.#run;
    this.#teardown();
    if (!this.isConnected) return;
    try {
      ready ??= init().catch((e) => { ready = undefined; throw e; });
      await ready;
      const config = this.#config ?? await this.#fetch();
      if (run !== this.#run || !this.isConnected || config == null) return;
      this.#checklist = mount(this, config, this.#options());
    } catch (error) {
      if (run === this.#run) this.#fail(error);
    }
  }

  async #fetch() {
    const src = this.getAttribute("src");
    if (!src) return undefined;
    let response;
    try {
      response = await fetch(new URL(src, document.baseURI));
    } catch (e) {
      if (leaving) return undefined; // the user navigated away: nothing to report
      throw problem("load_failed", "src", `could not load "${src}": ${e?.message ?? e}`);
    }
    if (!response.ok) throw problem("load_failed", "src", `could not load "${src}": HTTP ${response.status}`);
    try {
      return await response.json();
    } catch (e) {
      throw problem("invalid_config", "src", `"${src}" is not JSON: ${e?.message ?? e}`);
    }
  }

  #options() {
    const options = { onError: (fault) => this.#fail(fault) };
    let traits = this.#traits;
    const text = this.getAttribute("traits");
    if (traits === undefined && text) {
      try { traits = JSON.parse(text); } catch (e) { throw problem("invalid_attribute", "traits", `is not JSON: ${e.message}`); }
    }
    const id = this.getAttribute("user-id");
    if (id !== null || traits !== undefined) options.user = { id: id ?? "anonymous", traits };
    const account = this.#account ?? (this.getAttribute("account-id") ? { id: this.getAttribute("account-id") } : undefined);
    if (account) options.account = account;
    const segment = this.getAttribute("segment");
    if (segment) options.segment = segment;
    const started = this.getAttribute("started-at");
    if (started) options.startedAt = /^\d+$/.test(started) ? Number(started) : started;
    if (this.storage !== undefined) options.storage = this.storage;
    return options;
  }

  /** Every error the element reports, its own, init()'s, mount()'s and the checklist's
   *  onError faults alike, is a `firstvalue:error` event and a console error whose message
   *  starts with "firstvalue:". */
  #fail(error) {
    const message = String(error?.message ?? error);
    const detail = { code: error?.code ?? (error?.errors ? "invalid_config" : "error"),
      message: message.startsWith("firstvalue:") ? message : `firstvalue: ${message}`, errors: error?.errors ?? [] };
    console.error(detail.message);
    this.dispatchEvent(new CustomEvent("firstvalue:error", { detail, bubbles: true, composed: true }));
  }
}

// The checklist's methods, forwarded; before a checklist is mounted they do nothing.
for (const [name, none] of Object.entries(METHODS)) {
  FirstvalueChecklist.prototype[name] = function (...args) {
    return this.checklist ? this.checklist[name](...args) : none;
  };
}

if (!customElements.get("firstvalue-checklist")) customElements.define("firstvalue-checklist", FirstvalueChecklist);
