// Controls wired from a table: each entry makes one labelled input and reports changes as
// (key, value). Nothing here knows about training or drawing.

import { LEARNING_RATES, REG_RATES, SPEEDS } from "./state.js";
import { catalog } from "./catalog.js";
import { datasetLabel, featureLabel, choiceLabel } from "./labels.js";
import { CLASS_RGB, divergingCss, rgb, toPx } from "./draw.js";
import { $, el, usesKeys } from "./dom.js";
import { t } from "./i18n.js";

/** The selects; their choices are the core's catalog (names) or the page's presets (rates). */
function selects() {
  const cat = catalog();
  const named = (ids) => ids.map((id) => [id, choiceLabel(id), `choice.${id}`]);
  const within = (values, key) => values.filter((v) => v >= cat.settings[key].min && v <= cat.settings[key].max).map((v) => [v, String(v)]);
  return [
    { key: "learningRate", options: within(LEARNING_RATES, "learningRate") },
    { key: "activation", options: named(cat.activations) },
    { key: "optimizer", options: named(cat.optimizers) },
    { key: "regularization", options: named(cat.regularizations) },
    { key: "regularizationRate", options: within(REG_RATES, "regularizationRate") },
    { key: "speed", options: SPEEDS.map((v) => [v, null, `speed.${v}`]) },
  ];
}

// The number of points: these counts, within the core's range (its ends included).
const POINT_COUNTS = [10, 20, 50, 100, 200, 300, 500, 1000, 2000, 5000];

/** The sliders: linear (min, max, step, scale) or over a list of `values` (the slider moves
 * over their positions; a value from a link between two shows as it is). */
function sliders() {
  const { min, max } = catalog().settings.points;
  const counts = [...new Set([min, ...POINT_COUNTS.filter((v) => v > min && v < max), max])];
  return [
    { key: "points", values: counts, fmt: (v) => String(v) },
    { key: "trainRatio", min: 10, max: 90, step: 10, scale: 0.01, fmt: (v) => `${Math.round(v * 100)}%` },
    { key: "noise", min: 0, max: 50, step: 5, scale: 0.01, fmt: (v) => `${Math.round(v * 100)}%` },
    { key: "batchSize", min: 1, max: 100, step: 1, scale: 1, fmt: (v) => String(v) },
  ];
}

const id = (key) => key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());

