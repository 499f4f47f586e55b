//! `bin field width=W [, min=A] [, max=B]`: puts a number in a bin of width W, as `_bin_label`, `_bin_lower` and `_bin_upper`; everything, its runtime included, is in this file.
//!
//! As Sumo Logic documents it: `width` is required, `min` and `max` optional; values below
//! `min` go to the first bin and values above `max` to the last. Choices where the docs are
//! silent: a bin holds `[lower, upper)`; bins start at `min` when it is given, else at 0 (so
//! `width=100` puts 250 in `[200, 300)`); the last bin is the one `max` closes (`max` itself
//! and anything above it go there, never to a bin past `max`); `_bin_label` is `[lower, upper)`
//! with the numbers written as the engine writes numbers; a value that is not a number (or a
//! null) gives null bin fields and the row is kept; the options may be separated by commas or
//! spaces; a width that is not positive, or a `max` not above `min`, is `E271`.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::exec::cx::Cx;
use crate::exec::expr::CExpr;
use crate::exec::row::Row;
use crate::fields::FieldId;
use crate::ops::{Flow, RowOp, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;
use crate::value::Value;

pub static SPEC: Spec = Spec {
    name: "bin",
    words: &["bin"],
    common: &[],
    keywords: &["width", "min", "max"],
    strings: Strings::Text,
    kind: Kind::Row,
    range: Range::Never,
    usage: "bin field width=W [, min=A] [, max=B]",
    doc: "Puts a numeric field's value in a bin of the given width: `_bin_label` (`[lower, upper)`), `_bin_lower`, `_bin_upper`.",
    examples: &[
        r#"* | timeslice 1m | count by _timeslice | bin _count width=2 | count by _bin_label, _bin_lower | sort by _bin_lower asc"#,
        r#"* | json "eventName" | length(eventName) as n | bin n width=5, min=5, max=20 | count by _bin_label"#,
    ],
    parse,
    plan,
};

/// The fields it writes, in the docs' order.
const OUT: [&str; 3] = ["_bin_label", "_bin_lower", "_bin_upper"];

#[derive(Clone, Debug)]
struct Bin {
    field: Name,
    width: (f64, Span),
    min: Option<(f64, Span)>,
    max: Option<(f64, Span)>,
}

impl Node for Bin {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::name(&self.field, out);
        out.extend(OUT.iter().map(|s| s.to_string()));
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let field = c.expect_name("the numeric field to bin, like `bin _count width=100`")?;
    let (mut width, mut min, mut max) = (None, None, None);
    loop {
        let slot = if c.is_word("width") {
            &mut width
        } else if c.is_word("min") {
            &mut min
        } else if c.is_word("max") {
            &mut max
        } else {
            break;
        };
        c.bump();
        c.expect_sym("=", "after the option: write `width=100`")?;
        *slot = Some(number(c)?);
        c.eat_sym(",");
    }
    let Some(width) = width else {
        return Err(c.unexpected("expected `width=` and the bins' width, like `width=100`"));
    };
    c.expect_stage_end(SPEC.name)?;
    if width.0 <= 0.0 || !width.0.is_finite() {
        return Err(Diagnostic::at("E271", width.1, "the bins' width must be a number above 0"));
    }
    if let (Some(lo), Some(hi)) = (&min, &max) {
        if hi.0 <= lo.0 {
            return Err(Diagnostic::at("E271", hi.1.clone(), "`max` must be above `min`")
                .hint("values below `min` go to the first bin, values above `max` to the last"));
        }
    }
    Ok(Box::new(Bin { field, width, min, max }))
}

/// A number, maybe negative.
fn number(c: &mut Cursor) -> Result<(f64, Span), Diagnostic> {
    let start = c.span();
    let minus = c.eat_sym("-");
    match *c.peek() {
        Tok::Num(n) => {
            let end = c.bump().span;
            Ok((if minus { -n } else { n }, start.start..end.end))
        }
        _ => Err(c.unexpected("expected a number")),
    }
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Bin { field, width, min, max } = node(n);
    let outs = OUT.map(|o| p.fields.id(o));
    Ok(Step::Row(Box::new(Op {
        value: CExpr::Field(p.fields.id(&field.text)),
        width: width.0,
        min: min.as_ref().map(|m| m.0),
        max: max.as_ref().map(|m| m.0),
        outs,
    })))
}

struct Op {
    value: CExpr,
    width: f64,
    min: Option<f64>,
    max: Option<f64>,
    /// label, lower, upper
    outs: [FieldId; 3],
}

impl Op {
    /// The lower bound of `v`'s bin.
    fn lower(&self, v: f64) -> f64 {
        let start = self.min.unwrap_or(0.0);
        let first = self.min.map_or(f64::NEG_INFINITY, |m| m);
        let last = self.max.map_or(f64::INFINITY, |m| start + (((m - start) / self.width).ceil() - 1.0) * self.width);
        let k = ((v - start) / self.width).floor();
        (start + k * self.width).max(first).min(last)
    }
}

impl RowOp for Op {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        let v = match self.value.eval(row, &cx.env) {
            Ok(v) => v,
            Err(e) => cx.absorb(e).unwrap_or_default(),
        };
        let [label, lower, upper] = self.outs;
        match v.as_num().filter(|n| n.is_finite()) {
            Some(n) => {
                let lo = self.lower(n);
                let hi = lo + self.width;
                let text = format!("[{}, {})", Value::Num(lo), Value::Num(hi));
                row.set(label, Value::str(&text));
                row.set(lower, Value::Num(lo));
                row.set(upper, Value::Num(hi));
            }
            None => {
                for id in self.outs {
                    row.set(id, Value::Null);
                }
            }
        }
        Flow::Keep
    }

    fn outputs(&self) -> Vec<(FieldId, String)> {
        self.outs.iter().zip(OUT).map(|(id, n)| (*id, n.to_string())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(width: f64, min: Option<f64>, max: Option<f64>) -> Op {
        Op { value: CExpr::Field(0), width, min, max, outs: [0, 1, 2] }
    }

    #[test]
    fn bins_start_at_min_or_zero_and_clamp_to_the_first_and_last() {
        let o = op(100.0, None, None);
        assert_eq!([o.lower(250.0), o.lower(0.0), o.lower(-1.0), o.lower(99.9)], [200.0, 0.0, -100.0, 0.0]);
        let o = op(10.0, Some(5.0), Some(30.0));
        assert_eq!(
            [o.lower(4.0), o.lower(5.0), o.lower(16.0), o.lower(29.0), o.lower(30.0), o.lower(99.0)],
            [5.0, 5.0, 15.0, 25.0, 25.0, 25.0]
        );
        let o = op(10.0, Some(0.0), Some(25.0));
        assert_eq!(
            [o.lower(24.0), o.lower(25.0), o.lower(1e9)],
            [20.0, 20.0, 20.0],
            "the last bin is the one max closes"
        );
    }
}
