// The host page's APIs, for src/web/host.rs, claim.rs and js.rs: handing events to the
// host, the Web Lock behind a once-only event, and the two guards of the boundary. The wasm
// decides what, when and to whom. One module with the other helper (dom.js), so a page loads
// two: scripts/minify.mjs inlines both into the glue (and wasm-bindgen-test's server stalls
// when a page loads six modules at once).

// --- Events and callbacks: each receiver gets its own copy of the event, parsed from the
// JSON text the wasm wrote, with the JSON.parse of when the package loaded ---

const parseEvent = JSON.parse;

// Calls the host's callback `f` with a copy of `text` (what it throws goes to the wasm's
// `catch`, which reports it to onError).
export function give(f, text) {
  f(parseEvent(text));
}

// Dispatches `firstvalue:<type>` on `target`: bubbling, out of shadow roots, `detail` a copy
// of `text`.
export function announce(target, type, text) {
  target.dispatchEvent(new CustomEvent("firstvalue:" + type, { bubbles: true, composed: true, detail: parseEvent(text) }));
}

// --- The Web Lock of a once-only event (claim.rs decides what each answer means) ---

// Asks navigator.locks for `name` with ifAvailable and calls `settle(answer)` exactly once:
// 1 granted (held `hold` ms, then released), 2 held by another checklist or tab, 3 no answer
// after `wait` ms, 4 refused (an opaque origin, a detached document). Without Web Locks, or
// when asking threw, `settle(0)` at once and `false`.
export function claim(name, hold, wait, settle) {
  let done = false;
  const once = (answer) => {
    if (!done) {
      done = true;
      settle(answer);
    }
  };
  try {
    const locks = navigator.locks;
    const held = locks.request(name, { ifAvailable: true }, (lock) => {
      if (!lock) return once(2);
      once(1);
      return new Promise((resolve) => setTimeout(resolve, hold));
    });
    held.then(undefined, () => once(4));
  } catch {
    once(0);
    return false;
  }
  try {
    setTimeout(() => once(3), wait);
  } catch {
    // A page's setTimeout that throws: no bound on the wait.
  }
  return true;
}

// --- The boundary (js.rs) ---

// JSON text the wasm wrote, as plain objects and arrays (event payloads, state(), onError
// arguments). JSON.parse defines own data properties, so no setter, accessor or patched
// push a host put on Object.prototype or Array.prototype runs; and it is the JSON.parse
// of when the package loaded, not one a host replaced later.
const fvParse = JSON.parse;
export function plain(text) {
  return fvParse(text);
}

// Runs `f`, a call into the wasm that meets host code (a setTimeout or BroadcastChannel.close
// a page replaced, a callback), and returns what it threw (undefined if nothing): the widget
// reports it and carries on, instead of the host's exception leaving track() or destroy().
export function guard(f) {
  try {
    f();
  } catch (e) {
    return e ?? "an exception without a value";
  }
}
