//! Transactions of states (`transaction`): messages with the same ID values, each in one
//! state, as a transaction's counts per state and as the flow from state to state.

use rustc_hash::FxHashMap as HashMap;

/// One message that is in a state.
#[derive(Clone, Debug)]
pub struct Mark {
    /// The transaction's ID values, as text.
    pub key: Vec<String>,
    pub time: Option<i64>,
    /// Its state, by place in the list of states.
    pub state: usize,
    /// Its row, for the ID values' own types.
    pub row: usize,
}

/// One transaction.
#[derive(Clone, Debug, PartialEq)]
pub struct Txn {
    /// The row of its oldest message.
    pub row: usize,
    pub start: Option<i64>,
    pub end: Option<i64>,
    /// Messages per state.
    pub counts: Vec<u64>,
    /// (time, state) of its messages, oldest first.
    pub seq: Vec<(Option<i64>, usize)>,
}

/// The transactions of `marks` (rows in any order), in order of their oldest message; ties in
/// time keep the marks' order.
pub fn transactions(marks: &[Mark], nstates: usize) -> Vec<Txn> {
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&k| (marks[k].time.is_some(), marks[k].time));
    let mut index: HashMap<&[String], usize> = HashMap::default();
    let mut out: Vec<Txn> = Vec::new();
    for k in order {
        let m = &marks[k];
        let i = *index.entry(&m.key).or_insert_with(|| {
            out.push(Txn { row: m.row, start: m.time, end: m.time, counts: vec![0; nstates], seq: Vec::new() });
            out.len() - 1
        });
        let t = &mut out[i];
        t.counts[m.state] += 1;
        t.end = t.end.max(m.time);
        t.seq.push((m.time, m.state));
    }
    out
}

/// The moves of a transaction from one state to another: (from, to, latency in ms). Messages in
/// a row in the same state are one visit; the latency runs from the first message of one visit
/// to the first of the next.
pub fn flow(t: &Txn) -> Vec<(usize, usize, Option<i64>)> {
    let mut visits: Vec<(Option<i64>, usize)> = Vec::new();
    for &(time, state) in &t.seq {
        if visits.last().is_none_or(|v| v.1 != state) {
            visits.push((time, state));
        }
    }
    visits
        .windows(2)
        .map(|w| {
            let latency = match (w[0].0, w[1].0) {
                (Some(a), Some(b)) => Some(b - a),
                _ => None,
            };
            (w[0].1, w[1].1, latency)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(key: &str, time: i64, state: usize, row: usize) -> Mark {
        Mark { key: vec![key.to_string()], time: Some(time), state, row }
    }

    #[test]
    fn counts_and_flow() {
        // Newest first, as messages come: a logs in twice, then makes a key, then logs in again.
        let marks =
            [mark("a", 40, 0, 0), mark("b", 35, 1, 1), mark("a", 30, 1, 2), mark("a", 20, 0, 3), mark("a", 10, 0, 4)];
        let t = transactions(&marks, 2);
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].row, t[0].start, t[0].end, t[0].counts.clone()), (4, Some(10), Some(40), vec![3, 1]));
        assert_eq!(flow(&t[0]), [(0, 1, Some(20)), (1, 0, Some(10))]);
        assert_eq!(flow(&t[1]), []);
    }
}
