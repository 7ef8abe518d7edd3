// The computation graph as a table of its arrows (for a screen reader, or to read the numbers
// in rows): one row per drawn arrow — from which node to which, the value it carries forward
// and the gradient it carries back — as far as the steps have come. Each row carries the
// arrow's `data-from` and `data-to`, and the current step's arrows are marked. Built from the
// drawn SVG (graph.js), so it says exactly what the picture shows; only while it is open.

import { $, el } from "./dom.js";
import { t } from "./i18n.js";
import { fmt, lines } from "./graph-layout.js";
import { stageName } from "./graph.js";

let last = null; // the last drawing: [svg host, elements, trace], drawn again when opened

/** A value as the table writes it: a number, a vector (its first numbers), a matrix by rows
 * (a large one by its shape). */
function short(v) {
  if (!Array.isArray(v)) return fmt(v);
  if (!Array.isArray(v[0])) return lines(v).join(", ");
  if (v.length > 4 || v[0].length > 4) return t("graph.matrix", { r: v.length, c: v[0].length });
  return v.map((r) => `(${r.map(fmt).join(", ")})`).join(" ");
}

/** The rows of the table for the drawing in `host`. */
function rows(host, els, pt) {
  const name = new Map(els.map((e) => [e.id, e.collapsed || e.stage === undefined || e.kind === "L" ? e.label : `${e.label} (${stageName(pt.stages[e.stage])})`]));
  return [...host.querySelectorAll("[data-arrow]")].map((a) => {
    const main = !a.classList.contains("cg-param-arrow") && !a.classList.contains("cg-skip-arrow");
    // An arrow of the flow shows its value once the forward pass has come along it; a
    // parameter's (W, b, t) and softmax's second arrow carry theirs from the start.
    const fwd = a.dataset.forward && (!main || a.querySelector(".cg-fwd")) ? short(JSON.parse(a.dataset.forward)) : "…";
    const bwd = a.dataset.backward ? short(JSON.parse(a.dataset.backward)) : "…";
    const tr = el("tr", { dataset: { from: a.dataset.from, to: a.dataset.to } }, [
      el("td", { textContent: name.get(a.dataset.from) ?? a.dataset.from }),
      el("td", { textContent: name.get(a.dataset.to) ?? a.dataset.to }),
      el("td", { className: "f", textContent: fwd }),
      el("td", { className: "b", textContent: bwd }),
    ]);
    if (a.classList.contains("current")) tr.setAttribute("aria-current", "step");
    return tr;
  });
}

/** Writes the table of the arrows drawn in `host` (elements `els` of trace `pt`), if open. */
export function arrowTable(host, els, pt) {
  // (Filled when it is opened: it is not kept up to date while closed.)
  if (!last) $("graph-arrows").addEventListener("toggle", () => arrowTable(...last));
  last = [host, els, pt];
  const box = $("graph-arrows");
  if (!box.open) return;
  const head = el("tr", {}, ["graph.from", "graph.to", "graph.forward", "graph.backward"].map((k) => el("th", { scope: "col", textContent: t(k) })));
  const table = el("table", { className: "arrow-table" }, [el("caption", { className: "sr-only", textContent: t("graph.arrows") }), el("thead", {}, head), el("tbody", {}, rows(...last))]);
  $("graph-arrows-body").replaceChildren(table);
}
