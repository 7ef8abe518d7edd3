// The lesson's two small pictures: §1's error curve E(w) of one weight with its tangent and
// gradient-descent steps, and §2's graph of z = t², t = x + y. The values come from the core
// (a lesson-only copy of the article's network, and `Playground.warmUp`).

import { el, svg } from "./dom.js";
import { t } from "./i18n.js";
import { repr, dec8 } from "./lesson-math.js";


// §1: the weight W1[0][0] (the article's w₁₁ from x₁ to the first hidden unit).
const PARAM = "W1[0][0]";
const RATES = [0.01, 0.1, 0.5, 1];
const W_MIN = -0.5;
const W_MAX = 1.5;
const POINTS = 81;

/** E and ∂E/∂w at weight `w` (the other weights the article's), from the core. */
function at(ctx, w) {
  const { pg, L } = ctx;
  pg.setParam(PARAM, w);
  const tr = pg.trace(L.x[0], L.x[1], L.label);
  return { w, e: tr.loss, g: tr.layers[0].dw[0][0] };
}

export function lessonPlot(ctx, num) {
  const start = ctx.L.weights[0].weights[0][0];
  let rate = 0.5;
  let path = [at(ctx, start)];
  let curve = null;
  const box = el("div", { className: "lesson-plot" });
  const readout = el("div", { className: "lesson-readout", aria: { live: "polite" } });
  const select = el(
    "select",
    { id: "lesson-rate", onchange: () => ((rate = Number(select.value)), draw()) },
    RATES.map((r) => el("option", { value: String(r), selected: r === rate }, [String(r)])),
  );
  const step = el("button", { type: "button", id: "lesson-descend", onclick: () => {
    const last = path.at(-1);
    // One gradient-descent step on this one weight: w ← w − η·∂E/∂w (E and its slope at the
    // new weight are the core's).
    const next = Math.min(W_MAX, Math.max(W_MIN, last.w - rate * last.g));
    path.push(at(ctx, next));
    draw();
  } }, [t("lesson.s1.step")]);
  const again = el("button", { type: "button", id: "lesson-descend-reset", onclick: () => ((path = [at(ctx, start)]), draw()) }, [t("lesson.s1.again")]);
  const controls = el("div", { className: "lesson-plot-controls" }, [el("label", {}, ["η ", select]), step, again]);

  const draw = () => {
    if (!curve) {
      curve = [];
      for (let i = 0; i < POINTS; i++) curve.push(at(ctx, W_MIN + ((W_MAX - W_MIN) * i) / (POINTS - 1)));
    }
    const W = 360;
    const H = 210;
    const pad = { l: 44, r: 10, t: 10, b: 40 }; // (room for a phone's larger ticks)
    const eMax = Math.max(...curve.map((c) => c.e));
    const X = (w) => pad.l + ((w - W_MIN) / (W_MAX - W_MIN)) * (W - pad.l - pad.r);
    const Y = (e) => pad.t + (1 - e / eMax) * (H - pad.t - pad.b);
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "lesson-curve", role: "img", "aria-label": t("lesson.s1.plot") });
    root.append(svg("line", { x1: pad.l, y1: H - pad.b, x2: W - pad.r, y2: H - pad.b, class: "axis" }));
    root.append(svg("line", { x1: pad.l, y1: pad.t, x2: pad.l, y2: H - pad.b, class: "axis" }));
    for (const w of [-0.5, 0, 0.5, 1, 1.5]) root.append(svg("text", { x: X(w), y: H - pad.b + 16, class: "tick" }, String(w)));
    for (const e of [0, eMax / 2, eMax]) root.append(svg("text", { x: pad.l - 4, y: Y(e) + 4, class: "tick tick-y" }, e.toFixed(2)));
    root.append(svg("text", { x: W - pad.r, y: H - 4, class: "tick tick-x" }, "w = W1[0][0]"));
    root.append(svg("text", { x: pad.l + 4, y: pad.t + 10, class: "tick tick-l" }, "E(w)"));
    root.append(svg("path", { d: curve.map((c, i) => `${i ? "L" : "M"}${X(c.w).toFixed(1)},${Y(c.e).toFixed(1)}`).join(" "), class: "curve" }));
    const cur = path.at(-1);
    // The tangent at the current weight: E + ∂E/∂w·(v − w), drawn ±0.35 around it.
    const span = 0.35;
    root.append(svg("line", { x1: X(cur.w - span), y1: Y(cur.e - cur.g * span), x2: X(cur.w + span), y2: Y(cur.e + cur.g * span), class: "tangent" }));
    path.forEach((p, i) => {
      if (i) root.append(svg("line", { x1: X(path[i - 1].w), y1: Y(path[i - 1].e), x2: X(p.w), y2: Y(p.e), class: "descent" }));
      root.append(svg("circle", { cx: X(p.w), cy: Y(p.e), r: i === path.length - 1 ? 5 : 3, class: i === path.length - 1 ? "here" : "was" }));
    });
    box.replaceChildren(root);
    // The numbers: at the article's weight they are the lesson's (keyed); after steps, this curve's.
    const first = path.length === 1;
    const n = (v, key) => (first && key ? num(key) : el("span", { className: "ln", dataset: { value: String(v) } }, [dec8(v).replace(/^-/, "−")]));
    readout.replaceChildren(
      el("span", {}, [t("lesson.s1.steps", { n: path.length - 1 }), " · w = ", n(cur.w, "weights.0.weights.0.0")]),
      el("span", {}, [" · E = ", n(cur.e, "sample.trace.loss")]),
      el("span", {}, [" · ∂E/∂w = ", n(cur.g, "sample.trace.layers.0.dw.0.0")]),
      el("span", {}, [" · −η·∂E/∂w = ", el("span", { className: "ln" }, [dec8(-rate * cur.g).replace(/^-/, "−")])]),
    );
  };
  return { node: el("div", { className: "lesson-plot-box" }, [box, readout, controls, el("p", { className: "hint" }, [t("lesson.s1.plotHint")])]), draw };
}

