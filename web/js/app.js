// The page's state and its one writer. Every change goes through a named intent here (train,
// pause, step, reset, set a setting, set a parameter, add or remove a point, import, export…),
// and only this module calls into wasm. Views subscribe with `on(fn)`; `fn` receives the set
// of what changed: "shape" (layers, task), "values" (weights, metrics: what a save keeps and
// the loss landscape recomputes for), "redraw" (only what a view shows: a focus, a panel
// opened, a slow-motion frame), "data" (points), "config" (a setting), "playing",
// "selection", "sample".

import { field, parseFragment, toConfig, defaults } from "./state.js";
import { datasetInfo } from "./catalog.js";
import { featureLabel } from "./labels.js";
import * as notice from "./notice.js";
import { settingNear, LINK_NEAR } from "./notice.js";
import { t, setLang } from "./i18n.js";
import { errorText } from "./errors.js";
import { linkIntents } from "./app-links.js";
import { trainingIntents } from "./app-training.js";
import { articleIntents } from "./app-article.js";
import { pythonScript } from "./extra.js";
import { sentences } from "./share.js";

/** A model file with another hidden activation (the same weights). */
function withActivation(modelText, activation) {
  const m = JSON.parse(modelText);
  m.activation = activation;
  return JSON.stringify(m);
}

// Changing these generates new data, replacing data drawn or imported by hand.
const NEW_DATA_KEYS = ["dataset", "noise", "points", "seed"];

export class App {
  constructor(Playground) {
    this.Playground = Playground;
    this.pg = null;
    this.config = defaults(); // the schema state, mirrored in the URL
    this.playing = false;
    this.lean = false; // canvases drawn at fewer device pixels while training (goLean)
    this.lastBatch = null; // slow motion: {rows, batch, batches, at} of the last mini-batch step
    this.sizes = [];
    this.labels = { inputs: [], outputs: [] };
    this.points = new Float64Array(0); // [x1, x2, label, isTrain] per point
    this.history = []; // [epoch, train loss, test loss] triples
    this.paramNames = [];
    this.selection = null; // {layer, to, link: {from, to} | null}: the weight panel's neuron
    this.customData = false; // data drawn or imported by hand (saved, kept across resets)
    this.origin = null; // the model text this run began from (article, import): Reset returns there
    this.touched = false; // the learner's own work: weights set by hand or a file imported
    this.savedId = null; // the storage slot this run saves into (null: a new one; storage.js)
    this.listeners = [];
  }

  // Where the learner is, kept in the link (the schema's view keys; see state.js):
  /** The training speed: "slow", "batch", "1", "10" or "max". */
  get speed() {
    return this.config.speed;
  }
  /** What the middle of the page shows: "network" or "graph". */
  get view() {
    return this.config.view;
  }
  /** The inspector's sample, {x1, x2, label}, or null. */
  get sample() {
    return this.config.sample;
  }
  set sample(s) {
    this.config.sample = s;
  }

  on(fn) {
    this.listeners.push(fn);
  }

  emit(...what) {
    const set = new Set(what);
    for (const fn of this.listeners) fn(set);
  }

  /** `emit` for the start: `pause()` lets the browser in whenever the views have taken
   * about 5 ms, so the first showing of every view is several short tasks, not one long. */
  async emitPaced(pause, ...what) {
    const set = new Set(what);
    let since = performance.now();
    for (const fn of this.listeners) {
      fn(set);
      if (performance.now() - since > 5) {
        await pause();
        since = performance.now();
      }
    }
  }

  // ---- settings and the network's shape

