//! Expressions from syntax to executable form: names to slots, functions looked up (with
//! "did you mean"), arities checked, patterns compiled once.

use crate::diag::Diagnostic;
use crate::exec::expr::{glob_regex, CExpr};
use crate::fields::Fields;
use crate::funcs;
use crate::syntax::ast::{Expr, ExprKind};
use crate::value::Value;
use regex::{Regex, RegexBuilder};
use std::sync::Arc;

/// A user's regex, compiled with a size limit (the `regex` crate is linear-time: no
/// catastrophic backtracking, whatever the pattern).
pub fn user_regex(pattern: &str, span: crate::diag::Span) -> Result<Regex, Diagnostic> {
    RegexBuilder::new(pattern)
        .size_limit(4 << 20)
        .build()
        .map_err(|e| Diagnostic::at("E150", span, "invalid regular expression").hint(first_line(&e.to_string())))
}

fn first_line(s: &str) -> String {
    s.lines().rfind(|l| !l.trim().is_empty()).unwrap_or(s).trim().to_string()
}

pub fn compile(e: &Expr, fields: &mut Fields) -> Result<CExpr, Diagnostic> {
    Ok(match &e.kind {
        ExprKind::Lit(v) => CExpr::Lit(v.clone()),
        ExprKind::Field(n) => CExpr::Field(fields.id(&n.text)),
        ExprKind::Regex(_) => {
            return Err(Diagnostic::at(
                "E151",
                e.span.clone(),
                "a /regex/ can only follow `matches` or be the pattern of `replace`",
            ))
        }
        ExprKind::Not(x) => CExpr::Not(Box::new(compile(x, fields)?)),
        ExprKind::Neg(x) => CExpr::Neg(Box::new(compile(x, fields)?)),
        ExprKind::Binary { op, left, right } => {
            CExpr::Bin(*op, Box::new(compile(left, fields)?), Box::new(compile(right, fields)?))
        }
        ExprKind::In { expr, list, negated } => CExpr::In(
            Box::new(compile(expr, fields)?),
            list.iter().map(|x| compile(x, fields)).collect::<Result<_, _>>()?,
            *negated,
        ),
        ExprKind::Matches { expr, pattern, negated } => matches(compile(expr, fields)?, pattern, *negated, fields)?,
        ExprKind::Ternary { cond, then, other } => CExpr::If(
            Box::new(compile(cond, fields)?),
            Box::new(compile(then, fields)?),
            Box::new(compile(other, fields)?),
        ),
        ExprKind::Call { name, args } => call(e, &name.text, args, fields)?,
    })
}

fn matches(subject: CExpr, pattern: &Expr, negated: bool, fields: &mut Fields) -> Result<CExpr, Diagnostic> {
    Ok(match &pattern.kind {
        ExprKind::Lit(Value::Str(g)) => {
            let re = glob_regex(g).map_err(|m| Diagnostic::at("E150", pattern.span.clone(), m))?;
            CExpr::Match(Box::new(subject), Arc::new(re), negated)
        }
        ExprKind::Regex(r) => CExpr::Match(Box::new(subject), Arc::new(user_regex(r, pattern.span.clone())?), negated),
        _ => CExpr::MatchDyn(Box::new(subject), Box::new(compile(pattern, fields)?), negated),
    })
}

/// Names that look like calls but are handled here, not in the function registry.
const SPECIAL: &[&str] = &["if", "matches", "replace"];

fn call(e: &Expr, name: &str, args: &[Expr], fields: &mut Fields) -> Result<CExpr, Diagnostic> {
    let lower = name.to_ascii_lowercase();
    let arity = |min: usize, max: usize| -> Result<(), Diagnostic> {
        if args.len() < min || args.len() > max {
            let want = if min == max {
                format!("{min}")
            } else if max == usize::MAX {
                format!("at least {min}")
            } else {
                format!("{min} to {max}")
            };
            return Err(Diagnostic::at(
                "E203",
                e.span.clone(),
                format!("`{name}` takes {want} argument(s), {} given", args.len()),
            ));
        }
        Ok(())
    };
    match lower.as_str() {
        "if" => {
            arity(3, 3)?;
            let c: Vec<CExpr> = args.iter().map(|a| compile(a, fields)).collect::<Result<_, _>>()?;
            let mut it = c.into_iter();
            let (a, b, d) = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap());
            return Ok(CExpr::If(Box::new(a), Box::new(b), Box::new(d)));
        }
        "matches" => {
            // The call form `matches(x, "glob")`; with one argument it tests `_raw`.
            arity(1, 2)?;
            let (subject, pat) = if args.len() == 2 {
                (compile(&args[0], fields)?, &args[1])
            } else {
                (CExpr::Field(fields.id("_raw")), &args[0])
            };
            return matches(subject, pat, false, fields);
        }
        "replace" => {
            arity(3, 3)?;
            if let ExprKind::Regex(r) = &args[1].kind {
                let re = user_regex(r, args[1].span.clone())?;
                return Ok(CExpr::ReplaceRe(
                    Box::new(compile(&args[0], fields)?),
                    Arc::new(re),
                    Box::new(compile(&args[2], fields)?),
                ));
            }
        }
        _ => {}
    }
    let Some(def) = funcs::find(name) else {
        if super::operators::AGGREGATES.contains(&lower.as_str()) {
            return Err(Diagnostic::at(
                "E204",
                e.span.clone(),
                format!("`{name}` is an aggregate: it starts its own stage, like `| {lower}(x) by y`"),
            ));
        }
        let names: Vec<&str> = funcs::all().map(|f| f.name).chain(SPECIAL.iter().copied()).collect();
        let span = e.span.start..e.span.start + name.len();
        return Err(Diagnostic::at("E202", span, format!("unknown function `{name}`")).suggest(name, names));
    };
    arity(def.min_args, def.max_args)?;
    Ok(CExpr::Call(def, args.iter().map(|a| compile(a, fields)).collect::<Result<_, _>>()?))
}
