// Series colours as CSS classes (charts.css maps them to --series-N with fallbacks), so themes can restyle them.

const SUCCESS = /^(success|succeeded|successful)$/i;
const FAILURE = /^(failure|failed|fail)$/i;
const ALL = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const GREEN = 3;
const RED = 4;

/**
 * A colour class per series: login results keep their meaning (Success green, Failure red), the
 * others take palette slots in order, skipping green and red when those already mean something.
 * `items` are names or { name, other }.
 * @param {(string | { name: string, other?: boolean })[]} items
 * @returns {string[]}
 */
export function seriesClasses(items) {
  const names = items.map((it) => (typeof it === 'string' ? it : it.name));
  const meaning = names.map((n) => (SUCCESS.test(n) ? 'ts-c-success' : FAILURE.test(n) ? 'ts-c-failure' : null));
  const palette = meaning.some(Boolean) ? ALL.filter((c) => c !== GREEN && c !== RED) : ALL;
  let k = 0;
  return items.map((it, i) => {
    if (typeof it === 'object' && it.other) return 'ts-c-other';
    return meaning[i] ?? `ts-c${palette[k++ % palette.length]}`;
  });
}
