//! A result as CSV (RFC 4180 quoting), safe to open in a spreadsheet: what `trailscope query
//! --format csv` writes. The one CSV rule of the engine; the page's export is to use it too.

use crate::exec::table::QueryResult;
use crate::value::Value;

/// A cell's CSV text before quoting. Text a spreadsheet would run as a formula (`=`, `+`, `-`,
/// `@`, tab or CR first; OWASP) gets a leading `'`: log values are attacker-controlled. Numbers
/// are numbers, never prefixed (`-5` stays `-5`); so are booleans and nulls (empty).
pub fn neutralised(v: &Value) -> String {
    let t = v.as_text().into_owned();
    match v {
        Value::Str(_) if t.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{t}"),
        _ => t,
    }
}

/// The result as CSV: a header row (names neutralised like text cells), then a line per row; a
/// field holding a comma, a quote, CR or LF is quoted, its quotes doubled.
pub fn to_csv(r: &QueryResult) -> String {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(r.columns.iter().map(|c| neutralised(&Value::str(c)))).expect("writing to memory");
    for row in &r.rows {
        w.write_record(row.iter().map(neutralised)).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("CSV of UTF-8 text is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(columns: &[&str], rows: Vec<Vec<Value>>) -> QueryResult {
        QueryResult { columns: columns.iter().map(|c| c.to_string()).collect(), rows, ..Default::default() }
    }

    #[test]
    fn quotes_comma_quote_cr_and_lf_with_a_header_row() {
        let r = result(
            &["a", "b,c"],
            vec![
                vec![Value::str("x,y"), Value::str("say \"hi\"")],
                vec![Value::str("line\nbreak"), Value::str("cr\rhere")],
                vec![Value::Null, Value::Num(42.0)],
            ],
        );
        assert_eq!(to_csv(&r), "a,\"b,c\"\n\"x,y\",\"say \"\"hi\"\"\"\n\"line\nbreak\",\"cr\rhere\"\n,42\n");
    }

    #[test]
    fn formula_looking_text_is_neutralised_numbers_are_not() {
        let cells = ["=HYPERLINK(\"http://x\")", "+1", "-cmd", "@SUM(A1)", "\tx", "\rx", "a=b", "<img src=x>"];
        let mut rows: Vec<Vec<Value>> = cells.iter().map(|c| vec![Value::str(c)]).collect();
        rows.push(vec![Value::Num(-5.0)]);
        rows.push(vec![Value::Bool(true)]);
        let text = to_csv(&result(&["v"], rows));
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(
            &lines[1..lines.len() - 1],
            [
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
                "'+1",
                "'-cmd",
                "'@SUM(A1)",
                "'\tx",
                "\"'\rx\"",
                "a=b",
                "<img src=x>",
                "-5",
                "true"
            ]
        );
        assert_eq!(to_csv(&result(&["=bad"], vec![])), "'=bad\n");
    }
}
