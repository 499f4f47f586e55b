// Turns a drop or a picker into a flat list of files: folders are walked recursively, and each
// file keeps its path inside the folder (CloudTrail's S3 keys name account and region).

/** A file to load and its path. @typedef {{ name: string, file: File }} NamedFile */

/**
 * Files from a drop: uses directory entries when the browser gives them.
 * @param {DataTransfer} dataTransfer
 * @returns {Promise<NamedFile[]>}
 */
export async function droppedFiles(dataTransfer) {
  const items = [...(dataTransfer.items || [])];
  const entries = items.map((it) => (it.webkitGetAsEntry ? it.webkitGetAsEntry() : null));
  if (entries.length && entries.every(Boolean)) {
    /** @type {NamedFile[]} */
    const out = [];
    for (const e of entries) await walk(/** @type {FileSystemEntry} */ (e), out);
    return out;
  }
  return [...(dataTransfer.files || [])].map((file) => ({ name: file.name, file }));
}

/**
 * Files from an <input type=file> (with webkitdirectory, each has its relative path).
 * @param {HTMLInputElement} input
 * @returns {NamedFile[]}
 */
export function pickedFiles(input) {
  return [...input.files].map((file) => ({ name: file.webkitRelativePath || file.name, file }));
}

/**
 * Adds the files under `entry` (itself, if a file) to `out`.
 * @param {FileSystemEntry} entry
 * @param {NamedFile[]} out
 */
async function walk(entry, out) {
  if (isFile(entry)) {
    /** @type {File} */
    const file = await new Promise((res, rej) => entry.file(res, rej));
    out.push({ name: entry.fullPath.replace(/^\//, ''), file });
  } else if (isDirectory(entry)) {
    const reader = entry.createReader();
    // readEntries returns at most ~100 entries a call: read until it returns none.
    for (;;) {
      /** @type {FileSystemEntry[]} */
      const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
      if (!batch.length) break;
      for (const e of batch) await walk(e, out);
    }
  }
}

/** @param {FileSystemEntry} e @returns {e is FileSystemFileEntry} */
const isFile = (e) => e.isFile;
/** @param {FileSystemEntry} e @returns {e is FileSystemDirectoryEntry} */
const isDirectory = (e) => e.isDirectory;

/**
 * Hidden files and OS litter are not logs: leave them out before loading.
 * @param {{ name: string }} f
 */
export function worthLoading(f) {
  const base = f.name.split('/').pop();
  return !base.startsWith('.') && base !== 'Thumbs.db' && base !== 'desktop.ini';
}
