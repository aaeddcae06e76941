//! One mounted checklist's live state, and the ways to read and change it. The loop
//! that applies inputs to it is `dispatch`; saving and reading stored state, `persist`.

use super::claim::Claim;
use super::host::Host;
use super::render::View;
use super::slot::Slot;
use super::storage::Store;
use crate::core::json::Value;
use crate::core::notice::Notice;
use crate::core::progress::{Engine, Input};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The mutable part of a mounted checklist (gone after `destroy()`).
pub struct Inner {
    pub engine: Engine,
    /// False until the stored state has loaded (async host adapters).
    pub loaded: bool,
    /// False when storage holds a newer format: never overwrite it.
    pub writable: bool,
    /// Inputs that arrived before the load finished.
    pub queue: Vec<Input>,
    pub view: View,
    /// DOM listeners. Their closures hold the checklist strongly: a mounted checklist
    /// lives until `destroy()` drops them, whether or not the host keeps the object.
    pub listeners: Vec<EventListener>,
    /// The goal timer and the deadline it was armed for.
    pub timer: Option<(Timeout, u64)>,
    /// Tells other tabs about saves through a host adapter (localStorage has the `storage` event).
    pub channel: Option<web_sys::BroadcastChannel>,
    /// The stored text last read or written (localStorage), to skip re-reading it.
    pub seen: Option<wasm_bindgen::JsValue>,
    /// The same for the account's key.
    pub account_seen: Option<wasm_bindgen::JsValue>,
    /// Tells other tabs about the account's saves through a host adapter.
    pub account_channel: Option<web_sys::BroadcastChannel>,
    /// While the account's progress loads: the user's, loaded before it.
    pub pending: Option<Option<crate::core::snapshot::Progress>>,
    /// Delegated listeners for `click` and `page` rules, made once loaded.
    pub watchers: Vec<EventListener>,
}

/// A call that arrived while the state was borrowed, to run once it is free.
pub enum Deferred {
    /// A local input.
    Act(Input),
    /// `complete(id)` (`false`) or `skip(id)` (`true`), looked up when run by the
    /// function given (`checklist`'s).
    Step(String, bool, fn(&Shared, String, bool)),
    /// `destroy()`.
    Destroy,
}

/// A decided event on its way to the host.
pub struct Pending {
    pub notice: Notice,
    pub at: u64,
    pub claim: Rc<Cell<Claim>>,
}

/// A mounted checklist.
pub struct Live {
    /// The live state; `None` after `destroy()`.
    pub state: Slot<Option<Inner>>,
    /// Who to tell, fixed at mount.
    pub host: Host,
    /// Where progress is kept, and under which key.
    pub store: Store,
    pub key: String,
    /// The key of the account's progress (`"scope": "account"` steps), with an account.
    pub account_key: Option<String>,
    pub(super) waiting: RefCell<Vec<Deferred>>,
    pub(super) outbox: RefCell<Vec<Pending>>,
    /// Set while the outermost frame delivers the outbox.
    pub(super) delivering: Cell<bool>,
    /// Set while a rescue task is scheduled (see [`rescue`]).
    pub(super) rescuing: Cell<bool>,
    /// What `state()` answers after `destroy()`.
    pub last: RefCell<Option<Value>>,
}

pub type Shared = Rc<Live>;

impl Live {
    /// A checklist not yet loaded; or, without `inner`, one for a user whose traits
    /// match no segment, which renders, stores and fires nothing and answers every
    /// method as after `destroy()` (`state()` is then set through `last`).
    pub fn new(
        inner: Option<Inner>,
        host: Host,
        store: Store,
        key: String,
        account_key: Option<String>,
    ) -> Shared {
        Rc::new(Live {
            state: Slot::new(inner),
            host,
            store,
            key,
            account_key,
            waiting: RefCell::default(),
            outbox: RefCell::default(),
            delivering: Cell::new(false),
            rescuing: Cell::new(false),
            last: RefCell::new(None),
        })
    }
}

/// Reads the live state, if mounted and not being changed.
pub fn with<R>(s: &Shared, f: impl FnOnce(&Inner) -> R) -> Option<R> {
    s.state.try_borrow()?.as_ref().map(f)
}

/// Changes the live state, if mounted and not borrowed.
pub fn with_mut<R>(s: &Shared, f: impl FnOnce(&mut Inner) -> R) -> Option<R> {
    s.state.try_borrow_mut()?.as_mut().map(f)
}

/// Whether the checklist is still mounted (`destroy()` not yet run), borrowed or not.
pub fn alive(s: &Shared) -> bool {
    s.state.try_borrow().is_none_or(|g| g.is_some())
}

/// Whether the state is borrowed right now (host code is running under it).
pub fn busy(s: &Shared) -> bool {
    s.state.busy()
}
