//! First seen: a principal's first country, network, user agent family, region or service after its learning window.

use super::facts::{Fact, Facts, NOBODY};
use super::places::Places;
use super::{agent, Finding, Kind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The dimensions, in the order their values are compared.
const DIMS: [Kind; 5] = [Kind::FirstCountry, Kind::FirstAsn, Kind::FirstAgent, Kind::FirstRegion, Kind::FirstService];

/// Values of every dimension interned to numbers, each computed once per hot code.
struct Values {
    names: Vec<String>,
    ids: HashMap<String, u32>,
    /// By dimension, by hot code: `u32::MAX` not computed yet, `u32::MAX - 1` no value.
    by_code: Vec<Vec<u32>>,
}

const UNSEEN: u32 = u32::MAX;
const NONE: u32 = u32::MAX - 1;

impl Values {
    fn id(&mut self, name: String) -> u32 {
        let names = &mut self.names;
        *self.ids.entry(name).or_insert_with_key(|k| {
            names.push(k.clone());
            names.len() as u32 - 1
        })
    }

    /// The value of dimension `d` for fact `f`.
    fn of(&mut self, d: usize, f: &Fact, facts: &Facts, places: &mut Places) -> Option<u32> {
        let c = &facts.cols;
        let code = match DIMS[d] {
            Kind::FirstCountry | Kind::FirstAsn => f.ip,
            Kind::FirstAgent => f.agent,
            Kind::FirstRegion => f.region,
            _ => f.service,
        };
        if self.by_code[d][code as usize] == UNSEEN {
            let name = match DIMS[d] {
                Kind::FirstCountry => places.place(code).map(|p| p.country.clone()),
                Kind::FirstAsn => places.network(code).map(|n| {
                    if n.org.is_empty() {
                        format!("AS{}", n.asn)
                    } else {
                        format!("AS{} ({})", n.asn, n.org)
                    }
                }),
                Kind::FirstAgent => Some(agent::family(&facts.text(c.agent, code))),
                Kind::FirstRegion => Some(facts.text(c.region, code)),
                _ => Some(facts.text(c.service, code)),
            };
            self.by_code[d][code as usize] = match name.filter(|n| !n.is_empty()) {
                Some(n) => self.id(n),
                None => NONE,
            };
        }
        Some(self.by_code[d][code as usize]).filter(|&v| v != NONE)
    }
}

/// Flags each principal's first use of a value after `learn_end`, for principals the learning
/// window saw; a value is flagged once (it is known from then on).
pub fn run(facts: &Facts, places: &mut Places, learn_end: i64, out: &mut Vec<Finding>) {
    let c = &facts.cols;
    let lens = [c.ip, c.ip, c.agent, c.region, c.service].map(|col| facts.hot.codes_len(col));
    let mut values =
        Values { names: Vec::new(), ids: HashMap::default(), by_code: lens.iter().map(|&n| vec![UNSEEN; n]).collect() };
    let mut learned: HashSet<u32> = HashSet::default();
    // What each principal used, by dimension, in the order first seen.
    let mut seen: HashMap<(u32, usize), Vec<u32>> = HashMap::default();
    for f in facts.iter() {
        if f.principal == NOBODY {
            continue;
        }
        let learning = f.time < learn_end;
        if learning {
            learned.insert(f.principal);
        }
        for (d, kind) in DIMS.iter().enumerate() {
            let Some(v) = values.of(d, &f, facts, places) else { continue };
            let known = seen.entry((f.principal, d)).or_default();
            if known.contains(&v) {
                continue;
            }
            if !learning && learned.contains(&f.principal) {
                out.push(Finding {
                    kind: *kind,
                    event: f.ev,
                    events: vec![f.ev],
                    detail: detail(d, v, known, &values),
                });
            }
            known.push(v);
        }
    }
}

fn detail(d: usize, v: u32, known: &[u32], values: &Values) -> String {
    let name = &values.names[v as usize];
    let what = match DIMS[d] {
        Kind::FirstCountry => format!("first activity from {name}"),
        Kind::FirstAsn => format!("first activity from network {name}"),
        Kind::FirstAgent => format!("first use of {name}"),
        Kind::FirstRegion => format!("first activity in {name}"),
        _ => format!("first call to {name}"),
    };
    if known.is_empty() {
        return format!("{what}; none seen before");
    }
    let shown: Vec<&str> = known.iter().take(5).map(|k| values.names[*k as usize].as_str()).collect();
    let more = if known.len() > 5 { format!(" and {} more", known.len() - 5) } else { String::new() };
    format!("{what}; seen before: {}{more}", shown.join(", "))
}
