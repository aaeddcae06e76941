//! The batch the DOM interpreter (`dom.js`) runs: how the view writes to the DOM.
//!
//! Every change the widget makes to its DOM, building it or bringing it up to date, is
//! written here as ops and run by `dom.js` in one wasm-to-JS call, instead of one call
//! (with its import shim, string decoding and wrapper) per `createElement`,
//! `setAttribute` or `textContent`: building five steps one web-sys call at a time took
//! ~330 calls, and an update one to a dozen. Rust decides every element,
//! attribute, text and flag; the interpreter only executes. Text still only ever reaches
//! `textContent`, attribute values and `style.setProperty` values, never markup.
//!
//! Nodes are named by their index in the view's node table ([`Node`]): the shadow root
//! (0), its host (1), then every node a batch kept ([`Batch::keep`]), in order. Constant
//! names are indexes into [`NAMES`], which the interpreter is given once; the config's
//! text crosses as one string that the interpreter slices (a `TextDecoder` call per
//! string would be ~1 µs each, a fifth of mounting 1,000 steps).

use js_sys::Array;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/web/dom.js")]
extern "C" {
    /// Gives the interpreter the constant names ([`NAMES`]).
    fn names(all: &str);

    /// Runs a batch against the node table `nodes`. `catch`: a page that patched a DOM
    /// method or setter to throw gets its error back here, not a wasm trap.
    #[wasm_bindgen(catch)]
    fn run(nodes: &Array, ops: &[u32], text: &str, ends: &[u32]) -> Result<(), JsValue>;

    /// `nodes[node].focus()`; `catch`: focusing runs the page's focus listeners.
    #[wasm_bindgen(catch)]
    fn focus(nodes: &Array, node: u32) -> Result<(), JsValue>;
}

macro_rules! names {
    ($($id:ident = $s:literal,)*) => {
        /// A constant name or value of the widget's DOM: an index into [`NAMES`].
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy)]
        pub enum N { $($id),* }
        /// Every [`N`], in order, each followed by U+0001 (`dom.js` splits on it).
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
    done = "done", skipped = "skipped", data_step = "data-step", checked = "checked",
    aria_disabled = "aria-disabled", aria_valuenow = "aria-valuenow",
    aria_valuetext = "aria-valuetext", width = "width", data_fv_loading = "data-fv-loading",
    data_complete = "data-complete", data_celebrate = "data-celebrate",
    first_value = "first-value", complete = "complete", tabindex = "tabindex", minus_one = "-1",
}

std::thread_local! {
    /// Whether the interpreter has [`NAMES`].
    static NAMED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A node of the view's table: an index the interpreter resolves.
pub type Node = u32;
/// The shadow root.
pub const ROOT: Node = 0;
/// The shadow root's host (the mount target).
pub const HOST: Node = 1;

const OPEN: u32 = 0;
const CLOSE: u32 = 1;
const ATTR: u32 = 2;
const TEXT: u32 = 3;
const KEEP: u32 = 4;
const DROP: u32 = 5;
const SELECT: u32 = 6;
const REMOVE: u32 = 7;
const FLAG: u32 = 8;
const PROP: u32 = 9;
const STYLE: u32 = 10;
const COPY: u32 = 11;
const CHILD: u32 = 12;
const APPEND: u32 = 13;
/// The operand that takes the next piece of text.
const NEXT: u32 = u32::MAX;

/// The view's node table (see the module docs), held by the view.
pub struct Nodes {
    table: Array,
    /// How many nodes the table holds (the next [`Batch::keep`]'s index).
    len: u32,
}

impl Nodes {
    /// A table of `root` and its host.
    pub fn new(root: &JsValue, host: &JsValue) -> Nodes {
        // The interpreter keeps the names for the module's life: given once.
        if !NAMED.replace(true) {
            names(NAMES);
        }
        Nodes {
            table: Array::of2(root, host),
            len: 2,
        }
    }

    /// Runs `batch`; its kept nodes join the table (even when a host exception cut it short:
    /// the next full batch is written against what was kept).
    pub fn run(&mut self, batch: Batch) -> Result<(), JsValue> {
        if batch.ops.is_empty() {
            return Ok(());
        }
        let r = run(&self.table, &batch.ops, &batch.text, &batch.ends);
        self.len = self.table.length();
        r
    }

    /// The table, for a focus made after the borrow ends.
    pub fn table(&self) -> &Array {
        &self.table
    }
}

/// Focuses `node` of `table` (see [`Nodes::focus`]).
pub fn focus_in(table: &Array, node: Node) {
    let _ = focus(table, node);
}

/// A fixed part of a batch, written as data rather than code (a call per op costs
/// ~8 bytes of wasm and a byte of data compresses to a fraction of one): each op and
/// operand one byte, [`PIECE`] for the next text operand. Made by [`program!`], run by
/// [`Batch::program`].
pub type Program = &'static [u8];

/// The byte of a [`Program`] operand that takes the next text operand.
pub const PIECE: u8 = u8::MAX;

/// The ops of a [`Program`], in order. The op names are those of [`Batch`]'s methods:
/// `open tag class`, `close`, `drop`, `keep`, `attr name value`, `attr_text name`
/// (the next text), `text` (the next text), `text_k value`.
macro_rules! program {
    ($($op:ident $($arg:ident)*),* $(,)?) => {{
        const PARTS: &[&[u8]] = &[$(&program!(@ $op $($arg)*)),*];
        const LEN: usize = $crate::web::dom::total(PARTS);
        const OUT: [u8; LEN] = $crate::web::dom::cat(PARTS);
        &OUT
    }};
    (@ open $tag:ident $class:ident) => { [0, N::$tag as u8, N::$class as u8] };
    (@ close) => { [1] };
    (@ attr $name:ident $value:ident) => { [2, N::$name as u8, N::$value as u8] };
    (@ attr_text $name:ident) => { [2, N::$name as u8, PIECE] };
    (@ text) => { [3, PIECE] };
    (@ text_k $value:ident) => { [3, N::$value as u8] };
    (@ keep) => { [4] };
    (@ drop) => { [5] };
}
pub(crate) use program;

/// The length of `parts` joined (for [`program!`]).
pub const fn total(parts: &[&[u8]]) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < parts.len() {
        n += parts[i].len();
        i += 1;
    }
    n
}

