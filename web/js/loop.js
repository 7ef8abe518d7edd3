// The one animation loop: while training, one call into wasm trains as many epochs as the
// frame budget allows; whenever something changed, one grid pass feeds every renderer.

const KEEP = 600; // recent frame timings kept for the bench

/** Starts the loop. `grid()` makes the frame's grid pass; each view has `render(grid)`.
 * Returns the recent frame intervals and per-frame work (ms), which the bench reads. */
export function startLoop(app, views, grid) {
  const timing = { frames: [], work: [] };
  const push = (a, v) => {
    a.push(v);
    if (a.length > KEEP) a.shift();
  };
  let dirty = true;
  let renderMs = 4;
  app.on(() => (dirty = true));
  let last = performance.now();
  function frame(now) {
    push(timing.frames, now - last);
    last = now;
    const t0 = performance.now();
    // Training gets what the frame has left after drawing (2–12 ms of a 16.7 ms frame).
    if (app.playing) app.trainFrame(Math.min(12, Math.max(2, 14 - renderMs)));
    if (dirty) {
      dirty = false;
      const r0 = performance.now();
      const g = grid();
      for (const v of views) v.render(g);
      renderMs = performance.now() - r0;
      // A view may ask for one more frame (e.g. to refine a coarse first picture).
      for (const v of views) if (v.rendered?.(renderMs)) dirty = true;
    }
    push(timing.work, performance.now() - t0);
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
  return timing;
}

/** Warms the wasm up after load: `slices` slices of `slice` ms of training and grid passes on
 * a scratch network, one per task between frames (the page stays responsive), about 0.25 s in
 * all — on this machine the engine's baseline tier runs the first 0.15 s of training at 2–8 ms
 * an epoch, ten times the optimized speed. Stops when the learner starts training (which
 * finishes the warm-up itself). Returns the epochs per ms of each slice (for the bench). */
export function warmEngine(app, { slice = 8, slices = 30 } = {}) {
  const rates = [];
  const next = () => {
    if (app.playing || rates.length >= slices) return app.warmEngineDone();
    rates.push(app.warmEngine(slice));
    setTimeout(next, 0);
  };
  setTimeout(next, 0);
  return rates;
}
