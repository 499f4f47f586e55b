//! `geoip ip_field [region, continent, ...]`: an address's place from the bundled geo table, as
//! `lookup ... from geo://location on ip=field` gives it (runtime: `ops::lookup`).
//!
//! As Sumo Logic documents it: the fields are always `latitude`, `longitude`, `country_code`,
//! `country_name`, `city` and `state`, and any of `region`, `continent`, `postal_code`,
//! `connection_type`, `country_cf`, `state_cf`, `city_cf` listed after the address field are
//! added; an address with no location (private, reserved, not an address) gives nulls and the
//! row is kept. Choices where the docs are silent: the optional fields may be separated by
//! commas or spaces; the geo lookup's other columns (`area_code`, `metro_code`) may be asked
//! for too; a default field listed again is not added twice; the fields come in the order
//! above, then the optional ones as listed. Offline, the values come from the bundled DB-IP
//! table (`lookup`'s geo path, `W002` when it is not loaded), not from Neustar's data.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::exec::expr::CExpr;
use crate::lookup::GEO_COLUMNS;
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "geoip",
    words: &["geoip"],
    common: &[],
    keywords: &[],
    strings: Strings::Text,
    kind: Kind::Row,
    range: Range::Never,
    usage: "geoip ip_field [region, continent, postal_code, connection_type, country_cf, state_cf, city_cf]",
    doc: "Adds an address's `latitude`, `longitude`, `country_code`, `country_name`, `city` and `state` (and the optional fields listed) from the bundled geo table; null where it has none.",
    examples: &[
        r#"* | json "sourceIPAddress" as ip | geoip ip | count by country_code, country_name"#,
        r#"* | json "sourceIPAddress" as ip | geoip ip region, continent | count by latitude, longitude, region"#,
    ],
    parse,
    plan,
};

/// The fields `geoip` always adds, in Sumo Logic's order.
const DEFAULT: &[&str] = &["latitude", "longitude", "country_code", "country_name", "city", "state"];

#[derive(Clone, Debug)]
struct GeoIp {
    ip: Name,
    optional: Vec<Name>,
}

impl Node for GeoIp {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::name(&self.ip, out);
        out.extend(DEFAULT.iter().map(|s| s.to_string()));
        names::all(&self.optional, out);
    }
}

/// Whether a parsed stage is `geoip` (it reads the bundled geo table, as a geo `lookup` does).
pub fn is(n: &dyn Node) -> bool {
    n.as_any().is::<GeoIp>()
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let ip = c.expect_name("the field holding the address, like `geoip sourceIPAddress`")?;
    let mut optional = Vec::new();
    while !c.at_stage_end() {
        optional.push(c.expect_name("an optional geo field, like `region` or `continent`")?);
        c.eat_sym(",");
    }
    Ok(Box::new(GeoIp { ip, optional }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let GeoIp { ip, optional } = node(n);
    let mut wanted: Vec<&str> = DEFAULT.to_vec();
    for o in optional {
        let Some(col) = GEO_COLUMNS.iter().copied().find(|k| k.eq_ignore_ascii_case(&o.text)) else {
            return Err(Diagnostic::at("E260", o.span.clone(), format!("`geoip` has no field `{}`", o.text))
                .suggest(&o.text, GEO_COLUMNS.iter().copied())
                .hint("its optional fields: region, continent, postal_code, connection_type, country_cf, state_cf, city_cf"));
        };
        if !wanted.contains(&col) {
            wanted.push(col);
        }
    }
    let outs = wanted
        .into_iter()
        .map(|col| {
            let i = GEO_COLUMNS.iter().position(|k| *k == col).expect("a geo column");
            (i, p.fields.id(col), col.to_string())
        })
        .collect();
    let keys = vec![CExpr::Field(p.fields.id(&ip.text))];
    Ok(Step::Row(Box::new(ops::lookup::Lookup { source: ops::lookup::Source::Geo, keys, outs })))
}
