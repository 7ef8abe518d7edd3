// The network panel: the graph (drawn by NetworkView) with every node's thumbnail from the
// grid pass, the +/− buttons for layers and neurons, hover values, a click that opens a
// neuron's weights or turns an input off or on, and the node pointed at (or focused) handed
// to the output view to show large.

import { $, el, localXY, observeSize } from "./dom.js";
import { PACE } from "./loop.js";
import { Bitmap, paintNode, featureScale } from "./draw.js";
import { NetworkView } from "./network-view.js";
import { limits, catalog } from "./catalog.js";
import { featureLabel } from "./labels.js";
import { t } from "./i18n.js";
import { say } from "./announce.js";
import * as notice from "./notice.js";
import { weightName, biasName } from "./params.js";

const THUMB = 25; // thumbnail side in cells: every (grid size / 25)-th cell of the grid pass
const thumbStride = (gridSize) => Math.max(1, Math.round(gridSize / THUMB));

export class NetworkPanel {
  constructor(app, gridSize) {
    // While training, drawn every fourth frame, between the 30 Hz views' frames (loop.js):
    // its few hundred wide, smoothed links cost the browser's painting more than any other view.
    Object.assign(this, PACE.network);
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
    this.canvas.addEventListener("pointerleave", () => {
      this.tooltip.hidden = true;
      this.pointed = null;
      this.syncPreview();
    });
    // A node pointed at (or focused from the keyboard) is shown on the big output: `onPreview`
    // ({layer, i, what} or null) is the output view's (main.js wires it).
    this.pointed = null;
    this.onPreview = () => {};
    this.canvas.addEventListener("click", (e) => {
      const hit = this.view.hit(...localXY(e, this.canvas));
      if (!hit) return;
      // An input turns its feature off; a feature that is off (drawn under the inputs), on.
      if (hit.layer === 0) return hit.type !== "bias" && this.toggleFeature(hit.to);
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
    // ("fit": presenting, the height the graph must keep to changed, present.js.)
    app.on((what) => (what.has("shape") || what.has("lang") || what.has("fit")) && this.layout());
    // Lean (a dense screen whose frames come late while training) or back: the canvas's
    // pixels, cleared by the new size, so drawn again in the next frame whatever its pace.
    app.on((what) => {
      if (!what.has("lean") || what.has("shape")) return;
      this.layoutGraph();
      this.urgent = true;
    });
    // The keyboard: arrows move a focus over the nodes (roving, one tab stop), Enter or Space
    // opens the focused neuron's weights (on an input: turns it off or on).
    this.focus = { layer: 0, i: 0 };
    this.canvas.addEventListener("keydown", (e) => this.key(e));
    for (const ev of ["focus", "blur"])
      this.canvas.addEventListener(ev, () => {
        this.syncPreview();
        app.emit("redraw");
      });
    // A tap shows no hover: the tooltip goes with the next touch.
    this.canvas.addEventListener("pointerdown", (e) => e.pointerType !== "mouse" && (this.tooltip.hidden = true));
  }

  /** The graph's places and the canvas's size (at LEAN_RATIO while the page is lean). */
  layoutGraph() {
    const { app } = this;
    const off = catalog().features.filter((f) => !app.config.features.includes(f)).map((id) => ({ id, label: featureLabel(id) }));
    this.view.lean = app.lean;
    this.view.layout(app.sizes, app.labels, off);
  }

  layout() {
    const { app } = this;
    this.layoutGraph();
    const side = Math.floor(this.gridSize / thumbStride(this.gridSize));
    this.thumbs = app.sizes.flatMap((n) => Array.from({ length: n }, () => new Bitmap(side)));
    this.buildNeuronButtons();
    const hidden = app.sizes.length - 2;
    $("layer-count").textContent = hidden === 1 ? t("net.layers.one") : t("net.layers.many", { n: hidden });
    $("add-layer").disabled = hidden >= limits().maxHiddenLayers;
    $("remove-layer").disabled = hidden <= 0;
    this.syncPreview();
  }

  /** The node the output shows: the one under the mouse, else the keyboard's focused one
   * while the graph has the keyboard's focus (named in the page's language). */
  syncPreview() {
    const kbd = this.canvas.matches(":focus-visible") ? this.focus : null;
    const n = this.pointed ?? kbd;
    const ok = n && n.layer < this.app.sizes.length && n.i < this.app.sizes[n.layer];
    this.onPreview(ok ? { layer: n.layer, i: n.i, what: this.nodeName(n.layer, n.i) } : null);
  }

  /** A node's name: "input x₁", "neuron 2 of layer 1", "output class 0". */
  nodeName(layer, i) {
    const { app } = this;
    if (layer === 0) return t("net.input", { name: app.labels.inputs[i] });
    return layer === app.sizes.length - 1 ? t("net.output", { name: app.labels.outputs[i] }) : t("net.neuron", { n: i + 1, l: layer });
  }

  /** Turns input `i` off, or (past the inputs) the feature that is off there on: TF
   * Playground's click on an input. The last input stays, with a notice saying why. */
  toggleFeature(i) {
    const features = this.app.config.features;
    const on = this.view.off[i - features.length];
    if (on) return this.app.set("features", catalog().features.filter((f) => features.includes(f) || f === on.id));
    if (features.length <= 1) return notice.show(t("net.lastInput"), [], "#net-wrap");
    this.app.set("features", features.filter((_, k) => k !== i));
  }

  /** Where the keyboard's focus can be in column `layer` (the inputs' with the features that
   * are off). */
  rows(layer) {
    return this.app.sizes[layer] + (layer === 0 ? this.view.off.length : 0);
  }

  buildNeuronButtons() {
    const { app } = this;
    const max = limits().maxNeurons;
    const centers = this.view.columnCenters();
    const groups = [];
    for (let l = 1; l < app.sizes.length - 1; l++) {
      const mk = (text, delta, title) => {
        const n = app.sizes[l] + delta;
        const b = el("button", { type: "button", textContent: text, title, aria: { label: title }, disabled: n < 1 || n > max, dataset: { layer: String(l), delta: String(delta) } });
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
    else if ((e.key === "Enter" || e.key === " ") && layer === 0) this.toggleFeature(i);
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
    i = Math.max(0, Math.min(this.rows(layer) - 1, i));
    this.focus = { layer, i };
    const off = layer === 0 && i >= sizes[0];
    $("net-live").textContent = this.describe({ type: off ? "off" : "node", layer, to: i }) + " " + t(layer > 0 ? "net.enterOpens" : off ? "net.enterTurnsOn" : "net.enterToggles");
    say($("net-live").textContent);
    this.syncPreview();
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
    if (hit.type === "off") return t("net.inputOff", { name: this.view.off[hit.to - app.sizes[0]]?.label ?? "" });
    if (hit.layer === 0) return t("net.input", { name: app.labels.inputs[hit.to] });
    const b = biasName(hit.layer, hit.to);
    const what = this.nodeName(hit.layer, hit.to);
    return t(this.showGrads ? "net.biasGrad" : "net.bias", { what, name: b, value: value(b) });
  }

  hover(e) {
    const [x, y] = localXY(e, this.canvas);
    const hit = this.view.hit(x, y);
    const node = hit && hit.type !== "link" ? { layer: hit.layer, i: hit.to } : null;
    if (node?.layer !== this.pointed?.layer || node?.i !== this.pointed?.i) {
      this.pointed = node;
      this.syncPreview();
    }
    const click = { node: "net.clickToggles", off: "net.clickTurnsOn" }[hit?.layer === 0 ? hit.type : ""];
    const text = hit && this.describe(hit) + (click ? " " + t(click) : "");
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
        // Features span the input square (x₁² up to its square): each scaled into [−1, 1].
        const scale = c === 0 ? featureScale(buf, width, j) : 1;
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
