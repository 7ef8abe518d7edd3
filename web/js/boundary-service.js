// The page's side of boundary-worker.js. While the page trains, the boundary picture at every
// device pixel is computed on another core: each frame sends the current weights (when no job
// is out) and the output view draws the newest picture that came back, a frame or two old. The
// network's configuration goes along only when it changed; until the first picture of a new
// network is back, the page draws the boundary itself. If the worker cannot start or fails
// (say, imported data with more classes than the configuration's data set), `ok` turns false
// and the page draws the boundary itself, as it does when training stops.

export class BoundaryService {
  constructor() {
    this.ok = typeof Worker === "function";
    this.worker = null; // started by the first request (not during the page's load)
    this.busy = false;
    this.next = null; // what a frame asked for while a job was out: () => job or null
    this.id = 0;
    this.firstValid = 0; // pictures of jobs before this one are of another network
    this.configKey = null;
    this.latest = null; // {size, width, buf}
  }

  start() {
    try {
      this.worker = new Worker(new URL("./boundary-worker.js", import.meta.url), { type: "module" });
    } catch {
      this.ok = false;
      return;
    }
    this.worker.onmessage = ({ data }) => {
      this.busy = false;
      if (data.error) {
        this.ok = false;
        this.latest = null;
        return;
      }
      if (data.id >= this.firstValid) this.latest = data;
      // A frame asked while this job was out: the next job goes now, with the weights as they
      // are now, so that the worker does not wait for the next frame.
      const next = this.next;
      this.next = null;
      if (next) this.send(next());
    };
    this.worker.onerror = () => {
      this.ok = false;
      this.busy = false;
      this.next = null;
      this.latest = null;
    };
  }

  /** Asks for the next picture: `job()` gives the network's `{config, params, size}` as they
   * are when it is called (`config` the core's Config, `params` a Float64Array, handed over, the
   * picture size² cells), or null when no picture is wanted any more. Called now when no job is
   * out; else as soon as the job out comes back (the newest ask replacing an older one). */
  request(job) {
    if (this.ok && !this.worker) this.start();
    if (!this.ok) return;
    if (this.busy) this.next = job;
    else this.send(job());
  }

  send(job) {
    if (!job || !this.ok) return;
    const { config, params, size } = job;
    const msg = { id: ++this.id, params, size };
    const key = JSON.stringify(config);
    if (key !== this.configKey) {
      msg.config = config;
      this.configKey = key;
      this.firstValid = msg.id;
      this.latest = null;
    }
    this.busy = true;
    this.worker.postMessage(msg, [params.buffer]);
  }

  /** The newest picture ({size, width, buf, ms}: ms what the worker took to compute it), if it
   * has `width` outputs. */
  picture(width) {
    const p = this.latest;
    return p && p.width === width ? p : null;
  }
}
