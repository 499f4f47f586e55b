//! Compiled expressions and their evaluation over a row.

use crate::exec::row::{Reader, Row};
use crate::fields::FieldId;
use crate::funcs::{EvalCtx, FnError, FnResult, FuncDef};
use crate::syntax::ast::BinOp;
use crate::value::{parse_num, Value};
use regex::Regex;
use std::sync::Arc;

/// An expression with names resolved, functions looked up and patterns compiled.
#[derive(Clone, Debug)]
pub enum CExpr {
    Lit(Value),
    Field(FieldId),
    Call(&'static FuncDef, Vec<CExpr>),
    If(Box<CExpr>, Box<CExpr>, Box<CExpr>),
    Not(Box<CExpr>),
    Neg(Box<CExpr>),
    Bin(BinOp, Box<CExpr>, Box<CExpr>),
    In(Box<CExpr>, Vec<CExpr>, bool),
    /// `x matches "glob"` or `x matches /re/`, compiled once.
    Match(Box<CExpr>, Arc<Regex>, bool),
    /// `x matches field`: the glob comes from a value, compiled per row.
    MatchDyn(Box<CExpr>, Box<CExpr>, bool),
    /// `replace(s, /re/, "rep")`.
    ReplaceRe(Box<CExpr>, Arc<Regex>, Box<CExpr>),
    /// `lookupContains(path, key)`: whether the table's index (keys joined by `\u{1}`, lower
    /// case) holds the values.
    LookupContains(Arc<std::collections::HashSet<String>>, Vec<CExpr>),
    /// `[subquery: ... | compose a, b]`: whether the row's `a`, `b` equal one of the child's rows.
    Subquery(Arc<crate::exec::composed::Composed>),
}

/// Everything evaluation reads.
pub struct Env<'a> {
    pub reader: Reader<'a>,
    pub ctx: &'a EvalCtx,
}

impl CExpr {
    pub fn eval(&self, row: &Row, env: &Env) -> FnResult {
        Ok(match self {
            CExpr::Lit(v) => v.clone(),
            CExpr::Field(id) => env.reader.get(row, *id),
            CExpr::Call(f, args) => {
                let vals = args.iter().map(|a| a.eval(row, env)).collect::<Result<Vec<_>, _>>()?;
                (f.eval)(&vals, env.ctx)?
            }
            CExpr::If(c, a, b) => {
                if c.eval(row, env)?.as_bool() == Some(true) {
                    a.eval(row, env)?
                } else {
                    b.eval(row, env)?
                }
            }
            CExpr::Not(e) => match e.eval(row, env)?.as_bool() {
                Some(b) => Value::Bool(!b),
                None => Value::Null,
            },
            CExpr::Neg(e) => e.eval(row, env)?.as_num().map_or(Value::Null, |n| Value::Num(-n)),
            CExpr::Bin(op, l, r) => binary(*op, l, r, row, env)?,
            CExpr::In(e, list, negated) => {
                let v = e.eval(row, env)?;
                let mut found = false;
                for item in list {
                    if text_eq(&v, &item.eval(row, env)?) {
                        found = true;
                        break;
                    }
                }
                Value::Bool(found != *negated)
            }
            CExpr::Match(e, re, negated) => {
                let v = e.eval(row, env)?;
                Value::Bool(re.is_match(&v.as_text()) != *negated)
            }
            CExpr::MatchDyn(e, p, negated) => {
                let v = e.eval(row, env)?;
                let pat = p.eval(row, env)?;
                let re = glob_regex(&pat.as_text()).map_err(FnError::Warn)?;
                Value::Bool(re.is_match(&v.as_text()) != *negated)
            }
            CExpr::LookupContains(index, keys) => {
                let mut parts = Vec::with_capacity(keys.len());
                for k in keys {
                    let v = k.eval(row, env)?;
                    if v.is_null() {
                        return Ok(Value::Bool(false));
                    }
                    parts.push(v.as_text().into_owned());
                }
                Value::Bool(index.contains(&parts.join("\u{1}").to_lowercase()))
            }
            CExpr::Subquery(c) => {
                let values: Option<Vec<String>> = c
                    .fields
                    .iter()
                    .map(|id| Some(env.reader.get(row, *id)).filter(|v| !v.is_null()).map(|v| v.as_text().into_owned()))
                    .collect();
                Value::Bool(values.is_some_and(|v| c.answer().holds(&v)))
            }
            CExpr::ReplaceRe(s, re, rep) => {
                let s = s.eval(row, env)?;
                let rep = rep.eval(row, env)?;
                if s.is_null() || rep.is_null() {
                    Value::Null
                } else {
                    Value::from(re.replace_all(&s.as_text(), rep.as_text().as_ref()).into_owned())
                }
            }
        })
    }

