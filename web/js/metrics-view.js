// The numbers under the output and the loss chart: epoch, train and test loss and accuracy;
// the chart's readout at the pointer or the keyboard's entry.

import { $, localXY, observeSize } from "./dom.js";
import { PACE } from "./loop.js";
import { drawLossChart } from "./draw.js";
import { t } from "./i18n.js";
import { say } from "./announce.js";

/** A loss as the page shows it: three decimals, small ones in two significant digits. */
export function fmt(v, digits = 3) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(digits) : v.toPrecision(2);
}

const pct = (a) => (a == null || !Number.isFinite(a) ? "–" : `${(100 * a).toFixed(1)}%`);

const CHART_H = 110; // the chart's height in CSS pixels (style.css; a phone's is lower, phone.css)

export class MetricsView {
  constructor(app) {
    this.app = app;
    // While training, every frame; every other one while frames come late (loop.js).
    Object.assign(this, PACE.metrics);
    $("hint-apply").addEventListener("click", () => {
      app.setMany({ features: ["x1", "x2", "sin(x1)", "sin(x2)"], hidden: [8, 8, 5], optimizer: "adam", learningRate: 0.01, batchSize: 10 });
      $("hint-box").hidden = true;
      app.setPlaying(true);
    });
    this.chart = $("loss-chart").getContext("2d");
    // The chart's bitmap follows its box (a phone's pixel ratio, a projector's presenting
    // mode at twice the width): drawn in CSS pixels through the transform, never stretched.
    this.size = { css: 360, k: 1, h: CHART_H };
    this.readout = new LossReadout($("loss-chart"), () => this.drawChart());
    this.readout.history = () => app.history;
    const fit = (css, device) => {
      const c = $("loss-chart");
      const k = device / css;
      const cssH = c.clientHeight || CHART_H;
      const h = Math.round(cssH * k);
      if (c.width !== device || c.height !== h) (c.width = device), (c.height = h);
      this.size = { css, k, h: cssH };
      this.readout.height = cssH;
      app.emit("resize");
    };
    observeSize($("loss-chart"), fit);
    // (A short screen's chart is lower, style.css: its height changes with the window's.)
    matchMedia("(max-height: 800px)").addEventListener("change", () => fit(this.size.css, Math.round(this.size.css * this.size.k)));
    app.on((what) => what.has("shape") && ($("acc-row").hidden = !app.classes()));
  }

  render() {
    const m = this.app.metrics();
    $("epoch").textContent = String(m.epoch);
    const b = this.app.lastBatch;
    const slow = this.app.slowPhase();
    $("batch-info").textContent = b && (this.app.speed === "slow" || this.app.speed === "batch") ? t("run.batchInfo", b) + (slow ? ` · ${t(`slow.${slow.phase}`)}` : "") : "";
    $("train-loss").textContent = fmt(m.trainLoss);
    $("test-loss").textContent = fmt(m.testLoss);
    $("train-acc").textContent = pct(m.trainAccuracy);
    $("test-acc").textContent = pct(m.testAccuracy);
    // One polite announcement per change the learner made (a step, a weight, Pause): none
    // while training runs (the numbers above are not live regions: they change every frame),
    // and never the same sentence twice.
    const text = t("out.announce", { epoch: m.epoch, train: fmt(m.trainLoss), test: fmt(m.testLoss) });
    // (The first numbers, on load, are no change of the learner's.)
    if (this.said === undefined) this.said = text;
    else if (text !== this.said && !this.app.playing) {
      say(text);
      this.said = text;
    }
    // A hint when a spiral stalls: what helps (and a button that does it).
    const stalled = /^spiral/.test(this.app.config.dataset) && m.epoch >= 300 && m.trainAccuracy < 0.9;
    if ($("hint-box").hidden === stalled) $("hint-box").hidden = !stalled;
    this.drawChart();
  }

