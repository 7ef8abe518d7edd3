// The browser's local storage as the page's memory: the configuration (as its URL fragment),
// the data when edited or imported (CSV, with each point's train/test split) and the current
// weights (the model file), so a reload never loses work. Every access is guarded: storage may
// be full, disabled or hold junk.
//
// Nothing is overwritten by someone else's work. Each session (a tab's run) has its own slot,
// and a few recent ones are kept: a shared link, another tab or a restored copy write to
// slots of their own, and `load()` offers the learner's own work back (see App.start). A tab
// keeps its slot's id in sessionStorage, so a reload finds its own work; a duplicated tab
// that shares the id notices the other writer (the `storage` event) and moves to a new slot.
//
// Saving costs no frame: the small part (fragment, model) at most once a second, off the
// frame loop (an idle callback); the data's CSV only when the data changed.

const PREFIX = "backprop-playground/v2/";
const META = PREFIX + "session/"; // + id → {id, savedAt, fragment, model, own, instance}
const DATA = PREFIX + "csv/"; // + id → the CSV text of hand-made data
const LEGACY = "backprop-playground/v1";
const TAB = "backprop-playground/tab"; // sessionStorage: this tab's slot id
const MAX_BYTES = 4_000_000;
/** The most sessions kept; beyond it the oldest go, sessions without own work first. */
export const MAX_SESSIONS = 6;

const instance = Math.random().toString(36).slice(2, 10);
const newId = () => Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8);
const str = (x) => (typeof x === "string" ? x : null);

function get(key) {
  try {
    const text = localStorage.getItem(key);
    return text && text.length <= MAX_BYTES ? text : null;
  } catch {
    return null;
  }
}

function tabId() {
  try {
    return sessionStorage.getItem(TAB);
  } catch {
    return null;
  }
}

function setTabId(id) {
  try {
    sessionStorage.setItem(TAB, id);
  } catch {
    /* no session storage: a reload restores the newest work instead */
  }
}

/** A saved run's progress if it has the expected form ({epoch, history: numbers or nulls});
 * the core checks the rest. */
const progressOf = (p) => (p && typeof p === "object" && Number.isFinite(p.epoch) && Array.isArray(p.history) && p.history.every((v) => v === null || typeof v === "number") ? { epoch: p.epoch, history: p.history } : null);

/** Every saved session, newest first: {id, savedAt, fragment, model, progress, csv, own, back}
 * (`back`: for the article's run, the slot of the learner's run it was entered from). */
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
      list.push({ id, savedAt: Number(v.savedAt) || 0, fragment: str(v.fragment), model: str(v.model), progress: progressOf(v.progress), csv: v.hasCsv ? get(DATA + id) : null, own: v.own === true, back: str(v.back) });
    } catch {
      /* junk: skipped */
    }
  }
  // The first version's single entry, kept as the learner's work.
  try {
    const v = JSON.parse(get(LEGACY));
    if (typeof v === "object" && v !== null) list.push({ id: "v1", savedAt: 0, fragment: str(v.fragment), model: str(v.model), csv: str(v.csv), own: true, legacy: true });
  } catch {
    /* none or junk */
  }
  return list.sort((a, b) => b.savedAt - a.savedAt);
}

/** The session to start from: this tab's own (a reload; `mine` is true), else the newest
 * with the learner's own work, else the newest. `others` are the rest, newest first. Null
 * when nothing is saved. */
export function load() {
  const list = sessions();
  if (!list.length) return null;
  const id = tabId();
  const pick = list.find((s) => s.id === id) ?? list.find((s) => s.own) ?? list[0];
  return { ...pick, mine: pick.id === id, others: list.filter((s) => s !== pick) };
}

function remove(id) {
  try {
    if (id === "v1") localStorage.removeItem(LEGACY);
    localStorage.removeItem(META + id);
    localStorage.removeItem(DATA + id);
  } catch {
    /* storage disabled */
  }
}

/** Drops the oldest sessions beyond MAX_SESSIONS (those without own work first), never `keep`
 * nor `back` (the run the article's example was entered from). */
function prune(keep, back = null) {
  const list = sessions().filter((s) => s.id !== keep && s.id !== back);
  const over = list.length + (back ? 2 : 1) - MAX_SESSIONS;
  if (over <= 0) return;
  const order = [...list.filter((s) => !s.own).reverse(), ...list.filter((s) => s.own).reverse()];
  for (const s of order.slice(0, over)) remove(s.id);
}

/** Saves a session into slot `id`; `csv` is written only when given (undefined keeps the
 * saved one, null removes it). Returns an error message when the browser refuses. */
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
    localStorage.setItem(META + id, JSON.stringify({ savedAt: Date.now(), fragment, model: keptModel, progress: keptProgress, own, hasCsv, instance, back }));
    return null;
  } catch (e) {
    return e.message || String(e);
  }
}

/** Forgets this tab's session (Start over). Other tabs' and older sessions stay. */
export function clear(id = tabId()) {
  if (id) remove(id);
  remove("v1");
}

/** Keeps the app's work saved in its own slot (`app.savedId`; a new one when it is null):
 * the small part at most once a second while anything changes, the data only when it
 * changed, and everything when the page goes away. A save the browser refuses leaves it all
 * unsaved and is tried again each second; the first refusal of a run of them is said. */
export function keepSaved(app, warn) {
  let due = true; // the first state too
  let dataDue = true;
  let warned = false;
  let pending = false;
  app.on((what) => {
    if (["values", "data", "config", "shape", "view", "sample", "place", "selection", "landscape"].some((w) => what.has(w))) due = true;
    if (what.has("data") || what.has("shape")) dataDue = true;
  });
  const slot = () => {
    if (!app.savedId) {
      app.savedId = newId();
      dataDue = true;
      prune(app.savedId, app.returnTo?.savedId);
    }
    setTabId(app.savedId);
    return app.savedId;
  };
  const persist = () => {
    pending = false;
    if (!due && !dataDue) return;
    const id = slot();
    const snap = app.snapshot(dataDue);
    const err = save(id, snap);
    if (err) {
      // Nothing is marked saved: the next second tries again, data included. Said once for
      // each run of failures.
      if (!warned) {
        warned = true;
        warn(err);
      }
      return;
    }
    warned = false;
    due = false;
    if (snap.csv !== undefined) dataDue = false;
  };
  // Off the frame: in an idle moment (within a second), never inside the frame loop.
  const idle = globalThis.requestIdleCallback ?? ((fn) => setTimeout(fn, 0));
  setInterval(() => {
    if ((due || dataDue) && !pending) {
      pending = true;
      idle(persist, { timeout: 1000 });
    }
  }, 1000);
  addEventListener("pagehide", persist);
  // Before the run is replaced by another of its own (the article's example): saved now.
  app.saveNow = () => {
    due = true;
    persist();
  };
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && persist());
  // Another tab writing this tab's slot (a duplicated tab shares the id): move to a new slot,
  // so neither overwrites the other.
  addEventListener("storage", (e) => {
    if (!app.savedId || e.key !== META + app.savedId || !e.newValue) return;
    try {
      if (JSON.parse(e.newValue).instance === instance) return;
    } catch {
      /* junk: treat as another writer */
    }
    app.savedId = null;
    due = dataDue = true;
  });
}
