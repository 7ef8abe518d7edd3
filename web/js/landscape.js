// The loss landscape (the core computes it: Playground.lossLandscape). Pick one weight from the
// weight panel: the curve L(w) around its value, the tangent whose slope is the backprop
// gradient ∂L/∂w over the training set, and the arrow of the next step −η·∂L/∂w. Pick a second:
// a heatmap with contours of L(wa, wb), the current point (drag it: both weights and the
// boundary follow, and the map follows the point, 33² while it moves, 65² once it stops) and
// the path training takes, drawn live. The maps come from the core's picture path (f32, the
// middle value exact). The canvas keeps its box's size in device pixels.

import { $, onEscape, observeSize } from "./dom.js";
import { t } from "./i18n.js";
import { errorText } from "./errors.js";
import { divergingCss } from "./draw.js";
import { contour, drawScale, drawAxes, drawArrow } from "./landscape-draw.js";

const N1 = 81; // values along the curve
const N2 = 65; // values along each side of the heatmap
const N_DRAG = 33; // the same while its point is dragged (one call, within a frame or two)
const ASPECT = 300 / 520; // the canvas's height over its width
const SPANS = [0.25, 0.5, 1, 2, 4, 8];
const SLICE_MS = 6; // one task of the computation
const REFRESH_MS = 400; // while training, the surface (other weights move) is recomputed this often
const MAX_PATH = 4000;

export class Landscape {
  constructor(app) {
    this.app = app;
    this.picks = []; // one or two parameter names
    this.span = 1;
    this.data = null; // {values, center: [va, vb], span, n}
    this.path = [];
    this.lastRefresh = 0;
    this.cost = 0; // ms the last landscape took
    this.job = 0; // the computation under way (a newer one replaces it)
    this.busy = null; // a promise while one is under way
    this.canvas = $("landscape-canvas");
    this.ctx = this.canvas.getContext("2d");
    this.scale = 1; // device pixels per CSS pixel of the canvas
    // The store follows the box: its CSS width times the pixel ratio (sharp on a phone).
    observeSize(this.canvas, (css, device) => {
      this.scale = device / css;
      this.canvas.width = device;
      this.canvas.height = Math.round(device * ASPECT);
      this.draw();
    });
    const spanSel = $("landscape-span");
    spanSel.replaceChildren(...SPANS.map((s) => new Option(`±${s}`, String(s))));
    spanSel.value = String(this.span);
    spanSel.addEventListener("change", () => {
      this.span = Number(spanSel.value);
      this.compute();
    });
    $("landscape-clear").addEventListener("click", () => this.close());
    // Escape closes it; the focus goes back to the weights (or the graph).
    onEscape($("landscape"), () => this.close());
    app.on((what) => {
      // A new shape keeps the picks that still exist; a link (or a reload) gives its own.
      const given = what.has("config") && String(app.config.landscape) !== String(this.picks);
      if (what.has("shape") || given) this.setPicks((given ? app.config.landscape : this.picks).filter((p) => app.paramNames.includes(p)), false);
      // Training stopped: the surface of the weights it stopped at (while it ran, the last one
      // may be up to REFRESH_MS old).
      else if (what.has("playing") && !app.playing && this.picks.length) this.compute();
      else if (what.has("values") && this.picks.length && !this.dragging) {
        const now = performance.now();
        // While training, the surface is recomputed at most every REFRESH_MS and never for more
        // than a tenth of the time, each computation finished before the next (a change by
        // hand replaces one under way instead).
        if (!app.playing || (!this.busy && now - this.lastRefresh > Math.max(REFRESH_MS, 10 * this.cost))) this.compute();
        this.track();
      }
    });
    this.canvas.addEventListener("pointerdown", (e) => this.drag(e));
    // The keyboard moves the map's point too: the arrows by a twentieth of the window, with
    // Shift by a hundredth (both sliders and the boundary follow, as with a drag).
    this.canvas.addEventListener("keydown", (e) => {
      const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
      if (!d || this.picks.length !== 2) return;
      e.preventDefault();
      e.stopPropagation();
      const step = this.span / (e.shiftKey ? 100 : 20);
      const [a, b] = this.picks;
      if (d[0]) this.app.setParam(a, this.app.param(a) + d[0] * step);
      if (d[1]) this.app.setParam(b, this.app.param(b) + d[1] * step);
      this.track();
    });
  }

