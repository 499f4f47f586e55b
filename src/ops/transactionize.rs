//! Transactions of messages (`transactionize`): messages that share a value of any of the
//! fields join one transaction, transitively, within the limits of its parameters.
//!
//! Messages are taken oldest first (ties in the table's order). A message joins every open
//! transaction holding one of its (field, value) pairs, merging them; a transaction it would
//! take past `maxLogs`, `maxSpan` (its first message to this one) or `maxPause` (its last
//! message to this one) is closed instead, and so is every one it meets when it matches
//! `startsWith`; a message matching `endsWith` closes its transaction after joining it. A
//! closed transaction takes no more messages, so a later message with its values starts a new
//! one. Candidates are tried oldest first, so the merge keeps the oldest transactions that fit.

use rustc_hash::FxHashMap as HashMap;

/// When a transaction ends (none: never).
#[derive(Clone, Debug, Default)]
pub struct Limits {
    pub max_span: Option<i64>,
    pub max_pause: Option<i64>,
    pub max_logs: Option<usize>,
    /// `startsWith=...;strict`: drop transactions whose first message does not match it.
    pub strict_start: bool,
    /// `endsWith=...;strict`: drop transactions whose last message does not match it.
    pub strict_end: bool,
}

/// One message as grouping sees it.
#[derive(Clone, Debug, Default)]
pub struct Msg {
    pub time: Option<i64>,
    /// (field's place in the list, value as text): the values it can share.
    pub keys: Vec<(usize, String)>,
    pub starts: bool,
    pub ends: bool,
}

/// One transaction: its messages (indexes into the input, oldest first).
#[derive(Clone, Debug, PartialEq)]
pub struct Txn {
    pub rows: Vec<usize>,
    /// A message with none of the fields: a transaction of its own.
    pub orphan: bool,
    pub start: Option<i64>,
    pub end: Option<i64>,
}

