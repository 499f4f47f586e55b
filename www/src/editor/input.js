// Text the browser would insert across lines goes in as a transaction instead of through contenteditable.

import { EditorView } from '@codemirror/view';

/**
 * When Chromium inserts text with line breaks (automation's fill, dictation), or replaces a
 * selection spanning lines, it splits or merges the line elements itself and gives them style
 * attributes, which the page's CSP refuses (a console error each time). Taking the text from the
 * event avoids that, and the editor then holds exactly the text given. Other typing and IME input
 * are left to CodeMirror.
 */
export const multiLineInsert = EditorView.domEventHandlers({
  beforeinput(event, view) {
    const text = event.data;
    if (event.inputType !== 'insertText' || typeof text !== 'string' || event.isComposing) return false;
    const { from, to } = domSelection(view) ?? view.state.selection.main;
    const acrossLines = /[\r\n]/.test(text) || view.state.doc.lineAt(from).number !== view.state.doc.lineAt(to).number;
    if (!acrossLines) return false;
    event.preventDefault();
    const insert = () =>
      view.state.update({
        changes: { from, to, insert: text },
        selection: { anchor: from + view.state.toText(text).length },
        scrollIntoView: true,
        userEvent: 'input.type',
      });
    // Input handlers first, as for typed text: bracket closing wraps a selection in `(` ... `)`.
    if (!view.state.facet(EditorView.inputHandler).some((h) => h(view, from, to, text, insert)))
      view.dispatch(insert());
    return true;
  },
});

/** The browser's selection in document positions; the editor may not have read it yet. */
function domSelection(view) {
  const sel = view.root.getSelection?.() ?? document.getSelection();
  if (
    !sel ||
    !sel.rangeCount ||
    !view.contentDOM.contains(sel.anchorNode) ||
    !view.contentDOM.contains(sel.focusNode)
  ) {
    return null;
  }
  try {
    const a = view.posAtDOM(sel.anchorNode, sel.anchorOffset);
    const b = view.posAtDOM(sel.focusNode, sel.focusOffset);
    return { from: Math.min(a, b), to: Math.max(a, b) };
  } catch {
    return null;
  }
}
