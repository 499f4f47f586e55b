-- q1 console logins by user and result. The geo lookup (country) step is left out.
-- user_name: the first "userName" in the record's text, as Sumo's parse takes it; for a
-- console login that text is inside userIdentity, so the regex runs on that column's JSON.
WITH logins AS (
  SELECT sourceIPAddress,
         regexp_extract(CAST(userIdentity AS VARCHAR), '"userName":"([^"]*)"', 1) AS user_name,
         regexp_extract(coalesce(json_extract_string(userIdentity, '$.principalId'), ''), ':(.+)', 1) AS user_principal,
         json_extract_string(responseElements, '$.ConsoleLogin') AS loginresult
  FROM read_json('__JSONL__', format = 'newline_delimited',
       columns = {eventName: 'VARCHAR', sourceIPAddress: 'VARCHAR', userIdentity: 'JSON', responseElements: 'JSON'})
  WHERE eventName = 'ConsoleLogin')
SELECT CASE WHEN coalesce(user_name, '') = '' THEN user_principal ELSE user_name END AS "user",
       loginresult, count(*) AS _count
FROM logins
GROUP BY sourceIPAddress, "user", loginresult;
