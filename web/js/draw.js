// Colours and canvas drawing. Renderers take data and draw; they keep no state of the app.

import { extent } from "./catalog.js";

// The diverging palette over [−1, 1]: orange → grey → blue (TF Playground's).
const NEG = [245, 147, 34];
const MID = [232, 234, 235];
const POS = [8, 119, 189];
// Class colours: class 0 orange, class 1 blue (as the diverging ends), then more.
export const CLASS_RGB = [NEG, POS, [44, 160, 44], [148, 103, 189], [214, 39, 40], [140, 86, 75], [227, 119, 194], [23, 190, 207]];
export const rgb = (c) => `rgb(${c[0]},${c[1]},${c[2]})`;

/** A 256-entry lookup table for v ∈ [−1, 1] → packed RGBA (little-endian ABGR in a Uint32). */
const DIVERGING = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    const v = (i / 255) * 2 - 1;
    const [a, b, s] = v < 0 ? [MID, NEG, -v] : [MID, POS, v];
    const c = a.map((x, k) => Math.round(x + (b[k] - x) * s));
    t[i] = (255 << 24) | (c[2] << 16) | (c[1] << 8) | c[0];
  }
  return t;
})();

export function divergingIndex(v) {
  // Clamped before `| 0`, which wraps past 2³¹ and makes ±∞ and NaN 0: a huge or infinite
  // value takes its end's colour, NaN the middle's.
  const c = v > 1 ? 1 : v < -1 ? -1 : v === v ? v : 0;
  return ((c + 1) * 127.5) | 0;
}

/** Colour of a value in [−1, 1] as a CSS string. */
export function divergingCss(v) {
  const p = DIVERGING[divergingIndex(v)];
  return `rgb(${p & 255},${(p >> 8) & 255},${(p >> 16) & 255})`;
}

/**
 * Fills `pixels` (Uint32 RGBA, dst × dst) with node `j` of a node-major (width × g²) layer
 * plane (node j's cells are `buf[j·g² …]`), sampling every `stride`-th cell, values ×
 * `scale` through the diverging palette.
 */
export function paintNode(pixels, buf, width, j, g, stride, scale = 1) {
  const dst = Math.floor(g / stride);
  const base = j * g * g;
  let k = 0;
  for (let r = 0; r < dst; r++) {
    const row = base + r * stride * g;
    for (let c = 0; c < dst; c++) pixels[k++] = DIVERGING[divergingIndex(buf[row + c * stride] * scale)];
  }
}

/** The factor that scales feature `j` of a node-major (width × g²) plane into [−1, 1]
 * (features span the input square: x₁² up to its square), from every 7th cell. */
export function featureScale(buf, width, j) {
  const n = buf.length / width;
  let max = 0;
  for (let k = j * n; k < (j + 1) * n; k += 7) max = Math.max(max, Math.abs(buf[k]));
  return max > 0 ? 1 / max : 1;
}

/** A node-major (width × n) plane as a row-major (n × width) matrix (the boundary
 * painters' layout), written into `out` when it has the size. */
export function planeRows(buf, width, out) {
  const n = buf.length / width;
  const rows = out?.length === buf.length ? out : new Float32Array(buf.length);
  for (let j = 0; j < width; j++) for (let i = 0; i < n; i++) rows[i * width + j] = buf[j * n + i];
  return rows;
}

/** Class-coloured pixels from a (g² × k) matrix of class probabilities. */
export function paintClasses(pixels, buf, g, k, discretize) {
  const n = g * g;
  const mix = (cls, s) => {
    const c = CLASS_RGB[cls % CLASS_RGB.length];
    const r = Math.round(MID[0] + (c[0] - MID[0]) * s);
    const gg = Math.round(MID[1] + (c[1] - MID[1]) * s);
    const b = Math.round(MID[2] + (c[2] - MID[2]) * s);
    return (255 << 24) | (b << 16) | (gg << 8) | r;
  };
  for (let i = 0; i < n; i++) {
    const o = i * k;
    if (k === 2) {
      const v = buf[o + 1] - buf[o]; // p1 − p0 ∈ [−1, 1]
      pixels[i] = DIVERGING[divergingIndex(discretize ? (v >= 0 ? 0.75 : -0.75) : v)];
      continue;
    }
    let best = 0;
    let pmax = buf[o];
    for (let c = 1; c < k; c++) {
      if (buf[o + c] > pmax) {
        pmax = buf[o + c];
        best = c;
      }
    }
    // confidence 0 at p = 1/k, 1 at p = 1
    const conf = discretize ? 0.75 : Math.max(0, (pmax - 1 / k) / (1 - 1 / k));
    pixels[i] = mix(best, conf);
  }
}

/** Regression output: the diverging palette over the value (clamped to [−1, 1]). */
export function paintValues(pixels, buf, g, discretize) {
  const n = g * g;
  for (let i = 0; i < n; i++) {
    let v = buf[i];
    if (discretize) v = Math.round(v * 4) / 4;
    pixels[i] = DIVERGING[divergingIndex(v)];
  }
}

