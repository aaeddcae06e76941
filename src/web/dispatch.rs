//! The loop that applies inputs to a mounted checklist ([`super::live`]) and delivers
//! what they decide.
//!
//! Three rules keep host code from breaking it:
//! - **Host code never runs under a borrow.** An input is applied and rendered under
//!   the borrow; saving, claiming and telling the host happen after it is released.
//! - **Nothing is dropped.** A call that still arrives while the state is borrowed (a
//!   host that patched a DOM method we call) waits in `waiting` and runs, in order,
//!   as soon as the borrow ends.
//! - **No borrow outlives its task.** A host exception that unwinds through the wasm
//!   skips the guard's release; the rescue task takes such a borrow back
//!   ([`super::slot::Slot::reclaim`]), so after any single host throw the next call
//!   works.
//! - **Events are delivered in the order they were decided**, one at a time, by the
//!   outermost frame: a callback that calls `track()` or `reset()` gets its return
//!   value at once, while the events that call causes queue behind the ones still
//!   being delivered. So nesting stays one level deep whatever the host does.

use super::claim::{self, Claim};
use super::live::{busy, with_mut, Deferred, Inner, Pending, Shared};
use super::persist::{self, Origin};
use crate::core::notice::Notice;
use crate::core::progress::{Effect, Input};
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Runs `call` once the state is free, after the current borrow.
pub fn defer(s: &Shared, call: Deferred) {
    s.waiting.borrow_mut().push(call);
    rescue(s);
}

fn run(s: &Shared, call: Deferred) {
    match call {
        Deferred::Act(input) => {
            act(s, input);
        }
        Deferred::Step(id, skip, run) => run(s, id, skip),
        Deferred::Destroy => destroy(s),
    }
}

/// Takes the first item of a short queue (a few items at most: events of one call).
fn first<T>(queue: &RefCell<Vec<T>>, ready: impl Fn(&T) -> bool) -> Option<T> {
    let mut q = queue.borrow_mut();
    q.first().filter(|t| ready(t))?;
    Some(q.remove(0))
}

/// Schedules a task that finishes what an interrupted frame left: a borrow and a
/// delivery flag that no frame will release (a host exception thrown straight through
/// the wasm), and the calls waiting for them. No frame spans two tasks, so in a new
/// task both are stale by definition.
fn rescue(s: &Shared) {
    if s.rescuing.replace(true) {
        return;
    }
    let live = s.clone();
    let armed = super::js::guarded(|| {
        let s = live.clone();
        Timeout::new(0, move || {
            s.rescuing.set(false);
            s.state.reclaim();
            s.delivering.set(false);
            flush(&s);
        })
        .forget();
    });
    if armed.is_err() {
        // No setTimeout: the next call rescues instead.
        s.rescuing.set(false);
    }
}

/// A local input (a call or a click): first catch up with what another tab or
/// checklist stored whose notice has not arrived yet (localStorage reads are
/// synchronous), so a once-only event already fired elsewhere is not fired again.
pub fn act(s: &Shared, input: Input) -> Vec<Notice> {
    persist::changed(s, |text, account| merge_text(s, text, account));
    dispatch(s, input)
}

/// Merges another tab's state from `text` (the account's when `account`); damaged text
/// is then overwritten with the merged state (its copy was kept by [`persist::absorb`]).
pub fn merge_text(s: &Shared, text: &str, account: bool) {
    if let Some((p, damaged)) = persist::absorb(s, text, Origin::OtherTab, account) {
        dispatch(
            s,
            if account {
                Input::MergeAccount(p)
            } else {
                Input::Merge(p)
            },
        );
        if damaged {
            persist::write_back(s, account);
        }
    }
}

