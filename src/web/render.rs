//! The widget's DOM in an open shadow root: built once, then updated row by row.
//!
//! Text goes in through `textContent` only; links get an `href` only after the
//! core has checked it; styles come from a constructable stylesheet, which a
//! strict Content-Security-Policy allows.

use super::dom::{program, Batch, Node, Nodes, Program, HOST, N, PIECE, ROOT};
use crate::core::model::{ActionTarget, Text};
use crate::core::progress::{Engine, StepStatus};
use crate::core::strs;
use wasm_bindgen::prelude::*;
use web_sys::{Element, ShadowRoot};

const CSS: &str = crate::css::WIDGET;

/// One step's row: its nodes that change, and what they show now.
struct Row {
    step: usize,
    li: Node,
    check: Node,
    /// The "Skipped" badge.
    badge: Node,
    skip: Option<Node>,
    lock: Option<Node>,
    /// The status shown, and whether the checkbox is disabled.
    shown: (StepStatus, bool),
}

/// The rendered widget: the nodes it changes (in the interpreter's node table) and what
/// they show now. Every write goes through a [`Batch`].
pub struct View {
    root: ShadowRoot,
    nodes: Nodes,
    panel: Node,
    count: Node,
    bar: Node,
    fill: Node,
    launcher: Node,
    /// The minimize button, where focus goes when the panel opens.
    minimize: Node,
    live: Node,
    celebrate: Node,
    milestone: Node,
    rows: Vec<Row>,
    shown: Option<(usize, usize, bool, bool, bool, bool)>,
    /// Whether the next update writes every row whatever it showed: a host exception
    /// cut the last one short (see [`View::redraw`]).
    redraw: bool,
    /// The help offer, if the segment has one, and whether it has been announced.
    help: Option<Node>,
    help_said: bool,
    /// The snooze options' menu (several options), toggled by `snooze-menu`: its button,
    /// its group, its first option, and whether it is open.
    menu: Option<(Node, Node, Node, bool)>,
}

#[wasm_bindgen(module = "/src/web/dom.js")]
extern "C" {
    /// The open shadow root of `target` for a new checklist, or 1 (it holds one) or 2
    /// (attachShadow gave none); `Err` with what attachShadow threw (see `dom.js`).
    #[wasm_bindgen(catch)]
    fn acquire(target: &Element) -> Result<JsValue, JsValue>;

    /// Styles `root` with the widget's sheet (`css` given on the first call, then "").
    #[wasm_bindgen(catch)]
    fn adopt(root: &ShadowRoot, css: &str) -> Result<(), JsValue>;

    /// Empties a root this widget made, leaving the marked default slot: the target's
    /// own children show again, and a later `mount()` may take the root (see `dom.js`).
    #[wasm_bindgen(catch)]
    pub fn release(root: &ShadowRoot) -> Result<(), JsValue>;
}

std::thread_local! {
    /// Whether `dom.js` has the stylesheet's text.
    static STYLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
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
    match acquire(target) {
        Ok(v) if v.as_f64() == Some(1.0) => Err(refuse(
            "already holds a mounted checklist or a shadow root of its own",
        )),
        Ok(v) if v.as_f64() == Some(2.0) => Err(refuse(
            "attachShadow gave no shadow root (a script on the page replaced it)",
        )),
        Ok(root) => Ok(root.unchecked_into()),
        Err(e) => {
            let mut m = String::from("cannot hold a shadow root (");
            m.push_str(&super::js::message(&e));
            m.push(')');
            Err(refuse(&m))
        }
    }
}

