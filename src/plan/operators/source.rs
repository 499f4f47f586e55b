//! What the extraction operators (parse, parse regex, json, kv) share: the field they read
//! (`_raw` unless `field=` names another) and `nodrop`, parsed, named and planned in one place.

use super::Planner;
use crate::diag::Diagnostic;
use crate::fields::FieldId;
use crate::ops::Chain;
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::names;

#[derive(Clone, Debug, Default)]
pub struct Source {
    pub field: Option<Name>,
    pub nodrop: bool,
}

impl Source {
    /// Takes `field=x` or `nodrop` at the cursor, if one is there; says whether it did.
    pub fn take(&mut self, c: &mut Cursor) -> Result<bool, Diagnostic> {
        if let Some(f) = c.field_opt()? {
            self.field = Some(f);
            return Ok(true);
        }
        if c.eat_word("nodrop") {
            self.nodrop = true;
            return Ok(true);
        }
        Ok(false)
    }

    /// The stage reads the event's text, not a field.
    pub fn reads_raw(&self) -> bool {
        self.field.is_none()
    }

    /// The field it names, for `Node::names`.
    pub fn names(&self, out: &mut Vec<String>) {
        names::opt(&self.field, out);
    }

    /// The slot it reads, and its place in the `nodrop` chain (`nodrop` may be forced on, as
    /// `json auto` does).
    pub fn plan(&self, p: &mut Planner, nodrop: bool) -> (FieldId, Chain) {
        let chain = p.extraction(nodrop);
        (p.fields.id(self.field.as_ref().map_or("_raw", |n| n.text.as_str())), chain)
    }
}

/// `impl Node` for an extraction's node (a struct with a `src: Source`): its spec's name, what
/// `Source` says, and the names it writes, given as `|node, out| ...`.
macro_rules! extraction_node {
    ($node:ty, $spec:expr, $writes:expr) => {
        impl crate::syntax::node::Node for $node {
            fn reads_raw(&self) -> bool {
                self.src.reads_raw()
            }
            fn operator(&self) -> &'static str {
                $spec.name
            }
            fn names(&self, out: &mut Vec<String>) {
                self.src.names(out);
                let writes: fn(&$node, &mut Vec<String>) = $writes;
                writes(self, out);
            }
        }
    };
}
pub(super) use extraction_node;
