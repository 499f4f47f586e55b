// Types shared across the page's folders (JSDoc only, checked by `tsc -p www`): what a query
// result looks like to the code that draws it. Nothing here runs.

/**
 * One cell of a result row, as the engine writes it (non-finite numbers arrive as text).
 * @typedef {string | number | boolean | null} Cell
 */

/**
 * A query's result as the worker answers it (`query`, see engine/protocol.md). Aggregates have
 * `aggregated: true`; messages carry `events` (indexes for `raw`) and a `histogram`.
 * @typedef {{
 *   columns: string[],
 *   rows: Cell[][],
 *   aggregated?: boolean,
 *   total?: number,
 *   elapsed_ms?: number,
 *   events?: number[],
 *   warnings?: { code: string, message: string, rows?: number, subject?: string }[],
 *   histogram?: { start: number, step: number, counts: number[] } | null,
 *   kinds?: import('../engine/protocol.js').ColumnKind[],
 *   result_id?: number,
 * }} QueryResult
 */

export {};
