//! `logreduce` (also `summarize`): messages clustered into signatures, and its `keys` and
//! `values` forms (runtime: `ops::logreduce`, where the clustering rules are written down).
//!
//! Syntax, following Sumo Logic's documentation (LogReduce Operator, LogReduce Keys, LogReduce
//! Values), and the choices where it is silent or where offline differs:
//! - `logreduce [field=f] [by g, ...] [limit=N] [, criteria=mostcommon|leastcommon]` (also
//!   `logreduce(f) ...`, as the docs' example writes the field): columns
//!   (`by` fields), `_signature`, `_count`, `_relevance`. Sumo's default criterion is "the most
//!   anomalous", from a model it does not document; here the default is `mostcommon` (count,
//!   largest first, ties in order of first appearance). `_relevance` is Sumo's score learned from
//!   a user's promote/demote feedback, neutral 5 without it; there is no feedback offline, so it
//!   is 5 on every row and signatures rank by count, as Sumo's do without feedback. Without
//!   `field=` the text is `_raw`, which for CloudTrail is the event's compact JSON, key order
//!   kept. A row without the field is left out.
//! - `logreduce keys [parser=json|keyvalue] [maxdepth=N] [field=f]`: columns `_signature_id`,
//!   `_schema`, `_count`. The schema is the sorted set of key paths (`a.b`, `a[*].b` inside
//!   arrays) down to `maxdepth` objects (default 5), written as a JSON array; text that is not
//!   a JSON object (or has no `key=value` pair, for `keyvalue`) is `unknown` with the id
//!   `0000000000000000`, as Sumo documents. The id is a 64-bit FNV-1a hash of the schema.
//!   `noaggregate`: the messages, each with its `_signature_id` and `_schema`, as Sumo documents.
//! - `logreduce values on k1, k2 [output_threshold=x]`: columns `_cluster_id`, `_signature`,
//!   `_count`. The fields must be parsed before it (as in Sumo). A cluster is one combination
//!   of the fields' values; a value whose share of all rows is below `output_threshold` (0 to
//!   1; default 0) is written `*`, so rare values fall into one cluster. The signature is a JSON
//!   object of the fields' values; Sumo also shows each pair's share within the cluster, which
//!   here is always 100% or hidden by `*`, so it is left out. `logreduce values details on k1,
//!   k2 [shortcode] ["id", ...]`: the rows, each with its `_cluster_id` and `_signature`, only
//!   the listed clusters' when ids are given (any case). Sumo's shortcode names an earlier
//!   search whose clusters it reuses; offline the clusters are found again from the same rows,
//!   so the shortcode is read and not needed.
//! - `noaggregate` on the text form too (Sumo documents it for `keys`): each message with its
//!   `_signature_id` (the id `keys` would give the signature) and `_signature`; the page's
//!   Patterns view finds a signature's events exactly with it.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::ops::logreduce::{LogReduce, Mode, Outs};
use crate::ops::Step;
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "logreduce",
    words: &["logreduce", "summarize"],
    common: &[],
    keywords: &[
        "field",
        "by",
        "limit",
        "criteria",
        "mostcommon",
        "leastcommon",
        "keys",
        "parser",
        "json",
        "keyvalue",
        "maxdepth",
        "noaggregate",
        "values",
        "on",
        "output_threshold",
        "details",
    ],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "logreduce [field=f | (f)] [by g] [limit=N] [, criteria=mostcommon|leastcommon] [noaggregate] | logreduce keys [parser=json|keyvalue] [maxdepth=N] [field=f] [noaggregate] | logreduce values [details] on k1, k2 [output_threshold=x] [shortcode \"id\", ...]",
    doc: "Clusters messages into signatures (variable words such as numbers, IDs and IPs become `*`; signatures one word apart merge) with their `_count`; `keys` counts the sets of JSON keys, `values` the combinations of fields' values.",
    examples: &[
        "* | logreduce",
        r#"* | json "errorMessage" | logreduce field=errorMessage limit=5"#,
        "* | logreduce keys maxdepth=1",
        "* | summarize by eventSource criteria=leastcommon",
        r#"* | json "errorMessage", "eventName" nodrop | logreduce(errorMessage) by eventName limit=5, criteria=mostcommon"#,
        r#"* | json "eventName", "errorCode" nodrop | logreduce values on eventName, errorCode"#,
        r#"* | logreduce noaggregate | count by _signature_id"#,
        r#"* | json "eventName", "errorCode" nodrop | logreduce values details on eventName, errorCode | count by _cluster_id"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
enum Form {
    Text {
        by: Vec<Name>,
        limit: Option<usize>,
        least: bool,
    },
    Keys {
        keyvalue: bool,
        maxdepth: usize,
    },
    /// `details`: the rows, each with its cluster, only those of the listed clusters if any.
    Values {
        on: Vec<Name>,
        threshold: f64,
        details: Option<Vec<String>>,
    },
}

#[derive(Clone, Debug)]
struct LogReduceNode {
    field: Option<Name>,
    form: Form,
    noaggregate: bool,
}

impl Node for LogReduceNode {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn reads_raw(&self) -> bool {
        self.field.is_none() && !matches!(self.form, Form::Values { .. })
    }
    fn names(&self, out: &mut Vec<String>) {
        names::opt(&self.field, out);
        match &self.form {
            Form::Text { by, .. } => names::all(by, out),
            Form::Values { on, .. } => names::all(on, out),
            Form::Keys { .. } => {}
        }
    }
    fn table_writes(&self) -> Vec<String> {
        let cols: &[&str] = match self.form {
            Form::Text { .. } | Form::Keys { .. } if self.noaggregate => &[],
            Form::Values { details: Some(_), .. } => &[],
            Form::Text { .. } => &["_signature", "_count", "_relevance"],
            Form::Keys { .. } => &["_signature_id", "_schema", "_count"],
            Form::Values { .. } => &["_cluster_id", "_signature", "_count"],
        };
        cols.iter().map(|s| s.to_string()).collect()
    }
}

/// `name=` or `name ` before an option's value.
fn option(c: &mut Cursor, name: &str) -> bool {
    if c.eat_word(name) {
        c.eat_sym("=");
        true
    } else {
        false
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let (mut field, mut noaggregate) = (None, false);
    let form = if c.eat_word("keys") {
        let (mut keyvalue, mut maxdepth) = (false, 5);
        loop {
            if c.is_word("field") {
                c.bump();
                c.eat_sym("=");
                field = Some(c.expect_name("a field name after `field`")?);
            } else if option(c, "parser") {
                if c.eat_word("json") {
                    keyvalue = false;
                } else if c.eat_word("keyvalue") {
                    keyvalue = true;
                } else {
                    return Err(c.unexpected("expected `json` or `keyvalue` after `parser`"));
                }
            } else if option(c, "maxdepth") {
                maxdepth = c.expect_usize("a depth, like `maxdepth=3`")?;
            } else if c.eat_word("noaggregate") {
                noaggregate = true;
            } else {
                break;
            }
        }
        Form::Keys { keyvalue, maxdepth }
    } else if c.eat_word("values") {
        let details = c.eat_word("details");
        if !c.eat_word("on") {
            return Err(c.unexpected("expected `on`, like `logreduce values on eventName, errorCode`"));
        }
        let on = c.name_list("a field")?;
        let mut threshold = 0.0;
        c.eat_sym(",");
        if option(c, "output_threshold") {
            let span = c.span();
            threshold = match *c.peek() {
                Tok::Num(n) if (0.0..=1.0).contains(&n) => {
                    c.bump();
                    n
                }
                _ => {
                    return Err(Diagnostic::at("E211", span, "`output_threshold` must be a number from 0 to 1")
                        .hint("for example `output_threshold=0.05`: values in fewer than 5% of the rows become `*`"))
                }
            };
        }
        let details = if details { Some(details_ids(c)?) } else { None };
        Form::Values { on, threshold, details }
    } else {
        let (mut by, mut limit, mut least) = (Vec::new(), None, false);
        // `logreduce(f)`: `field=f` as Sumo's own example writes it (`logreduce(partition) by region`).
        if c.eat_sym("(") {
            field = Some(c.expect_name("a field name, like `logreduce(errorMessage)`")?);
            c.expect_sym(")", "to close `logreduce(`")?;
        }
        loop {
            c.eat_sym(",");
            if let Some(f) = c.field_opt()? {
                field = Some(f);
            } else if c.eat_word("noaggregate") {
                noaggregate = true;
            } else if c.eat_word("by") {
                by = c.name_list("a field to group by")?;
            } else if option(c, "limit") {
                limit = Some(c.expect_usize("a number of signatures, like `limit=10`")?);
            } else if option(c, "criteria") {
                if c.eat_word("mostcommon") {
                    least = false;
                } else if c.eat_word("leastcommon") {
                    least = true;
                } else {
                    return Err(c.unexpected("expected `mostcommon` or `leastcommon` after `criteria=`"));
                }
            } else {
                break;
            }
        }
        Form::Text { by, limit, least }
    };
    c.expect_stage_end("logreduce")?;
    Ok(Box::new(LogReduceNode { field, form, noaggregate }))
}

/// After `details on keys`: Sumo's search shortcode (a word; offline the clusters are found
/// again from the rows, so it is read and not needed), then the cluster ids to keep, if any.
fn details_ids(c: &mut Cursor) -> Result<Vec<String>, Diagnostic> {
    if matches!(c.peek(), Tok::Ident { quoted: false, .. }) {
        c.bump();
    }
    let mut ids = Vec::new();
    while matches!(c.peek(), Tok::Str(_)) {
        ids.push(c.expect_string("a cluster id")?.0.to_ascii_lowercase());
        if !c.eat_sym(",") {
            break;
        }
    }
    Ok(ids)
}

/// The output slots every form writes.
pub(super) fn outs(p: &mut Planner, id: &str, signature: &str) -> Outs {
    let mut slot = |n: &str| (p.fields.id(n), n.to_string());
    Outs { id: slot(id), signature: slot(signature), count: slot("_count").0, relevance: slot("_relevance").0 }
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let LogReduceNode { field, form, noaggregate } = node(n);
    let noaggregate = *noaggregate;
    let field = p.fields.id(field.as_ref().map_or("_raw", |n| n.text.as_str()));
    let r = match form {
        Form::Text { by, limit, least } => LogReduce {
            mode: Mode::Text,
            field,
            by: p.named(by),
            limit: *limit,
            least: *least,
            noaggregate,
            only: Vec::new(),
            outs: outs(p, "_signature_id", "_signature"),
        },
        Form::Keys { keyvalue, maxdepth } => LogReduce {
            mode: Mode::Keys { keyvalue: *keyvalue, maxdepth: *maxdepth },
            field,
            by: Vec::new(),
            limit: None,
            least: false,
            noaggregate,
            only: Vec::new(),
            outs: outs(p, "_signature_id", "_schema"),
        },
        Form::Values { on, threshold, details } => LogReduce {
            mode: Mode::Values { on: p.named(on), threshold: *threshold },
            field,
            by: Vec::new(),
            limit: None,
            least: false,
            noaggregate: details.is_some(),
            only: details.clone().unwrap_or_default(),
            outs: outs(p, "_cluster_id", "_signature"),
        },
    };
    Ok(Step::Table(Box::new(r)))
}