/// Applies `input`, carries out its effects, and returns the notices it produced.
pub fn dispatch(s: &Shared, input: Input) -> Vec<Notice> {
    let at = super::js::now();
    let mut thrown = None;
    let (notices, save, save_account, generation) = {
        let Some(mut guard) = s.state.try_borrow_mut() else {
            defer(s, Deferred::Act(input));
            return Vec::new();
        };
        let Some(inner) = guard.as_mut() else {
            return Vec::new();
        };
        if !inner.loaded && !matches!(input, Input::Merge(_)) {
            inner.queue.push(input);
            return Vec::new();
        }
        let mut save = None;
        let mut save_account = None;
        let mut notices = Vec::new();
        for effect in inner.engine.apply(input, at) {
            match effect {
                // A DOM setter a page wrapped may throw: reported below, and the next
                // update writes everything again.
                Effect::Render => {
                    if let Err(e) = inner.view.update(&inner.engine) {
                        inner.view.redraw();
                        thrown = Some(e);
                    }
                }
                // Memory storage keeps nothing: no snapshot text to make.
                Effect::Persist if inner.writable && !s.store.is_memory() => {
                    save = Some(inner.engine.progress().to_text());
                }
                Effect::Persist => {}
                Effect::PersistAccount if inner.writable && !s.store.is_memory() => {
                    save_account = inner.engine.account().map(|a| a.to_text());
                }
                Effect::PersistAccount => {}
                Effect::Notify(n) => {
                    if let Err(e) = announce(inner, &n) {
                        thrown = Some(e);
                    }
                    notices.push(n);
                }
            }
        }
        arm_timer(s, inner);
        (
            notices,
            save,
            save_account,
            inner.engine.progress().generation,
        )
    };
    if let Some(e) = thrown {
        s.host.report(&super::fault::host_fault("a DOM method", &e));
    }
    // In the outbox before any host code runs (a save may call back in), so events
    // keep the order in which they were decided.
    let mut claims = Vec::new();
    for n in &notices {
        let cell = Rc::new(Cell::new(Claim::Free));
        if let Some(name) = n.claim().filter(|_| !s.store.is_memory()) {
            cell.set(Claim::Waiting);
            claims.push((name, cell.clone()));
        }
        s.outbox.borrow_mut().push(Pending {
            notice: n.clone(),
            at,
            claim: cell,
        });
    }
    for (name, cell) in claims {
        ask(s, generation, &name, cell);
    }
    if let Some(text) = save {
        persist::save(s, &text, false);
    }
    if let Some(text) = save_account {
        persist::save(s, &text, true);
    }
    flush(s);
    notices
}

/// Asks for the claim on `kind` of run `generation` (see `claim`); settles `cell` and
/// delivers when the browser answers.
fn ask(s: &Shared, generation: u64, kind: &str, cell: Rc<Cell<Claim>>) {
    let mut name = s.key.clone();
    name.push(':');
    name.push_str(&crate::core::strs::number(generation));
    name.push(':');
    name.push_str(kind);
    let (live, settled) = (s.clone(), cell.clone());
    let asked = claim::request(&name, move |claim, timed_out| {
        if timed_out {
            live.host.report(&super::fault::Fault::new(
                "lock_timeout",
                prose!("navigator.locks did not answer within 3 s; once-only events are claimed through storage instead"),
            ));
        }
        settled.set(claim);
        flush(&live);
    });
    if !asked {
        // No Web Locks: the catch-up read before the input was the claim.
        cell.set(Claim::Won);
    }
}

/// Delivers what is ready, in order: runs waiting calls (once the state is free), then
/// each decided event whose claim is settled. Only the outermost frame delivers; a
/// nested call returns at once and its events wait their turn. A host that answers
/// every event or call with another one cannot freeze the page: after 10,000 calls and
/// events in one task the rest continue in the next.
pub fn flush(s: &Shared) {
    if s.delivering.replace(true) {
        // The outermost frame delivers; should it have been cut short by an exception,
        // the rescue task delivers instead.
        rescue(s);
        return;
    }
    let mut budget = 10_000u32;
    loop {
        // A call waiting for a borrow still held (by the frame below, or by one an
        // exception cut short) waits for that frame, or for the rescue task.
        if let Some(call) = first(&s.waiting, |_| !busy(s)) {
            run(s, call);
        } else {
            let Some(p) = first(&s.outbox, |p| p.claim.get() != Claim::Waiting) else {
                break;
            };
            if p.claim.get() != Claim::Lost {
                s.host.notify(&p.notice, p.at);
            }
        }
        budget -= 1;
        if budget == 0 {
            break;
        }
    }
    s.delivering.set(false);
    if budget == 0 {
        rescue(s);
    }
}

