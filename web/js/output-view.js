// The output panel's canvas: the decision boundary from the grid pass, the data points, the
// inspector's sample ringed; a click traces, adds or removes a point (mouse, pen or touch).

import { $, localXY, observeSize, drawRatio } from "./dom.js";
import { PACE } from "./loop.js";
import { Bitmap, PointsLayer, drawMarks, paintClasses, paintValues, planeRows, toPx, fromPx, AXES_FONT } from "./draw.js";
import { extent } from "./catalog.js";
import * as notice from "./notice.js";
import { t } from "./i18n.js";
import { say } from "./announce.js";
import { errorText } from "./errors.js";
import { strictNumber, markInvalid } from "./strict.js";
import { BoundaryService } from "./boundary-service.js";
import { CellCost } from "./cell-cost.js";
import { NeuronPreview } from "./neuron-preview.js";

const PICK_PX = 12; // how near a click must be to a point to trace it
const REMOVE_RADIUS = 0.6; // in input units
const MAX_PIXELS = 1200; // the core's largest boundary grid (3× a 400-pixel canvas)
const FIRST_QUALITY = 0.25; // the first picture on load, before any cost is known
// What computing and painting the boundary may take, in ms: while training, its share of a
// frame (the rest is for training); when the page is still, one part of the picture — the
// first part drawn at the resolution that fits, the rest refined in parts of this size, one
// a frame, so that no task is long even on a slow phone.
const TRAINING_MS = 8;
const PART_MS = 4;

export class OutputView {
  constructor(app, gridSize, memory) {
    this.app = app;
    this.memory = memory;
    // While training, the boundary at every device pixel comes from another core.
    this.service = new BoundaryService(app, () => this.fullSize());
    Object.assign(this, PACE.output); // while training, drawn first in every frame
    // The boundary's resolution follows its measured cost per cell (see `pixelSize`); a still
    // picture is then refined to the full resolution part by part (`pending`, `refine`).
    this.cost = new CellCost(FIRST_QUALITY); // the page's own picture (the worker's: its own)
    this.pending = null; // {size, part, parts, ms}: the full-resolution picture in the making
    this.canvas = $("boundary");
    this.ctx = this.canvas.getContext("2d");
    this.kept = null; // what the canvas shows, while it can be kept (see `render`)
    this.draws = 0; // drawings of the canvas (the phone's small copies follow them)
    app.on((what) => [...what].some((w) => w !== "values") && (this.kept = null));
    // The canvas's size in CSS and device pixels, as the layout gives it (a ResizeObserver:
    // no frame forces a layout to read it).
    this.css = 0;
    this.device = 0;
    observeSize(this.canvas, (css, device) => {
      this.css = css;
      this.device = Math.min(MAX_PIXELS, device);
      app.emit("resize");
    });
    this.bmp = new Bitmap(gridSize);
    this.dots = new PointsLayer();
    // A neuron of the network graph shown instead of the output (while pointed at or focused).
    this.preview = new NeuronPreview();
    // The canvas's first text resolves its font, a slow first time: done here, not in a frame.
    this.ctx.font = AXES_FONT;
    this.ctx.measureText("0.5");
    this.canvas.addEventListener("contextmenu", (e) => e.preventDefault());
    // A mouse acts on press (a right button or Shift removes); a finger or a pen acts on a
    // tap only, so that a swipe over the output scrolls the page (touch-action: manipulation).
    this.canvas.addEventListener("pointerdown", (e) => e.pointerType === "mouse" && this.pointer(e));
    this.canvas.addEventListener("click", (e) => e.pointerType && e.pointerType !== "mouse" && this.pointer(e));
    this.canvas.addEventListener("mousemove", (e) => this.hover(e));
    // The keyboard: arrows move a cursor over the input square (Shift: finer), Enter or Space
    // does what a click does there, Delete removes the nearest point.
    this.cursor = [0, 0];
    this.canvas.addEventListener("keydown", (e) => this.key(e));
    for (const ev of ["focus", "blur"]) this.canvas.addEventListener(ev, () => app.emit("redraw"));
    $("clear-data").addEventListener("click", () => app.clearData());
    // "of class k" belongs to adding points: it shows only while a tap adds one.
    const showAdd = () => ($("add-label-wrap").hidden = $("click-mode").value !== "add");
    $("click-mode").addEventListener("change", showAdd);
    showAdd();
    for (const key of ["showTest", "discretize"]) {
      const box = $(key === "showTest" ? "show-test" : "discretize");
      box.addEventListener("change", () => app.setView(key, box.checked));
    }
    app.on((what) => {
      if (what.has("shape") || what.has("config") || what.has("lang") || what.has("data")) this.syncTools();
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
    // "of class k" for a class, "with value v" for regression.
    const key = classes ? "out.of" : "out.withValue";
    $("add-label-text").dataset.i18n = key;
    $("add-label-text").textContent = t(key);
    $("show-test").checked = this.app.config.showTest;
    $("discretize").checked = this.app.config.discretize;
    // (The article's run says what its data is: its one sample, so its loss is the graph's L.)
    $("task-text").textContent = (classes ? t("out.task.classes", { k: classes }) : t("out.task.regression")) + (this.app.articleRun() ? " " + t("out.articleData") : "");
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
    const w = this.width();
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
      notice.show(errorText(err), [], ".boundary-wrap");
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
        const w = this.width();
        const best = this.nearestPoint(toPx(x1, w), toPx(-x2, w), w, 4 * PICK_PX);
        if (best >= 0) {
          const p = app.points;
          app.setSample({ x1: p[4 * best], x2: p[4 * best + 1], label: p[4 * best + 2] });
        }
      } else return;
    } catch (err) {
      notice.show(errorText(err), [], ".boundary-wrap");
    }
    e.preventDefault();
    e.stopPropagation();
    if (said) say(($("out-live").textContent = said));
    app.emit("redraw");
  }

