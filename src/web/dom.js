// The widget's DOM, for src/web/dom.rs and render.rs: the interpreter of the batches the
// wasm writes, and the shadow root and stylesheet it writes into. One module with the
// other helper (host.js), so a page loads two (scripts/minify.mjs inlines both into the
// glue; wasm-bindgen-test's server stalls when a page loads six modules at once).
//
// The DOM interpreter: runs a batch the wasm wrote (src/web/dom.rs), building the widget
// or bringing it up to date in one call, instead of one wasm-to-JS crossing per
// createElement, setAttribute, textContent or toggleAttribute. It decides nothing: every
// element, attribute, text and flag is in the batch. Text goes in through textContent and
// attribute values only, never as markup. scripts/minify.mjs inlines this file into the glue.
//
// `nodes` is the view's node table: [shadow root, its host, then each node a batch kept, in
// order]; a batch names nodes by their index there. Ops (u32s), each acting on the current
// element `el`, the top of a stack:
//   0 tag class   open a new element (class 0: none)      1  close: append it to its parent
//   2 name value  setAttribute                              3 value  textContent
//   4             keep: push el onto `nodes`                 5  close without appending
//   6 node        select nodes[node] (a new stack)           7 name  removeAttribute
//   8 name on     toggleAttribute(name, on)                  9 name on  el[name] = on (checked, disabled)
//  10 name value  style.setProperty(name, value)            11 node  open a deep copy of nodes[node]
//  12 index       open el's child element number `index`    13 node  appendChild(nodes[node])
// A name is an index into the names the wasm gave once (`names`, split on U+0001); a value
// is a name, or 0xFFFFFFFF for the next piece of `text` (`ends`: where each piece ends, in
// UTF-16 code units).
let k = [];
export function names(all) {
  k = all.split("\u0001");
}

export function run(nodes, ops, text, ends) {
  const doc = nodes[0].ownerDocument;
  const stack = [nodes[0]];
  let el = nodes[0];
  let at = 0;
  let piece = 0;
  const value = (x) => (x === 0xffffffff ? text.slice(at, (at = ends[piece++])) : k[x]);
  const open = (e) => stack.push((el = e));
  for (let i = 0; i < ops.length; ) {
    switch (ops[i++]) {
      case 0:
        open(doc.createElement(k[ops[i++]]));
        if (ops[i]) el.className = k[ops[i]];
        i++;
        break;
      case 1: {
        const done = stack.pop();
        (el = stack[stack.length - 1]).appendChild(done);
        break;
      }
      case 2:
        el.setAttribute(k[ops[i++]], value(ops[i++]));
        break;
      case 3:
        el.textContent = value(ops[i++]);
        break;
      case 4:
        nodes.push(el);
        break;
      case 5:
        stack.pop();
        el = stack[stack.length - 1];
        break;
      case 6:
        stack.length = 0;
        open(nodes[ops[i++]]);
        break;
      case 7:
        el.removeAttribute(k[ops[i++]]);
        break;
      case 8:
        el.toggleAttribute(k[ops[i++]], ops[i++] === 1);
        break;
      case 9:
        el[k[ops[i++]]] = ops[i++] === 1;
        break;
      case 10:
        el.style.setProperty(k[ops[i++]], value(ops[i++]));
        break;
      case 11:
        open(nodes[ops[i++]].cloneNode(true));
        break;
      case 12: {
        // Not `children[n]`: that makes a live collection on every row's element.
        let c = el.firstElementChild;
        for (let n = ops[i++]; n > 0; n--) c = c.nextElementSibling;
        open(c);
        break;
      }
      default:
        el.appendChild(nodes[ops[i++]]);
    }
  }
}

// Focuses nodes[node] (after the wasm released the checklist: focus runs the page's listeners).
export function focus(nodes, node) {
  nodes[node].focus();
}
// --- The shadow root and the stylesheet (render.rs decides what a refusal means) ---

// What destroy() leaves in a root: a default slot marked as ours, so only a root this
// widget made is ever reused.
const MARK = "data-firstvalue";
// The roots this widget attached: one a mount cut short left empty is still ours to reuse.
const ours = new WeakSet();
// The stylesheet text (given once) and this page's parsed sheet, shared by every checklist.
let css = "";
let pageSheet;

// The open shadow root of `target` for a new checklist: a new one, or the one a previous
// destroy() left. A root the page made (open or closed, empty or not) is never taken:
// 1 when the target holds one, 2 when attachShadow gave no root (a page replaced it).
// attachShadow's own throw (a closed root, an element that cannot host one) is the caller's.
export function acquire(target) {
  let root = target.shadowRoot;
  if (root) {
    const first = root.firstElementChild;
    if (first ? !first.hasAttribute(MARK) || first.nextElementSibling : !ours.has(root)) return 1;
    root.textContent = "";
    return root;
  }
  root = target.attachShadow({ mode: "open" });
  // Not `instanceof`: an element of a same-origin frame gets a root of that frame's realm.
  if (!root || root.host !== target) return 2;
  ours.add(root);
  return root;
}

// Styles `root` with the widget's sheet (`text`: the stylesheet, given on the first call).
// A constructed sheet can only be adopted in the document of the window that made it, so a
// root in a same-origin frame gets one made by that frame's CSSStyleSheet. Without
// constructable stylesheets (jsdom, happy-dom; Safari before 16.4) a <style> in the root.
export function adopt(root, text) {
  if (text) css = text;
  const doc = root.ownerDocument;
  let sheet;
  try {
    if (doc === document) {
      if (!pageSheet) {
        const made = new CSSStyleSheet();
        made.replaceSync(css);
        pageSheet = made;
      }
      sheet = pageSheet;
    } else {
      sheet = new doc.defaultView.CSSStyleSheet();
      sheet.replaceSync(css);
    }
  } catch {
    const style = doc.createElement("style");
    style.textContent = css;
    root.appendChild(style);
    return;
  }
  root.adoptedStyleSheets = [sheet];
}

// Empties a root this widget made, leaving the marked default slot: the target's own
// children show again, and a later mount() may take the root.
export function release(root) {
  root.adoptedStyleSheets = [];
  root.textContent = "";
  root.host.removeAttribute("data-fv-loading");
  const slot = root.ownerDocument.createElement("slot");
  slot.setAttribute(MARK, "");
  root.appendChild(slot);
}
