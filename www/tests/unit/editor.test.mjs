// The query editor's DOM-free logic: tokenizer, completion context, diagnostic ranges, history.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { completionContext, fieldReference, optionsFor } from '../../src/editor/complete.js';
import {
  byteToUtf16,
  diagnosticRanges,
  labelLocation,
  splitCode,
  suggestedReplacement,
} from '../../src/editor/diagnostics.js';
import { createHistory, HISTORY_KEY } from '../../src/editor/history.js';
import { tokenize } from '../../src/editor/language.js';

/** Operator words as the engine's vocabulary gives them (`session::vocabulary`), a few of them. */
const OPERATORS = ['count', 'sort', 'order', 'where', 'if', 'json', 'parse', 'extract', 'lookup', 'timeslice'];
const WITH_ENGINE = { operators: OPERATORS };

/** Tokens of a one-line text without the spaces: [[text, style], ...]. */
const toks = (text, opts = WITH_ENGINE) => tokenize(text, opts).lines[0].filter(([, s]) => s !== null);
/** The style given to the first token whose text is `piece`. */
const styleOf = (text, piece, opts = WITH_ENGINE) => {
  const hit = tokenize(text, opts)
    .lines.flat()
    .find(([t]) => t === piece);
  assert.ok(hit, `no token ${JSON.stringify(piece)} in ${JSON.stringify(text)}`);
  return hit[1];
};

// ---- tokenizer ----

test('tokens cover each line exactly', () => {
  const q = readFileSync(
    new URL('../../../../shared/corpus/blog-queries/q1-console-logins-by-country.sumo', import.meta.url),
    'utf8',
  );
  const { lines } = tokenize(q);
  assert.deepEqual(
    lines.map((l) => l.map(([t]) => t).join('')),
    q.split('\n'),
  );
});

test('scope: metadata field, search term, quoted keyword', () => {
  assert.deepEqual(toks('_sourceCategory = cm-core/cloudtrail  "ConsoleLogin"'), [
    ['_sourceCategory', 'meta'],
    ['=', 'operator'],
    ['cm-core/cloudtrail', 'term'],
    ['"ConsoleLogin"', 'string'],
  ]);
  assert.equal(styleOf('(Create* OR Run*) NOT x', 'OR'), 'keyword');
  assert.equal(styleOf('account=prod x', 'account'), 'field');
});

test('pipes and the operator word after each', () => {
  assert.deepEqual(toks('* | count by user | sort _count'), [
    ['*', 'term'],
    ['|', 'pipe'],
    ['count', 'operatorName'],
    ['by', 'keyword'],
    ['user', 'field'],
    ['|', 'pipe'],
    ['sort', 'operatorName'],
    ['_count', 'meta'],
  ]);
  // `count as count`: the second is a field name, not an operator
  assert.deepEqual(toks('x | count as count').slice(-3), [
    ['count', 'operatorName'],
    ['as', 'keyword'],
    ['count', 'field'],
  ]);
});

test('operator position: expression stages and names from the engine', () => {
  assert.equal(styleOf('x | toLowerCase(a) as b', 'toLowerCase'), 'function');
  assert.equal(styleOf('x | if (a = "", b, a) as c', 'if'), 'operatorName');
  assert.equal(styleOf('x | _count / t as p', '_count'), 'meta');
  assert.equal(styleOf('x | "" as c', 'as'), 'keyword'); // not taken for the operator
  assert.equal(styleOf('x | frob(a) as b', 'frob'), 'function');
  assert.equal(styleOf('x | frob(a) as b', 'frob', { operators: ['frob'] }), 'operatorName');
});

test('before the engine gives its vocabulary, words after a pipe are told apart by what follows', () => {
  const none = { operators: [] };
  assert.equal(styleOf('x | count by user', 'count', none), 'operatorName');
  assert.equal(styleOf('x | toLowerCase(a) as b', 'toLowerCase', none), 'function');
  assert.equal(styleOf('x | if (a = "", b, a) as c', 'if', none), 'function');
});

