// The worker protocol as types: what the page sends the worker and what comes back. Imported
// for its types by connection.js, client.js and worker.js, and checked by `tsc -p www` (make
// test); protocol.md says what each request does.

/**
 * A request's name: one handler each in worker.js.
 * @typedef {'init' | 'sample' | 'load' | 'clear' | 'query' | 'prepareGeo' | 'substitute' | 'scopeTo'
 *   | 'raw' | 'fields' | 'stats' | 'setCategory' | 'sortResult' | 'explain'} RequestType
 */

/**
 * A result column's kind, as the engine says it (`query::kinds`): `number` (every cell that is
 * not a gap is a finite number), `time` (such a column named `_timeslice`, `_messagetime` or
 * `_receipttime`: epoch ms), `text` (anything else), `empty` (only gaps: nulls, NaN, inf).
 * @typedef {'number' | 'time' | 'text' | 'empty'} ColumnKind
 */

/**
 * A query's result (the `ok` of a `query` answer), as the page reads it. `kinds` has one entry
 * per column; `result_id`, on aggregate results, names the rows the engine keeps for `sortResult`.
 * @typedef {{ columns: string[], rows: any[][], aggregated: boolean, kinds: ColumnKind[], result_id?: number,
 *   total?: number, elapsed_ms?: number, warnings?: { code: string, message: string, rows: number, subject?: string }[],
 *   histogram?: { start: number, step: number, counts: number[] }, events?: number[], categories?: string[] }} QueryResult
 */

/**
 * `sortResult`: the order of kept result `result`'s rows by column `column`. The answer is a
 * Uint32Array of row indexes, transferred: numbers (and numbers written as text, when the whole
 * column is) by value before text, text by code point, nulls last both ways, ties in the
 * result's order (`src/query/order.rs`).
 * @typedef {{ result: number, column: number, descending: boolean }} SortResultRequest
 */

/**
 * One stage of `explain`'s answer (`src/query/explain.rs`): the scope first, then each operator.
 * @typedef {{ keyword: string, kind: 'scope' | 'row' | 'aggregate' | 'table', text: string, reads: string[],
 *   writes: string[], streaming: boolean, hot_columns?: boolean, hot_count?: boolean, notes: string[],
 *   scope?: { all: boolean, required: string[], categories: string[], prefilter: boolean, indexed: boolean } }} ExplainStage
 */

/**
 * `explain`'s `ok`: the query as it runs (variables written in), its stages, whether its answer
 * depends on the time range, and the events it was explained over.
 * @typedef {{ query: string, stages: ExplainStage[], range_dependent: boolean, events: number }} Explain
 */

/**
 * Messages outside the request/answer pairs: file bytes for a load, a load's cancel, the
 * single-file page's geo tables.
 * @typedef {{ type: 'file', id: 0, load: number, index: number, name: string, size: number, buf?: ArrayBuffer, error?: string }
 *   | { type: 'cancel', id: 0, load: number }
 *   | { type: 'geo', id: 0, city: ArrayBuffer | null, asn: ArrayBuffer | null }} SideMessage
 */

/**
 * A load's progress, as the worker reports it.
 * @typedef {{ type?: 'progress', id?: number, phase?: string, filesDone: number, filesTotal?: number,
 *   bytesDone?: number, current?: string }} Progress
 */

/**
 * The worker's answer to request `id`: `ok` with the handler's result, or `error`. `fatal`: the
 * engine failed (a trap) and this worker answers nothing more; `file` names the file it failed on.
 * @typedef {{ id: number, ok?: any, error?: string, fatal?: boolean, file?: { index: number, name: string } | null }} Answer
 */

/**
 * What the client tells around replacing a failed worker.
 * @typedef {{ phase: 'start', reason: string } | { phase: 'done', summary: any, lost: string[], ms: number }} RestartEvent
 */

export {};
