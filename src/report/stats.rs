//! The statistics: nearest-rank percentiles, the Kaplan–Meier estimate with its Greenwood
//! log-log band, the log-rank test, Newcombe's interval of a difference of proportions, the
//! sample-ratio chi-squared test and a seeded bootstrap of a ratio of medians. The survival
//! figures agree with lifelines (`tests/host/survival.rs`).

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
    let mut survive = 1.0;
    event_times(obs)
        .into_iter()
        .map(|(t, reached, at_risk)| {
            survive *= 1.0 - reached / at_risk;
            (t, 1.0 - survive)
        })
        .collect()
}

/// Each distinct time at which someone reached first value, with how many did then and how
/// many were still at risk just before: the steps both Kaplan–Meier estimates take. At a tie,
/// the reached are counted before the censored leave the risk set.
fn event_times(obs: &[Obs]) -> Vec<(u64, f64, f64)> {
    let mut sorted = obs.to_vec();
    // Reached before censored at the same time: `true` sorts after `false`, so reverse it.
    sorted.sort_by_key(|o| (o.time, !o.reached));
    let mut at_risk = sorted.len() as f64;
    let mut out = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let t = sorted[i].time;
        let (mut reached, mut gone) = (0.0, 0.0);
        while i < sorted.len() && sorted[i].time == t {
            reached += f64::from(u8::from(sorted[i].reached));
            gone += 1.0;
            i += 1;
        }
        if reached > 0.0 {
            out.push((t, reached, at_risk));
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

/// A point of the Kaplan–Meier estimate with its confidence band: the share that reached
/// first value by `time`, and the band's `low` and `high` shares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KmPoint {
    /// Milliseconds from the start: a time at which someone reached first value.
    pub time: u64,
    /// The estimated share that reached it by then.
    pub share: f64,
    /// The band's lower share.
    pub low: f64,
    /// The band's upper share.
    pub high: f64,
}

/// The standard normal quantile for a two-sided `level` (0.95: 1.959964…).
fn z_of(level: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    Normal::standard().inverse_cdf(0.5 + level / 2.0)
}

/// [`kaplan_meier`] with its pointwise `level` confidence band: Greenwood's variance of the
/// survival estimate S, on the log(−log S) scale (so the band stays within 0 and 1), as
/// lifelines and R's `survfit(conf.type = "log-log")` compute it. Where everyone observed
/// has reached first value (S = 0), the band closes at 1.
///
/// ```
/// use firstvalue::report::stats::{kaplan_meier_band, Obs};
/// let obs: Vec<Obs> = [(1, true), (2, false), (3, true), (4, true), (5, false), (6, true)]
///     .iter().map(|&(time, reached)| Obs { time, reached }).collect();
/// let km = kaplan_meier_band(&obs, 0.95);
/// assert_eq!(km.len(), 4);
/// assert!((km[0].share - 1.0 / 6.0).abs() < 1e-12);
/// assert!(km.iter().all(|p| p.low <= p.share && p.share <= p.high));
/// ```
pub fn kaplan_meier_band(obs: &[Obs], level: f64) -> Vec<KmPoint> {
    let z = z_of(level);
    let (mut survive, mut greenwood) = (1.0_f64, 0.0_f64);
    event_times(obs)
        .into_iter()
        .map(|(t, reached, at_risk)| {
            survive *= 1.0 - reached / at_risk;
            if at_risk > reached {
                greenwood += reached / (at_risk * (at_risk - reached));
            }
            let (low, high) = if survive <= 0.0 {
                (1.0, 1.0)
            } else {
                // Bounds of S: exp(−exp(log(−log S) ± z·√G / log S)).
                let v = survive.ln();
                let s_a = (-(((-v).ln() - z * greenwood.sqrt() / v).exp())).exp();
                let s_b = (-(((-v).ln() + z * greenwood.sqrt() / v).exp())).exp();
                (1.0 - s_a.max(s_b), 1.0 - s_a.min(s_b))
            };
            KmPoint {
                time: t,
                share: 1.0 - survive,
                low,
                high,
            }
        })
        .collect()
}

/// The log-rank test of two groups' times to first value: the p-value of the chi-squared
/// statistic (one degree of freedom) comparing the reached counts with those expected if
/// both groups shared one curve, with the hypergeometric variance (ties included), as
/// lifelines' `logrank_test` and R's `survdiff` compute it. `None` when nobody reached it.
///
/// ```
/// use firstvalue::report::stats::{log_rank, Obs};
/// let a: Vec<Obs> = (1..=20).map(|t| Obs { time: t, reached: true }).collect();
/// let b: Vec<Obs> = (1..=20).map(|t| Obs { time: t * 3, reached: true }).collect();
/// assert!(log_rank(&a, &b).unwrap() < 0.01);
/// assert!((log_rank(&a, &a).unwrap() - 1.0).abs() < 1e-12);
/// ```
pub fn log_rank(a: &[Obs], b: &[Obs]) -> Option<f64> {
    use statrs::distribution::{ChiSquared, ContinuousCDF};
    let mut all: Vec<(u64, bool, bool)> = a.iter().map(|o| (o.time, o.reached, true)).collect();
    all.extend(b.iter().map(|o| (o.time, o.reached, false)));
    all.sort_by_key(|&(t, reached, _)| (t, !reached));
    let (mut n_a, mut n) = (a.len() as f64, all.len() as f64);
    let (mut observed, mut expected, mut variance) = (0.0, 0.0, 0.0);
    let mut i = 0;
    while i < all.len() {
        let t = all[i].0;
        let (mut d, mut d_a, mut gone, mut gone_a) = (0.0, 0.0, 0.0, 0.0);
        while i < all.len() && all[i].0 == t {
            let (_, reached, in_a) = all[i];
            if reached {
                d += 1.0;
                if in_a {
                    d_a += 1.0;
                }
            }
            gone += 1.0;
            if in_a {
                gone_a += 1.0;
            }
            i += 1;
        }
        if d > 0.0 {
            observed += d_a;
            expected += d * n_a / n;
            if n > 1.0 {
                variance += d * (n_a / n) * (1.0 - n_a / n) * (n - d) / (n - 1.0);
            }
        }
        n -= gone;
        n_a -= gone_a;
    }
    if variance <= 0.0 {
        return (observed > 0.0 || expected > 0.0).then_some(1.0);
    }
    let statistic = (observed - expected).powi(2) / variance;
    Some(1.0 - ChiSquared::new(1.0).ok()?.cdf(statistic))
}

/// The difference `x1/n1 − x2/n2` of two proportions with its `level` interval by
/// Newcombe's hybrid score method (his method 10: from the two Wilson score intervals),
/// which stays inside [−1, 1] and keeps its coverage for small groups and shares near 0
/// or 1, where the textbook (Wald) interval does not. `None` for an empty group.
///
/// ```
/// use firstvalue::report::stats::proportion_difference;
/// // Newcombe (1998), example (a): 56/70 against 48/80.
/// let (d, low, high) = proportion_difference(56, 70, 48, 80, 0.95).unwrap();
/// assert!((d - 0.2).abs() < 1e-12);
/// assert!((low - 0.0524).abs() < 5e-4 && (high - 0.3339).abs() < 5e-4);
/// ```
pub fn proportion_difference(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    level: f64,
) -> Option<(f64, f64, f64)> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let z = z_of(level);
    let wilson = |x: u64, n: u64| {
        let (p, n) = (x as f64 / n as f64, n as f64);
        let centre = p + z * z / (2.0 * n);
        let spread = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
        let scale = 1.0 + z * z / n;
        (p, (centre - spread) / scale, (centre + spread) / scale)
    };
    let (p1, l1, u1) = wilson(x1, n1);
    let (p2, l2, u2) = wilson(x2, n2);
    let d = p1 - p2;
    let low = d - ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt();
    let high = d + ((u1 - p1).powi(2) + (p2 - l2).powi(2)).sqrt();
    Some((d, low, high))
}

