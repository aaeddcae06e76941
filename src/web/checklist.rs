//! `Checklist`, the object `mount()` returns: the host's handle on a mounted checklist.
//!
//! Every method takes any JS value and never traps: what the contract documents as a
//! throw is firstvalue's own `Error` (with `errors`), `track()` never throws, and after
//! `destroy()` every method is a harmless no-op.

use super::dispatch::{act, defer};
use super::fault::Fault;
use super::js::{error_at, to_js};
use super::live::{alive, busy, with, Deferred, Shared};
use crate::core::error::codes;
use crate::core::notice::Notice;
use crate::core::progress::{Input, StepStatus};
use wasm_bindgen::prelude::*;

/// A mounted checklist. Returned by `mount()`.
#[wasm_bindgen]
pub struct Checklist {
    live: Shared,
}

/// A step call (`complete`, `skip`) resolved against the live state.
enum Step {
    /// The step's position.
    At(usize),
    /// Destroyed: the call is a no-op.
    Gone,
    /// The state is borrowed right now: the call runs once it is free.
    Later(String),
}

impl Checklist {
    /// The handle on `live`.
    pub(super) fn new(live: Shared) -> Checklist {
        Checklist { live }
    }

    fn step(&self, step_id: &JsValue) -> Result<Step, JsValue> {
        if !alive(&self.live) {
            return Ok(Step::Gone);
        }
        let Some(id) = step_id.as_string() else {
            return Err(error_at(
                "stepId",
                codes::WRONG_TYPE,
                "must be a step id (a string)",
            ));
        };
        if busy(&self.live) {
            return Ok(Step::Later(id));
        }
        let found = with(&self.live, |inner| {
            inner.engine.step(&id).ok_or_else(|| {
                // The ids and the "did you mean" are prose: the development build's.
                let message = crate::prose_string(prose!({
                    let ids: Vec<&str> = (inner.engine.segment().steps.iter())
                        .map(|&i| inner.engine.config().steps[i].id.0.as_str())
                        .collect();
                    format!(
                        "unknown step \"{id}\" in this user's checklist ({}){}",
                        crate::core::strs::join(&ids, ", "),
                        crate::core::error::did_you_mean(&id, ids.iter().copied())
                    )
                }));
                error_at("stepId", codes::UNKNOWN_STEP_ID, &message)
            })
        });
        match found {
            Some(r) => r.map(Step::At),
            None => Ok(Step::Gone),
        }
    }

    /// Applies a step input; `true` if the step changed now. Before the stored state
    /// has loaded (an async adapter) the input waits, and the answer is what is known.
    fn change(&self, i: usize, input: Input, now: StepStatus) -> bool {
        let before = with(&self.live, |inner| (inner.engine.status(i), inner.loaded));
        let notices = act(&self.live, input);
        match before {
            Some((status, false)) => match now {
                StepStatus::Done => status != StepStatus::Done,
                _ => status == StepStatus::Open,
            },
            _ => notices.iter().any(|n| {
                matches!(
                    (n, now),
                    (Notice::StepCompleted { .. }, StepStatus::Done)
                        | (Notice::StepSkipped { .. }, StepStatus::Skipped)
                )
            }),
        }
    }
}

/// Runs a `complete(id)` or `skip(id)` that found the state borrowed, now that it is
/// free; what it would have thrown goes to `onError`.
fn step_later(live: &Shared, id: String, skip: bool) {
    let again = Checklist::new(live.clone());
    let id = JsValue::from_str(&id);
    let done = if skip {
        again.skip(id)
    } else {
        again.complete(id)
    };
    if let Err(e) = done {
        let m = super::js::message(&e);
        live.host.report(&Fault::new("invalid_argument", m));
    }
}

#[wasm_bindgen]
impl Checklist {
    /// Reports a host event, with optional properties that `where` conditions read;
    /// returns the ids of the steps it completed (often none). Never throws: a name that
    /// is not a string returns `[]` and is reported to `onError` as `invalid_argument`,
    /// as are properties that are not a plain object (the event then counts without them).
    ///
    /// ```js
    /// checklist.track("chart_saved", { kind: "bar", rows: 120 }); // → ["build_chart"]
    /// ```
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn track(
        &self,
        #[wasm_bindgen(js_name = eventName, unchecked_param_type = "string")] event_name: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Record<string, unknown>")]
        properties: JsValue,
    ) -> js_sys::Array {
        let out = js_sys::Array::new();
        let Some(name) = event_name.as_string() else {
            if alive(&self.live) {
                self.live.host.report(&Fault::new(
                    "invalid_argument",
                    prose!("track(eventName): eventName must be a string"),
                ));
            }
            return out;
        };
        // A name with a lone surrogate reads as U+FFFD here; it is not the configured
        // name it would then look like, and no configured name has one.
        if crate::core::strs::contains(&name, "\u{FFFD}") && !super::js::well_formed(&event_name) {
            return out;
        }
        let input = if properties.is_undefined() || properties.is_null() {
            Input::Track(name)
        } else {
            match super::js::try_from_js(&properties) {
                Ok(props @ crate::core::json::Value::Object(_)) => Input::TrackWith(name, props),
                problem => {
                    let why = match problem {
                        Err(m) => m,
                        Ok(v) => format!("it is {}", v.kind()),
                    };
                    let m = prose!(format!("track(eventName, properties): properties must be a plain object; {why}; the event counts without them"));
                    if alive(&self.live) {
                        let fault = Fault::host("invalid_argument", m, why);
                        self.live.host.report(&fault);
                    }
                    Input::Track(name)
                }
            }
        };
        // Made by JSON.parse (`to_js`), not `push`: no host `Array.prototype.push` or
        // index setter runs, so the steps it completed are returned whatever the page did.
        let ids: Vec<_> = (act(&self.live, input).into_iter())
            .filter_map(|n| match n {
                Notice::StepCompleted { step, .. } => Some(crate::core::json::Value::String(step)),
                _ => None,
            })
            .collect();
        super::js::to_js(&crate::core::json::Value::Array(ids)).unchecked_into()
    }

