WITH
events AS (
  SELECT *, CAST(to_unixtime(try(from_iso8601_timestamp(eventtime))) * 1000 AS BIGINT) AS "_messagetime" FROM cloudtrail_logs
),
s1 AS (
  SELECT *, "eventname" AS "eventname_2", "awsregion" AS "awsregion_2", COALESCE(("eventname" IS NOT NULL AND "awsregion" IS NOT NULL), FALSE) AS "_matched" FROM events
),
s2 AS (
  SELECT *, (CAST(CAST(length(COALESCE("eventname_2", '')) AS DOUBLE) AS DOUBLE) / CAST(2 AS DOUBLE)) AS "half" FROM s1
),
s3 AS (
  SELECT * FROM s2 WHERE COALESCE((COALESCE((COALESCE(COALESCE("half" > 3.5, FALSE), FALSE) AND COALESCE(NOT (COALESCE("awsregion_2", '') = ''), FALSE)), FALSE) AND COALESCE(NOT COALESCE((COALESCE("eventname_2", '') LIKE 'Get%' ESCAPE '!'), FALSE), FALSE)), FALSE)
),
s4 AS (
  SELECT "eventname_2" AS "by0", count(*) AS "agg1" FROM s3 GROUP BY "eventname_2"
)
SELECT "by0" AS "eventName", "agg1" AS "_count"
FROM s4
