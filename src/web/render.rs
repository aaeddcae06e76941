//! The widget's DOM in an open shadow root: built once, then updated row by row.
//!
//! Text goes in through `textContent` only; links get an `href` only after the
//! core has checked it; styles come from a constructable stylesheet, which a
//! strict Content-Security-Policy allows.

use super::dom::{Batch, Dom, Slot, N};
use crate::core::model::{ActionTarget, Text};
use crate::core::progress::{Engine, StepStatus};
use crate::core::strs;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CssStyleSheet, Document, Element, HtmlInputElement, ShadowRoot, ShadowRootInit, ShadowRootMode,
};

const CSS: &str = crate::css::WIDGET;

/// One step's row, its parts that change, and what they show now.
struct Row {
    step: usize,
    li: Element,
    /// `<label class=line>`: the title, the "Skipped" badge, the checkbox.
    line: Element,
    skip: Option<Element>,
    lock: Option<Element>,
    /// The status shown, and whether the checkbox is disabled.
    shown: (StepStatus, bool),
}

impl Row {
    /// The checkbox (looked up when first needed: most rows never change at mount).
    fn check(&self) -> Option<HtmlInputElement> {
        self.line.last_element_child().map(JsCast::unchecked_into)
    }

    /// The "Skipped" badge.
    fn badge(&self) -> Option<Element> {
        self.line.first_element_child()?.next_element_sibling()
    }
}

/// The rendered widget.
pub struct View {
    root: ShadowRoot,
    panel: Element,
    count: Element,
    bar: Element,
    fill: Element,
    launcher: Element,
    /// The minimize button, where focus goes when the panel opens.
    minimize: Element,
    live: Element,
    celebrate: Element,
    milestone: Element,
    rows: Vec<Row>,
    shown: Option<(usize, usize, bool, bool, bool, bool)>,
    /// Whether the next update writes every row whatever it showed: a host exception
    /// cut the last one short (see [`View::redraw`]).
    redraw: bool,
    /// The help offer, if the segment has one, and whether it has been announced.
    help: Option<Element>,
    help_said: bool,
    /// The snooze options' menu (several options), toggled by `snooze-menu`.
    menu: Option<(Element, Element)>,
}

std::thread_local! {
    /// The widget's stylesheet, parsed once and adopted by every mounted checklist
    /// (it never changes, so sharing it keeps checklists independent).
    static SHEET: std::cell::RefCell<Option<CssStyleSheet>> = const { std::cell::RefCell::new(None) };
}

/// The widget's stylesheet for `doc`. A constructed sheet can only be adopted in the
/// document of the window that made it, so a target in a same-origin frame gets one
/// made by that frame's `CSSStyleSheet`; this page's is made once and shared.
fn sheet(doc: &Document) -> Result<CssStyleSheet, JsValue> {
    // `===` (JsValue's), not `==` on objects: that calls `Object.is`, which a page can replace.
    let page: Option<JsValue> = super::js::window().document().map(Into::into);
    if page.as_ref() != Some(doc.as_ref()) {
        let make = super::js::get(&super::js::get(doc, "defaultView"), "CSSStyleSheet");
        let sheet: CssStyleSheet = js_sys::Reflect::construct(
            make.unchecked_ref::<js_sys::Function>(),
            &js_sys::Array::new(),
        )?
        .unchecked_into();
        sheet.replace_sync(CSS)?;
        return Ok(sheet);
    }
    if let Some(s) = SHEET.with(|s| s.borrow().clone()) {
        return Ok(s);
    }
    let sheet = CssStyleSheet::new()?;
    sheet.replace_sync(CSS)?;
    SHEET.with(|s| *s.borrow_mut() = Some(sheet.clone()));
    Ok(sheet)
}

/// What `destroy()` leaves in the shadow root: a default slot (the target's own
/// children render again) marked as ours, so that only a root this widget made is
/// ever reused.
const MARK: &str = "data-firstvalue";

