// Query history: the last 50 distinct queries run, newest first, kept in localStorage.

export const HISTORY_KEY = 'trailscope.history';
export const HISTORY_MAX = 50;

/** A Storage-like object in memory, for where localStorage is missing or refuses (file://, privacy modes). */
function memoryStorage() {
  const data = new Map();
  return {
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => void data.set(k, String(v)),
    removeItem: (k) => void data.delete(k),
  };
}

function defaultStorage() {
  try {
    // Reading the property itself can throw (sandboxed frames); a write proves it works.
    const s = globalThis.localStorage;
    s.setItem('trailscope.probe', '1');
    s.removeItem('trailscope.probe');
    return s;
  } catch {
    return memoryStorage();
  }
}

/**
 * A history over `storage` (default: localStorage, resolved on first use). Entries are compared
 * after trimming surrounding whitespace, which is also how they are kept.
 */
/**
 * @param {{ storage?: Pick<Storage, "getItem" | "setItem" | "removeItem">, key?: string, max?: number }} [options]
 */
export function createHistory({ storage, key = HISTORY_KEY, max = HISTORY_MAX } = {}) {
  let store = storage;
  const backing = () => (store ??= defaultStorage());

  function list() {
    let parsed;
    try {
      parsed = JSON.parse(backing().getItem(key) ?? '[]');
    } catch {
      return []; // a damaged entry must not break the editor
    }
    if (!Array.isArray(parsed)) return [];
    const seen = new Set();
    return parsed.filter((q) => typeof q === 'string' && q.trim() && !seen.has(q) && seen.add(q)).slice(0, max);
  }

  function save(entries) {
    try {
      backing().setItem(key, JSON.stringify(entries));
    } catch {
      // Quota or a storage that turned read-only: keep working without history.
    }
  }

  return {
    list,
    add(text) {
      const q = String(text ?? '').trim();
      if (!q) return;
      save([q, ...list().filter((e) => e !== q)].slice(0, max));
    },
    clear() {
      save([]);
    },
  };
}

/** The page's history. */
export const history = createHistory();
