//! `predict f by 1m [model=ar] [, ar.window=N] [, forecast=N | forecast=5m]`: a timesliced
//! aggregate's predicted values and forecast rows (runtime: `ops::predict`, models:
//! `ops::regression`).
//!
//! As Sumo Logic documents it: an aggregation by `_timeslice` (from a `timeslice` stage) must
//! come before it; the linear form adds `f_predicted` (the least-squares line over the slices)
//! and `f_error` (that line minus the actual value); `model=ar` adds `f_predicted` (the
//! autoregressive model), `f_linear` (the line) and `f_error` (the line minus the actual
//! value); `forecast` is a number of points or a duration (3 points by default), at most 100
//! points; a missing slice counts as 0, with a warning (`W260`); at most 10,000 points are
//! fitted (the latest) and at most 20,000 missing ones filled (`E267`); an AR model learned
//! from fewer than 100 points draws Sumo's warning that it may not be optimal (`W261`).
//! Choices where the docs are silent:
//! - the output is the series in time order, one row per `by` step from the first slice to the
//!   last (a missing slice is a row with `f` = 0 and the other columns null), then the forecast
//!   rows (`_timeslice` and the predictions only); rows without a timeslice come last, untouched;
//! - the linear form forecasts too (3 points unless `forecast=` says otherwise): Sumo's page
//!   says it extrapolates with its line; `model=linear` names it;
//! - the AR model is the Yule-Walker estimate of order `ar.window` (default 40% of the points,
//!   the page's advice); a point's AR prediction uses the `ar.window` actual points before it,
//!   so the first `ar.window` points have none; forecasts continue from the model's own
//!   predictions; a series too short for the window has no AR predictions (`W262`);
//! - the slices must lie a whole number of `by` steps apart, one row each (`E266` otherwise:
//!   aggregate by `_timeslice` alone, with the timeslice's width).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::ops::predict::Predict;
use crate::ops::{Step, Step::Aggregate};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "predict",
    words: &["predict"],
    common: &[],
    keywords: &["by", "model", "ar", "linear", "ar.window", "forecast"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "predict field by 1m [model=ar] [, ar.window=N] [, forecast=N | forecast=5m]",
    doc: "After an aggregation by `_timeslice`, adds `f_predicted` and `f_error` from a line fitted to the series (`model=ar`: an autoregressive model, with the line as `f_linear`), and forecast rows.",
    examples: &[
        r#"* | timeslice 1h | count by _timeslice | fillmissing timeslice(1h) | predict _count by 1h"#,
        r#"* | timeslice 1m | count by _timeslice | fillmissing timeslice(1m) | predict _count by 1m model=ar, ar.window=60, forecast=30m"#,
    ],
    parse,
    plan,
};

/// How many points to forecast.
#[derive(Clone, Debug)]
enum Forecast {
    Points(usize),
    Duration(f64, String),
}

#[derive(Clone, Debug)]
struct PredictNode {
    field: Name,
    step: (f64, String),
    ar: bool,
    window: Option<(usize, Span)>,
    forecast: Option<(Forecast, Span)>,
}

impl Node for PredictNode {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::name(&self.field, out);
    }
    fn table_writes(&self) -> Vec<String> {
        let kinds: &[&str] = if self.ar { &["predicted", "linear", "error"] } else { &["predicted", "error"] };
        kinds.iter().map(|k| format!("{}_{k}", self.field.text)).collect()
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let field = c.expect_name("the field to predict, like `predict _count by 1m`")?;
    if !c.eat_word("by") {
        return Err(c.unexpected("expected `by` and the series' interval, like `predict _count by 1m`"));
    }
    let step = c.duration("the series' interval (the timeslice's width)")?;
    let mut node = PredictNode { field, step, ar: false, window: None, forecast: None };
    loop {
        c.eat_sym(",");
        if c.eat_word("model") {
            c.expect_sym("=", "after `model`: write `model=ar`")?;
            if c.eat_word("ar") {
                node.ar = true;
            } else if c.eat_word("linear") {
                node.ar = false;
            } else {
                return Err(c.unexpected("expected `ar` or `linear` after `model=`"));
            }
        } else if c.is_word("ar.window") {
            c.bump();
            c.expect_sym("=", "after `ar.window`: write `ar.window=50`")?;
            let span = c.span();
            let n = c.expect_usize("a number of points, like `ar.window=50`")?;
            if n == 0 {
                return Err(option_error(span, "`ar.window` must be at least 1"));
            }
            node.window = Some((n, span));
        } else if c.eat_word("forecast") {
            c.expect_sym("=", "after `forecast`: write `forecast=5` or `forecast=5m`")?;
            let span = c.span();
            let f = match c.peek().clone() {
                Tok::Duration { ms, raw } => {
                    c.bump();
                    Forecast::Duration(ms, raw)
                }
                _ => Forecast::Points(
                    c.expect_usize("a number of points or a duration, like `forecast=5` or `forecast=5m`")?,
                ),
            };
            node.forecast = Some((f, span));
        } else {
            break;
        }
    }
    c.expect_stage_end("predict")?;
    Ok(Box::new(node))
}

fn option_error(span: Span, message: &str) -> Diagnostic {
    Diagnostic::at("E264", span, message.to_string())
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let PredictNode { field, step: (step, by), ar, window, forecast } = node(n);
    if let (Some((_, span)), false) = (window, ar) {
        return Err(option_error(span.clone(), "`ar.window` is an option of the AR model")
            .hint("add `model=ar`, or leave the window out for the linear model"));
    }
    let forecast_span = forecast.as_ref().map_or(field.span.clone(), |(_, s)| s.clone());
    let forecast = match forecast {
        None => 3,
        Some((Forecast::Points(n), _)) => *n,
        Some((Forecast::Duration(ms, raw), span)) => {
            let n = (ms / step).floor() as usize;
            if n == 0 {
                return Err(option_error(
                    span.clone(),
                    &format!("`forecast={raw}` is shorter than one step of `by {by}`"),
                ));
            }
            n
        }
    };
    if forecast > 100 {
        return Err(option_error(forecast_span, &format!("`predict` forecasts at most 100 points, not {forecast}"))
            .hint("forecast fewer points, or use a wider `by` interval"));
    }
    // The series' time: the bucket of the last `timeslice` before it, which an aggregation
    // after it must group by.
    let slice = p.before.iter().rposition(|s| matches!(s, Step::Row(op) if op.time_bucket().is_some()));
    let time = slice.and_then(|i| match &p.before[i] {
        Step::Row(op) => op.time_bucket(),
        _ => None,
    });
    let grouped = slice.is_some_and(|i| {
        p.before[i..].iter().any(|s| matches!(s, Aggregate(a) if a.by.iter().any(|(id, _)| Some(*id) == time)))
    });
    let Some(time) = time.filter(|_| grouped) else {
        return Err(Diagnostic::at(
            "E265",
            p.span.clone(),
            "`predict` needs a timeslice and an aggregation by it before it",
        )
        .hint("for example `timeslice 1m | count by _timeslice | predict _count by 1m`"));
    };
    let f = &field.text;
    let mut out = |kind: &str| {
        let name = format!("{f}_{kind}");
        (p.fields.id(&name), name)
    };
    let (predicted, linear, error) = (out("predicted"), out("linear"), out("error"));
    Ok(Step::Table(Box::new(Predict {
        field: (p.fields.id(f), f.clone()),
        time,
        step: *step,
        ar: ar.then_some(window.as_ref().map(|(n, _)| *n)),
        forecast,
        predicted,
        linear,
        error,
        span: p.span.clone(),
    })))
}
