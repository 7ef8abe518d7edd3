// Wires the page: loads the wasm, asks the core for its catalog, starts the app (the state and
// its one writer) from the link or the saved session, and connects the views, files, memory,
// URL and the frame loop. Nothing here computes or draws.

import init, * as bindings from "../backprop-wasm.js";
import { setCatalog } from "./catalog.js";
import { App } from "./app.js";
import { $ } from "./dom.js";
import * as notice from "./notice.js";
import * as storage from "./storage.js";
import { keepUrl } from "./url.js";
import { initControls } from "./controls.js";
import { initFiles } from "./files.js";
import { initWeights } from "./weights.js";
import { NetworkPanel } from "./network-panel.js";
import { OutputView } from "./output-view.js";
import { MetricsView } from "./metrics-view.js";
import { Inspector } from "./inspector.js";
import { startLoop, warmEngine } from "./loop.js";
import { WarmUp } from "./warmup.js";
import { Landscape } from "./landscape.js";
import { HiddenView } from "./hidden-view.js";
import { initRunMini } from "./run-mini.js";
import { initShare, splitWeights, decodeWeights } from "./share.js";
import { HIDEABLE } from "./state.js";
import { t } from "./i18n.js";
import { errorText } from "./errors.js";

// Every module has loaded: boot.js need not say that one failed.
document.documentElement.dataset.started = "";

// Every neuron's values (25² thumbnails, hidden space): one batched f64 pass of GRID² points per
// frame; the boundary itself is drawn from its own f32 pass at the canvas's device pixels.
const GRID = 50;

/** Lets the browser paint and handle input between the steps of the start (no long task). */
const yieldToBrowser = () => new Promise((r) => setTimeout(r, 0));
/** Waits past the next rendering step: the layout is done and the ResizeObservers have
 * reported the canvases' sizes, so reading them forces no layout. */
const afterNextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

