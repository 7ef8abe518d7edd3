// The page's side of boundary-worker.js. While the page trains, the boundary picture at every
// device pixel is computed on another core: right after each frame's training the new weights
// go to the worker, which colours the picture too, and the output view draws the newest
// picture that came back, a frame or two old. The network's configuration goes along only
// when it changed; until the first picture of a new network is back, the page draws the
// boundary itself. If the worker cannot start or fails (say, imported data with more classes
// than the configuration's data set), `ok` turns false and the page draws the boundary itself,
// as it does when training stops.

import { toConfig } from "./state.js";
import { CellCost } from "./cell-cost.js";

const WORKER_MS = 40; // what a picture may take the worker: at least 25 a second
// The worker is asked at most once every ASK_MS: 40 pictures a second at 60 Hz (two frames of
// three), every frame at 30 Hz; while frames keep coming late, about 30 a second (every other
// frame at 60 Hz) — on two cores the worker's pictures and the browser's own compositing take
// turns on the core the page's script does not use.
const ASK_MS = { onTime: 25, late: 30 };
// Jobs out at once: while the worker computes one picture, the next waits in its queue, so
// that the worker does not wait for the page's main thread (busy with a frame) to take a
// picture and send the next weights.
const MAX_OUT = 2;

export class BoundaryService {
  /** `fullSize()`: the canvas's side in device pixels, the pictures' largest side. */
  constructor(app, fullSize) {
    this.app = app;
    this.fullSize = fullSize;
    this.ok = typeof Worker === "function";
    this.worker = null; // started by the first request (not during the page's load)
    this.out = 0; // jobs sent and not back yet
    this.next = null; // what a frame asked for while MAX_OUT jobs were out: () => job or null
    this.nextAsk = -Infinity; // the worker is asked again from then on
    this.id = 0;
    this.firstValid = 0; // pictures of jobs before this one are of another network
    this.configKey = null;
    this.latest = null; // {id, size, width, buf, ms, bitmap, paint}
    this.queued = null; // a picture that came while the newest was not drawn yet
    this.drawn = 0; // the id of the picture a frame drew last
    this.cost = new CellCost(1); // what a picture costs the worker per cell
    this.learnedId = 0;
  }

  start() {
    try {
      this.worker = new Worker(new URL("./boundary-worker.js", import.meta.url), { type: "module" });
    } catch {
      this.ok = false;
      return;
    }
    this.worker.onmessage = ({ data }) => {
      this.out--;
      if (data.error) {
        this.ok = false;
        this.show(null);
        return;
      }
      if (data.id >= this.firstValid && !(data.id < (this.queued ?? this.latest)?.id)) this.arrive(data);
      else data.bitmap?.close();
      // A frame asked while the jobs were out: the next job goes now, with the weights as they
      // are now, so that the worker does not wait for the next frame.
      const next = this.next;
      this.next = null;
      if (next) this.send(next());
    };
    this.worker.onerror = () => {
      this.ok = false;
      this.out = 0;
      this.next = null;
      this.show(null);
    };
  }

  /** After a frame's training, before its grid pass (which makes views into wasm memory that
   * reading the weights could move): asks for the picture of the new weights, at most every
   * ASK_MS (`behind`: frames keep coming late). `now`: the frame's time, as
   * requestAnimationFrame gives it (in whole frames, unlike the moment the script runs). */
  trained({ behind = false, now = performance.now() } = {}) {
    const every = behind ? ASK_MS.late : ASK_MS.onTime;
    if (!this.ok || now < this.nextAsk) return;
    // (Paced on average: a frame that came late does not delay the next ask.)
    this.nextAsk = Math.max(this.nextAsk, now - every) + every;
    this.request(this.job);
  }

  /** The next job, of the network as it is when called (after a frame's training, or as an
   * earlier picture comes back): none once training stopped. */
  job = () => {
    const app = this.app;
    if (!app.playing) return null;
    const paint = { classes: app.classes(), discretize: app.config.discretize };
    return { config: toConfig(app.config), params: app.params(), size: this.size(), paint };
  };

  /** The side of the next picture: every device pixel while a picture takes the worker at most
   * WORKER_MS (a slow phone at a high pixel ratio gets fewer, in eighths, so that the picture
   * still follows the training many times a second). */
  size() {
    const last = this.latest;
    if (last && last.id !== this.learnedId) {
      this.learnedId = last.id;
      this.cost.learn(last.size, last.ms);
    }
    return this.cost.side(WORKER_MS, this.fullSize());
  }

  /** Asks for a picture: `job()` gives `{config, params, size, paint}` as they are when it is
   * called (`config` the core's Config, `params` a Float64Array, handed over, the picture
   * size² cells, `paint` how the page colours it), or null when no picture is wanted any more.
   * Called now unless MAX_OUT jobs are out; else as soon as one comes back (the newest ask
   * replacing an older one). */
  request(job) {
    if (this.ok && !this.worker) this.start();
    if (!this.ok) return;
    if (this.out >= MAX_OUT) this.next = job;
    else this.send(job());
  }

  send(job) {
    if (!job || !this.ok) return;
    const { config, params, size, paint } = job;
    const msg = { id: ++this.id, params, size, paint };
    const key = JSON.stringify(config);
    if (key !== this.configKey) {
      msg.config = config;
      this.configKey = key;
      this.firstValid = msg.id;
      this.show(null);
    }
    this.out++;
    this.worker.postMessage(msg, [params.buffer]);
  }

  /** Makes `picture` the newest (null: none, nor one queued); the one it replaces is closed
   * (each bitmap holds a screenful). */
  show(picture) {
    if (this.latest !== picture) this.latest?.bitmap?.close();
    this.latest = picture;
    if (picture) return;
    this.queued?.bitmap?.close();
    this.queued = null;
  }

  /** A picture back from the worker: the newest, unless the newest was not drawn yet — it then
   * waits for the next frame (the one it replaces, if any, is dropped), so that pictures whose
   * replies came close together are drawn in two frames, not in one with none in the next. */
  arrive(picture) {
    if (!this.latest || this.latest.id === this.drawn) return this.show(picture);
    this.queued?.bitmap?.close();
    this.queued = picture;
  }

  /** The picture for a frame to draw, if it has `width` outputs: the newest, or the one
   * queued after it once the newest was drawn. */
  take(width) {
    if (this.queued && this.latest?.id === this.drawn) {
      const next = this.queued;
      this.queued = null;
      this.show(next);
    }
    const p = this.picture(width);
    if (p) this.drawn = p.id;
    return p;
  }

  /** The newest picture ({id, size, width, buf, ms, bitmap, paint}: ms what the worker took to
   * compute it; `bitmap` the picture coloured as `paint` ("classes discretize") says, when the
   * worker could), if it has `width` outputs. */
  picture(width) {
    const p = this.latest;
    return p && p.width === width ? p : null;
  }
}
