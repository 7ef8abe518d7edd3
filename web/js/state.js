// The configuration's schema: one table drives the URL fragment, the defaults and validation.
// Parsing is strict: unknown keys are ignored, every value is validated and clamped, and
// anything rejected is reported (the default is used). Lookups go through the table — never
// `key in object`, so `activation=constructor` is just an unknown name.

import { catalog } from "./catalog.js";
import { LANGS, browserLang } from "./i18n.js";
import { isTfLink, fromTfLink } from "./tf-link.js";
import { parseParam } from "./params.js";
import { LESSON_IDS } from "./lesson-ids.js";

/** Why a value was refused: a message key and its values (worded when shown, in the page's
 * language). */
class Refused extends Error {
  constructor(key, vars = {}) {
    super(key);
    this.reason = { key, vars };
  }
}

/** A value outside its range: parsing still yields `value`, clamped into the range. */
class Clamped extends Refused {
  constructor(value, key, vars) {
    super(key, vars);
    this.value = value;
  }
}

const oneOf = (values) => ({
  parse(s) {
    const v = values.find((x) => x === s);
    if (v === undefined) throw new Refused("link.oneOf", { list: values.join(", ") });
    return v;
  },
  format: (v) => v,
});

const number = (min, max, { integer = false } = {}) => ({
  parse(s) {
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) throw new Refused("link.notNumber");
    let v = Number(s);
    if (!Number.isFinite(v)) throw new Refused("link.notFinite");
    if (integer && !Number.isInteger(v)) throw new Refused("link.notWhole");
    if (v < min || v > max) {
      const c = Math.min(max, Math.max(min, v));
      throw new Clamped(c, "link.range", { min, max, used: c });
    }
    return v;
  },
  format: (v) => String(v),
});

const bool = {
  parse(s) {
    if (s === "true" || s === "1") return true;
    if (s === "false" || s === "0") return false;
    throw new Refused("link.bool");
  },
  format: (v) => (v ? "true" : "false"),
};

const layers = (MAX_LAYERS, MAX_NEURONS) => ({
  parse(s) {
    if (s === "" || s === "none") return [];
    const parts = s.split(",");
    const width = number(1, MAX_NEURONS, { integer: true });
    const out = [];
    let clamped = parts.length > MAX_LAYERS;
    for (const p of parts.slice(0, MAX_LAYERS)) {
      try {
        out.push(width.parse(p));
      } catch (e) {
        if (!(e instanceof Clamped)) throw e;
        out.push(e.value);
        clamped = true;
      }
    }
    if (clamped) throw new Clamped(out, "link.layers", { layers: MAX_LAYERS, neurons: MAX_NEURONS, used: out.join(",") });
    return out;
  },
  format: (v) => (v.length ? v.join(",") : "none"),
});

const featureSet = (FEATURES) => ({
  parse(s) {
    const ids = s.split(",");
    const out = [];
    for (const id of ids) {
      const f = FEATURES.find((x) => x === id);
      if (f === undefined) throw new Refused("link.feature", { name: JSON.stringify(id.slice(0, 20)) });
      if (!out.includes(f)) out.push(f);
    }
    if (!out.length) throw new Refused("link.noFeature");
    return out;
  },
  format: (v) => v.join(","),
});

/** A value that may be absent: `none` (or empty) is null. */
const optional = (type) => ({
  parse: (s) => (s === "" || s === "none" ? null : type.parse(s)),
  format: (v) => (v === null ? "none" : type.format(v)),
});

/** The parts of the page a link can hide (`hide=features,optimizer`). */
export const HIDEABLE = ["data", "features", "network", "output", "inspector", "learningRate", "activation", "optimizer", "regularization", "speed", "files", "language"];

const listOf = (names) => ({
  parse(s) {
    if (s === "" || s === "none") return [];
    const out = [];
    const unknown = [];
    for (const p of s.split(",")) {
      const v = names.find((n) => n === p);
      if (v === undefined) unknown.push(p);
      else if (!out.includes(v)) out.push(v);
    }
    // The known parts are used; the others are named.
    if (unknown.length) throw new Clamped(out, "link.listPart", { bad: unknown.join(", "), list: names.join(", "), used: out.join(",") || "none" });
    return out;
  },
  format: (v) => (v.length ? v.join(",") : "none"),
});

