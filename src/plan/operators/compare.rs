//! `compare with timeshift 1d [N avg|min|max] [as name]`: the aggregation before it, rerun over
//! earlier time ranges (runtime: `ops::compare`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::fields::Fields;
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "compare",
    words: &["compare"],
    common: &[],
    keywords: &["with", "timeshift", "avg", "min", "max", "as"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Always,
    usage: "compare [with] timeshift 1d [N] [avg|min|max] [as name], ...",
    doc: "Adds the aggregation's values over the time range shifted back (averaged over N periods).",
    examples: &[r#"* | json "eventName" | count by eventName | compare with timeshift 1d"#],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Compare {
    shifts: Vec<Timeshift>,
}

#[derive(Clone, Debug)]
struct Timeshift {
    shift_ms: f64,
    raw: String,
    count: Option<usize>,
    agg: Option<Name>,
    alias: Option<Name>,
}

impl Node for Compare {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, _: &mut Vec<String>) {}
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    c.eat_word("with");
    let mut shifts = Vec::new();
    loop {
        if !c.eat_word("timeshift") {
            return Err(c.unexpected("expected `timeshift`, like `compare with timeshift 1d`"));
        }
        let (shift_ms, raw) = c.duration("a time shift")?;
        let count = if matches!(c.peek(), Tok::Num(_)) { Some(c.expect_usize("a number of periods")?) } else { None };
        let agg = if c.is_word("avg") || c.is_word("min") || c.is_word("max") {
            Some(c.expect_name("avg, min or max")?)
        } else {
            None
        };
        let alias = c.opt_alias()?;
        shifts.push(Timeshift { shift_ms, raw, count, agg, alias });
        if !c.eat_sym(",") {
            break;
        }
    }
    c.expect_stage_end("compare")?;
    Ok(Box::new(Compare { shifts }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Compare { shifts } = node(n);
    compare(shifts, p.before, p.fields, &p.span)
}

fn compare(shifts: &[Timeshift], before: &[Step], fields: &mut Fields, span: &Span) -> Result<Step, Diagnostic> {
    let Some(Step::Aggregate(agg)) = before.iter().rev().find(|s| matches!(s, Step::Aggregate(_))) else {
        return Err(Diagnostic::at("E220", span.clone(), "`compare` needs an aggregation before it")
            .hint("for example `count by eventName | compare with timeshift 1d`"));
    };
    if before.iter().any(|s| matches!(s, Step::Compare(_))) {
        return Err(Diagnostic::at("E221", span.clone(), "`compare` may appear only once in a query"));
    }
    let values: Vec<(usize, String)> =
        agg.specs.iter().flat_map(|s| s.outs.iter().map(|(_, id, n)| (*id, n.clone()))).collect();
    let mut out = Vec::new();
    for sh in shifts {
        let combine = match sh.agg.as_ref().map(|a| a.text.to_ascii_lowercase()) {
            Some(a) if a == "min" => ops::compare::Combine::Min,
            Some(a) if a == "max" => ops::compare::Combine::Max,
            _ => ops::compare::Combine::Avg,
        };
        let suffix = match (&sh.count, &sh.agg) {
            (Some(n), _) if *n > 1 => {
                format!("{}_{}", sh.raw, sh.agg.as_ref().map_or("avg".to_string(), |a| a.text.to_ascii_lowercase()))
            }
            _ => sh.raw.clone(),
        };
        let outs = values
            .iter()
            .map(|(id, n)| {
                let name = match &sh.alias {
                    Some(a) if values.len() == 1 => a.text.clone(),
                    Some(a) => format!("{n}_{}", a.text),
                    None => format!("{n}_{suffix}"),
                };
                (*id, fields.id(&name), name)
            })
            .collect();
        out.push(ops::compare::Shift {
            ms: sh.shift_ms as i64,
            count: sh.count.unwrap_or(1).clamp(1, 7),
            combine,
            outs,
        });
    }
    let keys: Vec<_> = agg.by.iter().map(|(id, _)| *id).collect();
    let buckets: Vec<_> =
        before.iter().filter_map(|s| if let Step::Row(op) = s { op.time_bucket() } else { None }).collect();
    let time_keys = keys.iter().map(|k| buckets.contains(k)).collect();
    Ok(Step::Compare(ops::compare::Compare { shifts: out, keys, time_keys }))
}
