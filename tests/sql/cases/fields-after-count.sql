WITH
events AS (
  SELECT *, CAST(to_unixtime(try(from_iso8601_timestamp(eventtime))) * 1000 AS BIGINT) AS "_messagetime" FROM cloudtrail_logs
),
s1 AS (
  SELECT * FROM (SELECT *, "eventname" AS "eventname_2", "awsregion" AS "awsregion_2", COALESCE(("eventname" IS NOT NULL AND "awsregion" IS NOT NULL), FALSE) AS "_matched" FROM events) AS x WHERE "_matched"
),
s2 AS (
  SELECT "eventname_2" AS "by0", "awsregion_2" AS "by1", count(*) AS "agg2" FROM s1 GROUP BY "eventname_2", "awsregion_2"
)
SELECT "by1" AS "awsRegion", "agg2" AS "_count"
FROM s2
ORDER BY "agg2" DESC NULLS LAST, "by1" ASC NULLS FIRST
