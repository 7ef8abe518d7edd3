// The output panel's canvas: the decision boundary from the grid pass, the data points, the
// inspector's sample ringed; a click traces, adds or removes a point (mouse, pen or touch).

import { $, localXY } from "./dom.js";
import { Bitmap, paintClasses, paintValues, drawPoints, drawAxes, toPx, fromPx } from "./draw.js";
import { extent } from "./catalog.js";
import * as notice from "./notice.js";
import { t } from "./i18n.js";
import { coreText } from "./core-text.js";
import { strictNumber, markInvalid } from "./strict.js";

const PICK_PX = 12; // how near a click must be to a point to trace it
const REMOVE_RADIUS = 0.6; // in input units
const MAX_PIXELS = 1200; // the core's largest boundary grid (3× a 400-pixel canvas)
const MIN_PIXELS = 90; // the coarsest boundary drawn
const MIN_QUALITY = 0.3;
const SLOW_FRAME_MS = 20; // drawing slower than this while training lowers the resolution…
const FAST_FRAME_MS = 10; // …faster than this raises it again

export class OutputView {
  constructor(app, gridSize) {
    this.app = app;
    this.quality = 0.25; // the boundary's resolution as a fraction of the device pixels
    this.trainingQuality = 1;
    this.canvas = $("boundary");
    this.ctx = this.canvas.getContext("2d");
    this.bmp = new Bitmap(gridSize);
    this.canvas.addEventListener("contextmenu", (e) => e.preventDefault());
    this.canvas.addEventListener("pointerdown", (e) => this.pointer(e));
    this.canvas.addEventListener("mousemove", (e) => this.hover(e));
    // The keyboard: arrows move a cursor over the input square (Shift: finer), Enter or Space
    // does what a click does there, Delete removes the nearest point.
    this.cursor = [0, 0];
    this.canvas.addEventListener("keydown", (e) => this.key(e));
    for (const ev of ["focus", "blur"]) this.canvas.addEventListener(ev, () => app.emit("values"));
    $("clear-data").addEventListener("click", () => app.clearData());
    for (const key of ["showTest", "discretize"]) {
      const box = $(key === "showTest" ? "show-test" : "discretize");
      box.addEventListener("change", () => app.setView(key, box.checked));
    }
    app.on((what) => {
      if (what.has("shape") || what.has("config") || what.has("lang")) this.syncTools();
    });
  }

  /** The class picker (k classes) or the value box (regression) for new points. */
  syncTools() {
    const classes = this.app.classes();
    const sel = $("add-class");
    if (classes) {
      const prev = Number(sel.value) || 0;
      sel.replaceChildren(...Array.from({ length: classes }, (_, k) => new Option(t("out.class", { k }), String(k))));
      sel.value = String(Math.min(prev, classes - 1));
    }
    sel.hidden = !classes;
    $("add-value").hidden = Boolean(classes);
    $("show-test").checked = this.app.config.showTest;
    $("discretize").checked = this.app.config.discretize;
    $("task-text").textContent = classes ? t("out.task.classes", { k: classes }) : t("out.task.regression");
  }