thread_local! {
    /// The shadow roots this widget attached: one a mount cut short left empty (a page's
    /// DOM method threw before the marked slot could be made) is still ours to reuse.
    static OURS: js_sys::WeakSet = js_sys::WeakSet::new();
}

/// The open shadow root of `target`: a new one, or the one a previous `destroy()`
/// left behind. Refuses any other: a root the page made (open or closed, empty or
/// not) is never taken over or emptied.
fn shadow(target: &Element) -> Result<ShadowRoot, JsValue> {
    let refuse = |why: &str| {
        let mut m = String::from(why);
        m.push_str(": mount into another element, or call destroy() on the checklist first");
        super::js::error_at("target", crate::core::error::codes::TARGET_UNAVAILABLE, &m)
    };
    let held = "already holds a mounted checklist or a shadow root of its own";
    match target.shadow_root() {
        // A closed root (or an element that cannot host one) makes attachShadow throw.
        None => {
            let root = (target.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))).map_err(
                |e| {
                    let mut m = String::from("cannot hold a shadow root (");
                    m.push_str(&super::js::message(&e));
                    m.push(')');
                    refuse(&m)
                },
            )?;
            // A page that replaced attachShadow may hand back anything. (Not `instanceof`:
            // an element of a same-origin frame gets a root of that frame's realm.)
            let host = super::js::get(root.as_ref(), "host");
            if root.is_falsy() || &host != AsRef::<JsValue>::as_ref(target) {
                return Err(refuse(
                    "attachShadow gave no shadow root (a script on the page replaced it)",
                ));
            }
            OURS.with(|o| o.add(root.unchecked_ref()));
            Ok(root)
        }
        Some(root) => match root.first_element_child() {
            Some(c) if c.has_attribute(MARK) && c.next_element_sibling().is_none() => {
                root.set_text_content(None);
                Ok(root)
            }
            None if OURS.with(|o| o.has(root.unchecked_ref())) => Ok(root),
            _ => Err(refuse(held)),
        },
    }
}

/// Empties a shadow root this widget made, leaving the marked default slot: the target's
/// own children show again, and a later `mount()` may take the root.
pub fn release(root: &ShadowRoot) {
    root.set_adopted_style_sheets(&js_sys::Array::new());
    root.set_text_content(None);
    if let Some(doc) = root.host().owner_document() {
        if let Ok(slot) = doc.create_element("slot") {
            attr(&slot, MARK, "");
            let _ = root.append_child(&slot);
        }
    }
    let _ = root.host().remove_attribute("data-fv-loading");
}

