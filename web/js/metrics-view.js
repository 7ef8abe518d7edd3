// The numbers under the output and the loss chart: epoch, train and test loss and accuracy.

import { $, observeSize } from "./dom.js";
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

const CHART_H = 110; // the chart's height in CSS pixels (style.css)

export class MetricsView {
  constructor(app) {
    this.app = app;
    $("hint-apply").addEventListener("click", () => {
      app.setMany({ features: ["x1", "x2", "sin(x1)", "sin(x2)"], hidden: [8, 8, 5], optimizer: "adam", learningRate: 0.01, batchSize: 10 });
      $("hint-box").hidden = true;
      app.setPlaying(true);
    });
    this.chart = $("loss-chart").getContext("2d");
    // The chart's bitmap follows its box (a phone's pixel ratio, a projector's presenting
    // mode at twice the width): drawn in CSS pixels through the transform, never stretched.
    this.size = { css: 360, k: 1 };
    observeSize($("loss-chart"), (css, device) => {
      const c = $("loss-chart");
      const k = device / css;
      const h = Math.round(CHART_H * k);
      if (c.width !== device || c.height !== h) (c.width = device), (c.height = h);
      this.size = { css, k };
      app.emit("resize");
    });
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
    const { css, k } = this.size;
    this.chart.setTransform(k, 0, 0, k, 0, 0);
    drawLossChart(this.chart, this.app.history, css, CHART_H, { epoch: t("out.chartEpochs") });
  }
}
