// The query editor: CodeMirror 6 with Sumo Logic highlighting, completion, diagnostics and history.

import './editor.css';
import { autocompletion, closeBrackets } from '@codemirror/autocomplete';
import { history as undoHistory } from '@codemirror/commands';
import { bracketMatching } from '@codemirror/language';
import { highlightSelectionMatches, search } from '@codemirror/search';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, drawSelection, highlightSpecialChars, placeholder } from '@codemirror/view';
import { sumoCompletionSource } from './complete.js';
import { createDiagnosticPanel, diagnosticField } from './diagnostics.js';
import { highlighting } from './highlight.js';
import { history } from './history.js';
import { multiLineInsert } from './input.js';
import { editingKeymap, runKeymap } from './keymap.js';
import { sumoLanguage } from './language.js';

export { history } from './history.js';
export { renderHistoryMenu } from './history-menu.js';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

function normalizeVocabulary(v) {
  return {
    operators: Array.isArray(v?.operators) ? v.operators : [],
    operator_help: Array.isArray(v?.operator_help) ? v.operator_help : [],
    functions: Array.isArray(v?.functions) ? v.functions : [],
    // The words inside a stage and what its strings are; empty until the engine starts, when the
    // editor's built-in lists serve.
    keywords: Array.isArray(v?.keywords) ? v.keywords : [],
    strings: Array.isArray(v?.strings) ? v.strings : [],
  };
}

const operatorNames = (vocab) => vocab.operators.map((o) => (typeof o === 'string' ? o : String(o?.name ?? '')));
const languageOf = (vocab) => sumoLanguage(operatorNames(vocab), { keywords: vocab.keywords, strings: vocab.strings });

/**
 * Creates the editor in `parent`. Returns { view, getText, setText, focus, showDiagnostic, run,
 * setVocabulary, destroy }. `setText` does not call `onChange`, as setting an input's value fires
 * no input event; `run()` does what Ctrl+Enter does.
 * @param {HTMLElement} parent
 * @param {{ doc?: string, vocabulary?: { operators: any[], functions: any[], [k: string]: any },
 *   fieldNames?: () => string[], onRun?: (text: string) => void, onChange?: (text: string) => void,
 *   nonce?: string }} [options]
 */
export function createEditor(
  parent,
  {
    doc = '',
    vocabulary = { operators: [], functions: [] },
    fieldNames = () => [],
    onRun = () => {},
    onChange = () => {},
    nonce,
  } = {},
) {
  let vocab = normalizeVocabulary(vocabulary);
  const language = new Compartment();
  const diagnostics = createDiagnosticPanel();
  diagnostics.panel.id = `ts-diagnostic-${Math.random().toString(36).slice(2, 9)}`;
  let settingText = false;

  const run = (text) => {
    history.add(text);
    onRun(text);
  };

  const extensions = [
    runKeymap(run),
    language.of(languageOf(vocab)),
    highlighting,
    undoHistory(),
    drawSelection(),
    highlightSpecialChars(),
    bracketMatching(),
    closeBrackets(),
    highlightSelectionMatches(),
    search({ top: false }),
    autocompletion({
      override: [sumoCompletionSource(() => vocab, fieldNames)],
      icons: true,
      closeOnBlur: true,
    }),
    editingKeymap,
    multiLineInsert,
    diagnosticField,
    EditorView.lineWrapping,
    placeholder(
      `Type a query, e.g.  "ConsoleLogin" | json "userIdentity.arn" as arn | count by arn   ·   ${isMac ? '⌘' : 'Ctrl'}+Enter runs`,
    ),
    EditorView.contentAttributes.of({
      'data-testid': 'query-editor',
      'aria-label': 'Query',
      'aria-describedby': diagnostics.panel.id,
    }),
    EditorView.updateListener.of((update) => {
      diagnostics.onUpdate(update);
      if (update.docChanged && !settingText) onChange(update.state.doc.toString());
    }),
  ];
  // Without the nonce the page's CSP would block CodeMirror's <style> elements.
  if (nonce) extensions.push(EditorView.cspNonce.of(nonce));

  const root = document.createElement('div');
  root.className = 'ts-editor';
  parent.append(root);

  const view = new EditorView({
    state: EditorState.create({ doc: String(doc ?? ''), extensions }),
    parent: root,
  });
  root.append(diagnostics.panel);

  return {
    view,
    getText: () => view.state.doc.toString(),
    setText(text) {
      settingText = true;
      try {
        const insert = String(text ?? '');
        view.dispatch({
          changes: { from: 0, to: view.state.doc.length, insert },
          // Measured as the document will hold it: \r\n counts as one line break there.
          selection: { anchor: view.state.toText(insert).length },
          scrollIntoView: true,
        });
      } finally {
        settingText = false;
      }
    },
    focus: () => view.focus(),
    showDiagnostic: (diag) => diagnostics.show(view, diag),
    run: () => run(view.state.doc.toString()),
    setVocabulary(next) {
      vocab = normalizeVocabulary(next);
      view.dispatch({ effects: language.reconfigure(languageOf(vocab)) });
    },
    destroy() {
      view.destroy();
      root.remove();
    },
  };
}
