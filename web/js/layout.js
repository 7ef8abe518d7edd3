// The page's layout as the state says: the language buttons, the view (the network, the graph
// with the inspector first, the lesson), what a classroom link hides and the panel it presents
// in large type (the share block going along), and a notice when a link hides every panel.

import { $ } from "./dom.js";
import { t } from "./i18n.js";
import * as notice from "./notice.js";
import { HIDEABLE } from "./state.js";

/** Wires the view and language buttons and follows the state's view, hide and present. */
export function initLayout(app) {
  const inspectorHome = $("inspector").nextSibling; // where the network view keeps it
  // Presenting the network or the graph hides the output panel, and with it the link with the
  // weights: the share block goes along with the presented panel, and back after.
  const share = document.querySelector(".share");
  const shareHome = share.nextSibling;
  const showPresent = () => {
    if (app.config.present === "none") delete document.body.dataset.present;
    else document.body.dataset.present = app.config.present;
    // (Presenting the graph, it sits in the row of the step buttons, where there is room.)
    const host = { network: document.querySelector(".panel.net"), graph: document.querySelector(".insp-controls") }[app.config.present];
    // (In the network's panel, under the drawing and above a weight panel opened below it.)
    if (host && share.parentElement !== host) host.insertBefore(share, app.config.present === "network" ? $("weights") : null);
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
      if (app.config.present === "lesson" && app.view !== "lesson") app.setViewMode("lesson");
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
    if ((what.has("config") || what.has("view")) && app.view !== "lesson" && (app.config.hide.length || app.config.present !== "none")) {
      const key = `${app.config.hide}|${app.config.present}|${app.view}`;
      const panels = [...$("layout").children].filter((e) => e.classList.contains("panel"));
      if (key !== shownEmpty && panels.length && panels.every((e) => getComputedStyle(e).display === "none")) {
        shownEmpty = key;
        notice.show(t("link.nothingShown", { hide: app.config.hide.join(","), present: app.config.present === "none" ? "" : `, present=${app.config.present}` }));
      }
    }
  });
}
