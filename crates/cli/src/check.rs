//! `trailscope check`: parse and plan a query, print what is wrong or "ok".

use std::sync::Arc;
use trailscope::diag::render::to_text;
use trailscope::lookup::{threat, CsvTable, Lookups};

#[derive(clap::Args)]
pub struct CheckArgs {
    #[arg(long = "var")]
    vars: Vec<String>,
    #[command(flatten)]
    tables: Tables,
    query: String,
}

/// The lookup tables a command may be given (shared by query, check, explain, compat).
#[derive(clap::Args)]
pub struct Tables {
    /// A CSV lookup table, NAME=FILE (repeatable): `lookup ... from NAME on ...` reads it.
    #[arg(long = "lookup")]
    lookups: Vec<String>,
    /// Threat-intel indicators for `lookup ... from sumo://threat/cs`, `threatip`, `threatlookup`
    /// and `_view=threat_intel*` (repeatable): a CSV with a `threat` column (and type, actor,
    /// raw, threatlevel) or a STIX 2.1 bundle.
    #[arg(long = "threat")]
    threats: Vec<String>,
}

/// The bundled geo tables, `NAME=FILE` CSV lookup tables and the threat-intel files.
pub fn load_lookups(t: &Tables) -> Result<Lookups, String> {
    let mut l = Lookups::default();
    super::geo::install(&mut l); // geo://location and asn://default: the bundled tables
    for s in &t.lookups {
        let (name, file) = s.split_once('=').ok_or_else(|| format!("--lookup needs NAME=FILE, got `{s}`"))?;
        let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        let t = CsvTable::parse(&text).map_err(|e| format!("{file}: {e}"))?;
        l.tables.insert(name.to_string(), Arc::new(t));
    }
    let mut indicators = Vec::new();
    for file in &t.threats {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        indicators.extend(threat::read_file(file, &text)?);
    }
    if !indicators.is_empty() {
        // Without --threat, a `--lookup sumo://threat/cs=FILE` table stays as given.
        threat::install(&mut l, indicators);
    }
    Ok(l)
}

pub fn run(a: CheckArgs) -> u8 {
    let (vars, lookups) = match (super::parse_vars(&a.vars), load_lookups(&a.tables)) {
        (Ok(v), Ok(l)) => (v, l),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    match trailscope::compile(&a.query, &vars, &lookups) {
        Ok(_) => {
            println!("ok");
            0
        }
        Err(d) => {
            eprint!("{}", to_text(&d, &a.query));
            2
        }
    }
}
