//! What the page asks about a query's text before (or instead of) running it: the text with a
//! dashboard's variables written in, a dashboard query scoped to the loaded data's category, and
//! whether it needs the geo tables. Each answer comes from the engine's own parser, so the page
//! holds no rule of the language.

use crate::lookup::bundled;
use crate::syntax::ast::Search;
use crate::syntax::search::{parse_scope, scope_end};
use crate::syntax::template;
use std::collections::HashMap;

/// The query with `{{name}}` replaced by the variables' values (`*` for one not given), as the
/// engine runs it: a dashboard's query opened in the editor.
pub fn substitute(query: &str, vars: &HashMap<String, String>) -> String {
    template::substitute(query, vars).text
}

/// `"value"` with backslashes and quotes escaped: the scope's parser reads it back as it was.
pub fn quote_string(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for c in v.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Rewrites the query's leading `_sourceCategory = X` term (the first term of its scope, when
/// that is `_sourceCategory` and the scope is a plain AND of terms) to `category`, quoted; an
/// empty `category` drops the term (a scope left empty becomes `*`). The rest of the text stays
/// as it is; a query with no such term, or whose scope does not parse, is returned unchanged.
/// The app's dashboards name a Sumo Logic account's categories (`Labs/AWS/CloudTrail*`), which
/// offline data never has.
pub fn scope_to(query: &str, category: &str) -> String {
    let Ok(scope) = parse_scope(query, scope_end(query)) else { return query.to_string() };
    let first = match &scope {
        Search::And(terms) => terms.first(),
        s @ Search::Meta { .. } => Some(s),
        _ => None,
    };
    let Some(Search::Meta { field, span, .. }) = first else { return query.to_string() };
    if !field.eq_ignore_ascii_case("_sourceCategory") {
        return query.to_string();
    }
    let before = &query[..span.start];
    let rest = &query[span.end..];
    // Leading white space goes with the term; anything else before it (a comment) stays.
    let before = if before.trim().is_empty() { "" } else { before };
    if !category.is_empty() {
        return format!("{before}_sourceCategory = {}{rest}", quote_string(category));
    }
    if !before.is_empty() {
        // Inside parentheses or after a comment: only the term goes.
        return format!("{before}*{rest}");
    }
    let tail = rest.trim_start_matches([' ', '\t']);
    let left = tail.trim_start();
    // A scope left empty reads better as `*` (the engine accepts either).
    if left.is_empty() || left.starts_with('|') {
        format!("*{tail}")
    } else {
        left.to_string()
    }
}

/// The query that finds the events of a text signature in the loaded `category` (none when
/// empty). `exact`, for a signature of `logreduce` over the same events and range: the events
/// that `logreduce noaggregate` puts in that signature (`_signature_id`), each one and no
/// other. Otherwise (a `logcompare` signature, found over two windows): `_sourceCategory =
/// "category" "keyword"`, the keyword being `ops::logreduce::signature_keyword` quoted, which
/// finds every event of the signature and may find more (see there). The page opens it in
/// Search, one click from a pattern.
pub fn signature_query(signature: &str, category: &str, exact: bool) -> String {
    let scope =
        if category.is_empty() { String::new() } else { format!("_sourceCategory = {}", quote_string(category)) };
    if exact {
        let id = crate::ops::logreduce::stable_id(signature);
        let scope = if scope.is_empty() { "*" } else { &scope };
        return format!("{scope} | logreduce noaggregate | where _signature_id = \"{id}\"");
    }
    let keyword = crate::ops::logreduce::signature_keyword(signature);
    let keyword = if keyword.is_empty() { "*".to_string() } else { quote_string(&keyword) };
    if scope.is_empty() {
        keyword
    } else {
        format!("{scope} {keyword}")
    }
}

/// Whether the query (its variables written in) looks an address up in the bundled geo or ASN
/// tables (`lookup ... from geo://location` or `asn://default`, `geoip`): the page fetches them first.
/// A query that does not parse needs nothing yet.
pub fn needs_geo(query: &str, vars: &HashMap<String, String>) -> bool {
    let text = template::substitute(query, vars).text;
    let Ok(q) = crate::plan::parse_query(&text) else { return false };
    q.stages.iter().any(|s| crate::plan::operators::lookup::source(&*s.op).is_some_and(|t| bundled(t).is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_to_rewrites_the_leading_category_and_keeps_the_rest() {
        assert_eq!(
            scope_to("_sourceCategory = Labs/AWS/CloudTrail* (Create* OR Run*)\n| count", "cloudtrail"),
            "_sourceCategory = \"cloudtrail\" (Create* OR Run*)\n| count"
        );
        assert_eq!(
            scope_to(
                r#"_sourceCategory = cm-core/cloudtrail  "\"errorCode\":\"AccessDenied\""
| json "userAgent""#,
                "x/y"
            ),
            r#"_sourceCategory = "x/y"  "\"errorCode\":\"AccessDenied\""
| json "userAgent""#
        );
        assert_eq!(scope_to("_SOURCECATEGORY=\"a b\" ConsoleLogin", "c"), "_sourceCategory = \"c\" ConsoleLogin");
        assert_eq!(scope_to("  _sourceCategory=a | count", "c"), "_sourceCategory = \"c\" | count");
    }

    #[test]
    fn scope_to_quotes_a_hostile_category_so_it_stays_one_value() {
        let q = scope_to("_sourceCategory = a | count", "x\" OR \"y\\");
        assert_eq!(q, r#"_sourceCategory = "x\" OR \"y\\" | count"#);
        let parsed = parse_scope(&q, scope_end(&q)).unwrap();
        assert!(matches!(parsed, Search::Meta { value, .. } if value == "x\" OR \"y\\"));
    }

    #[test]
    fn scope_to_without_a_category_drops_the_term() {
        assert_eq!(scope_to("_sourceCategory = Labs/AWS/CloudTrail*\n| count", ""), "*\n| count");
        assert_eq!(
            scope_to("_sourceCategory = Labs/AWS/CloudTrail* ConsoleLogin Failure\n| count", ""),
            "ConsoleLogin Failure\n| count"
        );
        assert_eq!(scope_to("* | count", ""), "* | count");
    }

    #[test]
    fn scope_to_changes_only_a_leading_term_of_an_and() {
        for q in [
            "ConsoleLogin _sourceCategory = x",
            "_sourceCategory = x OR _sourceCategory = y | count",
            "_sourceHost = x | count",
            "\"unterminated | count",
            "_sourceCategory = a | where x = \"_sourceCategory = b\"",
        ] {
            let want = if q.starts_with("_sourceCategory = a |") {
                "_sourceCategory = \"c\" | where x = \"_sourceCategory = b\""
            } else {
                q
            };
            assert_eq!(scope_to(q, "c"), want, "{q}");
        }
    }

    /// Events planted under three signatures (and one merged cluster): each signature's
    /// keyword query finds all of its events (only them here, where no other text fits its
    /// pieces), and its exact query exactly them.
    #[test]
    fn a_signatures_query_finds_its_events() {
        let mut s = crate::session::Session::new();
        let mut records = Vec::new();
        for i in 0..7 {
            records.push(format!(r#"{{"eventName":"GetObject","eventTime":"2024-01-01T00:0{i}:00Z","requestID":"r{i}","note":"say \"hi\" {i}"}}"#));
        }
        for i in 0..3 {
            records.push(format!(
                r#"{{"eventName":"PutObject","eventTime":"2024-01-01T00:1{i}:00Z","requestID":"p{i}"}}"#
            ));
        }
        for (i, user) in ["alice", "bob"].iter().enumerate() {
            records.push(format!(
                r#"{{"eventName":"ConsoleLogin","eventTime":"2024-01-01T00:2{i}:00Z","user":"{user}"}}"#
            ));
        }
        // Fits the GetObject signature's keyword, but is a signature of its own.
        records.push(r#"{"eventName":"GetObject","eventTime":"2024-01-01T00:30:00Z","requestID":"r9","note":"say \"hi\" 9","extra":"x"}"#.into());
        let file = format!(r#"{{"Records":[{}]}}"#, records.join(","));
        s.load("a.json", file.into_bytes(), "cloud \"trail\"");
        s.finish_loading(false);
        let q = crate::session::PageQuery::default();
        let patterns = s.query("* | logreduce", &q, || 0.0).unwrap().result;
        let sig = patterns.columns.iter().position(|c| c == "_signature").unwrap();
        let count = patterns.columns.iter().position(|c| c == "_count").unwrap();
        let mut seen = Vec::new();
        for row in &patterns.rows {
            let signature = row[sig].as_text();
            let want = row[count].as_num().unwrap() as usize;
            let count_of = |query: String| {
                let found = s.query(&format!("{query} | count"), &q, || 0.0).unwrap().result;
                found.rows[0][0].as_num().unwrap() as usize
            };
            let keyword = signature_query(&signature, "cloud \"trail\"", false);
            let n = count_of(keyword.clone());
            assert!(n >= want, "{keyword}: a superset at least");
            let exact = signature_query(&signature, "cloud \"trail\"", true);
            assert_eq!(count_of(exact.clone()), want, "{exact}: exactly the signature's events");
            seen.push((want, n));
        }
        assert_eq!(seen, [(7, 8), (3, 3), (2, 2), (1, 1)], "{:?}", patterns.rows);
        assert_eq!(signature_query("* *", "", false), "*");
        let other = s.query(&format!("{} | count", signature_query("GetObject", "elsewhere", false)), &q, || 0.0);
        assert_eq!(other.unwrap().result.rows[0][0].as_num(), Some(0.0), "the category scopes it");
    }

    #[test]
    fn needs_geo_reads_the_lookup_source_not_the_text() {
        let none = HashMap::new();
        assert!(needs_geo("* | lookup city from geo://location on ip = sourceIPAddress", &none));
        assert!(needs_geo("* | lookup asn from ASN://default on ip = x | count by asn", &none));
        assert!(needs_geo("* | lookup city from geo://default on ip = x", &none));
        assert!(needs_geo("* | geoip sourceIPAddress region", &none), "geoip reads the geo table");
        assert!(!needs_geo("* | where x = \"geo://location\"", &none), "a string is not a lookup");
        assert!(!needs_geo("geo://location | count", &none), "nor a keyword");
        assert!(!needs_geo("* | lookup a from /shared/t on k = x", &none));
        assert!(!needs_geo("* | lookup city from geo://location on", &none), "not parsed yet");
        let vars = HashMap::from([("src".to_string(), "geo://location".to_string())]);
        assert!(needs_geo("* | lookup city from {{src}} on ip = x", &vars));
    }

    #[test]
    fn substitute_is_the_engines_template() {
        let vars = HashMap::from([("User".to_string(), "alice".to_string())]);
        assert_eq!(substitute("user={{user}} | where x = \"{{ other }}\"", &vars), "user=alice | where x = \"*\"");
    }
}
