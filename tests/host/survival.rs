//! The report's survival statistics (`src/report/stats.rs`) against lifelines: the fixture
//! `lifelines.json` holds seeded datasets and what lifelines 0.30.3 (and scipy) computes on
//! them; `make test` checks the fixture against lifelines itself (`tests/sql/survival.py`).
use firstvalue::report::stats::{
    kaplan_meier, kaplan_meier_band, km_time, log_rank, sample_ratio_p, Obs,
};
use serde_json::Value;

fn obs(v: &Value) -> Vec<Obs> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|o| Obs {
            time: o[0].as_u64().unwrap(),
            reached: o[1].as_bool().unwrap(),
        })
        .collect()
}

fn close(what: &str, ours: f64, theirs: f64, tol: f64) {
    assert!(
        (ours - theirs).abs() <= tol,
        "{what}: ours {ours}, lifelines {theirs}"
    );
}

#[test]
fn stats_agree_with_lifelines() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/host/lifelines.json"
    ))
    .unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    let mut points = 0;
    for case in fixture["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let (a, b) = (obs(&case["a"]), obs(&case["b"]));
        for (group, km) in [(&a, &case["km_a"]), (&b, &case["km_b"])] {
            let ours = kaplan_meier_band(group, 0.95);
            let theirs = km["points"].as_array().unwrap();
            assert_eq!(ours.len(), theirs.len(), "{name}: the curve's points");
            for (p, t) in ours.iter().zip(theirs) {
                assert_eq!(p.time, t[0].as_u64().unwrap(), "{name}: a point's time");
                close(
                    &format!("{name} t={} share", p.time),
                    p.share,
                    t[1].as_f64().unwrap(),
                    1e-6,
                );
                close(
                    &format!("{name} t={} low", p.time),
                    p.low,
                    t[2].as_f64().unwrap(),
                    1e-6,
                );
                close(
                    &format!("{name} t={} high", p.time),
                    p.high,
                    t[3].as_f64().unwrap(),
                    1e-6,
                );
                points += 1;
            }
            let median = km_time(&kaplan_meier(group), 0.5).map(|t| t as f64);
            assert_eq!(median, km["median"].as_f64(), "{name}: the median");
        }
        close(
            &format!("{name} log-rank p"),
            log_rank(&a, &b).unwrap(),
            case["log_rank_p"].as_f64().unwrap(),
            1e-4,
        );
    }
    let srm = &fixture["sample_ratio"];
    let counts: Vec<u64> = serde_json::from_value(srm["counts"].clone()).unwrap();
    let weights: Vec<f64> = serde_json::from_value(srm["weights"].clone()).unwrap();
    close(
        "sample ratio p",
        sample_ratio_p(&counts, &weights).unwrap(),
        srm["p"].as_f64().unwrap(),
        1e-4,
    );
    assert!(
        points > 500,
        "the fixture exercises the curves: {points} points"
    );
}

/// Seeded groups of `n` users: exponential times to first value with mean `scale` minutes
/// (whole minutes, so ties happen), each censored after a horizon of its own.
fn simulated(rng: &mut rand_chacha::ChaCha8Rng, n: usize, scale: f64) -> Vec<Obs> {
    use rand::Rng;
    (0..n)
        .map(|_| {
            let t = (-scale * (1.0 - rng.random::<f64>()).ln()).ceil() as u64;
            let horizon = (rng.random_range(0.2..1.0) * 3.0 * scale).ceil() as u64;
            Obs {
                time: t.min(horizon),
                reached: t <= horizon,
            }
        })
        .collect()
}

/// An A/A experiment (both arms from one distribution) must be flagged at α = 0.05 about 5%
/// of the time, not more: over 2,000 seeded pairs, the log-rank test's false-positive rate
/// stays within 3.5–6.5%. And a real effect (times 0.6×) is found nearly always.
#[test]
fn the_log_rank_test_holds_its_false_positive_rate_and_finds_a_real_effect() {
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(25);
    // How many of `trials` pairs of 150-user groups (mean times `a` and `b`) the test flags.
    let mut flagged = |trials: usize, a: f64, b: f64| {
        (0..trials)
            .filter(|_| {
                let (x, y) = (simulated(&mut rng, 150, a), simulated(&mut rng, 150, b));
                log_rank(&x, &y).unwrap() < 0.05
            })
            .count()
    };
    let trials = 2000;
    let rate = flagged(trials, 600.0, 600.0) as f64 / trials as f64;
    assert!(
        (0.035..=0.065).contains(&rate),
        "A/A false-positive rate {rate}"
    );
    let found = flagged(200, 360.0, 600.0);
    assert!(found >= 180, "a 0.6x effect found in {found} of 200");
    println!("log-rank at alpha 0.05: A/A false positives {:.1}% of {trials}; 0.6x effect found in {found} of 200", rate * 100.0);
}
