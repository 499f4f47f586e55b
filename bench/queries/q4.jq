# q4 IntelliJ AccessDenied errors by message (contains: case-sensitive substring).
def access_denied: (.errorCode | strings | ascii_downcase | startswith("accessdenied")) // false;
reduce (inputs | select(access_denied and has("userAgent") and has("errorMessage"))
        | select(.userAgent | tostring | contains("IntelliJ")) | .errorMessage) as $k
  ({}; .[$k | tojson] += 1)
| to_entries[] | {errorMessage: (.key | fromjson), _count: .value}