  /** Applies one setting: live hyper-parameters keep the network, shape and data reset it. */
  set(key, value) {
    if (key === "speed") return this.setSpeed(value);
    const f = field(key);
    if (!f) return;
    const before = this.config[key];
    this.config[key] = value;
    try {
      if (f.kind === "live") this.pg.setHyper({ [key]: value });
      else if (f.kind === "reset") {
        // Hand-made data survives changes of the network; a new data set replaces it.
        const keep = this.customData && !NEW_DATA_KEYS.includes(key) ? this.pg.exportCsv() : null;
        // A new activation keeps the weights (same shape): what do these weights do with it?
        const weights = key === "activation" ? withActivation(this.exportModel(), value) : null;
        this.pg.reset(toConfig(this.config));
        if (keep) this.pg.importCsv(keep);
        else this.customData = false;
        if (weights) this.pg.importModel(weights);
        this.origin = key === "activation" && this.origin ? withActivation(this.origin, value) : null;
        this.rebuild();
        return;
      }
      this.emit("config", "values");
    } catch (e) {
      this.config[key] = before;
      notice.show(t("note.setting", { key, error: errorText(e) }), [], settingNear(key));
      this.emit("config");
    }
  }

  /** Several settings at once, one restart (e.g. the spiral hint's remedy). */
  setMany(values) {
    for (const [key, value] of Object.entries(values)) if (field(key)?.kind === "live") this.pg.setHyper({ [key]: value });
    Object.assign(this.config, values);
    const keep = this.customData ? this.pg.exportCsv() : null;
    this.pg.reset(toConfig(this.config));
    if (keep) this.pg.importCsv(keep);
    this.origin = null;
    this.rebuild();
  }

  /** Same seed: the same data and initial weights (hand-made data is kept). */
  reset() {
    this.setPlaying(false);
    const keep = this.customData ? this.pg.exportCsv() : null;
    this.pg.reset(undefined);
    if (keep) this.pg.importCsv(keep);
    // A run that began from given weights (the article's, an imported model) starts there again.
    if (this.origin) this.pg.importModel(this.origin);
    this.rebuild();
  }

  /** Forgets everything: the defaults with a fresh seed. */
  startOver() {
    this.setPlaying(false);
    this.customData = false;
    this.origin = null;
    this.sample = null;
    this.selection = null;
    Object.assign(this.config, { ...parseFragment("").state, lang: this.config.lang });
    const config = toConfig(this.config);
    delete config.seed;
    this.pg.reset(config);
    this.rebuild();
  }

  /** After a reset or import: re-reads shapes, data and history from the handle. With
   * `pause` (the start), the views are told in short tasks; the promise settles after the last. */
  rebuild(pause = null) {
    Object.assign(this.config, this.pg.config());
    setLang(this.config.lang);
    this.sizes = Array.from(this.pg.layerSizes());
    const classes = this.pg.classes();
    this.labels = {
      inputs: this.pg.featureNames().map(featureLabel),
      outputs: classes ? Array.from({ length: classes }, (_, k) => t("out.class", { k })) : [t("out.value")],
    };
    this.points = this.pg.points();
    this.history = [];
    this.pullHistory();
    this.paramNames = this.pg.paramNames();
    // The weight panel's neuron: kept across a reset if it still exists; a link's (or a
    // reload's) opens it.
    if (!this.selection && this.config.neuron) this.selection = { ...this.config.neuron, link: null };
    const s = this.selection;
    if (s && (s.layer >= this.sizes.length || s.to >= this.sizes[s.layer])) this.selection = null;
    this.config.neuron = this.selection ? { layer: this.selection.layer, to: this.selection.to } : null;
    if (this.sample && !this.traceable(this.sample)) this.sample = null;
    if (this.view === "graph" && !this.sample) this.sample = this.firstSample();
    const what = ["shape", "data", "values", "config", "selection", "sample", "view", "lang"];
    if (pause) return this.emitPaced(pause, ...what);
    this.emit(...what);
  }

  classes = () => this.pg.classes();
  dataset = () => datasetInfo(this.config.dataset);

  // ---- parameters

  param = (name) => this.pg.param(name);
  params = () => this.pg.params();
  /** The core's loss landscape around the current weights, or rows `from`..`to` of it (see
   * Playground.lossLandscape). */
  lossLandscape = (a, b, n, span, from, to) => this.pg.lossLandscape(a, b, n, span, from, to);
  /** ∂(mean training loss)/∂θ over the whole training set, in the order of params(). */
  trainGradient = () => this.pg.trainGradient();
  /** The data points' activations in hidden layer `l` (points × width). */
  activations = (l) => this.pg.activations(l);
  /** The last mini-batch's gradients, in the order of params(). */
  grads = () => this.pg.grads();
  grad = (name) => {
    const i = this.paramNames.indexOf(name);
    return i < 0 ? NaN : this.pg.grads()[i];
  };

