//! Cheap ways to build the DOM from wasm.
//!
//! **[`Dom`]: the widget in one crossing.** Building it one web-sys call at a time took
//! ~330 wasm-to-JS calls for five steps (each with its import shim, string decoding and
//! wrapper), most of them for the parts that do not depend on the number of steps: the
//! header, the footer and the row templates. So [`View::build`](super::render::View) writes
//! those as a small program (open, attribute, text, close, keep), with constant names as
//! indexes into `NAMES` and the config's text as one string, and `build.js` runs it in one
//! call; the elements the view needs come back in an array. Text still only ever reaches
//! `textContent` and `setAttribute`. The rows themselves stay clones of those templates
//! (`cloneNode` beats building each element, even in JS, at 10,000 rows).
//!
//! **[`Batch`]: row text in one string.**
//! Every `&str` that crosses into JavaScript is copied out of wasm memory by a
//! `TextDecoder` call, about a microsecond each: at a few per row that was a fifth
//! of mounting 1000 steps. So the names used on every row are JavaScript string
//! constants (`static_string`: made once by the glue, no decoding, free to clone),
//! and the text of all rows crosses as one string ([`Batch`]) that JavaScript slices.

use js_sys::{Array, JsString};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Node};

#[wasm_bindgen]
extern "C" {
    /// An element, seen only through the two calls below.
    type El;

    /// `element.setAttribute(name, value)`; names here are constants that never throw.
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set(this: &El, name: &JsString, value: &JsString);

    /// `element.textContent = value`.
    #[wasm_bindgen(method, setter = textContent)]
    fn set_text(this: &El, value: &JsString);
}

// rustfmt would drop the initializers (they are not Rust syntax outside this macro).
#[rustfmt::skip]
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(thread_local_v2, static_string)]
    static DATA_STEP: JsString = "data-step";
    #[wasm_bindgen(thread_local_v2, static_string)]
    static ID: JsString = "id";
    #[wasm_bindgen(thread_local_v2, static_string)]
    static HREF: JsString = "href";
    #[wasm_bindgen(thread_local_v2, static_string)]
    static ARIA_LABEL: JsString = "aria-label";
    #[wasm_bindgen(thread_local_v2, static_string)]
    static ARIA_DESCRIBEDBY: JsString = "aria-describedby";
}

/// Where a piece of batched text goes.
#[derive(Clone, Copy)]
pub enum Slot {
    Text,
    DataStep,
    Id,
    Href,
    AriaLabel,
    AriaDescribedby,
}

impl Slot {
    fn name(self) -> Option<JsString> {
        let name = match self {
            Slot::Text => return None,
            Slot::DataStep => &DATA_STEP,
            Slot::Id => &ID,
            Slot::Href => &HREF,
            Slot::AriaLabel => &ARIA_LABEL,
            Slot::AriaDescribedby => &ARIA_DESCRIBEDBY,
        };
        Some(name.with(JsString::clone))
    }
}

/// Pieces of text written one after the other into one string, which crosses to
/// JavaScript once and is sliced there.
#[derive(Default)]
struct Pieces {
    text: String,
    /// Each piece's end, in UTF-16 code units (JavaScript string offsets).
    ends: Vec<u32>,
    units: u32,
}

impl Pieces {
    /// Adds a piece: what `write` appends.
    fn put(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        let added = self.text.get(start..).unwrap_or_default();
        self.units += if added.is_ascii() {
            added.len() as u32
        } else {
            added.chars().map(|c| c.len_utf16() as u32).sum()
        };
        self.ends.push(self.units);
    }

    fn put_str(&mut self, text: &str) {
        self.put(|s| s.push_str(text));
    }
}

/// Text for many elements, written in wasm and handed to JavaScript in one piece.
#[derive(Default)]
pub struct Batch {
    pieces: Pieces,
    /// The element and slot each piece goes to.
    to: Vec<(Element, Slot)>,
}

impl Batch {
    /// Sets `slot` of `el` to what `write` appends, once [`Batch::apply`] runs.
    pub fn put(&mut self, el: Element, slot: Slot, write: impl FnOnce(&mut String)) {
        self.pieces.put(write);
        self.to.push((el, slot));
    }

    /// Sets `slot` of `el` to `text`.
    pub fn put_str(&mut self, el: Element, slot: Slot, text: &str) {
        self.put(el, slot, |s| s.push_str(text));
    }

    /// One crossing for all the text, then one slice and one set per piece.
    pub fn apply(self) {
        let all = JsString::from(self.pieces.text.as_str());
        let mut start = 0;
        for (end, (el, slot)) in self.pieces.ends.into_iter().zip(self.to) {
            let piece = all.slice(start, end);
            start = end;
            let el: &El = el.unchecked_ref();
            match slot.name() {
                None => el.set_text(&piece),
                Some(name) => el.set(&name, &piece),
            }
        }
    }
}

