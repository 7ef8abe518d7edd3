// The weight sliders: a panel for one neuron's incoming weights and bias, and (for small
// networks) a list of every parameter. Each slider is an <input type=range data-param=…>
// paired with a number box; both call setParam(name, value) and show the value as training
// moves it.

import { $ } from "./dom.js";
import { t } from "./i18n.js";

const RANGE = 6; // slider range ±RANGE, widened when a weight goes beyond it
const ALL_MAX = 60; // "every parameter" lists networks up to this many parameters

function row(name, label, onSet, onPick) {
  const wrap = document.createElement("div");
  wrap.className = "param";
  const lab = document.createElement("label");
  lab.textContent = label;
  const range = document.createElement("input");
  range.type = "range";
  range.min = String(-RANGE);
  range.max = String(RANGE);
  range.step = "0.001";
  range.dataset.param = name;
  range.setAttribute("aria-label", name);
  const num = document.createElement("input");
  num.type = "number";
  num.step = "0.01";
  num.className = "num";
  num.dataset.paramNumber = name;
  num.setAttribute("aria-label", t("weights.valueOf", { name }));
  lab.htmlFor = range.id = "p-" + name.replace(/[^\w]/g, "_") + "-" + Math.random().toString(36).slice(2, 7);
  let dragging = false;
  range.addEventListener("pointerdown", () => (dragging = true));
  range.addEventListener("pointerup", () => (dragging = false));
  range.addEventListener("blur", () => (dragging = false));
  range.addEventListener("input", () => {
    num.value = range.value;
    onSet(name, range.valueAsNumber, wrap);
  });
  num.addEventListener("change", () => {
    const v = Number(num.value);
    if (num.value.trim() === "" || !Number.isFinite(v)) {
      wrap.classList.add("invalid");
      num.title = t("weights.typeNumber");
      return;
    }
    wrap.classList.remove("invalid");
    onSet(name, v, wrap);
  });
  const pick = document.createElement("button");
  pick.type = "button";
  pick.className = "land-btn";
  pick.textContent = "∿";
  pick.dataset.landscape = name;
  pick.setAttribute("aria-pressed", "false");
  pick.setAttribute("aria-label", t("land.pick", { name }));
  pick.title = t("land.pick", { name });
  pick.addEventListener("click", () => onPick(name));
  wrap.append(lab, range, num, pick);
  return {
    wrap,
    name,
    update(v) {
      if (!dragging && document.activeElement !== range) {
        const lim = Math.max(RANGE, Math.ceil(Math.abs(v)));
        if (Number(range.max) !== lim) {
          range.min = String(-lim);
          range.max = String(lim);
        }
        range.value = String(v);
      }
      if (document.activeElement !== num) num.value = String(Math.round(v * 10000) / 10000);
      num.title = String(v); // full precision on hover
    },
  };
}

export class WeightPanel {
  constructor({ panel, title, body, allDetails, allBody, count }, setParam, onPick) {
    Object.assign(this, { panel, title, body, allDetails, allBody, count, setParam, onPick });
    this.rows = [];
    this.allRows = [];
    this.selection = null;
  }

  /** Opens the panel for neuron `to` of layer `layer` (1-based), given the layer sizes. */
  open(selection, sizes, labels) {
    this.selection = selection;
    const { layer, to } = selection;
    const inputs = sizes[layer - 1];
    this.body.replaceChildren();
    this.rows = [];
    const onSet = (name, v, wrap) => this.setParam(name, v, wrap);
    const from = layer === 1 ? labels.inputs : Array.from({ length: inputs }, (_, i) => `h${layer - 1}.${i + 1}`);
    const isOutput = layer === sizes.length - 1;
    this.title.textContent = t(isOutput ? "weights.outputNeuron" : "weights.neuron", { n: to + 1, l: layer });
    for (let i = 0; i < inputs; i++) {
      const r = row(`W${layer}[${i}][${to}]`, t("weights.from", { name: `W${layer}[${i}][${to}]`, from: from[i] }), onSet, this.onPick);
      if (selection.link && selection.link.from === i) r.wrap.classList.add("highlight");
      this.rows.push(r);
      this.body.append(r.wrap);
    }
    const b = row(`b${layer}[${to}]`, t("weights.bias", { name: `b${layer}[${to}]` }), onSet, this.onPick);
    this.rows.push(b);
    this.body.append(b.wrap);
    this.panel.hidden = false;
  }

  close() {
    this.selection = null;
    this.panel.hidden = true;
    this.rows = [];
  }

  /** Rebuilds the every-parameter list (shown for small networks only). */
  rebuildAll(names) {
    this.allBody.replaceChildren();
    this.allRows = [];
    this.count.textContent = String(names.length);
    const small = names.length <= ALL_MAX;
    this.allDetails.hidden = !small;
    if (!small) return;
    const onSet = (name, v, wrap) => this.setParam(name, v, wrap);
    for (const n of names) {
      const r = row(n, n, onSet, this.onPick);
      this.allRows.push(r);
      this.allBody.append(r.wrap);
    }
  }

  /** Moves every visible slider to the network's current values. */
  update(valueOf) {
    for (const r of this.rows) r.update(valueOf(r.name));
    if (this.allDetails.open) for (const r of this.allRows) r.update(valueOf(r.name));
  }
}

/** The weight panel wired to the app: opens on a selection, follows shape changes, sets
 * parameters through the app (a refused value marks its row with the core's message). */
export function initWeights(app, onPick) {
  const panel = new WeightPanel(
    { panel: $("weights"), title: $("weights-title"), body: $("weights-body"), allDetails: $("all-params"), allBody: $("all-params-body"), count: $("param-count") },
    (name, value, wrap) => {
      const error = app.setParam(name, value);
      wrap.classList.toggle("invalid", Boolean(error));
      wrap.title = error ?? "";
    },
    onPick,
  );
  $("weights-close").addEventListener("click", () => app.select(null));
  $("all-params").addEventListener("toggle", () => app.emit("values"));
  app.on((what) => {
    if (what.has("shape")) panel.rebuildAll(app.paramNames);
    if (what.has("shape") || what.has("selection") || what.has("lang")) {
      if (app.selection) panel.open(app.selection, app.sizes, app.labels);
      else panel.close();
    }
  });
  return { render: () => panel.update((name) => app.param(name)), panel };
}
