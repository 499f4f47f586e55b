WITH
events AS (
  SELECT *, CAST(to_unixtime(try(from_iso8601_timestamp(eventtime))) * 1000 AS BIGINT) AS "_messagetime" FROM cloudtrail_logs
),
s1 AS (
  SELECT * FROM (SELECT *, "eventname" AS "eventname_2", "sourceipaddress" AS "sourceipaddress_2", COALESCE(("eventname" IS NOT NULL AND "sourceipaddress" IS NOT NULL), FALSE) AS "_matched" FROM events) AS x WHERE "_matched"
),
s2 AS (
  SELECT "eventname_2" AS "by0", count(DISTINCT "sourceipaddress_2") AS "agg1", max_by("eventname_2", "_messagetime") AS "agg2", min_by("eventname_2", "_messagetime") AS "agg3", array_join(array_sort(array_agg(DISTINCT "sourceipaddress_2")), chr(10)) AS "agg4" FROM s1 GROUP BY "eventname_2"
)
SELECT "by0" AS "eventName", "agg1" AS "ips", "agg2" AS "_first", "agg3" AS "_last", "agg4" AS "_values"
FROM s2