#[wasm_bindgen(module = "/src/web/build.js")]
extern "C" {
    /// Runs a program (see `build.js`); the kept elements, in order. `catch`: a host that
    /// patched a DOM method to throw gets an error, not a wasm trap.
    #[wasm_bindgen(catch)]
    fn build(
        root: &Node,
        doc: &Document,
        names: &str,
        ops: &[u32],
        text: &str,
        ends: &[u32],
    ) -> Result<Array, JsValue>;

    /// `JSON.parse(text)` as it was when the package loaded (see `build.js`). `catch`:
    /// nothing of the host runs, but a page may have replaced `JSON.parse` first.
    #[wasm_bindgen(catch)]
    pub fn plain(text: &str) -> Result<JsValue, JsValue>;

    /// Runs `f` inside a JS `try`; what it threw, or `undefined` (see `build.js`).
    pub fn guard(f: &mut dyn FnMut()) -> JsValue;
}

macro_rules! names {
    ($($id:ident = $s:literal,)*) => {
        /// A constant name or value of the widget's DOM: an index into [`NAMES`].
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy)]
        pub enum N { $($id),* }
        /// Every [`N`], in order, each followed by U+0001 (`build.js` splits on it).
        const NAMES: &str = concat!($($s, "\u{1}"),*);
    };
}

names! {
    none = "",
    a = "a", button = "button", div = "div", h2 = "h2", h3 = "h3", header = "header",
    i = "i", input = "input", label = "label", li = "li", ol = "ol", p = "p",
    section = "section", span = "span",
    action = "action", actions = "actions", announcer = "announcer", badge = "badge",
    bar = "bar", celebrate = "celebrate", celebration = "celebration", check = "check",
    checkbox = "checkbox", cheer = "cheer", confetti = "confetti", count = "count",
    desc = "desc", dismiss = "dismiss", fill = "fill", foot = "foot", group = "group",
    head = "head", help = "help", help_action = "help-action", help_title = "help-title",
    later = "later", launcher = "launcher", line = "line", lock = "lock", locked = "locked",
    menu = "menu", milestone = "milestone", minimize = "minimize", more = "more",
    name = "name", open = "open", panel = "panel", polite = "polite",
    progress_text = "progress-text", progressbar = "progressbar", skip = "skip",
    snooze = "snooze", snooze_menu = "snooze-menu", sr = "sr", status = "status",
    step = "step", step_description = "step-description", step_lock = "step-lock",
    step_title = "step-title", steps = "steps", title = "title", tools = "tools",
    aria_controls = "aria-controls", aria_describedby = "aria-describedby",
    aria_expanded = "aria-expanded", aria_hidden = "aria-hidden", aria_label = "aria-label",
    aria_labelledby = "aria-labelledby", aria_live = "aria-live",
    aria_valuemax = "aria-valuemax", aria_valuemin = "aria-valuemin",
    data_act = "data-act", data_ms = "data-ms", data_status = "data-status",
    disabled = "disabled", hidden = "hidden", href = "href",
    id = "id", part = "part", role = "role", kind = "type",
    fv_count = "fv-count", fv_help = "fv-help", fv_snooze = "fv-snooze", fv_title = "fv-title",
    zero = "0", hundred = "100", yes = "true", no = "false", dash = "–", cross = "×",
}

const OPEN: u32 = 0;
const CLOSE: u32 = 1;
const ATTR: u32 = 2;
const TEXT: u32 = 3;
const KEEP: u32 = 4;
const DROP: u32 = 5;
/// The operand that takes the next piece of text.
const NEXT: u32 = u32::MAX;

/// A program for `build.js`, written front to back.
#[derive(Default)]
pub struct Dom {
    ops: Vec<u32>,
    /// The text operands, in the order the ops take them.
    pieces: Pieces,
}

impl Dom {
    /// `<tag class=class>`, inside the element open now (`N::none`: no class).
    pub fn open(&mut self, tag: N, class: N) {
        self.ops.extend([OPEN, tag as u32, class as u32]);
    }

    /// Ends the element open now; it goes into its parent.
    pub fn close(&mut self) {
        self.ops.push(CLOSE);
    }

    /// Ends the element open now without putting it anywhere (kept, it is a template or
    /// goes into the tree later).
    pub fn drop(&mut self) {
        self.ops.push(DROP);
    }

    /// Keeps the element open now: [`Dom::run`] returns it.
    pub fn keep(&mut self) {
        self.ops.push(KEEP);
    }

    /// A constant attribute.
    pub fn attr(&mut self, key: N, value: N) {
        self.ops.extend([ATTR, key as u32, value as u32]);
    }

    /// An attribute set to `value`.
    pub fn attr_str(&mut self, key: N, value: &str) {
        self.ops.extend([ATTR, key as u32, NEXT]);
        self.pieces.put_str(value);
    }

    /// The element's text.
    pub fn text(&mut self, value: &str) {
        self.ops.extend([TEXT, NEXT]);
        self.pieces.put_str(value);
    }

    /// Constant text.
    pub fn text_k(&mut self, value: N) {
        self.ops.extend([TEXT, value as u32]);
    }

    /// Builds it all into `root` (elements made by `doc`); the kept elements, in order.
    pub fn run(self, root: &Node, doc: &Document) -> Result<Array, JsValue> {
        build(
            root,
            doc,
            NAMES,
            &self.ops,
            &self.pieces.text,
            &self.pieces.ends,
        )
    }
}
