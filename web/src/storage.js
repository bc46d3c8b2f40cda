// Drafts and the hồ sơ live in the browser (localStorage), so a reload, a
// closed tab or a lost connection loses nothing.

const DRAFT = 'vanban.draft.';
const BUNDLE = 'vanban.hoso';

function read(key, fallback) {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? fallback : JSON.parse(raw);
  } catch {
    return fallback;
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false; // storage full or forbidden: the editor keeps working
  }
}

/** A draft: { route, title, data, savedAt }; the route names its form. */
export function loadDraft(route) {
  return read(DRAFT + route, null);
}

export function saveDraft(route, title, data) {
  return write(DRAFT + route, { route, title, data, savedAt: new Date().toISOString() });
}

export function dropDraft(route) {
  localStorage.removeItem(DRAFT + route);
}

export function allDrafts() {
  const drafts = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(DRAFT)) {
      const draft = read(key, null);
      if (draft?.route) drafts.push(draft);
    }
  }
  return drafts.sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1));
}

/** The hồ sơ being put together: { title, items: [{ title, template?, data?, document? }] }. */
export function loadBundle() {
  return read(BUNDLE, { title: '', items: [] });
}

export function saveBundle(bundle) {
  return write(BUNDLE, bundle);
}