/** An offscreen canvas holding an image of `size`², reused between frames. */
export class Bitmap {
  constructor(size) {
    this.size = size;
    this.canvas = document.createElement("canvas");
    this.canvas.width = this.canvas.height = size;
    this.ctx = this.canvas.getContext("2d");
    this.image = this.ctx.createImageData(size, size);
    this.pixels = new Uint32Array(this.image.data.buffer);
  }
  commit() {
    this.ctx.putImageData(this.image, 0, 0);
    return this.canvas;
  }
}

/** Maps input coordinates to canvas pixels for a square canvas of side `w`. */
export const toPx = (v, w) => ((v + extent()) / (2 * extent())) * w;
export const fromPx = (px, w) => (px / w) * 2 * extent() - extent();

/** Draws the data points: train filled with a white ring, test with a dark ring. */
export function drawPoints(ctx, points, w, { showTest, classes }) {
  const n = points.length / 4;
  // Batch by style: one fillStyle per colour.
  const groups = new Map();
  for (let i = 0; i < n; i++) {
    const isTrain = points[4 * i + 3] === 1;
    if (!isTrain && !showTest) continue;
    const label = points[4 * i + 2];
    const color = classes > 0 ? rgb(CLASS_RGB[label % CLASS_RGB.length]) : divergingCss(label);
    const key = color + (isTrain ? "|train" : "|test");
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { color, isTrain, idx: [] }));
    g.idx.push(i);
  }
  for (const g of groups.values()) {
    ctx.fillStyle = g.color;
    ctx.strokeStyle = g.isTrain ? "#fff" : "#222";
    ctx.lineWidth = g.isTrain ? 1 : 1.5;
    ctx.beginPath();
    for (const i of g.idx) {
      const x = toPx(points[4 * i], w);
      const y = toPx(-points[4 * i + 1], w);
      ctx.moveTo(x + 3.5, y);
      ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
    }
    ctx.fill();
    ctx.stroke();
  }
}

/** The boundary's axes and points on a transparent canvas of their own, drawn again only
 * when what they show changes (hundreds of ringed dots, drawn anew on the boundary every
 * frame, would cost each frame more than copying them). */
export class PointsLayer {
  constructor() {
    this.canvas = document.createElement("canvas");
    this.key = null;
  }

  /** The canvas for a boundary of `side` device pixels (`w` CSS pixels) showing `points`. */
  draw(side, w, points, { showTest, classes }) {
    const key = `${side} ${w} ${extent()} ${showTest} ${classes}`;
    if (this.key === key && this.points === points) return this.canvas;
    Object.assign(this, { key, points });
    const c = this.canvas;
    if (c.width !== side) c.width = c.height = side;
    const ctx = c.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, side, side);
    ctx.setTransform(side / w, 0, 0, side / w, 0, 0);
    drawAxes(ctx, w);
    drawPoints(ctx, points, w, { showTest, classes });
    return c;
  }
}

/** The marks over the boundary (CSS pixels `w`): the keyboard's `cursor` ([x1, x2] or null),
 * the rows of slow motion's mini-batch `batch` ringed (indices into `points`), the
 * inspector's `sample` ({x1, x2} or null) ringed darker. */
export function drawMarks(ctx, w, { cursor, batch, points, sample }) {
  if (cursor) {
    const cx = toPx(cursor[0], w);
    const cy = toPx(-cursor[1], w);
    ctx.strokeStyle = "#0877bd";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(cx - 12, cy);
    ctx.lineTo(cx + 12, cy);
    ctx.moveTo(cx, cy - 12);
    ctx.lineTo(cx, cy + 12);
    ctx.stroke();
  }
  if (batch.length) {
    ctx.strokeStyle = "#b7791f";
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (const r of batch) {
      const x = toPx(points[4 * r], w);
      const y = toPx(-points[4 * r + 1], w);
      ctx.moveTo(x + 6, y);
      ctx.arc(x, y, 6, 0, 2 * Math.PI);
    }
    ctx.stroke();
  }
  if (sample) {
    ctx.strokeStyle = "#111";
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.arc(toPx(sample.x1, w), toPx(-sample.x2, w), 8, 0, 2 * Math.PI);
    ctx.stroke();
  }
}

/** The font of the axes' ticks. */
export const AXES_FONT = "10px system-ui, sans-serif";