/// The sample-ratio-mismatch check: the p-value of Pearson's chi-squared test of the
/// `counts` users each arm got against the shares its `weights` promise (k − 1 degrees of
/// freedom). A tiny p (below 0.001) means assignment is not working as configured.
///
/// ```
/// use firstvalue::report::stats::sample_ratio_p;
/// assert!(sample_ratio_p(&[500, 500], &[1.0, 1.0]).unwrap() > 0.99);
/// assert!(sample_ratio_p(&[600, 400], &[1.0, 1.0]).unwrap() < 0.001);
/// ```
pub fn sample_ratio_p(counts: &[u64], weights: &[f64]) -> Option<f64> {
    use statrs::distribution::{ChiSquared, ContinuousCDF};
    let total: f64 = counts.iter().map(|&c| c as f64).sum();
    let weight: f64 = weights.iter().sum();
    if counts.len() < 2 || counts.len() != weights.len() || total == 0.0 || weight <= 0.0 {
        return None;
    }
    let statistic: f64 = counts
        .iter()
        .zip(weights)
        .map(|(&c, &w)| {
            let expected = total * w / weight;
            (c as f64 - expected).powi(2) / expected
        })
        .sum();
    Some(
        1.0 - ChiSquared::new((counts.len() - 1) as f64)
            .ok()?
            .cdf(statistic),
    )
}

