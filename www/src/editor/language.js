// The Sumo Logic query language as a CodeMirror stream language: a line tokenizer, DOM-free.

import { StreamLanguage, StringStream } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

/**
 * Words highlighted as keywords inside a stage, also offered by completion, until the engine's
 * vocabulary arrives: then its `keywords` (each operator spec's and an expression's, checked against
 * the parsers by `tests/operators.rs`) replace them. Operator, aggregate and function names are not
 * here: they come from the vocabulary too (its operator and function registries).
 */
export const KEYWORDS = [
  'by',
  'as',
  'nodrop',
  'field',
  'from',
  'on',
  'in',
  'not',
  'and',
  'or',
  'regex',
  'multi',
  'asc',
  'desc',
  'matches',
  'contains',
  'group',
  'with',
  'timeshift',
  'buckets',
  'auto',
  'keys',
  'refonly',
  'row',
  'column',
  'consecutive',
  'takelast',
];

/**
 * What the quoted strings after an operator word, or a two-word name such as `parse regex`, are
 * ('pattern': `*` is a wildcard; 'regex'), until the engine's vocabulary (`strings`) arrives.
 */
export const STRINGS = [
  ['extract', 'regex'],
  ['json', 'pattern'],
  ['parse', 'pattern'],
  ['parse regex', 'regex'],
];

/** Boolean words of the scope (the keyword search before the first pipe). */
const SCOPE_BOOLEANS = new Set(['and', 'or', 'not']);

/** Token names this tokenizer returns, and the highlight tag of each. */
export const TOKEN_TAGS = {
  pipe: t.separator,
  operatorName: t.controlKeyword,
  keyword: t.keyword,
  bool: t.bool,
  term: t.content,
  string: t.string,
  escape: t.escape,
  wildcard: t.special(t.string),
  regexp: t.regexp,
  number: t.number,
  comment: t.comment,
  meta: t.special(t.variableName),
  field: t.variableName,
  function: t.function(t.variableName),
  template: t.macroName,
  url: t.url,
  operator: t.operator,
  paren: t.paren,
  bracket: t.squareBracket,
  punctuation: t.punctuation,
  invalid: t.invalid,
};

const IDENT = /^[A-Za-z_][\w.]*/;
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[A-Za-z]*/;
const SYMBOL = /^(?:==|!=|<>|<=|>=|&&|\|\||[=<>+\-*%!?:;])/;
const TEMPLATE = /^\{\{\{?[^{}\n]*\}?\}\}/;
const SCOPE_WORD = /^[^\s()"|=]+/;

export function startState() {
  return {
    scope: true, // before the first pipe: keyword search, different lexing
    comment: false, // inside /* */, which may span lines
    str: null, // inside "...": 'string', 'glob' (its * is a wildcard) or 'regexp'; strings may span lines
    expectOp: false, // the next word names the stage's operator
    op: '', // the current stage's operator, lower case
    strings: '', // what this stage's strings are: '' text, 'pattern' (`*` wildcards) or 'regex'
    prev: '', // what came last: 'value', '(', ',', 'op', or a keyword such as 'matches' / 'from'
  };
}

/**
 * Makes the token function. `isOperator(lowerName)` tells operator words (after a pipe) from
 * function calls and renames such as `| toLowerCase(x) as y`; `isKeyword(lowerWord)` tells the
 * words a stage's syntax uses; `stringsOf(lowerWordOrName)` says what an operator's strings are.
 */
export function makeTokenizer(isOperator, isKeyword = (w) => KEYWORDS.includes(w), stringsOf = stringKinds(STRINGS)) {
  return function token(stream, state) {
    if (state.comment) return blockComment(stream, state);
    if (state.str) return stringBody(stream, state);
    if (stream.eatSpace()) return null;

    if (stream.match('/*')) {
      state.comment = true;
      return blockComment(stream, state);
    }
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(TEMPLATE)) return value(state, 'template');
    if (stream.match('||')) return op(state, 'operator');
    if (stream.eat('|')) {
      Object.assign(state, { scope: false, expectOp: true, op: '', strings: '', prev: 'pipe' });
      return 'pipe';
    }
    if (stream.peek() === '"') return openString(stream, state);
    return state.scope ? scopeToken(stream) : stageToken(stream, state, isOperator, isKeyword, stringsOf);
  };
}

