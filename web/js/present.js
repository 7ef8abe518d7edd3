// Presenting one panel on a projector (present=graph|network|output): the panel is shown at the
// largest zoom (CSS zoom) at which it fits the screen below the header, never smaller than the
// zoom at which its smallest number is 20 px. A computation graph too tall even then is shown
// row by row: its box keeps the height that fits and follows the current node's row. A notice
// never covers the panel: presenting, it sits above it (style.css) and goes with the next step.

import { $, usesArrows } from "./dom.js";
import * as notice from "./notice.js";

const MIN_PX = 20; // the least size of a presented number
// Each panel's smallest number at zoom 1 (style.css): the inspector's step number and boxes
// (16 px presenting, its graph's 11 px zoomed 16/11 more), the network's neuron counts and
// inputs' names (12 px presenting), the output's axis ticks drawn on its canvases (10 px).
const SMALLEST = { graph: 16, network: 12, output: 10 };
const MAX_ZOOM = 3;
const MARGIN = 8; // px kept free under the panel
const HOST = { graph: () => $("inspector"), network: () => document.querySelector(".panel.net"), output: () => document.querySelector(".panel.output") };
// What a clicker or a step button sends: a notice goes with the step.
const STEP_KEYS = new Set(["PageDown", "PageUp", "ArrowRight", "ArrowLeft"]);
const STEP_BUTTONS = "#insp-next, #insp-back, #insp-first, #insp-last, #lesson-next, #lesson-prev, #lesson-next-end, #lesson-prev-end, #step";

/** The mode presented with a zoom of its own (the lesson has its own large type). */
const mode = () => (HOST[document.body.dataset.present] ? document.body.dataset.present : null);

/** Follows the state's present mode; `redrawGraph()` draws the computation graph again at its
 * box's width (the inspector's show). */
