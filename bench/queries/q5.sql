-- q5 IntelliJ AccessDenied errors by user (records without userIdentity.userName are dropped,
-- as Sumo's json without nodrop does).
SELECT user_name, count(*) AS _count
FROM (SELECT userAgent, errorMessage, json_extract_string(userIdentity, '$.userName') AS user_name
      FROM read_json('__JSONL__', format = 'newline_delimited',
           columns = {errorCode: 'VARCHAR', userAgent: 'VARCHAR', errorMessage: 'VARCHAR', userIdentity: 'JSON'})
      WHERE errorCode ILIKE 'accessdenied%')
WHERE userAgent IS NOT NULL AND errorMessage IS NOT NULL AND user_name IS NOT NULL
  AND contains(userAgent, 'IntelliJ')
GROUP BY user_name;
