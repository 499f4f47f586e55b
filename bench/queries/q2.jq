# q2 failed console logins: q1, then only loginresult == "Failure" (geo lookup step left out).
# Run: jq -nc -f q1.jq FILE.jsonl   (streams the records; counts kept in one object)
def first_or_empty(s): [s][0] // "";
reduce (inputs
  | select(.eventName == "ConsoleLogin")
  # Sumo's parse takes the first "userName" in the record's text, wherever it is.
  | first_or_empty(tojson | match("\"userName\":\"([^\"]*)\"").captures[0].string) as $user_name
  | first_or_empty((.userIdentity.principalId? // "") | tostring | match(":(.+)").captures[0].string) as $user_principal
  | {sourceIPAddress, user: (if $user_name == "" then $user_principal else $user_name end),
     loginresult: .responseElements.ConsoleLogin?}
) as $k ({}; .[$k | tojson] += 1)
| to_entries[] | (.key | fromjson) + {_count: .value}
| select(.loginresult == "Failure")