  /** The regression value for new points, or null (the box marked, the notice saying why)
   * when the box holds anything but a number as it is shown. */
  addValue() {
    const box = $("add-value");
    const v = strictNumber(box.value);
    const message = v === null ? t("out.valueNotNumber", { value: box.value }) : null;
    markInvalid(box, message);
    if (message) notice.show(message, [], ".point-tools");
    return v;
  }

  hover(e) {
    const [x, y] = localXY(e, this.canvas);
    const x1 = fromPx(x, this.width());
    const x2 = -fromPx(y, this.width());
    const out = this.app.predict(x1, x2);
    this.canvas.title = t("out.hover", { x1: x1.toFixed(2), x2: x2.toFixed(2), y: Array.from(out, (v) => v.toFixed(3)).join(", ") });
  }

  /** Whether the boundary comes from the worker: while training, once it has a picture of
   * this network at this size. */
  offThread() {
    return this.app.playing && this.service.ok && Boolean(this.service.picture(this.app.classes() || 1));
  }

  /** Whether the loop's grid pass should compute the boundary for this view. */
  get usesBoundary() {
    return !this.offThread() && !this.preview.node;
  }

  /** Shows a neuron of the network graph ({layer, i, what}) instead of the output, or with
   * null the output again. */
  setPreview(node) {
    if (this.preview.set(node)) this.app.emit("redraw");
  }

  /** The previewed neuron from the frame's grid, with the points over it; false when the grid
   * has no such neuron. */
  renderPreview(grid) {
    const { ctx } = this;
    const w = this.width();
    const side = this.fullSize();
    if (this.canvas.width !== side) this.canvas.width = this.canvas.height = side;
    ctx.setTransform(side / w, 0, 0, side / w, 0, 0);
    if (!this.preview.draw(ctx, grid, w)) return false;
    this.drawDots(side, w);
    return true;
  }

  /** The axes and the points over the canvas (`side` device pixels, `w` CSS), copied pixel
   * for pixel from their own layer; the transform is left in CSS pixels. */
  drawDots(side, w) {
    const { app, ctx } = this;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.drawImage(this.dots.draw(side, w, app.points, { showTest: app.config.showTest, classes: app.classes() }), 0, 0);
    ctx.setTransform(side / w, 0, 0, side / w, 0, 0);
  }

  /** The canvas's side in CSS pixels. */
  width() {
    return this.css || this.canvas.clientWidth || 360;
  }

  /** The canvas's side in device pixels: the full resolution, or LEAN_RATIO per CSS pixel
   * while the page is lean (app.lean: training on a dense screen whose frames came late). */
  fullSize() {
    const full = Math.max(1, this.device || Math.round(this.width() * (window.devicePixelRatio || 1)));
    return this.app.lean ? Math.min(full, Math.round(this.width() * drawRatio(this.canvas, true))) : full;
  }

  /** The side of the boundary grid a frame computes in one piece, in cells: as many of the
   * canvas's device pixels as the measured cost per cell fits in the frame's share. */
  pixelSize() {
    return this.cost.side(this.app.playing ? TRAINING_MS : PART_MS, this.fullSize());
  }

  /** After a frame drew the boundary in one piece: learns its cost, and when the page is
   * still and the picture coarser than the screen, plans the full one in parts. */
  rendered(_frameMs, boundary) {
    this.pending = null;
    if (!boundary) return false;
    this.cost.learn(boundary.size, boundary.ms);
    const full = this.fullSize();
    if (!this.app.playing && boundary.size < full) {
      const parts = Math.min(full, Math.max(2, Math.ceil((this.cost.ms * full * full) / PART_MS)));
      this.pending = { size: full, part: 0, parts, ms: 0 };
    }
    return false;
  }