test('keywords are case-insensitive; functions are names before (', () => {
  assert.equal(styleOf('x | where a AND b', 'AND'), 'keyword');
  assert.equal(styleOf('x | json "a" AS b NODROP', 'NODROP'), 'keyword');
  assert.equal(styleOf('x | where isNull (a)', 'isNull'), 'function');
  assert.equal(styleOf('x | where isNull', 'isNull'), 'field');
  assert.equal(styleOf('x | where a = true', 'true'), 'bool');
});

test('strings: escapes and captures are tokens; a pipe inside is text', () => {
  assert.deepEqual(toks('x | parse "\\"a\\":\\"*\\"" as a'), [
    ['x', 'term'],
    ['|', 'pipe'],
    ['parse', 'operatorName'],
    ['"', 'string'],
    ['\\"', 'escape'],
    ['a', 'string'],
    ['\\"', 'escape'],
    [':', 'string'],
    ['\\"', 'escape'],
    ['*', 'wildcard'],
    ['\\"', 'escape'],
    ['"', 'string'],
    ['as', 'keyword'],
    ['a', 'field'],
  ]);
  assert.deepEqual(toks('x | where a = "p | q*"').slice(-1), [['"p | q*"', 'string']]);
});

test('regular expressions: parse regex, extract, matches /re/; division stays an operator', () => {
  assert.equal(styleOf('x | parse regex field = p ":(?<u>\\d+)" nodrop', '":(?<u>\\d+)"'), 'regexp');
  assert.equal(styleOf('x | parse field=p regex "(?<u>.+)"', '"(?<u>.+)"'), 'regexp');
  assert.equal(styleOf('x | extract "(?<u>.+)"', '"(?<u>.+)"'), 'regexp');
  assert.equal(styleOf('x | parse "a=*" as a', '"'), 'string');
  assert.equal(styleOf('x | where ip matches /^10\\./', '/^10\\./'), 'regexp');
  assert.equal(styleOf('x | replace(s, /a\\/b/, "c") as d', '/a\\/b/'), 'regexp');
  assert.deepEqual(toks('x | _count/total as p').slice(2, 5), [
    ['_count', 'meta'],
    ['/', 'operator'],
    ['total', 'field'],
  ]);
});

/**
 * A vocabulary as `session::vocabulary` gives it (a part): keywords from the operators' specs and
 * expressions, string kinds by operator word or two-word name.
 */
const VOCAB = {
  operators: [...OPERATORS, 'kv', 'compare', 'fillmissing', 'avg', 'values', 'outlier'],
  keywords: ['as', 'avg', 'by', 'field', 'in', 'nodrop', 'regex', 'timeslice', 'values', 'window', 'with'],
  strings: [
    ['extract', 'regex'],
    ['json', 'pattern'],
    ['kv', 'pattern'], // not so in the engine: shows that the vocabulary, not a name in the editor, decides
    ['parse', 'pattern'],
    ['parse regex', 'regex'],
  ],
};