  /** Closes it; the focus goes back to the weights (or the graph). */
  close() {
    this.setPicks([]);
    ($("weights").hidden ? $("network") : ($("weights-body").querySelector("input") ?? $("network"))).focus();
  }

  /** A weight panel's pick: the first gives the curve, the second the heatmap, a third
   * replaces the older pick; picking a chosen one drops it. */
  pick(name) {
    const p = this.picks.includes(name) ? this.picks.filter((x) => x !== name) : [...this.picks, name].slice(-2);
    this.setPicks(p);
  }

  setPicks(picks, scroll = true) {
    const opening = scroll && !this.picks.length && picks.length;
    this.picks = picks;
    this.app.setLandscape(picks);
    this.path = [];
    this.point = null; // (the map's point, once the map of these picks is drawn)
    $("landscape").hidden = !picks.length;
    // The curve's hint, or the map's (what its colours mean).
    const hint = picks.length === 2 ? "land.hint2" : "land.hint";
    $("land-hint").dataset.i18n = hint;
    $("land-hint").textContent = t(hint);
    // Opened: brought into sight (on a phone it opens below the screen).
    if (opening) $("landscape").scrollIntoView({ block: "nearest" });
    for (const b of document.querySelectorAll("[data-landscape]")) b.setAttribute("aria-pressed", String(picks.includes(b.dataset.landscape)));
    this.compute();
  }

  /** Computes the landscape of the picks a few rows at a time, each slice a task of about
   * SLICE_MS (a 41² map of a deep network takes 0.1–0.5 s in all): the page stays responsive,
   * and the last landscape stays on screen until the new one is whole. A new call replaces
   * a computation under way. */
  compute() {
    const job = ++this.job;
    this.lastRefresh = performance.now();
    if (!this.picks.length) return this.finish(job);
    const [a, b] = this.picks;
    const n = b ? N2 : N1;
    const rows = b ? n : 1;
    const values = new Float64Array(rows * n);
    const center = [this.app.param(a), b ? this.app.param(b) : 0];
    let row = 0;
    let ms = 0;
    const slice = () => {
      if (job !== this.job) return;
      const t0 = performance.now();
      try {
        // As many rows as the cost so far says fit in the slice (one at least).
        const k = row ? Math.max(1, Math.floor((SLICE_MS * row) / Math.max(ms, 0.01))) : 1;
        const to = Math.min(rows, row + k);
        values.set(this.map(a, b, n, row, to), row * n);
        row = to;
      } catch (e) {
        this.data = null;
        $("landscape-readout").textContent = errorText(e);
        return this.finish(job);
      }
      ms += performance.now() - t0;
      if (row < rows) return void setTimeout(slice, 0);
      this.data = { values, n, span: this.span, center, picks: [a, b].filter(Boolean).join() };
      this.cost = ms;
      this.draw();
      this.finish(job);
    };
    this.busy ??= new Promise((resolve) => (this.done = resolve));
    slice();
  }

  /** Rows `from` to `to` of the n-wide landscape of `a` (and `b`) around their current
   * values, from the core's picture path (f32, the middle value exact). */
  map(a, b, n, from, to) {
    return this.app.pg.lossLandscape(a, b ?? null, n, this.span, from, to, true);
  }

  /** While the point is dragged: the 33² map around it in one call, at most once a frame. */
  follow() {
    if (this.following) return;
    this.following = requestAnimationFrame(() => {
      this.following = 0;
      if (!this.dragging || this.picks.length !== 2) return;
      const [a, b] = this.picks;
      const center = [this.app.param(a), this.app.param(b)];
      try {
        const values = this.map(a, b, N_DRAG, 0, N_DRAG);
        this.data = { values, n: N_DRAG, span: this.span, center, picks: [a, b].join() };
      } catch {
        return; // (the map after the drag says what went wrong)
      }
      this.draw();
    });
  }

  /** The end of computation `job` (unless a newer one is under way). */
  finish(job) {
    if (job !== this.job || !this.busy) return;
    this.busy = null;
    this.done();
  }

  /** Resolves once no landscape is being computed (for tests: `playground.settled()`). */
  idle() {
    return this.busy ?? Promise.resolve();
  }

