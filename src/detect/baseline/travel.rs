//! Impossible travel: two consecutive located uses of one principal further apart than the set speed allows.

use super::facts::{Facts, NOBODY};
use super::places::{distance_km, Places};
use super::{span, Finding, Kind, Options};
use rustc_hash::FxHashMap as HashMap;

/// A principal's last located use.
struct Last {
    ev: u32,
    time: i64,
    /// The address's hot code (its place is looked up once per code).
    ip: u32,
    cloud: bool,
}

const DAY_MS: i64 = 86_400_000;

/// One alert per principal and pair of places a day: a script and its owner far apart keep
/// alternating, and every switch is the same fact. A hop between two cloud addresses is a
/// machine's (CI runners, instances), not a person's: not flagged.
pub fn run(facts: &Facts, places: &mut Places, o: &Options, out: &mut Vec<Finding>) {
    let mut last: HashMap<u32, Last> = HashMap::default();
    let mut told: HashMap<(u32, String), i64> = HashMap::default();
    for f in facts.iter() {
        if f.principal == NOBODY {
            continue;
        }
        if places.place(f.ip).is_none() {
            continue;
        }
        let cloud = places.network(f.ip).is_some_and(|n| n.is_cloud());
        if let Some(prev) = last.get(&f.principal).filter(|p| !(p.cloud && cloud) && p.ip != f.ip) {
            let there = places.place(prev.ip).cloned().expect("a located use");
            let here = places.place(f.ip).expect("located above");
            let km = distance_km(&there, here);
            let hours = (f.time - prev.time) as f64 / 3_600_000.0;
            if km > o.travel_km && km > o.travel_kmh * hours {
                let (a, b) = (there.name(), here.name());
                let pair = if a <= b { format!("{a}|{b}") } else { format!("{b}|{a}") };
                let key = (f.principal, pair);
                if told.get(&key).is_none_or(|&t| f.time - t >= DAY_MS) {
                    told.insert(key, f.time);
                    let speed = if hours > 0.0 { format!("{:.0} km/h", km / hours) } else { "at once".to_string() };
                    out.push(Finding {
                        kind: Kind::ImpossibleTravel,
                        event: f.ev,
                        events: vec![prev.ev, f.ev],
                        detail: format!(
                            "from {a} to {b}: {:.0} km in {} ({speed}; more than {:.0} km/h)",
                            km,
                            span(f.time - prev.time),
                            o.travel_kmh
                        ),
                    });
                }
            }
        }
        last.insert(f.principal, Last { ev: f.ev, time: f.time, ip: f.ip, cloud });
    }
}