/** The inspector's sample in a link: `x1,x2,label`, three numbers (whether the network can
 * trace it is the core's to say, once the run exists), or `none`. */
const samplePoint = {
  parse(s) {
    if (s === "" || s === "none") return null;
    const parts = s.split(",");
    if (parts.length !== 3) throw new Refused("link.sample");
    const [x1, x2, label] = parts.map((p) => number(-Infinity, Infinity).parse(p));
    return { x1, x2, label };
  },
  format: (v) => (v ? `${v.x1},${v.x2},${v.label}` : "none"),
};

/** The neuron whose weights are open: `layer,neuron` (layer 1 = the first hidden layer, the
 * neuron from 0; the run's shape decides whether it exists), or `none`. */
const neuronAt = {
  parse(s) {
    if (s === "" || s === "none") return null;
    const m = /^(\d),(\d)$/.exec(s);
    if (!m || m[1] === "0") throw new Refused("link.neuron");
    return { layer: Number(m[1]), to: Number(m[2]) };
  },
  format: (v) => (v ? `${v.layer},${v.to}` : "none"),
};

/** The loss landscape's one or two weights, by name (`W1[0][1],b2[0]`; the run's parameters
 * decide whether they exist), or `none`. */
const paramPicks = {
  parse(s) {
    if (s === "" || s === "none") return [];
    const names = s.split(",");
    if (names.length > 2 || !names.every((n) => parseParam(n) !== null)) throw new Refused("link.landscape");
    return names;
  },
  format: (v) => (v.length ? v.join(",") : "none"),
};

/** How fast training runs: a mini-batch at a time (slow motion or one a frame), epochs a frame,
 * or as many as the frame's budget allows. */
export const SPEEDS = ["slow", "batch", "1", "10", "max"];

// The choices the page offers for two settings (the core's range bounds them).
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];

/** The largest epoch a run may be set to stop at. */
export const MAX_STOP_EPOCH = 10_000_000;

let schema = null;

/**
 * The schema, built once from the core's catalog: key, type (parse/format), default, and
 * whether changing it restarts the run ("reset"), applies live ("live") or only changes the
 * view ("view"). Ranges, defaults and names are the core's.
 */
