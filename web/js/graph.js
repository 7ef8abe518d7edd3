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
import { LINE, MARGIN, ROW_GAP, NODE_H, fmt, lines, fanLines, layout } from "./graph-layout.js";
import { svg } from "./dom.js";

const SYMBOL = { dot: "dot", add: "+", mul: "×", neg: "×(−1)", exp: "exp", recip: "1/x", log: "log", sum: "Σ", relu: "ReLU", square: "x²", identity: "=" };


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

/** A layer toggle's name: the stage, with its layer where the name alone repeats (ReLU). */
const toggleName = (s) => (s.kind === "affine" || s.kind === "loss" ? stageName(s) : t("graph.stageOfLayer", { name: stageName(s), l: s.layer }));

/** Makes `g` a layer's toggle (a button named after the layer, and the graph's `label` where a
 * page shows two graphs, saying whether it is open); click, Enter and Space call `toggle`. */
function toggleButton(g, s, expanded, toggle, label) {
  g.setAttribute("tabindex", "0");
  g.setAttribute("role", "button");
  g.setAttribute("aria-label", label ? t("graph.toggleIn", { name: toggleName(s), graph: label }) : toggleName(s));
  g.setAttribute("aria-expanded", String(expanded));
  toggles(g, toggle);
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

/** A JSON value of an arrow's vector or matrix: one row is written as a vector. */
const jsonRows = (rows) => JSON.stringify(rows.length === 1 ? rows[0] : rows);

/** The arrow heads, plain and current. */
function markers() {
  const defs = svg("defs");
  for (const [id, color] of [["arrow", "#555"], ["arrow-cur", "#b7791f"]]) {
    const m = svg("marker", { id: `cg-${id}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
    m.append(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: color }));
    defs.append(m);
  }
  return defs;
}

/** Frames around opened stages (one per row segment), labelled; a click closes them. */
function drawFrames(root, geo, pt, onToggle, label) {
  const frames = new Map();
  for (const p of geo.placed) {
    if (p.e.stage === undefined || p.e.collapsed) continue;
    const key = `${p.e.stage}:${p.row}`;
    const f = frames.get(key) ?? { stage: p.e.stage, row: p.row, x0: p.nx, x1: p.nx + p.nw };
    f.x0 = Math.min(f.x0, p.nx);
    f.x1 = Math.max(f.x1, p.nx + p.nw);
    frames.set(key, f);
  }
  const toggled = new Set();
  for (const f of frames.values()) {
    const s = pt.stages[f.stage];
    // The frame spans the row's band of numbers too (the parameters' gradients stay above it);
    // its name sits below the gradients, or only ⊖ where there is no room for the name.
    const y = geo.blockTop(f.row) + 2;
    const bottom = geo.midY(f.row) + NODE_H / 2 + geo.bandBelow + 10;
    const g = svg("g", { class: "cg-frame" });
    g.append(svg("rect", { x: f.x0 - 6, y, width: f.x1 - f.x0 + 12, height: bottom - y, rx: 10 }));
    // A narrow frame's name runs on past its right edge, up to the next frame of the row.
    const name = stageName(s) + " ⊖";
    const next = Math.min(geo.width - 4, ...[...frames.values()].filter((o) => o.row === f.row && o.x0 > f.x1).map((o) => o.x0 - 12));
    g.append(svg("text", { x: f.x0 - 2, y: bottom - 3, class: "cg-frame-label" }, name.length * 6.5 <= next - f.x0 + 2 ? name : "⊖"));
    g.append(svg("title", {}, t("graph.close", { name: stageName(s) })));
    // (A layer over two rows has two frames: the first is its one button, the other clicks.)
    if (toggled.has(f.stage)) g.addEventListener("click", () => onToggle(f.stage));
    else toggleButton(g, s, true, () => onToggle(f.stage), label);
    toggled.add(f.stage);
    root.append(g);
  }
}

/** Click, Enter and Space on `g` call `toggle`. */
function toggles(g, toggle) {
  g.addEventListener("click", toggle);
  g.addEventListener("keydown", (ev) => (ev.key === "Enter" || ev.key === " ") && (ev.preventDefault(), toggle()));
}

/** The arrow into placed element `p` from `prev`, carrying prev's value (above) and, once p's
 * backward step is done, the gradient along this arrow (below): p's share where prev feeds
 * another node too. */
function drawArrow(root, geo, prev, p, state) {
  const { e } = p;
  const pe = prev.e;
  const y = geo.midY(p.row);
  const cur = state.current === e.id || state.current === pe.id;
  const ax0 = p.row === prev.row ? prev.nx + prev.nw : p.ax;
  const arrow = svg("g", { class: "cg-arrow" + (cur ? " current" : ""), "data-arrow": `${pe.kind}>${e.kind}`, "data-from": pe.id, "data-to": e.id, "data-forward": json(pe.value, pe.scalar) });
  const along = state.backward.has(e.id) ? e.inputGrad : null;
  if (along) arrow.setAttribute("data-backward", json(along, pe.scalar));
  if (p.row !== prev.row) {
    // Wrap: from the previous node down the right edge, back along the gap, into this row.
    const py = geo.midY(prev.row);
    const gy = geo.rowTop(p.row) - ROW_GAP / 2;
    arrow.append(svg("path", { d: `M${prev.nx + prev.nw},${py} h8 V${gy} H${MARGIN - 4 + geo.shift} V${y} h4`, class: "cg-wrap" }));
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

/** The other input of a dot, add or ×t node, from above (W, b, t): an arrow of its own
 * carrying the parameter forward and its gradient back; and over the row, the parameter's
 * gradient once this node's backward step has computed it (dW = xᵀ·δ at the dot node,
 * db = δ at the add node) — before that its name alone, greyed, holds the place. */
function drawOperand(g, geo, p, reachedB) {
  const { e } = p;
  const x0 = p.nx;
  const top = geo.midY(p.row) - NODE_H / 2;
  const pa = svg("g", { class: "cg-arrow cg-param-arrow", "data-arrow": `param>${e.kind}`, "data-from": e.operand, "data-to": e.id });
  if (e.operandValue) pa.setAttribute("data-forward", jsonRows(e.operandValue));
  if (reachedB && e.operandGrad) pa.setAttribute("data-backward", jsonRows(e.operandGrad));
  pa.append(svg("line", { x1: x0 + p.nw / 2, y1: top - 16, x2: x0 + p.nw / 2, y2: top - 2, "marker-end": "url(#cg-arrow)", class: "cg-operand" }));
  pa.append(svg("text", { x: x0 + p.nw / 2, y: top - 19, class: "cg-op" }, e.operand));
  const b = geo.blocks.get(e.id);
  if (b) {
    const cx = x0 + p.nw / 2;
    const base = geo.blockTop(p.row) - 4 - b.level * geo.blockH;
    const shown = reachedB ? b.lines : b.lines.slice(0, 1);
    if (reachedB) g.setAttribute("data-param-grad", JSON.stringify(e.paramGrad));
    const cls = reachedB ? "cg-bwd cg-param" : "cg-param cg-param-pending";
    const y0 = base - (b.lines.length - 1) * LINE;
    shown.forEach((s, k) => g.append(svg("text", { x: b.x0, y: y0 + k * LINE, class: cls + (k === 0 ? " cg-param-head" : "") }, s)));
    if (reachedB) g.append(svg("line", { x1: cx, y1: base + 4, x2: cx, y2: top - 30, class: "cg-param-link" }));
  }
  return pa;
}

/** Placed element `p`'s node: its shape and symbol, what it computed, the two gradients that
 * came back where it feeds two nodes, and its operand arrow (returned, drawn over the nodes). */
function drawNode(root, geo, p, pt, state, onToggle) {
  const { e } = p;
  const y = geo.midY(p.row);
  const reachedF = state.forward.has(e.id);
  const reachedB = state.backward.has(e.id);
  const current = state.current === e.id;
  const box = e.collapsed || e.kind === "input" || e.kind === "L";
  const g = svg("g", { class: `cg-node cg-${e.collapsed ? "layer" : box ? "end" : "prim"}` + (current ? " current" : "") + (reachedF ? " reached" : ""), "data-node": e.kind, "data-id": e.id, "data-row": p.row });
  g.setAttribute("data-forward", json(e.value, e.scalar));
  if (reachedB) g.setAttribute("data-backward", json(e.grad, e.scalar));
  if (e.collapsed || (e.stage !== undefined && e.kind !== "L")) g.dataset.stage = String(e.stage);
  const x0 = p.nx;
  const cx = x0 + p.nw / 2;
  if (box) g.append(svg("rect", { x: x0, y: y - NODE_H / 2, width: p.nw, height: NODE_H, rx: e.collapsed ? 6 : 4 }));
  else g.append(svg("ellipse", { cx, cy: y, rx: p.nw / 2, ry: NODE_H / 2 - 1 }));
  g.append(svg("text", { x: cx, y: y + 4, class: "cg-sym" }, e.label));
  const below = (k) => y + NODE_H / 2 + 14 + k * LINE;
  // The loss layer's two inputs as the article writes them: the output y it computes from the
  // last affine's u (softmax's probabilities, or u itself) and the target t; the arrow out
  // carries L. (Beside the node, not in it: the node is the layer's button, named as the layer.)
  if (e.collapsed && e.kind === "loss" && reachedF) e.yt.forEach((text, k) => root.append(svg("text", { x: cx, y: below(k), class: "cg-fwd cg-yt" }, text)));
  // Two gradients come back to a node that feeds two; its own is their sum (§3.3.2).
  if (e.fanOut && reachedB) fanLines(e).forEach((text, k) => g.append(svg("text", { x: cx, y: below(k), class: "cg-bwd cg-fan-sum" + (k === 0 ? " cg-fan-head" : "") }, text)));
  const operand = e.operand ? drawOperand(g, geo, p, reachedB) : null;
  g.append(svg("title", {}, t(e.rule, { l: pt.stages[e.stage]?.layer ?? "" }) + (e.collapsed ? "\n" + t("graph.open", { name: e.label }) : "")));
  if (e.collapsed) toggleButton(g, pt.stages[e.stage], false, () => onToggle(e.stage), state.label);
  root.append(g);
  return { g, operand };
}

/** Softmax's product y = e · 1/Σ also takes e straight from the exp node: an arrow of its own,
 * e → ×, over the top when both are on one row (else from above, named), with the × branch's
 * share of ∂L/∂e once × has sent it back. */
function drawSkipArrows(root, geo, pt, state) {
  for (const p of geo.placed) {
    const n = p.e.stage !== undefined && !p.e.collapsed ? pt.stages[p.e.stage].nodes[p.e.node] : null;
    if (!n || n.kind !== "mul" || n.operand !== "×") continue;
    const src = geo.placed.find((q) => q.e.stage === p.e.stage && q.e.node === 0);
    const top = geo.midY(p.row) - NODE_H / 2;
    const share = state.backward.has(p.e.id) && p.e.operandGrad ? p.e.operandGrad[0] : null;
    const a = svg("g", { class: "cg-arrow cg-skip-arrow", "data-arrow": `exp>${p.e.kind}`, "data-from": src ? src.e.id : "", "data-to": p.e.id, "data-forward": JSON.stringify(p.e.operandValue?.[0] ?? n.value) });
    if (share) a.setAttribute("data-backward", JSON.stringify(share));
    const shareText = share ? `(${share.map(fmt).join(", ")})` : null;
    const x1 = p.nx + p.nw / 2;
    if (src && src.row === p.row) {
      const x0 = src.nx + src.nw / 2;
      a.append(svg("path", { d: `M${x0},${top} C${x0},${top - 34} ${x1},${top - 34} ${x1},${top - 2}`, class: "cg-skip", "marker-end": "url(#cg-arrow)" }));
      // (Above the values on the arrows it passes over: e's, the tallest, lift it.)
      if (shareText) a.append(svg("text", { x: (x0 + x1) / 2, y: top - 30 - Math.max(0, lines(src.e.value).length - 2) * LINE, class: "cg-bwd cg-share" }, shareText));
    } else {
      a.append(svg("line", { x1, y1: top - 16, x2: x1, y2: top - 2, class: "cg-operand", "marker-end": "url(#cg-arrow)" }));
      a.append(svg("text", { x: x1, y: top - 19, class: "cg-op" }, "exp"));
      if (shareText) a.append(svg("text", { x: x1, y: top - 33, class: "cg-bwd cg-share" }, shareText));
    }
    a.append(svg("title", {}, t("graph.share", { share: shareText ?? "…" })));
    root.append(a);
  }
}

/**
 * Draws the graph into `host` (an element; its width decides the wrapping).
 * `state`: {forward: Set of ids reached forward, backward: Set of ids whose backward step is
 * done (each has sent its gradients back along the arrows into it), current: id or null,
 * label: the graph's name where a page shows more than one (its toggles' names say it)}.
 * `onToggle(stageIndex)` opens or closes a stage.
 */
export function drawGraph(host, pt, open, state, onToggle) {
  const els = elements(pt, open);
  const geo = layout(els, Math.max(320, host.clientWidth - 4));
  const root = svg("svg", { width: geo.width, height: geo.height, viewBox: `0 0 ${geo.width} ${geo.height}`, class: "cg", role: "group" });
  // (Where each row begins: presenting, a tall graph is shown row by row, present.js.)
  root.dataset.rowTops = JSON.stringify(Array.from({ length: geo.rows }, (_, r) => Math.max(0, geo.rowTop(r) - 4)));
  root.append(markers());
  drawFrames(root, geo, pt, onToggle, state.label);
  const nodeEls = new Map();
  const operands = []; // (drawn after the nodes, over them)
  geo.placed.forEach((p, i) => {
    if (i > 0) drawArrow(root, geo, geo.placed[i - 1], p, state);
    const { g, operand } = drawNode(root, geo, p, pt, state, onToggle);
    if (operand) operands.push(operand);
    nodeEls.set(p.e.id, g);
  });
  root.append(...operands);
  drawSkipArrows(root, geo, pt, state);
  host.replaceChildren(root);
  return { elements: els, nodeEls };
}
