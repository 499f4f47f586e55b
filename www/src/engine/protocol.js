// The worker protocol as types: what the page sends the worker and what comes back. Imported
// for its types by connection.js, client.js and worker.js, and checked by `tsc -p www` (make
// test); protocol.md says what each request does.

/**
 * A request's name: one handler each in worker.js.
 * @typedef {'init' | 'sample' | 'load' | 'clear' | 'query' | 'prepareGeo' | 'substitute' | 'scopeTo' | 'signatureQuery'
 *   | 'raw' | 'fields' | 'stats' | 'setCategory' | 'sortResult' | 'exportCsv' | 'explain' | 'detect' | 'detectExport' | 'ruleFiles'} RequestType
 */

/**
 * A result column's kind, as the engine says it (`query::kinds`): `number` (every cell that is
 * not a gap is a finite number), `time` (such a column named `_timeslice`, `_messagetime` or
 * `_receipttime`: epoch ms), `text` (anything else), `empty` (only gaps: nulls, NaN, inf).
 * @typedef {'number' | 'time' | 'text' | 'empty'} ColumnKind
 */

/**
 * One cell of a result row, as the engine writes it (non-finite numbers arrive as text).
 * @typedef {string | number | boolean | null} Cell
 */

/**
 * A query's result (the `ok` of a `query` answer), as the engine answers it: the one definition
 * of a result on the page (ui/types.js names it too). `kinds` has one entry per column;
 * `result_id` names the rows the engine keeps for `sortResult` and `exportCsv` (messages too). Messages carry `events` (indexes for `raw`) and a `histogram`; `auto_fields`
 * pairs a field the engine added from the JSON with its path; `categories` are the loaded ones.
 * @typedef {{ columns: string[], rows: Cell[][], aggregated: boolean, kinds: ColumnKind[], result_id?: number,
 *   total?: number, elapsed_ms?: number, warnings?: { code: string, message: string, rows: number, subject?: string }[],
 *   histogram?: { start: number, step: number, counts: number[] } | null, events?: number[], categories?: string[],
 *   auto_fields?: [string, string][] }} QueryResult
 */

/**
 * An error the engine reports about a query (`diag::Diagnostic`): a code, a message, labelled
 * byte spans of the query text and hints.
 * @typedef {{ code?: string, message: string, unsupported?: boolean,
 *   labels?: { span: { start: number, end: number }, text: string, [k: string]: any }[], hints?: string[] }} Diagnostic
 */

/**
 * The answer of `query` (and of a dashboard panel's query): the result, or why there is none.
 * @typedef {{ ok: QueryResult, error?: undefined } | { ok?: undefined, error: Diagnostic }} QueryAnswer
 */

/**
 * Earliest and latest event time of what is loaded (`ingest::report::TimeSpan`).
 * @typedef {{ earliest: string, latest: string, earliest_ms: number, latest_ms: number }} TimeSpan
 */

/**
 * What is loaded (`session::Summary`): answered by `clear`, `setCategory`, `sample` and `load`.
 * @typedef {{ events: number, files: number, duplicates_dropped: number, duplicates_differing: number,
 *   duplicates_note?: string, categories: string[], time: TimeSpan | null, memory_bytes: number }} Summary
 */

/**
 * One file of a load report (`ingest::report::FileReport`, with its `index` in the batch). The
 * client adds rows for files the engine failed on (`engine_failed`).
 * @typedef {{ name: string, index?: number, bytes: number, records: number, records_skipped: number,
 *   skip_reasons?: Record<string, number>, notes?: Record<string, number>, shape?: string | null,
 *   time?: TimeSpan | null, skipped?: string | null, error?: string | null, error_offset?: number | null,
 *   error_line?: number | null, members?: FileReport[], engine_failed?: boolean, table?: string, rule?: string }} FileReport
 */

/**
 * A batch's load report: the engine's `files` and `totals`, the worker's timings, and what the
 * client adds when it recovered from a failed engine (`engineFailures`, `recovery`) and times.
 * @typedef {{ files: FileReport[], totals: { files: number, errors: number, bytes: number, records: number,
 *   [k: string]: any }, handled?: number, cancelled?: boolean, ms: number, timing?: { [k: string]: number | null },
 *   engineFailures?: number, recovery?: { restarts: number, reloadMs: number, lost: LostFile[] },
 *   answerMs?: number, pageMs?: number }} LoadReport
 */

/**
 * A file a fresh engine failed on again while the data was given to it, left out.
 * @typedef {{ name: string, error: string }} LostFile
 */

