WITH
events AS (
  SELECT *, CAST(to_unixtime(try(from_iso8601_timestamp(eventtime))) * 1000 AS BIGINT) AS "_messagetime" FROM cloudtrail_logs
),
s1 AS (
  SELECT * FROM (SELECT *, "eventsource" AS "eventsource_2", COALESCE(("eventsource" IS NOT NULL), FALSE) AS "_matched" FROM events) AS x WHERE "_matched"
),
s2 AS (
  SELECT "eventsource_2" AS "by0", count(*) AS "agg1" FROM s1 GROUP BY "eventsource_2"
),
s3 AS (
  SELECT * FROM s2 ORDER BY "agg1" DESC NULLS LAST LIMIT 5
)
SELECT "by0" AS "eventSource", "agg1" AS "_count"
FROM s3
ORDER BY "agg1" DESC NULLS LAST