impl View {
    /// Builds the widget for `engine` inside `target`: everything but the rows, and the
    /// [`Kit`] the rows are cloned from, in one program ([`Dom`]); then the rows.
    pub fn build(
        target: &Element,
        engine: &Engine,
        acquired: &mut Option<ShadowRoot>,
    ) -> Result<View, JsValue> {
        let doc = target
            .owner_document()
            .ok_or_else(|| JsValue::from_str("target has no document"))?;
        let root = shadow(target)?;
        // Until mount() returns, a failure must give the root back (see `mount`).
        *acquired = Some(root.clone());
        match sheet(&doc) {
            Ok(sheet) => root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet)),
            // No constructable stylesheets (jsdom, happy-dom in component tests; Safari
            // before 16.4): a `<style>` in the root. Where CSP applies, browsers have them.
            Err(_) => {
                if let Ok(style) = doc.create_element("style") {
                    style.set_text_content(Some(CSS));
                    append(&root, &style);
                }
            }
        }

        let config = engine.config();
        let text = &config.text;
        let mut d = Dom::default();
        d.open(N::section, N::panel);
        d.attr(N::part, N::panel);
        d.attr(N::aria_labelledby, N::fv_title);
        d.keep();
        d.open(N::header, N::head);
        d.attr(N::part, N::header);
        d.open(N::h2, N::title);
        d.text(&config.title);
        d.attr(N::id, N::fv_title);
        d.attr(N::part, N::title);
        d.close();
        d.open(N::div, N::tools);
        // The view keeps the minimize button (focus goes there when the panel opens).
        for (act, label, glyph, kept) in [
            (N::minimize, &text.minimize, N::dash, true),
            (N::dismiss, &text.dismiss, N::cross, false),
        ] {
            d.open(N::button, act);
            d.text_k(glyph);
            d.attr(N::kind, N::button);
            d.attr(N::data_act, act);
            d.attr_str(N::aria_label, label);
            d.attr_str(N::title, label);
            d.attr(N::part, act);
            if kept {
                d.keep();
            }
            d.close();
        }
        d.close();
        d.open(N::p, N::count);
        d.attr(N::id, N::fv_count);
        d.attr(N::part, N::progress_text);
        d.keep();
        d.close();
        d.open(N::div, N::bar);
        d.attr(N::role, N::progressbar);
        d.attr(N::part, N::progressbar);
        d.attr(N::aria_valuemin, N::zero);
        d.attr(N::aria_valuemax, N::hundred);
        d.attr(N::aria_labelledby, N::fv_title);
        d.attr(N::aria_describedby, N::fv_count);
        d.keep();
        d.open(N::div, N::fill);
        d.keep();
        d.close();
        d.close();
        d.open(N::p, N::milestone);
        d.text(&text.first_value);
        d.attr(N::part, N::milestone);
        d.attr(N::hidden, N::none);
        d.keep();
        d.close();
        d.close();

        d.open(N::ol, N::steps);
        d.attr(N::part, N::steps);
        d.keep();
        d.close();
        let help = engine.segment().nudges.help.as_ref();
        if let Some(h) = help {
            d.open(N::section, N::help);
            d.attr(N::part, N::help);
            d.attr(N::aria_labelledby, N::fv_help);
            d.attr(N::hidden, N::none);
            d.keep();
            d.open(N::h3, N::help_title);
            d.text(&h.title);
            d.attr(N::id, N::fv_help);
            d.close();
            if let Some(desc) = &h.description {
                d.open(N::p, N::desc);
                d.text(desc);
                d.close();
            }
            if let Some(a) = &h.action {
                match &a.target {
                    ActionTarget::Href(href) => {
                        d.open(N::a, N::action);
                        d.text(&a.label);
                        d.attr_str(N::href, href);
                    }
                    ActionTarget::Event(_) => {
                        d.open(N::button, N::action);
                        d.text(&a.label);
                        d.attr(N::kind, N::button);
                    }
                }
                d.attr(N::data_act, N::help);
                d.attr(N::part, N::help_action);
                d.close();
            }
            d.close();
        }
        d.open(N::div, N::celebrate);
        d.attr(N::part, N::celebration);
        d.keep();
        d.open(N::div, N::confetti);
        d.attr(N::aria_hidden, N::yes);
        for _ in 0..12 {
            d.open(N::i, N::none);
            d.close();
        }
        d.close();
        d.open(N::p, N::cheer);
        d.text(&text.completed);
        d.close();
        d.close();
        // "Remind me later": one option is a button; several, a button that opens them.
        let options = &config.snooze_options;
        let several = options.len() > 1;
        if let Some(&first) = options.first() {
            d.open(N::div, N::foot);
            d.open(N::button, N::later);
            d.text(&text.snooze);
            d.attr(N::kind, N::button);
            d.attr(N::part, N::snooze);
            if several {
                d.attr(N::data_act, N::snooze_menu);
                d.attr(N::aria_expanded, N::no);
                d.attr(N::aria_controls, N::fv_snooze);
                d.keep();
                d.close();
                d.open(N::div, N::menu);
                d.attr(N::id, N::fv_snooze);
                d.attr(N::role, N::group);
                d.attr_str(N::aria_label, &text.snooze);
                d.attr(N::hidden, N::none);
                d.keep();
                for &ms in options {
                    d.open(N::button, N::later);
                    d.text(&crate::core::duration::describe(ms));
                    d.attr(N::kind, N::button);
                    snooze_option(&mut d, ms);
                    d.close();
                }
            } else {
                snooze_option(&mut d, first);
            }
            d.close();
            d.close();
        }
        // The panel, the launcher and the announcer go into the root after the rows.
        d.drop();
        d.open(N::button, N::launcher);
        d.attr(N::kind, N::button);
        d.attr(N::data_act, N::open);
        d.attr(N::part, N::launcher);
        d.keep();
        d.drop();
        d.open(N::div, N::sr);
        d.attr(N::aria_live, N::polite);
        d.attr(N::role, N::status);
        d.attr(N::part, N::announcer);
        d.keep();
        d.drop();
        kit_program(&mut d, text);

        // The kept elements, in the order the program kept them.
        let kept = d.run(&root, &doc)?;
        let mut at = 0;
        let mut next = || {
            at += 1;
            kept.get(at - 1).unchecked_into::<Element>()
        };
        let panel = next();
        let minimize = next();
        let count = next();
        let bar = next();
        let fill = next();
        let milestone = next();
        let list = next();
        let help = help.map(|_| next());
        let celebrate = next();
        let menu = several.then(|| (next(), next()));
        let launcher = next();
        let live = next();
        let kit = Kit::take(&mut next);
        let mut rows = Vec::with_capacity(engine.visible().len());
        let mut batch = Batch::default();
        for &i in engine.visible() {
            let row = row(&kit, &mut batch, engine, i);
            append(&list, &row.li);
            rows.push(row);
        }
        batch.apply();
        append(&root, &panel);
        append(&root, &launcher);
        append(&root, &live);
        Ok(View {
            root,
            panel,
            count,
            bar,
            fill,
            launcher,
            minimize,
            live,
            celebrate,
            milestone,
            rows,
            shown: None,
            redraw: false,
            help,
            help_said: false,
            menu,
        })
    }

    /// The shadow root (for event delegation).
    pub fn root(&self) -> &ShadowRoot {
        &self.root
    }

    /// Hides everything until the stored state has loaded.
    pub fn set_loading(&self, loading: bool) {
        let _ = self
            .root
            .host()
            .toggle_attribute_with_force("data-fv-loading", loading);
        set_hidden(&self.panel, loading);
        set_hidden(&self.launcher, loading);
    }

    /// Brings the DOM in line with `engine`, touching only what changed.
    /// After an update a host exception cut short (a wrapped DOM setter that threw): the
    /// next one writes everything again, so no element keeps what it showed before.
    pub fn redraw(&mut self) {
        self.shown = None;
        self.redraw = true;
    }

    pub fn update(&mut self, engine: &Engine) {
        let force = std::mem::take(&mut self.redraw);
        let p = engine.progress();
        let statuses = engine.statuses();
        let (done, total) = engine.counts_of(&statuses);
        let away = engine.hidden_by_user();
        if let Some(help) = &self.help {
            let show = engine.help_shown();
            set_hidden(help, !show);
            if show && !self.help_said {
                self.help_said = true;
                if let Some(title) = help.first_element_child() {
                    self.live.set_text_content(title.text_content().as_deref());
                }
            }
        }
        let state = (
            done,
            total,
            p.minimized.on,
            away,
            p.completed_at.is_some(),
            p.first_value_at.is_some(),
        );
        if self.shown != Some(state) {
            self.shown = Some(state);
            let text = &engine.config().text;
            let percent = (done * 100).checked_div(total).unwrap_or(0);
            self.count
                .set_text_content(Some(&Text::fill(&text.progress, done, total)));
            let mut width = strs::number(percent as u64);
            attr(&self.bar, "aria-valuenow", &width);
            attr(
                &self.bar,
                "aria-valuetext",
                &Text::fill(&text.progress, done, total),
            );
            // Every element here is made by `createElement` in an HTML document.
            let fill = self.fill.unchecked_ref::<web_sys::HtmlElement>();
            width.push('%');
            let _ = fill.style().set_property("width", &width);
            self.launcher
                .set_text_content(Some(&Text::fill(&text.launcher, done, total)));
            set_hidden(&self.panel, p.minimized.on || away);
            set_hidden(&self.launcher, !p.minimized.on || away);
            set_hidden(&self.celebrate, p.completed_at.is_none());
            set_hidden(&self.milestone, p.first_value_at.is_none());
            let _ = self
                .panel
                .toggle_attribute_with_force("data-complete", p.completed_at.is_some());
        }
        for row in &mut self.rows {
            let status = statuses[row.step];
            let manual = engine.config().steps[row.step].is_manual();
            let disabled = !manual || matches!(status, StepStatus::Locked | StepStatus::Skipped);
            let (was, was_disabled) = row.shown;
            if !force && (was, was_disabled) == (status, disabled) {
                continue;
            }
            row.shown = (status, disabled);
            let Some(check) = row.check() else { continue };
            if force || was_disabled != disabled {
                check.set_disabled(disabled);
            }
            if !force && was == status {
                continue;
            }
            attr(&row.li, "data-status", status.as_str());
            if force || (was == StepStatus::Done) != (status == StepStatus::Done) {
                check.set_checked(status == StepStatus::Done);
            }
            let finished = |s: StepStatus| matches!(s, StepStatus::Done | StepStatus::Skipped);
            if force || finished(was) != finished(status) {
                set_aria(&check, "aria-disabled", finished(status));
            }
            if let Some(skip) = &row.skip {
                set_hidden(skip, status != StepStatus::Open);
            }
            if let Some(lock) = &row.lock {
                set_hidden(lock, status != StepStatus::Locked);
            }
            if force || (was == StepStatus::Skipped) != (status == StepStatus::Skipped) {
                if let Some(badge) = row.badge() {
                    set_hidden(&badge, status != StepStatus::Skipped);
                }
            }
        }
    }

    /// Plays the celebration for a milestone reached just now (`first-value` or
    /// `complete`); CSS keeps it calm under `prefers-reduced-motion`.
    pub fn celebrate(&self, what: &str) {
        let _ = self.panel.set_attribute("data-celebrate", what);
    }

    /// Where focus goes to stay on the row of `step` after it changed under the user's
    /// hand (its button may have disappeared). The caller focuses it once no borrow is
    /// held: focusing runs the page's focus listeners.
    pub fn row_focus(&self, step: usize) -> Option<web_sys::HtmlElement> {
        let row = self.rows.iter().find(|r| r.step == step)?;
        attr(&row.li, "tabindex", "-1");
        Some(row.li.clone().unchecked_into())
    }

    /// Opens or closes the snooze options; the first option to focus when it opened.
    pub fn toggle_menu(&self) -> Option<web_sys::HtmlElement> {
        let (button, group) = self.menu.as_ref()?;
        let open = group.has_attribute("hidden");
        set_hidden(group, !open);
        attr(button, "aria-expanded", if open { "true" } else { "false" });
        group
            .first_element_child()
            .filter(|_| open)
            .map(JsCast::unchecked_into)
    }

    /// Says `text` to screen readers (and nothing on screen).
    pub fn announce(&self, text: &str) {
        self.live.set_text_content(Some(text));
    }

    /// Where focus goes: into the panel (after reopening) or to the launcher (after
    /// minimizing). Focused by the caller, outside any borrow.
    pub fn focus_target(&self, launcher: bool) -> web_sys::HtmlElement {
        let target = if launcher {
            &self.launcher
        } else {
            &self.minimize
        };
        target.clone().unchecked_into()
    }

    /// Removes everything; leaves a `<slot>` so the target shows its own children
    /// again (a shadow root cannot be detached).
    pub fn destroy(&self) {
        release(&self.root);
    }
}

