//! `smooth`, `rollingstd`, `backshift`: a window over the current row order (runtime:
//! `ops::window`). Three operators, one node.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::ops::window::{WindowKind, MAX_WINDOW};
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SMOOTH: Spec = Spec {
    name: "smooth",
    words: &["smooth"],
    common: &[],
    keywords: &["as", "by"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "smooth field[, window] [as name] [by group, ...]",
    doc: "Adds `_smooth`: the mean of the field over the last `window` rows (default 10).",
    examples: &[r#"* | timeslice 1h | count by _timeslice | sort by _timeslice asc | smooth _count, 3 as s"#],
    parse,
    plan,
};

pub static ROLLINGSTD: Spec = Spec {
    name: "rollingstd",
    words: &["rollingstd"],
    common: &[],
    keywords: &["as", "by"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "rollingstd field[, window] [as name] [by group, ...]",
    doc: "Adds `_rollingstd`: the standard deviation of the field over the last `window` rows (default 10).",
    examples: &[r#"* | timeslice 1h | count by _timeslice | rollingstd _count"#],
    parse,
    plan,
};

pub static BACKSHIFT: Spec = Spec {
    name: "backshift",
    words: &["backshift"],
    common: &[],
    keywords: &["as", "by"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "backshift field[, shift] [as name] [by group, ...]",
    doc: "Adds `_backshift`: the field's value `shift` rows earlier (default 1).",
    examples: &[r#"* | timeslice 1h | count by _timeslice | backshift _count, 2 by _timeslice"#],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Window {
    kind: WindowKind,
    field: Name,
    size: Option<usize>,
    alias: Option<Name>,
    by: Vec<Name>,
}

impl Node for Window {
    fn table_writes(&self) -> Vec<String> {
        let default = match self.kind {
            WindowKind::Smooth => "_smooth",
            WindowKind::RollingStd => "_rollingstd",
            WindowKind::Backshift => "_backshift",
        };
        vec![self.alias.as_ref().map_or(default.to_string(), |a| a.text.clone())]
    }
    fn operator(&self) -> &'static str {
        match self.kind {
            WindowKind::Smooth => SMOOTH.name,
            WindowKind::RollingStd => ROLLINGSTD.name,
            WindowKind::Backshift => BACKSHIFT.name,
        }
    }
    fn names(&self, out: &mut Vec<String>) {
        names::name(&self.field, out);
        names::opt(&self.alias, out);
        names::all(&self.by, out);
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    let kind = if c.is_word("smooth") {
        WindowKind::Smooth
    } else if c.is_word("rollingstd") {
        WindowKind::RollingStd
    } else {
        WindowKind::Backshift
    };
    c.bump();
    let field = c.expect_name("a field")?;
    let size = if c.eat_sym(",") { Some(c.expect_usize("a window size")?) } else { None };
    let alias = c.opt_alias()?;
    let by = c.opt_by("a field to group by")?;
    c.expect_stage_end("window operator")?;
    Ok(Box::new(Window { kind, field, size, alias, by }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Window { kind, field, size, alias, by } = node(n);
    let (default_size, default_name) = match kind {
        WindowKind::Smooth => (10, "_smooth"),
        WindowKind::RollingStd => (10, "_rollingstd"),
        WindowKind::Backshift => (1, "_backshift"),
    };
    let size = size.unwrap_or(default_size);
    if !(1..=MAX_WINDOW).contains(&size) {
        // The syntax tree keeps no span for the number: point between the field and what follows.
        let end = alias.as_ref().map(|a| a.span.start).or(by.first().map(|b| b.span.start)).unwrap_or(p.span.end);
        let what = if *kind == WindowKind::Backshift { "shift" } else { "window" };
        return Err(Diagnostic::at(
            "E211",
            field.span.end..end.max(field.span.end),
            format!("the {what} must be between 1 and {MAX_WINDOW}, not {size}"),
        )
        .hint(format!("write `{}, {default_size}` (the default)", field.text)));
    }
    let name = alias.as_ref().map_or(default_name.to_string(), |a| a.text.clone());
    Ok(Step::Table(Box::new(ops::window::Window {
        kind: *kind,
        field: p.fields.id(&field.text),
        size,
        by: p.ids(by),
        out: p.fields.id(&name),
        name,
    })))
}
