// The network panel: the graph (drawn by NetworkView) with every node's thumbnail from the
// grid pass, the +/− buttons for layers and neurons, hover values and a click that opens a
// neuron's weights.

import { $, el, localXY, observeSize } from "./dom.js";
import { Bitmap, paintNode } from "./draw.js";
import { NetworkView } from "./network-view.js";
import { limits } from "./catalog.js";
import { t } from "./i18n.js";
import { weightName, biasName } from "./params.js";

const THUMB = 25; // thumbnail side in cells: every (grid size / 25)-th cell of the grid pass
const thumbStride = (gridSize) => Math.max(1, Math.round(gridSize / THUMB));

export class NetworkPanel {
  constructor(app, gridSize) {
    // While training, drawn every fourth frame, between the 30 Hz views' frames (see loop.js):
    // its few hundred wide, smoothed links cost the browser's painting more than any other view.
    this.trainingEvery = 4;
    this.trainingPhase = 1;
    this.app = app;
    this.gridSize = gridSize;
    this.canvas = $("network");
    this.view = new NetworkView(this.canvas);
    // A new width (a rotated phone, a resized window) lays the graph out again.
    observeSize(this.canvas, (css) => {
      this.view.cssWidth = css;
      if (this.view.w !== css && app.sizes.length) {
        this.layout();
        app.emit("resize");
      }
    });
    this.thumbs = [];
    this.tooltip = $("tooltip");
    this.showGrads = false;
    $("show-gradients").addEventListener("change", () => {
      this.showGrads = $("show-gradients").checked;
      app.emit("redraw");
    });
    // Hover is a mouse's: a finger's tap (and the mouse events a browser makes of it) shows no
    // tooltip that would then stay.
    this.canvas.addEventListener("pointermove", (e) => (e.pointerType === "mouse" ? this.hover(e) : (this.tooltip.hidden = true)));
    this.canvas.addEventListener("pointerleave", () => (this.tooltip.hidden = true));
    this.canvas.addEventListener("click", (e) => {
      const hit = this.view.hit(...localXY(e, this.canvas));
      if (!hit || hit.layer === 0) return;
      app.select({ layer: hit.layer, to: hit.to, link: hit.type === "link" ? { from: hit.from, to: hit.to } : null });
    });
    $("add-layer").addEventListener("click", () => {
      const h = app.config.hidden;
      if (h.length < limits().maxHiddenLayers) app.set("hidden", [...h, 2]);
    });
    $("remove-layer").addEventListener("click", () => {
      const h = app.config.hidden;
      if (h.length > 0) app.set("hidden", h.slice(0, -1));
    });
    app.on((what) => (what.has("shape") || what.has("lang")) && this.layout());
    // The keyboard: arrows move a focus over the nodes (roving, one tab stop), Enter or Space
    // opens the focused neuron's weights.
    this.focus = { layer: 0, i: 0 };
    this.canvas.addEventListener("keydown", (e) => this.key(e));
    for (const ev of ["focus", "blur"]) this.canvas.addEventListener(ev, () => app.emit("redraw"));
    // A tap shows no hover: the tooltip goes with the next touch.
    this.canvas.addEventListener("pointerdown", (e) => e.pointerType !== "mouse" && (this.tooltip.hidden = true));
  }

  layout() {
    const { app } = this;
    this.view.layout(app.sizes, app.labels);
    const side = Math.floor(this.gridSize / thumbStride(this.gridSize));
    this.thumbs = app.sizes.flatMap((n) => Array.from({ length: n }, () => new Bitmap(side)));
    this.buildNeuronButtons();
    const hidden = app.sizes.length - 2;
    $("layer-count").textContent = hidden === 1 ? t("net.layers.one") : t("net.layers.many", { n: hidden });
    $("add-layer").disabled = hidden >= limits().maxHiddenLayers;
    $("remove-layer").disabled = hidden <= 0;
  }

  buildNeuronButtons() {
    const { app } = this;
    const max = limits().maxNeurons;
    const centers = this.view.columnCenters();
    const groups = [];
    for (let l = 1; l < app.sizes.length - 1; l++) {
      const mk = (text, delta, title) => {
        const n = app.sizes[l] + delta;
        const b = el("button", { type: "button", textContent: text, title, disabled: n < 1 || n > max, dataset: { layer: String(l), delta: String(delta) } });
        b.addEventListener("click", () => {
          const hidden = app.config.hidden.slice();
          hidden[l - 1] = Math.min(max, Math.max(1, hidden[l - 1] + delta));
          app.set("hidden", hidden);
        });
        return b;
      };
      const group = el("div", { className: "neuron-group" }, [mk("−", -1, t("net.removeNeuron", { l })), el("span", { textContent: String(app.sizes[l]) }), mk("+", 1, t("net.addNeuron", { l }))]);
      group.style.left = centers[l] + "px";
      groups.push(group);
    }
    // Hidden columns close together (a phone, many layers): the groups draw closer, and without
    // their counts where even that would not fit, so that no group covers its neighbour's.
    let gap = Infinity;
    for (let l = 2; l < app.sizes.length - 1; l++) gap = Math.min(gap, centers[l] - centers[l - 1]);
    $("neuron-buttons").classList.toggle("tight", gap < 84);
    $("neuron-buttons").classList.toggle("tighter", gap < 62);
    // (Touch screens stack + over −: as wide as a finger where the columns leave room.)
    $("neuron-buttons").style.setProperty("--neuron-button", `${Math.max(32, Math.min(44, gap - 8))}px`);
    $("neuron-buttons").replaceChildren(...groups);
  }

