//! A subquery's answer as its parent reads it: the rows of the child's `compose` fields, which the driver fills in before the parent runs.

use crate::fields::FieldId;
use crate::literal::Literal;
use std::collections::HashSet;
use std::sync::{Arc, RwLock};

/// One subquery of a plan: what the parent compares, and (once the child ran) the answer.
#[derive(Debug)]
pub struct Composed {
    /// The compose fields as written: the scope's `field=value` terms read the event by name.
    pub names: Vec<String>,
    /// The same fields' slots in the parent's plan: `where` and `if` compare the row's values.
    pub fields: Vec<FieldId>,
    /// `compose ... keywords`: the values alone, searched for in the message (scope only).
    pub keywords: bool,
    answer: RwLock<Arc<Answer>>,
}

/// The child's rows, as text, ready for each way of matching them.
#[derive(Debug, Default)]
pub struct Answer {
    pub rows: Vec<Vec<String>>,
    /// The rows as they are (`where`, `if`: `=` compares text with case).
    exact: HashSet<Vec<String>>,
    /// The rows in lower case (the scope's `field=value` ignores case, as keyword search does).
    lower: HashSet<Vec<String>>,
    /// Each row's values as case-insensitive literals (`keywords`).
    pub literals: Vec<Vec<Literal>>,
}

impl Composed {
    pub fn new(names: Vec<String>, fields: Vec<FieldId>, keywords: bool) -> Composed {
        Composed { names, fields, keywords, answer: Default::default() }
    }

    /// Takes the child's rows (each with one value per compose field).
    pub fn set(&self, rows: Vec<Vec<String>>) {
        let lower = |r: &Vec<String>| r.iter().map(|v| v.to_lowercase()).collect();
        let answer = Answer {
            exact: rows.iter().cloned().collect(),
            lower: rows.iter().map(lower).collect(),
            literals: if self.keywords {
                rows.iter().map(|r| r.iter().filter(|v| !v.is_empty()).map(|v| Literal::new(v)).collect()).collect()
            } else {
                Vec::new()
            },
            rows,
        };
        *self.answer.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(answer);
    }

    pub fn answer(&self) -> Arc<Answer> {
        self.answer.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Answer {
    /// Whether one of the rows is exactly these values.
    pub fn holds(&self, values: &[String]) -> bool {
        self.exact.contains(values)
    }

    /// Whether one of the rows is these values, ignoring case (`values` already lower case).
    pub fn holds_lower(&self, values: &[String]) -> bool {
        self.lower.contains(values)
    }
}
