//! Stored state in and out: saving, reading what other tabs and checklists wrote,
//! and keeping the good copy when someone writes garbage over it. What is read is
//! merged by the loop (`dispatch::merge_text`); other tabs are heard in `tabs`.

use super::fault::Fault;
use super::live::{with, with_mut, Inner, Shared};
use super::storage::Store;
use crate::core::snapshot::{DecodeError, Progress, MAX_UNKNOWN};
use wasm_bindgen::prelude::*;

/// Where stored text came from, for the fault messages.
#[derive(Clone, Copy, PartialEq)]
pub enum Origin {
    /// The initial load.
    Load,
    /// Another tab or checklist (a `storage` event, a BroadcastChannel message, a catch-up read).
    OtherTab,
}

/// Before a local input: what localStorage holds that changed since this checklist
/// last read or wrote it (another tab whose `storage` event is still on its way, or
/// another checklist of the same user on this page, which gets none), with whether it is
/// the account's, each given to `merge` (`dispatch::merge_text`).
pub fn changed(s: &Shared, mut merge: impl FnMut(&str, bool)) {
    if !s.store.is_local() || with(s, |i| i.loaded && i.writable) != Some(true) {
        return;
    }
    for account in [false, true] {
        let Some(key) = key_of(s, account) else {
            continue;
        };
        // Read outside any borrow: a host may have patched `Storage.prototype.getItem`.
        // Compared as JS strings: the text crosses into the wasm only when it changed.
        let Ok(stored) = s.store.load_js(key) else {
            continue;
        };
        let fresh = with(s, |i| {
            let seen = if account { &i.account_seen } else { &i.seen };
            seen.as_ref() != Some(&stored)
        });
        if fresh == Some(true) {
            if let Ok(Some(text)) = super::storage::text(&stored) {
                merge(&text, account);
            }
        }
    }
}

/// The storage key of the user's progress, or of the account's.
pub fn key_of(s: &Shared, account: bool) -> Option<&str> {
    if account {
        s.account_key.as_deref()
    } else {
        Some(&s.key)
    }
}

fn seen(i: &mut Inner, account: bool) -> &mut Option<JsValue> {
    if account {
        &mut i.account_seen
    } else {
        &mut i.seen
    }
}

/// Saves `text` (the user's progress, or the account's), tells other tabs that use a
/// host adapter, and remembers it as seen.
pub fn save(s: &Shared, text: &str, account: bool) {
    let Some(key) = key_of(s, account) else {
        return;
    };
    let text = JsValue::from_str(text);
    match s.store.save(key, &text) {
        Ok(None) => {}
        Ok(Some(promise)) => {
            let failed = s.clone();
            let on_err = Closure::once_into_js(move |e: JsValue| {
                failed.host.report(&Fault::new(
                    "storage_write_failed",
                    format!("storage.save rejected: {}", super::js::message(&e)),
                ));
            });
            super::js::then(&promise, &JsValue::UNDEFINED, &on_err);
        }
        Err(f) => s.host.report(&f),
    }
    with_mut(s, |i| *seen(i, account) = Some(text.clone()));
    let channel = with(s, |i| {
        if account {
            i.account_channel.clone()
        } else {
            i.channel.clone()
        }
    });
    if let Some(channel) = channel.flatten() {
        let _ = channel.post_message(&text);
    }
}

/// Saves this checklist's state again (after someone stored something unreadable).
pub fn write_back(s: &Shared, account: bool) {
    let text = with(s, |i| {
        let p = if account {
            i.engine.account()
        } else {
            Some(i.engine.progress())
        };
        p.filter(|_| i.loaded && i.writable).map(|p| p.to_text())
    });
    if let Some(Some(text)) = text {
        save(s, &text, account);
    }
}