function blockComment(stream, state) {
  while (!stream.eol()) {
    if (stream.match('*/')) {
      state.comment = false;
      break;
    }
    stream.next();
  }
  return 'comment';
}

function openString(stream, state) {
  stream.next();
  state.expectOp = false; // `| "" as x` is an expression stage
  // `*` is a capture or a glob where the engine reads it so; elsewhere it is a plain character.
  const glob = state.scope || state.strings === 'pattern' || state.prev === 'matches';
  state.str = state.strings === 'regex' ? 'regexp' : glob ? 'glob' : 'string';
  return stringBody(stream, state);
}

/**
 * Reads string text up to the closing quote. Escapes (outside regexes), `{{var}}` and a globbing `*`
 * are tokens of their own.
 */
function stringBody(stream, state) {
  const kind = state.str === 'regexp' ? 'regexp' : 'string';
  const at = stream.pos === stream.start;
  if (at && stream.match(TEMPLATE)) return 'template';
  if (at && stream.peek() === '\\' && kind === 'string') {
    stream.next();
    stream.next();
    return 'escape';
  }
  if (at && state.str === 'glob' && stream.eat('*')) return 'wildcard';
  while (!stream.eol()) {
    const ch = stream.peek();
    if (ch === '"') {
      stream.next();
      state.str = null;
      state.prev = 'value';
      return kind;
    }
    // Stop before the next token of its own; at the token's start these were taken above.
    if ((ch === '\\' && kind === 'string') || (ch === '*' && state.str === 'glob') || stream.match(TEMPLATE, false)) {
      return kind;
    }
    // In a regex, `\d` belongs to the pattern: skip the escaped character with it.
    if (ch === '\\') stream.next();
    stream.next();
  }
  return kind;
}

function scopeToken(stream) {
  const ch = stream.peek();
  if (ch === '(' || ch === ')') {
    stream.next();
    return 'paren';
  }
  if (ch === '!' || ch === '=') {
    stream.next();
    return 'operator';
  }
  if (!stream.match(SCOPE_WORD)) {
    stream.next();
    return null;
  }
  const word = stream.current();
  if (SCOPE_BOOLEANS.has(word.toLowerCase())) return 'keyword';
  if (word.startsWith('_')) return 'meta';
  if (stream.match(/^\s*=/, false)) return 'field';
  return 'term';
}

