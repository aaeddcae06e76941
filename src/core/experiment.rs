//! Experiments (issue 25): which arm of an experiment a user is in.
//!
//! Assignment is a pure function of the experiment's id and the user's id, so every device
//! and tab puts a user in the same arm with nothing stored, and a server can compute it too.
//! The pair is hashed (64-bit FNV-1a over `experiment id`, a 0 byte, `user id`, then
//! SplitMix64's finaliser so that ids differing in one character land far apart) to a
//! number in [0, 1), and the arms take consecutive slices of [0, 1) in proportion to their
//! weights. What is stored once a user was exposed (so a later change of weights does not
//! move them) is the runtime's part, not this one's.

/// The user's point in [0, 1) for `experiment`: uniform over users, the same everywhere.
///
/// ```
/// use firstvalue::core::experiment::bucket;
/// assert_eq!(bucket("team-2026-12", "u_42"), bucket("team-2026-12", "u_42"));
/// assert_ne!(bucket("team-2026-12", "u_42"), bucket("team-2027-01", "u_42"));
/// assert!((0.0..1.0).contains(&bucket("x", "")));
/// ```
pub fn bucket(experiment: &str, user: &str) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in experiment
        .as_bytes()
        .iter()
        .chain(&[0])
        .chain(user.as_bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // SplitMix64's finaliser: every input bit reaches every output bit.
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    // The top 53 bits: every value is a distinct double in [0, 1).
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// The arm `user` is in: the index into `weights` (each > 0, as the config requires) whose
/// slice of [0, 1) holds the user's [`bucket`]. `None` without a positive weight.
///
/// ```
/// use firstvalue::core::experiment::assign;
/// let arm = assign("team-2026-12", "u_42", &[10.0, 45.0, 45.0]).unwrap();
/// assert!(arm < 3);
/// assert_eq!(assign("team-2026-12", "u_42", &[10.0, 45.0, 45.0]), Some(arm));
/// assert_eq!(assign("team-2026-12", "u_42", &[1.0]), Some(0));
/// assert_eq!(assign("team-2026-12", "u_42", &[]), None);
/// ```
pub fn assign(experiment: &str, user: &str, weights: &[f64]) -> Option<usize> {
    let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    if total <= 0.0 {
        return None;
    }
    let point = bucket(experiment, user) * total;
    let mut upto = 0.0;
    let mut last = None;
    for (i, &w) in weights.iter().enumerate() {
        if w <= 0.0 {
            continue;
        }
        upto += w;
        last = Some(i);
        if point < upto {
            return Some(i);
        }
    }
    last // rounding at the very top of [0, 1)
}
