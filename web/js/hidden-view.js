// Hidden space (ConvNetJS has it, TF Playground not): the input square and the data as one
// hidden layer sees them — every grid cell and every point placed by the outputs of two chosen
// neurons, coloured by the network's prediction (cells) and the label (points). Live while it
// trains: the network bends the plane until the classes come apart.

import { $ } from "./dom.js";
import { PACE } from "./loop.js";
import { t } from "./i18n.js";
import { CLASS_RGB, divergingCss, rgb } from "./draw.js";

const CELL_STRIDE = 2; // every 2nd grid cell in each direction

export class HiddenView {
  constructor(app) {
    Object.assign(this, PACE.tables); // while training, drawn every other frame
    this.app = app;
    this.canvas = $("hs-canvas");
    this.ctx = this.canvas.getContext("2d");
    $("hidden-space").addEventListener("toggle", () => app.emit("redraw"));
    for (const id of ["hs-layer", "hs-a", "hs-b"]) $(id).addEventListener("change", () => (id === "hs-layer" ? this.syncNeurons() : app.emit("redraw")));
    app.on((what) => (what.has("shape") || what.has("lang")) && this.syncLayers());
  }

  syncLayers() {
    const hidden = this.app.sizes.length - 2;
    $("hidden-space").hidden = hidden < 1;
    const sel = $("hs-layer");
    const prev = Number(sel.value) || 1;
    sel.replaceChildren(...Array.from({ length: hidden }, (_, l) => new Option(t("hs.layer", { l: l + 1 }), String(l + 1))));
    sel.value = String(Math.min(prev, Math.max(1, hidden)));
    this.syncNeurons();
  }

  syncNeurons() {
    const l = Number($("hs-layer").value) || 1;
    const width = this.app.sizes[l] ?? 0;
    for (const [id, k] of [["hs-a", 0], ["hs-b", 1]]) {
      const sel = $(id);
      const prev = sel.value;
      sel.replaceChildren(...Array.from({ length: width }, (_, i) => new Option(t("hs.neuron", { n: i + 1 }), String(i))));
      sel.value = prev !== "" && Number(prev) < width ? prev : String(Math.min(k, width - 1));
    }
    this.app.emit("redraw");
  }

  render(grid) {
    if (!$("hidden-space").open || $("hidden-space").hidden) return;
    const l = Number($("hs-layer").value);
    const i = Number($("hs-a").value);
    const j = Number($("hs-b").value);
    const layer = grid.layers[l];
    if (!layer || !(i < layer.width) || !(j < layer.width)) return;
    const out = grid.layers[grid.layers.length - 1];
    const classes = this.app.classes();
    const g = grid.size;
    const n2 = g * g; // the planes are node-major: node j at cell k is buf[j·n2 + k]
    // Cells first: their hidden coordinates and predicted class (or value).
    const cells = [];
    for (let r = 0; r < g; r += CELL_STRIDE)
      for (let c = 0; c < g; c += CELL_STRIDE) {
        const k = r * g + c;
        let colour;
        if (classes) {
          let best = 0;
          for (let q = 1; q < out.width; q++) if (out.buf[q * n2 + k] > out.buf[best * n2 + k]) best = q;
          colour = best;
        } else colour = out.buf[k];
        cells.push([layer.buf[i * n2 + k], layer.buf[j * n2 + k], colour]);
      }
    const acts = this.app.activations(l);
    const pts = this.app.points;
    const points = [];
    for (let p = 0; p < pts.length / 4; p++) if (pts[4 * p + 3] === 1 || this.app.config.showTest) points.push([acts[p * layer.width + i], acts[p * layer.width + j], pts[4 * p + 2]]);
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const [x, y] of [...cells, ...points]) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
    if (!(x1 > x0)) (x0 -= 1), (x1 += 1);
    if (!(y1 > y0)) (y0 -= 1), (y1 += 1);
    const { ctx, canvas } = this;
    const w = canvas.width;
    const m = 8;
    const X = (x) => m + ((x - x0) / (x1 - x0)) * (w - 2 * m);
    const Y = (y) => w - m - ((y - y0) / (y1 - y0)) * (w - 2 * m);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, w, w);
    const css = (v) => (classes ? rgb(CLASS_RGB[v % CLASS_RGB.length]) : divergingCss(Math.max(-1, Math.min(1, v))));
    ctx.globalAlpha = 0.35;
    for (const [x, y, v] of cells) {
      ctx.fillStyle = css(v);
      ctx.fillRect(X(x) - 1.5, Y(y) - 1.5, 3, 3);
    }
    ctx.globalAlpha = 1;
    ctx.strokeStyle = "#fff";
    for (const [x, y, v] of points) {
      ctx.fillStyle = css(v);
      ctx.beginPath();
      ctx.arc(X(x), Y(y), 3.5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    ctx.fillStyle = "#333";
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillText(t("hs.axes", { a: i + 1, b: j + 1, l }), m, 14);
  }
}
