-- q4 IntelliJ AccessDenied errors by message (contains is case-sensitive in Sumo, as here).
SELECT errorMessage, count(*) AS _count
FROM read_json('__JSONL__', format = 'newline_delimited',
     columns = {errorCode: 'VARCHAR', userAgent: 'VARCHAR', errorMessage: 'VARCHAR'})
WHERE errorCode ILIKE 'accessdenied%' AND userAgent IS NOT NULL AND errorMessage IS NOT NULL
  AND contains(userAgent, 'IntelliJ')
GROUP BY errorMessage;