/// `parts` joined (for [`program!`]).
pub const fn cat<const LEN: usize>(parts: &[&[u8]]) -> [u8; LEN] {
    let mut out = [0; LEN];
    let (mut k, mut i) = (0, 0);
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[k] = parts[i][j];
            k += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

/// A batch of DOM ops, written front to back (see `dom.js` for the format).
#[derive(Default)]
pub struct Batch {
    ops: Vec<u32>,
    /// The text operands, one after the other, in the order the ops take them.
    text: String,
    /// Each piece's end, in UTF-16 code units (JavaScript string offsets).
    ends: Vec<u32>,
    units: u32,
    /// How many nodes this batch keeps, after `base` already in the table.
    kept: u32,
    base: u32,
}

impl Batch {
    /// A batch for `nodes` (its kept nodes are numbered after those already there).
    pub fn new(nodes: &Nodes) -> Batch {
        Batch {
            base: nodes.len,
            ..Batch::default()
        }
    }

    /// Adds a text operand: what `write` appends.
    fn piece(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        let added = self.text.get(start..).unwrap_or_default();
        self.units += if added.is_ascii() {
            added.len() as u32
        } else {
            added.chars().map(|c| c.len_utf16() as u32).sum()
        };
        self.ends.push(self.units);
        self.ops.push(NEXT);
    }

    /// Appends `program`, taking its text operands from `texts` in order; the index of
    /// the first node it keeps (the others follow in order).
    pub fn program(&mut self, program: Program, texts: &[&str]) -> Node {
        let first = self.base + self.kept;
        let mut texts = texts.iter();
        let mut i = 0;
        while let Some(&op) = program.get(i) {
            let operands = match u32::from(op) {
                OPEN | ATTR => 2,
                TEXT => 1,
                _ => 0,
            };
            if u32::from(op) == KEEP {
                self.kept += 1;
            }
            self.ops.push(op.into());
            for &x in program.get(i + 1..i + 1 + operands).unwrap_or_default() {
                if x == PIECE {
                    let t = texts.next().copied().unwrap_or_default();
                    self.piece(|s| s.push_str(t));
                } else {
                    self.ops.push(x.into());
                }
            }
            i += 1 + operands;
        }
        first
    }

    /// Opens a deep copy of `node` (a template).
    pub fn copy(&mut self, node: Node) {
        self.ops.extend([COPY, node]);
    }

    /// Opens the open element's child element number `index`; [`Batch::drop`] leaves it.
    pub fn child(&mut self, index: u32) {
        self.ops.extend([CHILD, index]);
    }

    /// Ends the element open now; it goes into its parent.
    pub fn close(&mut self) {
        self.ops.push(CLOSE);
    }

    /// Ends the element open now without putting it anywhere (a template, an element
    /// that goes into the tree later, or a child opened with [`Batch::child`]).
    pub fn drop(&mut self) {
        self.ops.push(DROP);
    }

    /// Adds the element open now to the node table; its index there.
    pub fn keep(&mut self) -> Node {
        self.ops.push(KEEP);
        self.kept += 1;
        self.base + self.kept - 1
    }

    /// Makes `node` the open element (a new stack: [`Batch::close`] then appends to nothing).
    pub fn select(&mut self, node: Node) {
        self.ops.extend([SELECT, node]);
    }

    /// Appends `node` to the open element.
    pub fn append(&mut self, node: Node) {
        self.ops.extend([APPEND, node]);
    }

    /// A constant attribute.
    pub fn attr(&mut self, key: N, value: N) {
        self.ops.extend([ATTR, key as u32, value as u32]);
    }

    /// An attribute set to what `write` appends.
    pub fn attr_with(&mut self, key: N, write: impl FnOnce(&mut String)) {
        self.ops.extend([ATTR, key as u32]);
        self.piece(write);
    }

    /// An attribute set to `value`.
    pub fn attr_str(&mut self, key: N, value: &str) {
        self.attr_with(key, |s| s.push_str(value));
    }

    /// Removes an attribute.
    pub fn remove(&mut self, key: N) {
        self.ops.extend([REMOVE, key as u32]);
    }

    /// Sets or removes an empty attribute (`hidden`, `data-complete`).
    pub fn flag(&mut self, key: N, on: bool) {
        self.ops.extend([FLAG, key as u32, u32::from(on)]);
    }

    /// Sets a boolean property (`checked`, `disabled`).
    pub fn prop(&mut self, key: N, on: bool) {
        self.ops.extend([PROP, key as u32, u32::from(on)]);
    }

    /// `style.setProperty(key, value)`.
    pub fn style(&mut self, key: N, value: &str) {
        self.ops.extend([STYLE, key as u32]);
        self.piece(|s| s.push_str(value));
    }

    /// The element's text: what `write` appends.
    pub fn text_with(&mut self, write: impl FnOnce(&mut String)) {
        self.ops.push(TEXT);
        self.piece(write);
    }

    /// The element's text.
    pub fn text(&mut self, value: &str) {
        self.text_with(|s| s.push_str(value));
    }
}
