// The test handle, `window.playground`: what tests and benches read and call (they use this and
// the DOM, nothing else). A contract: see docs/ARCHITECTURE.md.

import { lessonNumbers } from "./extra.js";

/**
 * The test handle (tests and benches use this and the DOM, nothing else):
 * - `pg`: the live `Playground` (the wasm handle; every read and write of the core),
 * - `sizes`, `points`, `history`: layer sizes, the points ([x1, x2, label, isTrain]…), the
 *   loss chart's [epoch, train, test] triples, as the page shows them,
 * - `sample` / `setSample({x1, x2, label})`: the inspector's sample,
 * - `nodeCenter(layer, i)`: where node i of column `layer` is on the #network canvas,
 * - `landscape()`: the loss landscape on screen (computed in slices),
 * - `frames`, `work`: recent frame intervals and per-frame work in ms (for `just bench`),
 * - `offline`: once the page is idle, a promise of whether its files were kept for offline
 *   use (see offline.js),
 * - `settled()`: a promise, resolved once every view has drawn what changed (after at least
 *   two frames; a slow frame leaves some views to the next) and the loss landscape, if one
 *   is being computed, is drawn.
 */
export function defineTestHandle(app, network, landscape, timing) {
  window.playground = {
    get pg() {
      return app.pg;
    },
    get sizes() {
      return app.sizes;
    },
    get points() {
      return app.points;
    },
    get history() {
      return app.history;
    },
    get sample() {
      return app.sample;
    },
    setSample: (s) => app.setSample(s),
    /** A promise of the NumPy script of the run (`{lang, epochs, article}`), as the page's
     * export writes it. */
    exportPython: (options) => app.exportPython(options),
    /** A promise of every number of the lesson, from the core (as the lesson shows them). */
    lessonNumbers: () => lessonNumbers(),
    nodeCenter: (layer, i) => network.view.nodeCenter(layer, i),
    /** The values the network graph drew last: the weights, or the gradients when shown. */
    drawnValues: () => Array.from(network.view.drawn ?? []),
    /** The loss landscape on screen: {picks, n, span, values}, or null. */
    landscape: () => (landscape.data ? { picks: [...landscape.picks], n: landscape.data.n, span: landscape.data.span, values: Array.from(landscape.data.values) } : null),
    frames: timing.frames,
    work: timing.work,
    settled: async () => {
      await timing.settled();
      await landscape.idle();
    },
  };
}