  /** The index of the shown point nearest to canvas pixel (x, y), or −1. */
  nearestPoint(x, y, w, radius = PICK_PX) {
    const p = this.app.points;
    let best = -1;
    let bestD = radius;
    for (let i = 0; i < p.length / 4; i++) {
      if (p[4 * i + 3] !== 1 && !this.app.config.showTest) continue;
      const d = Math.hypot(toPx(p[4 * i], w) - x, toPx(-p[4 * i + 1], w) - y);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  pointer(e) {
    const app = this.app;
    const [x, y] = localXY(e, this.canvas);
    const w = this.canvas.clientWidth;
    const x1 = fromPx(x, w);
    const x2 = -fromPx(y, w);
    const mode = $("click-mode").value;
    try {
      if (e.button === 2 || e.shiftKey || mode === "remove") app.removeNearest(x1, x2, REMOVE_RADIUS);
      else if (mode === "add") {
        const label = app.classes() ? Number($("add-class").value) : this.addValue();
        if (label !== null) app.addPoint(x1, x2, label);
      } else {
        const best = this.nearestPoint(x, y, w);
        if (best < 0) return;
        const p = app.points;
        app.setSample({ x1: p[4 * best], x2: p[4 * best + 1], label: p[4 * best + 2] });
        $("inspector").focus({ preventScroll: true });
      }
    } catch (err) {
      notice.show(coreText(err.message));
    }
  }

  key(e) {
    const app = this.app;
    const step = e.shiftKey ? 0.1 : 0.5;
    const [x1, x2] = this.cursor;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const mode = $("click-mode").value;
    let said = "";
    try {
      if (moves[e.key]) {
        const e6 = extent();
        this.cursor = [Math.max(-e6, Math.min(e6, x1 + moves[e.key][0])), Math.max(-e6, Math.min(e6, x2 + moves[e.key][1]))];
        const out = app.predict(...this.cursor);
        said = t("out.hover", { x1: this.cursor[0].toFixed(1), x2: this.cursor[1].toFixed(1), y: Array.from(out, (v) => v.toFixed(3)).join(", ") });
      } else if (e.key === "Delete" || e.key === "Backspace" || ((e.key === "Enter" || e.key === " ") && mode === "remove")) {
        app.removeNearest(x1, x2, REMOVE_RADIUS);
        said = t("out.keyRemoved");
      } else if ((e.key === "Enter" || e.key === " ") && mode === "add") {
        const label = app.classes() ? Number($("add-class").value) : this.addValue();
        if (label === null) return;
        app.addPoint(x1, x2, label);
        said = t("out.keyAdded", { x1: x1.toFixed(1), x2: x2.toFixed(1) });
      } else if (e.key === "Enter" || e.key === " ") {
        const w = this.canvas.clientWidth;
        const best = this.nearestPoint(toPx(x1, w), toPx(-x2, w), w, 4 * PICK_PX);
        if (best >= 0) {
          const p = app.points;
          app.setSample({ x1: p[4 * best], x2: p[4 * best + 1], label: p[4 * best + 2] });
        }
      } else return;
    } catch (err) {
      notice.show(coreText(err.message));
    }
    e.preventDefault();
    e.stopPropagation();
    if (said) $("out-live").textContent = said;
    app.emit("values");
  }

  /** The regression value for new points, or null (the box marked, the notice saying why)
   * when the box holds anything but a number as it is shown. */
  addValue() {
    const box = $("add-value");
    const v = strictNumber(box.value);
    const message = v === null ? t("out.valueNotNumber", { value: box.value }) : null;
    markInvalid(box, message);
    if (message) notice.show(message);
    return v;
  }

  hover(e) {
    const [x, y] = localXY(e, this.canvas);
    const x1 = fromPx(x, this.canvas.clientWidth);
    const x2 = -fromPx(y, this.canvas.clientHeight);
    const out = this.app.predict(x1, x2);
    this.canvas.title = t("out.hover", { x1: x1.toFixed(2), x2: x2.toFixed(2), y: Array.from(out, (v) => v.toFixed(3)).join(", ") });
  }

  /** The boundary's side in device pixels: the canvas as laid out, at the screen's density. */
  pixelSize() {
    const css = this.canvas.clientWidth || this.canvas.width;
    const full = Math.max(1, Math.min(MAX_PIXELS, Math.round(css * (window.devicePixelRatio || 1))));
    // The first frame is coarse (a short first task on load), the next at full resolution;
    // while training on a slow device the resolution gives way so that frames stay short.
    const q = this.app.playing ? this.trainingQuality : this.quality;
    return Math.max(Math.min(full, MIN_PIXELS), Math.round(full * q));
  }

  /** After a frame that took `ms` to draw: adapts the resolution; true asks for another frame
   * (to refine a coarse picture). */
  rendered(ms) {
    if (!this.app.playing) {
      const refine = this.quality < 1;
      this.quality = 1;
      return refine;
    }
    if (ms > SLOW_FRAME_MS) this.trainingQuality = Math.max(MIN_QUALITY, this.trainingQuality * 0.8);
    else if (ms < FAST_FRAME_MS && this.trainingQuality < 1) this.trainingQuality = Math.min(1, this.trainingQuality * 1.25);
    return false;
  }

  render(grid) {
    const { app, ctx } = this;
    const classes = app.classes();
    const last = grid.layers[grid.layers.length - 1];
    // The full-resolution output (f32) when the loop asked for it, else the all-neuron grid's.
    const b = grid.boundary ?? { size: grid.size, buf: last.buf, width: last.width };
    if (this.bmp.size !== b.size) this.bmp = new Bitmap(b.size);
    const bmp = this.bmp;
    if (classes) paintClasses(bmp.pixels, b.buf, b.size, classes, app.config.discretize);
    else paintValues(bmp.pixels, b.buf, b.size, app.config.discretize);
    // The canvas holds device pixels; everything is drawn in CSS pixels through the transform.
    if (grid.boundary && this.canvas.width !== b.size) this.canvas.width = this.canvas.height = b.size;
    const w = this.canvas.clientWidth || this.canvas.width;
    const k = this.canvas.width / w;
    ctx.setTransform(k, 0, 0, k, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "high";
    // Softened over white so that points of either class stand out on any region.
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, w, w);
    ctx.globalAlpha = 0.72;
    ctx.drawImage(bmp.commit(), 0, 0, w, w);
    ctx.globalAlpha = 1;
    drawAxes(ctx, w);
    drawPoints(ctx, app.points, w, { showTest: app.config.showTest, classes });
    // The keyboard's cursor.
    if (this.canvas.matches(":focus-visible")) {
      const cx = toPx(this.cursor[0], w);
      const cy = toPx(-this.cursor[1], w);
      ctx.strokeStyle = "#0877bd";
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(cx - 12, cy);
      ctx.lineTo(cx + 12, cy);
      ctx.moveTo(cx, cy - 12);
      ctx.lineTo(cx, cy + 12);
      ctx.stroke();
    }
    // Slow motion: the points of the last mini-batch, ringed.
    const batch = app.lastBatch;
    if (batch && (app.speed === "slow" || app.speed === "batch") && batch.rows.length) {
      ctx.strokeStyle = "#b7791f";
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (const r of batch.rows) {
        const x = toPx(app.points[4 * r], w);
        const y = toPx(-app.points[4 * r + 1], w);
        ctx.moveTo(x + 6, y);
        ctx.arc(x, y, 6, 0, 2 * Math.PI);
      }
      ctx.stroke();
    }
    const s = app.sample;
    if (s) {
      ctx.strokeStyle = "#111";
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.arc(toPx(s.x1, w), toPx(-s.x2, w), 8, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }
}
