// The computation graph as the article draws it (SVG): nodes joined by arrows, left to right,
// the forward value above each arrow and the backward gradient below it in its own colour.
// Layer level by default (x → Affine → activation → … → Softmax-with-Loss → L); a click opens a
// layer into its primitive nodes. Long graphs wrap onto more rows. All numbers come from the
// core's primitive trace; this module only lays them out.
//
// Contract (tests rely on it): every node element carries `data-node` (its kind),
// `data-forward` (its output as JSON, full precision) and, once the backward pass has reached
// it, `data-backward` (∂L/∂output as JSON). Every drawn arrow is an element with
// `data-arrow="<from kind>><to kind>"` (`param` for W, b and t), `data-from` / `data-to` (node
// ids, or the parameter's name), `data-forward` (what it carries) and, once the backward pass
// has come back along it, `data-backward`: the gradient along that arrow. Where a value feeds
// two nodes (softmax's e feeds Σ and ×) each arrow carries its own share, and the node's
// `data-backward` is their sum, drawn under it as such.

import { t } from "./i18n.js";
import { fixed } from "./numbers.js";

const NS = "http://www.w3.org/2000/svg";
const LINE = 14; // px per line of numbers
const CHAR = 6.6; // px per character of numbers (monospace 11px)
const MAX_LINES = 4; // numbers listed per arrow label; longer vectors end in "…"
const ROW_GAP = 26;
const MARGIN = 10;

const SYMBOL = { dot: "dot", add: "+", mul: "×", neg: "×(−1)", exp: "exp", recip: "1/x", log: "log", sum: "Σ", relu: "ReLU", square: "x²", identity: "=" };

const svg = (tag, attrs = {}, text) => {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
};

const fmt = fixed;
/** A vector (or scalar) as label lines. */
function lines(v) {
  const a = Array.isArray(v) ? v : [v];
  if (a.length === 1) return [fmt(a[0])];
  const shown = a.slice(0, a.length > MAX_LINES ? MAX_LINES - 1 : MAX_LINES).map(fmt);
  if (a.length > MAX_LINES) shown.push(`… (${a.length})`);
  return shown;
}
/** JSON of a value: a number for scalars, else an array (full precision). */
const json = (v, scalar) => JSON.stringify(scalar ? v[0] : v);

/** A node's symbol: the operation, with a constant operand inside (+1, ×2, ×(−2)). */
function symbol(n) {
  if (n.kind === "mul" && n.operand && /^[−\-]?\d|½/.test(n.operand)) return `×${n.operand.startsWith("−") ? `(${n.operand})` : n.operand}`;
  if (n.kind === "add" && n.operand && /^\d/.test(n.operand)) return `+${n.operand}`;
  // Softmax's exp of u − max u (only when e^u would overflow; see the core's primitives.rs).
  if (n.kind === "exp" && n.operand === "−max") return "exp(x−max)";
  return SYMBOL[n.kind] ?? n.kind;
}

/** The message key that says what a primitive node computes forward (the add node of an
 * Affine adds b, the one of tanh and sigmoid adds 1). */
function fwdRule(n) {
  if (n.kind === "exp" && n.operand === "−max") return "fwd.expShift";
  if (n.kind === "add" && /^b/.test(n.operand ?? "")) return "fwd.addBias";
  if (n.kind === "add" && /^\d/.test(n.operand ?? "")) return "fwd.addConst";
  return `fwd.${n.kind}`;
}

/** The stage's name as the article writes it. */
export function stageName(s) {
  if (s.kind === "affine") return t("node.affine", { l: s.layer });
  if (s.kind === "loss") return t(s.output === "softmax" ? "node.softmaxLoss" : "node.mse");
  return t(`node.${s.kind}`);
}

/**
 * The drawn elements in flow order for a trace and the set of opened stages:
 * [{id, kind, label, value, grad, scalar, stage, node, operand, rule}] from x to L.
 */
