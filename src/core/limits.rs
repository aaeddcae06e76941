//! The config's size limits, in one place: the shape check, the match grammar, the rules
//! and the stored snapshot all read them from here (and the JSON Schema is made from the
//! shape tables that use them).

/// Most steps one config may have: enough for any checklist, small enough that
/// a runaway config cannot hang the page.
pub const MAX_STEPS: usize = 10_000;

/// Most segments one config may have.
pub const MAX_SEGMENTS: usize = 200;

/// Most entries in a short list (`requires`, `completeOn`, a `match` set).
pub const MAX_LIST: usize = 100;

/// Most times an event may be counted (every pending occurrence is stored).
pub const MAX_COUNT: u64 = 100;
