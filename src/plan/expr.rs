//! Expressions from syntax to executable form: names to slots, functions looked up (with
//! "did you mean"), arities checked, patterns compiled once.

use crate::diag::Diagnostic;
use crate::exec::expr::{glob_regex, CExpr};
use crate::fields::Fields;
use crate::funcs;
use crate::lookup::Lookups;
use crate::plan::subquery::{plan_subquery, Place, SubPlan};
use crate::syntax::ast::{BinOp, Expr, ExprKind};
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

/// Compiles an expression that holds no subquery (only `where` and `if` may: [`compile_in`]).
pub fn compile(e: &Expr, fields: &mut Fields) -> Result<CExpr, Diagnostic> {
    C { fields, lookups: None, subs: None }.compile(e)
}

/// Compiles a `where` or expression stage's expression, planning its subqueries.
pub fn compile_in(e: &Expr, p: &mut super::operators::Planner) -> Result<CExpr, Diagnostic> {
    C { fields: p.fields, lookups: Some(p.lookups), subs: Some(&mut *p.subqueries) }.compile(e)
}

/// What compiling reads and adds to: the query's fields; in `where` and expression stages the
/// lookup tables (`lookupContains`) and the subqueries planned so far.
struct C<'a> {
    fields: &'a mut Fields,
    lookups: Option<&'a Lookups>,
    subs: Option<&'a mut Vec<SubPlan>>,
}