  /** Records where training (or a slider) has taken the picked weights. */
  track() {
    if (this.picks.length !== 2) return;
    const p = [this.app.param(this.picks[0]), this.app.param(this.picks[1])];
    const last = this.path.at(-1);
    if (!last || last[0] !== p[0] || last[1] !== p[1]) this.path.push(p);
    if (this.path.length > MAX_PATH) this.path.splice(0, this.path.length - MAX_PATH);
    this.draw();
  }

  frame() {
    // CSS pixels: the context is scaled to the device's.
    const w = this.canvas.width / this.scale;
    const h = this.canvas.height / this.scale;
    // (The map keeps a margin on the right for its colour scale.)
    return { w, h, left: 44, right: w - (this.picks.length === 2 ? 62 : 10), top: 10, bottom: h - 26 };
  }

  draw() {
    const d = this.data;
    // (While the landscape of new picks is computed, the old one is not drawn as theirs.)
    if (!d || d.picks !== this.picks.join()) return;
    const { ctx } = this;
    const f = this.frame();
    ctx.setTransform(this.scale, 0, 0, this.scale, 0, 0);
    ctx.clearRect(0, 0, f.w, f.h);
    ctx.font = "11px system-ui, sans-serif";
    if (this.picks.length === 1) this.drawCurve(d, f);
    else this.drawMap(d, f);
  }

  drawCurve(d, f) {
    const { ctx, app } = this;
    const [a] = this.picks;
    const v = d.center[0];
    const lo = v - d.span;
    const step = (2 * d.span) / (d.n - 1);
    const finite = Array.from(d.values).filter(Number.isFinite);
    let yMin = Math.min(...finite);
    let yMax = Math.max(...finite);
    if (!(yMax > yMin)) (yMin -= 0.5), (yMax += 0.5);
    const X = (w) => f.left + ((w - lo) / (2 * d.span)) * (f.right - f.left);
    const Y = (L) => f.bottom - ((L - yMin) / (yMax - yMin)) * (f.bottom - f.top);
    drawAxes(this.ctx, f, a, "L", [lo, v + d.span], [yMin, yMax]);
    ctx.strokeStyle = "#222";
    ctx.lineWidth = 1.8;
    ctx.beginPath();
    d.values.forEach((L, i) => (i ? ctx.lineTo(X(lo + i * step), Y(L)) : ctx.moveTo(X(lo), Y(L))));
    ctx.stroke();
    const L0 = d.values[(d.n - 1) / 2];
    const g = app.trainGradient()[app.paramNames.indexOf(a)];
    const lr = app.config.learningRate;
    // The tangent: slope ∂L/∂w (the backprop gradient over the training set).
    ctx.save();
    ctx.beginPath();
    ctx.rect(f.left, f.top, f.right - f.left, f.bottom - f.top);
    ctx.clip();
    ctx.strokeStyle = "#b3261e";
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1.4;
    ctx.beginPath();
    ctx.moveTo(X(lo), Y(L0 + g * (lo - v)));
    ctx.lineTo(X(v + d.span), Y(L0 + g * d.span));
    ctx.stroke();
    ctx.setLineDash([]);
    // The next step: w ← w − η·∂L/∂w, along the tangent.
    const w1 = v - lr * g;
    drawArrow(this.ctx, X(v), Y(L0), X(w1), Y(L0 - lr * g * g), "#0a5e94");
    ctx.restore();
    ctx.fillStyle = "#111";
    ctx.beginPath();
    ctx.arc(X(v), Y(L0), 4, 0, 2 * Math.PI);
    ctx.fill();
    $("landscape-readout").textContent = t("land.readout1", { name: a, w: v.toPrecision(5), L: L0.toPrecision(5), g: g.toPrecision(4), lr, step: (-lr * g).toPrecision(3) });
  }

