// Wires the page: loads the wasm, asks the core for its catalog, starts the app (the state and
// its one writer) from the link or the saved session, and connects the views, files, memory,
// URL and the frame loop. Nothing here computes or draws.

import init, * as bindings from "../backprop-wasm.js";
import { setCatalog } from "./catalog.js";
import { App } from "./app.js";
import { $ } from "./dom.js";
import * as notice from "./notice.js";
import { LINK_NEAR } from "./notice.js";
import * as storage from "./storage.js";
import { keepSaved } from "./keep-saved.js";
import { initSavedList, warnUnsaved } from "./saved-list.js";
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
import { Lesson } from "./lesson.js";
import { Landscape } from "./landscape.js";
import { HiddenView } from "./hidden-view.js";
import { initRunMini } from "./run-mini.js";
import { initPhone } from "./phone.js";
import { initShare, splitWeights, decodeWeights } from "./share.js";
import { t } from "./i18n.js";
import { errorText } from "./errors.js";
import { keepOffline } from "./offline.js";
import { defineTestHandle } from "./test-handle.js";
import { initStartOver } from "./start-over.js";
import { initLayout } from "./layout.js";
import { initPresent } from "./present.js";
import { follow } from "./announce.js";
import { initTfOpen } from "./tf-link.js";
import { initStopControls } from "./stop-controls.js";

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
  // A tap before the wasm is ready is kept (by boot.js, from the page's first script on) and
  // done once it is (bootReplay).
  // trunk builds the wasm; this module loads it, so the page needs no inline script.
  await init({ module_or_path: new URL("../backprop-wasm_bg.wasm", import.meta.url) });
  window.wasmBindings = bindings; // for tests and benches
  const { Playground, wasmMemory } = bindings;
  setCatalog(Playground.catalog());
  await yieldToBrowser();

  const app = new App(Playground);
  // Views subscribe before the app starts, so they see its first state.
  initControls(app);
  initStopControls(app);
  initFiles(app);
  await yieldToBrowser();
  const landscape = new Landscape(app);
  const weights = initWeights(app, (name) => landscape.pick(name));
  const hidden = new HiddenView(app);
  const network = new NetworkPanel(app, GRID);
  const output = new OutputView(app, GRID, wasmMemory);
  const metrics = new MetricsView(app);
  network.onPreview = (node) => output.setPreview(node);
  const runMini = initRunMini(app);
  const phone = initPhone(() => output.draws);
  const inspector = new Inspector(app);
  const warmUp = new WarmUp(Playground);
  const lesson = new Lesson(app, Playground);
  await yieldToBrowser();
  app.on((what) => what.has("lang") && warmUp.draw());
  initStartOver(app);

  initLayout(app);
  initPresent(app, () => inspector.pt && inspector.show());
  // The landscape's readout is said while the learner works in it (training moves it too).
  follow($("landscape-readout"), () => $("landscape").contains(document.activeElement) && !app.playing);

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
      notice.show(t("share.refused", { error: errorText(e) }), [], LINK_NEAR);
    }
  };
  if (w !== null) loadWeights(w); // an empty w= is damaged too
  initShare(app);
  initTfOpen(app);
  keepUrl(app, loadWeights);
  keepSaved(app, (error, full) => warnUnsaved(app, error, full));
  initSavedList(app);
  await yieldToBrowser(); // (the link is written in this pause, see keepUrl)
  // A wasm function is compiled when first called (for the grid passes, tens of ms on a slow
  // phone): each is called once on a tiny grid here, in a task of its own, not in a frame.
  for (const prime of [() => app.pg.evaluateGrid(2), () => app.pg.evaluateBoundary(8)]) {
    prime();
    await yieldToBrowser();
  }
  // Grid readers first: later calls may allocate in wasm and detach the grid's views.
  const timing = startLoop(app, [output, network, hidden, metrics, runMini, phone, weights, inspector], (withBoundary) => app.grid(GRID, wasmMemory, withBoundary ? output.pixelSize() : 0));

  defineTestHandle(app, network, landscape, timing);
  const root = document.documentElement;
  root.dataset.app = ""; // boot.js keeps taps no more
  window.bootReplay?.();
  // Ready once every view has drawn the run (the loop may spread the first drawing over a few
  // frames); the loading state stays until then.
  await timing.settled();
  await lesson.ready();
  document.body.classList.add("ready");
  warmEngine(app);
  // Offline from the next visit on: once the page is idle, its files go into the cache
  // (`playground.offline`: a promise of whether they were kept).
  (window.requestIdleCallback ?? setTimeout)(() => (window.playground.offline = keepOffline()));
}

main().catch((e) => {
  console.error(e);
  notice.show(t("app.cannotStart", { error: errorText(e) }));
});
