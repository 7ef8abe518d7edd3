// The browser's local storage as the page's memory: the configuration (as its URL fragment),
// the data when edited or imported (CSV) and the current weights (the model file), so a reload
// never loses work. Every access is guarded: storage may be full, disabled or hold junk.

const KEY = "backprop-playground/v1";
const MAX_BYTES = 4_000_000;

/** The saved state, or null when there is none or it is unreadable. */
export function load() {
  try {
    const text = localStorage.getItem(KEY);
    if (!text || text.length > MAX_BYTES) return null;
    const v = JSON.parse(text);
    if (typeof v !== "object" || v === null) return null;
    const str = (x) => (typeof x === "string" ? x : null);
    return { fragment: str(v.fragment), csv: str(v.csv), model: str(v.model) };
  } catch {
    return null;
  }
}

/** Saves; returns an error message when the browser refuses. */
export function save(state) {
  try {
    localStorage.setItem(KEY, JSON.stringify(state));
    return null;
  } catch (e) {
    return e.message || String(e);
  }
}

export function clear() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    /* storage disabled: nothing to clear */
  }
}

/** Keeps the app's work saved: at most once a second while it changes, and when the page goes
 * away. Warns once when the browser refuses. */
export function keepSaved(app, warn) {
  let due = true; // the first state too
  let warned = false;
  app.on((what) => {
    if (what.has("values") || what.has("data") || what.has("config") || what.has("shape")) due = true;
  });
  const persist = () => {
    due = false;
    const err = save(app.snapshot());
    if (err && !warned) {
      warned = true;
      warn(err);
    }
  };
  setInterval(() => due && persist(), 1000);
  addEventListener("pagehide", persist);
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && persist());
}