    /// Marks a step done; `true` if it became done now, `false` if it already was (or
    /// after `destroy()`). A skipped step can still be done. Throws for a step that is
    /// not in this user's checklist, or a `stepId` that is not a string.
    pub fn complete(
        &self,
        #[wasm_bindgen(js_name = stepId, unchecked_param_type = "string")] step_id: JsValue,
    ) -> Result<bool, JsValue> {
        Ok(match self.step(&step_id)? {
            Step::At(i) => self.change(i, Input::Complete(i), StepStatus::Done),
            Step::Gone => false,
            Step::Later(id) => {
                defer(&self.live, Deferred::Step(id, false, step_later));
                false
            }
        })
    }

    /// Skips a `skippable` step; `true` if it became skipped now.
    pub fn skip(
        &self,
        #[wasm_bindgen(js_name = stepId, unchecked_param_type = "string")] step_id: JsValue,
    ) -> Result<bool, JsValue> {
        let i = match self.step(&step_id)? {
            Step::At(i) => i,
            Step::Gone => return Ok(false),
            Step::Later(id) => {
                defer(&self.live, Deferred::Step(id, true, step_later));
                return Ok(false);
            }
        };
        let skippable = with(&self.live, |inner| inner.engine.config().steps[i].skippable);
        if skippable == Some(false) {
            let id = step_id.as_string().unwrap_or_default();
            return Err(error_at(
                "stepId",
                codes::NOT_SKIPPABLE,
                &format!("step \"{id}\" is not skippable"),
            ));
        }
        Ok(self.change(i, Input::Skip(i), StepStatus::Skipped))
    }

    /// Tells the checklist which page the user is on, for `page` rules: for routers
    /// whose navigation the browser does not announce (`history.pushState` without the
    /// Navigation API). Without an argument, the current `location`.
    ///
    /// ```js
    /// router.afterEach((to) => checklist.page(to.fullPath));
    /// ```
    pub fn page(&self, #[wasm_bindgen(unchecked_optional_param_type = "string")] path: JsValue) {
        let page = path.as_string().unwrap_or_else(super::js::here);
        act(&self.live, Input::Page(page));
    }

    /// Forgets this user's progress and starts a new run (a new TTFV clock unless
    /// `startedAt` was given). Events of the old run still on their way are delivered
    /// first.
    pub fn reset(&self) {
        act(&self.live, Input::Reset);
    }

    /// This user's checklist as a plain object (see the README for the fields); after
    /// `destroy()`, the last state it had.
    #[wasm_bindgen(unchecked_return_type = "ChecklistState")]
    pub fn state(&self) -> JsValue {
        // Made under the borrow, handed to JS after it: nothing of the host runs under it.
        let state = with(&self.live, |i| i.engine.state(&self.live.host.user_id))
            .or_else(|| self.live.last.borrow().clone());
        state.map_or(JsValue::NULL, |v| to_js(&v))
    }

    /// Shows the checklist (after minimize or dismiss).
    pub fn open(&self) {
        act(&self.live, Input::Open);
    }

    /// Hides the checklist until `duration` has passed ("Remind me later"): an ISO 8601
    /// duration (`"P1D"`) or milliseconds. It shows itself again then, across reloads and
    /// tabs; `open()` ends it early. Throws for a duration that is neither.
    pub fn snooze(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | number")] duration: JsValue,
    ) -> Result<(), JsValue> {
        let ms = match (duration.as_f64(), duration.as_string()) {
            (Some(ms), _) if (1.0..1e13).contains(&ms) => ms as u64,
            (_, Some(text)) => crate::core::duration::parse(&text)
                .map_err(|m| error_at("duration", codes::INVALID_DURATION, &m))?,
            _ => {
                return Err(error_at(
                    "duration",
                    codes::INVALID_DURATION,
                    "must be an ISO 8601 duration such as \"P1D\" or a number of milliseconds",
                ))
            }
        };
        act(&self.live, Input::Snooze(ms));
        Ok(())
    }

    /// Collapses the checklist to its launcher.
    pub fn minimize(&self) {
        act(&self.live, Input::Minimize);
    }

    /// Hides the checklist (remembered for this user until `open()`).
    pub fn dismiss(&self) {
        act(&self.live, Input::Dismiss);
    }

    /// Removes the widget's DOM, listeners and timers; the page is left as it
    /// was. Safe to call twice; `free()` and `[Symbol.dispose]()` do the same.
    pub fn destroy(&self) {
        super::dispatch::destroy(&self.live);
    }
}