/// The ratio of two groups' Kaplan–Meier median times (`a` over `b`) with a percentile
/// bootstrap interval: `rounds` resamples of each group with replacement, drawn from a
/// ChaCha generator seeded with `seed` (the same inputs and seed give the same interval).
/// Resamples in which either median is not reached are left out; `None` when the medians
/// themselves are not, or fewer than half the resamples give a ratio.
///
/// ```
/// use firstvalue::report::stats::{median_ratio, Obs};
/// let a: Vec<Obs> = (1..=200).map(|t| Obs { time: t * 6, reached: true }).collect();
/// let b: Vec<Obs> = (1..=200).map(|t| Obs { time: t * 10, reached: true }).collect();
/// let (ratio, low, high) = median_ratio(&a, &b, 0.95, 1000, 7).unwrap();
/// assert!((ratio - 0.6).abs() < 1e-9);
/// assert!(low < 0.6 && 0.6 < high && high < 0.8);
/// assert_eq!(median_ratio(&a, &b, 0.95, 1000, 7), median_ratio(&a, &b, 0.95, 1000, 7));
/// ```
pub fn median_ratio(
    a: &[Obs],
    b: &[Obs],
    level: f64,
    rounds: usize,
    seed: u64,
) -> Option<(f64, f64, f64)> {
    use rand::{Rng, SeedableRng};
    let median = |obs: &[Obs]| km_time(&kaplan_meier(obs), 0.5).map(|t| t as f64);
    let ratio = median(a)? / median(b)?;
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut draw = |obs: &[Obs]| -> Vec<Obs> {
        (0..obs.len())
            .map(|_| obs[rng.random_range(0..obs.len())])
            .collect()
    };
    let mut ratios: Vec<f64> = (0..rounds)
        .filter_map(|_| {
            let (ra, rb) = (draw(a), draw(b));
            Some(median(&ra)? / median(&rb)?)
        })
        .collect();
    if ratios.len() * 2 < rounds {
        return None;
    }
    ratios.sort_by(f64::total_cmp);
    let at =
        |q: f64| ratios[((q * (ratios.len() - 1) as f64).round() as usize).min(ratios.len() - 1)];
    Some((
        ratio,
        at((1.0 - level) / 2.0),
        at(1.0 - (1.0 - level) / 2.0),
    ))
}
