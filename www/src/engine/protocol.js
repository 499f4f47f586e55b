// The worker protocol as types: what the page sends the worker and what comes back. Imported
// for its types by connection.js, client.js and worker.js, and checked by `tsc -p www` (make
// test); protocol.md says what each request does.

/**
 * A request's name: one handler each in worker.js.
 * @typedef {'init' | 'sample' | 'load' | 'clear' | 'query' | 'prepareGeo' | 'substitute' | 'scopeTo'
 *   | 'raw' | 'fields' | 'stats' | 'setCategory'} RequestType
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
