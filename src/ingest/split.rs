//! Finding the records of one large file on several threads, cut where records start.

// A cut that turns out not to be a record boundary (text inside a string that looked like one)
// falls back to one thread. JSON lines are cut at line starts, which always are boundaries.

use super::records::{array_from, for_each_record, lines, Damage, Found, Shape};

/// Files smaller than this are not worth a thread.
const MIN_PARALLEL: usize = 8 << 20;

/// Every record of `text` in order, the shape, and where the text is damaged (if it is).
pub fn find_records(text: &str, threads: usize, max_depth: usize) -> (Shape, Vec<Found>, Option<Damage>) {
    let mut found = Vec::new();
    let (shape, damage) = if threads < 2 || text.len() < MIN_PARALLEL {
        for_each_record(text, max_depth, |f| found.push(f))
    } else {
        let (shape, _) = for_each_record(&text[..probe_len(text)], max_depth, |_| {});
        match shape {
            Shape::Lines => return parallel(text, shape, threads, max_depth, cut_lines),
            Shape::Records | Shape::Events | Shape::Array => {
                return parallel(text, shape, threads, max_depth, cut_array)
            }
            Shape::Single | Shape::Concatenated => for_each_record(text, max_depth, |f| found.push(f)),
        }
    };
    (shape, found, damage)
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
    cut: Cutter,
) -> (Shape, Vec<Found>, Option<Damage>) {
    let mut cuts = vec![0];
    for k in 1..threads {
        match cut(text, text.len() * k / threads) {
            Some(c) if c > *cuts.last().unwrap() => cuts.push(c),
            _ => {}
        }
    }
    cuts.push(text.len());
    let parts: Vec<(Vec<Found>, Option<Damage>)> = std::thread::scope(|s| {
        let handles: Vec<_> = cuts
            .windows(2)
            .enumerate()
            .map(|(k, w)| {
                let (from, to) = (w[0], w[1]);
                s.spawn(move || scan_part(text, shape, k == 0, from, to, max_depth))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("scanner threads do not panic")).collect()
    });
    let mut found = Vec::new();
    if shape == Shape::Lines {
        let mut first = None;
        for (mut f, damage) in parts {
            found.append(&mut f);
            first = first.or(damage);
        }
        return (shape, found, first);
    }
    let last = parts.len() - 1;
    for (k, (mut f, damage)) in parts.into_iter().enumerate() {
        // Every part but the last must end cleanly at its cut; otherwise the cut was not a
        // record boundary and one thread reads the whole file.
        let clean = match &damage {
            None => true,
            Some(d) => k != last && d.offset >= cuts[k + 1] - 1,
        };
        if !clean && k != last {
            let mut all = Vec::new();
            let (shape, d) = for_each_record(text, max_depth, |r| all.push(r));
            return (shape, all, d);
        }
        found.append(&mut f);
        if k == last {
            return (shape, found, damage);
        }
    }
    unreachable!("the last part returns")
}

fn scan_part(
    text: &str,
    shape: Shape,
    first: bool,
    from: usize,
    to: usize,
    depth: usize,
) -> (Vec<Found>, Option<Damage>) {
    let mut found = Vec::new();
    let part = &text[..to];
    let damage = match (first, shape) {
        (true, _) => for_each_record(part, depth, |f| found.push(f)).1,
        (false, Shape::Lines) => lines(part, from, depth, &mut |f| found.push(f)),
        (false, _) => array_from(part, from, depth, &mut |f| found.push(f)),
    };
    (found, damage)
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
            let (s1, one, d1) = find_records(&text, 1, 64);
            let (s2, two, d2) = find_records(&text, 3, 64);
            assert_eq!((s1, d1.is_none()), (s2, d2.is_none()));
            assert_eq!(one.len(), 200_000);
            assert!(one.iter().zip(&two).all(|(a, b)| a.start == b.start && a.end == b.end), "{shape}");
            assert_eq!(one.len(), two.len());
        }
    }
}