export function elements(pt, open) {
  const out = [{ id: "x", kind: "input", label: "x", value: pt.x, grad: pt.dx, scalar: false, rule: "rule.input" }];
  pt.stages.forEach((s, si) => {
    if (open.has(si)) {
      s.nodes.forEach((n, ni) =>
        out.push({ id: `s${si}n${ni}`, kind: n.kind, label: symbol(n), value: n.value, grad: n.grad, inputGrad: n.inputGrad, scalar: n.scalar, stage: si, node: ni, operand: /^[Wbt]|^−t/.test(n.operand ?? "") ? n.operand : null, operandValue: n.operandValue ?? null, operandGrad: n.operandGrad ?? null, paramGrad: n.paramGrad ?? null, fanOut: s.output === "softmax" && ni === 0, rule: `rule.${n.kind}`, fwd: fwdRule(n) }),
      );
    } else {
      const kind = s.kind;
      const rule = kind === "loss" ? (s.output === "softmax" ? "rule.loss" : "rule.mseLoss") : kind === "linear" ? "rule.identity" : `rule.${kind}`;
      const e = { id: `s${si}`, kind, label: stageName(s), value: s.value, grad: s.grad, inputGrad: s.inputGrad, scalar: kind === "loss", stage: si, rule, collapsed: true };
      // The loss layer shows its y and t under it (its arrow out carries L).
      const vec = (v, f = fmt) => (v.length > 4 ? `(${v.slice(0, 3).map(f).join(", ")}, …)` : `(${v.map(f).join(", ")})`);
      if (kind === "loss") e.yt = [`y = ${vec(pt.y)}`, `t = ${vec(pt.t, (v) => (Number.isInteger(v) ? String(v) : fmt(v)))}`];
      out.push(e);
    }
  });
  out.push({ id: "L", kind: "L", label: "L", value: [pt.loss], grad: [1], inputGrad: [1], scalar: true, rule: "rule.L" });
  return out;
}

/** The lines drawn under a node that feeds two (softmax's e): its gradient is the sum of the
 * two shares that come back, Σ's and ×'s. */
const fanLines = (e) => [t("graph.fanSum"), ...lines(e.grad)];

/** A JSON value of an arrow's vector or matrix: one row is written as a vector. */
const jsonRows = (rows) => JSON.stringify(rows.length === 1 ? rows[0] : rows);

/** The lines of a parameter's gradient drawn over its operand arrow (∂L/∂W1 and the matrix,
 * rows of at most four numbers; a larger one by its shape), or null. */
function paramLines(e) {
  const g = e.paramGrad;
  if (!g) return null;
  const rows = g.length;
  const cols = g[0]?.length ?? 0;
  const head = `∂L/∂${e.operand}` + (rows > 4 || cols > 4 ? ` (${rows}×${cols})` : "");
  const cells = g.flat().map(fmt);
  const wide = Math.max(...cells.map((c) => c.length));
  const row = (r) => (cols > 4 ? [...r.slice(0, 3).map(fmt), "…"] : r.map(fmt)).map((c) => c.padStart(wide)).join(" ");
  const body = rows > 4 ? [...g.slice(0, 2).map(row), "…"] : g.map(row);
  return [head, ...body];
}

/** Arrow label width (px) for the numbers flowing out of element `e`. */
const labelWidth = (e) => Math.max(56, ...[...lines(e.scalar ? e.value[0] : e.value), ...lines(e.scalar ? e.grad[0] : e.grad)].map((s) => s.length * CHAR + 18));
const nodeWidth = (e) =>
  e.collapsed || e.kind === "input" || e.kind === "L"
    ? Math.max(40, e.label.length * 7.5 + 20, ...(e.yt ?? []).map((s) => s.length * CHAR + 12))
    : Math.max(38, e.label.length * 7 + 16, ...(e.fanOut ? fanLines(e).map((s) => s.length * CHAR + 10) : []));

/**
 * Draws the graph into `host` (an element; its width decides the wrapping).
 * `state`: {forward: Set of ids reached forward, backward: Set of ids whose backward step is
 * done (each has sent its gradients back along the arrows into it), current: id or null}.
 * `onToggle(stageIndex)` opens or closes a stage.
 */