/// `e.setAttribute(name, value)`. Cannot fail for the constant names used here; not
/// inlined, so each call site stays a plain call (the `?` error paths cost ~KBs).
#[inline(never)]
fn attr(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

/// `parent.appendChild(child)`; cannot fail for freshly made elements.
#[inline(never)]
fn append(parent: &web_sys::Node, child: &web_sys::Node) {
    let _ = parent.append_child(child);
}

/// Shows or hides `e` (cannot fail: a constant attribute name).
#[inline(never)]
fn set_hidden(e: &Element, hidden: bool) {
    let _ = e.toggle_attribute_with_force("hidden", hidden);
}

/// Sets `name` to "true" or removes it (cannot fail: constant names).
fn set_aria(e: &Element, name: &str, on: bool) {
    let _ = if on {
        e.set_attribute(name, "true")
    } else {
        e.remove_attribute(name)
    };
}

/// A deep copy of `e`.
/// `cloneNode` only throws for shadow roots and documents, never for these elements.
#[inline(never)]
fn copy(e: &Element) -> Element {
    e.clone_node_with_deep(true)
        .unwrap_or_else(|e| e.unchecked_into())
        .unchecked_into()
}

/// The elements rows are made of, built once per mount and cloned per step: one call
/// each instead of a `createElement` and several attributes.
struct Kit {
    /// `<li><label><span>title</span><span hidden>Skipped</span><input type=checkbox></label></li>`
    /// for [manual open, manual locked, host-completed open, host-completed locked]. The
    /// label wraps the checkbox, so no `id`/`for` pair is needed; CSS puts the box first.
    rows: [Element; 4],
    more: Element,
    desc: Element,
    /// The lock reason, [hidden, shown].
    lock: [Element; 2],
    actions: Element,
    link: Element,
    button: Element,
    /// The skip button, [shown, hidden] (only an open step can be skipped).
    skip: [Element; 2],
}

/// The program that makes a [`Kit`]: each element kept and left out of the tree, in the
/// order [`Kit::take`] takes them.
fn kit_program(d: &mut Dom, text: &Text) {
    for (manual, locked) in [(true, false), (true, true), (false, false), (false, true)] {
        d.open(N::li, N::step);
        d.attr(N::part, N::step);
        d.attr(N::data_status, if locked { N::locked } else { N::open });
        d.open(N::label, N::line);
        d.open(N::span, N::name);
        d.attr(N::part, N::step_title);
        d.close();
        d.open(N::span, N::badge);
        d.text(&text.skipped);
        d.attr(N::part, N::badge);
        d.attr(N::hidden, N::none);
        d.close();
        d.open(N::input, N::check);
        d.attr(N::kind, N::checkbox);
        d.attr(N::part, N::checkbox);
        if !manual || locked {
            d.attr(N::disabled, N::none);
        }
        d.close();
        d.close();
        d.keep();
        d.drop();
    }
    d.open(N::div, N::more);
    d.keep();
    d.drop();
    d.open(N::p, N::desc);
    d.attr(N::part, N::step_description);
    d.keep();
    d.drop();
    for hidden in [true, false] {
        d.open(N::p, N::lock);
        d.attr(N::part, N::step_lock);
        if hidden {
            d.attr(N::hidden, N::none);
        }
        d.keep();
        d.drop();
    }
    d.open(N::div, N::actions);
    d.keep();
    d.drop();
    d.open(N::a, N::action);
    d.attr(N::data_act, N::action);
    d.attr(N::part, N::action);
    d.keep();
    d.drop();
    d.open(N::button, N::action);
    d.attr(N::kind, N::button);
    d.attr(N::data_act, N::action);
    d.attr(N::part, N::action);
    d.keep();
    d.drop();
    for hidden in [false, true] {
        d.open(N::button, N::skip);
        d.text(&text.skip);
        d.attr(N::kind, N::button);
        d.attr(N::data_act, N::skip);
        d.attr(N::part, N::skip);
        if hidden {
            d.attr(N::hidden, N::none);
        }
        d.keep();
        d.drop();
    }
}

impl Kit {
    /// The kit [`kit_program`] made, from the elements it kept.
    fn take(next: &mut impl FnMut() -> Element) -> Kit {
        Kit {
            rows: [next(), next(), next(), next()],
            more: next(),
            desc: next(),
            lock: [next(), next()],
            actions: next(),
            link: next(),
            button: next(),
            skip: [next(), next()],
        }
    }
}

/// `data-act=snooze data-ms=<ms>` on the open button.
fn snooze_option(d: &mut Dom, ms: u64) {
    d.attr(N::data_act, N::snooze);
    d.attr_str(N::data_ms, &strs::number(ms));
}

/// Writes the id of row `i`'s part `suffix` (`fv-s12-d`).
fn row_id(s: &mut String, i: usize, suffix: &str) {
    s.push_str("fv-s");
    crate::core::strs::push_number(s, i as u64);
    s.push_str(suffix);
}

/// One step's row: a clone of its kind of row, then what only this step has
/// (description, lock reason, action, skip) in a `<div class=more>`. Its text goes
/// into `batch`.
fn row(kit: &Kit, batch: &mut Batch, engine: &Engine, i: usize) -> Row {
    let config = engine.config();
    let step = &config.steps[i];
    let manual = step.is_manual();
    let locked = engine.status(i) == StepStatus::Locked;
    let li = copy(&kit.rows[usize::from(!manual) * 2 + usize::from(locked)]);
    // The kit's rows always have these children.
    let line = li.first_element_child().unwrap_or_else(|| li.clone());
    let name = line.first_element_child().unwrap_or_else(|| line.clone());
    batch.put_str(li.clone(), Slot::DataStep, &step.id.0);
    batch.put_str(name, Slot::Text, &step.title);
    let (mut skip, mut lock) = (None, None);
    let extras = step.description.is_some()
        || !step.requires.is_empty()
        || step.action.is_some()
        || step.skippable;
    if extras {
        let more = copy(&kit.more);
        let mut described = Vec::new();
        if let Some(d) = &step.description {
            let p = copy(&kit.desc);
            append(&more, &p);
            batch.put(p.clone(), Slot::Id, |s| row_id(s, i, "-d"));
            batch.put_str(p, Slot::Text, d);
            described.push("-d");
        }
        if !step.requires.is_empty() {
            let p = copy(&kit.lock[usize::from(locked)]);
            append(&more, &p);
            batch.put(p.clone(), Slot::Id, |s| row_id(s, i, "-l"));
            batch.put(p.clone(), Slot::Text, |s| {
                s.push_str(&config.text.requires);
                for (k, &r) in engine.requires(i).iter().enumerate() {
                    s.push_str(if k == 0 { " " } else { ", " });
                    strs::push_isolated(s, &config.steps[r].title);
                }
            });
            described.push("-l");
            lock = Some(p);
        }
        if !described.is_empty() {
            if let Some(check) = line.last_element_child() {
                batch.put(check, Slot::AriaDescribedby, |s| {
                    for (k, suffix) in described.iter().enumerate() {
                        if k > 0 {
                            s.push(' ');
                        }
                        row_id(s, i, suffix);
                    }
                });
            }
        }
        if step.action.is_some() || step.skippable {
            let actions = copy(&kit.actions);
            if let Some(action) = &step.action {
                let a = match &action.target {
                    ActionTarget::Href(href) => {
                        let a = copy(&kit.link);
                        batch.put_str(a.clone(), Slot::Href, href);
                        a
                    }
                    ActionTarget::Event(_) => copy(&kit.button),
                };
                batch.put_str(a.clone(), Slot::Text, &action.label);
                append(&actions, &a);
            }
            if step.skippable {
                let b = copy(&kit.skip[usize::from(locked)]);
                batch.put(b.clone(), Slot::AriaLabel, |s| {
                    s.push_str(&config.text.skip);
                    s.push(' ');
                    strs::push_isolated(s, &step.title);
                });
                append(&actions, &b);
                skip = Some(b);
            }
            append(&more, &actions);
        }
        append(&li, &more);
    }
    let status = if locked {
        StepStatus::Locked
    } else {
        StepStatus::Open
    };
    Row {
        step: i,
        li,
        line,
        skip,
        lock,
        shown: (status, !manual || locked),
    }
}
