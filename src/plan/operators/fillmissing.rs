//! `fillmissing timeslice(1h), values("a", "b") in f`: adds the rows an aggregation left out
//! (runtime: `ops::fillmissing`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::fields::Fields;
use crate::ops::fillmissing::Gen;
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "fillmissing",
    words: &["fillmissing"],
    common: &[],
    keywords: &["timeslice", "values", "in", "takelast"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Always,
    usage: r#"fillmissing timeslice[(width)] [in field], values("a", ...) in field [takelast]"#,
    doc: "Adds a row, with zero counts, for every time slice of the query's range and listed value that has none.",
    examples: &[
        r#"* | timeslice 1h | json "eventName" | count by _timeslice, eventName | fillmissing timeslice(1h), values("ConsoleLogin") in eventName"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Fillmissing {
    gens: Vec<FillGen>,
}

#[derive(Clone, Debug)]
enum FillGen {
    Timeslice { width_ms: Option<f64>, field: Option<Name> },
    Values { values: Vec<String>, field: Name },
}

impl Node for Fillmissing {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        for g in &self.gens {
            match g {
                FillGen::Timeslice { field, .. } => names::opt(field, out),
                FillGen::Values { field, .. } => names::name(field, out),
            }
        }
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let mut gens = Vec::new();
    loop {
        if c.eat_word("timeslice") {
            let mut width_ms = None;
            if c.eat_sym("(") {
                width_ms = Some(c.duration("a width")?.0);
                c.expect_sym(")", "to close `timeslice(`")?;
            }
            let field = if c.eat_word("in") { Some(c.expect_name("a field")?) } else { None };
            gens.push(FillGen::Timeslice { width_ms, field });
        } else if c.eat_word("values") {
            let mut values = Vec::new();
            c.expect_sym("(", "after `values`: write `values(\"a\", \"b\") in field`")?;
            loop {
                values.push(c.expect_string("a value in quotes")?.0);
                if !c.eat_sym(",") {
                    break;
                }
            }
            c.expect_sym(")", "to close `values(`")?;
            if !c.eat_word("in") {
                return Err(c.unexpected("expected `in` and the field the values belong to"));
            }
            gens.push(FillGen::Values { values, field: c.expect_name("a field")? });
        } else {
            return Err(c.unexpected("expected `timeslice(...)` or `values(...) in field`"));
        }
        if !c.eat_sym(",") {
            break;
        }
    }
    c.eat_word("takelast");
    c.expect_stage_end("fillmissing")?;
    Ok(Box::new(Fillmissing { gens }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Fillmissing { gens } = node(n);
    let mut f = fillmissing(gens, p.fields)?;
    f.numeric = numeric_outputs(p.before);
    Ok(Step::Table(Box::new(f)))
}

fn fillmissing(gens: &[FillGen], fields: &mut Fields) -> Result<ops::fillmissing::Fillmissing, Diagnostic> {
    let mut out: Vec<Gen> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for g in gens {
        let (name, span) = match g {
            FillGen::Timeslice { field, .. } => {
                field.as_ref().map_or(("_timeslice".to_string(), None), |f| (f.text.clone(), Some(f.span.clone())))
            }
            FillGen::Values { field, .. } => (field.text.clone(), Some(field.span.clone())),
        };
        if seen.iter().any(|s| s.eq_ignore_ascii_case(&name)) {
            let span = span.unwrap_or(0..0);
            return Err(Diagnostic::at("E216", span, format!("two generators fill `{name}`"))
                .hint("give each field one generator; `values(...)` takes several values"));
        }
        seen.push(name.clone());
        let field = fields.id(&name);
        out.push(match g {
            FillGen::Timeslice { width_ms, .. } => Gen::Timeslice { width_ms: *width_ms, field, name },
            FillGen::Values { values, .. } => Gen::Values { values: values.clone(), field, name },
        });
    }
    Ok(ops::fillmissing::Fillmissing { gens: out, numeric: Vec::new() })
}

/// The columns of the last aggregation before that always hold numbers.
fn numeric_outputs(before: &[Step]) -> Vec<crate::fields::FieldId> {
    use crate::exec::agg_state::AggFn;
    let Some(Step::Aggregate(agg)) = before.iter().rev().find(|s| matches!(s, Step::Aggregate(_))) else {
        return Vec::new();
    };
    let numeric =
        |f: AggFn| !matches!(f, AggFn::First | AggFn::Last | AggFn::MostRecent | AggFn::LeastRecent | AggFn::Values);
    agg.specs.iter().filter(|s| numeric(s.f)).flat_map(|s| s.outs.iter().map(|(_, id, _)| *id)).collect()
}
