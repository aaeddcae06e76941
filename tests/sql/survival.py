"""The report's survival statistics against an independent implementation, Python's lifelines:
on seeded datasets (ties, censoring, a real effect and none), lifelines computes the
Kaplan-Meier estimate, its Greenwood log-log 95% band, the median and the log-rank p-value,
and scipy the sample-ratio chi-squared p-value. The datasets and those figures are the
fixture tests/host/lifelines.json, which the host test `stats_agree_with_lifelines` checks
src/report/stats.rs against (1e-6; p-values 1e-4). Run by `make test` (test-sql): it fails if
the committed fixture is not what lifelines computes today. `--write` rewrites it."""
import json, os, sys

import numpy as np
from lifelines import KaplanMeierFitter
from lifelines.statistics import logrank_test
from scipy.stats import chisquare

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
fixture = os.path.join(root, "tests", "host", "lifelines.json")


def group(rng, n, scale, censor_after):
    """n users: a time to first value (whole minutes, so ties happen), censored after a
    horizon drawn per user."""
    t = np.ceil(rng.exponential(scale, n)).astype(int)
    c = np.ceil(rng.uniform(0.2, 1.0, n) * censor_after).astype(int)
    reached = t <= c
    return [[int(min(a, b)), bool(r)] for a, b, r in zip(t, c, reached)]


def km(obs):
    f = KaplanMeierFitter().fit([o[0] for o in obs], [o[1] for o in obs], alpha=0.05)
    s = f.survival_function_["KM_estimate"]
    ci = f.confidence_interval_survival_function_
    events = sorted({o[0] for o in obs if o[1]})
    points = []
    for t in events:
        share = 1.0 - float(s.loc[t])
        lo_s, hi_s = float(ci.iloc[:, 0].loc[t]), float(ci.iloc[:, 1].loc[t])
        if np.isnan(lo_s):  # everyone observed reached it: the band closes
            lo_s = hi_s = 0.0
        points.append([t, share, 1.0 - max(lo_s, hi_s), 1.0 - min(lo_s, hi_s)])
    median = f.median_survival_time_
    return {"points": points, "median": None if np.isinf(median) else float(median)}


def build():
    rng = np.random.default_rng(20261208)
    cases = []
    for name, (na, sa, nb, sb, horizon) in {
        "effect": (400, 600, 400, 1000, 2400),
        "same_distribution": (300, 800, 300, 800, 2000),
        "small_heavy_censoring": (40, 900, 35, 700, 600),
    }.items():
        a, b = group(rng, na, sa, horizon), group(rng, nb, sb, horizon)
        p = logrank_test([o[0] for o in a], [o[0] for o in b], [o[1] for o in a], [o[1] for o in b]).p_value
        cases.append({"name": name, "a": a, "b": b, "km_a": km(a), "km_b": km(b), "log_rank_p": float(p)})
    counts, weights = [1040, 4410, 4550], [10.0, 45.0, 45.0]
    srm = float(chisquare(counts, np.array(weights) / sum(weights) * sum(counts)).pvalue)
    return {"lifelines": "0.30.3", "cases": cases, "sample_ratio": {"counts": counts, "weights": weights, "p": srm}}


def close(x, y, tol):
    if isinstance(x, list):
        return len(x) == len(y) and all(close(a, b, tol) for a, b in zip(x, y))
    if isinstance(x, dict):
        return x.keys() == y.keys() and all(close(x[k], y[k], tol) for k in x)
    if isinstance(x, float) or isinstance(y, float):
        return x is not None and y is not None and abs(x - y) <= tol
    return x == y


fresh = build()
if "--write" in sys.argv:
    with open(fixture, "w") as f:
        json.dump(fresh, f, separators=(",", ":"))
        f.write("\n")
    print(f"lifelines: wrote {fixture}")
else:
    with open(fixture) as f:
        committed = json.load(f)
    if not close(fresh, committed, 1e-9):
        sys.exit("lifelines: tests/host/lifelines.json is not what lifelines computes: run python3 tests/sql/survival.py --write")
    print(f"lifelines: the fixture agrees with lifelines {fresh['lifelines']} ({len(fresh['cases'])} datasets)")
