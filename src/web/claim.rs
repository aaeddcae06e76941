//! Exactly once across checklists and tabs: a once-only event (`checklist_started`,
//! `first_value`, `goal_missed`, `checklist_completed`) is announced only by the one
//! checklist that claims it.
//!
//! The claim is a Web Lock (`navigator.locks`) named after the storage key, the run
//! and the event, asked for with `ifAvailable`: the browser grants it to one requester
//! of the origin, every tab and checklist included, and the winner holds it for
//! [`HOLD_MS`]. A loser merges the stored fact and says nothing.
//! Where there are no Web Locks (older browsers, jsdom), the claim is the stored
//! state itself: each input re-reads localStorage first (`persist::changed`), so a fact
//! another tab stored is merged before the input can decide it again.
//!
//! A claim is answered in a later task, so a once-only event (and anything decided
//! after it) reaches the host a moment later than the call that caused it; the call's
//! own return value does not wait.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/web/host.js")]
extern "C" {
    /// Asks for the Web Lock `name`; `settle(answer)` once (see `host.js`). `false`
    /// without Web Locks. `catch`: a page may have replaced what it calls.
    #[wasm_bindgen(catch)]
    fn claim(name: &str, hold: u32, wait: u32, settle: &JsValue) -> Result<bool, JsValue>;
}

/// How long a won claim is held. Two checklists deciding the same event do so within
/// milliseconds of each other; after this long the winner's stored fact has reached
/// every tab (its `storage` event or BroadcastChannel message), so no one decides it
/// again. Not held for the page's life: a page holding a Web Lock is kept out of the
/// back/forward cache.
const HOLD_MS: u32 = 10_000;

/// How long a claim may wait for the browser's answer. A real `navigator.locks`
/// answers an `ifAvailable` request within a task; one that has not answered after
/// this long is broken or hostile, and the event is announced as without Web Locks
/// (the catch-up read before the input was the claim) rather than never.
const ANSWER_MS: u32 = 3_000;

/// Where a decided event stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Claim {
    /// Needs no claim (not once-only, or memory storage).
    Free,
    /// Asked for; the event waits, and so does everything decided after it.
    Waiting,
    /// This checklist announces it.
    Won,
    /// Another checklist or tab announced it.
    Lost,
}

/// Asks the browser for the Web Lock `name`; `settle(claim, timed_out)` runs once it
/// answers (or after [`ANSWER_MS`]). `false` without Web Locks: nothing is settled then.
pub fn request(name: &str, settle: impl FnOnce(Claim, bool) + 'static) -> bool {
    let settle = Closure::once_into_js(move |answer: u32| {
        let claim = match answer {
            0 => return, // No Web Locks: the caller decides.
            2 => Claim::Lost,
            _ => Claim::Won,
        };
        settle(claim, answer == 3);
    });
    claim(name, HOLD_MS, ANSWER_MS, &settle) == Ok(true)
}