/// Reads stored text from any origin: remembers it as seen, reports what cannot be
/// used, and returns the progress to merge, with whether the text was damaged. Whatever
/// can still be read is kept (`Progress::salvage`); damaged text is first copied to
/// `<key>#corrupt` for the host to inspect, so writing good state over it loses nothing.
/// A snapshot from a newer format stops this page from writing, whenever it appears,
/// so it is never overwritten.
pub fn absorb(s: &Shared, text: &str, origin: Origin, account: bool) -> Option<(Progress, bool)> {
    with_mut(s, |i| *seen(i, account) = Some(JsValue::from_str(text)));
    let read = Progress::salvage(text, super::js::now());
    let damaged = !read.problems.is_empty();
    let mut m = String::new();
    if damaged {
        let mut copy = key_of(s, account).unwrap_or_default().to_string();
        copy.push_str("#corrupt");
        let kept = s.store.save(&copy, &JsValue::from_str(text));
        m.push_str(prose!("stored progress was damaged: "));
        for p in &read.problems {
            m.push_str(p);
            m.push_str(prose!("; "));
        }
        match kept {
            Ok(_) => {
                m.push_str(prose!("the text is kept under \""));
                m.push_str(prose!(&copy));
                m.push_str(prose!("\"; "));
            }
            // No copy (a full quota, a refusing adapter): then nothing may write over the
            // damaged text, whose unreadable parts would be lost; this page works in memory.
            Err(f) => {
                with_mut(s, |i| i.writable = false);
                m.push_str(prose!("no copy could be stored ("));
                m.push_str(prose!(&f.message));
                m.push_str(prose!(
                    "); it is kept as is and this page works in memory; "
                ));
            }
        }
    }
    match read.progress {
        Ok(mut p) => {
            if damaged {
                m.push_str(prose!("what could be read is kept"));
                s.host.report(&Fault::new("storage_corrupt", m));
            }
            let dropped = with(s, |i| p.steps.prune(|id| i.engine.knows(id), MAX_UNKNOWN));
            let pruned = dropped.is_some_and(|n| n > 0);
            if pruned && !keep_pruned(s, text, &p, account, dropped.unwrap_or(0)) {
                // No copy: nothing is dropped after all.
                p = Progress::salvage(text, super::js::now()).progress.ok()?;
            }
            return Some((p, damaged || pruned));
        }
        Err(DecodeError::Newer(v)) => {
            let first = with_mut(s, |i| std::mem::replace(&mut i.writable, false)).unwrap_or(false);
            if !first {
                return None;
            }
            m = crate::prose_string(prose!(format!("stored progress is from a newer firstvalue (format {v}); it is kept as is and this page works in memory")));
            s.host.report(&Fault::new("storage_newer", m));
            return None;
        }
        Err(DecodeError::Corrupt(_)) if origin == Origin::Load => {
            m.push_str(prose!("nothing in it could be read; starting fresh"));
        }
        Err(DecodeError::Corrupt(_)) => {
            write_back(s, account);
            m.push_str(prose!(
                "it came from another tab; this tab's progress was written back"
            ));
        }
    }
    s.host.report(&Fault::new("storage_corrupt", m));
    None
}

/// Keeps the whole text under `<key>#pruned` and says so through `onError`; false when
/// it could not be kept (nothing is dropped then). Web Storage first gets the pruned state
/// under the key, which frees the room the copy needs (a 3.6 MB snapshot and its copy do
/// not both fit in a 5 MB quota), and the original back if the copy still fails.
fn keep_pruned(s: &Shared, text: &str, p: &Progress, account: bool, dropped: usize) -> bool {
    let Some(key) = key_of(s, account) else {
        return false;
    };
    let mut copy = key.to_string();
    copy.push_str("#pruned");
    // Nothing is saved from memory, or from a page that must not write: all is kept.
    if s.store.is_memory() || with(s, |i| i.writable) != Some(true) {
        return false;
    }
    let original = JsValue::from_str(text);
    let web = matches!(s.store, Store::Web(..));
    if web {
        let _ = s.store.save(key, &JsValue::from_str(&p.to_text()));
    }
    let kept = s.store.save(&copy, &original);
    if kept.is_err() && web {
        let _ = s.store.save(key, &original);
    }
    // Of the finished steps this config does not know, the 1000 most recent are kept.
    let m = prose!(match &kept {
        Ok(_) => format!("the {dropped} oldest finished steps this config does not know were dropped (the 1000 most recent are kept); the text is kept under \"{copy}\""),
        Err(f) => format!("over 1000 finished steps this config does not know are all kept: no copy could be stored ({})", f.message),
    });
    s.host.report(&Fault::new("storage_pruned", m));
    kept.is_ok()
}