export function drawGraph(host, pt, open, state, onToggle) {
  const els = elements(pt, open);
  const width = Math.max(320, host.clientWidth - 4);
  const maxLines = Math.min(MAX_LINES, Math.max(1, ...els.map((e) => lines(e.scalar ? e.value[0] : e.value).length)));
  const band = maxLines * LINE + 6; // label band above and below the arrows
  // (Below a node that feeds two, the sum of its two gradients: the band makes room for it.)
  const fan = els.find((e) => e.fanOut);
  const bandBelow = Math.max(band, fan ? fanLines(fan).length * LINE + 14 : 0);
  const nodeH = 38;
  // Place: each element gets [incoming arrow][node]; a row breaks before an element that
  // would pass `limit`. As few rows as the width allows, and those as even as can be (eight
  // elements on two rows are four and four, not seven and a lone L).
  const sizes = els.map((e, i) => [i === 0 ? 0 : labelWidth(els[i - 1]), nodeWidth(e)]);
  // The runs of elements that belong together: an opened stage's nodes (one layer, one frame),
  // or one element alone; the input goes with what follows it, L with what comes before.
  const runs = [];
  els.forEach((e, i) => {
    const prev = runs.at(-1);
    const opened = e.stage !== undefined && !e.collapsed;
    if (prev && (e.kind === "L" || (opened && (prev.stage === e.stage || prev.input)))) {
      prev.end = i + 1;
      if (opened) (prev.stage = e.stage), (prev.input = false);
    } else runs.push({ stage: opened ? e.stage : undefined, input: e.kind === "input", start: i, end: i + 1 });
  });
  const runWidth = (r) => sizes.slice(r.start, r.end).reduce((sum, [a, w]) => sum + a + w, 0);
  const place = (limit) => {
    let x = MARGIN;
    let row = 0;
    const placed = [];
    for (const r of runs) {
      // A layer that fits on a row of its own starts one rather than being cut in two; a longer
      // one starts one too unless at least half of it fits after what the row holds.
      const w = runWidth(r);
      let fits = 0;
      for (let i = r.start, end = x; i < r.end && (end += sizes[i][0] + sizes[i][1]) <= limit; i++) fits++;
      const fresh = MARGIN + w <= limit ? fits < r.end - r.start : fits < (r.end - r.start) / 2;
      if (r.start > 0 && x > MARGIN && fresh) {
        row++;
        x = MARGIN;
      }
      for (let i = r.start; i < r.end; i++) {
        const [arrow, nw] = sizes[i];
        if (i > 0 && x + arrow + nw > limit && x > MARGIN) {
          row++;
          x = MARGIN;
        }
        placed.push({ e: els[i], row, ax: x, aw: arrow, nx: x + arrow, nw });
        x += arrow + nw;
      }
    }
    return placed;
  };
  let placed = place(width - MARGIN);
  const rows = placed.at(-1).row + 1;
  if (rows > 1) {
    // The narrowest limit that needs no more rows (bisection over the width).
    let lo = MARGIN;
    let hi = width - MARGIN;
    for (let k = 0; k < 20 && hi - lo > 1; k++) {
      const mid = (lo + hi) / 2;
      if (place(mid).at(-1).row + 1 <= rows) hi = mid;
      else lo = mid;
    }
    placed = place(hi);
  }
  // The picture centred in its box (rows made even leave room on the right).
  const shift = Math.max(0, Math.floor((width - MARGIN - Math.max(...placed.map((p) => p.nx + p.nw))) / 2));
  for (const p of placed) (p.ax += shift), (p.nx += shift);
  // Over the rows, the parameters' gradients (dW, db) of opened Affine layers: one block per
  // dot or add node, centred over it (inside the picture), and stacked in levels where blocks
  // would meet. Laid out whether shown yet or not, so the graph does not move as steps go on.
  const blocks = new Map(); // element id → {lines, x0, level}
  const levels = []; // per row
  for (const r of new Set(placed.map((p) => p.row))) {
    const ends = [];
    for (const p of placed.filter((q) => q.row === r)) {
      const pl = paramLines(p.e);
      if (!pl) continue;
      const w = Math.max(...pl.map((s) => s.length)) * CHAR;
      // (A block moved right beside the one it would meet read as one wide matrix with it:
      // it takes a level of its own instead.)
      const x0 = Math.max(2, Math.min(p.nx + p.nw / 2 - w / 2, width - 2 - w));
      let level = ends.findIndex((end) => end + 12 <= x0);
      if (level < 0) level = ends.push(0) - 1;
      ends[level] = x0 + w;
      blocks.set(p.e.id, { lines: pl, x0, level });
    }
    levels[r] = ends.length;
  }
  const blockH = Math.max(0, ...[...blocks.values()].map((b) => b.lines.length)) * LINE + 4;
  // Each row is as tall as its numbers and its blocks need.
  const extraTop = (r) => (levels[r] ? levels[r] * blockH + 6 : 0);
  const rowH = band + bandBelow + nodeH + 30;
  const tops = [4];
  for (let r = 1; r <= rows; r++) tops.push(tops[r - 1] + extraTop(r - 1) + rowH + ROW_GAP);
  const height = tops[rows] - ROW_GAP + 4;
  const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "cg", role: "group" });
  root.append(
    (() => {
      const defs = svg("defs");
      for (const [id, color] of [["arrow", "#555"], ["arrow-cur", "#b7791f"]]) {
        const m = svg("marker", { id: `cg-${id}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
        m.append(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: color }));
        defs.append(m);
      }
      return defs;
    })(),
  );
  const rowTop = (r) => tops[r];
  const midY = (r) => rowTop(r) + extraTop(r) + band + 9 + nodeH / 2;

  // Frames around opened stages (one per row segment), labelled; a click closes them.
  const frames = new Map();
  for (const p of placed) {
    if (p.e.stage === undefined || p.e.collapsed) continue;
    const key = `${p.e.stage}:${p.row}`;
    const f = frames.get(key) ?? { stage: p.e.stage, row: p.row, x0: p.nx, x1: p.nx + p.nw };
    f.x0 = Math.min(f.x0, p.nx);
    f.x1 = Math.max(f.x1, p.nx + p.nw);
    frames.set(key, f);
  }
  for (const f of frames.values()) {
    const s = pt.stages[f.stage];
    // The frame spans the row's band of numbers too (the parameters' gradients stay above it);
    // its name sits below the gradients, or only ⊖ where there is no room for the name.
    const y = rowTop(f.row) + extraTop(f.row) + 2;
    const bottom = midY(f.row) + nodeH / 2 + bandBelow + 10;
    const g = svg("g", { class: "cg-frame", tabindex: 0, role: "button" });
    g.append(svg("rect", { x: f.x0 - 6, y, width: f.x1 - f.x0 + 12, height: bottom - y, rx: 10 }));
    // A narrow frame's name runs on past its right edge, up to the next frame of the row.
    const name = stageName(s) + " ⊖";
    const next = Math.min(width - 4, ...[...frames.values()].filter((o) => o.row === f.row && o.x0 > f.x1).map((o) => o.x0 - 12));
    g.append(svg("text", { x: f.x0 - 2, y: bottom - 3, class: "cg-frame-label" }, name.length * 6.5 <= next - f.x0 + 2 ? name : "⊖"));
    g.append(svg("title", {}, t("graph.close", { name: stageName(s) })));
    const toggle = () => onToggle(f.stage);
    g.addEventListener("click", toggle);
    g.addEventListener("keydown", (ev) => (ev.key === "Enter" || ev.key === " ") && (ev.preventDefault(), toggle()));
    root.append(g);
  }

  const nodeEls = new Map();
  const paramArrows = []; // (drawn after the nodes, over them)
  placed.forEach((p, i) => {
    const { e } = p;
    const y = midY(p.row);
    const reachedF = state.forward.has(e.id);
    const reachedB = state.backward.has(e.id);
    const current = state.current === e.id;
    // The incoming arrow, carrying the previous element's value (above) and gradient (below).
    if (i > 0) {
      const prev = placed[i - 1];
      const pe = prev.e;
      const cur = current || state.current === pe.id;
      const ax0 = p.row === prev.row ? prev.nx + prev.nw : p.ax;
      const arrow = svg("g", { class: "cg-arrow" + (cur ? " current" : ""), "data-arrow": `${pe.kind}>${e.kind}`, "data-from": pe.id, "data-to": e.id, "data-forward": json(pe.value, pe.scalar) });
      // The gradient along this arrow: what this node sends back to the previous one (its
      // share, where the previous one feeds another node too).
      const along = reachedB ? e.inputGrad : null;
      if (along) arrow.setAttribute("data-backward", json(along, pe.scalar));
      if (p.row !== prev.row) {
        // Wrap: from the previous node down the right edge, back along the gap, into this row.
        const py = midY(prev.row);
        const gy = rowTop(p.row) - ROW_GAP / 2;
        arrow.append(svg("path", { d: `M${prev.nx + prev.nw},${py} h8 V${gy} H${MARGIN - 4 + shift} V${y} h4`, class: "cg-wrap" }));
      }
      arrow.append(svg("line", { x1: ax0, y1: y, x2: p.nx - 2, y2: y, "marker-end": `url(#cg-${cur ? "arrow-cur" : "arrow"})` }));
      const cx = (ax0 + p.nx) / 2;
      if (state.forward.has(pe.id)) {
        const fl = lines(pe.scalar ? pe.value[0] : pe.value);
        fl.forEach((s, k) => arrow.append(svg("text", { x: cx, y: y - 6 - (fl.length - 1 - k) * LINE, class: "cg-fwd" }, s)));
      }
      // The gradient under an arrow is ∂L/∂(what the arrow carries) along this arrow: shown from
      // the backward step of the node it flows into, which computes it.
      if (along) {
        const bl = lines(pe.scalar ? along[0] : along);
        bl.forEach((s, k) => arrow.append(svg("text", { x: cx, y: y + 15 + k * LINE, class: "cg-bwd" }, s)));
      }
      arrow.append(svg("title", {}, `${JSON.stringify(pe.scalar ? pe.value[0] : pe.value)}\n∂L/∂· = ${along ? JSON.stringify(pe.scalar ? along[0] : along) : "…"}`));
      root.append(arrow);
    }
    // The node.
    const g = svg("g", { class: `cg-node cg-${e.collapsed ? "layer" : e.kind === "input" || e.kind === "L" ? "end" : "prim"}` + (current ? " current" : "") + (reachedF ? " reached" : ""), "data-node": e.kind, "data-id": e.id });
    g.setAttribute("data-forward", json(e.value, e.scalar));
    if (reachedB) g.setAttribute("data-backward", json(e.grad, e.scalar));
    if (e.collapsed || (e.stage !== undefined && e.kind !== "L")) g.dataset.stage = String(e.stage);
    const x0 = p.nx;
    if (e.collapsed || e.kind === "input" || e.kind === "L") g.append(svg("rect", { x: x0, y: y - nodeH / 2, width: p.nw, height: nodeH, rx: e.collapsed ? 6 : 4 }));
    else g.append(svg("ellipse", { cx: x0 + p.nw / 2, cy: y, rx: p.nw / 2, ry: nodeH / 2 - 1 }));
    g.append(svg("text", { x: x0 + p.nw / 2, y: y + 4, class: "cg-sym" }, e.label));
    if (e.collapsed && e.kind === "loss" && reachedF) {
      // The layer's two inputs as the article writes them: the output y it computes from the
      // last affine's u (softmax's probabilities, or u itself) and the target t; the arrow out
      // carries L.
      e.yt.forEach((text, k) => g.append(svg("text", { x: x0 + p.nw / 2, y: y + nodeH / 2 + 14 + k * LINE, class: "cg-fwd cg-yt" }, text)));
    }
    if (e.fanOut && reachedB) {
      // Two gradients come back to a node that feeds two; its own is their sum (§3.3.2).
      fanLines(e).forEach((text, k) => g.append(svg("text", { x: x0 + p.nw / 2, y: y + nodeH / 2 + 14 + k * LINE, class: "cg-bwd cg-fan-sum" + (k === 0 ? " cg-fan-head" : "") }, text)));
    }
    if (e.operand) {
      // The other input of a dot, add or ×t node comes in from above (W, b, t): an arrow of its
      // own, carrying the parameter forward and its gradient back.
      const top = y - nodeH / 2;
      const pa = svg("g", { class: "cg-arrow cg-param-arrow", "data-arrow": `param>${e.kind}`, "data-from": e.operand, "data-to": e.id });
      if (e.operandValue) pa.setAttribute("data-forward", jsonRows(e.operandValue));
      if (reachedB && e.operandGrad) pa.setAttribute("data-backward", jsonRows(e.operandGrad));
      pa.append(svg("line", { x1: x0 + p.nw / 2, y1: top - 16, x2: x0 + p.nw / 2, y2: top - 2, "marker-end": "url(#cg-arrow)", class: "cg-operand" }));
      pa.append(svg("text", { x: x0 + p.nw / 2, y: top - 19, class: "cg-op" }, e.operand));
      paramArrows.push(pa);
      // Its gradient, once the backward step of this node has computed it (dW = xᵀ·δ at the
      // dot node, db = δ at the add node): over the row, the dot's to the left of its arrow,
      // the add's to the right, so the two never meet.
      // Before that, its name alone, greyed, holds the place the numbers will take.
      const b = blocks.get(e.id);
      if (b) {
        const cx = x0 + p.nw / 2;
        const base = rowTop(p.row) + extraTop(p.row) - 4 - b.level * blockH;
        const shown = reachedB ? b.lines : b.lines.slice(0, 1);
        if (reachedB) g.setAttribute("data-param-grad", JSON.stringify(e.paramGrad));
        const cls = reachedB ? "cg-bwd cg-param" : "cg-param cg-param-pending";
        const y0 = base - (b.lines.length - 1) * LINE;
        shown.forEach((s, k) => g.append(svg("text", { x: b.x0, y: y0 + k * LINE, class: cls + (k === 0 ? " cg-param-head" : "") }, s)));
        if (reachedB) g.append(svg("line", { x1: cx, y1: base + 4, x2: cx, y2: top - 30, class: "cg-param-link" }));
      }
    }
    g.append(svg("title", {}, t(e.rule, { l: pt.stages[e.stage]?.layer ?? "" }) + (e.collapsed ? "\n" + t("graph.open", { name: e.label }) : "")));
    if (e.collapsed) {
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", t("graph.open", { name: e.label }));
      const toggle = () => onToggle(e.stage);
      g.addEventListener("click", toggle);
      g.addEventListener("keydown", (ev) => (ev.key === "Enter" || ev.key === " ") && (ev.preventDefault(), toggle()));
    }
    root.append(g);
    nodeEls.set(e.id, g);
  });
  root.append(...paramArrows);
  // Softmax's product y = e · 1/Σ also takes e straight from the exp node: a second arrow over
  // the top when both are on one row.
  for (const p of placed) {
    const n = p.e.stage !== undefined && !p.e.collapsed ? pt.stages[p.e.stage].nodes[p.e.node] : null;
    if (!n || n.kind !== "mul" || n.operand !== "×") continue;
    const src = placed.find((q) => q.e.stage === p.e.stage && q.e.node === 0);
    const top = midY(p.row) - nodeH / 2;
    // An arrow of its own, e → ×, with the × branch's share of ∂L/∂e once × has sent it back.
    const share = state.backward.has(p.e.id) && p.e.operandGrad ? p.e.operandGrad[0] : null;
    const a = svg("g", { class: "cg-arrow cg-skip-arrow", "data-arrow": `exp>${p.e.kind}`, "data-from": src ? src.e.id : "", "data-to": p.e.id, "data-forward": JSON.stringify(p.e.operandValue?.[0] ?? n.value) });
    if (share) a.setAttribute("data-backward", JSON.stringify(share));
    const shareText = share ? `(${share.map(fmt).join(", ")})` : null;
    if (src && src.row === p.row) {
      const x0 = src.nx + src.nw / 2;
      const x1 = p.nx + p.nw / 2;
      a.append(svg("path", { d: `M${x0},${top} C${x0},${top - 34} ${x1},${top - 34} ${x1},${top - 2}`, class: "cg-skip", "marker-end": "url(#cg-arrow)" }));
      // (Above the values on the arrows it passes over: e's, the tallest, lift it.)
      if (shareText) a.append(svg("text", { x: (x0 + x1) / 2, y: top - 30 - Math.max(0, lines(src.e.value).length - 2) * LINE, class: "cg-bwd cg-share" }, shareText));
    } else {
      const x1 = p.nx + p.nw / 2;
      a.append(svg("line", { x1, y1: top - 16, x2: x1, y2: top - 2, class: "cg-operand", "marker-end": "url(#cg-arrow)" }));
      a.append(svg("text", { x: x1, y: top - 19, class: "cg-op" }, "exp"));
      if (shareText) a.append(svg("text", { x: x1, y: top - 33, class: "cg-bwd cg-share" }, shareText));
    }
    a.append(svg("title", {}, t("graph.share", { share: shareText ?? "…" })));
    root.append(a);
  }
  host.replaceChildren(root);
  return { elements: els, nodeEls };
}