export function initPresent(app, redrawGraph) {
  let shown = null; // the panel given a zoom
  let graphHeight = null; // the drawn graph's height at the last fit
  let pending = 0;
  const schedule = () => pending || (pending = requestAnimationFrame(() => ((pending = 0), fit())));

  // Where what is presented ends: the panel's bottom; the network's: its drawing, toggles and
  // link (a weight panel or a landscape the learner opens under them may run on below).
  const bottom = (panel) => {
    if (panel !== HOST.network()) return panel.getBoundingClientRect().bottom;
    const all = [...panel.children];
    const parts = all.slice(0, all.indexOf($("weights"))).filter((c) => c.getClientRects().length && getComputedStyle(c).position !== "absolute");
    return Math.max(...parts.map((c) => c.getBoundingClientRect().bottom)) + parseFloat(getComputedStyle(panel).paddingBottom) * (panel.currentCSSZoom || 1);
  };
  const fits = (panel) => {
    const r = panel.getBoundingClientRect();
    return bottom(panel) + scrollY <= innerHeight - MARGIN + 0.5 && r.right <= document.documentElement.clientWidth + 0.5 && panel.scrollWidth <= panel.clientWidth + 1;
  };
  // The panel at zoom `z`: the output's picture as tall as the room allows (at most a little
  // over half the width); the graph drawn again for its new width.
  const apply = (m, panel, z) => {
    panel.style.zoom = String(z);
    if (m === "output") {
      const top = panel.getBoundingClientRect().top + scrollY;
      const side = Math.floor(Math.min((innerHeight - MARGIN - top) / z - 34, (panel.clientWidth - 40) * 0.55));
      document.body.style.setProperty("--present-side", `${Math.max(120, side)}px`);
    }
    if (m === "graph") redrawGraph();
  };

  /** The network's canvas keeps to `height` (CSS px; none: its own) and is laid out again. */
  const fitNetwork = (height) => {
    const canvas = $("network");
    if ((canvas.dataset.fitHeight ?? "") === height) return;
    if (height) canvas.dataset.fitHeight = height;
    else delete canvas.dataset.fitHeight;
    app.emit("fit");
  };

  function fit() {
    const m = mode();
    const panel = m && HOST[m]();
    if (m !== "network") fitNetwork("");
    if (shown && shown !== panel) {
      shown.style.zoom = "";
      $("graph").style.maxHeight = "";
      $("graph").classList.remove("rows");
      document.body.style.removeProperty("--present-side");
      if (shown === $("inspector")) redrawGraph();
    }
    shown = panel;
    if (!panel) return;
    const graph = $("graph");
    graph.style.maxHeight = "";
    graph.classList.remove("rows");
    // The largest zoom that fits, by bisection between the least one and MAX_ZOOM.
    const least = Math.ceil((MIN_PX / SMALLEST[m]) * 100) / 100;
    let lo = least;
    let hi = MAX_ZOOM;
    apply(m, panel, hi);
    if (!fits(panel)) {
      for (let k = 0; k < 7 && hi - lo > 0.02; k++) {
        const mid = (lo + hi) / 2;
        apply(m, panel, mid);
        if (fits(panel)) lo = mid;
        else hi = mid;
      }
      apply(m, panel, Math.max(least, Math.floor(lo * 100) / 100));
    }
    // A graph too tall even at the least zoom: its box keeps what fits, row by row.
    if (m === "graph" && !fits(panel)) {
      const over = panel.getBoundingClientRect().bottom + scrollY - (innerHeight - MARGIN);
      const z = graph.currentCSSZoom || 1;
      graph.style.maxHeight = `${Math.max(80, Math.floor((graph.getBoundingClientRect().height - over) / z))}px`;
      graph.classList.add("rows");
      followRow();
    }
    // A network too tall even then: its nodes draw closer and smaller (network-view.js); the
    // panel, a new size, fits again.
    if (m === "network" && !fits(panel)) {
      const over = bottom(panel) + scrollY - (innerHeight - MARGIN);
      fitNetwork(String(Math.max(120, Math.floor($("network").clientHeight - over / (panel.currentCSSZoom || 1)))));
    }
    graphHeight = graph.querySelector("svg")?.getAttribute("height") ?? null;
  }

  /** The graph's box shows the current node's row from its top (or, where the box is lower
   * than the row, the current node in its middle). */
  function followRow() {
    const graph = $("graph");
    const svg = graph.querySelector("svg.cg");
    const node = graph.querySelector(".cg-node.current");
    if (!graph.classList.contains("rows") || !svg || !node) return;
    const tops = [...JSON.parse(svg.dataset.rowTops ?? "[]"), Number(svg.getAttribute("height"))];
    const row = Number(node.dataset.row);
    if (tops[row + 1] - tops[row] <= graph.clientHeight) graph.scrollTop = tops[row];
    else {
      const r = node.getBoundingClientRect();
      const g = graph.getBoundingClientRect();
      graph.scrollTop += ((r.top + r.bottom) / 2 - (g.top + g.bottom) / 2) / (graph.currentCSSZoom || 1);
    }
  }

  // Every drawing of the graph: a new height (a layer opened, a new sample) fits again; a step
  // follows its row.
  new MutationObserver(() => {
    if (mode() !== "graph") return;
    const h = $("graph").querySelector("svg")?.getAttribute("height") ?? null;
    if (h !== graphHeight) schedule();
    else followRow();
  }).observe($("graph"), { childList: true });
  // (The update step's table takes the graph's place: a new height.)
  new MutationObserver(() => mode() === "graph" && schedule()).observe($("insp-update"), { attributes: true, attributeFilter: ["hidden"] });
  app.on((what) => {
    if (what.has("config") || what.has("view") || what.has("shape") || what.has("lang") || what.has("selection") || what.has("sample")) schedule();
  });
  // (A new size of the screen: the network takes its own height first.)
  addEventListener("resize", () => (fitNetwork(""), schedule()));
  // A panel that grows or shrinks (a longer explanation, a hint) fits again.
  const grown = new ResizeObserver(() => mode() && schedule());
  for (const host of Object.values(HOST)) grown.observe(host());
  new ResizeObserver(schedule).observe($("notice"));
  // Presenting the network or the output, the clicker's PageDown is the Step button (one
  // epoch, or one mini-batch in slow motion), wherever the focus does not use the key itself.
  addEventListener("keydown", (e) => {
    if ((mode() !== "network" && mode() !== "output") || e.key !== "PageDown" || e.defaultPrevented || usesArrows(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    app.step();
  });
  // A notice goes with the next step while presenting (it would stay over the slides).
  addEventListener("keydown", (e) => document.body.dataset.present && STEP_KEYS.has(e.key) && !usesArrows(e.target) && notice.hide(), true);
  addEventListener("click", (e) => document.body.dataset.present && e.target instanceof Element && e.target.closest(STEP_BUTTONS) && notice.hide(), true);
}
