//! A row while a query runs: the event it came from (if any) and one value slot per field.

use crate::fields::{Builtin, FieldId, Fields};
use crate::store::{Store, NO_TIME};
use crate::value::Value;
use std::borrow::Cow;

#[derive(Clone, Debug, Default)]
pub struct Row {
    /// Index of the event in the store; `None` for rows an aggregation made.
    pub event: Option<u32>,
    pub vals: Vec<Value>,
    /// Which extraction stages matched (bit per stage), for the `nodrop` chain rule.
    pub matched: u64,
}

impl Row {
    pub fn for_event(event: usize, nfields: usize) -> Row {
        Row { event: Some(event as u32), vals: vec![Value::Null; nfields], matched: 0 }
    }

    pub fn set(&mut self, id: FieldId, v: Value) {
        if id >= self.vals.len() {
            self.vals.resize(id + 1, Value::Null);
        }
        self.vals[id] = v;
    }
}

/// Reads field values, falling back to the event for built-in fields.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub store: &'a Store,
    pub fields: &'a Fields,
}

impl<'a> Reader<'a> {
    pub fn get(&self, row: &Row, id: FieldId) -> Value {
        match row.vals.get(id) {
            Some(v) if !v.is_null() => v.clone(),
            _ => match (self.fields.builtin(id), row.event) {
                (Some(b), Some(ev)) => builtin_value(self.store, ev as usize, b),
                _ => Value::Null,
            },
        }
    }

    /// The field as text; the event's `_raw` is borrowed from the store, not copied.
    pub fn text(&self, row: &Row, id: FieldId) -> Option<Cow<'a, str>> {
        match row.vals.get(id) {
            Some(v) if !v.is_null() => Some(Cow::Owned(v.as_text().into_owned())),
            _ => match (self.fields.builtin(id), row.event) {
                (Some(Builtin::Raw), Some(ev)) => Some(Cow::Borrowed(self.store.raw(ev as usize))),
                (Some(b), Some(ev)) => match builtin_value(self.store, ev as usize, b) {
                    Value::Null => None,
                    v => Some(Cow::Owned(v.as_text().into_owned())),
                },
                _ => None,
            },
        }
    }

    pub fn time(&self, row: &Row) -> Option<i64> {
        let ev = row.event?;
        let t = self.store.event(ev as usize).time;
        (t != NO_TIME).then_some(t)
    }
}

fn builtin_value(store: &Store, ev: usize, b: Builtin) -> Value {
    let e = store.event(ev);
    match b {
        Builtin::Raw => Value::str(store.raw(ev)),
        Builtin::MessageTime | Builtin::ReceiptTime => {
            if e.time == NO_TIME {
                Value::Null
            } else {
                Value::Num(e.time as f64)
            }
        }
        Builtin::SourceCategory => Value::str(&store.source(ev).category),
        Builtin::SourceName => Value::str(&store.source(ev).name),
        Builtin::SourceHost => Value::str(&store.source(ev).host),
        Builtin::Size => Value::Num(e.len as f64),
        Builtin::Account => store.source(ev).account.as_deref().map_or(Value::Null, Value::str),
        Builtin::Region => store.source(ev).region.as_deref().map_or(Value::Null, Value::str),
    }
}