  drawMap(d, f) {
    const { ctx } = this;
    const [a, b] = this.picks;
    const n = d.n;
    const finite = Array.from(d.values).filter(Number.isFinite);
    const lo = Math.log(Math.max(1e-12, Math.min(...finite)));
    const hi = Math.log(Math.max(1e-12, Math.max(...finite)));
    const norm = (L) => (hi > lo ? (Math.log(Math.max(L, 1e-12)) - lo) / (hi - lo) : 0.5);
    const cw = (f.right - f.left) / n;
    const ch = (f.bottom - f.top) / n;
    // Heatmap: low loss blue, high loss orange (log scale).
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        ctx.fillStyle = divergingCss(1 - 2 * norm(d.values[i * n + j]));
        ctx.fillRect(f.left + j * cw, f.bottom - (i + 1) * ch, cw + 0.6, ch + 0.6);
      }
    // Contours at ten levels, evenly spaced on the log scale.
    ctx.strokeStyle = "rgba(20,20,20,0.45)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    const logGrid = Array.from(d.values, (L) => norm(L));
    for (let k = 1; k < 10; k++)
      for (const [[x0, y0], [x1, y1]] of contour(logGrid, n, k / 10)) {
        ctx.moveTo(f.left + (x0 + 0.5) * cw, f.bottom - (y0 + 0.5) * ch);
        ctx.lineTo(f.left + (x1 + 0.5) * cw, f.bottom - (y1 + 0.5) * ch);
      }
    ctx.stroke();
    const [ca, cb] = d.center;
    drawAxes(this.ctx, f, a, b, [ca - d.span, ca + d.span], [cb - d.span, cb + d.span]);
    const P = (wa, wb) => [f.left + ((wa - ca + d.span) / (2 * d.span)) * (f.right - f.left), f.bottom - ((wb - cb + d.span) / (2 * d.span)) * (f.bottom - f.top)];
    // The path training took, then the current point.
    ctx.save();
    ctx.beginPath();
    ctx.rect(f.left, f.top, f.right - f.left, f.bottom - f.top);
    ctx.clip();
    ctx.strokeStyle = "#111";
    ctx.lineWidth = 1.6;
    ctx.beginPath();
    this.path.forEach(([wa, wb], i) => (i ? ctx.lineTo(...P(wa, wb)) : ctx.moveTo(...P(wa, wb))));
    ctx.stroke();
    const now = [this.app.param(a), this.app.param(b)];
    const [px, py] = P(...now);
    ctx.fillStyle = "#fff";
    ctx.strokeStyle = "#111";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(px, py, 6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    ctx.restore();
    this.point = { P, ca, cb, span: d.span, f };
    drawScale(this.ctx, f, lo, hi, d.values[(n * n - 1) / 2]);
    $("landscape-readout").textContent = t("land.readout2", { a, b, wa: now[0].toPrecision(4), wb: now[1].toPrecision(4), L: d.values[(n * n - 1) / 2].toPrecision(5) });
  }

  /** Dragging the current point sets both weights (the sliders and the boundary follow): the
   * point moves as the pointer does, and the map follows it (centred on it, 33² while it
   * moves), then the full map once it is let go. */
  drag(e) {
    if (this.picks.length !== 2 || !this.point) return;
    const { f, ca, cb, span } = this.point;
    const r = this.canvas.getBoundingClientRect();
    // Weight per client pixel along each axis, and where the pointer went down, in weights:
    // the point jumps there, then moves with the pointer.
    const ka = ((f.w / r.width) * 2 * span) / (f.right - f.left);
    const kb = ((f.h / r.height) * 2 * span) / (f.bottom - f.top);
    const [x0, y0] = [e.clientX, e.clientY];
    const wa0 = Math.max(ca - span, Math.min(ca + span, ca - span + (x0 - r.left - (f.left * r.width) / f.w) * ka));
    const wb0 = Math.max(cb - span, Math.min(cb + span, cb - span + (r.top + (f.bottom * r.height) / f.h - y0) * kb));
    const move = (ev) => {
      this.app.setParam(this.picks[0], wa0 + (ev.clientX - x0) * ka);
      this.app.setParam(this.picks[1], wb0 - (ev.clientY - y0) * kb);
      this.track();
      this.follow();
    };
    this.dragging = true;
    this.job++; // (a map under way is of the old centre; the one after the drag replaces it)
    this.canvas.setPointerCapture(e.pointerId);
    this.app.setParam(this.picks[0], wa0);
    this.app.setParam(this.picks[1], wb0);
    this.track();
    const up = () => {
      this.dragging = false;
      this.canvas.removeEventListener("pointermove", move);
      this.canvas.removeEventListener("pointerup", up);
      this.compute();
    };
    this.canvas.addEventListener("pointermove", move);
    this.canvas.addEventListener("pointerup", up);
  }
}
