// The engine's diagnostic in the editor: its spans underlined, its message and hints below.

import { StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView, WidgetType } from '@codemirror/view';

/** UTF-16 offset of byte offset `byte` of `text`'s UTF-8 encoding (for labels without `utf16`). */
export function byteToUtf16(text, byte) {
  let bytes = 0;
  let i = 0;
  while (i < text.length && bytes < byte) {
    const cp = text.codePointAt(i);
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/**
 * Editor ranges of a diagnostic's labels: [{from, to, text}] in UTF-16 code units, clamped to the
 * document, never splitting a surrogate pair. `to === from` marks a point (e.g. the end of input).
 */
export function diagnosticRanges(diag, doc) {
  const len = doc.length;
  const clamp = (n) => Math.max(0, Math.min(len, Number.isFinite(n) ? Math.trunc(n) : 0));
  const pos = (p, byte) => clamp(p && Number.isFinite(p.utf16) ? p.utf16 : byteToUtf16(doc, byte ?? 0));
  const out = [];
  for (const label of diag?.labels ?? []) {
    let from = pos(label.start, label.span?.start);
    let to = pos(label.end, label.span?.end);
    if (to < from) [from, to] = [to, from];
    // A position inside a surrogate pair would split a character: widen to the whole character.
    if (from > 0 && isLowSurrogate(doc.charCodeAt(from))) from -= 1;
    if (to < len && isLowSurrogate(doc.charCodeAt(to))) to += 1;
    out.push({ from, to, text: typeof label.text === 'string' ? label.text : '' });
  }
  return out;
}

const isLowSurrogate = (c) => c >= 0xdc00 && c <= 0xdfff;

/** 1-based line and column (in characters) of the first label, for the "line 2, col 5" link. */
export function labelLocation(diag) {
  const start = diag?.labels?.[0]?.start;
  return start && Number.isFinite(start.line) ? { line: start.line, column: start.column } : null;
}

/**
 * Splits a message into text and `code` parts: [{code: bool, text}]. The engine quotes names in
 * backticks; they are shown as code, still as text.
 */
export function splitCode(message) {
  const parts = String(message ?? '').split('`');
  // An odd number of backticks leaves the last one unpaired: keep it as written.
  if (parts.length % 2 === 0) parts[parts.length - 2] += '`' + parts.pop();
  return parts.map((text, i) => ({ code: i % 2 === 1, text })).filter((p) => p.text !== '');
}

/** The replacement a hint proposes, when it is "did you mean `x`?" (the text between backticks). */
export function suggestedReplacement(hint) {
  const m = /^did you mean `([^`]+)`\??$/i.exec(String(hint ?? '').trim());
  return m ? m[1] : null;
}

// ---- the underline ----

const setDiagnostic = StateEffect.define();

class PointWidget extends WidgetType {
  constructor(title) {
    super();
    this.title = title;
  }
  eq(other) {
    return other.title === this.title;
  }
  toDOM() {
    const span = document.createElement('span');
    span.className = 'cm-ts-diag-point';
    span.title = this.title;
    span.setAttribute('aria-hidden', 'true');
    return span;
  }
}

function decorations(diag, doc) {
  if (!diag) return Decoration.none;
  const cls = diag.unsupported ? 'cm-ts-diag cm-ts-diag-unsupported' : 'cm-ts-diag';
  const title = (r) => r.text || String(diag.message ?? '');
  const ranges = diagnosticRanges(diag, doc).map((r) =>
    r.to > r.from
      ? Decoration.mark({ class: cls, attributes: { title: title(r) } }).range(r.from, r.to)
      : Decoration.widget({ widget: new PointWidget(title(r)), side: 1 }).range(r.from),
  );
  return Decoration.set(ranges, true);
}

/** Holds the shown diagnostic; any change of the text clears it (it described the old text). */
export const diagnosticField = StateField.define({
  create: () => ({ diag: null, deco: Decoration.none }),
  update(value, tr) {
    for (const e of tr.effects) {
      if (e.is(setDiagnostic)) return { diag: e.value, deco: decorations(e.value, tr.newDoc.toString()) };
    }
    return tr.docChanged && value.diag ? { diag: null, deco: Decoration.none } : value;
  },
  provide: (f) => EditorView.decorations.from(f, (v) => v.deco),
});

// ---- the message below the editor ----

function codeText(parent, text) {
  for (const part of splitCode(text)) {
    if (part.code) {
      const code = document.createElement('code');
      code.textContent = part.text;
      parent.append(code);
    } else {
      parent.append(document.createTextNode(part.text));
    }
  }
}

/** Fills `panel` with the diagnostic, or hides it for null. Every string goes in as text. */
function renderPanel(panel, view, diag) {
  panel.replaceChildren();
  panel.hidden = !diag;
  panel.classList.toggle('ts-diagnostic-unsupported', Boolean(diag?.unsupported));
  if (!diag) return;

  const head = document.createElement('div');
  head.className = 'ts-diag-head';
  const code = document.createElement('span');
  code.className = 'ts-diag-code';
  code.textContent = String(diag.code ?? '');
  const msg = document.createElement('span');
  msg.className = 'ts-diag-message';
  codeText(msg, diag.message);
  head.append(code, msg);

  const where = labelLocation(diag);
  const ranges = diagnosticRanges(diag, view.state.doc.toString());
  if (where && ranges.length) {
    const link = document.createElement('button');
    link.type = 'button';
    link.className = 'ts-diag-where';
    link.textContent = `line ${where.line}, col ${where.column}`;
    link.title = 'Show in the query';
    link.addEventListener('click', () => {
      view.dispatch({ selection: { anchor: ranges[0].from, head: ranges[0].to }, scrollIntoView: true });
      view.focus();
    });
    head.append(link);
  }
  panel.append(head);

  // A label's own text adds to the message when it says something else.
  const notes = ranges.map((r) => r.text).filter((text) => text && text !== diag.message);
  const hints = Array.isArray(diag.hints) ? diag.hints.map(String) : [];
  if (!notes.length && !hints.length) return;
  const list = document.createElement('ul');
  list.className = 'ts-diag-hints';
  for (const note of notes) {
    const li = document.createElement('li');
    li.className = 'ts-diag-note';
    codeText(li, note);
    list.append(li);
  }
  for (const hint of hints) {
    const li = document.createElement('li');
    li.className = 'ts-diag-hint';
    codeText(li, hint);
    const fix = suggestedReplacement(hint);
    const target = ranges[0];
    // Offer the fix only when the underlined text is one word, so the replacement is unambiguous.
    if (fix && target && /^[\w.]+$/.test(view.state.sliceDoc(target.from, target.to))) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'ts-diag-fix';
      button.textContent = `Use ${fix}`;
      button.addEventListener('click', () => {
        view.dispatch({
          changes: { from: target.from, to: target.to, insert: fix },
          selection: { anchor: target.from + fix.length },
          userEvent: 'input.fix',
        });
        view.focus();
      });
      li.append(' ', button);
    }
    list.append(li);
  }
  panel.append(list);
}

/**
 * The panel element (data-testid="diagnostic"), `show(view, diag)`, and `onUpdate` for the view's
 * update listener.
 */
export function createDiagnosticPanel() {
  const panel = document.createElement('div');
  panel.className = 'ts-diagnostic';
  panel.dataset.testid = 'diagnostic';
  panel.setAttribute('role', 'status');
  panel.setAttribute('aria-live', 'polite');
  panel.hidden = true;
  const show = (view, diag) => {
    const d = diag && typeof diag === 'object' ? diag : null;
    view.dispatch({ effects: setDiagnostic.of(d) });
    renderPanel(panel, view, d);
  };
  // Cleared with the underline when the text changes.
  const onUpdate = (update) => {
    if (update.docChanged && !panel.hidden && !update.state.field(diagnosticField).diag)
      renderPanel(panel, update.view, null);
  };
  return { panel, show, onUpdate };
}
