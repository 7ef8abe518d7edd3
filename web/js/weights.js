// The weight sliders: a panel for one neuron's incoming weights and bias, and (for small
// networks) a list of every parameter. Each slider is an <input type=range data-param=…>
// paired with a number box; both call setParam(name, value) and show the value as training
// moves it.

import { $, onEscape } from "./dom.js";
import { PACE } from "./loop.js";
import { t } from "./i18n.js";
import * as notice from "./notice.js";
import { strictNumber, markInvalid, tooLarge } from "./strict.js";
import { limits } from "./catalog.js";
import { weightName, biasName, parseParam } from "./params.js";

const RANGE = 6; // slider range ±RANGE, widened when a weight goes beyond it
const FINE = 0.01; // the −/+ buttons' and the arrow keys' step: any value to 0.01 by touch or keyboard
const COARSE = 0.1; // PageUp and PageDown on a slider
const KEY_STEP = { ArrowRight: FINE, ArrowUp: FINE, ArrowLeft: -FINE, ArrowDown: -FINE, PageUp: COARSE, PageDown: -COARSE };

/** A parameter's name in words: "weight from x₁ to neuron 2 of layer 1", "bias of …". */
export function describeParam(name, labels, sizes) {
  const p = parseParam(name);
  if (!p) return name;
  const { layer: l, to } = p;
  const last = l === sizes.length - 1;
  const target = last ? t("net.output", { name: labels.outputs[to] ?? to + 1 }) : t("net.neuron", { n: to + 1, l });
  if (p.from === undefined) return t("weights.ariaBias", { name, target });
  const i = p.from;
  const from = l === 1 ? (labels.inputs[i] ?? `x${i + 1}`) : t("net.neuron", { n: i + 1, l: l - 1 });
  return t("weights.aria", { name, from, target });
}

// (Over 80 lines: one slider row's elements and their handlers, which share its state.)
/** One parameter's row; `aria` names it in words. In the list of every parameter (`inList`)
 * its controls' names say so, as the same weight may be in the neuron's panel beside it. */
