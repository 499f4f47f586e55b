//! `trailscope check`: parse and plan a query, print what is wrong or "ok".

use std::sync::Arc;
use trailscope::diag::render::to_text;
use trailscope::lookup::{CsvTable, Lookups};

#[derive(clap::Args)]
pub struct CheckArgs {
    #[arg(long = "var")]
    vars: Vec<String>,
    #[arg(long = "lookup")]
    lookups: Vec<String>,
    query: String,
}

/// `NAME=FILE` CSV lookup tables.
pub fn load_lookups(specs: &[String]) -> Result<Lookups, String> {
    let mut l = Lookups::default();
    super::geo::install(&mut l); // geo://location and asn://default: the bundled tables
    for s in specs {
        let (name, file) = s.split_once('=').ok_or_else(|| format!("--lookup needs NAME=FILE, got `{s}`"))?;
        let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        let t = CsvTable::parse(&text).map_err(|e| format!("{file}: {e}"))?;
        l.tables.insert(name.to_string(), Arc::new(t));
    }
    Ok(l)
}

pub fn run(a: CheckArgs) -> u8 {
    let (vars, lookups) = match (super::parse_vars(&a.vars), load_lookups(&a.lookups)) {
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
