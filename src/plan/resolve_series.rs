//! Planning of time-series and table-shaping operators: transpose, fillmissing, total, accum,
//! dedup, outlier, smooth, rollingstd and backshift. Option errors are `E21x`.

use crate::diag::{Diagnostic, Span};
use crate::fields::Fields;
use crate::ops::fillmissing::Gen;
use crate::ops::outlier::Direction;
use crate::ops::window::MAX_WINDOW;
use crate::ops::{self, Step, TableOp};
use crate::syntax::ast::{ExprKind, FillGen, Name, Op, Opt, Stage, WindowKind};

pub fn step(st: &Stage, fields: &mut Fields) -> Result<Step, Diagnostic> {
    let op: Box<dyn TableOp> = match &st.op {
        Op::Transpose { row, column, names } => Box::new(transpose(row, column, names, fields)?),
        Op::Fillmissing { gens } => Box::new(fillmissing(gens, fields)?),
        Op::Total { field, alias, by, running } => {
            let name =
                alias.as_ref().map_or(if *running { "_accum" } else { "_total" }.to_string(), |a| a.text.clone());
            Box::new(ops::total::Total {
                field: fields.id(&field.text),
                by: ids(by, fields),
                out: fields.id(&name),
                name,
                running: *running,
            })
        }
        Op::Dedup { consecutive, n, by } => {
            if *n == 0 {
                return Err(Diagnostic::at("E217", st.span.clone(), "`dedup 0` would drop every row")
                    .hint("keep at least one row per key: `dedup 1 by f`"));
            }
            Box::new(ops::dedup::Dedup {
                consecutive: *consecutive,
                n: *n,
                by: ids(by, fields),
                raw: fields.id("_raw"),
            })
        }
        Op::Outlier { field, by, opts } => Box::new(outlier(field, by, opts, fields)?),
        Op::Window { kind, field, size, alias, by } => {
            let (default_size, default_name) = match kind {
                WindowKind::Smooth => (10, "_smooth"),
                WindowKind::RollingStd => (10, "_rollingstd"),
                WindowKind::Backshift => (1, "_backshift"),
            };
            let size = size.unwrap_or(default_size);
            if !(1..=MAX_WINDOW).contains(&size) {
                // The syntax tree keeps no span for the number: point between the field and what follows.
                let end =
                    alias.as_ref().map(|a| a.span.start).or(by.first().map(|b| b.span.start)).unwrap_or(st.span.end);
                let what = if *kind == WindowKind::Backshift { "shift" } else { "window" };
                return Err(Diagnostic::at(
                    "E211",
                    field.span.end..end.max(field.span.end),
                    format!("the {what} must be between 1 and {MAX_WINDOW}, not {size}"),
                )
                .hint(format!("write `{}, {default_size}` (the default)", field.text)));
            }
            let name = alias.as_ref().map_or(default_name.to_string(), |a| a.text.clone());
            Box::new(ops::window::Window {
                kind: *kind,
                field: fields.id(&field.text),
                size,
                by: ids(by, fields),
                out: fields.id(&name),
                name,
            })
        }
        Op::Compare { .. } => {
            return Err(Diagnostic::at("U002", st.span.clone(), "unsupported: `compare` is not implemented yet"))
        }
        _ => return Err(Diagnostic::at("U002", st.span.clone(), "unsupported: this operator is not implemented yet")),
    };
    Ok(Step::Table(op))
}

fn ids(names: &[Name], fields: &mut Fields) -> Vec<usize> {
    names.iter().map(|n| fields.id(&n.text)).collect()
}

fn transpose(
    row: &[Name],
    column: &[Name],
    names: &[Name],
    fields: &mut Fields,
) -> Result<ops::transpose::Transpose, Diagnostic> {
    if let Some(c) = column.iter().find(|c| row.iter().any(|r| r.text.eq_ignore_ascii_case(&c.text))) {
        return Err(Diagnostic::at("E214", c.span.clone(), format!("`{}` is both a row and a column field", c.text))
            .hint("a field's values become either rows or columns: remove it from one list"));
    }
    let mut out: Vec<Option<(usize, String)>> = Vec::new();
    for (i, n) in names.iter().enumerate() {
        if names[..i].iter().any(|m| m.text.eq_ignore_ascii_case(&n.text)) {
            return Err(Diagnostic::at("E215", n.span.clone(), format!("`{}` is listed twice after `as`", n.text))
                .hint("list each column once"));
        }
        if row.iter().any(|r| r.text.eq_ignore_ascii_case(&n.text)) {
            return Err(Diagnostic::at("E215", n.span.clone(), format!("`{}` is already a row field", n.text))
                .hint("name the columns after values of the column field"));
        }
        // Named columns are interned now, so later stages can use them (as Sumo Logic requires).
        out.push(if n.text == "*" { None } else { Some((fields.id(&n.text), n.text.clone())) });
    }
    let row = row.iter().map(|r| (fields.id(&r.text), r.text.clone())).collect();
    Ok(ops::transpose::Transpose { row, column: ids(column, fields), names: out })
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
    Ok(ops::fillmissing::Fillmissing { gens: out })
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
    fn every_operator_plans() {
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
