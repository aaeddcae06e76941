//! Other tabs: the `storage` event for localStorage, a BroadcastChannel per key for a
//! host adapter; what they stored is merged (`dispatch::merge_text`).

use super::dispatch::merge_text;
use super::live::Shared;
use super::persist::key_of;
use super::storage::Store;
use gloo_events::EventListener;
use wasm_bindgen::JsCast;

/// Listens for other tabs: the `storage` event for localStorage, a BroadcastChannel
/// per key for a host adapter. Session and memory storage are this tab's alone.
pub fn listen(s: &Shared) -> (Vec<EventListener>, [Option<web_sys::BroadcastChannel>; 2]) {
    let mut listeners = Vec::new();
    let mut channels = [None, None];
    if s.store.is_local() {
        let live = s.clone();
        listeners.push(EventListener::new(
            &super::js::window(),
            "storage",
            move |event| {
                // A `storage` event; a synthetic one without `key` is ignored below.
                let e = event.unchecked_ref::<web_sys::StorageEvent>();
                let key = e.key();
                let account = match key.as_deref() {
                    Some(k) if k == live.key => false,
                    Some(k) if Some(k) == live.account_key.as_deref() => true,
                    _ => return,
                };
                if let Some(text) = e.new_value() {
                    merge_text(&live, &text, account);
                }
            },
        ));
    }
    if matches!(s.store, Store::Host(..)) {
        for (n, account) in [false, true].into_iter().enumerate() {
            let Some(key) = key_of(s, account) else {
                continue;
            };
            if let Ok(ch) = web_sys::BroadcastChannel::new(key) {
                let live = s.clone();
                listeners.push(EventListener::new(&ch, "message", move |event| {
                    // A `message` event: `data` is read as a property, whatever the event.
                    let data = event.unchecked_ref::<web_sys::MessageEvent>().data();
                    if let Some(text) = data.as_string() {
                        merge_text(&live, &text, account);
                    }
                }));
                channels[n] = Some(ch);
            }
        }
    }
    (listeners, channels)
}
