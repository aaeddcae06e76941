"""The SQL of `firstvalue report --sql`, run on DuckDB over simulated events, must give the
same figures as the CLI on the same events. Run by `make test` (test-sql)."""
import json, os, subprocess, sys, tempfile

import duckdb

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
cli = ["cargo", "run", "--quiet", "--bin", "firstvalue", "--"]

with tempfile.TemporaryDirectory() as tmp:
    events = os.path.join(tmp, "events.jsonl")
    with open(events, "wb") as f:
        subprocess.run(cli + ["simulate", "--users", "2000", "--seed", "1"], stdout=f, check=True, cwd=root)
    report = json.loads(subprocess.run(cli + ["report", events, "--format", "json"], capture_output=True,
                                       check=True, cwd=root).stdout)
    sql = subprocess.run(cli + ["report", "--sql"], capture_output=True, check=True, cwd=root, text=True).stdout
    db = duckdb.connect()
    db.execute(f"""
      CREATE TABLE events AS SELECT type, "checklistId" AS checklist_id, segment, "userId" AS user_id,
        CAST("at" AS BIGINT) AS at_ms, CAST("startedAt" AS BIGINT) AS started_at, CAST("ttfvMs" AS BIGINT) AS ttfv_ms,
        CAST("goalMs" AS BIGINT) AS goal_ms, "stepId" AS step_id, source, CAST("elapsedMs" AS BIGINT) AS elapsed_ms
      FROM read_json('{events}', format = 'newline_delimited', columns = {{
        type: 'VARCHAR', checklistId: 'VARCHAR', segment: 'VARCHAR', userId: 'VARCHAR', "at": 'DOUBLE',
        startedAt: 'DOUBLE', ttfvMs: 'DOUBLE', goalMs: 'DOUBLE', stepId: 'VARCHAR', source: 'VARCHAR',
        elapsedMs: 'DOUBLE'}})""")
    def query(text):
        cur = db.execute(text)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    # report.sql holds two queries: the per-segment figures, then the step funnel.
    segment_sql, funnel_sql = [q for q in sql.split(";") if q.strip() and "SELECT" in q]
    rows = query(segment_sql)
    funnel_rows = query(funnel_sql)

cli_rows = {(g["checklistId"], g["segment"]): g for g in report["groups"]}
fields = [("goal_ms", lambda g: g["goalMs"])] + [
    (k, (lambda key: lambda g: g["users"][key])(c))
    for k, c in [("started", "started"), ("reached", "reached"), ("within_goal", "withinGoal"),
                 ("goal_missed", "goalMissed"), ("still_open", "stillOpen"), ("dismissed", "dismissed")]
] + [(f"ttfv_{q}_ms", (lambda q: lambda g: g["ttfvMs"][q])(q)) for q in ("median", "p75", "p90")]
problems = []
assert len(rows) == len(cli_rows), (len(rows), list(cli_rows))
for r in rows:
    g = cli_rows[(r["checklist_id"], r["segment"])]
    for name, pick in fields:
        a, b = r[name], pick(g)
        if (None if a is None else int(a)) != b:
            problems.append(f"{r['segment']}.{name}: SQL {a} != CLI {b}")
steps_checked = 0
for r in funnel_rows:
    g = cli_rows[(r["checklist_id"], r["segment"])]
    step = next(s for s in g["funnel"] if s["stepId"] == r["step_id"])
    for name, key in [("completed", "completed"), ("skipped", "skipped"), ("median_ms", "medianMs")]:
        a, b = r[name], step[key]
        if (None if a is None else int(a)) != b:
            problems.append(f"{r['segment']}.{r['step_id']}.{name}: SQL {a} != CLI {b}")
    steps_checked += 1
if problems:
    print("SQL and CLI disagree:\n  " + "\n  ".join(problems))
    sys.exit(1)
print(f"SQL (DuckDB {duckdb.__version__}) and CLI agree on {len(rows)} segments x {len(fields)} figures "
      f"and {steps_checked} funnel steps x 3 figures over {report['input']['used']} simulated events")