/** §2's graph: x and y into +, t into x², z out; forward values above the arrows and, with
 * `backward`, the gradients below. */
export function warmGraph(w, backward) {
  const root = svg("svg", { viewBox: "0 0 400 150", class: "cg warm lesson-warm", role: "img", "aria-label": "z = t², t = x + y" });
  const defs = svg("defs");
  const m = svg("marker", { id: `lw-arrow-${backward ? "b" : "f"}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto" });
  m.append(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#555" }));
  defs.append(m);
  root.append(defs);
  const fmt = (v) => repr(v).replace(/^-/, "−");
  const arrow = (x1, y1, x2, y2, fwd, bwd) => {
    const g = svg("g", { class: "cg-arrow" });
    g.append(svg("line", { x1, y1, x2, y2, "marker-end": `url(#lw-arrow-${backward ? "b" : "f"})` }));
    const cx = (x1 + x2) / 2;
    const cy = (y1 + y2) / 2;
    g.append(svg("text", { x: cx, y: cy - 7, class: "cg-fwd" }, fwd));
    if (backward) g.append(svg("text", { x: cx, y: cy + 16, class: "cg-bwd" }, bwd));
    root.append(g);
  };
  const node = (kind, cx, cy, label, forward, grad, end) => {
    const g = svg("g", { class: `cg-node ${end ? "cg-end" : "cg-prim"} reached`, "data-node": kind, "data-forward": JSON.stringify(forward) });
    if (backward) g.setAttribute("data-backward", JSON.stringify(grad));
    g.append(end ? svg("rect", { x: cx - 15, y: cy - 15, width: 30, height: 30, rx: 4 }) : svg("ellipse", { cx, cy, rx: 22, ry: 17 }));
    g.append(svg("text", { x: cx, y: cy + 4, class: "cg-sym" }, label));
    root.append(g);
  };
  node("input", 20, 35, "x", w.x, w.dzDx, true);
  node("input", 20, 115, "y", w.y, w.dzDy, true);
  node("add", 170, 75, "+", w.t, w.dzDt);
  node("square", 290, 75, "x²", w.z, 1);
  node("output", 378, 75, "z", w.z, 1, true);
  arrow(36, 40, 148, 70, `x = ${fmt(w.x)}`, `∂z/∂x = ${fmt(w.dzDx)}`);
  arrow(36, 110, 148, 82, `y = ${fmt(w.y)}`, `∂z/∂y = ${fmt(w.dzDy)}`);
  arrow(192, 75, 266, 75, `t = ${fmt(w.t)}`, `∂z/∂t = ${fmt(w.dzDt)}`);
  arrow(312, 75, 361, 75, fmt(w.z), "1");
  return root;
}

/** §3.1's Affine layer with the shapes on its arrows (the code's convention: x a 1×2 row, W
 * 2×3): forward shapes above, the gradients' shapes and products below. */
export function shapeGraph() {
  const root = svg("svg", { viewBox: "0 0 560 210", class: "cg warm lesson-shapes", role: "img", "aria-label": "x (1×2) · W (2×3) + b (1×3) = u (1×3)" });
  const defs = svg("defs");
  const m = svg("marker", { id: "ls-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto" });
  m.append(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#555" }));
  defs.append(m);
  root.append(defs);
  const y = 120;
  const line = (x1, y1, x2, y2) => root.append(svg("line", { x1, y1, x2, y2, "marker-end": "url(#ls-arrow)", class: "cg-arrow-line" }));
  const label = (x, yy, text, cls) => root.append(svg("text", { x, y: yy, class: cls }, text));
  const box = (cx, text) => {
    root.append(svg("rect", { x: cx - 16, y: y - 16, width: 32, height: 32, rx: 4, class: "ls-node" }));
    label(cx, y + 5, text, "cg-sym");
  };
  const oval = (cx, text) => {
    root.append(svg("ellipse", { cx, cy: y, rx: 24, ry: 17, class: "ls-node" }));
    label(cx, y + 5, text, "cg-sym");
  };
  box(30, "x");
  oval(210, "dot");
  oval(380, "+");
  box(530, "u");
  line(46, y, 184, y);
  line(234, y, 354, y);
  line(404, y, 512, y);
  line(210, 62, 210, y - 19);
  line(380, 62, 380, y - 19);
  label(115, y - 8, "x (1×2)", "cg-fwd");
  label(294, y - 8, "x·W (1×3)", "cg-fwd");
  label(458, y - 8, "u (1×3)", "cg-fwd");
  label(210, 30, "W (2×3)", "cg-fwd");
  label(380, 30, "b (1×3)", "cg-fwd");
  label(210, 50, "∂L/∂W = xᵀ·∂L/∂u: (2×1)(1×3) = (2×3)", "cg-bwd");
  label(405, 50, "∂L/∂b (1×3)", "cg-bwd");
  label(115, y + 20, "∂L/∂x = ∂L/∂u·Wᵀ", "cg-bwd");
  label(115, y + 36, "(1×3)(3×2) = (1×2)", "cg-bwd");
  label(294, y + 20, "∂L/∂u (1×3)", "cg-bwd");
  label(458, y + 20, "∂L/∂u (1×3)", "cg-bwd");
  return root;
}