/// Says a step done, first value or completion to screen readers; plays the
/// celebration of the last two.
fn announce(inner: &mut Inner, n: &Notice) -> Result<(), wasm_bindgen::JsValue> {
    let config = inner.engine.config();
    let text = &config.text;
    let (line, celebrate) = match n {
        Notice::StepCompleted { step, .. } => match config.step_index(step) {
            Some(i) => {
                let mut line = text.step_done.clone();
                line.push(' ');
                crate::core::strs::push_isolated(&mut line, &config.steps[i].title);
                (line, None)
            }
            None => return Ok(()),
        },
        Notice::FirstValue { .. } => (text.first_value.clone(), Some(false)),
        Notice::Completed { .. } => (text.completed.clone(), Some(true)),
        _ => return Ok(()),
    };
    inner.view.announce(&line, celebrate)
}

/// (Re)arms the one timer for the next thing due without an input (the goal, at risk,
/// stalled, a snooze's end, a re-show: `Engine::next_wake`). When it fires it re-reads
/// the stored state first ([`act`]): another checklist of this user may have decided.
fn arm_timer(s: &Shared, inner: &mut Inner) {
    let deadline = inner.engine.next_wake();
    if inner.timer.as_ref().map(|(_, d)| *d) == deadline {
        return; // Already armed for this deadline (or nothing to arm).
    }
    // Dropping the old timer clears it: a page's clearTimeout may throw.
    let mut old = inner.timer.take();
    let _ = super::js::guarded(|| drop(old.take()));
    inner.timer = deadline.and_then(|deadline| {
        // setTimeout waits at most 2^31-1 ms (~24.8 days): longer goals re-arm on firing.
        let wait = deadline
            .saturating_sub(super::js::now())
            .min(i32::MAX as u64) as u32;
        let s = s.clone();
        let mut timeout = None;
        // A page's setTimeout that throws: no timer (the next input catches up).
        let _ = super::js::guarded(|| {
            let s = s.clone();
            timeout = Some(Timeout::new(wait, move || {
                with_mut(&s, |i| i.timer = None);
                act(&s, Input::Tick);
            }));
        });
        timeout.map(|t| (t, deadline))
    });
}

/// Removes the DOM, the listeners and the timer; keeps the last state
/// for `state()`. Events decided before are still delivered: they happened, and the
/// once-only ones are stored as announced.
pub fn destroy(s: &Shared) {
    if busy(s) {
        defer(s, Deferred::Destroy);
        return;
    }
    let Some(inner) = s.state.try_borrow_mut().and_then(|mut g| g.take()) else {
        return;
    };
    *s.last.borrow_mut() = Some(inner.engine.state(&s.host.user_id));
    // Removing the DOM can move focus and so run host listeners: nothing is borrowed.
    // Each part runs whatever the others threw (a page's clearTimeout, its
    // BroadcastChannel.close, a wrapped removeEventListener): the DOM always goes.
    let mut thrown = None;
    let mut note = |r: Result<(), wasm_bindgen::JsValue>| thrown = r.err().or(thrown.take());
    note(inner.view.destroy());
    note(super::js::guarded(|| {
        for ch in [&inner.channel, &inner.account_channel]
            .into_iter()
            .flatten()
        {
            ch.close();
        }
    }));
    // Timers and listeners go with it: clearTimeout, removeEventListener.
    let mut inner = Some(inner);
    note(super::js::guarded(|| drop(inner.take())));
    if let Some(e) = thrown {
        s.host.report(&super::fault::host_fault("destroy()", &e));
    }
}
