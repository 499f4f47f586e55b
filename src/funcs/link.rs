//! `tourl`: a link with a short name, for dashboards.

use super::{EvalCtx, FnError, FnResult, FuncDef};
use crate::value::Value;

#[rustfmt::skip]
pub static FUNCS: &[FuncDef] = &[
    FuncDef { name: "tourl", min_args: 2, max_args: 4, eval: tourl, usage: "tourl(url, name[, prefix, suffix])" },
];

/// Sumo shows a clickable short name; offline there is no widget, so the value is the Markdown
/// link `[prefix + name + suffix](url)` (the form Sumo's Markdown panels take, readable as text
/// and in a CSV). Rules from the docs: prefix and suffix come together; only fully formed URLs
/// (`scheme://...`). A null URL gives null; a null name, prefix or suffix counts as "", and an
/// empty name shows the URL itself.
fn tourl(args: &[Value], _: &EvalCtx) -> FnResult {
    let warn = |m: String| Err(FnError::Warn(m));
    if args.len() == 3 {
        return warn("tourl: a prefix needs a suffix (give \"\" for none)".into());
    }
    if args[0].is_null() {
        return Ok(Value::Null);
    }
    let url = args[0].as_text();
    let url = url.trim();
    if !is_full_url(url) {
        return warn(format!("tourl: \"{url}\" is not a fully formed URL (scheme://...)"));
    }
    let part = |i: usize| args.get(i).map(|v| v.as_text().into_owned()).unwrap_or_default();
    let name = part(1);
    let label = format!("{}{}{}", part(2), if name.is_empty() { url } else { &name }, part(3));
    let label: String = label
        .chars()
        .flat_map(|c| match c {
            '\\' | '[' | ']' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    // Characters that would end or break the link target are percent-encoded.
    let target = url.replace(' ', "%20").replace('(', "%28").replace(')', "%29");
    Ok(Value::from(format!("[{label}]({target})")))
}

fn is_full_url(u: &str) -> bool {
    let Some((scheme, rest)) = u.split_once("://") else { return false };
    let mut sc = scheme.chars();
    sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !rest.starts_with('/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::{call, ok, s, warns};

    #[test]
    fn links() {
        let url = s("https://example.com/search?q=1");
        assert_eq!(call("tourl", &[url.clone(), s("Search")]), ok("[Search](https://example.com/search?q=1)"));
        assert_eq!(
            call("tourl", &[url.clone(), s("10:00"), s("Failed at: "), s("")]),
            ok("[Failed at: 10:00](https://example.com/search?q=1)")
        );
        assert_eq!(call("tourl", &[s("https://x.io/a b(c)"), s("[x]")]), ok(r"[\[x\]](https://x.io/a%20b%28c%29)"));
        assert_eq!(call("tourl", &[s("https://x.io"), Value::Null]), ok("[https://x.io](https://x.io)"));
        assert_eq!(call("tourl", &[Value::Null, s("n")]), Ok(Value::Null));
        assert!(warns(call("tourl", &[s("example.com"), s("n")]), "fully formed"));
        assert!(warns(call("tourl", &[s("https:///x"), s("n")]), "fully formed"));
        assert!(warns(call("tourl", &[url, s("n"), s("p")]), "suffix"));
    }
}
