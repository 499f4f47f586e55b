//! `threatip ip_field`: an address's threat-intel indicator as `actor`, `malicious_confidence`, `raw_threat` and `type` (runtime: `ops::lookup`).
//!
//! As Sumo Logic documents it: the same lookup as `lookup type, actor, raw, threatlevel as
//! malicious_confidence from sumo://threat/cs on threat=ip_field`, for addresses only; an
//! address no indicator names gives nulls and the row is kept. Offline the indicators are the
//! user's files (`--threat`, or dropped on the page), and with none loaded the stage says so
//! (`U020`). Choice where the docs are silent: only indicators of type `ip_address` (any case)
//! or of no type match, so a domain or hash equal to the text is never an address's threat.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::exec::expr::CExpr;
use crate::lookup::threat::{self, SOURCE};
use crate::lookup::CsvTable;
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::names;
use crate::syntax::node::Node;
use std::sync::Arc;

pub static SPEC: Spec = Spec {
    name: "threatip",
    words: &["threatip"],
    common: &[],
    keywords: &[],
    strings: Strings::Text,
    kind: Kind::Row,
    range: Range::Never,
    usage: "threatip ip_field",
    doc: "Adds `actor`, `malicious_confidence`, `raw_threat` and `type` from the threat-intel indicators you loaded for the address; null where none names it.",
    examples: &[
        r#"* | json "sourceIPAddress" as ip | threatip ip | where !isNull(malicious_confidence) | count by ip, actor, malicious_confidence"#,
    ],
    parse,
    plan,
};

/// (field it adds, column of `sumo://threat/cs`), in the docs' order.
const FIELDS: [(&str, &str); 4] =
    [("actor", "actor"), ("malicious_confidence", "threatlevel"), ("raw_threat", "raw"), ("type", "type")];

#[derive(Clone, Debug)]
struct ThreatIp {
    ip: Name,
}

impl Node for ThreatIp {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::name(&self.ip, out);
        out.extend(FIELDS.iter().map(|(f, _)| f.to_string()));
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let ip = c.expect_name("the field holding the address, like `threatip sourceIPAddress`")?;
    c.expect_stage_end(SPEC.name)?;
    Ok(Box::new(ThreatIp { ip }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let ThreatIp { ip } = node(n);
    let Some(intel) = &p.lookups.threat else {
        let word = p.span.start..(p.span.start + SPEC.name.len()).min(p.span.end);
        return Err(super::lookup::missing_table(SOURCE, &word));
    };
    let rows = intel.indicators.iter().filter(|i| i.row[1].is_empty() || i.row[1].eq_ignore_ascii_case("ip_address"));
    let table: Arc<CsvTable> = Arc::new(threat::table(rows.map(|i| i.row.clone()).collect()));
    let column = |c: &str| table.column(c).expect("a column of the threat table");
    let outs = FIELDS.iter().map(|(f, c)| (column(c), p.fields.id(f), f.to_string())).collect();
    let index = table.index(&[column("threat")]);
    let keys = vec![CExpr::Field(p.fields.id(&ip.text))];
    Ok(Step::Row(Box::new(ops::lookup::Lookup { source: ops::lookup::Source::Table { table, index }, keys, outs })))
}
