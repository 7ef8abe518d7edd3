// The app's training intents: play and pause, steps, slow motion, the frame loop's call,
// divergence and the last good weights, the loss chart's history. Methods of App (app.js), the
// page's one writer.

import * as notice from "./notice.js";
import { t } from "./i18n.js";
import { errorText } from "./errors.js";

// What training says comes right under the loss chart (the divergence shows there).
const TRAINING = ".chart-wrap";
// Slow motion: one mini-batch step this often (ms), its forward, backward and update shown.
const SLOW_MS = 1200;
// The loss chart's memory: thinned like the core's history, so it stays bounded.
const MAX_CHART = 1024;

export const trainingIntents = {
  // ---- training

  setPlaying(on) {
    if (this.playing === on) return;
    this.playing = on;
    if (on) this.armStop();
    // Paused, the canvases get every device pixel again (see `lean`).
    if (!on && this.lean) {
      this.lean = false;
      this.emit("playing", "lean");
    } else this.emit("playing");
  },

  /** Frames keep coming late while training on a screen denser than LEAN_RATIO (loop.js): the
   * changing canvases are drawn at LEAN_RATIO until training pauses. */
  goLean() {
    if (this.lean || !this.playing) return;
    this.lean = true;
    this.emit("lean");
  },

  // ---- the optional stop (`stopEpoch`, `stopLoss` on `stopOn`'s loss; see state.js)

  /** Notes where training starts from: a stop already passed (an epoch reached, a loss
   * already below) does not stop this run of training at once. */
  armStop(m = this.pg.metrics()) {
    const c = this.config;
    this.epochNow = m.epoch;
    this.stopFrom = { setting: `${c.stopEpoch} ${c.stopLoss} ${c.stopOn}`, epoch: m.epoch, below: this.lossBelow(m) };
  },

  /** Whether the chosen loss is below the stop's value. */
  lossBelow(m) {
    const limit = this.config.stopLoss;
    const loss = this.config.stopOn === "train" ? m.trainLoss : m.testLoss;
    return limit !== null && Number.isFinite(loss) && loss < limit;
  },

  /** The most epochs the next call may train: up to the stop's epoch, not past it. */
  epochsBeforeStop(max) {
    const e = this.config.stopEpoch;
    const now = this.epochNow ?? 0;
    return e !== null && this.stopFrom?.epoch < e && now < e ? Math.min(max, e - now) : max;
  },

  /** After a training call while playing: pauses, saying why, at the stop's epoch or when
   * the loss falls below the stop's value (settings changed meanwhile count from now). */
  checkStop(m) {
    const c = this.config;
    if (this.stopFrom?.setting !== `${c.stopEpoch} ${c.stopLoss} ${c.stopOn}`) return this.armStop(m);
    let text = null;
    if (c.stopEpoch !== null && this.stopFrom.epoch < c.stopEpoch && m.epoch >= c.stopEpoch) text = t("stop.atEpoch", { epoch: m.epoch });
    else if (!this.stopFrom.below && this.lossBelow(m)) {
      const loss = c.stopOn === "train" ? m.trainLoss : m.testLoss;
      text = t(`stop.below.${c.stopOn}`, { epoch: m.epoch, loss: loss.toPrecision(3), limit: c.stopLoss });
    }
    if (!text) return;
    this.setPlaying(false);
    // Said right under the stop's row, covering none of the output's buttons.
    notice.show(text, [], document.querySelector(".stop-row"));
  },

  togglePlay() {
    return this.setPlaying(!this.playing);
  },
  setSpeed(speed) {
    this.config.speed = speed;
    this.emit("config");
  },

  /** One epoch, paused (one mini-batch in slow motion). */
  step() {
    this.setPlaying(false);
    if (this.speed === "slow" || this.speed === "batch") this.stepBatch();
    else this.train(() => this.pg.step(1));
  },

  /** The frame loop's call while playing: as many epochs as the speed and budget allow. */
  trainFrame(budgetMs) {
    if (this.speed === "slow" || this.speed === "batch") {
      // Slow motion: one mini-batch step every SLOW_MS, its forward, backward and update
      // played out on the network graph in between; "batch": one mini-batch a frame.
      const now = performance.now();
      if (this.speed === "batch" || !this.lastBatch || now - this.lastBatch.at >= SLOW_MS) return this.stepBatch(now);
      this.emit("redraw"); // the animation moves on
      return;
    }
    const max = this.epochsBeforeStop(this.speed === "max" ? this.Playground.catalog().limits.maxEpochsPerCall : Number(this.speed));
    this.train(() => (this.speed === "max" ? this.pg.trainFor(budgetMs, max) : this.pg.step(max)));
  },

  /** One mini-batch step (the core's slow motion); remembers which points were in it. */
  stepBatch(now = performance.now()) {
    const before = this.pg.params();
    this.lastBatch = { rows: [], batch: 0, batches: 0, at: now, before };
    const m = this.train(() => this.pg.stepBatch());
    Object.assign(this.lastBatch, { rows: Array.from(m.rows), batch: m.batch, batches: m.batches });
  },

  /** Where slow motion stands: {phase: "forward" | "backward" | "update", progress 0..1}. */
  slowPhase(now = performance.now()) {
    if (!this.lastBatch || this.speed !== "slow" || !this.playing) return null;
    const f = Math.min(1, (now - this.lastBatch.at) / SLOW_MS);
    if (f < 0.35) return { phase: "forward", progress: f / 0.35 };
    if (f < 0.8) return { phase: "backward", progress: (f - 0.35) / 0.45 };
    return { phase: "update", progress: (f - 0.8) / 0.2 };
  },

  /** Runs a training call; on divergence (decided by the core) pauses and offers the core's
   * last good weights. */
  train(call) {
    if (!this.hasTrainingData()) {
      // Nothing to learn from: say so instead of "training".
      this.setPlaying(false);
      notice.show(t("note.noTrainingData"), [], TRAINING);
      return { rows: [], batch: 0, batches: 0 };
    }
    const m = call();
    this.epochNow = m.epoch;
    this.pullHistory();
    if (m.diverged) {
      this.setPlaying(false);
      const actions = this.pg.hasLastGood() ? [[t("note.restore"), () => this.restoreLastGood()]] : [];
      notice.show(t("note.diverged"), actions, TRAINING);
    } else if (this.playing) this.checkStop(m);
    this.emit("values");
    return m;
  },

  /** Whether any point is in the training set. */
  hasTrainingData() {
    const p = this.points;
    for (let i = 3; i < p.length; i += 4) if (p[i] === 1) return true;
    return false;
  },

  restoreLastGood() {
    try {
      this.pg.restoreLastGood();
    } catch (e) {
      notice.show(t("note.restoreFailed", { error: errorText(e) }), [], TRAINING);
    }
    this.pullHistory();
    this.emit("values");
  },

  /** Appends the metrics recorded since the last pull. The last known entry is fetched again,
   * as a slider or a data edit may have updated it. */
  pullHistory() {
    const h = this.history;
    const lastEpoch = h.length ? h[h.length - 3] : -1;
    const fresh = this.pg.lossHistory(lastEpoch);
    if (h.length && fresh.length && fresh[0] === lastEpoch) h.length -= 3;
    for (const v of fresh) h.push(v);
    if (h.length > 3 * MAX_CHART) {
      const n = h.length / 3;
      const thinned = [];
      for (let i = 0; i < n; i++) if (i % 2 === 0 || i === n - 1) thinned.push(h[3 * i], h[3 * i + 1], h[3 * i + 2]);
      this.history = thinned;
    }
  },

};
