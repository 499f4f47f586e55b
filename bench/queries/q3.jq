# q3 AccessDenied errors by user agent. Sumo's keyword "\"errorCode\":\"AccessDenied\"" is a
# case-insensitive substring of the record: errorCode starting with accessdenied, any case.
def access_denied: (.errorCode | strings | ascii_downcase | startswith("accessdenied")) // false;
reduce (inputs | select(access_denied and has("userAgent")) | .userAgent) as $k
  ({}; .[$k | tojson] += 1)
| to_entries[] | {userAgent: (.key | fromjson), _count: .value}
