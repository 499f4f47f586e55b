WITH
events AS (
  SELECT *, CAST(to_unixtime(try(from_iso8601_timestamp(eventtime))) * 1000 AS BIGINT) AS "_messagetime" FROM cloudtrail_logs
),
s1 AS (
  SELECT *, COALESCE(json_extract_scalar("requestparameters", '$.bucketName'), NULLIF(json_format(json_extract("requestparameters", '$.bucketName')), 'null')) AS "bucket", COALESCE((COALESCE(json_extract_scalar("requestparameters", '$.bucketName'), NULLIF(json_format(json_extract("requestparameters", '$.bucketName')), 'null')) IS NOT NULL), FALSE) AS "_matched" FROM events
),
s2 AS (
  SELECT "bucket" AS "by0", count(*) AS "agg1" FROM s1 GROUP BY "bucket"
)
SELECT "by0" AS "bucket", "agg1" AS "_count"
FROM s2
