// Types shared by the chart modules (JSDoc only, checked by `tsc -p www`). Not `types.js`: that
// name was taken by the module that chooses which chart types suit a result.

/** @typedef {import('../ui/types.js').Cell} Cell */

/**
 * A category on the x axis (or a bar's row): its label, the cell it came from (epoch ms for a
 * time slot) and the fields a click on it filters by.
 * @typedef {{ label: string, raw: Cell, fields: Record<string, Cell> }} Category
 */

/**
 * The expected range of an `outlier` series at one point; `violation` when the value left it.
 * @typedef {{ lower: number, upper: number, violation: boolean }} BandPoint
 */

/**
 * One series: a value per category. `other` marks the sum of the series cut by `maxSeries`;
 * `fields` are a pivoted series' keys; `band` an outlier series' expected range.
 * @typedef {{ name: string, values: number[], fields?: Record<string, Cell>, band?: (BandPoint | null)[],
 *   other?: boolean }} Series
 */

/**
 * How many of something are drawn, and of how many.
 * @typedef {{ shown: number, total: number }} Cut
 */

/**
 * The chart model of a result (data.js `buildModel`). `step` is the time slot in ms (0 unless
 * `xKind` is 'time', when every category's `raw` is a number).
 * @typedef {{
 *   xName: string | null,
 *   xKind: 'time' | 'category' | 'none',
 *   categories: Category[],
 *   series: Series[],
 *   step: number,
 *   truncated: Cut | null,
 *   seriesTruncated: Cut | null,
 *   measures: string[],
 *   rowCount: number,
 *   integer: boolean,
 * }} ChartModel
 */

/**
 * What a click on a chart names, for drill-down: the x column and value, the series' name when
 * the click was on one, and every field to filter by.
 * @typedef {{ column: string | null, value: Cell, series?: string, fields: Record<string, Cell> }} Pick
 */

/** @typedef {ReturnType<typeof import('./tooltip.js').createTooltip>} Tooltip */

/**
 * What a chart is drawn into: its size in pixels, the shared tooltip, the frame's element.
 * @typedef {{ width: number, height: number, tip: Tooltip, wrap: HTMLElement }} Frame
 */

/**
 * How a category chart is drawn: stacked or side by side, times in UTC or local time, and what a
 * click calls.
 * @typedef {{ stacked?: boolean, utc?: boolean, onPick?: (pick: Pick) => void }} DrawOptions
 */

/**
 * A histogram bucket: events from `start` to `end` (epoch ms).
 * @typedef {{ start: number, end: number, count: number }} Bucket
 */

/**
 * The Messages histogram's options: a drag reports the brushed range (snapped to bucket edges),
 * a click clears it.
 * @typedef {{ utc?: boolean, onBrush?: (startMs: number, endMs: number) => void, onClear?: () => void }} HistogramOptions
 */

/** What `renderChart` and `renderHistogram` return. @typedef {{ element: HTMLElement, destroy: () => void }} Mounted */

export {};