  /** Sets one parameter; returns null, or the core's message when the value is refused. */
  setParam(name, value) {
    try {
      this.pg.setParam(name, value);
    } catch (e) {
      return errorText(e);
    }
    this.touched = true;
    this.pullHistory();
    this.emit("values");
    return null;
  }

  select(selection) {
    this.selection = selection;
    this.config.neuron = selection ? { layer: selection.layer, to: selection.to } : null;
    this.emit("selection");
  }

  /** The loss landscape's weights (one or two names, or none), kept in the link. */
  setLandscape(picks) {
    if (String(picks) === String(this.config.landscape)) return;
    this.config.landscape = [...picks];
    this.emit("landscape");
  }

  // ---- data

  dataEdited() {
    this.customData = true;
    this.points = this.pg.points();
    this.pullHistory();
    this.emit("data", "values");
  }

  addPoint(x1, x2, label) {
    this.pg.addPoint(x1, x2, label);
    this.dataEdited();
  }

  removeNearest(x1, x2, radius) {
    if (this.pg.removeNearest(x1, x2, radius).length) this.dataEdited();
  }

  clearData = () => (this.pg.clearData(), this.dataEdited());

  setView(key, on) {
    this.config[key] = on;
    this.emit("config", "values");
  }

  /** Switches the page's language (kept in the link as `lang`); every view redraws its text. */
  setLang(l) {
    this.config.lang = l;
    setLang(l);
    this.labels.outputs = this.classes() ? this.labels.outputs.map((_, k) => t("out.class", { k })) : [t("out.value")];
    this.emit("config", "lang", "values");
  }

  // ---- files

  /** Imports a data (CSV) or model (JSON) text; throws with the core's message, changing nothing. */
  importText(kind, text) {
    this.touched = true;
    if (kind === "model") {
      this.pg.importModel(text);
      this.origin = this.exportModel(); // Reset comes back to the imported weights
    } else {
      this.pg.importCsv(text);
      this.customData = true;
    }
    this.setPlaying(false);
    this.rebuild();
  }

  exportCsv = () => this.pg.exportCsv();
  /** The model file; after a divergence the last good weights (`exportsLastGood()` says so). */
  exportModel = () => this.pg.exportModel();
  exportsLastGood = () => this.pg.exportsLastGood();
  /** A promise of the network, its training rows and the run's settings as a NumPy script
   * (what `backprop python` writes); `options`: `{lang, epochs, article}`. The export has a wasm
   * module of its own (crates/backprop-extra-wasm), loaded on first use: the module every
   * visit downloads stays small. */
  async exportPython(options) {
    const c = this.pg.config();
    const settings = { learningRate: c.learningRate, batchSize: c.batchSize, optimizer: c.optimizer, regularization: c.regularization, regularizationRate: c.regularizationRate, seed: c.seed };
    return pythonScript(this.pg.exportModel(), this.pg.exportCsv(), { ...options, ...settings });
  }
  /** A file's bytes as text by the core's rule (UTF-8, with or without BOM, or UTF-16). */
  decodeText = (bytes) => this.Playground.decodeText(bytes);

  /** Weights from a shared link (`w=`, see share.js): set exactly, or refused whole with a
   * notice (the run keeps its own). Reset comes back to them. `checked` false: the link came
   * without a checksum (made before links had one), which the notice says. */
  loadWeights(values, checked = true) {
    try {
      this.pg.setParams(values);
      this.origin = this.exportModel();
    } catch (e) {
      notice.show(t("share.refused", { error: errorText(e) }), [], LINK_NEAR);
      return;
    }
    this.pullHistory();
    this.emit("values");
    // Trained elsewhere: the epoch count and the loss curve of that run are not in the link.
    if (checked) notice.info(t("share.loaded"), LINK_NEAR);
    else notice.show(sentences([t("share.loaded"), t("share.unchecked")]), [], LINK_NEAR);
  }