#[derive(Default)]
struct Open {
    rows: Vec<usize>,
    keys: Vec<(usize, String)>,
    start: Option<i64>,
    last: Option<i64>,
    orphan: bool,
    /// False once merged into another.
    alive: bool,
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// Whether `to - from` is within `limit` (unknown times are).
fn within(limit: Option<i64>, from: Option<i64>, to: Option<i64>) -> bool {
    match (limit, from, to) {
        (Some(l), Some(a), Some(b)) => b - a <= l,
        _ => true,
    }
}

/// The transactions of `msgs`, in order of their first message (oldest first).
pub fn group(msgs: &[Msg], limits: &Limits) -> Vec<Txn> {
    let mut order: Vec<usize> = (0..msgs.len()).collect();
    order.sort_by_key(|&m| (msgs[m].time.is_some(), msgs[m].time));
    let mut pos = vec![0usize; msgs.len()];
    for (k, &m) in order.iter().enumerate() {
        pos[m] = k;
    }
    let mut txns: Vec<Open> = Vec::new();
    let mut index: HashMap<(usize, String), usize> = HashMap::default();
    let close = |txns: &mut Vec<Open>, index: &mut HashMap<(usize, String), usize>, id: usize| {
        for k in std::mem::take(&mut txns[id].keys) {
            if index.get(&k) == Some(&id) {
                index.remove(&k);
            }
        }
    };
    for &m in &order {
        let msg = &msgs[m];
        if msg.keys.is_empty() {
            txns.push(Open {
                rows: vec![m],
                start: msg.time,
                last: msg.time,
                orphan: true,
                alive: true,
                ..Open::default()
            });
            continue;
        }
        let mut cands: Vec<usize> = msg.keys.iter().filter_map(|k| index.get(k).copied()).collect();
        cands.sort_unstable();
        cands.dedup();
        if msg.starts {
            for c in cands.drain(..) {
                close(&mut txns, &mut index, c);
            }
        }
        let (mut size, mut start) = (1usize, msg.time);
        let mut take = Vec::new();
        for c in cands {
            let t = &txns[c];
            let fits = limits.max_logs.is_none_or(|n| size + t.rows.len() <= n)
                && within(limits.max_span, min_opt(start, t.start), msg.time)
                && within(limits.max_pause, t.last, msg.time);
            if fits {
                size += t.rows.len();
                start = min_opt(start, t.start);
                take.push(c);
            } else {
                close(&mut txns, &mut index, c);
            }
        }
        let id = match take.first() {
            Some(&id) => id,
            None => {
                txns.push(Open { alive: true, ..Open::default() });
                txns.len() - 1
            }
        };
        for &other in take.iter().skip(1) {
            let o = std::mem::take(&mut txns[other]);
            for k in &o.keys {
                index.insert(k.clone(), id);
            }
            let t = &mut txns[id];
            t.rows.extend(o.rows);
            t.keys.extend(o.keys);
            t.start = min_opt(t.start, o.start);
            t.last = t.last.max(o.last);
        }
        let t = &mut txns[id];
        t.rows.push(m);
        t.start = min_opt(t.start, msg.time);
        t.last = t.last.max(msg.time);
        for k in &msg.keys {
            if index.insert(k.clone(), id) != Some(id) {
                txns[id].keys.push(k.clone());
            }
        }
        if msg.ends {
            close(&mut txns, &mut index, id);
        }
    }
    let mut out: Vec<Txn> = txns
        .into_iter()
        .filter(|t| t.alive)
        .map(|mut t| {
            t.rows.sort_by_key(|&m| pos[m]);
            Txn { rows: t.rows, orphan: t.orphan, start: t.start, end: t.last }
        })
        .filter(|t| {
            t.orphan
                || ((!limits.strict_start || msgs[t.rows[0]].starts)
                    && (!limits.strict_end || msgs[*t.rows.last().expect("a transaction has a message")].ends))
        })
        .collect();
    out.sort_by_key(|t| pos[t.rows[0]]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(t: i64, keys: &[(usize, &str)]) -> Msg {
        Msg { time: Some(t), keys: keys.iter().map(|(f, v)| (*f, v.to_string())).collect(), ..Msg::default() }
    }

    fn rows(txns: &[Txn]) -> Vec<Vec<usize>> {
        txns.iter().map(|t| t.rows.clone()).collect()
    }

    #[test]
    fn transitive_on_any_field() {
        // A, ; A, B; , B, C  (the docs' example) and an unrelated D; newest first, as messages come.
        let msgs =
            [msg(4, &[(0, "d")]), msg(3, &[(1, "b"), (2, "c")]), msg(2, &[(0, "a"), (1, "b")]), msg(1, &[(0, "a")])];
        let t = group(&msgs, &Limits::default());
        assert_eq!(rows(&t), [vec![3, 2, 1], vec![0]]);
        assert_eq!((t[0].start, t[0].end), (Some(1), Some(3)));
    }

    #[test]
    fn a_message_can_join_two_transactions() {
        let msgs = [msg(1, &[(0, "a")]), msg(2, &[(1, "b")]), msg(3, &[(0, "a"), (1, "b")]), msg(4, &[(1, "b")])];
        assert_eq!(rows(&group(&msgs, &Limits::default())), [vec![0, 1, 2, 3]]);
    }

    #[test]
    fn limits_close_transactions() {
        let msgs: Vec<Msg> = (0..5).map(|t| msg(t * 10, &[(0, "a")])).collect();
        let logs = Limits { max_logs: Some(2), ..Limits::default() };
        assert_eq!(rows(&group(&msgs, &logs)), [vec![0, 1], vec![2, 3], vec![4]]);
        let span = Limits { max_span: Some(15), ..Limits::default() };
        assert_eq!(rows(&group(&msgs, &span)), [vec![0, 1], vec![2, 3], vec![4]]);
        let mut gappy = msgs.clone();
        gappy[3].time = Some(100);
        gappy[4].time = Some(105);
        let pause = Limits { max_pause: Some(10), ..Limits::default() };
        assert_eq!(rows(&group(&gappy, &pause)), [vec![0, 1, 2], vec![3, 4]]);
    }

    #[test]
    fn starts_and_ends() {
        let mut msgs: Vec<Msg> = (0..5).map(|t| msg(t, &[(0, "a")])).collect();
        msgs[2].starts = true;
        msgs[3].ends = true;
        assert_eq!(rows(&group(&msgs, &Limits::default())), [vec![0, 1], vec![2, 3], vec![4]]);
        let strict = Limits { strict_start: true, strict_end: true, ..Limits::default() };
        assert_eq!(rows(&group(&msgs, &strict)), [vec![2, 3]]);
    }

    #[test]
    fn orphans_stand_alone() {
        let msgs = [msg(1, &[(0, "a")]), msg(2, &[]), msg(3, &[(0, "a")])];
        let t = group(&msgs, &Limits::default());
        assert_eq!(rows(&t), [vec![0, 2], vec![1]]);
        assert!(t[1].orphan && !t[0].orphan);
    }
}