export function SCHEMA() {
  if (schema) return schema;
  const cat = catalog();
  const s = cat.settings;
  const d = cat.defaults;
  const num = (key) => number(s[key].min, s[key].max, { integer: s[key].integer });
  schema = [
    { key: "dataset", type: oneOf(cat.datasets.map((x) => x.id)), def: d.dataset, kind: "reset" },
    { key: "noise", type: num("noise"), def: d.noise, kind: "reset" },
    { key: "trainRatio", type: num("trainRatio"), def: d.trainRatio, kind: "reset" },
    { key: "points", type: num("points"), def: d.points, kind: "reset" },
    { key: "seed", type: num("seed"), def: d.seed, kind: "reset" },
    { key: "features", type: featureSet(cat.features), def: d.features, kind: "reset" },
    { key: "hidden", type: layers(cat.limits.maxHiddenLayers, cat.limits.maxNeurons), def: d.hidden, kind: "reset" },
    { key: "activation", type: oneOf(cat.activations), def: d.activation, kind: "reset" },
    { key: "learningRate", type: num("learningRate"), def: d.learningRate, kind: "live" },
    { key: "batchSize", type: num("batchSize"), def: d.batchSize, kind: "live" },
    { key: "optimizer", type: oneOf(cat.optimizers), def: d.optimizer, kind: "live" },
    { key: "regularization", type: oneOf(cat.regularizations), def: d.regularization, kind: "live" },
    { key: "regularizationRate", type: num("regularizationRate"), def: d.regularizationRate, kind: "live" },
    { key: "showTest", type: bool, def: false, kind: "view" },
    { key: "discretize", type: bool, def: false, kind: "view" },
    { key: "lang", type: oneOf(LANGS), def: browserLang(), kind: "view" },
    // Classrooms: parts of the page a link hides, and one panel presented in large type.
    { key: "hide", type: listOf(HIDEABLE), def: [], kind: "view" },
    { key: "present", type: oneOf(["none", "network", "output", "graph", "lesson"]), def: "none", kind: "view" },
    // Where the learner is: the training speed, the middle of the page (the network or the
    // computation graph), the traced sample and the inspector's step (from 1) and layout. A
    // reload, or a link given to a class, opens at the same place.
    { key: "speed", type: oneOf(SPEEDS), def: "1", kind: "view" },
    { key: "view", type: oneOf(["network", "graph", "lesson"]), def: "network", kind: "view" },
    { key: "sample", type: samplePoint, def: null, kind: "view" },
    { key: "step", type: number(1, 100000, { integer: true }), def: 1, kind: "view" },
    { key: "primitives", type: bool, def: false, kind: "view" },
    { key: "digits", type: oneOf(["4", "8"]), def: "4", kind: "view" },
    // The open panels: a neuron's weights, the loss landscape's weights.
    { key: "neuron", type: neuronAt, def: null, kind: "view" },
    { key: "landscape", type: paramPicks, def: [], kind: "view" },
    // The lesson's step (the article's section number, `lesson=3.2`).
    { key: "lesson", type: oneOf(LESSON_IDS), def: "1", kind: "view" },
    // Training stops by itself at this epoch, or once the test (or train) loss is below
    // `stopLoss` (none: it runs until paused).
    { key: "stopEpoch", type: optional(number(1, MAX_STOP_EPOCH, { integer: true })), def: null, kind: "view" },
    { key: "stopLoss", type: optional(number(0, 1e6)), def: null, kind: "view" },
    { key: "stopOn", type: oneOf(["test", "train"]), def: "test", kind: "view" },
  ];
  return schema;
}

export const field = (key) => SCHEMA().find((f) => f.key === key);

export function defaults() {
  const s = Object.create(null);
  for (const f of SCHEMA()) s[f.key] = structuredClone(f.def);
  return s;
}

/** Parses a URL fragment (`#a=1&b=2`) over the defaults. Returns { state, rejected, given };
 * each rejected entry is {key, value, reason: {key, vars}, clamped}. */
export function parseFragment(hash) {
  // A TF Playground link: its keys in ours; what has no equivalent is reported as refused.
  if (isTfLink(hash)) {
    const { fragment, unmatched } = fromTfLink(hash);
    const parsed = parseFragment(fragment);
    for (const key of unmatched) parsed.rejected.push({ key: "TF Playground", value: key, reason: { key: "link.tfNoEquivalent", vars: {} }, clamped: true });
    parsed.fromTf = true;
    return parsed;
  }
  const state = defaults();
  const rejected = [];
  const given = new Set();
  const text = (hash || "").replace(/^#/, "");
  if (text.length > 4000) return { state, rejected: [{ key: "(link)", value: "", reason: { key: "link.tooLong", vars: {} }, clamped: false }], given };
  for (const [key, value] of new URLSearchParams(text)) {
    const f = field(key);
    if (!f) continue; // unknown keys are ignored
    try {
      state[key] = f.type.parse(value);
      given.add(key);
    } catch (e) {
      if (e instanceof Clamped) {
        state[key] = e.value;
        given.add(key);
      }
      const reason = e instanceof Refused ? e.reason : { key: "link.bad", vars: {} };
      rejected.push({ key, value: value.slice(0, 40), reason, clamped: e instanceof Clamped });
    }
  }
  return { state, rejected, given };
}

/** The URL fragment for a state (every schema key, in table order). */
export function toFragment(state) {
  const p = new URLSearchParams();
  for (const f of SCHEMA()) p.set(f.key, f.type.format(state[f.key]));
  return "#" + p.toString();
}

/** The part of the state the core's `Config` takes. */
export function toConfig(state) {
  const c = {};
  for (const f of SCHEMA()) if (f.kind !== "view") c[f.key] = state[f.key];
  return c;
}