function stageToken(stream, state, isOperator, isKeyword, stringsOf) {
  if (stream.match(NUMBER)) return value(state, 'number');

  if (stream.match(IDENT)) {
    const word = stream.current();
    const lower = word.toLowerCase();
    if (stream.match(/^:\/\/[^\s|,]*/)) return value(state, 'url');
    if (state.expectOp) {
      state.expectOp = false;
      state.op = lower;
      state.strings = stringsOf(lower);
      if (isOperator(lower)) return op(state, 'operatorName');
      // Not an operator: an expression stage such as `toLowerCase(x) as y` or `_count / n as p`.
      if (stream.match(/^\s*\(/, false)) return value(state, 'function');
      if (word.startsWith('_')) return value(state, 'meta');
      if (stream.match(/^\s+as\b/i, false)) return value(state, 'field');
      return op(state, 'operatorName');
    }
    // An aggregate or operator word a stage also uses as a keyword (`compare ... avg`,
    // `fillmissing timeslice(1h)`) is a call when `(` follows.
    if (isKeyword(lower) && !(isOperator(lower) && stream.match(/^\s*\(/, false))) {
      // A two-word operator name (`parse regex`) says what the strings after it are.
      const named = stringsOf(`${state.op} ${lower}`);
      if (named) state.strings = named;
      state.prev = lower;
      return 'keyword';
    }
    if (lower === 'true' || lower === 'false') return value(state, 'bool');
    if (stream.match(/^\s*\(/, false)) return value(state, 'function');
    return value(state, word.startsWith('_') ? 'meta' : 'field');
  }
  state.expectOp = false;

  const ch = stream.peek();
  if (ch === '%') {
    stream.next();
    if (stream.peek() === '"') {
      stream.next();
      while (!stream.eol()) {
        const c = stream.next();
        if (c === '\\') stream.next();
        else if (c === '"') break;
      }
      return value(state, 'field');
    }
    if (stream.match(IDENT)) return value(state, 'field');
    return op(state, 'operator');
  }
  if (ch === '/') {
    // As in the engine's lexer: a regex only where division cannot be, a path after `from`.
    if (state.prev === 'matches' || state.prev === '(' || state.prev === ',') {
      stream.next();
      while (!stream.eol()) {
        const c = stream.next();
        if (c === '\\') stream.next();
        else if (c === '/') break;
      }
      return value(state, 'regexp');
    }
    if (state.prev === 'from' && stream.match(/^\/[^\s|,]*/)) return value(state, 'url');
    stream.next();
    return op(state, 'operator');
  }
  if (ch === '(' || ch === ')') {
    stream.next();
    state.prev = ch === '(' ? '(' : 'value';
    return 'paren';
  }
  if (ch === '[' || ch === ']' || ch === '{' || ch === '}') {
    stream.next();
    state.prev = ch === '[' || ch === '{' ? '(' : 'value';
    return 'bracket';
  }
  if (ch === ',') {
    stream.next();
    state.prev = ',';
    return 'punctuation';
  }
  if (stream.match(SYMBOL)) return op(state, 'operator');
  stream.next();
  return op(state, 'invalid');
}

function value(state, style) {
  state.prev = 'value';
  state.expectOp = false;
  return style;
}

function op(state, style) {
  state.prev = 'op';
  return style;
}

/** `[word, kind]` pairs (the vocabulary's `strings`) as a lookup: '' for plain text. */
function stringKinds(pairs) {
  const kinds = new Map(
    (Array.isArray(pairs) ? pairs : [])
      .filter((p) => Array.isArray(p) && (p[1] === 'pattern' || p[1] === 'regex'))
      .map(([w, k]) => [String(w).toLowerCase(), k]),
  );
  return (word) => kinds.get(word) ?? '';
}

/**
 * The words the engine gives the editor beyond operator names (`session::vocabulary`): stage
 * keywords, and which operators' strings are `*` patterns or regexes, as [word, kind] pairs.
 * @typedef {{ keywords?: string[], strings?: [string, string][] }} Words
 */

/**
 * The stream parser spec, for StreamLanguage.define (separate so tests can drive it). `keywords` and
 * `strings` are the vocabulary's; without them (before the engine starts) the built-in lists serve.
 * @param {string[]} [operators] @param {Words} [words]
 */
export function sumoParser(operators = [], { keywords, strings } = {}) {
  const known = new Set(operators.map((o) => String(o).toLowerCase()));
  const words = new Set(
    (Array.isArray(keywords) && keywords.length ? keywords : KEYWORDS).map((k) => String(k).toLowerCase()),
  );
  const kinds = stringKinds(Array.isArray(strings) && strings.length ? strings : STRINGS);
  return {
    name: 'sumo',
    startState,
    token: makeTokenizer(
      (w) => known.has(w),
      (w) => words.has(w),
      kinds,
    ),
    copyState: (s) => ({ ...s }),
    tokenTable: TOKEN_TAGS,
    languageData: {
      commentTokens: { line: '//', block: { open: '/*', close: '*/' } },
      closeBrackets: { brackets: ['(', '[', '{', '"'] },
    },
  };
}

/**
 * The CodeMirror language; `operators` are the operator words from the engine's vocabulary (none
 * until the engine has started: then a word after a pipe is told apart by what follows it), `keywords`
 * and `strings` its stage keywords and string kinds.
 */
/** @param {string[]} [operators] @param {Words} [words] */
export function sumoLanguage(operators = [], { keywords, strings } = {}) {
  return StreamLanguage.define(sumoParser(operators, { keywords, strings }));
}

/**
 * Tokenizes `text` line by line, as the editor does: an array per line of [text, token] pairs
 * (token null for spaces). Also returns the state after the last line. For tests and completion.
 */
/**
 * @param {string} text
 * @param {Words & { operators?: string[], state?: ReturnType<typeof startState> }} [options]
 */
export function tokenize(text, { operators = [], keywords, strings, state = startState() } = {}) {
  const parser = sumoParser(operators, { keywords, strings });
  const lines = [];
  for (const line of text.split('\n')) {
    const out = [];
    const stream = new StringStream(line, 4, 2);
    while (!stream.eol()) {
      stream.start = stream.pos;
      const style = parser.token(stream, state);
      if (stream.pos === stream.start) throw new Error(`tokenizer stuck at ${stream.pos} in ${JSON.stringify(line)}`);
      out.push([stream.current(), style]);
    }
    lines.push(out);
  }
  return { lines, state };
}
