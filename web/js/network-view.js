// The network graph on canvas: nodes with their heatmap thumbnails, links coloured by sign and
// thick by |w|, biases; hit testing for hover and clicks. It draws what it is given.

import { divergingCss } from "./draw.js";
import { drawRatio } from "./dom.js";

const NODE = 34; // thumbnail side in CSS pixels
const GAP = 12; // vertical gap between nodes
const TOP = 44; // room for the per-layer +/− buttons
const MIN_COLUMN = 62; // the least distance between columns: a node, its +/− buttons and a gap
const OFF = 20; // an input feature that is off: a smaller, empty box under the inputs
const OFF_GAP = 6;

/** Where each parameter lives in the flat `params()` array: per layer W (in×out) then b. */
function paramOffsets(sizes) {
  const layers = [];
  let o = 0;
  for (let l = 1; l < sizes.length; l++) {
    const inputs = sizes[l - 1];
    const outputs = sizes[l];
    layers.push({ w: o, b: o + inputs * outputs, inputs, outputs });
    o += inputs * outputs + outputs;
  }
  return layers;
}

export class NetworkView {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.sizes = [];
    this.nodes = []; // nodes[col][i] = {x, y}
    this.links = []; // {layer, from, to, x0, y0, x1, y1}
    this.node = NODE; // a node's side: NODE, or less where a presented network must fit
    this.off = []; // the features that are off: {id, label, x, y}
  }

  /** Lays out columns for layer sizes (input features … outputs); `off`, the features the
   * network does not see ({id, label}), go under the inputs (TF Playground shows them all). */
  layout(sizes, labels, off = []) {
    this.sizes = sizes;
    this.labels = labels;
    const rows = Math.max(...sizes);
    // Presenting, the canvas is as tall as its nodes (the screen has no room to spare), and
    // no taller than the height present.js found to fit: the nodes draw closer and smaller.
    const fit = (Number(this.canvas.dataset.fitHeight) || Infinity) - TOP - 10;
    const pitch = Math.max(16, Math.min(NODE + GAP, fit / rows, (fit - off.length * (OFF + OFF_GAP)) / sizes[0]));
    this.node = Math.min(NODE, Math.floor((pitch * NODE) / (NODE + GAP)));
    const h = Math.max(TOP + Math.max(rows * pitch, sizes[0] * pitch + off.length * (OFF + OFF_GAP)) + 10, document.body.dataset.present ? 0 : 260);
    // The width the layout gave the canvas (kept by the panel's ResizeObserver; read from the
    // layout only before its first report).
    // A deep network on a narrow screen gets the room its columns need (a node and its +/−
    // buttons), and its panel scrolls sideways instead of the nodes running into each other.
    const minWidth = 120 + this.node + (sizes.length - 1) * MIN_COLUMN;
    this.canvas.style.minWidth = minWidth + "px";
    const w = Math.max(minWidth, this.cssWidth || this.canvas.clientWidth || 600);
    const dpr = drawRatio(this.canvas, this.lean);
    this.canvas.style.height = h + "px";
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.w = w;
    this.h = h;
    const left = 56;
    const right = w - 64;
    const cols = sizes.length;
    const dx = cols > 1 ? (right - left - this.node) / (cols - 1) : 0;
    this.nodes = sizes.map((n, c) =>
      Array.from({ length: n }, (_, i) => ({ x: left + c * dx, y: TOP + i * pitch })),
    );
    const below = TOP + sizes[0] * pitch;
    this.off = off.map((f, k) => ({ ...f, x: left + (this.node - OFF) / 2, y: below + k * (OFF + OFF_GAP) }));
    this.links = [];
    for (let l = 1; l < cols; l++) {
      for (let i = 0; i < sizes[l - 1]; i++) {
        for (let j = 0; j < sizes[l]; j++) {
          const a = this.nodes[l - 1][i];
          const b = this.nodes[l][j];
          this.links.push({ layer: l, from: i, to: j, x0: a.x + this.node, y0: a.y + this.node / 2, x1: b.x, y1: b.y + this.node / 2 });
        }
      }
    }
  }

  /** The centre of node `i` of column `layer`, in CSS pixels of the canvas (in column 0,
   * past the inputs, the features that are off). */
  nodeCenter(layer, i) {
    const p = this.nodes[layer]?.[i];
    const o = !p && layer === 0 ? this.off[i - this.nodes[0].length] : null;
    return p ? { x: p.x + this.node / 2, y: p.y + this.node / 2 } : o ? { x: o.x + OFF / 2, y: o.y + OFF / 2 } : null;
  }

  /** Column centres, for the +/− buttons above hidden layers. */
  columnCenters() {
    return this.nodes.map((col) => (col.length ? col[0].x + this.node / 2 : 0));
  }

  /** Draws links and biases from `params` (the weights, or with `normalize` the gradients,
   * scaled by their largest magnitude so that the biggest is the boldest). Slow motion:
   * `grads` with `gradFrom` draws layers ≥ gradFrom as gradients (the backward sweep), and
   * `column` rings the column the forward pass has reached. */
  draw(params, bitmaps, selection, { normalize = false, grads = null, gradFrom = Infinity, column = -1, focus = null } = {}) {
    const { ctx } = this;
    ctx.clearRect(0, 0, this.w, this.h);
    this.drawn = params;
    const scaled = (values) => {
      let max = 0;
      for (const v of values) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
      const k = max > 0 ? 3 / max : 0; // the largest gradient draws like a weight of 3
      return values.map((v) => v * k);
    };
    if (normalize) params = scaled(params);
    const offsets = paramOffsets(this.sizes);
    if (grads && gradFrom < this.sizes.length) {
      const g = scaled(grads);
      params = Float64Array.from(params);
      for (let l = gradFrom; l < this.sizes.length; l++) {
        const o = offsets[l - 1];
        for (let i = o.w; i < o.b + o.outputs; i++) params[i] = g[i];
      }
    }
    // Links, thin first so thick ones stay on top.
    const order = this.links
      .map((k) => ({ k, w: params[offsets[k.layer - 1].w + k.from * offsets[k.layer - 1].outputs + k.to] }))
      .sort((a, b) => Math.abs(a.w) - Math.abs(b.w));
    for (const { k, w } of order) {
      const sel = selection && selection.layer === k.layer && (selection.to === k.to || selection.link?.from === k.from && selection.link?.to === k.to);
      ctx.strokeStyle = divergingCss(Math.max(-1, Math.min(1, w)));
      ctx.globalAlpha = sel ? 1 : 0.85;
      ctx.lineWidth = Math.min(8, Math.max(0.6, Math.abs(w) * 2.2));
      ctx.beginPath();
      const mx = (k.x0 + k.x1) / 2;
      ctx.moveTo(k.x0, k.y0);
      ctx.bezierCurveTo(mx, k.y0, mx, k.y1, k.x1, k.y1);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    // Nodes: thumbnails, borders, biases.
    ctx.imageSmoothingEnabled = true;
    let n = 0;
    for (let c = 0; c < this.nodes.length; c++) {
      for (let i = 0; i < this.nodes[c].length; i++, n++) {
        const p = this.nodes[c][i];
        const bmp = bitmaps[n];
        if (bmp) ctx.drawImage(bmp, p.x, p.y, this.node, this.node);
        const selected = (selection && selection.layer === c && selection.to === i) || c === column;
        ctx.strokeStyle = c === column ? "#b7791f" : selected ? "#111" : "rgba(0,0,0,0.35)";
        ctx.lineWidth = selected ? 3 : 1;
        ctx.strokeRect(p.x + 0.5, p.y + 0.5, this.node - 1, this.node - 1);
        if (c > 0) {
          const b = params[offsets[c - 1].b + i];
          ctx.fillStyle = divergingCss(Math.max(-1, Math.min(1, b)));
          ctx.fillRect(p.x - 7, p.y + this.node - 7, 7, 7);
          ctx.strokeStyle = "rgba(0,0,0,0.5)";
          ctx.lineWidth = 1;
          ctx.strokeRect(p.x - 6.5, p.y + this.node - 6.5, 6, 6);
        }
      }
    }
    // The features that are off: an empty dashed box with a +, the name in grey.
    ctx.save();
    ctx.strokeStyle = "rgba(0,0,0,0.45)";
    ctx.fillStyle = "#777";
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 2]);
    ctx.font = "12px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    for (const o of this.off) {
      ctx.strokeRect(o.x + 0.5, o.y + 0.5, OFF - 1, OFF - 1);
      ctx.textAlign = "center";
      ctx.fillText("+", o.x + OFF / 2, o.y + OFF / 2);
      ctx.textAlign = "right";
      ctx.fillText(o.label, o.x - 6 - (this.node - OFF) / 2, o.y + OFF / 2);
    }
    ctx.restore();
    // The keyboard's focus: a dashed ring around the focused node (or feature that is off).
    const f = focus && this.nodes[focus.layer]?.[focus.i];
    const o = focus && !f && focus.layer === 0 ? this.off[focus.i - this.nodes[0].length] : null;
    if (f || o) {
      const side = f ? this.node : OFF;
      const p = f ?? o;
      ctx.save();
      ctx.strokeStyle = "#0877bd";
      ctx.lineWidth = 3;
      ctx.setLineDash([5, 3]);
      ctx.strokeRect(p.x - 5, p.y - 5, side + 10, side + 10);
      ctx.restore();
    }
    // Labels: features on the left, outputs on the right.
    ctx.fillStyle = "#333";
    ctx.font = "12px system-ui, sans-serif";
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    this.nodes[0].forEach((p, i) => ctx.fillText(this.labels.inputs[i] ?? "", p.x - 6, p.y + this.node / 2));
    ctx.textAlign = "left";
    const last = this.nodes[this.nodes.length - 1];
    last.forEach((p, i) => ctx.fillText(this.labels.outputs[i] ?? "", p.x + this.node + 5, p.y + this.node / 2));
  }

  /** What is under (x, y): {type: "node"|"bias"|"link", layer, to, from}, or a feature that
   * is off: {type: "off", layer: 0, to: its place under the inputs, id}. */
  hit(x, y) {
    // (A feature that is off answers over its row, its name included: a finger's target.)
    for (const [k, o] of this.off.entries()) {
      if (x >= o.x - 50 && x <= o.x + OFF + 8 && y >= o.y - OFF_GAP / 2 && y < o.y + OFF + OFF_GAP / 2) return { type: "off", layer: 0, to: this.sizes[0] + k, id: o.id };
    }
    for (let c = 0; c < this.nodes.length; c++) {
      for (let i = 0; i < this.nodes[c].length; i++) {
        const p = this.nodes[c][i];
        if (c > 0 && x >= p.x - 8 && x <= p.x + 1 && y >= p.y + this.node - 8 && y <= p.y + this.node + 1) return { type: "bias", layer: c, to: i };
        if (x >= p.x && x <= p.x + this.node && y >= p.y && y <= p.y + this.node) return { type: "node", layer: c, to: i };
      }
    }
    let best = null;
    let bestD = 5; // px tolerance
    for (const k of this.links) {
      if (x < Math.min(k.x0, k.x1) - 5 || x > Math.max(k.x0, k.x1) + 5) continue;
      const mx = (k.x0 + k.x1) / 2;
      for (let s = 0; s <= 24; s++) {
        const t = s / 24;
        const u = 1 - t;
        const bx = u * u * u * k.x0 + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * k.x1;
        const by = u * u * u * k.y0 + 3 * u * u * t * k.y0 + 3 * u * t * t * k.y1 + t * t * t * k.y1;
        const d = Math.hypot(bx - x, by - y);
        if (d < bestD) {
          bestD = d;
          best = { type: "link", layer: k.layer, from: k.from, to: k.to };
        }
      }
    }
    return best;
  }
}
