// Turns a drop or a picker into a flat list of files: folders are walked recursively, and each
// file keeps its path inside the folder (CloudTrail's S3 keys name account and region).

/** Files from a drop: uses directory entries when the browser gives them. */
export async function droppedFiles(dataTransfer) {
  const items = [...(dataTransfer.items || [])];
  const entries = items.map((it) => (it.webkitGetAsEntry ? it.webkitGetAsEntry() : null));
  if (entries.length && entries.every(Boolean)) {
    const out = [];
    for (const e of entries) await walk(e, out);
    return out;
  }
  return [...(dataTransfer.files || [])].map((file) => ({ name: file.name, file }));
}

/** Files from an <input type=file> (with webkitdirectory, each has its relative path). */
export function pickedFiles(input) {
  return [...input.files].map((file) => ({ name: file.webkitRelativePath || file.name, file }));
}

async function walk(entry, out) {
  if (entry.isFile) {
    const file = await new Promise((res, rej) => entry.file(res, rej));
    out.push({ name: entry.fullPath.replace(/^\//, ''), file });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    // readEntries returns at most ~100 entries a call: read until it returns none.
    for (;;) {
      const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
      if (!batch.length) break;
      for (const e of batch) await walk(e, out);
    }
  }
}

/** Hidden files and OS litter are not logs: leave them out before loading. */
export function worthLoading(f) {
  const base = f.name.split('/').pop();
  return !base.startsWith('.') && base !== 'Thumbs.db' && base !== 'desktop.ini';
}
