//! Tables: what flows between table operators, and the result a query returns.

use crate::exec::row::{Reader, Row};
use crate::fields::FieldId;
use crate::value::Value;
use serde::Serialize;

#[derive(Clone, Debug)]
pub struct Col {
    pub id: FieldId,
    pub name: String,
}

/// Rows with their columns in display order. `aggregated` is false while rows are messages.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub cols: Vec<Col>,
    pub rows: Vec<Row>,
    pub aggregated: bool,
}

impl Table {
    /// Adds a column at the end unless the field is already one.
    pub fn add_col(&mut self, id: FieldId, name: &str) {
        if !self.cols.iter().any(|c| c.id == id) {
            self.cols.push(Col { id, name: name.to_string() });
        }
    }

    pub fn col_index(&self, id: FieldId) -> Option<usize> {
        self.cols.iter().position(|c| c.id == id)
    }
}

/// A query's answer: column names and rows of values, plus which events the rows are
/// (for messages) so a page can show each one's raw JSON.
#[derive(Clone, Debug, Serialize, Default)]
pub struct QueryResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    pub aggregated: bool,
    /// Store index of each row's event (messages only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<u32>,
    /// Warnings, each with its code and how many rows it happened on.
    pub warnings: Vec<crate::exec::warning::Warning>,
}

impl QueryResult {
    pub fn from_table(t: &Table, reader: &Reader) -> QueryResult {
        let mut cols = t.cols.clone();
        if !t.aggregated {
            // Messages show their time first and their raw text last, as Sumo Logic does.
            let time = reader.fields.get("_messagetime");
            let raw = reader.fields.get("_raw");
            cols.retain(|c| Some(c.id) != time && Some(c.id) != raw);
            if let Some(id) = time {
                cols.insert(0, Col { id, name: "_messagetime".into() });
            }
            if let Some(id) = raw {
                cols.push(Col { id, name: "_raw".into() });
            }
        }
        let rows = t.rows.iter().map(|r| cols.iter().map(|c| reader.get(r, c.id)).collect()).collect();
        let events = if t.aggregated { Vec::new() } else { t.rows.iter().filter_map(|r| r.event).collect() };
        QueryResult {
            columns: cols.into_iter().map(|c| c.name).collect(),
            rows,
            aggregated: t.aggregated,
            events,
            warnings: Vec::new(),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_none(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Num(n) if n.fract() == 0.0 && n.abs() < 9e15 => s.serialize_i64(*n as i64),
            Value::Num(n) if n.is_finite() => s.serialize_f64(*n),
            Value::Num(n) => s.serialize_str(&n.to_string()),
            Value::Str(t) => s.serialize_str(t),
        }
    }
}
