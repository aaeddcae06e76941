//! The statistics: nearest-rank percentiles and the Kaplan–Meier estimate.

/// The `p` percentile of `sorted` by nearest rank (the SQL `PERCENTILE_DISC`): the
/// smallest value with at least `p` of the values at or below it.
///
/// ```
/// use firstvalue::report::stats::percentile;
/// assert_eq!(percentile(&[10, 20, 30, 40], 0.5), Some(20));
/// assert_eq!(percentile(&[10, 20, 30, 40], 0.75), Some(30));
/// assert_eq!(percentile(&[10, 20, 30, 40], 0.9), Some(40));
/// assert_eq!(percentile(&[], 0.5), None);
/// ```
pub fn percentile(sorted: &[u64], p: f64) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// One observation: the time until first value, or until the user was last observed
/// without it (censored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Obs {
    /// Milliseconds from the start.
    pub time: u64,
    /// Whether first value was reached at `time` (false: censored then).
    pub reached: bool,
}

/// The Kaplan–Meier estimate of the share of users who reached first value by time t:
/// one point `(t, share)` per distinct time at which someone reached it. A user not
/// (yet) there counts while observed and leaves the risk set when censored, rather than
/// being dropped; at a tie, the reached are counted before the censored leave.
///
/// ```
/// use firstvalue::report::stats::{kaplan_meier, Obs};
/// // Four users: reached at 1 and 3; censored at 2 and 4.
/// let obs = [Obs { time: 1, reached: true }, Obs { time: 2, reached: false },
///            Obs { time: 3, reached: true }, Obs { time: 4, reached: false }];
/// let km = kaplan_meier(&obs);
/// assert_eq!(km[0], (1, 0.25));
/// assert_eq!(km[1], (3, 1.0 - 0.75 * 0.5));
/// ```
pub fn kaplan_meier(obs: &[Obs]) -> Vec<(u64, f64)> {
    let mut sorted = obs.to_vec();
    // Reached before censored at the same time: `true` sorts after `false`, so reverse it.
    sorted.sort_by_key(|o| (o.time, !o.reached));
    let mut at_risk = sorted.len() as f64;
    let mut survive = 1.0;
    let mut out = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let t = sorted[i].time;
        let (mut reached, mut gone) = (0.0, 0.0);
        while i < sorted.len() && sorted[i].time == t {
            if sorted[i].reached {
                reached += 1.0;
            }
            gone += 1.0;
            i += 1;
        }
        if reached > 0.0 {
            survive *= 1.0 - reached / at_risk;
            out.push((t, 1.0 - survive));
        }
        at_risk -= gone;
    }
    out
}

/// The first time the estimated share reaches `share` (0.5: the Kaplan–Meier median).
pub fn km_time(curve: &[(u64, f64)], share: f64) -> Option<u64> {
    curve
        .iter()
        .find(|(_, s)| *s >= share - 1e-12)
        .map(|(t, _)| *t)
}
