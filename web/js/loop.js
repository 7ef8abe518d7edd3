// The one animation loop: while training, one call into wasm trains as many epochs as the
// frame budget allows; whenever something changed, one grid pass feeds the renderers — as many
// as fit in the frame's drawing budget, the rest in the next frames (a slow device, the first
// frame after load), so that no frame is a long task.

import { LEAN_RATIO } from "./dom.js";

const KEEP = 600; // recent frame timings kept for the bench
const FRAME_JS_MS = 14; // the script's part of a 16.7 ms frame, at most
// Drawing's part: views past it wait for the next frame. Smaller when the page is still (after
// load, after a change): a frame is then one task of the browser's, with its own painting and
// compositing on top, and on a slow phone (or Lighthouse's 4× slower CPU) it must stay short.
const RENDER_MS = { training: 10, still: 5 };
const MIN_TRAIN_MS = 2;
const MAX_TRAIN_MS = 12;
/** How often each view is drawn while training (see `startLoop`'s `due`), in one table: every
 * `trainingEvery`-th frame, in the frames where frameNo % every is its `trainingPhase`; while
 * frames keep coming late (a slow phone), every `lateEvery`-th, in its `latePhase`'s frames.
 * A view not here is drawn every frame. The output (the boundary, what the learner watches)
 * keeps every frame; the rest take turns, so that the browser commits fewer changed canvases
 * and texts a frame: on time, the thumbnails and tables at 30 Hz, the network's links at
 * 15 Hz in frames of their own; late, the numbers and the loss chart every other frame, the
 * tables every fourth, the network every eighth — the numbers, the tables and the network
 * never in one frame. */
export const PACE = {
  output: { leads: true }, // drawn first in every frame
  network: { trainingEvery: 4, trainingPhase: 1, lateEvery: 8, latePhase: 2 },
  metrics: { lateEvery: 2, latePhase: 1 }, // the numbers and the chart, the run bar's numbers
  tables: { trainingEvery: 2, lateEvery: 4 }, // the weights, the inspector, the hidden space
};

const ON_TIME_MS = 18; // a frame interval under this is on time (60 Hz, or faster)…
const LATE_MS = 21; // …over this, a frame was missed

/** Starts the loop. `grid(withBoundary)` makes the frame's grid pass (with the boundary
 * picture when a view that draws it, `usesBoundary`, is drawn in that frame); each view has
 * `render(grid)` (drawn at its `PACE`, or in the next frame whatever its pace while it sets
 * `urgent`: its canvas was cleared), and may have `trained({behind, now})` (after each
 * frame's training, before its grid pass; behind: frames keep coming late, now: the frame's time), `rendered(ms,
 * boundary)` (true: draw it again next frame) and `refine()` (a frame with nothing new to
 * draw). Returns the recent frame intervals and per-frame work (ms), which the bench reads,
 * and `settled()` for tests. (Over 80 lines: the
 * loop's state lives in this one closure; its parts are the inner functions.) */
