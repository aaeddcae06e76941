//! Telling the host: callbacks and DOM `CustomEvent`s. A callback that throws is
//! caught and reported to `onError`; nothing ever throws into the host page.

use super::fault::Fault;
use super::js::to_js;
use super::options::{call, Callbacks};
use crate::core::json::Value;
use crate::core::notice::{Context, Notice};
use js_sys::Function;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

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
        let payload = notice.payload(context, at);
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
                if let Err(m) = call(f, &[&to_js(&payload)]) {
                    self.report(&Fault::new("callback_failed", format!("{name} threw: {m}")));
                }
            }
        }
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&to_js(&payload));
        let mut name = String::from("firstvalue:");
        name.push_str(notice.kind());
        if let Ok(event) = CustomEvent::new_with_event_init_dict(&name, &init) {
            let _ = self.target.dispatch_event(&event);
        }
    }

    /// Reports a runtime fault to `onError({ code, message })`, or to the console
    /// when there is no `onError` or it throws too.
    pub fn report(&self, fault: &Fault) {
        let e = to_js(&Value::object([
            ("code", Value::str(fault.code)),
            ("message", Value::str(&fault.message)),
        ]));
        let delivered = self
            .callbacks
            .on_error
            .as_ref()
            .map(|f: &Function| call(f, &[&e]).is_ok())
            .unwrap_or(false);
        if !delivered {
            let _ = super::js::warn(&JsValue::from_str("firstvalue:"), &e);
        }
    }
}
