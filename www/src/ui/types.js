// Types shared across the page's folders (JSDoc only, checked by `tsc -p www`): what a query
// result looks like to the code that draws it. Nothing here runs.

/** @typedef {import('../engine/protocol.js').Cell} Cell */

/**
 * A query's result as the worker answers it: the engine's (engine/protocol.js), named here for
 * the code that draws it.
 * @typedef {import('../engine/protocol.js').QueryResult} QueryResult
 */

export {};
