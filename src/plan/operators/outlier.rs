//! `outlier field [by g] window=N, threshold=T, consecutive=C, direction=+-`: flags values
//! outside a moving band (runtime: `ops::outlier`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::fields::Fields;
use crate::ops::outlier::Direction;
use crate::ops::window::MAX_WINDOW;
use crate::ops::{self, Step};
use crate::syntax::ast::{Expr, ExprKind, Name};
use crate::syntax::cursor::Cursor;
use crate::syntax::expr::expr;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "outlier",
    words: &["outlier"],
    common: &[],
    keywords: &["by", "window", "threshold", "consecutive", "direction"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Always,
    usage: "outlier field [by group] [window=N] [threshold=T] [consecutive=C] [direction=+-|+|-]",
    doc: "Flags values outside the moving mean plus or minus T standard deviations of the previous N rows.",
    examples: &[
        r#"* | timeslice 1h | count by _timeslice | outlier _count window=5, threshold=2.5, consecutive=2, direction=+"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Outlier {
    field: Name,
    by: Vec<Name>,
    opts: Vec<Opt>,
}

/// An option written `name=value` (`window=5`, `threshold=3`).
#[derive(Clone, Debug)]
struct Opt {
    name: Name,
    value: Expr,
}

impl Node for Outlier {
    fn table_writes(&self) -> Vec<String> {
        let f = &self.field.text;
        ["error", "lower", "upper", "indicator", "violation", "std"].map(|s| format!("{f}_{s}")).to_vec()
    }
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::name(&self.field, out);
        names::all(&self.by, out);
        self.opts.iter().for_each(|o| names::expr(&o.value, out));
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let field = c.expect_name("a field")?;
    let mut by = Vec::new();
    let mut opts = Vec::new();
    loop {
        c.eat_sym(",");
        if c.eat_word("by") {
            by = c.name_list("a field to group by")?;
        } else if matches!(c.peek(), Tok::Ident { .. }) && matches!(c.peek_at(1), Tok::Sym("=")) {
            let name = c.expect_name("an option")?;
            c.bump();
            let value = if c.is_sym("+") || c.is_sym("-") {
                // direction=+- / + / -
                let start = c.span().start;
                let mut text = String::new();
                while let Tok::Sym(s @ ("+" | "-")) = c.peek().clone() {
                    text.push_str(s);
                    c.bump();
                }
                Expr { kind: ExprKind::Lit(text.into()), span: start..c.prev_end() }
            } else {
                expr(c)?
            };
            opts.push(Opt { name, value });
        } else {
            break;
        }
    }
    c.expect_stage_end("outlier")?;
    Ok(Box::new(Outlier { field, by, opts }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Outlier { field, by, opts } = node(n);
    Ok(Step::Table(Box::new(outlier(field, by, opts, p.fields)?)))
}

fn ids(names: &[Name], fields: &mut Fields) -> Vec<usize> {
    names.iter().map(|n| fields.id(&n.text)).collect()
}

const OUTLIER_OPTS: &[&str] = &["window", "threshold", "consecutive", "direction"];

fn outlier(field: &Name, by: &[Name], opts: &[Opt], fields: &mut Fields) -> Result<ops::outlier::Outlier, Diagnostic> {
    let (mut window, mut threshold, mut consecutive, mut direction) = (10, 3.0, 1, Direction::Both);
    let mut seen: Vec<String> = Vec::new();
    for o in opts {
        let key = o.name.text.to_ascii_lowercase();
        if seen.contains(&key) {
            return Err(
                Diagnostic::at("E213", o.name.span.clone(), format!("`{key}` is set twice")).hint("keep one of them")
            );
        }
        seen.push(key.clone());
        let vspan = o.value.span.clone();
        match key.as_str() {
            "window" => window = count(o, "the window", vspan)?,
            "consecutive" => consecutive = count(o, "`consecutive`", vspan)?,
            "threshold" => {
                threshold = number(o).filter(|n| *n > 0.0 && n.is_finite()).ok_or_else(|| {
                    Diagnostic::at("E211", vspan, "the threshold must be a positive number of standard deviations")
                        .hint("the default is `threshold=3`")
                })?
            }
            "direction" => {
                direction = match &o.value.kind {
                    ExprKind::Lit(v) => match v.as_text().as_ref() {
                        "+-" | "-+" => Some(Direction::Both),
                        "+" => Some(Direction::Up),
                        "-" => Some(Direction::Down),
                        _ => None,
                    },
                    _ => None,
                }
                .ok_or_else(|| {
                    Diagnostic::at("E212", vspan, "the direction must be `+-`, `+` or `-`")
                        .hint("`+` flags only rises, `-` only drops, `+-` (the default) both")
                })?
            }
            _ => {
                return Err(Diagnostic::at(
                    "E210",
                    o.name.span.clone(),
                    format!("`outlier` has no option `{}`", o.name.text),
                )
                .suggest(&o.name.text, OUTLIER_OPTS.iter().copied())
                .hint("the options are window, threshold, consecutive and direction"))
            }
        }
    }
    let f = &field.text;
    let outs = ["error", "lower", "upper", "indicator", "violation", "std"].map(|s| {
        let name = format!("{f}_{s}");
        (fields.id(&name), name)
    });
    Ok(ops::outlier::Outlier {
        field: fields.id(f),
        by: ids(by, fields),
        time: fields.id("_timeslice"),
        window,
        threshold,
        consecutive,
        direction,
        outs,
    })
}

/// A literal number, `-n` included (so that it is reported as out of range, not as "not a number").
fn number(o: &Opt) -> Option<f64> {
    match &o.value.kind {
        ExprKind::Lit(v) => v.as_num(),
        ExprKind::Neg(e) => match &e.kind {
            ExprKind::Lit(v) => v.as_num().map(|n| -n),
            _ => None,
        },
        _ => None,
    }
}

fn count(o: &Opt, what: &str, span: Span) -> Result<usize, Diagnostic> {
    match number(o) {
        Some(n) if n.fract() == 0.0 && (1.0..=MAX_WINDOW as f64).contains(&n) => Ok(n as usize),
        _ => Err(Diagnostic::at("E211", span, format!("{what} must be a whole number from 1 to {MAX_WINDOW}"))
            .hint(format!("for example `{}=5`", o.name.text))),
    }
}

#[cfg(test)]
mod tests {
    use crate::lookup::Lookups;

    fn plan_err(q: &str) -> crate::diag::Diagnostic {
        match crate::compile(q, &Default::default(), &Lookups::default()) {
            Err(d) => d,
            Ok(_) => panic!("`{q}` planned"),
        }
    }

    #[test]
    fn option_errors_point_at_the_token() {
        let q = "* | count by _timeslice | outlier _count windw=5";
        let d = plan_err(q);
        assert_eq!((d.code, &q[d.primary_span().unwrap()]), ("E210", "windw"));
        assert!(d.hints.iter().any(|h| h.contains("`window`")), "{:?}", d.hints);
        let q = "* | count by _timeslice | outlier _count window=0";
        let d = plan_err(q);
        assert_eq!((d.code, &q[d.primary_span().unwrap()]), ("E211", "0"));
        let q = "* | count by _timeslice | outlier _count direction=up";
        let d = plan_err(q);
        assert_eq!((d.code, &q[d.primary_span().unwrap()]), ("E212", "up"));
        let q = "* | count by _timeslice | smooth _count, 5000";
        let d = plan_err(q);
        assert_eq!(d.code, "E211");
        assert!(q[d.primary_span().unwrap()].contains("5000"));
    }

    #[test]
    fn series_operators_plan() {
        for q in [
            "* | count by _timeslice, user | transpose row _timeslice column user as alice, * | where alice > 0",
            "* | count by _timeslice | fillmissing timeslice(1h), values(\"a\") in user | total _count by user | accum _count",
            "* | dedup 2 by user | count by _timeslice | outlier _count window=5, threshold=2.5, consecutive=2, direction=+",
            "* | count by _timeslice | smooth _count, 5 as s | rollingstd _count | backshift _count, 2",
        ] {
            if let Err(d) = crate::compile(q, &Default::default(), &Lookups::default()) {
                panic!("`{q}`: {d:?}");
            }
        }
    }
}