impl C<'_> {
    fn compile(&mut self, e: &Expr) -> Result<CExpr, Diagnostic> {
        Ok(match &e.kind {
            ExprKind::Subquery(sub) => match (&mut self.subs, self.lookups) {
                (Some(subs), Some(lookups)) => {
                    CExpr::Subquery(plan_subquery(sub, Place::Expression, self.fields, lookups, subs)?)
                }
                _ => {
                    return Err(Diagnostic::at("E257", sub.span.clone(), "a subquery cannot be used here")
                        .hint("a subquery goes in the scope, in `where`, or in `if`"))
                }
            },
            ExprKind::Lit(v) => CExpr::Lit(v.clone()),
            ExprKind::Field(n) => CExpr::Field(self.fields.id(&n.text)),
            ExprKind::Regex(_) => {
                return Err(Diagnostic::at(
                    "E151",
                    e.span.clone(),
                    "a /regex/ can only follow `matches` or be the pattern of `replace`",
                ))
            }
            ExprKind::Not(x) => CExpr::Not(Box::new(self.compile(x)?)),
            ExprKind::Neg(x) => CExpr::Neg(Box::new(self.compile(x)?)),
            ExprKind::Binary { op, left, right } => {
                CExpr::Bin(*op, Box::new(self.compile(left)?), Box::new(self.compile(right)?))
            }
            ExprKind::In { expr, list, negated } => CExpr::In(
                Box::new(self.compile(expr)?),
                list.iter().map(|x| self.compile(x)).collect::<Result<_, _>>()?,
                *negated,
            ),
            ExprKind::Matches { expr, pattern, negated } => {
                let subject = self.compile(expr)?;
                self.matches(subject, pattern, *negated)?
            }
            ExprKind::Ternary { cond, then, other } => {
                CExpr::If(Box::new(self.compile(cond)?), Box::new(self.compile(then)?), Box::new(self.compile(other)?))
            }
            ExprKind::Call { name, args } => self.call(e, &name.text, args)?,
        })
    }

    fn matches(&mut self, subject: CExpr, pattern: &Expr, negated: bool) -> Result<CExpr, Diagnostic> {
        Ok(match &pattern.kind {
            ExprKind::Lit(Value::Str(g)) => {
                let re = glob_regex(g).map_err(|m| Diagnostic::at("E150", pattern.span.clone(), m))?;
                CExpr::Match(Box::new(subject), Arc::new(re), negated)
            }
            ExprKind::Regex(r) => {
                CExpr::Match(Box::new(subject), Arc::new(user_regex(r, pattern.span.clone())?), negated)
            }
            _ => CExpr::MatchDyn(Box::new(subject), Box::new(self.compile(pattern)?), negated),
        })
    }

    fn call(&mut self, e: &Expr, name: &str, args: &[Expr]) -> Result<CExpr, Diagnostic> {
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
                let c: Vec<CExpr> = args.iter().map(|a| self.compile(a)).collect::<Result<_, _>>()?;
                let mut it = c.into_iter();
                let (a, b, d) = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap());
                return Ok(CExpr::If(Box::new(a), Box::new(b), Box::new(d)));
            }
            "matches" => {
                // The call form `matches(x, "glob")`; with one argument it tests `_raw`.
                arity(1, 2)?;
                let (subject, pat) = if args.len() == 2 {
                    (self.compile(&args[0])?, &args[1])
                } else {
                    (CExpr::Field(self.fields.id("_raw")), &args[0])
                };
                return self.matches(subject, pat, false);
            }
            "lookupcontains" => {
                arity(2, 2)?;
                return self.lookup_contains(e, args);
            }
            "replace" => {
                arity(3, 3)?;
                if let ExprKind::Regex(r) = &args[1].kind {
                    let re = user_regex(r, args[1].span.clone())?;
                    return Ok(CExpr::ReplaceRe(
                        Box::new(self.compile(&args[0])?),
                        Arc::new(re),
                        Box::new(self.compile(&args[2])?),
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
        Ok(CExpr::Call(def, args.iter().map(|a| self.compile(a)).collect::<Result<_, _>>()?))
    }

    /// `lookupContains(path, key)` or `lookupContains(path, field=column [and ...])`: whether the
    /// table holds a row whose key columns equal the values (without case, as `lookup` matches).
    /// A bare key is compared with the table's first column (`threat` for threat indicators).
    fn lookup_contains(&mut self, e: &Expr, args: &[Expr]) -> Result<CExpr, Diagnostic> {
        let Some(lookups) = self.lookups else {
            return Err(Diagnostic::at(
                "E255",
                e.span.clone(),
                "`lookupContains` can be used in `where` and in an expression stage",
            )
            .hint("write `| where lookupContains(path, field)` or `| lookupContains(path, field) as found`"));
        };
        let ExprKind::Lit(Value::Str(written)) = &args[0].kind else {
            return Err(Diagnostic::at("E255", args[0].span.clone(), "the first argument of `lookupContains` is the table's path")
            .hint("like `lookupContains(sumo://threat/cs, ip)` or `lookupContains(path://\"/Library/x/users\", user=name)`"));
        };
        let path = written.strip_prefix("path://").unwrap_or(written).trim_matches('"');
        let table = lookups.table(path).ok_or_else(|| super::operators::lookup::missing_table(path, &args[0].span))?;
        // `a=b and c=d`: pairs of a field and a column (either side may name the column).
        let mut pairs = Vec::new();
        let mut todo = vec![&args[1]];
        let mut bare = false;
        while let Some(x) = todo.pop() {
            match &x.kind {
                ExprKind::Binary { op: BinOp::And, left, right } => todo.extend([&**right, &**left]),
                ExprKind::Binary { op: BinOp::Eq, left, right } => match (&left.kind, &right.kind) {
                    (ExprKind::Field(a), ExprKind::Field(b)) => {
                        let (field, column) = if table.column(&b.text).is_some() { (a, b) } else { (b, a) };
                        let col = table.column(&column.text).ok_or_else(|| {
                            Diagnostic::at(
                                "E160",
                                column.span.clone(),
                                format!("the table {path} has no column `{}`", column.text),
                            )
                            .suggest(&column.text, table.header.iter().map(String::as_str))
                        })?;
                        pairs.push((col, CExpr::Field(self.fields.id(&field.text))));
                    }
                    _ => bare = true,
                },
                _ => bare = true,
            }
        }
        if bare {
            pairs = vec![(0, self.compile(&args[1])?)];
        }
        let (cols, keys): (Vec<usize>, Vec<CExpr>) = pairs.into_iter().unzip();
        let index = table.index(&cols).into_keys().collect();
        Ok(CExpr::LookupContains(Arc::new(index), keys))
    }
}

/// Names that look like calls but are handled here, not in the function registry.
const SPECIAL: &[&str] = &["if", "matches", "replace"];
