//! [`Slot`]: a `RefCell` whose borrow a new task can take back.
//!
//! A host exception thrown through the wasm (a patched DOM setter, a monitoring SDK's
//! wrapper, a throwing prototype accessor called while the state is borrowed) unwinds
//! the wasm stack without running Rust's destructors: the build aborts on panic, so
//! nothing unwinds in Rust. A `RefCell`'s guard is then never dropped and the state
//! stays borrowed for good: every later call waits for a borrow that no frame will
//! release. No frame spans two tasks, so a borrow still held when a new task starts is
//! stale by definition: [`Slot::reclaim`], called first thing in such a task
//! (`dispatch::rescue`), releases it.

use std::cell::{Cell, UnsafeCell};
use std::ops::{Deref, DerefMut};

/// A value with dynamically checked borrows, like `RefCell`, plus [`Slot::reclaim`].
pub struct Slot<T> {
    /// 0: free; n > 0: n shared borrows; -1: borrowed mutably.
    borrows: Cell<isize>,
    value: UnsafeCell<T>,
}

/// A shared borrow; released when dropped.
pub struct Ref<'a, T>(&'a Slot<T>);

/// A mutable borrow; released when dropped.
pub struct RefMut<'a, T>(&'a Slot<T>);

impl<T> Slot<T> {
    /// A free slot holding `value`.
    pub fn new(value: T) -> Slot<T> {
        Slot {
            borrows: Cell::new(0),
            value: UnsafeCell::new(value),
        }
    }

    /// A shared borrow, unless it is borrowed mutably.
    pub fn try_borrow(&self) -> Option<Ref<'_, T>> {
        let n = self.borrows.get();
        (n >= 0).then(|| {
            self.borrows.set(n + 1);
            Ref(self)
        })
    }

    /// The one mutable borrow, unless it is borrowed at all.
    pub fn try_borrow_mut(&self) -> Option<RefMut<'_, T>> {
        (self.borrows.get() == 0).then(|| {
            self.borrows.set(-1);
            RefMut(self)
        })
    }

    /// Whether any borrow is held.
    pub fn busy(&self) -> bool {
        self.borrows.get() != 0
    }

    /// Releases every borrow. Only in a new task, before anything borrows: no guard
    /// alive then can be anything but the leftover of a frame an exception unwound.
    pub fn reclaim(&self) {
        self.borrows.set(0);
    }
}

impl<T> Deref for Ref<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: a shared borrow is counted, so no `RefMut` exists (`reclaim` runs only
        // when no frame holding a guard is alive).
        unsafe { &*self.0.value.get() }
    }
}

impl<T> Drop for Ref<'_, T> {
    fn drop(&mut self) {
        let n = self.0.borrows.get();
        self.0.borrows.set(if n > 0 { n - 1 } else { 0 });
    }
}

impl<T> Deref for RefMut<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: this is the only borrow (see `try_borrow_mut`).
        unsafe { &*self.0.value.get() }
    }
}

impl<T> DerefMut for RefMut<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: this is the only borrow (see `try_borrow_mut`).
        unsafe { &mut *self.0.value.get() }
    }
}

impl<T> Drop for RefMut<'_, T> {
    fn drop(&mut self) {
        self.0.borrows.set(0);
    }
}
