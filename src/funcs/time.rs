//! Time functions: the registry of `formatDate`/`parseDate`, `now()`, the query range and epoch casts.

use super::date_format::format_date;
use super::number::num_arg;
use super::parse_date::parse_date;
use super::{FnResult, FuncDef};
use crate::value::Value;

#[rustfmt::skip]
pub static FUNCS: &[FuncDef] = &[
    FuncDef { name: "formatDate", min_args: 1, max_args: 3, eval: format_date, usage: "formatDate(ms[, format[, timeZone]])" },
    FuncDef { name: "parseDate", min_args: 2, max_args: 3, eval: parse_date, usage: "parseDate(s, format[, timeZone])" },
    FuncDef { name: "now", min_args: 0, max_args: 0, eval: |_, c| Ok(Value::Num(c.now_ms as f64)), usage: "now()" },
    FuncDef { name: "queryStartTime", min_args: 0, max_args: 0, eval: |_, c| Ok(Value::Num(c.query_start_ms as f64)), usage: "queryStartTime()" },
    FuncDef { name: "queryEndTime", min_args: 0, max_args: 0, eval: |_, c| Ok(Value::Num(c.query_end_ms as f64)), usage: "queryEndTime()" },
    // The docs: the duration of the query's range in ms (so the plan is range-dependent, like the two above).
    FuncDef { name: "queryTimeRange", min_args: 0, max_args: 0, eval: |_, c| Ok(Value::Num((c.query_end_ms - c.query_start_ms) as f64)), usage: "queryTimeRange()" },
    // Undocumented; the corpus writes formatDate(fromSeconds(x), ...). Rounded: 1.001 * 1000 is 1000.999...
    FuncDef { name: "fromSeconds", min_args: 1, max_args: 1, eval: |a, _| epoch("fromSeconds", a, 1000.0), usage: "fromSeconds(s)" },
    FuncDef { name: "fromMillis", min_args: 1, max_args: 1, eval: |a, _| epoch("fromMillis", a, 1.0), usage: "fromMillis(ms)" },
    // Not in Sumo Logic's docs: our guess is a plain cast of epoch milliseconds, like fromMillis.
    FuncDef { name: "toMillis", min_args: 1, max_args: 1, eval: |a, _| epoch("toMillis", a, 1.0), usage: "toMillis(ms)" },
];

fn epoch(func: &str, args: &[Value], scale: f64) -> FnResult {
    Ok(num_arg(func, &args[0])?.map_or(Value::Null, |x| Value::Num((x * scale).round())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::{call_in, s};
    use crate::funcs::{EvalCtx, FnError};

    const T: f64 = 1_700_000_000_123.0; // 2023-11-14 22:13:20.123 UTC

    fn call(name: &str, args: &[Value]) -> FnResult {
        let ctx = EvalCtx { now_ms: T as i64, query_start_ms: 1000, query_end_ms: 2000, tz_offset_minutes: -480 };
        call_in(&ctx, name, args)
    }

    #[test]
    fn registered_date_functions() {
        let at = [Value::Num(T), s("yyyy-MM-dd HH:mm z"), s("America/New_York")];
        assert_eq!(call("formatDate", &at), Ok(s("2023-11-14 17:13 EST")));
        let text = [s("2023-11-14 17:13:20.123"), s("yyyy-MM-dd HH:mm:ss.SSS"), s("America/New_York")];
        assert_eq!(call("parseDate", &text), Ok(Value::Num(T)));
        assert_eq!(call("formatDate", &[Value::Num(T), s("HH:mm")]), Ok(s("14:13")));
    }

    #[test]
    fn clock_and_epochs() {
        assert_eq!(call("now", &[]), Ok(Value::Num(T)));
        assert_eq!(call("queryStartTime", &[]), Ok(Value::Num(1000.0)));
        assert_eq!(call("queryEndTime", &[]), Ok(Value::Num(2000.0)));
        assert_eq!(call("queryTimeRange", &[]), Ok(Value::Num(1000.0)));
        assert_eq!(call("fromSeconds", &[s("1700000000")]), Ok(Value::Num(1.7e12)));
        assert_eq!(call("fromSeconds", &[Value::Num(1.001)]), Ok(Value::Num(1001.0)));
        assert_eq!(call("fromSeconds", &[Value::Null]), Ok(Value::Null));
        assert!(matches!(call("fromSeconds", &[s("soon")]), Err(FnError::Warn(m)) if m.contains("fromSeconds")));
        assert_eq!(call("fromMillis", &[s("1700000000123")]), Ok(Value::Num(T)));
        assert_eq!(call("toMillis", &[Value::Num(T)]), Ok(Value::Num(T)));
        assert_eq!(call("toMillis", &[Value::Null]), Ok(Value::Null));
    }
}
