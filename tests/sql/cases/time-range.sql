WITH
events AS (
  SELECT * FROM (SELECT *, CAST(to_unixtime(try(from_iso8601_timestamp(eventtime))) * 1000 AS BIGINT) AS "_messagetime" FROM cloudtrail_logs) AS t
  WHERE "_messagetime" >= 1704067200000
    AND "timestamp" >= '2024/01/01'
    AND "_messagetime" < 1706745600000
    AND "timestamp" <= '2024/02/01'
),
s1 AS (
  SELECT * FROM (SELECT *, "eventname" AS "eventname_2", COALESCE(("eventname" IS NOT NULL), FALSE) AS "_matched" FROM events) AS x WHERE "_matched"
),
s2 AS (
  SELECT *, "_messagetime" - ("_messagetime" % 3600000) AS "_timeslice" FROM s1
),
s3 AS (
  SELECT "_timeslice" AS "by0", "eventname_2" AS "by1", count(*) AS "agg2" FROM s2 GROUP BY "_timeslice", "eventname_2"
)
SELECT "by0" AS "_timeslice", "by1" AS "eventName", "agg2" AS "_count"
FROM s3
ORDER BY "by0" ASC NULLS FIRST
