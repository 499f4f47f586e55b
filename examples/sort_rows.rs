//! How fast the page's table sort (`query::order::row_order`) orders a million rows, natively:
//! `cargo run --release --example sort_rows [ROWS]`. Prints rows per second for each column
//! shape, best of three, ascending then descending.

use std::time::Instant;
use trailscope::query::order::row_order;
use trailscope::value::Value;

/// A column shape: its name and the cell of row `i`.
type Shape = (&'static str, Box<dyn Fn(usize) -> Value>);

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let shapes: [Shape; 5] = [
        (
            "distinct text (addresses)",
            Box::new(|i| Value::str(&format!("10.{}.{}.{}", (i * 7919) % 256, (i * 31) % 256, i % 251))),
        ),
        ("1,000 categories", Box::new(|i| Value::str(&format!("agent-{}", (i * 104_729) % 1000)))),
        (
            "user agents (long shared prefix)",
            Box::new(|i| Value::str(&format!("Mozilla/5.0 (X11; Linux x86_64) build {}", (i * 48_271) % 99_991))),
        ),
        ("numbers", Box::new(|i| Value::Num(((i * 48_271) % 9973) as f64))),
        (
            "numbers as text, 5% null",
            Box::new(|i| if i % 20 == 0 { Value::Null } else { Value::str(&((i * 48_271) % 99_991).to_string()) }),
        ),
    ];
    for (name, make) in shapes {
        let rows: Vec<Vec<Value>> = (0..n).map(|i| vec![make(i)]).collect();
        for desc in [false, true] {
            let best = (0..3)
                .map(|_| {
                    let t = Instant::now();
                    let o = row_order(&rows, 0, desc);
                    assert_eq!(o.len(), n);
                    t.elapsed().as_secs_f64()
                })
                .fold(f64::INFINITY, f64::min);
            println!(
                "{name:34} {:10} {n} rows in {:6.1} ms: {:5.1} M rows/s",
                if desc { "descending" } else { "ascending" },
                best * 1e3,
                n as f64 / best / 1e6
            );
        }
    }
}