  /** Shows the network panels, or the computation graph in their place. */
  setViewMode(view) {
    if (this.view === view) return;
    this.config.view = view;
    // Presenting follows the view: the graph view presents the graph; the network view the
    // network, if it presented the graph (else the panel it presented). A class never meets a
    // presented panel that the view hides (an empty page).
    const present = this.config.present;
    // (The lesson view presents the lesson; leaving it presents the network.)
    if (present !== "none") this.config.present = view === "graph" || view === "lesson" ? view : present === "graph" || present === "lesson" ? "network" : present;
    this.emit("view");
    // The graph needs a sample: the first training point, until the learner picks another.
    const first = view === "graph" && !this.sample ? this.firstSample() : null;
    if (first) this.setSample(first);
  }

  /** The lesson's step (the article's section number), kept in the link as `lesson`. */
  setLesson(id) {
    if (this.config.lesson === id) return;
    this.config.lesson = id;
    this.emit("lesson");
  }

  // ---- reads for the views

  metrics = () => this.pg.metrics();
  predict = (x1, x2) => this.pg.predict(x1, x2);
  preview = (kind, n) => this.Playground.preview(kind, n, 0);

  /** Runs the hot paths on a scratch network so that the engine's optimizing tier is in place
   * before the first Train (right after load wasm runs in the baseline tier, several times
   * slower): slice `k` trains [8×6] for about `ms` ms, every third one runs both grid passes
   * instead. Returns the epochs run per ms (0 for a grid slice). */
  warmEngine(ms, k = 0) {
    const pg = (this.scratch ??= new this.Playground({ dataset: "spiral", points: 200, trainRatio: 0.5, batchSize: 10, activation: "tanh", hidden: [8, 8, 8, 8, 8, 8], seed: 1 }));
    if (k % 3 === 1) {
      pg.evaluateGrid(16);
      pg.evaluateBoundary(64);
      return 0;
    }
    const t0 = performance.now();
    const e0 = pg.metrics().epoch;
    pg.trainFor(ms, 10000);
    const e = pg.metrics().epoch - e0;
    return e / Math.max(1e-3, performance.now() - t0);
  }

  /** Frees the warm-up's scratch network. */
  warmEngineDone() {
    this.scratch?.free();
    this.scratch = null;
  }

  /** One batched pass over a size² grid: every layer's node-major (width × size²) f32 plane,
   * read in place from wasm memory through views made after the calls (they may grow memory); with
   * `boundarySize`, also `boundary`: the output alone over boundarySize² cells in f32 (the
   * picture at full resolution) and the ms it took. Valid until the next call into wasm. */
  grid(size, wasmMemory, boundarySize = 0) {
    const layout = this.pg.evaluateGrid(size);
    // The boundary picture: the output alone in f32 at the canvas's device pixels.
    const boundary = boundarySize ? this.boundaryPart(boundarySize, 0, 1, wasmMemory) : null;
    const buffer = wasmMemory().buffer;
    const n2 = size * size;
    const layers = [];
    for (let l = 0; l < layout.length; l += 2) layers.push({ buf: new Float32Array(buffer, layout[l], n2 * layout[l + 1]), width: layout[l + 1] });
    return { size, layers, boundary };
  }

  /** Part `part` of `parts` of the boundary picture over size² cells (bands of rows; see
   * Playground.evaluateBoundary): `{size, buf, width, ms}`, `buf` the whole picture as far as
   * computed (f32, size² × width, read in place; valid until the next call into wasm), `ms`
   * what the call took (the output view adds its painting, and learns the cost). */
  boundaryPart(size, part, parts, wasmMemory) {
    const t0 = performance.now();
    const out = this.pg.evaluateBoundary(size, part, parts);
    const ms = performance.now() - t0;
    return { size, buf: new Float32Array(wasmMemory().buffer, out[0], size * size * out[1]), width: out[1], ms };
  }
}

// The intents kept in their own files are App's methods like the rest.
Object.assign(App.prototype, linkIntents, trainingIntents, articleIntents);
