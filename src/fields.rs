//! Field names of one query, interned: each distinct name (compared without case) gets a slot.

use std::collections::HashMap;

pub type FieldId = usize;

/// Fields that every event has without being extracted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Builtin {
    Raw,
    MessageTime,
    ReceiptTime,
    SourceCategory,
    SourceName,
    SourceHost,
    Size,
    /// The account and region of CloudTrail's S3 key layout (`AWSLogs/<account>/CloudTrail/<region>/`).
    Account,
    Region,
}

const BUILTINS: &[(&str, Builtin)] = &[
    ("_raw", Builtin::Raw),
    ("_messagetime", Builtin::MessageTime),
    ("_receipttime", Builtin::ReceiptTime),
    ("_sourcecategory", Builtin::SourceCategory),
    ("_sourcename", Builtin::SourceName),
    ("_sourcehost", Builtin::SourceHost),
    ("_size", Builtin::Size),
    ("account", Builtin::Account),
    ("region", Builtin::Region),
];

#[derive(Clone, Debug, Default)]
pub struct Fields {
    by_key: HashMap<String, FieldId>,
    /// The name as first written, for column headers.
    names: Vec<String>,
    builtins: Vec<Option<Builtin>>,
}

impl Fields {
    /// The slot of `name`, created on first use.
    pub fn id(&mut self, name: &str) -> FieldId {
        let key = name.to_ascii_lowercase();
        if let Some(&id) = self.by_key.get(&key) {
            return id;
        }
        let id = self.names.len();
        self.builtins.push(BUILTINS.iter().find(|(k, _)| *k == key).map(|(_, b)| *b));
        self.by_key.insert(key, id);
        self.names.push(name.to_string());
        id
    }

    pub fn get(&self, name: &str) -> Option<FieldId> {
        self.by_key.get(&name.to_ascii_lowercase()).copied()
    }

    pub fn name(&self, id: FieldId) -> &str {
        &self.names[id]
    }

    pub fn builtin(&self, id: FieldId) -> Option<Builtin> {
        self.builtins.get(id).copied().flatten()
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Every name seen so far plus the built-ins, for "did you mean".
    pub fn known_names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str).chain(BUILTINS.iter().map(|(k, _)| *k))
    }
}
