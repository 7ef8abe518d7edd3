// Phones and tablets (the one-column layout): once the header's run buttons are scrolled out
// of sight, a small bar under the output keeps Train and Step at hand, with the epoch and the
// training loss, so the learner can train and watch the output at once. It is in the page's
// flow, sticking to the bottom of the screen while the output is in sight (style.css), so it
// never covers what comes after the output; hidden, it keeps its room (nothing moves when it
// comes), except in the graph view, where it is not there at all.

import { $ } from "./dom.js";
import { PACE } from "./loop.js";
import { t } from "./i18n.js";
import { fmt } from "./metrics-view.js";

export function initRunMini(app) {
  const bar = $("run-mini");
  const narrow = matchMedia("(max-width: 1100px)");
  let away = false; // the header's run buttons are out of sight
  let editing = false; // the focus is on a weight's controls (the bar would cover the next one)
  // (Not over the computation graph: there the learner steps, and the graph needs the room.)
  const update = () => {
    const show = away && !editing && narrow.matches && app.view !== "graph";
    if (bar.hidden === show) bar.hidden = !show;
    bar.classList.toggle("off", app.view === "graph");
    if (show) view.render();
  };
  new IntersectionObserver(([e]) => {
    away = !e.isIntersecting;
    update();
  }).observe($("play")); // (the header's Train: on a phone its row is no box of its own)
  narrow.addEventListener("change", update);
  const focusMoved = () => {
    const now = Boolean(document.activeElement?.closest?.("#weights, #all-params, #landscape"));
    if (now !== editing) (editing = now), update();
  };
  addEventListener("focusin", focusMoved);
  addEventListener("focusout", () => setTimeout(focusMoved, 0));
  $("mini-play").addEventListener("click", () => app.togglePlay());
  $("mini-step").addEventListener("click", () => app.step());
  app.on((what) => {
    if (what.has("view")) update();
    if (!what.has("playing") && !what.has("lang")) return;
    const b = $("mini-play");
    b.dataset.i18n = app.playing ? "run.pause" : "run.play";
    b.textContent = t(b.dataset.i18n);
    b.setAttribute("aria-pressed", String(app.playing));
    b.classList.toggle("playing", app.playing);
  });
  const view = {
    ...PACE.metrics, // at the pace of the numbers under the output (loop.js)
    /** The frame loop's call: the epoch and the training loss, when the bar is shown. */
    render() {
      if (bar.hidden || !app.pg) return;
      const m = app.metrics();
      $("mini-epoch").textContent = String(m.epoch);
      $("mini-loss").textContent = fmt(m.trainLoss);
    },
  };
  return view;
}
