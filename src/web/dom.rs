//! Cheap ways to hand strings to the DOM.
//!
//! Every `&str` that crosses into JavaScript is copied out of wasm memory by a
//! `TextDecoder` call, about a microsecond each: at a few per row that was a fifth
//! of mounting 1000 steps. So the names used on every row are JavaScript string
//! constants (`static_string`: made once by the glue, no decoding, free to clone),
//! and the text of all rows crosses as one string ([`Batch`]) that JavaScript slices.

use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

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

/// Text for many elements, written in wasm and handed to JavaScript in one piece.
#[derive(Default)]
pub struct Batch {
    text: String,
    /// Each piece's end, in UTF-16 code units (JavaScript string offsets).
    ends: Vec<u32>,
    /// The element and slot each piece goes to.
    to: Vec<(Element, Slot)>,
    units: u32,
}

impl Batch {
    /// Sets `slot` of `el` to what `write` appends, once [`Batch::apply`] runs.
    pub fn put(&mut self, el: Element, slot: Slot, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        let added = self.text.get(start..).unwrap_or_default();
        self.units += if added.is_ascii() {
            added.len() as u32
        } else {
            added.chars().map(|c| c.len_utf16() as u32).sum()
        };
        self.ends.push(self.units);
        self.to.push((el, slot));
    }

    /// Sets `slot` of `el` to `text`.
    pub fn put_str(&mut self, el: Element, slot: Slot, text: &str) {
        self.put(el, slot, |s| s.push_str(text));
    }

    /// One crossing for all the text, then one slice and one set per piece.
    pub fn apply(self) {
        let all = JsString::from(self.text.as_str());
        let mut start = 0;
        for (end, (el, slot)) in self.ends.into_iter().zip(self.to) {
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
