// The lesson's kit: its numbers as the page shows them (as text, in formulas, as numpy prints
// them), a live computation graph drawn by the page's own renderer, and the list of steps.

import { el } from "./dom.js";
import { t } from "./i18n.js";
import { drawGraph, elements } from "./graph.js";
import { digits, setDigits } from "./numbers.js";
import * as M from "./lesson-math.js";

// Below this width (px) a graph is drawn NARROW_WIDTH wide and scrolls.
const NARROW = 700;
const NARROW_WIDTH = 1000;
const PRESENT_ZOOM = 1.5;
export const get = (obj, path) => path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), obj);

/** The lesson's numbers as the page shows them, from the core's lesson data `L`: as text, in a
 * formula, as numpy prints vectors and matrices, the article's printout. */
export function numberKit(L) {
  /** A number of the lesson as text. */
  const num = (path, fmt = M.dec8) => {
    const v = get(L, path);
    return el("span", { className: "ln", title: String(v), dataset: { key: path, value: String(v) } }, [fmt(v).replace(/^-/, "−")]);
  };
  /** A number of the lesson inside a formula. */
  const mn = (path, fmt = M.dec8) => M.mn(get(L, path), fmt, path);
  /** A vector as numpy prints it: [[a b c]]. */
  const npVec = (path, fmt) => {
    const v = get(L, path);
    const f = fmt ?? M.npRow(v);
    const out = [el("span", { className: "br" }, ["[["])];
    v.forEach((_, i) => out.push(i ? " " : "", num(`${path}.${i}`, f)));
    out.push("]]");
    return el("span", { className: "np" }, out);
  };
  /** A matrix as numpy prints it, row under row. */
  const npMat = (path, fmt = M.np8) => {
    const m = get(L, path);
    return el(
      "span",
      { className: "np np-mat" },
      m.map((r, i) => el("span", { className: "np-row" }, [i ? " [" : "[[", ...r.flatMap((_, j) => [j ? " " : "", num(`${path}.${i}.${j}`, fmt)]), i === m.length - 1 ? "]]" : "]"])),
    );
  };
  /** The article's printout: `*** name ***` and the value under it. */
  const printout = (rows) =>
    el(
      "div",
      { className: "printout" },
      rows.map(([label, value]) => el("div", { className: "pr" }, [el("span", { className: "pr-label" }, [label]), value])),
    );
  /** A lesson matrix in a formula. */
  const mmat = (path, fmt = M.dec8, transpose = false) => {
    const m = get(L, path);
    const rows = transpose ? m[0].map((_, j) => m.map((r, i) => mn(`${path}.${i}.${j}`, fmt))) : m.map((r, i) => r.map((_, j) => mn(`${path}.${i}.${j}`, fmt)));
    return M.matrix(rows);
  };
  const mvec = (path, fmt = M.dec8, column = false) => {
    const v = get(L, path);
    return M.matrix(column ? v.map((_, i) => [mn(`${path}.${i}`, fmt)]) : [v.map((_, i) => mn(`${path}.${i}`, fmt))]);
  };
  return { num, mn, npVec, npMat, printout, mmat, mvec };
}

/** A live computation graph (the page's own renderer), everything computed shown. */
export function liveGraph(pt, open, current, label) {
  const host = el("div", { className: "graph lesson-graph" });
  // On a narrow screen the graph keeps a readable width and scrolls sideways, its current
  // node brought into sight (wrapped onto many rows it would run far below the text).
  const scroller = el("div", { className: "lesson-graph-scroll", tabIndex: 0, role: "region", aria: { label } }, [host]);
  const scrollHint = el("p", { className: "hint scroll-hint", hidden: true }, [t("lesson.scrolls")]);
  const opened = new Set(open);
  const draw = () => {
    if (!scroller.isConnected || scroller.clientWidth === 0) return;
    // Presenting, the graph is drawn for a third of the width less and shown half as large
    // again (CSS zoom), numbers included.
    const zoom = document.body.dataset.present === "lesson" ? PRESENT_ZOOM : 1;
    host.style.width = scroller.clientWidth < NARROW ? `${NARROW_WIDTH}px` : zoom !== 1 ? `${Math.floor(scroller.clientWidth / zoom)}px` : "";
    host.style.zoom = zoom === 1 ? "" : String(zoom);
    const ids = new Set(elements(pt, opened).map((e) => e.id));
    const cur = ids.has(current) ? current : null;
    // The article's example at the article's 8 decimals (the inspector keeps its own choice).
    const kept = digits();
    setDigits(8);
    try {
      drawGraph(host, pt, opened, { forward: ids, backward: ids, gradients: ids, current: cur, label }, (i) => {
        if (opened.has(i)) opened.delete(i);
        else opened.add(i);
        draw();
      });
    } finally {
      setDigits(kept);
    }
    scrollHint.hidden = scroller.scrollWidth <= scroller.clientWidth + 1;
    const node = host.querySelector(".cg-node.current");
    if (node && !scrollHint.hidden) {
      const box = node.getBoundingClientRect();
      const frame = scroller.getBoundingClientRect();
      scroller.scrollLeft += box.left + box.width / 2 - (frame.left + frame.width / 2);
    }
  };
  const legend = el("p", { className: "graph-legend" }, [el("span", { className: "f" }, [t("graph.legend.forward")]), " ", el("span", { className: "b" }, [t("graph.legend.backward")])]);
  return { node: el("div", { className: "lesson-graph-box" }, [legend, scrollHint, scroller]), draw };
}

/** The steps by id, and `add(id, titleKey, build)`: `build(onDraw)` gives a step's children
 * and registers what is drawn once its box has a width. */
export function stepList() {
  const steps = new Map();
  const add = (id, titleKey, build) => {
    const draws = [];
    const children = build((d) => draws.push(d));
    const node = el("article", { className: "lesson-step", hidden: true, dataset: { lessonStep: id }, aria: { labelledby: `lesson-step-h-${id}` } }, [
      el("h3", { id: `lesson-step-h-${id}`, tabIndex: -1 }, [el("span", { className: "lesson-no" }, [t("lesson.stepNo", { id })]), " ", t(titleKey)]),
      ...children,
    ]);
    steps.set(id, { node, draw: () => draws.forEach((d) => d()) });
  };
  return { steps, add };
}
