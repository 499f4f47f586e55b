// Pretty-printing a raw event: re-indents the JSON text itself, so numbers and escapes stay exactly as logged.

/**
 * `text` indented like `JSON.stringify(JSON.parse(text), null, 2)`, but every number and string is
 * copied verbatim (a 20-digit id keeps its digits). Text that is not JSON comes back unchanged.
 */
export function prettyJson(text, indent = 2) {
  const src = String(text ?? '');
  try {
    JSON.parse(src);
  } catch {
    return src;
  }
  const pad = (d) => '\n' + ' '.repeat(d * indent);
  let out = '';
  let depth = 0;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const ch = src[i];
    if (ch === '"') {
      // Copy the string token whole, escapes included.
      let j = i + 1;
      while (j < n && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      let j = i + 1;
      while (j < n && /\s/.test(src[j])) j++;
      if (src[j] === close) {
        out += ch + close;
        i = j + 1;
      } else {
        depth++;
        out += ch + pad(depth);
        i++;
      }
    } else if (ch === '}' || ch === ']') {
      depth--;
      out += pad(depth) + ch;
      i++;
    } else if (ch === ',') {
      out += ',' + pad(depth);
      i++;
    } else if (ch === ':') {
      out += ': ';
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
    } else {
      // Numbers, true, false, null: up to the next structural character.
      let j = i;
      while (j < n && !',:]} \t\n\r'.includes(src[j])) j++;
      out += src.slice(i, j);
      i = j;
    }
  }
  return out;
}