/**
 * `init`'s answer: the engine's words for the editor (`session::vocabulary`).
 * @typedef {{ vocabulary: { operators: string[], functions: [string, string][], [k: string]: any } }} InitAnswer
 */

/**
 * `sortResult`: the order of kept result `result`'s rows by column `column`. The answer is a
 * Uint32Array of row indexes, transferred: numbers (and numbers written as text, when the whole
 * column is) by value before text, text by code point, nulls last both ways, ties in the
 * result's order (`src/query/order.rs`).
 * @typedef {{ result: number, column: number, descending: boolean }} SortResultRequest
 */

/**
 * `exportCsv`: kept result `result` as CSV text, written by the engine (`src/query/csv.rs`):
 * CRLF line ends when `crlf`; time columns (kind `time`) as epoch ms (`raw`), or as
 * `YYYY-MM-DD HH:MM:SS` in UTC (`utc`) or local time (`local`: in `zone`, a tz database name,
 * when the engine knows it, else at the fixed `offset_minutes`, east positive). No byte-order
 * mark: the page adds it to the file.
 * @typedef {{ result: number, crlf: boolean, times: 'raw' | 'utc' | 'local', zone?: string,
 *   offset_minutes?: number }} ExportCsvRequest
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
 * What a detection run is given (`session::PageDetect`): values for rules' `%NAME%` placeholders,
 * rule files besides the bundled ones and those dropped with the logs (which the engine keeps),
 * the behaviour baselines' thresholds (`detect::baseline::Options`; `{}` for the defaults), and
 * `no_baselines` to leave the baselines out.
 * @typedef {{ expand: Record<string, string[]>, rules: [string, string][], baselines: object, no_baselines?: boolean }} DetectOptions
 */

/**
 * One alert (`detect::Alert`): the event (its index for `raw`) and the rule (its index in
 * `rules`), epoch ms (far outside a `Date`'s range when the event has no time), the level, the
 * fields an analyst reads first; a baseline's alert has `detail` (a sentence) and `events` (every
 * event involved, its own first).
 * @typedef {{ event: number, rule: number, time: number, level: string | null, principal: string | null,
 *   source_ip: string | null, event_name: string | null, event_id: string | null, detail?: string | null,
 *   events?: number[] }} Alert
 */

/**
 * A rule of a detection run: its file, whether it is bundled, what it is (`sigma`, `baseline`),
 * whether it runs, its metadata, YAML text and diagnostics (`S0xx`, with line and column), and
 * the equivalent Sumo query when there is one (else `query_note` says why).
 * @typedef {{ file: string, builtin: boolean, kind?: 'sigma' | 'baseline', runs: boolean,
 *   meta: { title: string, id: string, status: string, description: string, author: string, date: string,
 *     references: string[], tags: string[], falsepositives: string[], level: string | null, [k: string]: any },
 *   text?: string, diagnostics: Diagnostic[], query?: string | null, query_note?: string | null }} DetectionRule
 */

/**
 * `detect`'s answer (`Session::detections`): the alerts highest level first, then oldest first, counts by level (highest
 * first) and by rule (most first), every rule loaded, and the bundled rules' license line.
 * @typedef {{ alerts: Alert[], summary: { total: number, by_level: [string, number][], by_rule: [number, number][] },
 *   rules: DetectionRule[], license: string }} Detections
 */

/**
 * Messages outside the request/answer pairs: file bytes for a load, a load's cancel, the
 * single-file page's geo tables.
 * @typedef {{ type: 'file', id: 0, load: number, index: number, name: string, size: number, buf?: ArrayBuffer, error?: string }
 *   | { type: 'cancel', id: 0, load: number }
 *   | { type: 'geo', id: 0, city: ArrayBuffer | null, asn: ArrayBuffer | null }} SideMessage
 */

/**
 * A load's progress, as the worker reports it, or a detection run's (`phase: 'detect'`, with
 * `id` and `fraction`, 0 to 1).
 * @typedef {{ type?: 'progress', id?: number, phase?: string, filesDone?: number, filesTotal?: number,
 *   bytesDone?: number, current?: string, fraction?: number }} Progress
 */

/**
 * The worker's answer to request `id`: `ok` with the handler's result, or `error`. `fatal`: the
 * engine failed (a trap) and this worker answers nothing more; `file` names the file it failed on.
 * @typedef {{ id: number, ok?: any, error?: string, fatal?: boolean, file?: { index: number, name: string } | null }} Answer
 */

/**
 * What the client tells around replacing a failed worker.
 * @typedef {{ phase: 'start', reason: string } | { phase: 'done', summary: Summary, lost: LostFile[], ms: number }} RestartEvent
 */

export {};
