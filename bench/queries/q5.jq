# q5 IntelliJ AccessDenied errors by user; records without userIdentity.userName are dropped.
def access_denied: (.errorCode | strings | ascii_downcase | startswith("accessdenied")) // false;
reduce (inputs | select(access_denied and has("userAgent") and has("errorMessage"))
        | select((.userIdentity | objects | has("userName")) // false)
        | select(.userAgent | tostring | contains("IntelliJ")) | .userIdentity.userName) as $k
  ({}; .[$k | tojson] += 1)
| to_entries[] | {user_name: (.key | fromjson), _count: .value}
