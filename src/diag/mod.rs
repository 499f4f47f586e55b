//! Diagnostics: one type for every error the engine reports, rendered as text or JSON.

use serde::Serialize;
use std::ops::Range;

/// A byte range in the query text.
pub type Span = Range<usize>;

/// A labelled span: "here, because ...".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// An error (or warning) with a stable code, a message, labelled spans and hints.
///
/// Codes are grouped by stage: `E1xx` syntax, `E2xx` planning (unknown names, arity, options),
/// `E3xx` execution (caps on a query's working memory), `U...` unsupported features (with the
/// reason). Load problems are not diagnostics: they are the load report's (`ingest::report`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub message: String,
    pub labels: Vec<Label>,
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic { code, message: message.into(), labels: Vec::new(), hints: Vec::new() }
    }

    /// The common case: an error pointing at one place.
    pub fn at(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        let message = message.into();
        Diagnostic::new(code, message).label(span, "")
    }

    pub fn label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label { span, text: text.into() });
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Adds "did you mean `x`?" when a known name is close to what was written.
    pub fn suggest<'a>(self, written: &str, known: impl IntoIterator<Item = &'a str>) -> Self {
        match did_you_mean(written, known) {
            Some(best) => self.hint(format!("did you mean `{best}`?")),
            None => self,
        }
    }

    /// True for the "this cannot work offline / is not implemented" family.
    pub fn is_unsupported(&self) -> bool {
        self.code.starts_with('U')
    }

    /// The first label's span, if any.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span.clone())
    }

    /// Moves every span through `f` (used to map spans back through template substitution).
    pub fn map_spans(mut self, f: impl Fn(usize) -> usize) -> Self {
        for l in &mut self.labels {
            l.span = f(l.span.start)..f(l.span.end).max(f(l.span.start));
        }
        self
    }
}

/// The closest known name within a small edit distance, compared without case.
pub fn did_you_mean<'a>(written: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = written.to_ascii_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for k in known {
        let score = strsim::jaro_winkler(&w, &k.to_ascii_lowercase());
        let dist = strsim::levenshtein(&w, &k.to_ascii_lowercase());
        let close = score >= 0.85 || dist <= (w.len() / 4).max(1);
        if close && best.is_none_or(|(s, _)| score > s) && !k.eq_ignore_ascii_case(written) {
            best = Some((score, k));
        }
    }
    best.map(|(_, k)| k)
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error[{}]: {}", self.code, self.message)
    }
}

impl std::error::Error for Diagnostic {}

pub mod render;
