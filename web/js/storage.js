// The browser's local storage as the page's memory: the configuration (as its URL fragment),
// the data when edited or imported (CSV, with each point's train/test split) and the current
// weights (the model file), so a reload never loses work. Every access is guarded: storage may
// be full, disabled or hold junk.
//
// Nothing is overwritten by someone else's work. Each session (a tab's run) has its own slot,
// and a few recent ones are kept: a shared link, another tab or a restored copy write to
// slots of their own, and `load()` offers the learner's own work back (see App.start). A tab
// keeps its slot's id in sessionStorage, so a reload finds its own work. How a tab keeps its
// slot saved (and holds it against pruning) is keep-saved.js.
//
// Sessions are ordered by a counter kept beside them (`seq`), never by the clock: a clock set
// back cannot make older work look newer. Entries saved before the counter existed are given
// one once, in the order of their old time stamps.

const PREFIX = "backprop-playground/v2/";
const META = PREFIX + "session/"; // + id → {seq, savedAt, fragment, model, progress, own, hasCsv, instance, back}
const DATA = PREFIX + "csv/"; // + id → the CSV text of hand-made data
const LEGACY = "backprop-playground/v1";
const TAB = "backprop-playground/tab"; // sessionStorage: this tab's slot id
const SEQ = PREFIX + "seq"; // the last sequence number given to a save
const MAX_BYTES = 4_000_000;
/** The most sessions kept; beyond it the oldest go, sessions without own work first, except
 * those an open tab holds (keep-saved.js). */
export const MAX_SESSIONS = 6;

/** This page's own mark in what it writes (another page writing its slot is noticed). */
export const instance = Math.random().toString(36).slice(2, 10);
export const newId = () => Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8);
const str = (x) => (typeof x === "string" ? x : null);

function get(key) {
  try {
    const text = localStorage.getItem(key);
    return text && text.length <= MAX_BYTES ? text : null;
  } catch {
    return null;
  }
}

export function tabId() {
  try {
    return sessionStorage.getItem(TAB);
  } catch {
    return null;
  }
}

export function setTabId(id) {
  try {
    sessionStorage.setItem(TAB, id);
  } catch {
    /* no session storage: a reload restores the newest work instead */
  }
}

/** A saved run's progress as it was written ({epoch, history}), or null; App.loadSaved checks it
 * against what the core can count before it is used. */
const progressOf = (p) => (p && typeof p === "object" ? { epoch: p.epoch, history: p.history } : null);

/** Every saved session, newest first (by `seq`): {id, seq, savedAt, fragment, model, progress,
 * csv, own, back} (`back`: for the article's run, the slot of the learner's run it was entered
 * from). */
export function sessions() {
  const list = [];
  let keys = [];
  try {
    keys = Object.keys(localStorage).filter((k) => k.startsWith(META));
  } catch {
    return list;
  }
  for (const key of keys) {
    try {
      const v = JSON.parse(get(key));
      if (typeof v !== "object" || v === null) continue;
      const id = key.slice(META.length);
      list.push({ id, seq: Number.isSafeInteger(v.seq) ? v.seq : 0, savedAt: Number(v.savedAt) || 0, fragment: str(v.fragment), model: str(v.model), progress: progressOf(v.progress), csv: v.hasCsv ? get(DATA + id) : null, own: v.own === true, back: str(v.back) });
    } catch {
      /* junk: skipped */
    }
  }
  // The first version's single entry, kept as the learner's work.
  try {
    const v = JSON.parse(get(LEGACY));
    if (typeof v === "object" && v !== null) list.push({ id: "v1", seq: Number.MIN_SAFE_INTEGER, savedAt: 0, fragment: str(v.fragment), model: str(v.model), csv: str(v.csv), own: true, legacy: true });
  } catch {
    /* none or junk */
  }
  return list.sort((a, b) => b.seq - a.seq || b.savedAt - a.savedAt);
}

/** Gives the entries saved before the counter existed their sequence numbers, in the order of
 * their time stamps (once: when there is no counter yet). Returns the last number given. */
