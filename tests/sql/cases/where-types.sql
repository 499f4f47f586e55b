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
  SELECT * FROM s2 WHERE COALESCE((COALESCE((COALESCE(COALESCE(CASE WHEN CAST("half" AS DOUBLE) IS NOT NULL AND CAST(3.5 AS DOUBLE) IS NOT NULL THEN CAST("half" AS DOUBLE) > CAST(3.5 AS DOUBLE) ELSE CASE WHEN "half" = floor("half") AND abs("half") < 1e15 THEN CAST(CAST("half" AS BIGINT) AS VARCHAR) ELSE CAST("half" AS VARCHAR) END > CASE WHEN 3.5 = floor(3.5) AND abs(3.5) < 1e15 THEN CAST(CAST(3.5 AS BIGINT) AS VARCHAR) ELSE CAST(3.5 AS VARCHAR) END END, FALSE), FALSE) AND COALESCE(NOT (COALESCE("awsregion_2", '') = ''), FALSE)), FALSE) AND COALESCE(NOT COALESCE((COALESCE("eventname_2", '') LIKE 'Get%' ESCAPE '!'), FALSE), FALSE)), FALSE)
),
s4 AS (
  SELECT "eventname_2" AS "by0", count(*) AS "agg1" FROM s3 GROUP BY "eventname_2"
)
SELECT "by0" AS "eventName", "agg1" AS "_count"
FROM s4
