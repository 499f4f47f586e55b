WITH
events AS (
  SELECT *, unix_millis(to_timestamp(eventtime)) AS `_messagetime` FROM cloudtrail_logs
),
s1 AS (
  SELECT * FROM (SELECT *, `eventname` AS `name`, `useridentity`.`arn` AS `arn`, COALESCE((`eventname` IS NOT NULL AND `useridentity`.`arn` IS NOT NULL), FALSE) AS `_matched` FROM events) AS x WHERE `_matched`
),
s2 AS (
  SELECT * FROM s1 WHERE COALESCE((COALESCE(`name`, '') = 'ConsoleLogin'), FALSE)
),
s3 AS (
  SELECT `arn` AS `by0`, count(*) AS `agg1` FROM s2 GROUP BY `arn`
)
SELECT `by0` AS `arn`, `agg1` AS `_count`
FROM s3
ORDER BY `agg1` DESC NULLS LAST