function migrate() {
  const entries = [];
  try {
    for (const key of Object.keys(localStorage).filter((k) => k.startsWith(META))) {
      try {
        const v = JSON.parse(get(key));
        if (typeof v === "object" && v !== null) entries.push({ key, v });
      } catch {
        /* junk: skipped */
      }
    }
  } catch {
    return 0;
  }
  let last = Math.max(0, ...entries.map(({ v }) => (Number.isSafeInteger(v.seq) ? v.seq : 0)));
  const old = entries.filter(({ v }) => !Number.isSafeInteger(v.seq)).sort((a, b) => (Number(a.v.savedAt) || 0) - (Number(b.v.savedAt) || 0));
  // (Below any number already given: they are older than every save that has one.)
  old.forEach(({ key, v }, i) => {
    try {
      localStorage.setItem(key, JSON.stringify({ ...v, seq: i + 1 - old.length }));
    } catch {
      /* full: it sorts as 0, beside the others without a number */
    }
  });
  try {
    localStorage.setItem(SEQ, String(last));
  } catch {
    /* full: migrated again next time */
  }
  return last;
}

/** The next sequence number (kept in local storage, so every tab counts on from the last). */
function nextSeq() {
  const saved = get(SEQ);
  const n = (saved === null ? migrate() : Number(saved) || 0) + 1;
  localStorage.setItem(SEQ, String(n));
  return n;
}

/** The session to start from: this tab's own (a reload; `mine` is true), else the newest
 * with the learner's own work, else the newest. `others` are the rest, newest first. Null
 * when nothing is saved. */
export function load() {
  if (get(SEQ) === null) migrate();
  const list = sessions();
  if (!list.length) return null;
  const id = tabId();
  const pick = list.find((s) => s.id === id) ?? list.find((s) => s.own) ?? list[0];
  return { ...pick, mine: pick.id === id, others: list.filter((s) => s !== pick) };
}

/** The key of slot `id`'s entry (a `storage` event names it). */
export const slotKey = (id) => META + id;

/** Whether slot `id` holds a saved session. */
export const exists = (id) => get(META + id) !== null;

export function remove(id) {
  try {
    if (id === "v1") localStorage.removeItem(LEGACY);
    localStorage.removeItem(META + id);
    localStorage.removeItem(DATA + id);
  } catch {
    /* storage disabled */
  }
}

/** Drops the oldest sessions beyond MAX_SESSIONS (those without own work first), never `keep`
 * nor `back` (the run the article's example was entered from), nor a slot in `held` (an open
 * tab's, see keep-saved.js). */
export function prune(keep, back = null, held = new Set()) {
  const list = sessions().filter((s) => s.id !== keep && s.id !== back);
  const over = list.length + (back ? 2 : 1) - MAX_SESSIONS;
  if (over <= 0) return;
  const order = [...list.filter((s) => !s.own).reverse(), ...list.filter((s) => s.own).reverse()].filter((s) => !held.has(s.id));
  for (const s of order.slice(0, over)) remove(s.id);
}

/** Saves a session into slot `id`; `csv` is written only when given (undefined keeps the
 * saved one, null removes it). Returns the browser's error when it refuses, else null. */
export function save(id, { fragment, model, own, csv, progress = null, back = null }) {
  try {
    if (csv !== undefined) {
      if (csv === null) localStorage.removeItem(DATA + id);
      else localStorage.setItem(DATA + id, csv);
    }
    const prev = JSON.parse(get(META + id) ?? "null");
    const hasCsv = csv === undefined ? Boolean(prev?.hasCsv) : csv !== null;
    // Never a model without finite weights: keep the one saved before.
    const keptModel = model ?? str(prev?.model);
    const keptProgress = model ? progress : (prev?.progress ?? null);
    localStorage.setItem(META + id, JSON.stringify({ seq: nextSeq(), savedAt: Date.now(), fragment, model: keptModel, progress: keptProgress, own, hasCsv, instance, back }));
    return null;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** Forgets this tab's session (Start over). Other tabs' and older sessions stay. */
export function clear(id = tabId()) {
  if (id) remove(id);
  remove("v1");
}
