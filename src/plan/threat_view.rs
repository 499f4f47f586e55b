//! `_view=threat_intel*` offline: the loaded events whose `sourceIPAddress` is a loaded threat-intel indicator, with the indicator's fields, as Sumo's scheduled view gives them.
//!
//! Sumo Logic's Threat Intel apps read scheduled views (`threat_intel_aws_cloudtrail`, ...)
//! that a saved query fills: CloudTrail events, their `sourceIPAddress` as `src_ip`, then
//! `lookup type, actor, raw, threatlevel as malicious_confidence from sumo://threat/cs on
//! threat=src_ip | where !isNull(malicious_confidence)`. The views do not exist offline, so a
//! scope term `_view=threat_intel...` (any name from that prefix on, any case, `*` allowed)
//! means that query over the loaded events and the user's own indicators (`--threat`, or
//! dropped on the page): the term matches the events whose address is an indicator, and every
//! event of the query gets `src_ip`, `type`, `actor`, `raw` and `malicious_confidence` (null
//! where no indicator names it, as when the term sits under `NOT` or `OR`). With no indicators
//! loaded the term is `U020`; any other `_view=` keeps `U010`.

use crate::diag::{Diagnostic, Span};
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::fields::{FieldId, Fields};
use crate::lookup::{threat, CsvTable, Lookups};
use crate::ops::{Flow, RowOp};
use crate::syntax::ast::Search;
use crate::value::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// The event's key the views look up.
pub const ADDRESS: &str = "sourceIPAddress";

/// (field the view adds, column of `sumo://threat/cs`), after `src_ip`.
const FIELDS: [(&str, &str); 4] =
    [("type", "type"), ("actor", "actor"), ("raw", "raw"), ("malicious_confidence", "threatlevel")];

/// Whether a `_view=` value names one of the threat-intel views.
pub fn is_threat_view(value: &str) -> bool {
    value.to_ascii_lowercase().starts_with("threat_intel")
}

/// A threat view with no indicators to answer from.
pub fn none_loaded(field: &str, value: &str, span: &Span) -> Diagnostic {
    Diagnostic::at(
        "U020",
        span.clone(),
        format!("unsupported: `{field}={value}` is a Sumo Logic view of CrowdStrike threat intelligence, and no indicators of your own are loaded"),
    )
    .hint("give your own indicators and the view becomes your events whose sourceIPAddress is one: a CSV with a `threat` column (and type, actor, raw, threatlevel) or a STIX 2.1 bundle (page: drop the file; CLI: --threat FILE)")
}

/// The fields a scope with a threat view adds, if it has one and indicators are loaded.
pub fn plan(scope: &Search, lookups: &Lookups, fields: &mut Fields) -> Option<ThreatView> {
    if !mentions(scope) {
        return None;
    }
    let table = Arc::clone(lookups.tables.get(threat::SOURCE)?);
    let column = |c: &str| table.column(c).expect("a column of the threat table");
    let index = table.index(&[column("threat")]);
    let outs = FIELDS.iter().map(|(f, c)| (column(c), fields.id(f), f.to_string())).collect();
    Some(ThreatView { src_ip: fields.id("src_ip"), index, outs, table })
}

fn mentions(s: &Search) -> bool {
    match s {
        Search::Meta { field, value, .. } => field.eq_ignore_ascii_case("_view") && is_threat_view(value),
        Search::And(v) | Search::Or(v) => v.iter().any(mentions),
        Search::Not(x) => mentions(x),
        _ => false,
    }
}

/// Adds the view's fields to an event's row.
pub struct ThreatView {
    src_ip: FieldId,
    table: Arc<CsvTable>,
    index: HashMap<String, usize>,
    /// (column, field, name)
    outs: Vec<(usize, FieldId, String)>,
}

impl RowOp for ThreatView {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        let ip = row.event.map_or(Value::Null, |e| {
            let raw = cx.env.reader.store.raw(e as usize);
            crate::json::scan::find_key_ci(raw, ADDRESS).map_or(Value::Null, crate::json::scan::to_value)
        });
        let found = (!ip.is_null()).then(|| self.index.get(&ip.as_text().trim().to_lowercase())).flatten();
        for (c, id, _) in &self.outs {
            row.set(*id, found.map_or(Value::Null, |r| self.table.value(*r, *c)));
        }
        row.set(self.src_ip, ip);
        Flow::Keep
    }

    fn outputs(&self) -> Vec<(FieldId, String)> {
        let mut out = vec![(self.src_ip, "src_ip".to_string())];
        out.extend(self.outs.iter().map(|(_, id, n)| (*id, n.clone())));
        out
    }
}
