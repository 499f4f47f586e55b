// The drop zone and the pickers: files, folders (recursive) and zips go to `onFiles`.

import { h } from './dom.js';
import { droppedFiles, pickedFiles, worthLoading } from './files.js';

export function createDropzone({ onFiles }) {
  const give = (files) => {
    const list = files.filter(worthLoading);
    if (list.length) onFiles(list);
  };
  const fileInput = h('input', {
    type: 'file',
    multiple: true,
    'data-testid': 'file-input',
    accept: '.gz,.json,.jsonl,.ndjson,.zip,.csv,.log,.txt,.yml,.yaml',
  });
  const folderInput = h('input', {
    type: 'file',
    multiple: true,
    webkitdirectory: true,
    'data-testid': 'folder-input',
  });
  for (const input of [fileInput, folderInput]) {
    input.addEventListener('change', () => {
      give(pickedFiles(input));
      input.value = '';
    });
  }
  const el = h(
    'div',
    { class: 'dropzone', 'data-testid': 'dropzone' },
    h('strong', { text: 'Drop CloudTrail logs here' }),
    h('span', {
      class: 'hint',
      text: 'a folder of .json.gz as in S3, .json, .jsonl, .zip or an Event history download; a .csv lookup table or threat indicators (CSV or STIX) become tables for lookup, a .yml Sigma rule runs in Detections; nothing leaves this browser',
    }),
    h('button', { type: 'button', text: 'Choose files…', on: { click: () => fileInput.click() } }),
    h('button', { type: 'button', text: 'Choose folder…', on: { click: () => folderInput.click() } }),
    fileInput,
    folderInput,
  );

  // The whole window takes drops, so a miss by a few pixels still loads.
  let depth = 0;
  window.addEventListener('dragenter', (e) => {
    if (hasFiles(e)) {
      depth++;
      document.body.classList.add('dragging');
    }
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) document.body.classList.remove('dragging');
  });
  window.addEventListener('dragover', (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  window.addEventListener('drop', async (e) => {
    if (!e.dataTransfer) return;
    e.preventDefault();
    depth = 0;
    document.body.classList.remove('dragging');
    give(await droppedFiles(e.dataTransfer));
  });
  return { el };
}

function hasFiles(e) {
  return e.dataTransfer && [...(e.dataTransfer.types || [])].includes('Files');
}
