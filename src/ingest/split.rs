//! Finding the records of one large file on several threads, cut where records start.

// A cut that turns out not to be a record boundary (text inside a string that looked like one)
// falls back to one thread. JSON lines are cut at line starts, which always are boundaries.

use super::records::{array_from, for_each_record, lines, Damage, Found, Shape, Skip};

/// Files smaller than this are not worth a thread.
const MIN_PARALLEL: usize = 8 << 20;

/// What a file's text holds: its records (in order), shape and first damage.
pub struct Scan {
    pub shape: Shape,
    pub found: Vec<Found>,
    pub damage: Option<Damage>,
    /// Array elements that are not objects (`[1,2,...]`): counted, not kept, so that a file of
    /// scalars costs no memory per element.
    pub not_objects: u64,
    /// Records beyond `max_records` were found and not kept: the file is refused.
    pub too_many: bool,
}

/// Collects what a scan finds, keeping at most `max` records.
struct Collect {
    found: Vec<Found>,
    not_objects: u64,
    max: usize,
    too_many: bool,
}

impl Collect {
    fn new(max: usize) -> Collect {
        Collect { found: Vec::new(), not_objects: 0, max, too_many: false }
    }

    /// Keeps `f`; `false` once there are more than `max` (reading should stop).
    fn push(&mut self, f: Found) -> bool {
        if f.skip == Some(Skip::NotObject) {
            self.not_objects += 1;
        } else if self.found.len() < self.max {
            self.found.push(f);
        } else {
            self.too_many = true;
        }
        !self.too_many
    }

    fn into_scan(self, shape: Shape, damage: Option<Damage>) -> Scan {
        Scan { shape, found: self.found, damage, not_objects: self.not_objects, too_many: self.too_many }
    }
}

/// Every record of `text` in order (at most `max_records`), the shape, and where the text is
/// damaged (if it is).
pub fn find_records(text: &str, threads: usize, max_depth: usize, max_records: usize) -> Scan {
    let one = || {
        let mut c = Collect::new(max_records);
        let (shape, damage) = for_each_record(text, max_depth, |f| c.push(f));
        c.into_scan(shape, damage)
    };
    if threads < 2 || text.len() < MIN_PARALLEL {
        return one();
    }
    let (shape, _) = for_each_record(&text[..probe_len(text)], max_depth, |_| true);
    let cut: Cutter = match shape {
        Shape::Lines => cut_lines,
        Shape::Records | Shape::Events | Shape::Array => cut_array,
        _ => return one(),
    };
    // Anything unusual (damage, a second document, a cut inside a string) and one thread
    // reads the whole file: the parallel scan is only a faster way to the same answer.
    parallel(text, shape, threads, max_depth, max_records, cut).unwrap_or_else(one)
}

/// Enough of the start of the file to tell its shape.
fn probe_len(text: &str) -> usize {
    let mut n = (1 << 16).min(text.len());
    while !text.is_char_boundary(n) {
        n -= 1;
    }
    n
}

type Cutter = fn(&str, usize) -> Option<usize>;

fn parallel(
    text: &str,
    shape: Shape,
    threads: usize,
    max_depth: usize,
    max_records: usize,
    cut: Cutter,
) -> Option<Scan> {
    let mut cuts = vec![0];
    for k in 1..threads {
        match cut(text, text.len() * k / threads) {
            Some(c) if c > *cuts.last().unwrap() => cuts.push(c),
            _ => {}
        }
    }
    cuts.push(text.len());
    let parts: Vec<(Collect, Result<usize, Damage>)> = std::thread::scope(|s| {
        let handles: Vec<_> = cuts
            .windows(2)
            .enumerate()
            .map(|(k, w)| {
                let (from, to) = (w[0], w[1]);
                s.spawn(move || scan_part(text, shape, k == 0, from, to, max_depth, max_records))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("scanner threads do not panic")).collect()
    });
    let last = parts.len() - 1;
    let mut all = Collect::new(max_records);
    for (k, (c, end)) in parts.into_iter().enumerate() {
        // A part must run into its cut (no `]` inside it); the last one must end the file.
        let clean = match end {
            Ok(end) if k == last => shape == Shape::Lines || rest_is_close(text, end),
            Ok(_) => shape == Shape::Lines,
            Err(d) => k != last && d.offset >= cuts[k + 1] - 1 && shape != Shape::Lines,
        };
        if !clean {
            return None;
        }
        all.not_objects += c.not_objects;
        all.too_many |= c.too_many;
        for f in c.found {
            if !all.push(f) {
                break;
            }
        }
    }
    Some(all.into_scan(shape, None))
}

/// Whether only the wrapper's `}` and whitespace follow the end of the records array.
fn rest_is_close(text: &str, end: usize) -> bool {
    let rest = text[end..].trim();
    rest.is_empty() || rest == "}"
}

fn scan_part(
    text: &str,
    shape: Shape,
    first: bool,
    from: usize,
    to: usize,
    depth: usize,
    max: usize,
) -> (Collect, Result<usize, Damage>) {
    let mut c = Collect::new(max);
    let part = &text[..to];
    let end = match (first, shape) {
        (_, Shape::Lines) => match lines(part, from.max(bom(text)), depth, &mut |f| c.push(f)) {
            None => Ok(to),
            Some(d) => Err(d),
        },
        (true, _) => {
            // The first part starts at the file's start: the array's first element.
            array_from(part, array_start(text), depth, &mut |f| c.push(f))
        }
        (false, _) => array_from(part, from, depth, &mut |f| c.push(f)),
    };
    (c, end)
}

fn bom(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

/// The first element of the records array (a wrapper's or a bare array's).
fn array_start(text: &str) -> usize {
    let b = text.as_bytes();
    let i = crate::json::scan::skip_ws(b, bom(text));
    let open = if b.get(i) == Some(&b'[') {
        Some(i)
    } else {
        ["Records", "Events"].iter().find_map(|k| crate::json::scan::key_value_start(b, i, k))
    };
    crate::json::scan::skip_ws(b, open.map_or(i, |o| o + 1))
}

/// The start of the line after `at`.
fn cut_lines(text: &str, at: usize) -> Option<usize> {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map(|i| at + i + 1)
}

/// The `{` of a record after `at`: CloudTrail records follow each other as `},{"eventVersion"`.
fn cut_array(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let finder = memchr::memmem::Finder::new(b"},{\"");
    finder.find(&b[at..]).map(|i| at + i + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(shape: &str, n: usize) -> String {
        let rec = |i: usize| {
            format!(r#"{{"eventVersion":"1.08","eventName":"E{i}","requestParameters":{{"p":"x}},{{\"y"}}}}"#)
        };
        let recs: Vec<String> = (0..n).map(rec).collect();
        match shape {
            "lines" => recs.join("\n"),
            _ => format!("{{\"Records\":[{}]}}", recs.join(",")),
        }
    }

    #[test]
    fn parallel_finds_the_same_records_as_one_thread() {
        for shape in ["lines", "records"] {
            let text = big(shape, 200_000);
            assert!(text.len() > MIN_PARALLEL);
            let (a, b) = (find_records(&text, 1, 64, usize::MAX), find_records(&text, 3, 64, usize::MAX));
            let (s1, one, d1) = (a.shape, a.found, a.damage);
            let (s2, two, d2) = (b.shape, b.found, b.damage);
            assert_eq!((s1, d1.is_none()), (s2, d2.is_none()));
            assert_eq!(one.len(), 200_000);
            assert!(one.iter().zip(&two).all(|(a, b)| a.range() == b.range()), "{shape}");
            assert_eq!(one.len(), two.len());
        }
    }
}
