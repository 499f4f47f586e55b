// Completion: operators after a pipe; functions, fields and keywords inside a stage.

import { pickedCompletion } from '@codemirror/autocomplete';
import { KEYWORDS, tokenize } from './language.js';

/** Built-in fields every event has, offered with the fields seen in the data. */
export const META_FIELDS = [
  '_raw',
  '_messageTime',
  '_receiptTime',
  '_sourceCategory',
  '_sourceHost',
  '_sourceName',
  '_source',
  '_collector',
  '_count',
  '_timeslice',
];
const SCOPE_WORDS = ['AND', 'OR', 'NOT'];
const WORD_BEFORE = /[A-Za-z0-9_.]*$/;

/**
 * What may be typed at the end of `before` (the text before the cursor): `{ kind, word }`, kind
 * being 'operator' (after a pipe), 'expression' (inside a stage), 'scope' (the keyword search),
 * 'field' (after `%` or `field=`) or 'none' (in a string, comment, number, path or new name).
 */
/**
 * @param {string} before @param {string[]} [operators]
 * @param {import('./language.js').Words} [words]
 */
export function completionContext(before, operators = [], { keywords, strings } = {}) {
  const word = WORD_BEFORE.exec(before)[0];
  const rest = before.slice(0, before.length - word.length);
  if (/^\d/.test(word)) return { kind: 'none', word };
  const { lines, state } = tokenize(rest, { operators, keywords, strings });
  if (state.comment || state.str) return { kind: 'none', word };
  // The word continues a line comment, a /regex/ or a lookup path.
  const last = lines[lines.length - 1].at(-1);
  if (last && ['comment', 'regexp', 'url'].includes(last[1])) return { kind: 'none', word };
  if (state.expectOp) return { kind: 'operator', word };
  if (state.scope) return { kind: 'scope', word };
  if (rest.endsWith('%')) return { kind: 'field', word };
  if (/\bfield\s*=\s*$/i.test(rest)) return { kind: 'field', word };
  // After `as` comes a new name, after `from` a table: nothing known to offer.
  if (state.prev === 'as' || state.prev === 'from') return { kind: 'none', word };
  return { kind: 'expression', word };
}

const nameOf = (entry) => (typeof entry === 'string' ? entry : String(entry?.name ?? ''));

/** A field name as the query must write it: `%"..."` when it is not a plain identifier. */
export function fieldReference(name) {
  return /^[A-Za-z_][\w.]*$/.test(name) ? name : `%"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function applyFunction(view, completion, from, to) {
  const name = completion.label;
  const hasParen = view.state.sliceDoc(to, to + 1) === '(';
  const insert = hasParen ? name : `${name}()`;
  view.dispatch({
    changes: { from, to, insert },
    selection: { anchor: from + name.length + 1 },
    annotations: pickedCompletion.of(completion),
    userEvent: 'input.complete',
  });
}

/**
 * Options for a context kind; `vocab` is the engine's vocabulary ({ operators, operator_help,
 * functions, keywords }), `fieldNames` a function. Without the vocabulary's keywords the built-in
 * list serves.
 */
export function optionsFor(kind, vocab, fieldNames, { afterPercent = false } = {}) {
  if (kind === 'operator') {
    const help = new Map((vocab.operator_help ?? []).map((h) => [String(h.word).toLowerCase(), h]));
    return uniq(vocab.operators.map(nameOf)).map((label) => {
      const h = help.get(label.toLowerCase());
      return {
        label,
        type: 'operator',
        detail: h?.kind,
        info: h ? `${h.usage}\n${h.doc}` : undefined,
        // The words most CloudTrail queries use come first (each operator's spec names them).
        boost: h?.common ? 1 : 0,
      };
    });
  }
  if (kind === 'scope') {
    return [
      ...META_FIELDS.map((label) => ({ label, type: 'meta' })),
      ...SCOPE_WORDS.map((label) => ({ label, type: 'keyword', boost: -1 })),
    ];
  }
  const fields = uniq([...safeFieldNames(fieldNames), ...META_FIELDS]).map((name) => {
    // After a typed `%` the reference needs only its quotes.
    const ref = afterPercent && fieldReference(name) !== name ? fieldReference(name).slice(1) : fieldReference(name);
    const meta = name.startsWith('_');
    return {
      label: name,
      type: meta ? 'meta' : 'field',
      detail: meta ? 'built-in' : 'field',
      apply: ref === name ? undefined : ref,
      boost: meta ? 0 : 1,
    };
  });
  if (kind === 'field') return fields;
  const functions = vocab.functions.map((f) => {
    const label = nameOf(f);
    const usage = typeof f === 'object' && f && f.usage ? String(f.usage) : '';
    return {
      label,
      type: 'function',
      detail: usage.toLowerCase().startsWith(label.toLowerCase() + '(')
        ? usage.slice(label.length)
        : usage || undefined,
      apply: applyFunction,
    };
  });
  const words = Array.isArray(vocab.keywords) && vocab.keywords.length ? vocab.keywords.map(String) : KEYWORDS;
  const keywords = words.map((label) => ({ label, type: 'keyword', detail: 'keyword', boost: -1 }));
  return [...fields, ...functions.filter((f) => f.label), ...keywords];
}

function safeFieldNames(fieldNames) {
  try {
    return [...(fieldNames() ?? [])].map(String).filter(Boolean);
  } catch {
    return []; // the page's callback failing must not break typing
  }
}

/** Unique, keeping the first spelling of names that differ only in case (field names ignore case). */
function uniq(names) {
  const seen = new Set();
  return names.filter((n) => n && !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
}

/** The completion source; `getVocab()` returns the current vocabulary. */
export function sumoCompletionSource(getVocab, fieldNames) {
  return (context) => {
    const before = context.state.sliceDoc(0, context.pos);
    const vocab = getVocab();
    const { kind, word } = completionContext(before, vocab.operators.map(nameOf), vocab);
    if (kind === 'none') return null;
    if (!context.explicit) {
      // Typing alone opens the list only for a word begun, or right after a pipe.
      const afterPipe = kind === 'operator' && /\|[ \t]*$/.test(before);
      if (!word && !afterPipe) return null;
      // In the keyword search most words are search terms: offer only `_` metadata names there.
      if (kind === 'scope' && !word.startsWith('_')) return null;
    }
    return {
      from: context.pos - word.length,
      options: optionsFor(kind, vocab, fieldNames, {
        afterPercent: before.slice(0, before.length - word.length).endsWith('%'),
      }),
      validFor: /^[\w.]*$/,
    };
  };
}
