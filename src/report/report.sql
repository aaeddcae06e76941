-- firstvalue report: the per-segment figures of `firstvalue report` as SQL over a table of
-- exported events. `make test` runs it on DuckDB against simulated events and checks it gives
-- the same numbers as the CLI (tests/sql/agree.py).
--
-- The table, one row per event as onEvent delivers it:
--   events(type TEXT, checklist_id TEXT, segment TEXT, user_id TEXT, at_ms BIGINT,
--          started_at BIGINT, ttfv_ms BIGINT, goal_ms BIGINT,
--          step_id TEXT, source TEXT, elapsed_ms BIGINT)
-- Duplicates and disorder need no cleaning: every per-user fact is a MIN or a MAX.
--
-- Written in the SQL that DuckDB, Snowflake and BigQuery share, except one line each:
--   PERCENTILE_DISC(p) WITHIN GROUP (ORDER BY x)   DuckDB, Snowflake (nearest rank)
--   BigQuery: PERCENTILE_DISC(x, p) OVER (PARTITION BY checklist_id, segment) in a subquery,
--             or APPROX_QUANTILES(x, 100)[OFFSET(50)] (approximate).

WITH users AS (
  SELECT
    checklist_id,
    segment,
    user_id,
    COALESCE(
      MIN(CASE WHEN type = 'checklist_started' THEN COALESCE(started_at, at_ms)
               WHEN type = 'first_value' THEN started_at END),
      MIN(at_ms)) AS start_ms,
    MIN(CASE WHEN type = 'first_value' THEN ttfv_ms END) AS ttfv_ms,
    MAX(CASE WHEN type = 'goal_missed' THEN 1 ELSE 0 END) AS missed,
    MAX(CASE WHEN type = 'checklist_dismissed' THEN 1 ELSE 0 END) AS dismissed
  FROM events
  GROUP BY checklist_id, segment, user_id
),
goals AS (
  SELECT checklist_id, segment, MAX(goal_ms) AS goal_ms
  FROM events
  GROUP BY checklist_id, segment
),
observed AS (
  SELECT MAX(at_ms) AS until_ms FROM events
)
SELECT
  u.checklist_id,
  u.segment,
  g.goal_ms,
  COUNT(*) AS started,
  COUNT(u.ttfv_ms) AS reached,
  SUM(CASE WHEN u.ttfv_ms <= g.goal_ms THEN 1 ELSE 0 END) AS within_goal,
  SUM(u.missed) AS goal_missed,
  SUM(CASE WHEN u.ttfv_ms IS NULL AND u.missed = 0
            AND (g.goal_ms IS NULL OR o.until_ms - u.start_ms < g.goal_ms)
           THEN 1 ELSE 0 END) AS still_open,
  SUM(u.dismissed) AS dismissed,
  PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY u.ttfv_ms) AS ttfv_median_ms,
  PERCENTILE_DISC(0.75) WITHIN GROUP (ORDER BY u.ttfv_ms) AS ttfv_p75_ms,
  PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY u.ttfv_ms) AS ttfv_p90_ms
FROM users u
JOIN goals g ON g.checklist_id = u.checklist_id AND g.segment = u.segment
CROSS JOIN observed o
GROUP BY u.checklist_id, u.segment, g.goal_ms
ORDER BY u.checklist_id, u.segment;

-- The step funnel: per step, users who completed it (their earliest completion), users who
-- skipped it without completing it, and the median time from the start to its completion.
-- (Completions by source need the source of each user's earliest completion: DuckDB arg_min,
-- Snowflake MIN_BY, BigQuery ARRAY_AGG(source ORDER BY elapsed_ms LIMIT 1): left out here.)
WITH steps AS (
  SELECT
    checklist_id,
    segment,
    user_id,
    step_id,
    MIN(CASE WHEN type = 'step_completed' THEN elapsed_ms END) AS done_ms,
    MAX(CASE WHEN type = 'step_skipped' THEN 1 ELSE 0 END) AS skipped
  FROM events
  WHERE type IN ('step_completed', 'step_skipped') AND step_id IS NOT NULL
  GROUP BY checklist_id, segment, user_id, step_id
)
SELECT
  checklist_id,
  segment,
  step_id,
  COUNT(done_ms) AS completed,
  SUM(CASE WHEN done_ms IS NULL AND skipped = 1 THEN 1 ELSE 0 END) AS skipped,
  PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY done_ms) AS median_ms
FROM steps
GROUP BY checklist_id, segment, step_id
ORDER BY checklist_id, segment, step_id;
