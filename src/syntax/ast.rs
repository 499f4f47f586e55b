//! The query as written: a scope (search expression) and a list of stages, every node with a span.

use crate::diag::Span;
use crate::value::Value;

#[derive(Clone, Debug)]
pub struct Query {
    pub scope: Search,
    pub stages: Vec<Stage>,
}

/// The keyword search expression before the first `|`.
#[derive(Clone, Debug, PartialEq)]
pub enum Search {
    /// No scope, or `*`.
    All,
    /// A keyword: `quoted` ones match as a substring, bare ones as whole terms.
    Keyword {
        text: String,
        quoted: bool,
        span: Span,
    },
    /// `_sourceCategory=value` and any other `name=value` (value may hold `*`).
    Meta {
        field: String,
        value: String,
        span: Span,
    },
    And(Vec<Search>),
    Or(Vec<Search>),
    Not(Box<Search>),
}

/// A field name as written; compared without case.
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Stage {
    pub op: Op,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

impl Expr {
    /// Levels of nodes from this one down to its deepest leaf. Recursive, which is safe: the
    /// parser checks every node it builds with this and never builds one deeper than
    /// `crate::nesting::MAX_NESTING`.
    pub fn height(&self) -> usize {
        let max = |v: &mut dyn Iterator<Item = &Expr>| v.map(Expr::height).max().unwrap_or(0);
        1 + match &self.kind {
            ExprKind::Lit(_) | ExprKind::Field(_) | ExprKind::Regex(_) => 0,
            ExprKind::Call { args, .. } => max(&mut args.iter()),
            ExprKind::Not(x) | ExprKind::Neg(x) => x.height(),
            ExprKind::Binary { left, right, .. } => left.height().max(right.height()),
            ExprKind::In { expr, list, .. } => max(&mut std::iter::once(&**expr).chain(list)),
            ExprKind::Matches { expr, pattern, .. } => expr.height().max(pattern.height()),
            ExprKind::Ternary { cond, then, other } => cond.height().max(then.height()).max(other.height()),
        }
    }
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Lit(Value),
    Field(Name),
    /// `/.../` (only meaningful as an argument of `matches` or `replace`).
    Regex(String),
    Call {
        name: Name,
        args: Vec<Expr>,
    },
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary {
        op: BinOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    In {
        expr: Box<Expr>,
        list: Vec<Expr>,
        negated: bool,
    },
    Matches {
        expr: Box<Expr>,
        pattern: Box<Expr>,
        negated: bool,
    },
    Ternary {
        cond: Box<Expr>,
        then: Box<Expr>,
        other: Box<Expr>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Contains,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

/// One aggregate call in an aggregation stage: `count`, `sum(x) as total`, `pct(x, 95)`.
#[derive(Clone, Debug)]
pub struct AggCall {
    pub func: Name,
    pub args: Vec<Expr>,
    pub alias: Option<Name>,
}

#[derive(Clone, Debug)]
pub struct SortKey {
    pub expr: Expr,
    pub descending: bool,
}

/// A stage option written `name=value` (`window=5`, `threshold=3`).
#[derive(Clone, Debug)]
pub struct Opt {
    pub name: Name,
    pub value: Expr,
}

#[derive(Clone, Debug)]
pub struct LookupCol {
    pub column: Name,
    pub alias: Option<Name>,
}

#[derive(Clone, Debug)]
pub enum FillGen {
    Timeslice { width_ms: Option<f64>, field: Option<Name> },
    Values { values: Vec<String>, field: Name },
}

#[derive(Clone, Debug)]
pub struct Timeshift {
    pub shift_ms: f64,
    pub raw: String,
    pub count: Option<usize>,
    pub agg: Option<Name>,
    pub alias: Option<Name>,
}

#[derive(Clone, Debug)]
pub enum Op {
    /// `parse [field=f] "a*b" as x[, "c*d" as y] [nodrop]`
    Parse {
        field: Option<Name>,
        patterns: Vec<(String, Span, Vec<Name>)>,
        nodrop: bool,
    },
    /// `parse regex [field=f] "(?<x>..)" [multi] [nodrop]`, also `extract`
    ParseRegex {
        field: Option<Name>,
        patterns: Vec<(String, Span)>,
        nodrop: bool,
        multi: bool,
    },
    /// `json [field=f] "a.b", "c" [as x, y] [nodrop]` and `json auto`
    Json {
        field: Option<Name>,
        paths: Vec<(String, Span)>,
        names: Vec<Name>,
        nodrop: bool,
        auto: bool,
    },
    Where(Expr),
    /// `expr as name`, or a bare call such as `num(x)` that converts `x` in place.
    Eval {
        expr: Expr,
        name: Option<Name>,
    },
    Fields {
        drop: bool,
        names: Vec<Name>,
    },
    Aggregate {
        calls: Vec<AggCall>,
        by: Vec<Name>,
    },
    Sort {
        keys: Vec<SortKey>,
    },
    Top {
        n: usize,
        fields: Vec<Name>,
        by: Option<Name>,
    },
    Topk {
        n: usize,
        fields: Vec<Name>,
        by: Vec<Name>,
    },
    Limit {
        n: usize,
    },
    Timeslice {
        width_ms: Option<f64>,
        buckets: Option<usize>,
        alias: Option<Name>,
    },
    Transpose {
        row: Vec<Name>,
        column: Vec<Name>,
        names: Vec<Name>,
    },
    Fillmissing {
        gens: Vec<FillGen>,
    },
    /// `total` and `accum`: `running` tells them apart.
    Total {
        field: Name,
        alias: Option<Name>,
        by: Vec<Name>,
        running: bool,
    },
    Dedup {
        consecutive: bool,
        n: usize,
        by: Vec<Name>,
    },
    Outlier {
        field: Name,
        by: Vec<Name>,
        opts: Vec<Opt>,
    },
    /// `smooth`, `rollingstd`, `backshift`: a window over the current row order.
    Window {
        kind: WindowKind,
        field: Name,
        size: Option<usize>,
        alias: Option<Name>,
        by: Vec<Name>,
    },
    Compare {
        shifts: Vec<Timeshift>,
    },
    Lookup {
        columns: Vec<LookupCol>,
        all: bool,
        source: (String, Span),
        on: Vec<(Name, Expr)>,
    },
    Withtime {
        field: Name,
        alias: Option<Name>,
    },
}

impl Op {
    /// The operator as written, for messages: `sort`, `parse regex`, `count`.
    pub fn keyword(&self) -> String {
        let s = match self {
            Op::Parse { .. } => "parse",
            Op::ParseRegex { .. } => "parse regex",
            Op::Json { .. } => "json",
            Op::Where(_) => "where",
            Op::Eval { .. } => "expr",
            Op::Fields { .. } => "fields",
            Op::Aggregate { calls, .. } => {
                return calls.first().map_or("count".into(), |c| c.func.text.to_ascii_lowercase())
            }
            Op::Sort { .. } => "sort",
            Op::Top { .. } => "top",
            Op::Topk { .. } => "topk",
            Op::Limit { .. } => "limit",
            Op::Timeslice { .. } => "timeslice",
            Op::Transpose { .. } => "transpose",
            Op::Fillmissing { .. } => "fillmissing",
            Op::Total { running: false, .. } => "total",
            Op::Total { running: true, .. } => "accum",
            Op::Dedup { .. } => "dedup",
            Op::Outlier { .. } => "outlier",
            Op::Window { kind: WindowKind::Smooth, .. } => "smooth",
            Op::Window { kind: WindowKind::RollingStd, .. } => "rollingstd",
            Op::Window { kind: WindowKind::Backshift, .. } => "backshift",
            Op::Compare { .. } => "compare",
            Op::Lookup { .. } => "lookup",
            Op::Withtime { .. } => "withtime",
        };
        s.to_string()
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WindowKind {
    Smooth,
    RollingStd,
    Backshift,
}