test("the engine's vocabulary gives the keywords and what each operator's strings are", () => {
  const withVocab = { ...WITH_ENGINE, ...VOCAB };
  // Its keywords replace the built-in list: `window` is one, `asc` (not in this vocabulary) is not.
  assert.equal(styleOf('x | outlier _count window=5', 'window', withVocab), 'keyword');
  assert.equal(styleOf('x | outlier _count window=5', 'window'), 'field');
  assert.equal(styleOf('x | sort by a asc', 'asc', withVocab), 'field');
  assert.equal(styleOf('x | sort by a asc', 'asc'), 'keyword'); // before the vocabulary: the built-in list
  // An operator word used as a keyword is a call when `(` follows.
  assert.equal(styleOf('x | compare with timeshift 1d 3 avg', 'avg', withVocab), 'keyword');
  assert.equal(
    styleOf('x | count by a | fillmissing timeslice(1h), values("b") in a', 'timeslice', withVocab),
    'function',
  );
  assert.equal(
    styleOf('x | count by a | fillmissing timeslice(1h), values("b") in a', 'values', withVocab),
    'function',
  );
  // String kinds: by operator word, and by a two-word name after its second word.
  assert.equal(styleOf('x | kv "a*"', '*', withVocab), 'wildcard');
  assert.equal(styleOf('x | kv "a*"', '"a*"'), 'string'); // built in: kv strings are text
  assert.equal(styleOf('x | parse regex "(?<u>.+)"', '"(?<u>.+)"', withVocab), 'regexp');
  assert.equal(styleOf('x | parse "a=*" as a', '*', withVocab), 'wildcard');
  assert.equal(styleOf('x | extract "(?<u>.+)"', '"(?<u>.+)"', withVocab), 'regexp');
  // Completion offers the vocabulary's keywords, or the built-in ones before it.
  const words = (vocab) => optionsFor('expression', vocab, () => []).filter((o) => o.type === 'keyword');
  assert.deepEqual(
    words({ ...VOCAB, functions: [] }).map((o) => o.label),
    VOCAB.keywords,
  );
  assert.ok(words({ operators: [], functions: [] }).some((o) => o.label === 'nodrop'));
  // The completion context reads the stage as the highlighting does.
  assert.equal(completionContext('x | kv "a', VOCAB.operators, VOCAB).kind, 'none');
});

test('numbers with suffixes, quoted field names, template variables', () => {
  assert.equal(styleOf('x | timeslice 1h', '1h'), 'number');
  assert.equal(styleOf('x | 1.5e3 as n', '1.5e3'), 'number');
  assert.equal(styleOf('x | fields %"a b"', '%"a b"'), 'field');
  assert.equal(styleOf('x | json field=%service.action "a"', '%service.action'), 'field');
  assert.equal(styleOf('_sourceCategory={{src}} x', '{{src}}'), 'template');
  assert.deepEqual(toks('x | where u matches "{{user}}"').slice(-3), [
    ['"', 'string'],
    ['{{user}}', 'template'],
    ['"', 'string'],
  ]);
});

test('comments: // to end of line, /* */ across lines, but not in geo:// or a scope path', () => {
  assert.deepEqual(toks('x | count // by "a" | b').slice(-1), [['// by "a" | b', 'comment']]);
  const { lines, state } = tokenize('x | count /* one\ntwo */ by a');
  assert.deepEqual(lines[0].slice(-1), [['/* one', 'comment']]);
  assert.deepEqual(lines[1].filter(([, s]) => s)[0], ['two */', 'comment']);
  assert.equal(state.comment, false);
  assert.equal(styleOf('x | lookup a from geo://location on ip=s', 'geo://location'), 'url');
  assert.equal(styleOf('x | lookup a from /shared/aws/admins on a=b', '/shared/aws/admins'), 'url');
  assert.equal(styleOf('_sourceCategory=cm-core/* x', 'cm-core/*'), 'term');
});

test('state carries over lines: an unclosed string continues, a pipe ends the scope', () => {
  const { lines, state } = tokenize('x | where a = "one\ntwo" | count');
  assert.deepEqual(
    lines[1].filter(([, s]) => s),
    [
      ['two"', 'string'],
      ['|', 'pipe'],
      ['count', 'operatorName'],
    ],
  );
  assert.equal(state.str, null);
  assert.equal(state.scope, false);
  assert.equal(tokenize('x\n| count').lines[1][0][1], 'pipe');
  assert.equal(tokenize('x | count\n|| y').lines[1][0][1], 'operator'); // `||` is or, not two pipes
});

// ---- completion context ----

