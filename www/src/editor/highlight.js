// Token classes for highlighting and the editor's light theme, on the page's CSS variables.

import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { TOKEN_TAGS } from './language.js';

const v = (name, fallback) => `var(--${name}, ${fallback})`;
const FG = v('fg', '#1f2328');
const BG = v('bg', '#ffffff');
const ACCENT = v('accent', '#0969da');
const MUTED = v('muted', '#656d76');
const BORDER = v('border', '#d0d7de');
const MONO = 'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace';

// Tokens get stable class names (cm-ts-<kind>); their colours are in editor.css, next to the
// page's variables, where a page theme can change them. A HighlightStyle `class` replaces style props.
const TOKEN_CLASSES = {
  pipe: 'pipe',
  operatorName: 'op',
  keyword: 'keyword',
  bool: 'bool',
  term: 'term',
  string: 'string',
  escape: 'escape',
  wildcard: 'wildcard',
  regexp: 'regexp',
  number: 'number',
  comment: 'comment',
  meta: 'meta',
  field: 'field',
  function: 'function',
  template: 'template',
  url: 'url',
  operator: 'operator',
  paren: 'punct',
  bracket: 'punct',
  punctuation: 'punct',
  invalid: 'invalid',
};

/** The class of a token the tokenizer named `style` (for text highlighted outside the editor). */
export const tokenClass = (style) => (TOKEN_CLASSES[style] ? `cm-ts-${TOKEN_CLASSES[style]}` : '');

export const sumoHighlightStyle = HighlightStyle.define(
  Object.entries(TOKEN_CLASSES).map(([token, kind]) => ({ tag: TOKEN_TAGS[token], class: `cm-ts-${kind}` })),
);

export const editorTheme = EditorView.theme(
  {
    '&': {
      color: FG,
      backgroundColor: BG,
      border: `1px solid ${BORDER}`,
      borderRadius: '6px',
      fontSize: '13px',
    },
    '&.cm-focused': {
      outline: 'none',
      borderColor: ACCENT,
      boxShadow: `0 0 0 3px color-mix(in srgb, ${ACCENT} 22%, transparent)`,
    },
    '.cm-scroller': { fontFamily: MONO, lineHeight: '1.55', maxHeight: '45vh', overflow: 'auto' },
    '.cm-content': { padding: '8px 0', minHeight: '4.65em', caretColor: FG },
    // A wrapped line's continuation is indented, so it does not read as a new stage.
    '.cm-line': { padding: '0 12px 0 calc(12px + 2ch)', textIndent: '-2ch' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: FG, borderLeftWidth: '2px' },
    '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
      { backgroundColor: 'color-mix(in srgb, #0969da 18%, transparent)' },
    '.cm-placeholder': { color: MUTED, fontStyle: 'italic' },
    '&.cm-focused .cm-matchingBracket': {
      backgroundColor: 'color-mix(in srgb, #1a7f37 16%, transparent)',
      outline: '1px solid color-mix(in srgb, #1a7f37 45%, transparent)',
    },
    '&.cm-focused .cm-nonmatchingBracket': { backgroundColor: 'color-mix(in srgb, #cf222e 18%, transparent)' },
    '.cm-searchMatch': { backgroundColor: '#fff8c5', outline: '1px solid #d4a72c' },
    '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: '#ffd33d' },

    // The diagnostic's span: a wavy underline drawn by text-decoration, no image (the CSP allows none).
    '.cm-ts-diag': {
      textDecoration: 'underline wavy #cf222e',
      textDecorationSkipInk: 'none',
      textUnderlineOffset: '3px',
      backgroundColor: 'color-mix(in srgb, #cf222e 9%, transparent)',
      borderRadius: '2px',
    },
    '.cm-ts-diag-unsupported': {
      textDecorationColor: '#bf8700',
      backgroundColor: 'color-mix(in srgb, #d4a72c 16%, transparent)',
    },
    // A span of zero width (an error at the end of the text): a small caret.
    '.cm-ts-diag-point': {
      display: 'inline-block',
      width: '0.6em',
      height: '1em',
      verticalAlign: 'text-bottom',
      borderBottom: '2px solid #cf222e',
      marginLeft: '1px',
    },

    '.cm-tooltip': {
      border: `1px solid ${BORDER}`,
      borderRadius: '6px',
      backgroundColor: BG,
      color: FG,
      boxShadow: '0 8px 24px rgba(140, 149, 159, 0.25)',
      overflow: 'hidden',
    },
    '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: MONO, fontSize: '12.5px', maxHeight: '16em' },
    '.cm-tooltip.cm-tooltip-autocomplete > ul > li': { padding: '2px 10px 2px 4px', lineHeight: '1.6' },
    '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: ACCENT, color: '#ffffff' },
    '.cm-tooltip-autocomplete ul li[aria-selected] .cm-completionDetail': { color: 'inherit', opacity: '0.85' },
    '.cm-completionDetail': { color: MUTED, fontStyle: 'normal', marginLeft: '1.2em' },
    '.cm-completionMatchedText': { textDecoration: 'none', fontWeight: '700' },
    '.cm-completionIcon': { width: '1.4em', paddingRight: '0.5em', opacity: '0.7', textAlign: 'center' },
    '.cm-completionIcon-operator:after': { content: "'|'", fontWeight: '700' },
    '.cm-completionIcon-field:after': { content: "'▪'" },
    '.cm-completionIcon-meta:after': { content: "'_'" },
    '.cm-completionInfo': { fontFamily: MONO, fontSize: '12px', padding: '4px 8px' },

    '.cm-panels': { backgroundColor: '#f6f8fa', color: FG, borderColor: BORDER },
    '.cm-panels.cm-panels-bottom': { borderTop: `1px solid ${BORDER}`, borderRadius: '0 0 6px 6px' },
    '.cm-panels.cm-panels-top': { borderBottom: `1px solid ${BORDER}`, borderRadius: '6px 6px 0 0' },
    '.cm-textfield': { border: `1px solid ${BORDER}`, borderRadius: '4px', padding: '2px 6px' },
    '.cm-button': { backgroundImage: 'none', backgroundColor: BG, border: `1px solid ${BORDER}`, borderRadius: '4px' },
  },
  { dark: false },
);

export const highlighting = [syntaxHighlighting(sumoHighlightStyle), editorTheme];
