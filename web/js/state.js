// The configuration's schema: one table drives the URL fragment, the defaults and validation.
// Parsing is strict: unknown keys are ignored, every value is validated and clamped, and
// anything rejected is reported (the default is used). Lookups go through the table — never
// `key in object`, so `activation=constructor` is just an unknown name.

export const DATASETS = [
  { id: "circle", label: "Circle", classes: 2 },
  { id: "xor", label: "Exclusive or", classes: 2 },
  { id: "gauss", label: "Two gaussians", classes: 2 },
  { id: "spiral", label: "Spiral", classes: 2 },
  { id: "spiral3", label: "Three spirals", classes: 3 },
  { id: "blobs4", label: "Four blobs", classes: 4 },
  { id: "plane", label: "Plane (regression)", classes: 0 },
  { id: "bumps", label: "Bumps (regression)", classes: 0 },
];

export const FEATURES = [
  { id: "x1", label: "x₁" },
  { id: "x2", label: "x₂" },
  { id: "x1^2", label: "x₁²" },
  { id: "x2^2", label: "x₂²" },
  { id: "x1*x2", label: "x₁x₂" },
  { id: "sin(x1)", label: "sin x₁" },
  { id: "sin(x2)", label: "sin x₂" },
];

export const MAX_LAYERS = 6;
export const MAX_NEURONS = 8;

const oneOf = (values) => ({
  parse(s) {
    const v = values.find((x) => x === s);
    if (v === undefined) throw new Error(`expected one of ${values.join(", ")}`);
    return v;
  },
  format: (v) => v,
});

/** A value outside its range: parsing still yields `value`, clamped into the range. */
class Clamped extends Error {
  constructor(value, message) {
    super(message);
    this.value = value;
  }
}

const number = (min, max, { integer = false } = {}) => ({
  parse(s) {
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) throw new Error("not a number");
    let v = Number(s);
    if (!Number.isFinite(v)) throw new Error("not a finite number");
    if (integer && !Number.isInteger(v)) throw new Error("not a whole number");
    if (v < min || v > max) {
      const c = Math.min(max, Math.max(min, v));
      throw new Clamped(c, `out of range ${min} to ${max}; ${c} used`);
    }
    return v;
  },
  format: (v) => String(v),
});

const bool = {
  parse(s) {
    if (s === "true" || s === "1") return true;
    if (s === "false" || s === "0") return false;
    throw new Error("expected true or false");
  },
  format: (v) => (v ? "true" : "false"),
};

const layers = {
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
    if (clamped) throw new Clamped(out, `at most ${MAX_LAYERS} layers of 1 to ${MAX_NEURONS} neurons; ${out.join(",")} used`);
    return out;
  },
  format: (v) => (v.length ? v.join(",") : "none"),
};

const featureSet = {
  parse(s) {
    const ids = s.split(",");
    const out = [];
    for (const id of ids) {
      const f = FEATURES.find((x) => x.id === id);
      if (!f) throw new Error(`unknown feature ${JSON.stringify(id.slice(0, 20))}`);
      if (!out.includes(f.id)) out.push(f.id);
    }
    if (!out.length) throw new Error("at least one feature");
    return out;
  },
  format: (v) => v.join(","),
};

export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];

// key, type, default, and whether changing it restarts the run ("reset") or not ("live"/"view").
export const SCHEMA = [
  { key: "dataset", type: oneOf(DATASETS.map((d) => d.id)), def: "circle", kind: "reset" },
  { key: "noise", type: number(0, 0.5), def: 0, kind: "reset" },
  { key: "trainRatio", type: number(0.1, 0.9), def: 0.5, kind: "reset" },
  { key: "points", type: number(10, 2000, { integer: true }), def: 500, kind: "reset" },
  { key: "seed", type: number(0, 999999, { integer: true }), def: 1, kind: "reset" },
  { key: "features", type: featureSet, def: ["x1", "x2"], kind: "reset" },
  { key: "hidden", type: layers, def: [4, 2], kind: "reset" },
  { key: "activation", type: oneOf(["relu", "tanh", "sigmoid", "linear"]), def: "tanh", kind: "reset" },
  { key: "learningRate", type: number(1e-6, 10), def: 0.03, kind: "live" },
  { key: "batchSize", type: number(1, 100, { integer: true }), def: 10, kind: "live" },
  { key: "optimizer", type: oneOf(["sgd", "momentum", "adam"]), def: "sgd", kind: "live" },
  { key: "regularization", type: oneOf(["none", "l1", "l2"]), def: "none", kind: "live" },
  { key: "regularizationRate", type: number(0, 1), def: 0, kind: "live" },
  { key: "showTest", type: bool, def: false, kind: "view" },
  { key: "discretize", type: bool, def: false, kind: "view" },
];

const field = (key) => SCHEMA.find((f) => f.key === key);

export function defaults() {
  const s = Object.create(null);
  for (const f of SCHEMA) s[f.key] = structuredClone(f.def);
  return s;
}

/** Parses a URL fragment (`#a=1&b=2`) over the defaults. Returns { state, rejected, given }. */
export function parseFragment(hash) {
  const state = defaults();
  const rejected = [];
  const given = new Set();
  const text = (hash || "").replace(/^#/, "");
  if (text.length > 4000) return { state, rejected: [{ key: "(link)", value: "", reason: "too long; ignored" }], given };
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
      rejected.push({ key, value: value.slice(0, 40), reason: e instanceof Clamped ? e.message : `${e.message}; the default is used` });
    }
  }
  return { state, rejected, given };
}

/** The URL fragment for a state (every schema key, in table order). */
export function toFragment(state) {
  const p = new URLSearchParams();
  for (const f of SCHEMA) p.set(f.key, f.type.format(state[f.key]));
  return "#" + p.toString();
}

/** The part of the state the core's `Config` takes. */
export function toConfig(state) {
  const c = {};
  for (const f of SCHEMA) if (f.kind !== "view") c[f.key] = state[f.key];
  return c;
}

export function datasetInfo(id) {
  return DATASETS.find((d) => d.id === id) ?? DATASETS[0];
}