  /** On a frame with nothing new to draw: the next part of the full-resolution picture; with
   * the last, the picture is drawn. */
  refine() {
    const p = this.pending;
    if (!p || this.app.playing || p.size !== this.fullSize() || this.preview.node) return;
    // The frame after the last part shows the picture its parts made (so that colouring a
    // screenful of pixels and drawing them are not one long task on a slow phone).
    if (p.ready) {
      this.pending = null;
      this.render({ layers: [], boundary: p.ready });
      this.cost.learn(p.ready.size, p.ready.ms);
      return;
    }
    const b = this.app.boundaryPart(p.size, p.part, p.parts, this.memory);
    p.ms += b.ms;
    if (++p.part < p.parts) return;
    const t0 = performance.now();
    if (this.bmp.size !== p.size) this.bmp = new Bitmap(p.size);
    const classes = this.app.classes();
    if (classes) paintClasses(this.bmp.pixels, b.buf, b.size, classes, this.app.config.discretize);
    else paintValues(this.bmp.pixels, b.buf, b.size, this.app.config.discretize);
    p.ready = { size: p.size, ms: p.ms + performance.now() - t0, painted: true };
  }

  // (Over 80 lines: the frame's one decision of which picture to show — the worker's, a
  // quick one, or the next part of the full one — read in order.)
  render(grid) {
    if (this.preview.node && this.renderPreview(grid)) {
      this.kept = null;
      this.draws++;
      return;
    }
    const { app, ctx } = this;
    const classes = app.classes();
    const last = grid.layers[grid.layers.length - 1];
    // The boundary picture: the loop's (f32, at the resolution its budget allows), or while
    // training the worker's newest (every device pixel), else the all-neuron grid's output.
    const fromWorker = !grid.boundary && this.offThread() ? this.service.take(classes || 1) : null;
    const b = grid.boundary ?? fromWorker ?? { size: grid.size, buf: (this.rows = planeRows(last.buf, last.width, this.rows)), width: last.width };
    const t0 = performance.now();
    // A worker's picture comes coloured as the page colours it (an ImageBitmap, drawn as it is)
    // unless the colouring changed since it was asked for: the page then colours it itself,
    // once — frames between two pictures reuse its pixels.
    const paint = `${classes} ${app.config.discretize}`;
    const ready = fromWorker?.paint === paint ? fromWorker.bitmap : null;
    let image = ready;
    let fresh = !fromWorker || this.painted?.buf !== b.buf || this.painted.paint !== paint;
    if (!ready) {
      if (this.bmp.size !== b.size) this.bmp = new Bitmap(b.size);
      const bmp = this.bmp;
      image = bmp.canvas;
      fresh ||= this.painted.bmp !== bmp;
      // (A refined picture was coloured by refine() the frame before.)
      if (fresh && !b.painted) {
        if (classes) paintClasses(bmp.pixels, b.buf, b.size, classes, app.config.discretize);
        else paintValues(bmp.pixels, b.buf, b.size, app.config.discretize);
      }
      if (fresh) bmp.commit();
    }
    // (Counted for the bench: how often the boundary picture changes.)
    if (fresh) this.canvas.dataset.pictures = String((this.pictures = (this.pictures ?? 0) + 1));
    this.painted = fromWorker ? { buf: b.buf, paint, bmp: ready ? null : this.bmp } : null;
    // The canvas holds device pixels; everything is drawn in CSS pixels through the transform,
    // the boundary scaled (smoothly) from its own resolution.
    const w = this.width();
    const side = this.fullSize();
    // While training, a frame with no new picture from the worker and nothing else changed
    // (`kept` is cleared by any change but the weights') leaves the canvas as it is: the same
    // pixels drawn again would cost the browser a canvas commit (a slow phone's frame).
    const batch = app.lastBatch;
    const slow = batch && (app.speed === "slow" || app.speed === "batch");
    const focused = this.canvas.matches(":focus-visible");
    const key = `${side} ${w} ${focused} ${this.cursor} ${slow ? batch.at : ""}`;
    if (!fresh && fromWorker && this.kept === key) return;
    this.kept = fromWorker ? key : null;
    this.draws++;
    if (this.canvas.width !== side) this.canvas.width = this.canvas.height = side;
    this.canvas.dataset.boundarySize = String(b.size);
    this.canvas.toggleAttribute("data-lean", Boolean(app.lean));
    this.canvas.dataset.boundaryFrom = fromWorker ? "worker" : "page";
    const k = side / w;
    ctx.setTransform(k, 0, 0, k, 0, 0);
    // At the canvas's own resolution (the worker's pictures, the refined one) the picture is
    // copied pixel for pixel; a coarser one is scaled up bilinearly ("high" quality costs a
    // software-rendered canvas 2–3 ms more a frame, and the coarse picture lasts a few frames).
    ctx.imageSmoothingEnabled = b.size !== side;
    ctx.imageSmoothingQuality = "low";
    // Softened over white so that points of either class stand out on any region.
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, w, w);
    ctx.globalAlpha = 0.72;
    ctx.drawImage(image, 0, 0, w, w);
    ctx.globalAlpha = 1;
    if (grid.boundary) grid.boundary.ms += performance.now() - t0;
    this.drawDots(side, w);
    // The keyboard's cursor, slow motion's mini-batch, the inspector's sample.
    drawMarks(ctx, w, {
      cursor: focused ? this.cursor : null,
      batch: slow ? batch.rows : [],
      points: app.points,
      sample: app.sample,
    });
  }

  /** After a frame's training: the new weights to the worker. */
  trained(frame) {
    this.service.trained(frame);
  }
}
