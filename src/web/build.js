// The DOM builder: builds the widget from a program the wasm wrote (src/web/dom.rs) in
// one call, instead of one wasm-to-JS crossing per createElement, setAttribute,
// appendChild and textContent (~330 of them for five steps). Text goes in through
// textContent and setAttribute only, never as markup. scripts/minify.mjs inlines this
// file into the glue, so it costs no request of its own.
//
// ops, u32s: 0 tag class = open an element (class 0: none); 1 = close it (it is appended
// to its parent then, so a subtree is built before it is attached); 2 name value =
// setAttribute; 3 value = textContent; 4 = keep (returned, in order); 5 = close without
// appending (a template, or an element the wasm puts in place itself). An operand is an
// index into `names` (split on U+0001), or 0xFFFFFFFF for the next piece of `text`
// (`ends`: where each piece ends, in UTF-16 code units).
export function build(root, doc, names, ops, text, ends) {
  const k = names.split("\u0001");
  const stack = [root];
  const out = [];
  let el = root;
  let at = 0;
  let piece = 0;
  const value = (x) => (x === 0xffffffff ? text.slice(at, (at = ends[piece++])) : k[x]);
  for (let i = 0; i < ops.length; ) {
    switch (ops[i++]) {
      case 0: {
        el = doc.createElement(k[ops[i++]]);
        const c = ops[i++];
        if (c) el.className = k[c];
        stack.push(el);
        break;
      }
      case 1: {
        const done = stack.pop();
        el = stack[stack.length - 1];
        el.appendChild(done);
        break;
      }
      case 2: {
        const name = k[ops[i++]];
        el.setAttribute(name, value(ops[i++]));
        break;
      }
      case 3:
        el.textContent = value(ops[i++]);
        break;
      case 4:
        out.push(el);
        break;
      default:
        stack.pop();
        el = stack[stack.length - 1];
    }
  }
  return out;
}

// JSON text the wasm wrote, as plain objects and arrays (event payloads, state(), onError
// arguments). JSON.parse defines own data properties, so no setter, accessor or patched
// push a host put on Object.prototype or Array.prototype runs; and it is the JSON.parse
// of when the package loaded, not one a host replaced later.
const fvParse = JSON.parse;
export function plain(text) {
  return fvParse(text);
}

// Runs `f`, a call into the wasm that meets host code (a DOM setter a monitoring SDK
// wrapped, a setTimeout or BroadcastChannel.close a page replaced), and returns what it
// threw (undefined if nothing): the widget reports it and carries on, instead of the
// host's exception leaving track() or destroy().
export function guard(f) {
  try {
    f();
  } catch (e) {
    return e ?? "an exception without a value";
  }
}
