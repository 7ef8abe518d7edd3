// Keeping a tab's work saved (storage.js is the memory itself): the small part at most once a
// second, off the frame loop (an idle callback); the data's CSV only when the data changed;
// everything when the page goes away. A save the browser refuses leaves it all unsaved and is
// tried again each second.
//
// Each open tab holds a Web Lock named after each slot it has written, for as long as it is
// open, so another tab's pruning (storage.prune) skips them. Where locks are missing, a tab that finds its
// slot gone writes all of its work again. When the storage is full, sessions that hold no
// work of the learner's (a link's untouched run) make room; if that is not enough the page
// says what it could not keep and offers it as files (saved-list.js).

import * as storage from "./storage.js";

const LOCK = "backprop-playground/slot/";

/** The slots this page holds: every one it has written, so that Back and Forward find this
 * tab's earlier runs too. */
const mine = new Set();

/** The slots open tabs hold (a Set of ids), this page's own unless `othersOnly`; null when
 * the browser cannot tell. */
export async function heldSlots({ othersOnly = false } = {}) {
  try {
    const { held = [] } = await navigator.locks.query();
    const count = new Map();
    for (const { name } of held) if (name?.startsWith(LOCK)) count.set(name.slice(LOCK.length), (count.get(name.slice(LOCK.length)) ?? 0) + 1);
    if (othersOnly) for (const id of mine) count.set(id, (count.get(id) ?? 0) - 1);
    return new Set([...count].filter(([, n]) => n > 0).map(([id]) => id));
  } catch {
    return null;
  }
}

/** Holds the lock of slot `id` (shared: a duplicated tab may ask for it too) for as long as
 * this page lives. */
function hold(id) {
  if (mine.has(id) || !globalThis.navigator?.locks) return;
  mine.add(id);
  navigator.locks.request(LOCK + id, { mode: "shared" }, () => new Promise(() => {})).catch(() => mine.delete(id));
}

/** Sessions without the learner's own work, not held by a tab, oldest first, removed until
 * one is gone (returns whether one was): room for a save the quota refused. */
async function makeRoom(keep, back) {
  const held = await heldSlots();
  const spare = storage.sessions().filter((s) => !s.own && s.id !== keep && s.id !== back && !held?.has(s.id));
  const s = spare.at(-1);
  if (!s) return false;
  storage.remove(s.id);
  return true;
}

/** Keeps the app's work saved in its own slot (`app.savedId`; a new one when it is null).
 * `warn(error, full)` is told of the first refusal of a run of them (`full`: after the room
 * that could be made). */
export function keepSaved(app, warn) {
  let due = true; // the first state too
  let dataDue = true;
  let warned = false;
  let pending = false;
  let freeing = false;
  let warnedFull = false;
  app.on((what) => {
    if (["values", "data", "config", "shape", "view", "sample", "place", "selection", "landscape"].some((w) => what.has(w))) due = true;
    if (what.has("data") || what.has("shape")) dataDue = true;
  });
  const slot = () => {
    if (!app.savedId) {
      app.savedId = storage.newId();
      dataDue = true;
      const [id, back] = [app.savedId, app.returnTo?.savedId];
      heldSlots().then((held) => storage.prune(id, back, held ?? new Set()));
    }
    // A slot removed meanwhile (pruned by a tab that could not see this one's lock): all again.
    else if (!storage.exists(app.savedId)) dataDue = true;
    hold(app.savedId);
    storage.setTabId(app.savedId);
    return app.savedId;
  };
  // `retried`: once more after the room that could be made (none is made again).
  const persist = (retried = false) => {
    pending = false;
    if (!due && !dataDue) return;
    const id = slot();
    const snap = app.snapshot(dataDue);
    const err = storage.save(id, snap);
    if (err) {
      // Nothing is marked saved: the next second tries again, data included. Said once for a
      // run of failures; a full storage first makes what room it may, and is said once more
      // if that was not enough.
      const full = /quota/i.test(err.name);
      if (full && retried) {
        if (!warnedFull) (warnedFull = warned = true), warn(err, true);
        return;
      }
      if (full && !freeing) {
        freeing = true;
        makeRoom(id, snap.back).then((freed) => {
          freeing = false;
          persist(!freed);
        });
      }
      if (!warned) (warned = true), warn(err, false);
      return;
    }
    warnedFull = false;
    warned = false;
    due = false;
    if (snap.csv !== undefined) dataDue = false;
    // This history entry's run is in this slot: Back or Forward to it finds it (url.js).
    if (location.hash === snap.fragment && history.state?.slot !== id) {
      try {
        history.replaceState({ ...history.state, slot: id }, "");
      } catch {
        /* too many history calls: the next save tries again */
      }
    }
  };
  // Off the frame: in an idle moment (within a second), never inside the frame loop.
  const idle = globalThis.requestIdleCallback ?? ((fn) => setTimeout(fn, 0));
  setInterval(() => {
    if ((due || dataDue) && !pending) {
      pending = true;
      idle(() => persist(), { timeout: 1000 });
    }
  }, 1000);
  addEventListener("pagehide", () => persist());
  // Before the run is replaced by another (the article's example, a link, a saved session):
  // saved now.
  app.saveNow = () => {
    due = true;
    persist();
  };
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && persist());
  // Another tab writing this tab's slot (a duplicated tab shares the id): move to a new slot,
  // so neither overwrites the other.
  addEventListener("storage", (e) => {
    if (!app.savedId || e.key !== storage.slotKey(app.savedId) || !e.newValue) return;
    try {
      if (JSON.parse(e.newValue).instance === storage.instance) return;
    } catch {
      /* junk: treat as another writer */
    }
    app.savedId = null;
    due = dataDue = true;
  });
}
