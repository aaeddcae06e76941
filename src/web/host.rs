//! Telling the host: callbacks and DOM `CustomEvent`s. A callback that throws is
//! caught and reported to `onError`; nothing ever throws into the host page.

use super::fault::Fault;
use super::options::Callbacks;
use crate::core::json::Value;
use crate::core::notice::{Context, Notice};
use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::Element;

#[wasm_bindgen(module = "/src/web/host.js")]
extern "C" {
    /// Calls `f` with its own copy of the event `text`: `Err` with what it threw.
    #[wasm_bindgen(catch)]
    fn give(f: &Function, text: &JsValue) -> Result<(), JsValue>;

    /// Dispatches `firstvalue:<kind>` on `target` with a copy of `text` (see `host.js`).
    /// `catch`: a page may have replaced `dispatchEvent`.
    #[wasm_bindgen(catch)]
    fn announce(target: &Element, kind: &str, text: &JsValue) -> Result<(), JsValue>;
}

/// Who a mounted checklist reports to, and what every event says about it. Fixed at
/// mount, so reporting never needs the checklist's live state.
pub struct Host {
    /// The mount target: `firstvalue:<type>` events are dispatched on it.
    pub target: Element,
    /// The host's callbacks.
    pub callbacks: Callbacks,
    /// The config's id.
    pub checklist_id: String,
    /// The user's segment id.
    pub segment: String,
    /// The user id.
    pub user_id: String,
}

impl Host {
    /// Delivers `notice` to `onEvent`, its own callback and a `firstvalue:<type>` event
    /// on the target. Each receiver gets its own copy of the payload, so what one
    /// receiver changes, the next one does not see.
    pub fn notify(&self, notice: &Notice, at: u64) {
        let context = Context {
            checklist_id: &self.checklist_id,
            segment: &self.segment,
            user_id: &self.user_id,
        };
        let text = JsValue::from_str(&notice.payload(context, at).to_string());
        let c = &self.callbacks;
        // The event's own callback, with its name for error messages.
        let own = match notice {
            Notice::StepCompleted { .. } => ("onStepCompleted", &c.on_step_completed),
            Notice::FirstValue { .. } => ("onFirstValue", &c.on_first_value),
            Notice::Completed { .. } => ("onComplete", &c.on_complete),
            Notice::GoalMissed { .. } => ("onGoalMissed", &c.on_goal_missed),
            Notice::Stalled { .. } => ("onStalled", &c.on_stalled),
            Notice::AtRisk { .. } => ("onGoalAtRisk", &c.on_goal_at_risk),
            _ => ("", &None),
        };
        for (name, f) in [("onEvent", &c.on_event), own] {
            if let Some(f) = f {
                if let Err(thrown) = give(f, &text) {
                    let mut m = String::from(name);
                    m.push_str(" threw: ");
                    m.push_str(&super::js::message(&thrown));
                    self.report(&Fault::new("callback_failed", m));
                }
            }
        }
        let _ = announce(&self.target, notice.kind(), &text);
    }

    /// Reports a runtime fault to `onError({ code, message })`, or to the console
    /// when there is no `onError` or it throws too.
    pub fn report(&self, fault: &Fault) {
        let e = Value::object([
            ("code", Value::str(fault.code)),
            ("message", Value::str(&fault.message)),
        ]);
        let text = JsValue::from_str(&e.to_string());
        let on_error = self.callbacks.on_error.as_ref();
        if on_error.is_none_or(|f| give(f, &text).is_err()) {
            let _ = super::js::warn(&JsValue::from_str("firstvalue:"), &super::js::to_js(&e));
        }
    }
}