    /// True only for a boolean true (what `where` keeps).
    pub fn test(&self, row: &Row, env: &Env) -> Result<bool, FnError> {
        Ok(self.eval(row, env)?.as_bool() == Some(true))
    }
}

fn binary(op: BinOp, l: &CExpr, r: &CExpr, row: &Row, env: &Env) -> FnResult {
    use BinOp::*;
    match op {
        And => return Ok(Value::Bool(l.test(row, env)? && r.test(row, env)?)),
        Or => return Ok(Value::Bool(l.test(row, env)? || r.test(row, env)?)),
        _ => {}
    }
    let (a, b) = (l.eval(row, env)?, r.eval(row, env)?);
    Ok(match op {
        Eq => Value::Bool(loose_eq(&a, &b)),
        Ne => Value::Bool(!loose_eq(&a, &b)),
        Lt | Le | Gt | Ge => {
            if a.is_null() || b.is_null() {
                return Ok(Value::Bool(false));
            }
            let ord = match (a.as_num(), b.as_num()) {
                (Some(x), Some(y)) => x.partial_cmp(&y),
                _ => Some(a.as_text().cmp(&b.as_text())),
            };
            let Some(ord) = ord else { return Ok(Value::Bool(false)) };
            Value::Bool(match op {
                Lt => ord.is_lt(),
                Le => ord.is_le(),
                Gt => ord.is_gt(),
                _ => ord.is_ge(),
            })
        }
        Contains => {
            let (x, y) = (a.as_text(), b.as_text());
            Value::Bool(if x.is_empty() || y.is_empty() {
                x.is_empty() && y.is_empty()
            } else {
                x.contains(y.as_ref())
            })
        }
        Add | Sub | Mul | Div | Rem => match (a.as_num(), b.as_num()) {
            (Some(x), Some(y)) => Value::Num(match op {
                Add => x + y,
                Sub => x - y,
                Mul => x * y,
                Div => x / y,
                _ => x % y,
            }),
            _ => Value::Null,
        },
        And | Or => unreachable!(),
    })
}

/// `=`: null compares as `""`; two values that are both numbers compare as numbers
/// (so `"10" = 10`), everything else as case-sensitive text.
pub fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Num(x), other) | (other, Value::Num(x)) => match other {
            Value::Num(y) => x == y,
            Value::Str(s) => parse_num(s) == Some(*x),
            _ => false,
        },
        _ => a.as_text() == b.as_text(),
    }
}

fn text_eq(a: &Value, b: &Value) -> bool {
    a.as_text() == b.as_text()
}

/// A Sumo glob (`*` any run of characters, whole-string match, case-sensitive) as a regex.
pub fn glob_regex(glob: &str) -> Result<Regex, String> {
    let mut re = String::from("(?s)^");
    for (i, part) in glob.split('*').enumerate() {
        if i > 0 {
            re.push_str(".*");
        }
        re.push_str(&regex::escape(part));
    }
    re.push('$');
    Regex::new(&re).map_err(|e| e.to_string())
}
