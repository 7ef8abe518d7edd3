// The inspector's two tables: the update (every W ← W − η·dW, before → after) and the
// gradient check (numerical against backprop, per parameter).

import { f } from "./mathml.js";
import { el, num, vec } from "./numbers.js";
import { t } from "./i18n.js";

const SMALL = 24; // matrices up to this many numbers are shown open
const ALL_ROWS = 60; // gradient checks list every parameter up to this many

/** Fills `out` with the update of every layer for the trace `tr`. */
export function updateTable(out, tr) {
  out.replaceChildren();
  const h = el("div", "update-head");
  h.append(f("W", "←", "W", "−", "η", "·", "dW"), t("update.head", { lr: tr.learningRate }));
  out.append(h);
  for (let l = 1; l <= tr.layers.length; l++) {
    const b = tr.weights[l - 1];
    const a = tr.updated[l - 1];
    const big = b.weights.length * b.bias.length > SMALL;
    const box = el(big ? "details" : "div", "update-layer");
    if (!big) box.tabIndex = 0; // (it scrolls sideways on a narrow screen: the keyboard can too)
    box.append(el(big ? "summary" : "div", "card-title", big ? t("update.bigLayer", { l, rows: b.weights.length, cols: b.bias.length }) : t("update.layer", { l })));
    const table = el("table", "mat update");
    const rowsOf = (m, bias) => [...m.map((r, i) => ({ name: `W${l}[${i}]`, r })), { name: `b${l}`, r: bias }];
    const after = rowsOf(a.weights, a.bias);
    rowsOf(b.weights, b.bias).forEach((before, i) => {
      const line = el("tr");
      line.append(el("th", "", before.name));
      before.r.forEach((v, j) => {
        const td = el("td");
        td.append(num(v), " → ", num(after[i].r[j]));
        line.append(td);
      });
      table.append(line);
    });
    box.append(table);
    out.append(box);
  }
}

/** Fills `out` with a gradient check's summary and table (the worst ten for big networks). */
export function gradientCheckTable(out, g) {
  out.replaceChildren();
  const s = el("p", "gc-summary");
  s.append(
    t("gc.max"),
    el("strong", "gc-max", g.maxRelativeError.toExponential(2)),
    t("gc.summary", { n: g.params.length, forward: g.forwardPasses, backward: g.backwardPasses }),
  );
  out.append(s);
  const many = g.params.length > ALL_ROWS;
  const params = many ? g.params.slice().sort((a, b) => b.relativeError - a.relativeError).slice(0, 10) : g.params;
  if (many) out.append(el("p", "hint", t("gc.worst")));
  const table = el("table", "gc");
  const head = el("tr");
  for (const h of ["gc.parameter", "gc.backprop", "gc.numerical", "gc.relError"]) head.append(el("th", "", t(h)));
  table.append(head);
  for (const p of params) {
    const line = el("tr");
    line.append(el("td", "", p.name));
    for (const v of [p.analytic, p.numerical]) {
      const td = el("td");
      const n = el("span", "n", v.toPrecision(8));
      n.title = String(v);
      td.append(n);
      line.append(td);
    }
    line.append(el("td", "", p.relativeError.toExponential(1)));
    table.append(line);
  }
  out.append(table);
}

/** What the article's loop did (`a`: the article's example from the core, `after`: the trace
 * on its probe x = (1, 5), `from`: the sample it trained on), and — when it started from the
 * article's own weights — the article's printed table beside it (the core reproduces it to
 * the digit) and its recomputation on the probe; else why there is no comparison. */
export function articleLoopResult(a, after, from, fromArticle) {
  const p = el("p");
  const [before, rest] = t("insp.trained", { steps: a.steps, from, x: a.probe.join(", "), t: a.t.join(", "), y: "\u0000", loss: "\u0001" }).split("\u0000");
  const [mid, end] = rest.split("\u0001");
  p.append(before, vec(after.y), mid, num(after.loss), end);
  // The article's own table, from its loop as written (the core reproduces it to the digit).
  const printed = el("div", "printed");
  printed.append(el("p", "hint", t("insp.printed")));
  // (The core's list: W1 2×3, b1, W2 3×2, b2, row by row.)
  let at = 0;
  for (const [name, rows, cols] of [["W1", 2, 3], ["b1", 1, 3], ["W2", 3, 2], ["b2", 1, 2]]) {
    const m = Array.from({ length: rows }, () => a.printed.slice(at, (at += cols)));
    // One matrix row a line, under each other as the article prints them.
    printed.append(el("p", "printed-row", `${name} = ${m.map((r) => `[${r.map((v) => v.toFixed(8)).join(", ")}]`).join("\n" + " ".repeat(name.length + 3))}`));
  }
  // And its recomputation on x = (1, 5) with those weights (the list's last two numbers).
  printed.append(el("p", "hint", t("insp.printedProbe", { x: a.probe.join(", "), y: a.printed.slice(at, at + 2).map((v) => v.toFixed(8)).join(", ") })));
  return [p, ...(fromArticle ? [el("p", "hint", t("insp.trainedNote")), printed] : [el("p", "hint", t("insp.notFromArticle"))])];
}
