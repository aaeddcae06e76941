// Telling the host (src/web/host.rs decides what, when and to whom): each receiver gets its
// own copy of the event, parsed from the JSON text the wasm wrote, with the JSON.parse of when
// the package loaded. scripts/minify.mjs inlines this file into the glue.
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
