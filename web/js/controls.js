// Controls wired from a table: each entry makes one labelled input and reports changes as
// (key, value). Nothing here knows about training or drawing.

import { DATASETS, FEATURES, LEARNING_RATES, REG_RATES } from "./state.js";
import { CLASS_RGB, divergingCss, rgb, toPx } from "./draw.js";

const el = (tag, props = {}, children = []) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "dataset") Object.assign(e.dataset, v);
    else e[k] = v;
  }
  for (const c of children) e.append(c);
  return e;
};

const SELECTS = [
  { key: "learningRate", label: "Learning rate", options: LEARNING_RATES.map((v) => [v, String(v)]) },
  { key: "activation", label: "Activation", options: [["relu", "ReLU"], ["tanh", "Tanh"], ["sigmoid", "Sigmoid"], ["linear", "Linear"]] },
  { key: "optimizer", label: "Optimizer", options: [["sgd", "SGD"], ["momentum", "Momentum"], ["adam", "Adam"]] },
  { key: "regularization", label: "Regularization", options: [["none", "None"], ["l1", "L1"], ["l2", "L2"]] },
  { key: "regularizationRate", label: "Reg. rate", options: REG_RATES.map((v) => [v, String(v)]) },
  { key: "speed", label: "Speed", options: [["1", "1 epoch/frame"], ["10", "10 epochs/frame"], ["max", "max (frame budget)"]] },
];

const SLIDERS = [
  { key: "trainRatio", label: "Training data", min: 10, max: 90, step: 10, scale: 0.01, fmt: (v) => `${Math.round(v * 100)}%` },
  { key: "noise", label: "Noise", min: 0, max: 50, step: 5, scale: 0.01, fmt: (v) => `${Math.round(v * 100)}%` },
  { key: "batchSize", label: "Batch size", min: 1, max: 100, step: 1, scale: 1, fmt: (v) => String(v) },
];

const id = (key) => key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());

export function buildControls({ hyper, dataControls, datasets, features }, onChange) {
  const inputs = new Map();

  for (const s of SELECTS) {
    const select = el("select", { id: id(s.key) });
    for (const [v, text] of s.options) select.append(el("option", { value: String(v), textContent: text }));
    select.addEventListener("change", () => {
      const raw = select.value;
      const num = Number(raw);
      onChange(s.key, raw !== "" && Number.isFinite(num) && s.key !== "speed" ? num : raw);
    });
    hyper.append(el("label", { className: "field" }, [el("span", { textContent: s.label }), select]));
    inputs.set(s.key, {
      set(v) {
        const text = String(v);
        if (![...select.options].some((o) => o.value === text)) select.append(el("option", { value: text, textContent: text }));
        select.value = text;
      },
    });
  }

  for (const s of SLIDERS) {
    const out = el("output");
    const range = el("input", { type: "range", id: id(s.key), min: s.min, max: s.max, step: s.step });
    range.addEventListener("input", () => (out.textContent = s.fmt(range.valueAsNumber * s.scale)));
    range.addEventListener("change", () => onChange(s.key, Math.round(range.valueAsNumber * s.scale * 1000) / 1000));
    dataControls.append(el("label", { className: "slider" }, [el("span", {}, [s.label + ": ", out]), range]));
    inputs.set(s.key, {
      set(v) {
        range.value = String(Math.round(v / s.scale));
        out.textContent = s.fmt(v);
      },
    });
  }

  const thumbs = [];
  for (const d of DATASETS) {
    const c = el("canvas", { width: 56, height: 56, title: d.label });
    const b = el("button", { type: "button", className: "dataset", title: d.label, dataset: { dataset: d.id } }, [c, el("span", { textContent: d.label.replace(" (regression)", "") })]);
    b.setAttribute("aria-label", d.label);
    b.addEventListener("click", () => onChange("dataset", d.id));
    datasets.append(b);
    thumbs.push({ d, canvas: c, button: b });
  }
  inputs.set("dataset", {
    set(v) {
      for (const t of thumbs) t.button.classList.toggle("selected", t.d.id === v);
    },
  });

  const boxes = [];
  for (const f of FEATURES) {
    const box = el("input", { type: "checkbox", value: f.id, dataset: { feature: f.id } });
    box.addEventListener("change", () => {
      const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
      if (!chosen.length) {
        box.checked = true; // at least one input
        return;
      }
      onChange("features", chosen);
    });
    boxes.push(box);
    features.append(el("label", { className: "feature" }, [box, el("span", { textContent: f.label })]));
  }
  inputs.set("features", {
    set(v) {
      for (const b of boxes) b.checked = v.includes(b.value);
    },
  });

  return {
    /** Shows a state's values in the inputs (without firing changes). */
    show(state) {
      for (const [key, input] of inputs) if (state[key] !== undefined) input.set(state[key]);
    },
    /** Draws each data set's preview from `points(kind)` → Float64Array [x1, x2, label]×n. */
    drawPreviews(points) {
      for (const t of thumbs) {
        const ctx = t.canvas.getContext("2d");
        const p = points(t.d.id);
        ctx.fillStyle = "#f4f5f6";
        ctx.fillRect(0, 0, 56, 56);
        for (let i = 0; i < p.length; i += 3) {
          ctx.fillStyle = t.d.classes > 0 ? rgb(CLASS_RGB[p[i + 2]]) : divergingCss(p[i + 2]);
          ctx.fillRect(toPx(p[i], 56) - 1, toPx(-p[i + 1], 56) - 1, 2.2, 2.2);
        }
      }
    },
  };
}