// (Over 80 lines: a factory whose returned object holds the controls' short methods, built
// from the tables above.)
function buildControls({ hyper, dataControls, datasets, features }, onChange) {
  const inputs = new Map();

  for (const s of selects()) {
    const select = el("select", { id: id(s.key) });
    for (const [v, text, key] of s.options) select.append(el("option", { value: String(v), textContent: key ? t(key) : text, dataset: key ? { i18n: key } : {} }));
    select.addEventListener("change", () => {
      const raw = select.value;
      const num = Number(raw);
      onChange(s.key, raw !== "" && Number.isFinite(num) && s.key !== "speed" ? num : raw);
    });
    hyper.append(el("label", { className: "field" }, [el("span", { textContent: t(`set.${s.key}`), dataset: { i18n: `set.${s.key}` } }), select]));
    inputs.set(s.key, {
      set(v) {
        const text = String(v);
        if (![...select.options].some((o) => o.value === text)) select.append(el("option", { value: text, textContent: text }));
        select.value = text;
      },
    });
  }

  for (const s of sliders()) {
    const out = el("output");
    const list = s.values;
    // A list's slider moves over its positions: position → value, value → nearest position.
    const value = (pos) => (list ? list[pos] : Math.round(pos * s.scale * 1000) / 1000);
    const position = (v) => (list ? list.reduce((best, x, k) => (Math.abs(x - v) < Math.abs(list[best] - v) ? k : best), 0) : Math.round(v / s.scale));
    const range = el("input", { type: "range", id: id(s.key), min: list ? 0 : s.min, max: list ? list.length - 1 : s.max, step: list ? 1 : s.step, dataset: { i18nAriaLabel: `set.${s.key}` } });
    range.setAttribute("aria-label", t(`set.${s.key}`));
    const say = (v) => {
      out.textContent = s.fmt(v);
      if (list) range.setAttribute("aria-valuetext", out.textContent);
    };
    range.addEventListener("input", () => say(value(range.valueAsNumber)));
    range.addEventListener("change", () => onChange(s.key, value(range.valueAsNumber)));
    dataControls.append(el("label", { className: "slider" }, [el("span", {}, [el("span", { textContent: t(`set.${s.key}`), dataset: { i18n: `set.${s.key}` } }), ": ", out]), range]));
    inputs.set(s.key, {
      set(v) {
        range.value = String(position(v));
        say(v);
      },
    });
  }

  const thumbs = [];
  for (const d of catalog().datasets) {
    const c = el("canvas", { width: 56, height: 56 });
    const b = el("button", { type: "button", className: "dataset", dataset: { dataset: d.id } }, [c, el("span", { textContent: datasetLabel(d.id), dataset: { i18n: `dataset.${d.id}` } })]);
    b.addEventListener("click", () => onChange("dataset", d.id));
    datasets.append(b);
    thumbs.push({ d, canvas: c, button: b });
  }
  const relabel = () => {
    for (const { d, button } of thumbs) {
      const label = d.classes ? datasetLabel(d.id) : t("data.regression", { name: datasetLabel(d.id) });
      button.title = label;
      button.setAttribute("aria-label", label);
    }
  };
  relabel();
  inputs.set("dataset", {
    set(v) {
      for (const t of thumbs) t.button.classList.toggle("selected", t.d.id === v);
    },
  });

  const boxes = [];
  for (const id of catalog().features) {
    const box = el("input", { type: "checkbox", value: id, dataset: { feature: id } });
    box.addEventListener("change", () => {
      const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
      if (!chosen.length) {
        box.checked = true; // at least one input
        return;
      }
      onChange("features", chosen);
    });
    boxes.push(box);
    features.append(el("label", { className: "feature" }, [box, el("span", { textContent: featureLabel(id) })]));
  }
  inputs.set("features", {
    set(v) {
      for (const b of boxes) b.checked = v.includes(b.value);
    },
  });

  return {
    relabel,
    /** Shows a state's values in the inputs (without firing changes). */
    show(state) {
      for (const [key, input] of inputs) if (state[key] !== undefined) input.set(state[key]);
    },
    /** Draws each data set's preview from `points(kind)` → Float64Array [x1, x2, label]×n. */
    drawPreviews(points) {
      // One preview a task, so the first second has no long task.
      thumbs.forEach((t, k) => setTimeout(() => paint(t), 20 * (k + 1)));
      const paint = (t) => {
        const ctx = t.canvas.getContext("2d");
        const p = points(t.d.id);
        ctx.fillStyle = "#f4f5f6";
        ctx.fillRect(0, 0, 56, 56);
        for (let i = 0; i < p.length; i += 3) {
          ctx.fillStyle = t.d.classes > 0 ? rgb(CLASS_RGB[p[i + 2]]) : divergingCss(p[i + 2]);
          ctx.fillRect(toPx(p[i], 56) - 1, toPx(-p[i + 1], 56) - 1, 2.2, 2.2);
        }
      };
    },
  };
}

/** Builds the controls and wires them, the run buttons and the keyboard to the app's intents. */
export function initControls(app) {
  const controls = buildControls({ hyper: $("hyper"), dataControls: $("data-controls"), datasets: $("datasets"), features: $("features") }, (key, value) => app.set(key, value));
  controls.drawPreviews((kind) => app.preview(kind, 300));
  // Train and Pause take the width of the wider of the two, so the header never moves when
  // one becomes the other (measured once per language).
  const fitPlay = () => {
    const b = $("play");
    const shown = b.textContent;
    b.style.minWidth = "";
    const widths = ["run.play", "run.pause"].map((key) => {
      b.textContent = t(key);
      return b.getBoundingClientRect().width;
    });
    b.textContent = shown;
    b.style.minWidth = `${Math.ceil(Math.max(...widths))}px`;
  };
  fitPlay();
  app.on((what) => {
    if (what.has("lang")) {
      controls.relabel();
      fitPlay();
    }
    if (what.has("config")) controls.show({ ...app.config, dataset: app.dataset().id });
    if (what.has("playing")) {
      const b = $("play");
      b.textContent = t(app.playing ? "run.pause" : "run.play");
      b.dataset.i18n = app.playing ? "run.pause" : "run.play";
      b.setAttribute("aria-pressed", String(app.playing));
      b.classList.toggle("playing", app.playing);
    }
  });
  $("play").addEventListener("click", () => app.togglePlay());
  $("step").addEventListener("click", () => app.step());
  $("reset").addEventListener("click", () => app.reset());
  $("regenerate").addEventListener("click", () => app.set("seed", Math.floor(Math.random() * (catalog().settings.seed.max + 1))));
  addEventListener("keydown", (e) => {
    // Space and → act only when the focus is not on something that uses them itself (a control,
    // a summary, a focusable canvas or graph). In the graph view the arrows step the graph
    // (inspector.js), never training: a presenter's clicker sends →.
    // (The lesson has keys of its own: lesson.js.)
    if (usesKeys(e.target) || app.view === "lesson") return;
    if (e.key === " ") {
      e.preventDefault();
      app.togglePlay();
    } else if (e.key === "ArrowRight" && app.view !== "graph") app.step();
  });
}