/** Axes ticks on the boundary canvas. */
export function drawAxes(ctx, w) {
  ctx.save();
  ctx.strokeStyle = "rgba(0,0,0,0.15)";
  ctx.beginPath();
  ctx.moveTo(w / 2, 0);
  ctx.lineTo(w / 2, w);
  ctx.moveTo(0, w / 2);
  ctx.lineTo(w, w / 2);
  ctx.stroke();
  ctx.fillStyle = "rgba(0,0,0,0.55)";
  ctx.font = AXES_FONT;
  const e = extent();
  for (const v of [-e, -e / 2, e / 2, e]) {
    const p = toPx(v, w);
    ctx.fillText(String(v), Math.min(w - 12, Math.max(2, p - 4)), w / 2 + 11);
    ctx.fillText(String(-v), w / 2 + 3, Math.min(w - 2, Math.max(9, p + 3)));
  }
  ctx.restore();
}

/** The loss chart: train and test loss against the epoch, the loss on a log scale (learning
 * spans decades), with ticks on both axes; `history` holds [epoch, train, test] triples.
 * Epoch 0 alone shows as two dots. `labels` = {epoch, loss} axis names and `mark`, the entry
 * a readout points at. Returns the epoch axis: {left, right, last} (x of epoch 0, x of the
 * last epoch, the last epoch) and `markY`, the y of the marked entry's higher dot (or null).
 * (Over 80 lines: one canvas pass, axes then curves, each step a few lines.) */
export function drawLossChart(ctx, history, w, h, labels) {
  ctx.clearRect(0, 0, w, h);
  const n = history.length / 3;
  const bottom = h - 16;
  const top = 6;
  const right = w - 6;
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < n; i++)
    for (const v of [history[3 * i + 1], history[3 * i + 2]])
      if (Number.isFinite(v) && v > 0) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
  if (!(hi > 0)) (lo = 0.1), (hi = 1);
  // Whole decades around the data, so the scale reads at a glance.
  let d0 = Math.floor(Math.log10(lo));
  let d1 = Math.ceil(Math.log10(hi));
  if (d1 === d0) d1 = d0 + 1;
  d0 = Math.max(d0, d1 - 8);
  const yOf = (v) => bottom - ((Math.log10(Math.max(v, 10 ** d0)) - d0) / (d1 - d0)) * (bottom - top);
  ctx.font = "10px system-ui, sans-serif";
  // A line at every decade, a label at every decade that has room (a diverging run spans many);
  // the labels' column as wide as the widest.
  const label = (d) => (d >= -3 && d <= 4 ? String(Number((10 ** d).toPrecision(1))) : `1e${d}`);
  const every = Math.max(1, Math.ceil((14 * (d1 - d0)) / Math.max(1, bottom - top)));
  let left = 34;
  for (let d = d0; d <= d1; d++) left = Math.max(left, Math.ceil(ctx.measureText(label(d)).width) + 6);
  const last = n ? Math.max(1, history[3 * (n - 1)]) : 1;
  const xOf = (epoch) => left + (epoch / last) * (right - left);
  ctx.fillStyle = "#555";
  ctx.strokeStyle = "#e3e6e8";
  ctx.lineWidth = 1;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (let d = d0; d <= d1; d++) {
    const y = Math.round(yOf(10 ** d)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    if ((d1 - d) % every === 0) ctx.fillText(label(d), left - 3, y);
  }
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  ctx.fillText("0", left, h - 3);
  ctx.textAlign = "right";
  ctx.fillText(`${labels?.epoch ?? "epoch"} ${history[3 * (n - 1)] ?? 0}`, right, h - 3);
  const curve = (offset, color) => {
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = 1.6;
    ctx.beginPath();
    let started = false;
    let lastX = -1;
    let points = 0;
    for (let i = 0; i < n; i++) {
      const x = xOf(history[3 * i]);
      if (x - lastX < 0.5 && i !== n - 1) continue; // at most ~2 vertices per pixel column
      const v = history[3 * i + offset];
      if (!Number.isFinite(v)) continue;
      const y = yOf(v);
      if (started) ctx.lineTo(x, y);
      else ctx.moveTo(x, y), (started = true);
      lastX = x;
      points++;
    }
    ctx.stroke();
    if (points === 1) {
      // One measurement (epoch 0): a dot, so the chart is never an empty box.
      const v = history[offset];
      if (Number.isFinite(v)) {
        ctx.beginPath();
        ctx.arc(xOf(history[0]) + 3, yOf(v), 3, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
  };
  curve(2, "#8a8f94"); // test
  curve(1, "#222"); // train
  // The readout's entry (`mark`, an index into the history): a line at its epoch, a dot on
  // each curve.
  const m = labels?.mark;
  let markY = null;
  if (m !== undefined && m !== null && m >= 0 && m < n) {
    const x = Math.round(xOf(history[3 * m])) + 0.5;
    ctx.strokeStyle = "#0877bd";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    for (const [offset, color] of [[2, "#8a8f94"], [1, "#222"]]) {
      const v = history[3 * m + offset];
      if (!Number.isFinite(v)) continue;
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.arc(x, yOf(v), 3, 0, 2 * Math.PI);
      ctx.fill();
      markY = Math.min(markY ?? Infinity, yOf(v));
    }
  }
  return { left, right, last, markY };
}
