//! The query as written: a scope (search expression) and a list of stages, every node with a span.

use super::node::Node;
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
    /// `[subquery: ... | compose ...]`: the child's result, as keywords or `field=value` terms.
    Subquery(Subquery),
}

/// `[subquery ...]` as written: the text after the word `subquery` (options, `:`, the child
/// query), parsed and planned by `plan::subquery` (the child needs the operator registry).
#[derive(Clone, Debug, PartialEq)]
pub struct Subquery {
    pub text: String,
    /// Where `text` starts in the query.
    pub at: usize,
    /// The whole block, brackets included.
    pub span: Span,
}

/// A field name as written; compared without case.
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Stage {
    /// The parsed operator: its type belongs to the operator's file (`plan::operators`).
    pub op: Box<dyn Node>,
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
            ExprKind::Lit(_) | ExprKind::Field(_) | ExprKind::Regex(_) | ExprKind::Subquery(_) => 0,
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
    /// `[subquery: ... | compose a, b]`: true when the row's fields equal one of its rows.
    Subquery(Subquery),
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
