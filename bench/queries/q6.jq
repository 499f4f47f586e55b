# q6 every record, counted by eventName.
reduce (inputs | select(has("eventName")) | .eventName) as $k ({}; .[$k | tojson] += 1)
| to_entries[] | {eventName: (.key | fromjson), _count: .value}
