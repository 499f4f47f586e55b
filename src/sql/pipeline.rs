//! The query as a chain of CTEs, one per stage: each adds columns (`SELECT *, ... AS "x"`) or
//! keeps rows (`WHERE`), so stages translate one at a time and read like the Sumo query.
//! A field set twice gets a new column (`user_2`): SQL cannot replace a column under `*`.

use super::expr::{Names, Sql, Ty};
use super::quote::ident;
use super::{fail, schema, Dialect};
use crate::diag::Diagnostic;
use crate::syntax::ast::Expr;

/// A field a stage has set: its name as written and its column.
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub col: String,
    pub ty: Ty,
}

pub struct Pipe {
    pub d: Dialect,
    ctes: Vec<(String, String)>,
    cur: String,
    pub fields: Vec<Field>,
    taken: Vec<String>,
    /// Match flags of the `nodrop` extractions a failing extraction may lean on (`ops::Chain`).
    pub chain: Vec<String>,
    pub next_chain: Vec<String>,
    pub keep_chain: bool,
    /// After an aggregation, only its columns exist (no `_raw`, no event columns).
    pub aggregated: bool,
    /// `ORDER BY` items of the last `sort` (applied in the final SELECT, or before a `limit`).
    pub order: Vec<String>,
    /// Whether the result's order is Sumo Logic's (a `sort`, `top` or `limit` after it).
    pub ordered: bool,
}

impl Pipe {
    /// Starts from the first CTE (the table, scoped).
    pub fn new(d: Dialect, first: String) -> Pipe {
        let mut taken: Vec<String> = schema::COLUMNS.iter().map(|c| c.name.to_ascii_lowercase()).collect();
        taken.extend(["timestamp", "_raw", "_messagetime"].map(String::from));
        Pipe {
            d,
            ctes: vec![("events".into(), first)],
            cur: "events".into(),
            fields: Vec::new(),
            taken,
            chain: Vec::new(),
            next_chain: Vec::new(),
            keep_chain: false,
            aggregated: false,
            order: Vec::new(),
            ordered: false,
        }
    }

    /// A new column name for a field (quoted), unused so far.
    pub fn fresh(&mut self, name: &str) -> String {
        let base: String = name
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' })
            .collect();
        let mut col = base.clone();
        let mut k = 2;
        while self.taken.contains(&col) {
            col = format!("{base}_{k}");
            k += 1;
        }
        self.taken.push(col.clone());
        ident(self.d, &col)
    }

    /// Sets a field to a column (the field as written keeps its name in the result).
    pub fn set(&mut self, name: &str, col: String, ty: Ty) {
        self.fields.retain(|f| !f.name.eq_ignore_ascii_case(name));
        self.fields.push(Field { name: name.to_string(), col, ty });
    }

    /// One stage: columns added to every row, and the rows kept.
    pub fn stage(&mut self, adds: &[(String, String)], keep: Option<String>) {
        let mut select = String::from("*");
        for (e, col) in adds {
            select += &format!(", {e} AS {col}");
        }
        let body = match keep {
            None => format!("SELECT {select} FROM {}", self.cur),
            Some(w) if adds.is_empty() => format!("SELECT * FROM {} WHERE {w}", self.cur),
            // The condition reads the new columns, which only the next SELECT can name.
            Some(w) => format!("SELECT * FROM (SELECT {select} FROM {}) AS x WHERE {w}", self.cur),
        };
        self.push(body);
    }

    /// A CTE whose body is given whole.
    pub fn push(&mut self, body: String) {
        let name = format!("s{}", self.ctes.len());
        self.ctes.push((name.clone(), body));
        self.cur = name;
    }

    pub fn current(&self) -> &str {
        &self.cur
    }

    /// The whole query: the CTEs, then the final SELECT of `columns`.
    pub fn finish(&self, columns: &[(String, String)], limit: Option<usize>) -> String {
        let mut sql = String::from("WITH\n");
        let ctes: Vec<String> = self.ctes.iter().map(|(n, b)| format!("{n} AS (\n  {b}\n)")).collect();
        sql += &ctes.join(",\n");
        let cols: Vec<String> = columns.iter().map(|(c, n)| format!("{c} AS {}", ident(self.d, n))).collect();
        sql += &format!("\nSELECT {}\nFROM {}", cols.join(", "), self.cur);
        if !self.order.is_empty() {
            sql += &format!("\nORDER BY {}", self.order.join(", "));
        }
        if let Some(n) = limit {
            sql += &format!("\nLIMIT {n}");
        }
        sql
    }
}

impl Names for Pipe {
    fn dialect(&self) -> Dialect {
        self.d
    }

    fn field(&self, name: &str, e: &Expr) -> Result<Option<Sql>, Diagnostic> {
        if let Some(f) = self.fields.iter().rev().find(|f| f.name.eq_ignore_ascii_case(name)) {
            return Ok(Some((f.col.clone(), f.ty)));
        }
        let lower = name.to_ascii_lowercase();
        if self.aggregated {
            return Ok(None);
        }
        Ok(match lower.as_str() {
            "_raw" => Some((ident(self.d, "_raw"), Ty::Text)),
            "_messagetime" => Some((ident(self.d, "_messagetime"), Ty::Num)),
            _ if lower.starts_with('_') && lower != "_timeslice" => {
                return Err(fail::column(e.span.clone(), name));
            }
            _ => None,
        })
    }
}
