//! Runs compiled rules over a store: each event's raw text is read once for the fields the rules ask for, on every core.

use super::compile::{Compiled, FieldDef, FieldTest, Node, Selection, Test};
use super::event::{values, Val};
use super::gate::{ByValue, Gates};
use super::modifiers::{Cmp, Position};
use crate::lookup::IpTable;
use crate::store::hot::HotColumns;
use crate::store::Store;

/// An event one rule matched: indexes into the store and the rule set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub event: u32,
    pub rule: u32,
}

/// The index of `country_code` in the geo table's columns.
const COUNTRY: usize = 3;

/// One event's fields, read on first use.
pub struct EventFields<'a, 'r> {
    raw: &'a str,
    defs: &'r [FieldDef],
    geo: Option<&'r dyn IpTable>,
    cache: Vec<Option<Vec<Val<'a>>>>,
}

impl<'a, 'r> EventFields<'a, 'r> {
    pub fn new(raw: &'a str, defs: &'r [FieldDef], geo: Option<&'r dyn IpTable>) -> Self {
        EventFields { raw, defs, geo, cache: vec![None; defs.len()] }
    }

    fn ensure(&mut self, f: usize) {
        if self.cache[f].is_some() {
            return;
        }
        let mut out = Vec::new();
        match &self.defs[f] {
            FieldDef::Path(p) => values(self.raw, p, &mut out),
            FieldDef::Country(p) => {
                let mut ips = Vec::new();
                values(self.raw, p, &mut ips);
                let code = ips.first().and_then(Val::text).and_then(|ip| self.geo?.lookup(ip.trim(), &[COUNTRY]));
                if let Some(v) = code.and_then(|mut v| v.pop()).filter(|v| !v.is_null()) {
                    out.push(Val::Text(v.as_text().into_owned().into()));
                }
            }
        }
        self.cache[f] = Some(out);
    }

    fn get(&self, f: usize) -> &[Val<'a>] {
        self.cache[f].as_deref().unwrap_or(&[])
    }

    pub fn matches(&mut self, rule: &Compiled) -> bool {
        self.node(&rule.condition, rule)
    }

    fn node(&mut self, n: &Node, rule: &Compiled) -> bool {
        match n {
            Node::Sel(i) => self.selection(&rule.selections[*i]),
            Node::Not(inner) => !self.node(inner, rule),
            Node::And(items) => items.iter().all(|i| self.node(i, rule)),
            Node::Or(items) => items.iter().any(|i| self.node(i, rule)),
        }
    }

    fn selection(&mut self, s: &Selection) -> bool {
        match s {
            Selection::Fields(alts) => alts.iter().any(|tests| tests.iter().all(|t| self.field_test(t))),
            Selection::Keywords(pats, all) => {
                let raw = self.raw;
                if *all {
                    pats.iter().all(|p| p.is_match(raw))
                } else {
                    pats.iter().any(|p| p.is_match(raw))
                }
            }
        }
    }

    fn field_test(&mut self, t: &FieldTest) -> bool {
        self.ensure(t.field);
        for test in &t.tests {
            if let Test::Ref(other, _) = test {
                self.ensure(*other);
            }
        }
        field_test(t, self.get(t.field), &|f| self.get(f))
    }
}

/// Whether a field's values `vals` pass test `t`; `other` gives another field's values (`fieldref`).
pub fn field_test<'v>(t: &FieldTest, vals: &[Val<'v>], other: &dyn Fn(usize) -> &'v [Val<'v>]) -> bool {
    let one = |test: &Test| -> bool {
        match test {
            Test::Null => vals.is_empty() || vals.contains(&Val::Null),
            Test::Exists(want) => vals.iter().any(|v| *v != Val::Null) == *want,
            Test::Str(p) => vals.iter().filter_map(Val::text).any(|v| p.is_match(v)),
            Test::Re(r) => vals.iter().filter_map(Val::text).any(|v| r.is_match(v)),
            Test::Cidr(c) => vals.iter().filter_map(Val::text).any(|v| c.contains(v)),
            Test::Compare(op, n) => {
                vals.iter().filter_map(Val::text).filter_map(|v| v.trim().parse::<f64>().ok()).any(|v| match op {
                    Cmp::Lt => v < *n,
                    Cmp::Lte => v <= *n,
                    Cmp::Gt => v > *n,
                    Cmp::Gte => v >= *n,
                })
            }
            Test::Ref(f, pos) => {
                let others: Vec<String> = other(*f).iter().filter_map(Val::text).map(str::to_lowercase).collect();
                vals.iter().filter_map(Val::text).map(str::to_lowercase).any(|v| {
                    others.iter().any(|o| match pos {
                        None => v == *o,
                        Some(Position::Contains) => v.contains(o.as_str()),
                        Some(Position::StartsWith) => v.starts_with(o.as_str()),
                        Some(Position::EndsWith) => v.ends_with(o.as_str()),
                    })
                })
            }
        }
    };
    if t.all {
        t.tests.iter().all(one)
    } else {
        t.tests.iter().any(one)
    }
}

/// Every (event, rule) match, in store order, rules in their order within an event. With the
/// hot columns, each rule's gates skip the events it cannot match without reading them.
pub fn run(
    store: &Store,
    rules: &[(u32, &Compiled)],
    defs: &[FieldDef],
    geo: Option<&dyn IpTable>,
    hot: Option<&HotColumns>,
    threads: usize,
    progress: &mut dyn FnMut(f64),
) -> Vec<Hit> {
    let n = store.len();
    // With the hot columns: each event looks at the rules its eventName leaves open (a list per
    // name), then at their other gates; its text is read only for a rule that passes them.
    let gated = hot.filter(|_| rules.len() < u16::MAX as usize).map(|h| {
        let gates: Vec<Gates> = rules.iter().map(|(_, r)| Gates::new(r, defs, h)).collect();
        let by = ByValue::new(HotColumns::column_of("eventName").expect("a hot path"), &gates, h);
        (h, gates, by)
    });
    let all: Vec<u16> = (0..rules.len() as u16).collect();
    let part = |from: usize, to: usize, progress: &mut dyn FnMut(f64)| -> Vec<Hit> {
        let mut hits = Vec::new();
        for ev in from..to {
            if ev % 8192 == 0 {
                progress(ev as f64 / n as f64);
            }
            let candidates = match &gated {
                Some((h, _, by)) => &by.rules[h.code(by.col, ev) as usize],
                None => &all,
            };
            let mut fields = None;
            for &r in candidates {
                if let Some((h, gates, _)) = &gated {
                    if !gates[r as usize].open(h, ev) {
                        continue;
                    }
                }
                let (id, rule) = rules[r as usize];
                let f = fields.get_or_insert_with(|| EventFields::new(store.raw(ev), defs, geo));
                if f.matches(rule) {
                    hits.push(Hit { event: ev as u32, rule: id });
                }
            }
        }
        hits
    };
    let threads = threads.clamp(1, 64).min(n.max(1));
    if threads == 1 || n < 4096 {
        return part(0, n, progress);
    }
    let step = n.div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| s.spawn(move || part((t * step).min(n), ((t + 1) * step).min(n), &mut |_| {})))
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a detection thread panicked")).collect()
    })
}