async function main() {
  notice.init();
  // A click on Train before the wasm is ready is kept (by boot.js, from the page's first
  // script on) and honoured once it is.
  // trunk builds the wasm; this module loads it, so the page needs no inline script.
  await init({ module_or_path: new URL("../backprop-wasm_bg.wasm", import.meta.url) });
  window.wasmBindings = bindings; // for tests and benches
  const { Playground, wasmMemory } = bindings;
  setCatalog(Playground.catalog());
  await yieldToBrowser();

  const app = new App(Playground);
  // Views subscribe before the app starts, so they see its first state.
  initControls(app);
  initFiles(app);
  await yieldToBrowser();
  const landscape = new Landscape(app);
  const weights = initWeights(app, (name) => landscape.pick(name));
  const hidden = new HiddenView(app);
  const network = new NetworkPanel(app, GRID);
  const output = new OutputView(app, GRID, wasmMemory);
  const metrics = new MetricsView(app);
  const runMini = initRunMini(app);
  const inspector = new Inspector(app);
  const warmUp = new WarmUp(Playground);
  await yieldToBrowser();
  app.on((what) => what.has("lang") && warmUp.draw());
  // Start over forgets the session, with an Undo while its notice is up (one click must not
  // wipe a class's work).
  $("start-over").addEventListener("click", () => {
    const before = app.snapshot();
    storage.clear();
    app.startOver();
    notice.show(t("note.startedOver"), [
      [
        t("note.undo"),
        () => {
          app.restoreSaved(before);
          notice.show(t("note.undone"));
          $("start-over").focus({ preventScroll: true });
        },
      ],
    ]);
    // The focus goes to Undo (the notice floats at the end of the page's order).
    const b = document.querySelector("#notice-actions button");
    if (b) (b.id = "undo-start-over"), b.focus({ preventScroll: true });
  });

  const inspectorHome = $("inspector").nextSibling; // where the network view keeps it
  // Presenting the network or the graph hides the output panel, and with it the link with the
  // weights: the share block goes along with the presented panel, and back after.
  const share = document.querySelector(".share");
  const shareHome = share.nextSibling;
  const showPresent = () => {
    if (app.config.present === "none") delete document.body.dataset.present;
    else document.body.dataset.present = app.config.present;
    const host = { network: document.querySelector(".panel.net"), graph: $("inspector") }[app.config.present];
    if (host && share.parentElement !== host) host.append(share);
    else if (!host && share.nextSibling !== shareHome) shareHome.before(share);
  };
  let shownView = "network";
  let shownEmpty = null; // the hide/present/view whose empty page a notice named
  for (const b of document.querySelectorAll("[data-lang]")) b.addEventListener("click", () => app.setLang(b.dataset.lang));
  for (const [id, view] of [["view-network", "network"], ["view-graph", "graph"]]) $(id).addEventListener("click", () => app.setViewMode(view));
  app.on((what) => {
    if (what.has("config")) {
      for (const b of document.querySelectorAll("[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === app.config.lang));
      // Classrooms: what the link hides, and the panel it presents in large type.
      for (const part of HIDEABLE) document.body.classList.toggle(`hide-${part}`, app.config.hide.includes(part));
      // (A link that presents the network or the output in the graph view presents the graph.)
      if (app.view === "graph" && app.config.present !== "none") app.config.present = "graph";
      showPresent();
      if (app.config.present === "graph" && app.view !== "graph") app.setViewMode("graph");
    }
    // (The view moves what is presented along: App.setViewMode.)
    if (what.has("view")) showPresent();
    // (Every rebuild says "view"; the layout changes, and the page scrolls, only when it did.)
    if (what.has("view") && app.view !== shownView) {
      shownView = app.view;
      $("layout").classList.toggle("graph-view", app.view === "graph");
      // The graph view shows the inspector first: first in the document too, so that Tab
      // meets it before the output.
      // (Moving an element drops the focus inside it: it is given back.)
      const focused = $("inspector").contains(document.activeElement) ? document.activeElement : null;
      if (app.view === "graph") $("layout").prepend($("inspector"));
      else $("layout").insertBefore($("inspector"), inspectorHome);
      if (focused && document.activeElement !== focused) focused.focus({ preventScroll: true });
      $("view-network").setAttribute("aria-pressed", String(app.view === "network"));
      $("view-graph").setAttribute("aria-pressed", String(app.view === "graph"));
      // The graph in sight: on wide screens it takes the top of the page, on narrow ones it
      // moves above the output.
      if (app.view === "graph") {
        if (matchMedia("(min-width: 1101px)").matches) scrollTo({ top: 0 });
        else $("inspector").scrollIntoView({ block: "start" });
      }
    }
    // A link that hides every panel the view shows says so (once per such link), rather than
    // leaving an empty page in front of a class.
    if ((what.has("config") || what.has("view")) && (app.config.hide.length || app.config.present !== "none")) {
      const key = `${app.config.hide}|${app.config.present}|${app.view}`;
      const panels = [...$("layout").children].filter((e) => e.classList.contains("panel"));
      if (key !== shownEmpty && panels.length && panels.every((e) => getComputedStyle(e).display === "none")) {
        shownEmpty = key;
        notice.show(t("link.nothingShown", { hide: app.config.hide.join(","), present: app.config.present === "none" ? "" : `, present=${app.config.present}` }));
      }
    }
  });

  await afterNextFrame();
  const [hash, w] = splitWeights(location.hash);
  // The first read of localStorage opens it (a few ms): a task of its own, not the run's.
  const saved = storage.load();
  await yieldToBrowser();
  await app.start(hash, saved, yieldToBrowser);
  const loadWeights = (text) => {
    try {
      const { values, checked } = decodeWeights(text);
      app.loadWeights(values, checked);
    } catch (e) {
      notice.show(t("share.refused", { error: errorText(e) }));
    }
  };
  if (w !== null) loadWeights(w); // an empty w= is damaged too
  initShare(app);
  keepUrl(app, loadWeights);
  storage.keepSaved(app, (error) => notice.show(t("note.saveFailed", { error })));
  await yieldToBrowser(); // (the link is written in this pause, see keepUrl)
  // A wasm function is compiled when first called (for the grid passes, tens of ms on a slow
  // phone): each is called once on a tiny grid here, in a task of its own, not in a frame.
  for (const prime of [() => app.pg.evaluateGrid(2), () => app.pg.evaluateBoundary(8)]) {
    prime();
    await yieldToBrowser();
  }
  // Grid readers first: later calls may allocate in wasm and detach the grid's views.
  const timing = startLoop(app, [output, network, hidden, metrics, runMini, weights, inspector], (withBoundary) => app.grid(GRID, wasmMemory, withBoundary ? output.pixelSize() : 0));

  /**
   * The test handle (tests and benches use this and the DOM, nothing else):
   * - `pg`: the live `Playground` (the wasm handle; every read and write of the core),
   * - `sizes`, `points`, `history`: layer sizes, the points ([x1, x2, label, isTrain]…), the
   *   loss chart's [epoch, train, test] triples, as the page shows them,
   * - `sample` / `setSample({x1, x2, label})`: the inspector's sample,
   * - `nodeCenter(layer, i)`: where node i of column `layer` is on the #network canvas,
   * - `landscape()`: the loss landscape on screen (computed in slices),
   * - `frames`, `work`: recent frame intervals and per-frame work in ms (for `just bench`),
   * - `settled()`: a promise, resolved once every view has drawn what changed (after at least
   *   two frames; a slow frame leaves some views to the next) and the loss landscape, if one
   *   is being computed, is drawn.
   */
  window.playground = {
    get pg() {
      return app.pg;
    },
    get sizes() {
      return app.sizes;
    },
    get points() {
      return app.points;
    },
    get history() {
      return app.history;
    },
    get sample() {
      return app.sample;
    },
    setSample: (s) => app.setSample(s),
    nodeCenter: (layer, i) => network.view.nodeCenter(layer, i),
    /** The values the network graph drew last: the weights, or the gradients when shown. */
    drawnValues: () => Array.from(network.view.drawn ?? []),
    /** The loss landscape on screen: {picks, n, span, values}, or null. */
    landscape: () => (landscape.data ? { picks: [...landscape.picks], n: landscape.data.n, span: landscape.data.span, values: Array.from(landscape.data.values) } : null),
    frames: timing.frames,
    work: timing.work,
    settled: async () => {
      await timing.settled();
      await landscape.idle();
    },
  };
  const root = document.documentElement;
  root.dataset.app = ""; // boot.js keeps clicks no more
  if (root.hasAttribute("data-early-train")) {
    root.removeAttribute("data-early-train");
    app.setPlaying(true);
  }
  // Ready once every view has drawn the run (the loop may spread the first drawing over a few
  // frames); the loading state stays until then.
  await timing.settled();
  document.body.classList.add("ready");
  warmEngine(app);
}

main().catch((e) => {
  console.error(e);
  notice.show(t("app.cannotStart", { error: errorText(e) }));
});