export function startLoop(app, views, grid) {
  const timing = { frames: [], work: [] };
  const push = (a, v) => {
    a.push(v);
    if (a.length > KEEP) a.shift();
  };
  // Views with something new to show, in drawing order; one left over from a full frame goes
  // first in the next, so none waits for long.
  let queue = [...views];
  const enqueue = (v) => queue.includes(v) || queue.push(v);
  const drawnCount = new Map(views.map((v) => [v, 0]));
  const waiting = []; // settled() promises: {since: Map of counts, frames, resolve}
  let renderMs = 4;
  // Training's share of a frame, in ms: what drawing leaves of the frame, and less while frames
  // come late — the browser's own work (style, paint, compositing) is not seen from here, only
  // in the interval between frames. Grows slowly while frames are on time, shrinks fast when
  // they are not (2–12 ms).
  let trainMs = 8;
  // Whether frames keep coming late while training (the share of late frames over about the
  // last second, over 5 % to turn on, under 1 % to turn off): views may then do less, as the
  // output view asks its worker for fewer pictures.
  let lateShare = 0;
  let behind = false;
  let frameNo = 0;
  app.on(() => views.forEach(enqueue));
  let last = performance.now();
  // Whatever goes wrong in a frame, the next one comes.
  function frame(now) {
    try {
      draw(now);
    } catch (e) {
      console.error(e);
    }
    requestAnimationFrame(frame);
  }
  function draw(now) {
    const interval = now - last;
    push(timing.frames, interval);
    last = now;
    const t0 = performance.now();
    frameNo++;
    // While training, views are drawn at their pace (`PACE`), leaving the frame room for the
    // browser's own work; slower while frames keep coming late.
    const every = (v) => (behind ? (v.lateEvery ?? v.trainingEvery) : v.trainingEvery) ?? 1;
    const phase = (v) => (behind ? (v.latePhase ?? v.trainingPhase) : v.trainingPhase) ?? 0;
    const due = (v) => !app.playing || v.urgent || every(v) <= 1 || frameNo % every(v) === phase(v);
    if (app.playing) {
      lateShare += ((interval > LATE_MS ? 1 : 0) - lateShare) / 60;
      behind = behind ? lateShare > 0.01 : lateShare > 0.05;
      if (behind && (globalThis.devicePixelRatio ?? 1) > LEAN_RATIO) app.goLean?.();
      // Slow to grow, quick to shrink: a late frame costs more than a few epochs.
      if (interval > LATE_MS) trainMs = Math.max(MIN_TRAIN_MS, trainMs * 0.7);
      else if (interval < ON_TIME_MS) trainMs = Math.min(MAX_TRAIN_MS, trainMs + 0.05);
      // A view drawn every fourth frame or less often at the usual pace (the network) is one
      // whose painting (after this script, unseen from here) takes most of a frame: that
      // frame trains the least.
      const heavy = queue.some((v) => v.trainingEvery > 2 && due(v));
      app.trainFrame(heavy ? MIN_TRAIN_MS : Math.max(MIN_TRAIN_MS, Math.min(trainMs, FRAME_JS_MS - renderMs)));
      // The frame's new weights, to views that send them elsewhere (the output view, to its
      // worker: the picture is computed there while this frame draws, back for a next one).
      for (const v of views) {
        try {
          v.trained?.({ behind, now });
        } catch (e) {
          console.error(e);
        }
      }
    }
    const later = queue.filter((v) => !due(v));
    if (queue.length > later.length) {
      // While training, a view that `leads` (the output: its boundary is what the learner
      // watches) is drawn first in every frame, not after views left over from a full frame.
      const batch = queue.filter(due);
      if (app.playing) batch.sort((x, y) => Boolean(y.leads) - Boolean(x.leads));
      queue = later;
      const r0 = performance.now();
      const g = grid(batch.some((v) => v.usesBoundary));
      const drawn = [];
      while (batch.length) {
        const v = batch.shift();
        // One view's bug must not stop the others, nor the loop.
        try {
          v.urgent = false;
          v.render(g);
        } catch (e) {
          console.error(e);
        }
        drawn.push(v);
        drawnCount.set(v, drawnCount.get(v) + 1);
        if (performance.now() - r0 > (app.playing ? RENDER_MS.training : RENDER_MS.still)) break;
      }
      renderMs = performance.now() - r0;
      queue = [...batch, ...queue.filter((v) => !batch.includes(v))];
      for (const v of drawn) if (v.rendered?.(renderMs, g.boundary)) enqueue(v);
    } else if (!app.playing && !queue.length) {
      // Nothing new: a view may use the frame to refine what it shows.
      for (const v of views) v.refine?.();
    }
    push(timing.work, performance.now() - t0);
    for (let i = waiting.length - 1; i >= 0; i--) {
      const w = waiting[i];
      if (++w.frames >= 2 && views.every((v) => drawnCount.get(v) > w.since.get(v) || !queue.includes(v))) {
        waiting.splice(i, 1);
        w.resolve();
      }
    }
  }
  requestAnimationFrame(frame);
  /** Resolves after at least two frames, once every view with something new to show (as of
   * now) has drawn it: what a test waits for after an action. */
  timing.settled = () => new Promise((resolve) => waiting.push({ since: new Map(drawnCount), frames: 0, resolve }));
  return timing;
}

/** Warms the wasm up after load: `slices` slices of about `slice` ms (training, and every third
 * one the grid passes) on a scratch network, one per task between frames, so that each task
 * stays short and the page responsive; about 0.25 s in all. On this machine the engine's
 * baseline tier runs the first 0.15 s of training at 2–8 ms an epoch, ten times the optimized
 * speed. Stops when the learner starts training (which finishes the warm-up itself). Returns
 * the epochs per ms of each training slice (for the bench). */
export function warmEngine(app, { slice = 4, slices = 60 } = {}) {
  const rates = [];
  let k = 0;
  const next = () => {
    if (app.playing || k >= slices) return app.warmEngineDone();
    const rate = app.warmEngine(slice, k++);
    if (rate) rates.push(rate);
    setTimeout(next, 0);
  };
  setTimeout(next, 0);
  return rates;
}
