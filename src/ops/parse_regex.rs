//! `parse regex "(?<name>...)" [multi]`: named groups become fields; `multi` gives one row per match.

use super::{Chain, Flow, RowOp};
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::fields::FieldId;
use crate::value::Value;
use regex::Regex;

/// A named group of a pattern: its name, the field it sets, and that field's name.
pub type Group = (String, FieldId, String);

pub struct ParseRegex {
    pub field: FieldId,
    /// Each regex with its groups' fields.
    pub patterns: Vec<(Regex, Vec<Group>)>,
    pub multi: bool,
    pub chain: Chain,
}

impl RowOp for ParseRegex {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        let Some(text) = cx.env.reader.text(row, self.field) else {
            self.clear(row);
            return self.chain.outcome(row, false);
        };
        if self.multi {
            return self.multi(row, &text, cx);
        }
        let mut any = false;
        for (re, groups) in &self.patterns {
            if let Some(caps) = re.captures(&text) {
                any = true;
                for (g, id, _) in groups {
                    row.set(*id, caps.name(g).map_or(Value::Null, |m| Value::str(m.as_str())));
                }
            }
        }
        if !any {
            self.clear(row);
        }
        self.chain.outcome(row, any)
    }

    fn outputs(&self) -> Vec<(FieldId, String)> {
        self.patterns.iter().flat_map(|(_, g)| g.iter().map(|(_, id, n)| (*id, n.clone()))).collect()
    }
}

impl ParseRegex {
    fn clear(&self, row: &mut Row) {
        for (_, groups) in &self.patterns {
            for (_, id, _) in groups {
                row.set(*id, Value::Null);
            }
        }
    }

    /// One row per match. Counts them in `cx.multi_rows` and stops one past the cap (the
    /// driver then ends the query), so that one huge event cannot make millions at once.
    fn multi(&self, row: &mut Row, text: &str, cx: &mut Cx) -> Flow {
        let (re, groups) = &self.patterns[0];
        let mut rows = Vec::new();
        for caps in re.captures_iter(text) {
            cx.multi_rows += 1;
            if cx.multi_rows > cx.limits.multi_rows {
                break;
            }
            let mut r = row.clone();
            for (g, id, _) in groups {
                r.set(*id, caps.name(g).map_or(Value::Null, |m| Value::str(m.as_str())));
            }
            r.matched |= self.chain.bit;
            rows.push(r);
        }
        if rows.is_empty() {
            self.clear(row);
            return self.chain.outcome(row, false);
        }
        Flow::Many(rows)
    }
}
