// The page's one controller: boots the wasm handle, owns the animation loop, and connects the
// controls, the network view, the weight panel and the output canvases. Math stays in Rust.

import { SCHEMA, MAX_LAYERS, MAX_NEURONS, FEATURES, parseFragment, toFragment, toConfig, datasetInfo } from "./state.js";
import { Bitmap, paintNode, paintClasses, paintValues, drawPoints, drawAxes, drawLossChart, fromPx } from "./draw.js";
import { NetworkView, paramOffsets } from "./network-view.js";
import { buildControls } from "./controls.js";
import { WeightPanel } from "./weights.js";
import { Inspector, ARTICLE_MODEL, ARTICLE_CONFIG } from "./inspector.js";
import * as storage from "./storage.js";
import init, * as bindings from "../backprop-wasm.js";

const $ = (id) => document.getElementById(id);
const GRID = 100; // boundary resolution: one batched pass of GRID² points per frame
const THUMB_STRIDE = 4; // neuron thumbnails sample every 4th cell: 25×25

/** Loads the wasm module (trunk builds it; this page loads it, so no inline script is needed). */
async function wasmReady() {
  await init({ module_or_path: new URL("../backprop-wasm_bg.wasm", import.meta.url) });
  window.wasmBindings = bindings; // for tests and benches
  return bindings;
}

const MAX_FILE_BYTES = 2 * 1024 * 1024;
// Changing these generates new data, replacing data drawn or imported by hand.
const NEW_DATA_KEYS = ["dataset", "noise", "points", "seed"];

const notice = {
  show(text, actions = []) {
    $("notice-text").textContent = text;
    const box = $("notice-actions");
    box.replaceChildren();
    for (const [label, fn] of actions) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.addEventListener("click", () => {
        fn();
        notice.hide();
      });
      box.append(b);
    }
    $("notice").hidden = false;
  },
  hide() {
    $("notice").hidden = true;
  },
};

/** Lists the link's rejected settings (set as text, never as HTML). */
function showRejected(rejected) {
  if (!rejected.length) return;
  notice.show("Some settings in the link could not be used as given — " + rejected.map((r) => `${r.key}=${JSON.stringify(r.value)}: ${r.reason}`).join(" · "));
}

function fmt(v, digits = 3) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(digits) : v.toPrecision(2);
}

