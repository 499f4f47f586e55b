//! Results the page may sort or export: kept in the engine after their answer was sent, so a
//! click on a column header asks for the row order (`query::order`), and the CSV download for
//! the engine's CSV (`query::csv`), instead of the page applying rules of its own. Each kept
//! result has an id the answer carries (`result_id`).
//!
//! Every result is kept, messages too: a messages answer is at most `max_messages` rows (with
//! `_raw` cut as the page got it), and the page exports exactly the rows it shows. Keeping
//! them all, rather than only the last messages result, lets a drill-down's messages query or a
//! dashboard's panels run without taking the main result's export away.
//!
//! Several are kept at once (a dashboard draws a table per panel), newest last, within
//! [`MAX_KEPT`] results and [`MAX_CELLS`] cells; the oldest go first, and sorting or exporting
//! one that went is an error the page shows ("run the query again"). The newest is always kept,
//! whatever its size.

use crate::query::order::row_order;
use crate::value::Value;
use std::collections::VecDeque;

pub const MAX_KEPT: usize = 16;
pub const MAX_CELLS: usize = 50_000_000;

pub struct Kept {
    next: u32,
    results: VecDeque<KeptResult>,
    cells: usize,
    /// Cells kept at most (besides the newest result).
    max_cells: usize,
}

impl Default for Kept {
    fn default() -> Kept {
        Kept { next: 0, results: VecDeque::new(), cells: 0, max_cells: MAX_CELLS }
    }
}

/// One kept result: its id, column names and rows, as its answer had them.
pub struct KeptResult {
    pub id: u32,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

fn cells(rows: &[Vec<Value>]) -> usize {
    rows.iter().map(Vec::len).sum::<usize>().max(rows.len())
}

impl Kept {
    /// The id the next kept result will have.
    pub fn next_id(&mut self) -> u32 {
        self.next = self.next.wrapping_add(1).max(1);
        self.next
    }

    /// Keeps `columns` and `rows` under `id`, dropping the oldest results past the caps.
    pub fn keep(&mut self, id: u32, columns: Vec<String>, rows: Vec<Vec<Value>>) {
        self.cells += cells(&rows);
        self.results.push_back(KeptResult { id, columns, rows });
        while self.results.len() > 1 && (self.results.len() > MAX_KEPT || self.cells > self.max_cells) {
            if let Some(r) = self.results.pop_front() {
                self.cells -= cells(&r.rows);
            }
        }
    }

    /// Kept result `id`, or why there is none.
    pub fn get(&self, id: u32) -> Result<&KeptResult, String> {
        self.results.iter().find(|r| r.id == id).ok_or_else(|| {
            "the engine no longer holds this result (newer results took its place); run the query again".to_string()
        })
    }

    /// The row order of kept result `id` by column `column`, or why there is none.
    pub fn order(&self, id: u32, column: usize, descending: bool) -> Result<Vec<u32>, String> {
        let rows = &self.get(id)?.rows;
        if rows.first().is_some_and(|r| column >= r.len()) {
            return Err(format!("the result has no column {column}"));
        }
        Ok(row_order(rows, column, descending))
    }

    pub fn clear(&mut self) {
        self.results.clear();
        self.cells = 0;
    }

    pub fn len(&self) -> usize {
        self.results.len()
    }

    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_within_the_caps_and_says_when_one_went() {
        let mut k = Kept::default();
        let rows = |n: usize| (0..n).map(|i| vec![Value::Num(i as f64)]).collect::<Vec<_>>();
        let first = k.next_id();
        k.keep(first, vec!["n".into()], rows(3));
        assert_eq!(k.order(first, 0, true).unwrap(), [2, 1, 0]);
        assert!(k.order(first, 1, false).unwrap_err().contains("no column 1"));
        for _ in 0..MAX_KEPT {
            let id = k.next_id();
            k.keep(id, vec!["n".into()], rows(1));
        }
        assert_eq!(k.len(), MAX_KEPT);
        assert!(k.order(first, 0, false).unwrap_err().contains("run the query again"));
        // One result past the cells' cap is kept alone.
        k.max_cells = 100;
        let big = k.next_id();
        k.keep(big, vec!["n".into()], vec![vec![Value::Null; 1]; 101]);
        assert_eq!(k.get(big).unwrap().columns, ["n"]);
        assert_eq!(k.len(), 1);
        assert_eq!(k.order(big, 0, false).unwrap().len(), 101);
        k.clear();
        assert!(k.is_empty());
    }
}
