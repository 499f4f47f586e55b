//! The translator's diagnostics: `Q0xx`, each naming what cannot become SQL and why.

use crate::diag::{Diagnostic, Span};

/// An operator with no SQL form here (`Q001`).
pub fn operator(span: Span, op: &str, why: &str) -> Diagnostic {
    Diagnostic::at("Q001", span, format!("cannot translate `{op}` to SQL: {why}"))
        .hint("run this query with Trailscope itself, or rewrite the stage")
}

/// A function with no SQL equivalent written here (`Q002`).
pub fn function(span: Span, name: &str) -> Diagnostic {
    Diagnostic::at("Q002", span, format!("cannot translate the function `{name}` to SQL: it has no equivalent here"))
}

/// A field that is not a column of the documented table (`Q003`).
pub fn column(span: Span, path: &str) -> Diagnostic {
    Diagnostic::at(
        "Q003",
        span,
        format!("`{path}` is not a column of the CloudTrail table AWS documents, so SQL cannot read it"),
    )
    .hint("fields outside the table's columns are dropped by its JSON SerDe")
}

/// A scope term with no SQL form (`Q004`).
pub fn scope(span: Span, why: &str) -> Diagnostic {
    Diagnostic::at("Q004", span, format!("cannot translate this search term to SQL: {why}"))
}

/// An expression form with no faithful SQL (`Q006`).
pub fn expression(span: Span, why: &str) -> Diagnostic {
    Diagnostic::at("Q006", span, format!("cannot translate this expression to SQL: {why}"))
}
