//! `threatlookup [singleIndicator] [source="name"] [include="active"] field, ...`: the loaded threat-intel indicators a field's value matches, as `_threatlookup.*` fields.
//!
//! As Sumo Logic documents it: each matching indicator is a row of its own (one row with every
//! field null when none matches, so no row is lost); `singleIndicator` keeps the best one
//! (active before expired, then higher confidence, then most recently updated, then the first
//! loaded) and adds `num_matches`; `source` keeps the indicators of one source; `include`
//! (`active`, the default, `expired` or `all`) keeps them by `valid_until`; the times are
//! epoch milliseconds. Offline the indicators are the user's files (`--threat`, or dropped on
//! the page; `lookup::threat`), and with none loaded the stage says so (`U020`). Choices
//! where the docs are silent: an indicator's `source` is its file's name without extension;
//! `confidence` is the STIX indicator's own (0-100), else its `threatlevel` as the lowest score
//! of the docs' scale (high 85, medium 50, low 15); `type` is the STIX observable type
//! (`ipv4-addr`, `ipv6-addr`, `domain-name`, `url`, `email-addr`, `file`); `id`,
//! `threat_type` (`indicator_types`), `kill_chain` (phase names), `updated` (`modified`),
//! `valid_from` and `valid_until` come from the indicator's own JSON (`raw`) when it has them;
//! `fields` is that record's text; `imported` is always null (nothing was imported into a
//! Sumo Logic account); several fields are looked up in turn and all their matches kept; the
//! docs' filter expressions on indicator attributes are not accepted.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::exec::cx::Cx;
use crate::exec::expr::CExpr;
use crate::exec::row::Row;
use crate::fields::FieldId;
use crate::lookup::threat::{Indicator, Intel, SOURCE};
use crate::ops::{Flow, RowOp, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;
use crate::value::Value;
use serde_json::Value as J;
use std::sync::{Arc, OnceLock};

pub static SPEC: Spec = Spec {
    name: "threatlookup",
    words: &["threatlookup"],
    common: &[],
    keywords: &["singleindicator", "source", "include"],
    strings: Strings::Text,
    kind: Kind::Row,
    range: Range::Never,
    usage: r#"threatlookup [singleIndicator] [source="name"] [include="active|expired|all"] field [, field ...]"#,
    doc: "Adds `_threatlookup.*` fields (indicator, type, confidence, actors, source, ...) from the threat-intel indicators you loaded, a row per match.",
    examples: &[
        r#"* | json "sourceIPAddress" as ip | threatlookup singleIndicator ip | where !isNull(%"_threatlookup.indicator") | count by %"_threatlookup.type""#,
    ],
    parse,
    plan,
};

/// The fields it adds, after `_threatlookup.`, in the docs' order; `num_matches` only with
/// `singleIndicator`.
const FIELDS: [&str; 14] = [
    "actors",
    "confidence",
    "fields",
    "id",
    "imported",
    "indicator",
    "kill_chain",
    "num_matches",
    "source",
    "threat_type",
    "type",
    "updated",
    "valid_from",
    "valid_until",
];
const NUM_MATCHES: usize = 7;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Include {
    Active,
    Expired,
    All,
}

#[derive(Clone, Debug)]
struct ThreatLookup {
    single: bool,
    source: Option<String>,
    include: Include,
    fields: Vec<Name>,
}

impl Node for ThreatLookup {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::all(&self.fields, out);
        out.extend(FIELDS.iter().map(|f| format!("_threatlookup.{f}")));
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let (mut single, mut source, mut include) = (false, None, Include::Active);
    loop {
        if c.eat_word("singleindicator") {
            single = true;
        } else if c.is_word("source") && matches!(c.peek_at(1), Tok::Sym("=")) {
            c.bump();
            c.bump();
            source = Some(c.expect_string(r#"the source's name in quotes, like source="iocs""#)?.0);
        } else if c.is_word("include") && matches!(c.peek_at(1), Tok::Sym("=")) {
            c.bump();
            c.bump();
            let (s, span) = c.expect_string(r#"which indicators, like include="all""#)?;
            include = match s.to_ascii_lowercase().as_str() {
                "active" => Include::Active,
                "expired" => Include::Expired,
                "all" => Include::All,
                _ => {
                    return Err(Diagnostic::at("E270", span, format!("`include` is active, expired or all, not `{s}`"))
                        .hint(r#"include="all" keeps expired indicators too"#))
                }
            };
        } else {
            break;
        }
    }
    let fields = c.name_list("the field holding the indicator, like `threatlookup singleIndicator ip`")?;
    c.expect_stage_end(SPEC.name)?;
    Ok(Box::new(ThreatLookup { single, source, include, fields }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let ThreatLookup { single, source, include, fields } = node(n);
    let Some(intel) = p.lookups.threat.clone() else {
        return Err(super::lookup::missing_table(SOURCE, &stage_word(&p.span)));
    };
    let keys = fields.iter().map(|f| CExpr::Field(p.fields.id(&f.text))).collect();
    let outs = FIELDS
        .iter()
        .enumerate()
        .filter(|(i, _)| *single || *i != NUM_MATCHES)
        .map(|(i, f)| {
            let name = format!("_threatlookup.{f}");
            (i, p.fields.id(&name), name)
        })
        .collect();
    let records = (0..intel.indicators.len()).map(|_| OnceLock::new()).collect();
    Ok(Step::Row(Box::new(Op {
        intel,
        records,
        single: *single,
        source: source.as_ref().map(|s| s.to_lowercase()),
        include: *include,
        keys,
        outs,
    })))
}

/// The stage's first word, where a "nothing loaded" diagnostic points.
fn stage_word(span: &Span) -> Span {
    span.start..(span.start + SPEC.name.len()).min(span.end)
}

/// An indicator as `threatlookup` shows it: [`FIELDS`]' values (`num_matches` null), with
/// what ranks it.
struct Record {
    values: [Value; 14],
    confidence: f64,
    updated: f64,
    valid_until: Option<f64>,
}

struct Op {
    intel: Arc<Intel>,
    /// Each indicator's record, made when it first matches.
    records: Vec<OnceLock<Record>>,
    single: bool,
    /// Lower case.
    source: Option<String>,
    include: Include,
    keys: Vec<CExpr>,
    /// (index in [`FIELDS`], field, name)
    outs: Vec<(usize, FieldId, String)>,
}

impl RowOp for Op {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        let now = cx.env.ctx.now_ms as f64;
        let mut found: Vec<&Record> = Vec::new();
        for k in &self.keys {
            let v = match k.eval(row, &cx.env) {
                Ok(v) => v,
                Err(e) => cx.absorb(e).unwrap_or_default(),
            };
            if v.is_null() {
                continue;
            }
            let text = v.as_text();
            for i in self.intel.find(&text) {
                let ind = &self.intel.indicators[i];
                if self.source.as_ref().is_some_and(|s| *s != ind.source.to_lowercase()) {
                    continue;
                }
                let r = self.records[i].get_or_init(|| record(ind));
                let active = r.valid_until.is_none_or(|t| t > now);
                let wanted = match self.include {
                    Include::Active => active,
                    Include::Expired => !active,
                    Include::All => true,
                };
                if wanted {
                    found.push(r);
                }
            }
        }
        if found.is_empty() {
            for (_, id, _) in &self.outs {
                row.set(*id, Value::Null);
            }
            return Flow::Keep;
        }
        if self.single {
            let n = found.len();
            // The first of the best: a stable ranking keeps load order among equals.
            let rank = |r: &Record| (r.valid_until.is_none_or(|t| t > now), r.confidence, r.updated);
            let best = found.iter().copied().reduce(|a, b| if rank(b) > rank(a) { b } else { a }).expect("a match");
            self.fill(row, best, Some(n));
            return Flow::Keep;
        }
        if let [only] = found[..] {
            self.fill(row, only, None);
            return Flow::Keep;
        }
        let mut rows = Vec::with_capacity(found.len());
        for r in found {
            cx.multi_rows += 1;
            if cx.multi_rows > cx.limits.multi_rows {
                break;
            }
            let mut out = row.clone();
            self.fill(&mut out, r, None);
            rows.push(out);
        }
        Flow::Many(rows)
    }

    fn outputs(&self) -> Vec<(FieldId, String)> {
        self.outs.iter().map(|(_, id, n)| (*id, n.clone())).collect()
    }
}

impl Op {
    fn fill(&self, row: &mut Row, r: &Record, matches: Option<usize>) {
        for (i, id, _) in &self.outs {
            let v = match (i, matches) {
                (&NUM_MATCHES, Some(n)) => Value::Num(n as f64),
                _ => r.values[*i].clone(),
            };
            row.set(*id, v);
        }
    }
}

/// An indicator's record (see the module doc for where each value comes from).
fn record(ind: &Indicator) -> Record {
    let [threat, kind, actor, raw, level] = &ind.row;
    let json: J = serde_json::from_str(raw).ok().filter(J::is_object).unwrap_or(J::Null);
    let text = |s: &str| if s.is_empty() { Value::Null } else { Value::str(s) };
    let time = |key: &str| match &json[key] {
        J::Number(n) => n.as_f64(),
        J::String(s) => chrono::DateTime::parse_from_rfc3339(s).ok().map(|t| t.timestamp_millis() as f64),
        _ => None,
    };
    let list = |v: &J, key: Option<&str>| -> Value {
        let items: Vec<&str> = match v {
            J::Array(a) => a.iter().filter_map(|x| key.map_or(x, |k| &x[k]).as_str()).collect(),
            J::String(s) => vec![s.as_str()],
            _ => Vec::new(),
        };
        if items.is_empty() {
            Value::Null
        } else {
            Value::str(&items.join(", "))
        }
    };
    let confidence = json["confidence"].as_f64().or(match level.to_ascii_lowercase().as_str() {
        "high" => Some(85.0),
        "medium" => Some(50.0),
        "low" => Some(15.0),
        _ => None,
    });
    let (updated, valid_from, valid_until) = (time("modified"), time("valid_from"), time("valid_until"));
    let num = |x: Option<f64>| x.map_or(Value::Null, Value::Num);
    let values = [
        text(actor),
        num(confidence),
        text(raw),
        json["id"].as_str().map_or(Value::Null, Value::str),
        Value::Null,
        text(threat),
        list(&json["kill_chain_phases"], Some("phase_name")),
        Value::Null,
        text(&ind.source),
        list(&json["indicator_types"], None),
        text(&observable(kind, threat)),
        num(updated),
        num(valid_from),
        num(valid_until),
    ];
    Record { values, confidence: confidence.unwrap_or(-1.0), updated: updated.unwrap_or(-1.0), valid_until }
}

/// The STIX observable type of an indicator of Sumo's lookup type `kind`.
fn observable(kind: &str, value: &str) -> String {
    match kind.to_ascii_lowercase().as_str() {
        "ip_address" | "ip" if value.contains(':') => "ipv6-addr".into(),
        "ip_address" | "ip" => "ipv4-addr".into(),
        "domain" => "domain-name".into(),
        "url" => "url".into(),
        "email_address" => "email-addr".into(),
        k if k.starts_with("hash") => "file".into(),
        _ => kind.to_string(),
    }
}