function row(name, label, onSet, onPick, aria = name, inList = false) {
  const where = (s) => (inList ? t("weights.inList", { name: s }) : s);
  aria = where(aria);
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
  range.setAttribute("aria-label", aria);
  const num = document.createElement("input");
  num.type = "text"; // accepts only what it shows: see strict.js
  num.inputMode = "decimal";
  num.autocomplete = "off";
  num.className = "num";
  num.dataset.paramNumber = name;
  num.setAttribute("aria-label", t("weights.valueOf", { name: aria }));
  lab.htmlFor = range.id = "p-" + name.replace(/[^\w]/g, "_") + "-" + Math.random().toString(36).slice(2, 7);
  // While a finger or the mouse holds the thumb, training does not move it; once released the
  // slider follows the weight again (also while it keeps the focus).
  let dragging = false;
  let value = 0;
  range.addEventListener("pointerdown", () => (dragging = true));
  for (const ev of ["pointerup", "pointercancel", "blur"]) range.addEventListener(ev, () => (dragging = false));
  range.addEventListener("input", () => {
    num.value = range.value;
    onSet(name, range.valueAsNumber, num);
  });
  // The arrow keys move the weight by 0.01 (a step one sees in its box), the page keys by 0.1.
  range.addEventListener("keydown", (e) => {
    const step = KEY_STEP[e.key];
    if (!step || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    value = Math.round((value + step) * 1e6) / 1e6; // (a second key before the next frame adds on)
    onSet(name, value, num);
  });
  num.addEventListener("change", () => {
    const v = strictNumber(num.value);
    if (v === null) {
      const message = t(tooLarge(num.value) ? "weights.tooLarge" : "weights.notNumber", { name, value: num.value, max: limits().maxParam });
      markInvalid(num, message);
      notice.show(message, [], "#weights");
      return;
    }
    markInvalid(num, null);
    onSet(name, v, num);
  });
  const pick = document.createElement("button");
  pick.type = "button";
  pick.className = "land-btn";
  pick.textContent = "∿";
  pick.dataset.landscape = name;
  pick.setAttribute("aria-pressed", "false");
  pick.setAttribute("aria-label", where(t("land.pick", { name })));
  pick.title = t("land.pick", { name });
  pick.addEventListener("click", () => onPick(name));
  const fine = (sign) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "fine";
    b.textContent = sign < 0 ? "−" : "+";
    b.setAttribute("aria-label", t(sign < 0 ? "weights.minus" : "weights.plus", { name: aria, step: FINE }));
    b.addEventListener("click", () => onSet(name, Math.round((value + sign * FINE) * 1e6) / 1e6, num));
    return b;
  };
  wrap.append(lab, range, fine(-1), num, fine(1), pick);
  return {
    wrap,
    name,
    update(v) {
      value = v;
      if (!dragging) {
        const lim = Math.max(RANGE, Math.ceil(Math.abs(v)));
        if (Number(range.max) !== lim) {
          range.min = String(-lim);
          range.max = String(lim);
        }
        range.value = String(v);
      }
      if (document.activeElement !== num) {
        num.value = String(Math.round(v * 10000) / 10000);
        // A refused entry, once replaced by the weight's value, is no longer marked.
        if (num.hasAttribute("aria-invalid")) markInvalid(num, null);
      }
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
    const onSet = (name, v, box) => this.setParam(name, v, box);
    const from = layer === 1 ? labels.inputs : Array.from({ length: inputs }, (_, i) => `h${layer - 1}.${i + 1}`);
    const isOutput = layer === sizes.length - 1;
    this.title.textContent = t(isOutput ? "weights.outputNeuron" : "weights.neuron", { n: to + 1, l: layer });
    for (let i = 0; i < inputs; i++) {
      const name = weightName(layer, i, to);
      const r = row(name, t("weights.from", { name, from: from[i] }), onSet, this.onPick, describeParam(name, labels, sizes));
      if (selection.link && selection.link.from === i) r.wrap.classList.add("highlight");
      this.rows.push(r);
      this.body.append(r.wrap);
    }
    const bias = biasName(layer, to);
    const b = row(bias, t("weights.bias", { name: bias }), onSet, this.onPick, describeParam(bias, labels, sizes));
    this.rows.push(b);
    this.body.append(b.wrap);
    this.panel.hidden = false;
  }

  close() {
    this.selection = null;
    this.panel.hidden = true;
    this.rows = [];
  }

  /** Rebuilds the every-parameter list: a keyboard route to every weight of any network. Its
   * rows are built when the list is opened (a 6×8 network has hundreds). */
  rebuildAll(names, labels, sizes) {
    this.allBody.replaceChildren();
    this.allRows = [];
    this.allNames = { names, labels, sizes };
    this.count.textContent = String(names.length);
    if (this.allDetails.open) this.fillAll();
  }

  fillAll() {
    if (this.allRows.length || !this.allNames) return;
    const { names, labels, sizes } = this.allNames;
    const onSet = (name, v, box) => this.setParam(name, v, box);
    for (const n of names) {
      const r = row(n, n, onSet, this.onPick, describeParam(n, labels, sizes), true);
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
    (name, value, box) => {
      // A refused value (say 1e308) is said in a notice and marks the row's number box; the
      // weight keeps its last good value.
      const error = app.setParam(name, value);
      markInvalid(box, error);
      if (error) notice.show(error, [], [box.closest("#weights, #all-params"), "#weights"]);
    },
    onPick,
  );
  // Closed by its ×: the focus goes back to the graph (not lost to the page).
  $("weights-close").addEventListener("click", () => {
    app.select(null);
    $("network").focus();
  });
  // Escape closes the panel and gives the focus back to the network graph; the loss landscape
  // its ∿ opened is closed first (the panel opened last), the focus staying in the weights.
  onEscape($("weights"), () => {
    if (!$("landscape").hidden) return $("landscape-clear").click();
    app.select(null);
    $("network").focus();
  });
  $("all-params").addEventListener("toggle", () => {
    panel.fillAll();
    app.emit("redraw");
  });
  app.on((what) => {
    if (what.has("shape") || what.has("lang")) panel.rebuildAll(app.paramNames, app.labels, app.sizes);
    if (what.has("shape") || what.has("selection") || what.has("lang")) {
      if (app.selection) panel.open(app.selection, app.sizes, app.labels);
      else panel.close();
      // The ∿ of a weight the landscape shows is pressed (rows built after it opened too).
      for (const b of document.querySelectorAll("[data-landscape]")) b.setAttribute("aria-pressed", String(app.config.landscape.includes(b.dataset.landscape)));
    }
  });
  // While training, drawn every other frame (loop.js).
  return { render: () => panel.update((name) => app.param(name)), panel, ...PACE.tables };
}
