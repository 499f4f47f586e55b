// Writing query text from values: a value becomes a double-quoted string the parser reads back as it was.

/**
 * `"value"` with backslashes and quotes escaped.
 * @param {unknown} v
 */
export function quoteString(v) {
  return `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