async function main() {
  const { Playground, wasmMemory } = await wasmReady();
  // A shared link wins over the saved session; the saved one comes back when there is no link,
  // or when the link is the one this page wrote itself (a reload).
  const saved = storage.load();
  const restoring = Boolean(saved?.fragment && (!location.hash || location.hash === saved.fragment));
  const parsed = parseFragment(restoring ? saved.fragment : location.hash);
  const state = parsed.state;
  const seedGiven = parsed.given.has("seed");
  const app = {
    pg: null,
    playing: false,
    speed: "max",
    dirty: true,
    sizes: [],
    labels: { inputs: [], outputs: [] },
    points: new Float64Array(0),
    history: [],
    selection: null,
    lastGood: null,
    renderMs: 4,
    inspectorTick: 0,
    customData: false, // data drawn or imported by hand (saved, and kept across resets)
    saveDue: false,
    saveWarned: false,
    frames: [], // recent frame-to-frame intervals (ms), for the bench
    work: [], // recent per-frame work (train + render, ms)
  };
  window.playground = app; // for tests and the curious: the handle and the page state

  const config = toConfig(state);
  if (!seedGiven) delete config.seed; // the core picks a fresh seed
  try {
    app.pg = new Playground(config);
  } catch (e) {
    notice.show(`The link's configuration could not be used (${e.message}); the defaults are shown instead.`);
    app.pg = new Playground({});
  }
  if (restoring) {
    try {
      if (saved.csv) {
        app.pg.importCsv(saved.csv);
        app.customData = true;
      }
      if (saved.model) app.pg.importModel(saved.model);
    } catch (e) {
      notice.show(`The saved session could not be restored completely (${e.message}).`);
    }
  }
  Object.assign(state, app.pg.config());
  showRejected(parsed.rejected);

  // ---- saving: at most once a second while things change, and when the page goes away
  const markSave = () => (app.saveDue = true);
  function persist() {
    app.saveDue = false;
    const err = storage.save({ fragment: toFragment(state), csv: app.customData ? app.pg.exportCsv() : null, model: app.pg.exportModel() });
    if (err && !app.saveWarned) {
      app.saveWarned = true;
      notice.show(`Your work could not be saved in this browser (${err}); export the data and model to keep them.`);
    }
  }
  setInterval(() => app.saveDue && persist(), 1000);
  addEventListener("pagehide", persist);
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && persist());

  const view = new NetworkView($("network"));
  app.view = view;
  const boundary = $("boundary").getContext("2d");
  const chart = $("loss-chart").getContext("2d");
  const boundaryBmp = new Bitmap(GRID);
  let thumbs = [];

  const weights = new WeightPanel(
    { panel: $("weights"), title: $("weights-title"), body: $("weights-body"), allDetails: $("all-params"), allBody: $("all-params-body"), count: $("param-count") },
    (name, value, wrap) => {
      try {
        app.pg.setParam(name, value);
        wrap.classList.remove("invalid");
        app.dirty = true;
        markSave();
      } catch (e) {
        wrap.classList.add("invalid");
        wrap.title = e.message;
      }
    },
  );
  $("weights-close").addEventListener("click", () => {
    weights.close();
    app.selection = null;
    app.dirty = true;
  });
  $("all-params").addEventListener("toggle", () => (app.dirty = true));

  const inspector = new Inspector({
    pg: () => app.pg,
    classes: () => app.pg.classes(),
    loadArticle() {
      setPlaying(false);
      Object.assign(state, ARTICLE_CONFIG);
      app.pg.reset(toConfig(state));
      app.pg.importModel(ARTICLE_MODEL);
      rebuild();
      $("all-params").open = true; // 17 parameters: a slider for each
    },
    changed: () => (app.dirty = true),
  });
  app.inspector = inspector;

  const controls = buildControls({ hyper: $("hyper"), dataControls: $("data-controls"), datasets: $("datasets"), features: $("features") }, change);
  controls.drawPreviews((kind) => Playground.preview(kind, 300, 0));

  function syncUrl() {
    history.replaceState(null, "", toFragment(state));
  }

  // A link pasted into this tab (only the fragment changes, so no reload) starts that run.
  addEventListener("hashchange", () => {
    if (location.hash === toFragment(state)) return;
    const p = parseFragment(location.hash);
    const config = toConfig(p.state);
    if (!p.given.has("seed")) delete config.seed;
    try {
      app.pg.reset(config);
    } catch (e) {
      notice.show(`The link's configuration could not be used (${e.message}).`);
      syncUrl();
      return;
    }
    setPlaying(false);
    Object.assign(state, p.state);
    showRejected(p.rejected);
    rebuild();
  });

  /** Appends the metrics recorded since the last pull ([epoch, train, test] triples); the
   * last known entry is fetched again, as a slider or a data edit may have updated it. Long
   * runs are thinned, like the core's history, so memory stays bounded. */
  function pullHistory() {
    const h = app.history;
    const lastEpoch = h.length ? h[h.length - 3] : -1;
    const fresh = app.pg.lossHistory(lastEpoch);
    if (h.length && fresh.length && fresh[0] === lastEpoch) h.length -= 3;
    for (const v of fresh) h.push(v);
    if (h.length > 3 * 1024) {
      const thinned = [];
      for (let i = 0; i < h.length / 3; i++) if (i % 2 === 0 || i === h.length / 3 - 1) thinned.push(h[3 * i], h[3 * i + 1], h[3 * i + 2]);
      app.history = thinned;
    }
  }

  /** After a reset or import: re-read shapes, data and history from the handle. */
  function rebuild() {
    Object.assign(state, app.pg.config());
    app.sizes = Array.from(app.pg.layerSizes());
    const classes = app.pg.classes();
    app.labels = {
      inputs: app.pg.featureNames().map((id) => FEATURES.find((f) => f.id === id)?.label ?? id),
      outputs: classes ? Array.from({ length: classes }, (_, k) => `class ${k}`) : ["value"],
    };
    view.layout(app.sizes, app.labels);
    thumbs = app.sizes.flatMap((n) => Array.from({ length: n }, () => new Bitmap(Math.floor(GRID / THUMB_STRIDE))));
    app.points = app.pg.points();
    app.history = [];
    app.lastGood = null; // weights of another shape cannot be restored
    pullHistory();
    app.paramNames = app.pg.paramNames();
    weights.rebuildAll(app.paramNames);
    if (app.selection && (app.selection.layer >= app.sizes.length || app.selection.to >= app.sizes[app.selection.layer])) {
      app.selection = null;
      weights.close();
    } else if (app.selection) {
      weights.open(app.selection, app.sizes, app.labels);
    }
    buildNeuronButtons();
    const hiddenCount = app.sizes.length - 2;
    $("layer-count").textContent = `${hiddenCount} hidden layer${hiddenCount === 1 ? "" : "s"}`;
    $("add-layer").disabled = app.sizes.length - 2 >= MAX_LAYERS;
    $("remove-layer").disabled = app.sizes.length - 2 <= 0;
    const info = datasetInfo(state.dataset);
    $("task-text").textContent = classes
      ? `Classification, ${classes} classes: colour shows the most likely class, shade its probability.`
      : "Regression: colour shows the predicted value from −1 (orange) to +1 (blue).";
    $("acc-row").hidden = !classes;
    controls.show({ ...state, speed: app.speed, dataset: info.id });
    if (!inspector.sample) inspector.syncLabelControl(classes ? 0 : 1);
    inspector.refresh(true);
    $("show-test").checked = state.showTest;
    $("discretize").checked = state.discretize;
    syncUrl();
    syncPointTools(classes);
    markSave();
    app.dirty = true;
  }

  function buildNeuronButtons() {
    const box = $("neuron-buttons");
    box.replaceChildren();
    const centers = view.columnCenters();
    for (let l = 1; l < app.sizes.length - 1; l++) {
      const group = document.createElement("div");
      group.className = "neuron-group";
      group.style.left = centers[l] + "px";
      const mk = (text, delta, title) => {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = text;
        b.title = title;
        b.dataset.layer = String(l);
        b.dataset.delta = String(delta);
        const n = app.sizes[l] + delta;
        b.disabled = n < 1 || n > MAX_NEURONS;
        b.addEventListener("click", () => {
          const hidden = state.hidden.slice();
          hidden[l - 1] = Math.min(MAX_NEURONS, Math.max(1, hidden[l - 1] + delta));
          change("hidden", hidden);
        });
        return b;
      };
      const count = document.createElement("span");
      count.textContent = `${app.sizes[l]}`;
      group.append(mk("+", 1, `Add a neuron to layer ${l}`), mk("−", -1, `Remove a neuron from layer ${l}`), count);
      box.append(group);
    }
  }

  /** Applies one control's change: live hyper-parameters keep the network, shape/data reset it. */
  function change(key, value) {
    if (key === "speed") {
      app.speed = value;
      return;
    }
    const field = SCHEMA.find((f) => f.key === key);
    if (!field) return;
    const before = state[key];
    state[key] = value;
    try {
      if (field.kind === "live") app.pg.setHyper({ [key]: value });
      else if (field.kind === "reset") {
        // Hand-made data survives changes of the network; a new data set replaces it.
        const keep = app.customData && !NEW_DATA_KEYS.includes(key) ? app.pg.exportCsv() : null;
        app.pg.reset(toConfig(state));
        if (keep) app.pg.importCsv(keep);
        else app.customData = false;
        rebuild();
      }
      markSave();
      syncUrl();
      app.dirty = true;
    } catch (e) {
      state[key] = before;
      controls.show(state);
      notice.show(`${key}: ${e.message}`);
    }
  }

  // ---- run controls
  function setPlaying(on) {
    app.playing = on;
    const b = $("play");
    b.textContent = on ? "❚❚ Pause" : "▶ Train";
    b.setAttribute("aria-pressed", String(on));
    b.classList.toggle("playing", on);
  }
  $("play").addEventListener("click", () => setPlaying(!app.playing));
  $("step").addEventListener("click", () => {
    setPlaying(false);
    train(() => app.pg.step(1));
  });
  $("reset").addEventListener("click", () => {
    setPlaying(false);
    const keep = app.customData ? app.pg.exportCsv() : null;
    app.pg.reset(undefined);
    if (keep) app.pg.importCsv(keep);
    rebuild();
  });
  $("regenerate").addEventListener("click", () => change("seed", Math.floor(Math.random() * 1_000_000)));
  $("add-layer").addEventListener("click", () => {
    if (state.hidden.length < MAX_LAYERS) change("hidden", [...state.hidden, 2]);
  });
  $("remove-layer").addEventListener("click", () => {
    if (state.hidden.length > 0) change("hidden", state.hidden.slice(0, -1));
  });
  $("show-test").addEventListener("change", (e) => {
    state.showTest = e.target.checked;
    syncUrl();
    app.dirty = true;
  });
  $("discretize").addEventListener("change", (e) => {
    state.discretize = e.target.checked;
    syncUrl();
    app.dirty = true;
  });
  $("notice-close").addEventListener("click", notice.hide);
  addEventListener("keydown", (e) => {
    const t = e.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLButtonElement || t instanceof HTMLTextAreaElement) return;
    if (e.key === " ") {
      e.preventDefault();
      setPlaying(!app.playing);
    } else if (e.key === "ArrowRight") {
      setPlaying(false);
      train(() => app.pg.step(1));
    }
  });

  /** Runs a training call, keeping the last good weights and pausing on divergence. */
  function train(call) {
    markSave();
    // The last good weights: finite and within what a model file or slider may hold (±1e6),
    // so that restoring them always succeeds. A run on its way to diverging keeps the older ones.
    const now = app.pg.params();
    if (now.every((v) => Number.isFinite(v) && Math.abs(v) <= 1e6)) app.lastGood = now;
    const m = call();
    app.metrics = m;
    pullHistory();
    if (m.diverged) {
      setPlaying(false);
      const good = app.lastGood;
      const actions = good ? [["Restore the last good weights", () => restoreWeights(good)]] : [];
      notice.show("Training diverged: the loss became NaN or infinite. Try a smaller learning rate, or add regularization.", actions);
    }
    app.dirty = true;
  }

  function restoreWeights(values) {
    try {
      app.pg.setParams(values);
    } catch (e) {
      notice.show(`The weights could not be restored (${e.message}); Reset starts the run again.`);
    }
    pullHistory();
    markSave();
    app.dirty = true;
  }

  // ---- network canvas: hover and click
  const tooltip = $("tooltip");
  const valueOf = (name) => app.pg.param(name);
  function describe(hit) {
    if (!hit) return null;
    const last = app.sizes.length - 1;
    if (hit.type === "link") {
      const n = `W${hit.layer}[${hit.from}][${hit.to}]`;
      return `${n} = ${valueOf(n).toPrecision(6)}`;
    }
    if (hit.layer === 0) return `input ${app.labels.inputs[hit.to]}`;
    const b = `b${hit.layer}[${hit.to}]`;
    const what = hit.layer === last ? `output ${app.labels.outputs[hit.to]}` : `neuron ${hit.to + 1} of layer ${hit.layer}`;
    return `${what} — bias ${b} = ${valueOf(b).toPrecision(6)}`;
  }
  const canvasXY = (e, c) => {
    const r = c.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  $("network").addEventListener("mousemove", (e) => {
    const [x, y] = canvasXY(e, $("network"));
    const text = describe(view.hit(x, y));
    tooltip.hidden = !text;
    if (text) {
      tooltip.textContent = text;
      tooltip.style.left = x + 14 + "px";
      tooltip.style.top = y + 10 + "px";
    }
  });
  $("network").addEventListener("mouseleave", () => (tooltip.hidden = true));
  $("network").addEventListener("click", (e) => {
    const hit = view.hit(...canvasXY(e, $("network")));
    if (!hit || hit.layer === 0) return;
    app.selection = { layer: hit.layer, to: hit.to, link: hit.type === "link" ? { from: hit.from, to: hit.to } : null };
    weights.open(app.selection, app.sizes, app.labels);
    app.dirty = true;
  });

  // ---- the output canvas: trace a point, or draw your own data
  function syncPointTools(classes) {
    const sel = $("add-class");
    if (classes && sel.options.length !== classes) {
      const prev = Number(sel.value) || 0;
      sel.replaceChildren(...Array.from({ length: classes }, (_, k) => new Option(`class ${k}`, String(k))));
      sel.value = String(Math.min(prev, classes - 1));
    }
    sel.hidden = !classes;
    $("add-value").hidden = Boolean(classes);
  }
  const nearestPoint = (x, y, w) => {
    let best = -1;
    let bestD = 12; // px
    for (let i = 0; i < app.points.length / 4; i++) {
      if (app.points[4 * i + 3] !== 1 && !state.showTest) continue;
      const d = Math.hypot(((app.points[4 * i] + 6) / 12) * w - x, ((6 - app.points[4 * i + 1]) / 12) * w - y);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  };
  function dataEdited() {
    app.customData = true;
    app.points = app.pg.points();
    pullHistory();
    inspector.refresh();
    markSave();
    app.dirty = true;
  }
  $("boundary").addEventListener("contextmenu", (e) => e.preventDefault());
  $("boundary").addEventListener("pointerdown", (e) => {
    const c = $("boundary");
    const [x, y] = canvasXY(e, c);
    const w = c.clientWidth;
    const x1 = fromPx(x, w);
    const x2 = -fromPx(y, w);
    const mode = $("click-mode").value;
    try {
      if (e.button === 2 || e.shiftKey || mode === "remove") {
        if (app.pg.removeNearest(x1, x2, 0.6).length) dataEdited();
      } else if (mode === "add") {
        const label = app.pg.classes() ? Number($("add-class").value) : Number($("add-value").value);
        app.pg.addPoint(x1, x2, label);
        dataEdited();
      } else {
        const best = nearestPoint(x, y, w);
        if (best < 0) return;
        inspector.setSample({ x1: app.points[4 * best], x2: app.points[4 * best + 1], label: app.points[4 * best + 2] });
        $("inspector").focus({ preventScroll: true });
      }
    } catch (err) {
      notice.show(err.message);
    }
  });
  $("clear-data").addEventListener("click", () => {
    app.pg.clearData();
    dataEdited();
  });

  // ---- files: data as CSV, the model as JSON — from the pickers or dropped on the page
  function download(name, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  async function openFile(file, kind) {
    if (file.size > MAX_FILE_BYTES) {
      notice.show(`${file.name}: ${(file.size / 1048576).toFixed(1)} MB is too large (the limit is 2 MB). Nothing was changed.`);
      return;
    }
    const text = await file.text();
    if (text.includes("\u0000")) {
      notice.show(`${file.name}: this is not a text file. Nothing was changed.`);
      return;
    }
    kind ??= /\.json$/i.test(file.name) || text.trimStart().startsWith("{") ? "model" : "data";
    try {
      if (kind === "model") app.pg.importModel(text);
      else {
        app.pg.importCsv(text);
        app.customData = true;
      }
    } catch (e) {
      notice.show(`${file.name}: ${e.message}. Nothing was changed.`);
      return;
    }
    setPlaying(false);
    rebuild();
    notice.show(`Loaded ${kind === "model" ? "the model" : "the data"} from ${file.name}.`);
  }
  $("export-csv").addEventListener("click", () => download("backprop-data.csv", app.pg.exportCsv(), "text/csv"));
  $("export-model").addEventListener("click", () => download("backprop-model.json", app.pg.exportModel() + "\n", "application/json"));
  for (const [id, kind] of [["import-csv", "data"], ["import-model", "model"]]) {
    $(id).addEventListener("change", (e) => {
      const file = e.target.files?.[0];
      e.target.value = "";
      if (file) openFile(file, kind);
    });
  }
  addEventListener("dragover", (e) => {
    e.preventDefault();
    document.body.classList.add("dragging");
  });
  addEventListener("dragleave", (e) => {
    if (!e.relatedTarget) document.body.classList.remove("dragging");
  });
  addEventListener("drop", (e) => {
    e.preventDefault();
    document.body.classList.remove("dragging");
    const file = e.dataTransfer?.files?.[0];
    if (file) openFile(file);
  });
  $("start-over").addEventListener("click", () => {
    setPlaying(false);
    storage.clear();
    app.customData = false;
    Object.assign(state, parseFragment("").state);
    const config = toConfig(state);
    delete config.seed;
    app.pg.reset(config);
    history.replaceState(null, "", location.pathname);
    inspector.sample = null;
    rebuild();
    notice.show("Started over: the saved configuration, data and weights are forgotten.");
  });

  $("boundary").addEventListener("mousemove", (e) => {
    const c = $("boundary");
    const [x, y] = canvasXY(e, c);
    const x1 = fromPx(x, c.clientWidth);
    const x2 = -fromPx(y, c.clientHeight);
    const y_ = app.pg.predict(x1, x2);
    c.title = `x₁ = ${x1.toFixed(2)}, x₂ = ${x2.toFixed(2)} → ${Array.from(y_, (v) => v.toFixed(3)).join(", ")}`;
  });

  // ---- rendering: one grid evaluation feeds the boundary and every thumbnail
  function render() {
    const t0 = performance.now();
    // One pass; each layer is a row-major (GRID² × width) matrix read in place from wasm
    // memory. Views are made after the call (it may grow memory) and dropped this frame.
    const layout = app.pg.evaluateGrid(GRID);
    const memoryBuffer = wasmMemory().buffer;
    const n2 = GRID * GRID;
    const layers = [];
    for (let l = 0; l < layout.length; l += 2) layers.push({ buf: new Float64Array(memoryBuffer, layout[l], n2 * layout[l + 1]), width: layout[l + 1] });
    const classes = app.pg.classes();
    const params = app.pg.params();

    // Thumbnails of every node (features, hidden, outputs).
    let node = 0;
    layers.forEach(({ buf, width }, c) => {
      for (let j = 0; j < width; j++, node++) {
        const bmp = thumbs[node];
        let scale = 1;
        if (c === 0) {
          // Inputs span [−6, 6] (x₁² up to 36): scale each into [−1, 1] for colour.
          let max = 0;
          for (let k = j; k < buf.length; k += 7 * width) max = Math.max(max, Math.abs(buf[k]));
          scale = max > 0 ? 1 / max : 1;
        }
        paintNode(bmp.pixels, buf, width, j, GRID, THUMB_STRIDE, scale);
        bmp.commit();
      }
    });
    const out = layers[layers.length - 1].buf;
    // The boundary.
    if (classes) paintClasses(boundaryBmp.pixels, out, GRID, classes, state.discretize);
    else paintValues(boundaryBmp.pixels, out, GRID, state.discretize);
    const w = $("boundary").width;
    boundary.imageSmoothingEnabled = true;
    boundary.imageSmoothingQuality = "high";
    // Softened over white so that points of either class stand out on any region.
    boundary.fillStyle = "#fff";
    boundary.fillRect(0, 0, w, w);
    boundary.globalAlpha = 0.72;
    boundary.drawImage(boundaryBmp.commit(), 0, 0, w, w);
    boundary.globalAlpha = 1;
    drawAxes(boundary, w);
    drawPoints(boundary, app.points, w, { showTest: state.showTest, classes });
    if (inspector.sample) {
      // The inspector's sample, ringed.
      boundary.strokeStyle = "#111";
      boundary.lineWidth = 2.5;
      boundary.beginPath();
      boundary.arc(((inspector.sample.x1 + 6) / 12) * w, ((6 - inspector.sample.x2) / 12) * w, 8, 0, 2 * Math.PI);
      boundary.stroke();
    }

    view.draw(params, thumbs.map((b) => b.canvas), app.selection);
    drawLossChart(chart, app.history, $("loss-chart").width, $("loss-chart").height);

    const m = app.pg.metrics();
    $("epoch").textContent = String(m.epoch);
    $("train-loss").textContent = fmt(m.trainLoss);
    $("test-loss").textContent = fmt(m.testLoss);
    const pct = (a) => (a == null || !Number.isFinite(a) ? "–" : `${(100 * a).toFixed(1)}%`);
    $("train-acc").textContent = pct(m.trainAccuracy);
    $("test-acc").textContent = pct(m.testAccuracy);
    weights.update(valueOf);
    // The inspector follows the network (every few frames while training: it rebuilds DOM text).
    if (inspector.sample && (!app.playing || ++app.inspectorTick % 8 === 0)) inspector.refresh();
    app.renderMs = performance.now() - t0;
  }

  let last = performance.now();
  function frame(now) {
    app.frames.push(now - last);
    if (app.frames.length > 600) app.frames.shift();
    last = now;
    const t0 = performance.now();
    if (app.playing) {
      const budget = Math.min(12, Math.max(2, 14 - app.renderMs));
      if (app.speed === "max") train(() => app.pg.trainFor(budget, 10000));
      else train(() => app.pg.step(Number(app.speed)));
    }
    if (app.dirty) {
      app.dirty = false;
      render();
    }
    app.work.push(performance.now() - t0);
    if (app.work.length > 600) app.work.shift();
    requestAnimationFrame(frame);
  }

  rebuild();
  render();
  document.body.classList.add("ready");
  requestAnimationFrame(frame);
}

main().catch((e) => {
  console.error(e);
  notice.show("The playground could not start: " + e.message);
});
