-- q3 AccessDenied errors by user agent. Sumo's keyword "\"errorCode\":\"AccessDenied\"" is a
-- case-insensitive substring of the record, so it also matches AccessDeniedException.
SELECT userAgent, count(*) AS _count
FROM read_json('__JSONL__', format = 'newline_delimited',
     columns = {errorCode: 'VARCHAR', userAgent: 'VARCHAR'})
WHERE errorCode ILIKE 'accessdenied%' AND userAgent IS NOT NULL  -- json without nodrop drops records lacking the key
GROUP BY userAgent;
