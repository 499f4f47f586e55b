// A pasted query whose _sourceCategory matches nothing loaded: say so and offer a fix
// instead of showing zero rows.

/** The engine's warning code for a `_sourceCategory` that matches nothing loaded. */
export const CATEGORY_UNMATCHED = 'W001';

/**
 * `{ wanted, category, loaded }` when the result carries the engine's mismatch warning: `wanted`
 * is the pattern the engine names (the warning's `subject`).
 * @param {import('./types.js').QueryResult & { categories?: string[] }} res
 * @returns {{ wanted: string, category: string, loaded: string[] } | null}
 */
export function mismatchedCategory(res) {
  const w = (res.warnings || []).find((x) => x && x.code === CATEGORY_UNMATCHED);
  if (!w) return null;
  const wanted = w.subject || '';
  // A pattern like Labs/AWS/CloudTrail* names the category it wants without its wildcards.
  const category = wanted.replace(/\*/g, '') || 'cloudtrail';
  return { wanted, category, loaded: res.categories || [] };
}
