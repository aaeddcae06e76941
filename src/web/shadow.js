// The widget's shadow root and stylesheet: DOM plumbing for src/web/render.rs, which decides
// what a refusal means. scripts/minify.mjs inlines this file into the glue.

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
