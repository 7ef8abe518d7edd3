// The app's intents for the article's example and the inspector's sample: the article's run
// (entered and left, its update applied), the sample traced and its traces, the article's
// loop. Methods of App (app.js), the page's one writer.

import * as notice from "./notice.js";
import { errorText } from "./errors.js";
import { toConfig } from "./state.js";

export const articleIntents = {
  // ---- the article's example

  /** The article's 2-3-2 network (from the core), its sample x = (5, 1), t = (0, 1): a run of
   * its own, whose data is that one sample (so the output's loss, the loss landscape, Train and
   * Step are about it: one epoch is one step of the article's gradient descent), at the
   * article's 8 decimals unless the link or the learner chose others. The learner's run is
   * saved first and kept in its own slot; `leaveArticle()` goes back to it. */
  loadArticle() {
    const a = this.Playground.articleExample();
    this.setPlaying(false);
    if (!this.returnTo) {
      this.saveNow?.();
      this.returnTo = { savedId: this.savedId, snapshot: this.snapshot() };
      this.savedId = null; // the article's run saves into a slot of its own
    } else if (!this.articleRun()) {
      // Left for other data since (the way back stays the first run's): what was done there
      // stays saved in its slot too.
      this.saveNow?.();
      this.savedId = null;
    }
    Object.assign(this.config, a.config);
    if (!this.digitsChosen) this.config.digits = "8";
    this.pg.reset(toConfig(this.config));
    this.pg.importCsv(`x1,x2,label,split\n${a.x[0]},${a.x[1]},${a.label},train\n`);
    this.customData = true;
    this.pg.importModel(a.model);
    this.origin = a.model;
    this.touched = false;
    this.rebuild();
    this.setSample({ x1: a.x[0], x2: a.x[1], label: a.label });
    return a;
  },

  /** Whether the run's data is the article's one sample (its run, see loadArticle). */
  articleRun() {
    const p = this.points;
    const a = (this.articleSample ??= this.Playground.articleExample());
    return p.length === 4 && p[0] === a.x[0] && p[1] === a.x[1] && p[2] === a.label;
  },

  /** Back from the article's run to the learner's own, as it was when they left it (its
   * configuration, data, weights, epoch and loss curve), saving into its own slot again. */
  leaveArticle() {
    const r = this.returnTo;
    if (!r) return;
    this.returnTo = null;
    this.restoreSaved(r.snapshot);
    this.savedId = r.savedId;
  },

  /** Applies one plain gradient-descent step W ← W − η·dW that the inspector computed for its
   * sample (`values` in the order of params()), whatever optimizer the run uses; it is not
   * an epoch. Returns false (and says why) when the core refuses the values. */
  applyUpdate(values) {
    try {
      this.pg.setParams(values);
    } catch (e) {
      notice.show(errorText(e), [], ".insp-apply-row");
      return false;
    }
    this.touched = true;
    this.pullHistory();
    this.emit("values");
    return true;
  },

  /** The first point of the data (the graph's sample until the learner picks one), or null. */
  firstSample() {
    const p = this.points;
    return p.length ? { x1: p[0], x2: p[1], label: p[2] } : null;
  },

  /** The inspector's place: its step (from 1) and whether every layer is opened into its
   * primitive nodes. Kept in the link, so a reload comes back to it. */
  setPlace(step, primitives) {
    if (this.config.step === step && this.config.primitives === primitives) return;
    Object.assign(this.config, { step, primitives });
    this.emit("place");
  },

  // ---- the inspector's sample

  traceable(s) {
    return this.sampleError(s) === null;
  },

  /** Why the core would refuse to trace `s` (in the page's language), or null. */
  sampleError(s) {
    try {
      this.pg.trace(s.x1, s.x2, s.label);
      return null;
    } catch (e) {
      return errorText(e);
    }
  },

  /** Traces a sample; the computation graph takes the network's place, so it is in sight. */
  setSample(s) {
    this.sample = s;
    this.emit("sample");
    this.setViewMode("graph");
  },

  primitiveTrace() {
    const s = this.sample;
    return s ? this.pg.primitiveTrace(s.x1, s.x2, s.label) : null;
  },

  trace() {
    const s = this.sample;
    return s ? this.pg.trace(s.x1, s.x2, s.label) : null;
  },

  traceAt(x1, x2, label) {
    return this.pg.trace(x1, x2, label);
  },

  gradientCheck() {
    const s = this.sample;
    return s ? this.pg.gradientCheck(s.x1, s.x2, s.label) : null;
  },

  /** The article's loop on the sample: `steps` gradient steps with the current learning rate. */
  trainSample(steps) {
    const s = this.sample;
    if (!s) return;
    this.pg.trainSample(s.x1, s.x2, s.label, steps);
    this.pullHistory();
    this.emit("values");
  },
};
