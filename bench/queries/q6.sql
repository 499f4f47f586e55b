-- q6 every record, counted by eventName.
SELECT eventName, count(*) AS _count
FROM read_json('__JSONL__', format = 'newline_delimited', columns = {eventName: 'VARCHAR'})
WHERE eventName IS NOT NULL
GROUP BY eventName;
