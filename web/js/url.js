// The link is the state: the URL fragment follows every setting, and a link pasted into this
// tab (only the fragment changes, so no reload) starts that run. Back and Forward to an entry
// whose run was saved (keep-saved.js writes its slot into the entry's state) bring that run
// back, not a new one.

import { splitWeights } from "./share.js";

export function keepUrl(app, loadWeights) {
  const sync = () => {
    const f = app.fragment();
    if (location.hash !== f) history.replaceState(history.state, "", f);
  };
  app.on((what) => ["config", "view", "sample", "place", "selection", "landscape", "lesson"].some((w) => what.has(w)) && sync());
  addEventListener("hashchange", () => {
    const [hash, w] = splitWeights(location.hash);
    if (app.reopen(history.state?.slot)) return;
    app.applyLink(hash);
    if (w !== null) loadWeights(w);
  });
  // The first write waits for a task of its own (the browser's work on a new URL is not
  // small, and the start's tasks are long enough).
  setTimeout(sync, 0);
}