  /** The chart, with the readout's entry marked (also on the readout's own moves). */
  drawChart() {
    const { css, k, h: height } = this.size;
    this.chart.setTransform(k, 0, 0, k, 0, 0);
    const h = this.app.history;
    const mark = this.readout.entry(h);
    this.readout.axis = drawLossChart(this.chart, h, css, height, { epoch: t("out.chartEpochs"), mark });
    this.readout.show(h, mark);
  }
}

/** The loss chart's readout: the epoch, train loss and test loss at the pointer (a mouse's
 * hover, a finger's touch or sideways drag), or at an entry the keyboard moves with the arrows
 * (Home, End; PageUp and PageDown a tenth of the run). */
class LossReadout {
  constructor(canvas, redraw) {
    this.canvas = canvas;
    this.redraw = redraw;
    this.box = $("loss-readout");
    this.at = null; // {x}: the pointer's x on the chart (CSS px); {epoch}: the keyboard's entry
    this.axis = null; // the chart's epoch axis, as last drawn
    this.height = CHART_H; // the chart's height in CSS pixels
    const point = (e) => {
      this.at = { x: localXY(e, canvas)[0] };
      redraw();
    };
    canvas.addEventListener("pointermove", point);
    canvas.addEventListener("pointerdown", point);
    // A finger lifted leaves the readout to be read; a mouse leaving takes it away.
    canvas.addEventListener("pointerleave", (e) => e.pointerType === "mouse" && this.clear());
    canvas.addEventListener("keydown", (e) => this.key(e));
    // Reached by the keyboard: the last entry, until the arrows move it.
    canvas.addEventListener("focus", () => {
      const h = this.history();
      if (this.at || !h.length || !canvas.matches(":focus-visible")) return;
      this.at = { epoch: h[h.length - 3] };
      redraw();
    });
    canvas.addEventListener("blur", () => this.clear());
  }

  clear() {
    if (!this.at) return;
    this.at = null;
    this.redraw();
  }

  /** The index of the history entry the readout points at, or null. */
  entry(h) {
    const n = h.length / 3;
    if (!this.at || !n) return null;
    let epoch = this.at.epoch;
    if (this.at.x !== undefined) {
      const a = this.axis;
      if (!a) return null;
      epoch = ((this.at.x - a.left) / Math.max(1, a.right - a.left)) * a.last;
    }
    let best = 0;
    for (let i = 1; i < n; i++) if (Math.abs(h[3 * i] - epoch) < Math.abs(h[3 * best] - epoch)) best = i;
    return best;
  }

  show(h, i) {
    this.box.hidden = i === null;
    if (i === null) return;
    this.box.textContent = t("out.announce", { epoch: h[3 * i], train: fmt(h[3 * i + 1]), test: fmt(h[3 * i + 2]) });
    // On the side away from the marked epoch, so that the curves there stay in sight.
    const a = this.axis;
    const leftHalf = a && a.last > 0 && h[3 * i] / a.last < 0.5;
    this.box.style.left = leftHalf ? "auto" : `${a ? a.left + 2 : 0}px`;
    this.box.style.right = leftHalf ? "6px" : "auto";
    // Above the plot, or below where the marked losses are high (their dots stay in sight).
    const low = a?.markY !== null && a?.markY < this.height / 2;
    this.box.style.top = low ? "auto" : "0";
    this.box.style.bottom = low ? "26px" : "auto";
    // (No wider than the plot: a long line, a narrow phone, wraps.)
    this.box.style.maxWidth = a ? `${Math.max(120, a.right - a.left)}px` : "";
  }

  key(e) {
    const h = this.history();
    const n = h.length / 3;
    const i = this.entry(h) ?? n - 1;
    const page = Math.max(1, Math.round(n / 10));
    const to = { ArrowLeft: i - 1, ArrowRight: i + 1, ArrowDown: i - 1, ArrowUp: i + 1, PageDown: i - page, PageUp: i + page, Home: 0, End: n - 1 }[e.key];
    if (to === undefined || !n) return;
    e.preventDefault();
    e.stopPropagation(); // the arrows move the readout here, they do not train
    const k = Math.max(0, Math.min(n - 1, to));
    this.at = { epoch: h[3 * k] };
    this.redraw();
    say(this.box.textContent);
  }
}
