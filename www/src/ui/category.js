// A pasted query whose _sourceCategory matches nothing loaded: say so and offer a fix
// instead of showing zero rows.

/** `{ wanted, category, loaded }` when the result carries the engine's mismatch warning. */
export function mismatchedCategory(res, query) {
  const w = (res.warnings || []).find(([text]) => /_sourceCategory .*matches nothing loaded/.test(text));
  if (!w) return null;
  const m = /_sourceCategory\s*=\s*(?:"([^"]*)"|([^\s()|]+))/i.exec(query);
  const wanted = m ? (m[1] ?? m[2]) : '';
  // A pattern like Labs/AWS/CloudTrail* names the category it wants without its wildcards.
  const category = wanted.replace(/\*/g, '') || 'cloudtrail';
  return { wanted, category, loaded: res.categories || [] };
}
