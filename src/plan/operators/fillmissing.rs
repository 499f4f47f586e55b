//! `fillmissing timeslice(1h), values("a", "b") in f`: adds the rows an aggregation left out
//! (runtime: `ops::fillmissing`).
//!
//! As Sumo Logic documents it: `values all in f` enumerates the distinct values `f` has in the
//! table; `with <constant> for <field>[, ...]` (a number, a quoted string or `null`) sets a
//! non-key field of the added rows; `takeLast` fills them with the field's value in the previous
//! time slice. Choices where the docs are silent: `with` for a key field is refused (E224), as is
//! `takeLast` without a timeslice generator (E225), which the docs say it needs; `takeLast`
//! carries forward the last present row's values (a run of missing slices all take them), the
//! previous slice being the one with the same other keys; a field `with` names wins over
//! `takeLast`; a missing slice with no earlier one gets the type defaults.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::fields::Fields;
use crate::ops::fillmissing::Gen;
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;
use crate::value::Value;

pub static SPEC: Spec = Spec {
    name: "fillmissing",
    words: &["fillmissing"],
    common: &[],
    keywords: &["timeslice", "values", "all", "in", "with", "for", "null", "takelast"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Always,
    usage: r#"fillmissing timeslice[(width)] [in field], values("a", ...) in field, values all in field [with 0 for f, ...] [takelast]"#,
    doc: "Adds a row, with zero counts, for every time slice of the query's range and listed value that has none.",
    examples: &[
        r#"* | timeslice 1h | json "eventName" | count by _timeslice, eventName | fillmissing timeslice(1h), values("ConsoleLogin") in eventName"#,
        r#"* | timeslice 6h | json "eventSource" | count by _timeslice, eventSource | fillmissing timeslice, values all in eventSource with -1 for _count"#,
        r#"* | timeslice 6h | count by _timeslice | fillmissing timeslice(6h) takeLast"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Fillmissing {
    gens: Vec<FillGen>,
    with: Vec<(Const, Name)>,
    take_last: Option<crate::diag::Span>,
}

/// A `with` constant.
#[derive(Clone, Debug)]
enum Const {
    Num(f64),
    Str(String),
    Null,
}

#[derive(Clone, Debug)]
enum FillGen {
    Timeslice { width_ms: Option<f64>, field: Option<Name> },
    Values { values: Vec<String>, field: Name },
    All { field: Name },
}

impl Node for Fillmissing {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        for g in &self.gens {
            match g {
                FillGen::Timeslice { field, .. } => names::opt(field, out),
                FillGen::Values { field, .. } | FillGen::All { field } => names::name(field, out),
            }
        }
        self.with.iter().for_each(|(_, f)| names::name(f, out));
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
        } else if c.is_word("values") && c.is_word_at(1, "all") {
            c.bump();
            c.bump();
            if !c.eat_word("in") {
                return Err(c.unexpected("expected `in` and the field after `values all`"));
            }
            gens.push(FillGen::All { field: c.expect_name("a field")? });
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
    let mut with = Vec::new();
    if c.eat_word("with") {
        loop {
            let value = match c.peek().clone() {
                Tok::Num(n) => Const::Num(n),
                Tok::Sym("-") if matches!(c.peek_at(1), Tok::Num(_)) => {
                    c.bump();
                    let Tok::Num(n) = c.peek().clone() else { unreachable!() };
                    Const::Num(-n)
                }
                Tok::Str(s) => Const::Str(s),
                Tok::Ident { name, quoted: false } if name.eq_ignore_ascii_case("null") => Const::Null,
                _ => {
                    return Err(c.unexpected("expected a constant after `with`: a number, a string in quotes or `null`"))
                }
            };
            c.bump();
            if !c.eat_word("for") {
                return Err(c.unexpected("expected `for` and the field the constant fills"));
            }
            with.push((value, c.expect_name("a field")?));
            if !c.eat_sym(",") {
                break;
            }
        }
    }
    let take_last = c.is_word("takelast").then(|| c.span());
    if take_last.is_some() {
        c.bump();
    }
    c.expect_stage_end("fillmissing")?;
    Ok(Box::new(Fillmissing { gens, with, take_last }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Fillmissing { gens, with, take_last } = node(n);
    let mut f = fillmissing(gens, p.fields)?;
    f.numeric = numeric_outputs(p.before);
    for (value, field) in with {
        if gens.iter().any(|g| gen_field(g).eq_ignore_ascii_case(&field.text)) {
            return Err(Diagnostic::at(
                "E224",
                field.span.clone(),
                format!("`{}` is a key field of `fillmissing`", field.text),
            )
            .hint("`with ... for` sets the other fields of the rows it adds; the generators give the keys"));
        }
        let v = match value {
            Const::Num(n) => Value::Num(*n),
            Const::Str(s) => Value::str(s),
            Const::Null => Value::Null,
        };
        f.with.push((p.fields.id(&field.text), v));
    }
    if let Some(span) = take_last {
        if !gens.iter().any(|g| matches!(g, FillGen::Timeslice { .. })) {
            return Err(Diagnostic::at("E225", span.clone(), "`takeLast` needs a `timeslice` generator")
                .hint("add `timeslice` to the generators: `fillmissing timeslice, values all in f takeLast`"));
        }
        f.take_last = true;
    }
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
            FillGen::Values { field, .. } | FillGen::All { field } => (field.text.clone(), Some(field.span.clone())),
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
            FillGen::All { .. } => Gen::All { field, name },
        });
    }
    Ok(ops::fillmissing::Fillmissing { gens: out, numeric: Vec::new(), with: Vec::new(), take_last: false })
}

/// The field a generator fills.
fn gen_field(g: &FillGen) -> &str {
    match g {
        FillGen::Timeslice { field, .. } => field.as_ref().map_or("_timeslice", |f| f.text.as_str()),
        FillGen::Values { field, .. } | FillGen::All { field } => &field.text,
    }
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