test('completion context: operator after a pipe, expression inside a stage', () => {
  assert.deepEqual(completionContext('x | '), { kind: 'operator', word: '' });
  assert.deepEqual(completionContext('x\n| cou'), { kind: 'operator', word: 'cou' });
  assert.deepEqual(completionContext('x | count by us'), { kind: 'expression', word: 'us' });
  assert.deepEqual(completionContext('x | where isPriv'), { kind: 'expression', word: 'isPriv' });
  assert.deepEqual(completionContext('_sourc'), { kind: 'scope', word: '_sourc' });
  assert.deepEqual(completionContext('x | json field=ra'), { kind: 'field', word: 'ra' });
  assert.deepEqual(completionContext('x | fields %us'), { kind: 'field', word: 'us' });
});

test('completion context: nothing in strings, comments, regexes, paths, numbers, new names', () => {
  for (const before of [
    'x | where a = "us',
    'x | count // by us',
    'x | count /* by us',
    'x | where a matches /us',
    'x | lookup a from geo://loc',
    'x | lookup a from /shared/us',
    'x | timeslice 1',
    'x | count as us',
  ]) {
    assert.equal(completionContext(before).kind, 'none', before);
  }
});

test('completion options: operators from the engine, functions with usage, fields quoted when needed', () => {
  const vocab = {
    operators: ['count', 'COUNT', 'Frob', 'where'],
    operator_help: [
      { word: 'where', operator: 'where', kind: 'row', usage: 'where condition', doc: 'Keeps rows.', common: true },
    ],
    functions: [{ name: 'substring', usage: 'substring(s, start[, end])' }, 'now'],
  };
  const opts = optionsFor('operator', vocab, () => []);
  const ops = opts.map((o) => o.label);
  assert.equal(ops.filter((o) => o.toLowerCase() === 'count').length, 1);
  assert.ok(ops.includes('Frob') && ops.includes('where'));
  assert.ok(!ops.includes('sort'), "only the engine's words");
  const where = opts.find((o) => o.label === 'where');
  assert.equal(where.detail, 'row');
  assert.equal(where.info, 'where condition\nKeeps rows.');
  assert.equal(where.boost, 1, 'listed first: its spec says it is common');
  assert.equal(opts.find((o) => o.label === 'Frob').boost, 0);
  const expr = optionsFor('expression', vocab, () => ['userAgent', 'user name', 'USERAGENT']);
  const sub = expr.find((o) => o.label === 'substring');
  assert.equal(sub.type, 'function');
  assert.equal(sub.detail, '(s, start[, end])');
  assert.equal(typeof sub.apply, 'function');
  assert.equal(expr.filter((o) => o.label.toLowerCase() === 'useragent').length, 1);
  assert.equal(expr.find((o) => o.label === 'user name').apply, '%"user name"');
  assert.ok(expr.some((o) => o.label === 'nodrop' && o.type === 'keyword'));
  assert.deepEqual(
    optionsFor('expression', vocab, () => {
      throw new Error('x');
    }).filter((o) => o.type === 'field'),
    [],
  );
  assert.equal(optionsFor('field', vocab, () => ['user name'], { afterPercent: true })[0].apply, '"user name"');
  assert.equal(fieldReference('a"b'), '%"a\\"b"');
  assert.equal(fieldReference('cloud.account.id'), 'cloud.account.id');
});

// ---- diagnostic ranges ----

const label = (from, to, extra = {}) => ({
  start: { line: 1, column: from + 1, utf16: from },
  end: { line: 1, column: to + 1, utf16: to },
  span: { start: from, end: to },
  text: '',
  ...extra,
});

test('byte offsets to UTF-16: multi-byte and astral characters', () => {
  const s = '"é😀" | x'; // é: 2 bytes, 1 unit; 😀: 4 bytes, 2 units
  assert.equal(byteToUtf16(s, 0), 0);
  assert.equal(byteToUtf16(s, 3), 2); // after é
  assert.equal(byteToUtf16(s, 7), 4); // after 😀
  assert.equal(byteToUtf16(s, 11), 8); // the x
  assert.equal(s[byteToUtf16(s, 11)], 'x');
  assert.equal(byteToUtf16(s, 999), s.length);
});