  key(e) {
    const sizes = this.app.sizes;
    let { layer, i } = this.focus;
    if (e.key === "ArrowUp") i--;
    else if (e.key === "ArrowDown") i++;
    else if (e.key === "ArrowLeft") layer--;
    else if (e.key === "ArrowRight") layer++;
    else if (e.key === "Home") (layer = 0), (i = 0);
    else if (e.key === "End") (layer = sizes.length - 1), (i = 0);
    else if (e.key === "Enter" || e.key === " ") {
      if (layer > 0) {
        this.app.select({ layer, to: i, link: null });
        // Into the panel that opened, on its first slider (Escape there comes back here).
        $("weights-body").querySelector("input")?.focus();
      }
    } else return;
    e.preventDefault();
    e.stopPropagation(); // the arrows here move the focus, they do not train
    layer = Math.max(0, Math.min(sizes.length - 1, layer));
    i = Math.max(0, Math.min(sizes[layer] - 1, i));
    this.focus = { layer, i };
    $("net-live").textContent = this.describe({ type: "node", layer, to: i }) + (layer > 0 ? " " + t("net.enterOpens") : "");
    this.app.emit("redraw");
  }

  describe(hit) {
    const { app } = this;
    if (!hit) return null;
    const value = (n) => (this.showGrads ? app.grad(n) : app.param(n)).toPrecision(6);
    if (hit.type === "link") {
      const n = weightName(hit.layer, hit.from, hit.to);
      return this.showGrads ? t("net.gradOf", { name: n, value: value(n) }) : `${n} = ${value(n)}`;
    }
    if (hit.layer === 0) return t("net.input", { name: app.labels.inputs[hit.to] });
    const b = biasName(hit.layer, hit.to);
    const what = hit.layer === app.sizes.length - 1 ? t("net.output", { name: app.labels.outputs[hit.to] }) : t("net.neuron", { n: hit.to + 1, l: hit.layer });
    return t(this.showGrads ? "net.biasGrad" : "net.bias", { what, name: b, value: value(b) });
  }

  hover(e) {
    const [x, y] = localXY(e, this.canvas);
    const text = this.describe(this.view.hit(x, y));
    this.tooltip.hidden = !text;
    if (text) {
      this.tooltip.textContent = text;
      // Beside the pointer, but never past the panel's right edge.
      const room = this.canvas.parentElement.clientWidth - this.tooltip.offsetWidth - 4;
      this.tooltip.style.left = Math.max(0, Math.min(x + 14, room)) + "px";
      this.tooltip.style.top = y + 10 + "px";
    }
  }

  /** Paints every node's thumbnail from the grid's layers, then the graph. */
  render(grid) {
    let node = 0;
    grid.layers.forEach(({ buf, width }, c) => {
      for (let j = 0; j < width; j++, node++) {
        const bmp = this.thumbs[node];
        if (!bmp) continue;
        let scale = 1;
        if (c === 0) {
          // Features span the input square (x₁² up to its square): scale each into [−1, 1].
          let max = 0;
          for (let k = j; k < buf.length; k += 7 * width) max = Math.max(max, Math.abs(buf[k]));
          scale = max > 0 ? 1 / max : 1;
        }
        paintNode(bmp.pixels, buf, width, j, grid.size, thumbStride(grid.size), scale);
        bmp.commit();
      }
    });
    // Slow motion: the forward pass lights the columns left to right, then the gradients sweep
    // back from the output (both with the weights from before the step), then the update
    // shows the new weights.
    const slow = this.app.slowPhase();
    const before = slow && slow.phase !== "update" ? this.app.lastBatch.before : null;
    const values = this.showGrads ? this.app.grads() : (before ?? this.app.params());
    const options = { normalize: this.showGrads };
    const cols = this.app.sizes.length;
    if (slow?.phase === "forward") options.column = Math.min(cols - 1, Math.floor(slow.progress * cols));
    if (slow?.phase === "backward" && !this.showGrads) {
      options.grads = this.app.grads();
      options.gradFrom = Math.max(1, cols - 1 - Math.floor(slow.progress * (cols - 1)));
      options.column = options.gradFrom - 1;
    }
    if (this.canvas.matches(":focus-visible")) options.focus = this.focus;
    this.view.draw(values, this.thumbs.map((b) => b.canvas), this.app.selection, options);
  }
}
