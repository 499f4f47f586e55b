WITH
events AS (
  SELECT *, CAST(to_unixtime(try(from_iso8601_timestamp(eventtime))) * 1000 AS BIGINT) AS "_messagetime" FROM cloudtrail_logs
),
s1 AS (
  SELECT * FROM (SELECT *, "useridentity"."sessioncontext"."sessionissuer"."arn" AS "issuer", COALESCE(("useridentity"."sessioncontext"."sessionissuer"."arn" IS NOT NULL), FALSE) AS "_matched" FROM events) AS x WHERE "_matched"
),
s2 AS (
  SELECT "issuer" AS "by0", count(*) AS "agg1" FROM s1 GROUP BY "issuer"
)
SELECT "by0" AS "issuer", "agg1" AS "_count"
FROM s2
