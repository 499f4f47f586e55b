// Key bindings: Ctrl/Cmd+Enter runs the query; the usual editing, undo, search and bracket keys.

import { closeCompletion, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, historyKeymap } from '@codemirror/commands';
import { searchKeymap } from '@codemirror/search';
import { Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';

/**
 * `run(text)` on Mod-Enter (Ctrl on Linux/Windows, Cmd on macOS; Ctrl works on macOS too).
 * Highest precedence, so an open completion list never takes the key for itself.
 */
export function runKeymap(run) {
  const command = (view) => {
    closeCompletion(view);
    run(view.state.doc.toString());
    return true;
  };
  return Prec.highest(
    keymap.of([
      { key: 'Mod-Enter', run: command, preventDefault: true },
      { key: 'Ctrl-Enter', run: command, preventDefault: true },
    ]),
  );
}

/** Everything else, in the order CodeMirror's own setups use. */
export const editingKeymap = keymap.of([
  ...closeBracketsKeymap,
  ...defaultKeymap,
  ...searchKeymap,
  ...historyKeymap,
  ...completionKeymap,
]);