impl View {
    /// Builds the widget for `engine` inside `target` in one batch: the panel, the
    /// launcher, the announcer, the templates rows are copied from, then the rows.
    pub fn build(
        target: &Element,
        engine: &Engine,
        acquired: &mut Option<ShadowRoot>,
    ) -> Result<View, JsValue> {
        let root = shadow(target)?;
        // Until mount() returns, a failure must give the root back (see `mount`).
        *acquired = Some(root.clone());
        adopt(&root, if STYLED.replace(true) { "" } else { CSS })?;
        let mut nodes = Nodes::new(&root, target);
        let mut d = Batch::new(&nodes);
        let config = engine.config();
        let text = &config.text;
        let (min, dis) = (text.minimize.as_str(), text.dismiss.as_str());
        let panel = d.program(
            HEAD,
            &[&config.title, min, min, dis, dis, &text.first_value],
        );
        let [minimize, count, bar, fill, milestone, list] = [1, 2, 3, 4, 5, 6].map(|k| panel + k);
        let help = engine.segment().nudges.help.as_ref().map(|h| {
            let node = d.program(HELP, &[&h.title]);
            if let Some(desc) = &h.description {
                d.program(program![open p desc, text, close], &[desc]);
            }
            if let Some(a) = &h.action {
                match &a.target {
                    ActionTarget::Href(href) => d.program(
                        program![open a action, text, attr_text href, attr data_act help,
                            attr part help_action, close],
                        &[&a.label, href],
                    ),
                    ActionTarget::Event(_) => d.program(
                        program![open button action, text, attr kind button,
                            attr data_act help, attr part help_action, close],
                        &[&a.label],
                    ),
                };
            }
            d.close();
            node
        });
        let celebrate = d.program(CELEBRATE, &[&text.completed]);
        // "Remind me later": one option is a button; several, a button that opens them.
        let options = &config.snooze_options;
        let mut menu = None;
        if let Some(&first) = options.first() {
            d.program(
                program![open div foot, open button later, text, attr kind button,
                    attr part snooze],
                &[&text.snooze],
            );
            if options.len() > 1 {
                let button = d.program(
                    program![attr data_act snooze_menu, attr aria_expanded no,
                        attr aria_controls fv_snooze, keep, close, open div menu,
                        attr id fv_snooze, attr role group, attr_text aria_label,
                        attr hidden none, keep],
                    &[&text.snooze],
                );
                let mut first = None;
                for &ms in options {
                    d.program(
                        program![open button later, text, attr kind button],
                        &[&crate::core::duration::describe(ms)],
                    );
                    snooze_option(&mut d, ms);
                    first = first.or_else(|| Some(d.keep()));
                    d.close();
                }
                menu = first.map(|first| (button, button + 1, first, false));
            } else {
                snooze_option(&mut d, first);
            }
            d.close();
            d.close();
        }
        // The panel, the launcher and the announcer go into the root after the rows.
        let launcher = d.program(TAIL, &[]);
        let live = launcher + 1;
        let kit = Kit::new(&mut d, text);
        d.select(list);
        let rows = engine
            .visible()
            .iter()
            .map(|&i| row(&kit, &mut d, engine, i))
            .collect();
        d.select(ROOT);
        for node in [panel, launcher, live] {
            d.append(node);
        }
        nodes.run(d)?;
        Ok(View {
            root,
            nodes,
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
    pub fn set_loading(&mut self, loading: bool) -> Result<(), JsValue> {
        let mut b = Batch::new(&self.nodes);
        b.select(HOST);
        b.flag(N::data_fv_loading, loading);
        for node in [self.panel, self.launcher] {
            b.select(node);
            b.flag(N::hidden, loading);
        }
        self.nodes.run(b)
    }

    /// After an update a host exception cut short (a wrapped DOM setter that threw): the
    /// next one writes everything again, so no element keeps what it showed before.
    pub fn redraw(&mut self) {
        self.shown = None;
        self.redraw = true;
    }

    /// Brings the DOM in line with `engine`, touching only what changed.
    pub fn update(&mut self, engine: &Engine) -> Result<(), JsValue> {
        let force = std::mem::take(&mut self.redraw);
        let mut b = Batch::new(&self.nodes);
        let p = engine.progress();
        let statuses = engine.statuses();
        let (done, total) = engine.counts_of(&statuses);
        let away = engine.hidden_by_user();
        if let (Some(help), Some(h)) = (self.help, &engine.segment().nudges.help) {
            let show = engine.help_shown();
            b.select(help);
            b.flag(N::hidden, !show);
            if show && !self.help_said {
                self.help_said = true;
                b.select(self.live);
                b.text(&h.title);
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
            let progress = Text::fill(&text.progress, done, total);
            b.select(self.count);
            b.text(&progress);
            let mut width = strs::number(percent as u64);
            b.select(self.bar);
            b.attr_str(N::aria_valuenow, &width);
            b.attr_str(N::aria_valuetext, &progress);
            width.push('%');
            b.select(self.fill);
            b.style(N::width, &width);
            b.select(self.launcher);
            b.text(&Text::fill(&text.launcher, done, total));
            b.flag(N::hidden, !p.minimized.on || away);
            for (node, hidden) in [
                (self.panel, p.minimized.on || away),
                (self.celebrate, p.completed_at.is_none()),
                (self.milestone, p.first_value_at.is_none()),
            ] {
                b.select(node);
                b.flag(N::hidden, hidden);
            }
            b.select(self.panel);
            b.flag(N::data_complete, p.completed_at.is_some());
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
            b.select(row.check);
            if force || was_disabled != disabled {
                b.prop(N::disabled, disabled);
            }
            if !force && was == status {
                continue;
            }
            if force || (was == StepStatus::Done) != (status == StepStatus::Done) {
                b.prop(N::checked, status == StepStatus::Done);
            }
            let finished = |s: StepStatus| matches!(s, StepStatus::Done | StepStatus::Skipped);
            if force || finished(was) != finished(status) {
                if finished(status) {
                    b.attr(N::aria_disabled, N::yes);
                } else {
                    b.remove(N::aria_disabled);
                }
            }
            b.select(row.li);
            b.attr(N::data_status, status_name(status));
            for (node, hidden) in [
                (row.skip, status != StepStatus::Open),
                (row.lock, status != StepStatus::Locked),
            ] {
                if let Some(node) = node {
                    b.select(node);
                    b.flag(N::hidden, hidden);
                }
            }
            if force || (was == StepStatus::Skipped) != (status == StepStatus::Skipped) {
                b.select(row.badge);
                b.flag(N::hidden, status != StepStatus::Skipped);
            }
        }
        self.nodes.run(b)
    }

    /// Plays the celebration for a milestone reached just now; CSS keeps it calm under
    /// `prefers-reduced-motion`. Says `line` to screen readers (and nothing on screen).
    pub fn announce(&mut self, line: &str, celebrate: Option<bool>) -> Result<(), JsValue> {
        let mut b = Batch::new(&self.nodes);
        if let Some(complete) = celebrate {
            b.select(self.panel);
            let what = if complete {
                N::complete
            } else {
                N::first_value
            };
            b.attr(N::data_celebrate, what);
        }
        b.select(self.live);
        b.text(line);
        self.nodes.run(b)
    }

    /// Where focus goes to stay on the row of `step` after it changed under the user's
    /// hand (its button may have disappeared). The caller focuses it once no borrow is
    /// held: focusing runs the page's focus listeners.
    pub fn row_focus(&mut self, step: usize) -> Option<Node> {
        let li = self.rows.iter().find(|r| r.step == step)?.li;
        let mut b = Batch::new(&self.nodes);
        b.select(li);
        b.attr(N::tabindex, N::minus_one);
        self.nodes.run(b).ok()?;
        Some(li)
    }

    /// Shows step `step`'s checkbox as `done` (after a click the engine refused: the
    /// click changed the box, the status did not change, so no update writes it).
    pub fn recheck(&mut self, step: usize, done: bool) {
        let Some(row) = self.rows.iter().find(|r| r.step == step) else {
            return;
        };
        let mut b = Batch::new(&self.nodes);
        b.select(row.check);
        b.prop(N::checked, done);
        let _ = self.nodes.run(b);
    }

    /// Opens or closes the snooze options; the first option to focus when it opened.
    pub fn toggle_menu(&mut self) -> Option<Node> {
        let (button, group, first, open) = self.menu.as_mut()?;
        *open = !*open;
        let (button, group, first, open) = (*button, *group, *first, *open);
        let mut b = Batch::new(&self.nodes);
        b.select(group);
        b.flag(N::hidden, !open);
        b.select(button);
        b.attr(N::aria_expanded, if open { N::yes } else { N::no });
        self.nodes.run(b).ok()?;
        open.then_some(first)
    }

    /// Where focus goes: into the panel (after reopening) or to the launcher (after
    /// minimizing). Focused by the caller, outside any borrow.
    pub fn focus_target(&self, launcher: bool) -> Node {
        if launcher {
            self.launcher
        } else {
            self.minimize
        }
    }

    /// The node table, to focus a node once no borrow is held ([`super::dom::focus_in`]).
    pub fn nodes(&self) -> &js_sys::Array {
        self.nodes.table()
    }

    /// Removes everything; leaves a `<slot>` so the target shows its own children
    /// again (a shadow root cannot be detached).
    pub fn destroy(&self) -> Result<(), JsValue> {
        release(&self.root)
    }
}

/// A step status's `data-status` value.
fn status_name(s: StepStatus) -> N {
    match s {
        StepStatus::Open => N::open,
        StepStatus::Locked => N::locked,
        StepStatus::Done => N::done,
        StepStatus::Skipped => N::skipped,
        StepStatus::Hidden => N::hidden,
    }
}

/// The templates rows are copied from, built once per mount (kept, never in the tree):
/// one deep copy each instead of a `createElement` and several attributes.
struct Kit {
    /// `<li><label><span>title</span><span hidden>Skipped</span><input type=checkbox></label></li>`
    /// for [manual open, manual locked, host-completed open, host-completed locked]. The
    /// label wraps the checkbox, so no `id`/`for` pair is needed; CSS puts the box first.
    rows: [Node; 4],
    more: Node,
    desc: Node,
    /// The lock reason, [hidden, shown].
    lock: [Node; 2],
    actions: Node,
    link: Node,
    button: Node,
    /// The skip button, [shown, hidden] (only an open step can be skipped).
    skip: [Node; 2],
}

impl Kit {
    /// Writes the templates ([`KIT`]), kept and out of the tree.
    fn new(d: &mut Batch, text: &Text) -> Kit {
        let (skipped, skip) = (text.skipped.as_str(), text.skip.as_str());
        let k = d.program(KIT, &[skipped, skipped, skipped, skipped, skip, skip]);
        Kit {
            rows: [k, k + 1, k + 2, k + 3],
            more: k + 4,
            desc: k + 5,
            lock: [k + 6, k + 7],
            actions: k + 8,
            link: k + 9,
            button: k + 10,
            skip: [k + 11, k + 12],
        }
    }
}

/// The panel's top: the panel (kept first), its header (title, the minimize button
/// (kept), dismiss, the progress text, bar and fill, the first-value milestone, each
/// kept) and the step list (kept). Texts: the title, the minimize and dismiss labels
/// (twice each: `aria-label` and `title`), the milestone.
const HEAD: Program = program![
    open section panel, attr part panel, attr aria_labelledby fv_title, keep,
    open header head, attr part header,
    open h2 title, text, attr id fv_title, attr part title, close,
    open div tools,
    open button minimize, text_k dash, attr kind button, attr data_act minimize,
    attr_text aria_label, attr_text title, attr part minimize, keep, close,
    open button dismiss, text_k cross, attr kind button, attr data_act dismiss,
    attr_text aria_label, attr_text title, attr part dismiss, close,
    close,
    open p count, attr id fv_count, attr part progress_text, keep, close,
    open div bar, attr role progressbar, attr part progressbar, attr aria_valuemin zero,
    attr aria_valuemax hundred, attr aria_labelledby fv_title, attr aria_describedby fv_count,
    keep, open div fill, keep, close, close,
    open p milestone, text, attr part milestone, attr hidden none, keep, close,
    close,
    open ol steps, attr part steps, keep, close,
];

/// The help offer (kept) and its title (the text); left open for its description and action.
const HELP: Program = program![
    open section help, attr part help, attr aria_labelledby fv_help, attr hidden none, keep,
    open h3 help_title, text, attr id fv_help, close,
];

/// The celebration (kept): confetti and the completion text.
const CELEBRATE: Program = program![
    open div celebrate, attr part celebration, keep,
    open div confetti, attr aria_hidden yes,
    open i none, close, open i none, close, open i none, close, open i none, close,
    open i none, close, open i none, close, open i none, close, open i none, close,
    open i none, close, open i none, close, open i none, close, open i none, close,
    close,
    open p cheer, text, close,
    close,
];

/// Ends the panel (kept out of the tree until the rows are in), then the launcher and
/// the announcer, each kept, out of the tree.
const TAIL: Program = program![
    drop,
    open button launcher, attr kind button, attr data_act open, attr part launcher, keep, drop,
    open div sr, attr aria_live polite, attr role status, attr part announcer, keep, drop,
];

/// The row templates ([`Kit`], in its order): `<li><label><span>title</span><span
/// hidden>Skipped</span><input type=checkbox></label></li>` for manual open, manual
/// locked, host-completed open and host-completed locked steps (the label wraps the
/// checkbox, so no `id`/`for` pair is needed; CSS puts the box first), then a row's
/// extras. Texts: "Skipped" four times, "Skip" twice.
const KIT: Program = program![
    open li step, attr part step, attr data_status open,
    open label line, open span name, attr part step_title, close,
    open span badge, text, attr part badge, attr hidden none, close,
    open input check, attr kind checkbox, attr part checkbox, close,
    close, keep, drop,
    open li step, attr part step, attr data_status locked,
    open label line, open span name, attr part step_title, close,
    open span badge, text, attr part badge, attr hidden none, close,
    open input check, attr kind checkbox, attr part checkbox, attr disabled none, close,
    close, keep, drop,
    open li step, attr part step, attr data_status open,
    open label line, open span name, attr part step_title, close,
    open span badge, text, attr part badge, attr hidden none, close,
    open input check, attr kind checkbox, attr part checkbox, attr disabled none, close,
    close, keep, drop,
    open li step, attr part step, attr data_status locked,
    open label line, open span name, attr part step_title, close,
    open span badge, text, attr part badge, attr hidden none, close,
    open input check, attr kind checkbox, attr part checkbox, attr disabled none, close,
    close, keep, drop,
    open div more, keep, drop,
    open p desc, attr part step_description, keep, drop,
    open p lock, attr part step_lock, attr hidden none, keep, drop,
    open p lock, attr part step_lock, keep, drop,
    open div actions, keep, drop,
    open a action, attr data_act action, attr part action, keep, drop,
    open button action, attr kind button, attr data_act action, attr part action, keep, drop,
    open button skip, text, attr kind button, attr data_act skip, attr part skip, keep, drop,
    open button skip, text, attr kind button, attr data_act skip, attr part skip,
    attr hidden none, keep, drop,
];

/// `data-act=snooze data-ms=<ms>` on the open button.
fn snooze_option(d: &mut Batch, ms: u64) {
    d.attr(N::data_act, N::snooze);
    d.attr_str(N::data_ms, &strs::number(ms));
}

/// Writes the id of row `i`'s part `suffix` (`fv-s12-d`).
fn row_id(s: &mut String, i: usize, suffix: &str) {
    s.push_str("fv-s");
    crate::core::strs::push_number(s, i as u64);
    s.push_str(suffix);
}

/// One step's row, appended to the open element (the list): a copy of its kind of row,
/// then what only this step has (description, lock reason, action, skip) in a
/// `<div class=more>`.
fn row(kit: &Kit, d: &mut Batch, engine: &Engine, i: usize) -> Row {
    let config = engine.config();
    let step = &config.steps[i];
    let manual = step.is_manual();
    let locked = engine.status(i) == StepStatus::Locked;
    d.copy(kit.rows[usize::from(!manual) * 2 + usize::from(locked)]);
    d.attr_str(N::data_step, &step.id.0);
    let li = d.keep();
    d.child(0); // the label
    d.child(0);
    d.text(&step.title);
    d.drop();
    d.child(1);
    let badge = d.keep();
    d.drop();
    d.child(2);
    let check = d.keep();
    let mut described: Vec<&str> = Vec::new();
    if step.description.is_some() {
        described.push("-d");
    }
    if !step.requires.is_empty() {
        described.push("-l");
    }
    if !described.is_empty() {
        d.attr_with(N::aria_describedby, |s| {
            for (k, suffix) in described.iter().enumerate() {
                if k > 0 {
                    s.push(' ');
                }
                row_id(s, i, suffix);
            }
        });
    }
    d.drop();
    d.drop();
    let (mut skip, mut lock) = (None, None);
    if !described.is_empty() || step.action.is_some() || step.skippable {
        d.copy(kit.more);
        if let Some(desc) = &step.description {
            d.copy(kit.desc);
            d.attr_with(N::id, |s| row_id(s, i, "-d"));
            d.text(desc);
            d.close();
        }
        if !step.requires.is_empty() {
            d.copy(kit.lock[usize::from(locked)]);
            d.attr_with(N::id, |s| row_id(s, i, "-l"));
            d.text_with(|s| {
                s.push_str(&config.text.requires);
                for (k, &r) in engine.requires(i).iter().enumerate() {
                    s.push_str(if k == 0 { " " } else { ", " });
                    strs::push_isolated(s, &config.steps[r].title);
                }
            });
            lock = Some(d.keep());
            d.close();
        }
        if step.action.is_some() || step.skippable {
            d.copy(kit.actions);
            if let Some(action) = &step.action {
                match &action.target {
                    ActionTarget::Href(href) => {
                        d.copy(kit.link);
                        d.attr_str(N::href, href);
                    }
                    ActionTarget::Event(_) => d.copy(kit.button),
                }
                d.text(&action.label);
                d.close();
            }
            if step.skippable {
                d.copy(kit.skip[usize::from(locked)]);
                d.attr_with(N::aria_label, |s| {
                    s.push_str(&config.text.skip);
                    s.push(' ');
                    strs::push_isolated(s, &step.title);
                });
                skip = Some(d.keep());
                d.close();
            }
            d.close();
        }
        d.close();
    }
    d.close();
    let status = if locked {
        StepStatus::Locked
    } else {
        StepStatus::Open
    };
    Row {
        step: i,
        li,
        check,
        badge,
        skip,
        lock,
        shown: (status, !manual || locked),
    }
}