test('diagnostic ranges use utf16 offsets, clamp, order, and never split a surrogate pair', () => {
  const doc = '"😀" | cont by x';
  const at = doc.indexOf('cont');
  assert.deepEqual(diagnosticRanges({ labels: [label(at, at + 4, { text: 'here' })] }, doc), [
    { from: at, to: at + 4, text: 'here' },
  ]);
  assert.deepEqual(diagnosticRanges({ labels: [label(at + 4, at)] }, doc), [{ from: at, to: at + 4, text: '' }]);
  assert.deepEqual(diagnosticRanges({ labels: [label(5, 500)] }, doc), [{ from: 5, to: doc.length, text: '' }]);
  assert.deepEqual(diagnosticRanges({ labels: [label(2, 2)] }, doc), [{ from: 1, to: 3, text: '' }]); // inside 😀
  assert.deepEqual(diagnosticRanges({ labels: [label(doc.length, doc.length)] }, doc), [
    { from: doc.length, to: doc.length, text: '' },
  ]);
  assert.deepEqual(diagnosticRanges({ labels: [] }, doc), []);
  assert.deepEqual(diagnosticRanges(null, doc), []);
});

test('diagnostic ranges fall back to byte spans when utf16 is missing', () => {
  const doc = '"é" | cont';
  const bytes = Buffer.byteLength('"é" | ');
  const r = diagnosticRanges({ labels: [{ span: { start: bytes, end: bytes + 4 }, text: '' }] }, doc);
  assert.equal(doc.slice(r[0].from, r[0].to), 'cont');
});

test('message parts, suggested fixes and the location', () => {
  assert.deepEqual(splitCode('unknown operator `cont`'), [
    { code: false, text: 'unknown operator ' },
    { code: true, text: 'cont' },
  ]);
  assert.deepEqual(splitCode('a `b` c `d'), [
    { code: false, text: 'a ' },
    { code: true, text: 'b' },
    { code: false, text: ' c `d' },
  ]);
  assert.equal(suggestedReplacement('did you mean `count`?'), 'count');
  assert.equal(suggestedReplacement('close it with `)`'), null);
  assert.deepEqual(labelLocation({ labels: [label(3, 5)] }), { line: 1, column: 4 });
  assert.equal(labelLocation({ labels: [] }), null);
});

// ---- history ----

function fakeStorage(initial = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
    removeItem: (k) => data.delete(k),
  };
}

test('history: newest first, de-duplicated, trimmed, empty ignored, stored as JSON', () => {
  const storage = fakeStorage();
  const h = createHistory({ storage });
  h.add('a | count');
  h.add('b | count');
  h.add('  a | count\n');
  h.add('   ');
  assert.deepEqual(h.list(), ['a | count', 'b | count']);
  assert.deepEqual(JSON.parse(storage.data.get(HISTORY_KEY)), ['a | count', 'b | count']);
  h.clear();
  assert.deepEqual(h.list(), []);
});

test('history keeps at most 50', () => {
  const h = createHistory({ storage: fakeStorage() });
  for (let i = 0; i < 60; i++) h.add(`q${i}`);
  const list = h.list();
  assert.equal(list.length, 50);
  assert.equal(list[0], 'q59');
  assert.equal(list[49], 'q10');
});

test('history survives damaged or refusing storage', () => {
  assert.deepEqual(createHistory({ storage: fakeStorage({ [HISTORY_KEY]: '{not json' }) }).list(), []);
  assert.deepEqual(createHistory({ storage: fakeStorage({ [HISTORY_KEY]: '["a", 3, null, "a", "b"]' }) }).list(), [
    'a',
    'b',
  ]);
  const refusing = {
    getItem: () => null,
    setItem: () => {
      throw new Error('QuotaExceededError');
    },
    removeItem() {},
  };
  assert.doesNotThrow(() => createHistory({ storage: refusing }).add('x'));
});
