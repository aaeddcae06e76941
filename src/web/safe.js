// The two JavaScript helpers of the wasm's boundary with the host (src/web/js.rs).
// scripts/minify.mjs inlines this file into the glue, so it costs no request of its own.

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
