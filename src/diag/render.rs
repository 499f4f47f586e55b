//! Renders diagnostics as text (CLI, tests) and as JSON with line/column positions (the page).

use super::{Diagnostic, Span};
use serde::Serialize;

/// A position in the query as people and browsers count it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Position {
    /// 1-based line and column (column in characters).
    pub line: usize,
    pub column: usize,
    /// Offset in UTF-16 code units, what JavaScript string APIs use.
    pub utf16: usize,
}

fn position(src: &str, byte: usize) -> Position {
    let byte = byte.min(src.len());
    let before = &src[..floor_char(src, byte)];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
        utf16: before.encode_utf16().count(),
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Text rendering in the familiar compiler style:
///
/// ```text
/// error[E201]: unknown operator `cont`
///   --> 1:5
///    |
///  1 | * | cont by x
///    |     ^^^^ not an operator
///    = hint: did you mean `count`?
/// ```
pub fn to_text(d: &Diagnostic, src: &str) -> String {
    let mut out = format!("error[{}]: {}\n", d.code, d.message);
    for label in &d.labels {
        out.push_str(&render_label(src, &label.span, &label.text));
    }
    for h in &d.hints {
        out.push_str(&format!("   = hint: {h}\n"));
    }
    out
}

fn render_label(src: &str, span: &Span, text: &str) -> String {
    let start = position(src, span.start);
    let line_text = src.lines().nth(start.line - 1).unwrap_or("");
    let line_bytes_start = src[..floor_char(src, span.start)].rfind('\n').map_or(0, |i| i + 1);
    let end_in_line = (span.end.min(line_bytes_start + line_text.len())).max(span.start);
    let width = src[floor_char(src, span.start)..floor_char(src, end_in_line)].chars().count().max(1);
    let gutter = start.line.to_string().len();
    let pad = " ".repeat(gutter);
    format!(
        "{pad}--> {}:{}\n{pad} |\n{} | {}\n{pad} | {}{} {}\n",
        start.line,
        start.column,
        start.line,
        line_text,
        " ".repeat(start.column - 1),
        "^".repeat(width),
        text
    )
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    start: Position,
    end: Position,
    /// Byte offsets, for Rust callers.
    span: &'a Span,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    message: &'a str,
    unsupported: bool,
    labels: Vec<JsonLabel<'a>>,
    hints: &'a [String],
}

/// JSON for the page: spans converted once here to line/column and UTF-16 offsets.
pub fn to_json(d: &Diagnostic, src: &str) -> serde_json::Value {
    let labels = d
        .labels
        .iter()
        .map(|l| JsonLabel {
            start: position(src, l.span.start),
            end: position(src, l.span.end),
            span: &l.span,
            text: &l.text,
        })
        .collect();
    let jd =
        JsonDiagnostic { code: d.code, message: &d.message, unsupported: d.is_unsupported(), labels, hints: &d.hints };
    serde_json::to_value(jd).expect("diagnostic serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_points_at_span() {
        let src = "* | cont by x";
        let d = Diagnostic::at("E201", 4..8, "unknown operator `cont`").hint("did you mean `count`?");
        let text = to_text(&d, src);
        assert!(text.contains("1 | * | cont by x"), "{text}");
        assert!(text.contains("  |     ^^^^"), "{text}");
        assert!(text.contains("did you mean `count`?"));
    }

    #[test]
    fn json_positions_count_utf16() {
        let src = "\"é😀\" | x";
        let d = Diagnostic::at("E1", 9..10, "m");
        let j = to_json(&d, src);
        assert_eq!(j["labels"][0]["start"]["utf16"], 6);
        assert_eq!(j["labels"][0]["start"]["column"], 6);
    }
}
