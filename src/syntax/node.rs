//! What the parser needs to know about operators without knowing any of them: a parsed stage is
//! a [`Node`] (a trait object), and the words that start a stage come from a [`Grammar`] the
//! caller passes in. The operators themselves, each with its parser, live above this layer
//! (`plan::operators`, one file each, and one registry), so adding one does not touch `syntax`.

use super::cursor::Cursor;
use crate::diag::Diagnostic;
use std::any::Any;
use std::fmt::Debug;

/// A parser for one stage: it starts at the stage's first token and stops before the `|`
/// that ends it (or the end of the query).
pub type ParseFn = fn(&mut Cursor) -> Result<Box<dyn Node>, Diagnostic>;

/// The operators a query may use, as the stage parser sees them.
pub trait Grammar {
    /// The parser for a stage that starts with this word (lower case), if it is an operator.
    fn operator(&self, word: &str) -> Option<ParseFn>;
    /// The parser for a stage that starts with no operator word: `expr as name`.
    fn expression(&self) -> ParseFn;
    /// Why an operator Sumo Logic has cannot run here, if `word` (lower case) is one.
    fn unsupported(&self, word: &str) -> Option<&'static str>;
    /// Every word that starts a stage, for "did you mean".
    fn words(&self) -> Vec<&'static str>;
}

/// One parsed stage. Its type is private to the operator's own file; the few places that must
/// recognise one operator downcast with [`NodeBase::as_any`].
pub trait Node: NodeBase + Debug + Send + Sync + 'static {
    /// The name of the operator in the registry (`sort`, `parse regex`, `count`'s `aggregate`).
    fn operator(&self) -> &'static str;
    /// The operator as written, for messages: `sort`, `parse regex`, `count`.
    fn keyword(&self) -> String {
        self.operator().to_string()
    }
    /// Appends every name the stage mentions, as written, in order: fields read and written,
    /// functions called (see `syntax::names`).
    fn names(&self, out: &mut Vec<String>);
    /// Whether this stage's answer depends on the query's time range, for operators whose
    /// registry entry says it sometimes does (`timeslice` without a width).
    fn range_dependent(&self) -> bool {
        false
    }
    /// Whether the stage reads the event's text (`_raw`) because no `field=` names another.
    fn reads_raw(&self) -> bool {
        false
    }
    /// The columns a table operator adds, which its planned step does not say (for `explain`).
    fn table_writes(&self) -> Vec<String> {
        Vec::new()
    }
}

/// What every node has, implemented once for all of them.
pub trait NodeBase {
    fn as_any(&self) -> &dyn Any;
    fn clone_node(&self) -> Box<dyn Node>;
}

impl<T: Node + Clone> NodeBase for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn clone_node(&self) -> Box<dyn Node> {
        Box::new(self.clone())
    }
}

impl Clone for Box<dyn Node> {
    fn clone(&self) -> Self {
        self.clone_node()
    }
}
